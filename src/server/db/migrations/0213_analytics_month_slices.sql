-- Management data (issue 10): the aggregates are kept per (year, month, area) slice instead of per
-- (year, area). With live traffic in every area, each periodic refresh recomputed the current
-- year of every touched area — at 10 M referrals projected beyond the 60 s freshness target. Now a
-- new referral, exam or decision marks only its month, and the refresh recomputes that month of
-- that area (src/server/analytics/store.ts, refreshAggregates). Dashboards keep reading
-- year-level figures: every query filters on year and sums, so the month rows of a year add up
-- to what the year rows held. month = UTC calendar month (1–12) of the same timestamp whose UTC
-- year is `year`. The keys keep (year, area_id) leading (distribution by area, docs/analytics.md).
--
-- The aggregates are emptied and every slice is marked: the next refresh (the server's first run)
-- rebuilds them in one pass over the base tables.
TRUNCATE analytics_dirty, analytics_exam_count, analytics_referral_count, analytics_referral_rollup, analytics_indicator_count, analytics_decision_count;

ALTER TABLE analytics_dirty ADD COLUMN month integer NOT NULL CHECK (month BETWEEN 1 AND 12);
ALTER TABLE analytics_dirty DROP CONSTRAINT analytics_dirty_pkey;
ALTER TABLE analytics_dirty ADD PRIMARY KEY (year, month, area_id);

ALTER TABLE analytics_exam_count ADD COLUMN month integer NOT NULL CHECK (month BETWEEN 1 AND 12);
ALTER TABLE analytics_exam_count DROP CONSTRAINT analytics_exam_count_pkey;
ALTER TABLE analytics_exam_count ADD PRIMARY KEY (year, area_id, month, sex, age_from, exam_code, provider_kind, trust_id);

ALTER TABLE analytics_referral_count ADD COLUMN month integer NOT NULL CHECK (month BETWEEN 1 AND 12);
ALTER TABLE analytics_referral_count DROP CONSTRAINT analytics_referral_count_pkey;
ALTER TABLE analytics_referral_count ADD PRIMARY KEY (year, area_id, month, sex, age_from, exam_code, referrer_org_id, referrer_person_id, trust_id, provider_kind);

ALTER TABLE analytics_referral_rollup ADD COLUMN month integer NOT NULL CHECK (month BETWEEN 1 AND 12);
ALTER TABLE analytics_referral_rollup DROP CONSTRAINT analytics_referral_rollup_pkey;
ALTER TABLE analytics_referral_rollup ADD PRIMARY KEY (year, area_id, month, sex, age_from, exam_code, trust_id, provider_kind);

ALTER TABLE analytics_indicator_count ADD COLUMN month integer NOT NULL CHECK (month BETWEEN 1 AND 12);
ALTER TABLE analytics_indicator_count DROP CONSTRAINT analytics_indicator_count_pkey;
ALTER TABLE analytics_indicator_count ADD PRIMARY KEY (year, area_id, month, sex, age_from, indicator_id, exam_code, referrer_org_id, referrer_person_id, trust_id);

ALTER TABLE analytics_decision_count ADD COLUMN month integer NOT NULL CHECK (month BETWEEN 1 AND 12);
ALTER TABLE analytics_decision_count DROP CONSTRAINT analytics_decision_count_pkey;
ALTER TABLE analytics_decision_count ADD PRIMARY KEY (year, area_id, month, referrer_org_id, referrer_person_id, trust_id, topic_id, rating, decision, reason_code);

-- The marks of 0100, 0210 and 0212 with the month added (same rows, same timestamps).
CREATE OR REPLACE FUNCTION analytics_mark_referrals() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO analytics_dirty (year, month, area_id)
      SELECT DISTINCT extract(year FROM coalesce(submitted_at, created_at) AT TIME ZONE 'UTC')::int,
        extract(month FROM coalesce(submitted_at, created_at) AT TIME ZONE 'UTC')::int, coalesce(patient_area_id, '') FROM new_rows
      ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO analytics_dirty (year, month, area_id)
      SELECT DISTINCT extract(year FROM coalesce(submitted_at, created_at) AT TIME ZONE 'UTC')::int,
        extract(month FROM coalesce(submitted_at, created_at) AT TIME ZONE 'UTC')::int, coalesce(patient_area_id, '') FROM old_rows
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION analytics_mark_exams() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO analytics_dirty (year, month, area_id)
      SELECT DISTINCT extract(year FROM performed_at AT TIME ZONE 'UTC')::int, extract(month FROM performed_at AT TIME ZONE 'UTC')::int,
        coalesce(patient_area_id, '') FROM new_rows
      ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO analytics_dirty (year, month, area_id)
      SELECT DISTINCT extract(year FROM performed_at AT TIME ZONE 'UTC')::int, extract(month FROM performed_at AT TIME ZONE 'UTC')::int,
        coalesce(patient_area_id, '') FROM old_rows
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- A decision counts in the month it was made, and changes the indicators of its referral's
-- submission month (0210).
CREATE OR REPLACE FUNCTION analytics_mark_decisions() RETURNS trigger AS $$
BEGIN
  INSERT INTO analytics_dirty (year, month, area_id)
    SELECT DISTINCT extract(year FROM d.at AT TIME ZONE 'UTC')::int, extract(month FROM d.at AT TIME ZONE 'UTC')::int, coalesce(r.patient_area_id, '')
    FROM new_rows d LEFT JOIN referral r ON r.id = d.referral_id
    UNION
    SELECT DISTINCT extract(year FROM coalesce(r.submitted_at, r.created_at) AT TIME ZONE 'UTC')::int,
      extract(month FROM coalesce(r.submitted_at, r.created_at) AT TIME ZONE 'UTC')::int, coalesce(r.patient_area_id, '')
    FROM new_rows d JOIN referral r ON r.id = d.referral_id
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION analytics_resume_insert_marks() RETURNS void AS $$
BEGIN
  CREATE OR REPLACE TRIGGER analytics_referral_insert AFTER INSERT ON referral
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_referrals();
  ALTER TABLE referral ENABLE ALWAYS TRIGGER analytics_referral_insert;
  CREATE OR REPLACE TRIGGER analytics_exam_insert AFTER INSERT ON exam
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_exams();
  ALTER TABLE exam ENABLE ALWAYS TRIGGER analytics_exam_insert;
  INSERT INTO analytics_dirty (year, month, area_id)
    SELECT DISTINCT extract(year FROM coalesce(submitted_at, created_at) AT TIME ZONE 'UTC')::int,
      extract(month FROM coalesce(submitted_at, created_at) AT TIME ZONE 'UTC')::int, coalesce(patient_area_id, '') FROM referral
    UNION SELECT DISTINCT extract(year FROM performed_at AT TIME ZONE 'UTC')::int, extract(month FROM performed_at AT TIME ZONE 'UTC')::int,
      coalesce(patient_area_id, '') FROM exam
    ON CONFLICT DO NOTHING;
END;
$$ LANGUAGE plpgsql;

-- Every slice with data, for the rebuild after this migration (as markAllDirty in store.ts).
INSERT INTO analytics_dirty (year, month, area_id)
  SELECT DISTINCT extract(year FROM submitted_at AT TIME ZONE 'UTC')::int, extract(month FROM submitted_at AT TIME ZONE 'UTC')::int, coalesce(patient_area_id, '')
  FROM referral WHERE submitted_at IS NOT NULL
  UNION SELECT DISTINCT extract(year FROM performed_at AT TIME ZONE 'UTC')::int, extract(month FROM performed_at AT TIME ZONE 'UTC')::int, coalesce(patient_area_id, '')
  FROM exam
  UNION SELECT DISTINCT extract(year FROM d.at AT TIME ZONE 'UTC')::int, extract(month FROM d.at AT TIME ZONE 'UTC')::int, coalesce(r.patient_area_id, '')
  FROM referral_decision d LEFT JOIN referral r ON r.id = d.referral_id
  ON CONFLICT DO NOTHING;
