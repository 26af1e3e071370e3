-- Two lists whose cost followed the table instead of the page (issue 10; EXPLAIN on a generated
-- region of 1 M referrals, 600,000 patients, 917,000 exams):
--
-- 1. The patient search by name among the patients a person may see (directory/store.ts#
--    searchEntitledPatients) walked patient_name_idx in name order and tested every patient for
--    "my list patient, or a referral I may see": 170,000–600,000 patients read per search, even
--    for a GP (0.3–0.7 s on a quiet machine). It now gathers the person's patients first — their
--    list patients (this index) and the patients of the referrals they may see (the referral
--    indexes by referrer, practice and department) — and filters those by name: about 2,500 rows
--    for a GP (30–40 ms); a department's patients for its staff (45,000 at the largest, 0.3–0.5 s,
--    still less than the walk). Partial: patients without a GP are never looked up by GP.
-- 2. A department's performed exams without a report (reporting/store.ts#unreportedExams) walked
--    exam_performed_idx backwards over every department's exams, or scanned the table for a small
--    department (305,000 rows filtered per worker, 80–130 ms). Exams without a report are the few
--    of the last days, so the partial index holds only them (a few thousand rows at 1 M): the page
--    is read straight from it.
CREATE INDEX patient_gp_idx ON patient(gp_person_id) WHERE gp_person_id IS NOT NULL;
CREATE INDEX exam_unreported_idx ON exam(performing_org_id, performed_at DESC) WHERE reported_at IS NULL;
