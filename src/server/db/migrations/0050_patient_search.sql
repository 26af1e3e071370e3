-- Finding a patient by name and birth date (the referral form), and logging a list of patients
-- as one access-log row.
--
-- A search result list is one access: one row that names every patient it showed (patient_ids),
-- instead of one row per hit. "Who looked at my record" still finds it (GIN index below).
-- Exactly one of patient_id / patient_ids is set. Existing rows all have patient_id.
ALTER TABLE access_log ALTER COLUMN patient_id DROP NOT NULL;
ALTER TABLE access_log ADD COLUMN patient_ids text[];
ALTER TABLE access_log ADD CONSTRAINT access_log_one_patient_or_list CHECK ((patient_id IS NULL) <> (patient_ids IS NULL));
CREATE INDEX access_log_patient_ids_idx ON access_log USING gin (patient_ids);

-- Name + birth date lookups read one day's births, then compare names.
CREATE INDEX patient_birth_date_idx ON patient(birth_date);
