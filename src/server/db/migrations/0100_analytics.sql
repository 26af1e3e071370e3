-- Management data (styringsdata, issue 10): aggregates that dashboards read instead of the
-- referral and exam tables, kept up to date incrementally.
--
-- How they stay current: statement-level triggers (with transition tables, so a COPY of 20,000
-- rows costs one small INSERT … SELECT DISTINCT) mark the (year, referral area) slices that new,
-- changed or deleted referrals, exams and advice decisions touch in analytics_dirty. The server
-- recomputes only those slices from the base tables (src/server/analytics/store.ts,
-- refreshAggregates) at most every RADVIS_ANALYTICS_REFRESH_SECONDS (default 30 s), so new data
-- is visible within a minute and no page view scans the base tables. Year is the UTC calendar
-- year of submission (referrals, decisions) or of the exam (exams); area '' = unknown area.
--
-- Scale-out (docs/analytics.md): every aggregate has (year, area_id) leading its key, so in Citus
-- they are distributed by area_id (create_distributed_table('analytics_exam_count', 'area_id') …)
-- and co-located, and can be range-partitioned by year; every dashboard query filters or groups
-- on those columns and runs unchanged.

-- Working-day numbers for the 10-working-day assessment deadline (pasient- og
-- brukerrettighetsloven § 2-2): working days between two dates = difference of their numbers.
-- Filled from src/server/calendar (Norwegian public holidays) by the refresh.
CREATE TABLE analytics_calendar (
  day                 date PRIMARY KEY,
  working_day_number  integer NOT NULL
);

CREATE TABLE analytics_dirty (
  year      integer NOT NULL,
  area_id   text NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (year, area_id)
);

-- Exams by the patient's referral area (for rates per 10,000), stratified for direct
-- standardization (sex × 5-year band; age_from -1 = unknown), by exam code (modality and NCRP
-- group come with it) and by who performed it.
CREATE TABLE analytics_exam_count (
  year           integer NOT NULL,
  area_id        text NOT NULL,
  sex            text NOT NULL,
  age_from       integer NOT NULL,
  exam_code      text NOT NULL,
  modality       text NOT NULL,
  exam_group     text NOT NULL,
  provider_kind  text NOT NULL CHECK (provider_kind IN ('public', 'private')),
  trust_id       text NOT NULL,
  exams          integer NOT NULL,
  PRIMARY KEY (year, area_id, sex, age_from, exam_code, provider_kind, trust_id)
);

-- Referrals by referrer and practice (process measures, feedback): counts and sums from the
-- referral's timestamps. trust_id = the receiving department's trust (or private provider).
CREATE TABLE analytics_referral_count (
  year                 integer NOT NULL,
  area_id              text NOT NULL,
  sex                  text NOT NULL,
  age_from             integer NOT NULL,
  exam_code            text NOT NULL,
  modality             text NOT NULL,
  exam_group           text NOT NULL,
  referrer_org_id      text NOT NULL,
  referrer_person_id   text NOT NULL,
  trust_id             text NOT NULL,
  provider_kind        text NOT NULL CHECK (provider_kind IN ('public', 'private')),
  referrals            integer NOT NULL,
  assessed             integer NOT NULL,
  assessed_in_time     integer NOT NULL,
  assessment_days_sum  bigint NOT NULL,
  returned             integer NOT NULL,
  performed            integer NOT NULL,
  exam_days_sum        bigint NOT NULL,
  reported             integer NOT NULL,
  report_hours_sum     bigint NOT NULL,
  PRIMARY KEY (year, area_id, sex, age_from, exam_code, referrer_org_id, referrer_person_id, trust_id, provider_kind)
);

-- Low-value indicators (definitions in content/analytics/low-value-indicators.yaml): referrals
-- the indicator applies to (denominator) and those that met its low-value definition (numerator).
CREATE TABLE analytics_indicator_count (
  year                integer NOT NULL,
  area_id             text NOT NULL,
  sex                 text NOT NULL,
  age_from            integer NOT NULL,
  indicator_id        text NOT NULL,
  modality            text NOT NULL,
  exam_code           text NOT NULL,
  referrer_org_id     text NOT NULL,
  referrer_person_id  text NOT NULL,
  trust_id            text NOT NULL,
  denominator         integer NOT NULL,
  numerator           integer NOT NULL,
  PRIMARY KEY (year, area_id, sex, age_from, indicator_id, exam_code, referrer_org_id, referrer_person_id, trust_id)
);

