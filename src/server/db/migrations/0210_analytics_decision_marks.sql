-- Management data (issue 10): an advice decision also marks the slice of its referral's submission.
-- The low-value indicator "rated usually not appropriate and went ahead" counts a referral in the
-- (year, area) of its submission and looks at its decisions; a decision made in a later year than
-- the submission (submitted 30 December, decided 2 January) marked only the decision's year, so an
-- incremental refresh missed the change that a full rebuild counts (src/server/analytics/refresh.test.ts).
CREATE OR REPLACE FUNCTION analytics_mark_decisions() RETURNS trigger AS $$
BEGIN
  INSERT INTO analytics_dirty (year, area_id)
    SELECT DISTINCT extract(year FROM d.at AT TIME ZONE 'UTC')::int, coalesce(r.patient_area_id, '')
    FROM new_rows d LEFT JOIN referral r ON r.id = d.referral_id
    UNION
    SELECT DISTINCT extract(year FROM coalesce(r.submitted_at, r.created_at) AT TIME ZONE 'UTC')::int, coalesce(r.patient_area_id, '')
    FROM new_rows d JOIN referral r ON r.id = d.referral_id
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
