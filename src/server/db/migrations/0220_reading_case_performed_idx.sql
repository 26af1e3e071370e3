-- The worklist page's turnaround reads the cases performed in the last 7 days, closed ones included
-- (reading/store.ts listStats). reading_case_age_idx covers only open cases, so without this index the
-- page read every case ever reported.
CREATE INDEX IF NOT EXISTS reading_case_performed_idx ON reading_case (performed_at);
