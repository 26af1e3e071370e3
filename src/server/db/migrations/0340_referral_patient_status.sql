-- A name search in the vetting inbox, the booking queue and "Mine henvisninger" first looks up the
-- matching patients, then filters the list's referrals by patient id (assessment/store.ts
-- searchCondition, issue 8). This index lets the page's count read just those patients' referrals
-- with their status and department off the index (an index-only scan), instead of intersecting a
-- bitmap of them with a bitmap of every open referral of the departments.
CREATE INDEX referral_patient_status_idx ON referral(patient_id, status, department_org_id);
-- referral_patient_idx (patient_id alone, 0001) is a prefix of referral_patient_page_idx (0060)
-- and of the index above: every lookup by patient (and the foreign key's checks) can use those, so
-- it goes — the referral table keeps the same number of indexes to build and to write (the
-- generator's load builds every secondary index after the COPY; docs/analytics.md).
DROP INDEX IF EXISTS referral_patient_idx;
