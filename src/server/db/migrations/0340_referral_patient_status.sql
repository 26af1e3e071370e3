-- A name search in the vetting inbox, the booking queue and "Mine henvisninger" first looks up the
-- matching patients, then filters the list's referrals by patient id (assessment/store.ts
-- searchCondition, issue 8). This index lets the page's count read just those patients' referrals
-- with their status and department off the index (an index-only scan), instead of intersecting a
-- bitmap of them with a bitmap of every open referral of the departments.
CREATE INDEX referral_patient_status_idx ON referral(patient_id, status, department_org_id);