-- Advice adherence: referral decisions (followed, overridden …) with their reasons.
CREATE TABLE analytics_decision_count (
  year                integer NOT NULL,
  area_id             text NOT NULL,
  referrer_org_id     text NOT NULL,
  referrer_person_id  text NOT NULL,
  trust_id            text NOT NULL,
  topic_id            text NOT NULL,
  rating              text NOT NULL,
  decision            text NOT NULL,
  reason_code         text NOT NULL,
  decisions           integer NOT NULL,
  PRIMARY KEY (year, area_id, referrer_org_id, referrer_person_id, trust_id, topic_id, rating, decision, reason_code)
);

CREATE INDEX analytics_referral_count_org_idx ON analytics_referral_count(referrer_org_id, year);
CREATE INDEX analytics_indicator_count_ind_idx ON analytics_indicator_count(indicator_id, year);

-- The refresh reads one (year, area) slice of the base tables at a time.
CREATE INDEX referral_area_submitted_idx ON referral((coalesce(patient_area_id, '')), submitted_at);
CREATE INDEX exam_area_performed_idx ON exam((coalesce(patient_area_id, '')), performed_at);

CREATE FUNCTION analytics_mark_referrals() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO analytics_dirty (year, area_id)
      SELECT DISTINCT extract(year FROM coalesce(submitted_at, created_at) AT TIME ZONE 'UTC')::int, coalesce(patient_area_id, '') FROM new_rows
      ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO analytics_dirty (year, area_id)
      SELECT DISTINCT extract(year FROM coalesce(submitted_at, created_at) AT TIME ZONE 'UTC')::int, coalesce(patient_area_id, '') FROM old_rows
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER analytics_referral_insert AFTER INSERT ON referral REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_referrals();
CREATE TRIGGER analytics_referral_update AFTER UPDATE ON referral REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_referrals();
CREATE TRIGGER analytics_referral_delete AFTER DELETE ON referral REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_referrals();

CREATE FUNCTION analytics_mark_exams() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO analytics_dirty (year, area_id)
      SELECT DISTINCT extract(year FROM performed_at AT TIME ZONE 'UTC')::int, coalesce(patient_area_id, '') FROM new_rows
      ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO analytics_dirty (year, area_id)
      SELECT DISTINCT extract(year FROM performed_at AT TIME ZONE 'UTC')::int, coalesce(patient_area_id, '') FROM old_rows
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER analytics_exam_insert AFTER INSERT ON exam REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_exams();
CREATE TRIGGER analytics_exam_update AFTER UPDATE ON exam REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_exams();
CREATE TRIGGER analytics_exam_delete AFTER DELETE ON exam REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_exams();

-- A decision counts in the year it was made, in the area of its referral.
CREATE FUNCTION analytics_mark_decisions() RETURNS trigger AS $$
BEGIN
  INSERT INTO analytics_dirty (year, area_id)
    SELECT DISTINCT extract(year FROM d.at AT TIME ZONE 'UTC')::int, coalesce(r.patient_area_id, '')
    FROM new_rows d LEFT JOIN referral r ON r.id = d.referral_id
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER analytics_decision_insert AFTER INSERT ON referral_decision REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_decisions();

-- The synthetic loader (and any bulk load) runs with session_replication_role = replica to skip
-- foreign-key triggers; the marks must still be made, so these triggers fire in every mode.
ALTER TABLE referral ENABLE ALWAYS TRIGGER analytics_referral_insert;
ALTER TABLE referral ENABLE ALWAYS TRIGGER analytics_referral_update;
ALTER TABLE referral ENABLE ALWAYS TRIGGER analytics_referral_delete;
ALTER TABLE exam ENABLE ALWAYS TRIGGER analytics_exam_insert;
ALTER TABLE exam ENABLE ALWAYS TRIGGER analytics_exam_update;
ALTER TABLE exam ENABLE ALWAYS TRIGGER analytics_exam_delete;
ALTER TABLE referral_decision ENABLE ALWAYS TRIGGER analytics_decision_insert;
