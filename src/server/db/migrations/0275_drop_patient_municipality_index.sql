-- patient(municipality_number) (migration 0001) has no reader: every query joins patient to
-- municipality from the patient side (patient → municipality by the municipality's primary key), and
-- none selects patients by municipality (the analytics read referral.patient_area_id). Municipalities
-- are reference data that are only ever inserted (directory/reference-data.ts, ON CONFLICT DO
-- NOTHING), so the foreign key never has to look up patients by municipality either. EXPLAIN checked
-- on a generated region of 1 M referrals (600,000 patients): the patient searches use
-- patient_birth_date_idx and patient_name_idx. One index less to build after a bulk load (about
-- 1 CPU-second per 600,000 patients) and to keep on every new patient.
DROP INDEX IF EXISTS patient_municipality_idx;
