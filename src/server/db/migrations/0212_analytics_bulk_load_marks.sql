-- Management data (issue 10): bulk loads into empty tables without the change-mark triggers.
-- The insert triggers of migration 0100 keep a transition table of every inserted row: for a
-- COPY of 50,000 referrals that is ~20 MB written to a temporary file and read back only to find
-- a few (year, area) slices (measured on an unindexed copy of referral, 200,000 rows by
-- INSERT … SELECT: 570–720 ms with the trigger, 390–550 ms without; machine under load). The synthetic loader (src/server/synthetic/load.ts), when it
-- fills empty tables, drops the two insert triggers for the load and afterwards recreates them and
-- marks every slice at once (one pass over each table). Disabling a trigger is not enough: the
-- transition table is still captured for a disabled trigger.
CREATE FUNCTION analytics_suspend_insert_marks() RETURNS void AS $$
BEGIN
  DROP TRIGGER IF EXISTS analytics_referral_insert ON referral;
  DROP TRIGGER IF EXISTS analytics_exam_insert ON exam;
END;
$$ LANGUAGE plpgsql;

-- Recreates the insert triggers exactly as 0100 made them (firing in every replication mode) and
-- marks every slice that has referrals or exams. Safe to call when they exist.
CREATE FUNCTION analytics_resume_insert_marks() RETURNS void AS $$
BEGIN
  CREATE OR REPLACE TRIGGER analytics_referral_insert AFTER INSERT ON referral
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_referrals();
  ALTER TABLE referral ENABLE ALWAYS TRIGGER analytics_referral_insert;
  CREATE OR REPLACE TRIGGER analytics_exam_insert AFTER INSERT ON exam
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_exams();
  ALTER TABLE exam ENABLE ALWAYS TRIGGER analytics_exam_insert;
  INSERT INTO analytics_dirty (year, area_id)
    SELECT DISTINCT extract(year FROM coalesce(submitted_at, created_at) AT TIME ZONE 'UTC')::int, coalesce(patient_area_id, '') FROM referral
    UNION SELECT DISTINCT extract(year FROM performed_at AT TIME ZONE 'UTC')::int, coalesce(patient_area_id, '') FROM exam
    ON CONFLICT DO NOTHING;
END;
$$ LANGUAGE plpgsql;
