-- exam_referral_idx (exam.referral_id, migration 0001) is a prefix of exam_patient_lookup_idx
-- (exam.referral_id, performed_at, migration 0130): every lookup of a referral's exams, and the
-- foreign-key check when a referral is deleted, can use the longer index. Keeping both cost one
-- more index to maintain per exam written and one more sort in the generator's index rebuild.
DROP INDEX IF EXISTS exam_referral_idx;
