-- Management data (issue 10): year totals of the month-level exam counts and referral rollup
-- (migration 0213), which the dashboards read. Month rows multiply these two tables' rows (a
-- stratum — area × sex × band × exam code × trust — has exams in most months of a year: at 1 M
-- referrals 163,000 year rows became 489,000 month rows, and the rates queries took twice as long;
-- at national volume up to twelve times). The refresh recomputes the year rows of each (year, area)
-- whose months it recomputed, by summing that year's month rows of the area
-- (src/server/analytics/store.ts): bounded by the strata, not by the referrals. The referral and
-- indicator counts are nearly one row per referral and the decisions few, so they are read at
-- month level. Same leading (year, area_id) keys (distribution by area, docs/analytics.md).
CREATE TABLE analytics_exam_year (
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

CREATE TABLE analytics_referral_rollup_year (
  year                 integer NOT NULL,
  area_id              text NOT NULL,
  sex                  text NOT NULL,
  age_from             integer NOT NULL,
  exam_code            text NOT NULL,
  modality             text NOT NULL,
  exam_group           text NOT NULL,
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
  PRIMARY KEY (year, area_id, sex, age_from, exam_code, trust_id, provider_kind)
);

-- Filled from the month rows already built; later years and areas are kept by the refresh.
INSERT INTO analytics_exam_year
SELECT year, area_id, sex, age_from, exam_code, modality, exam_group, provider_kind, trust_id, sum(exams)
FROM analytics_exam_count
GROUP BY year, area_id, sex, age_from, exam_code, modality, exam_group, provider_kind, trust_id;

INSERT INTO analytics_referral_rollup_year
SELECT year, area_id, sex, age_from, exam_code, modality, exam_group, trust_id, provider_kind,
  sum(referrals), sum(assessed), sum(assessed_in_time), sum(assessment_days_sum), sum(returned), sum(performed),
  sum(exam_days_sum), sum(reported), sum(report_hours_sum)
FROM analytics_referral_rollup
GROUP BY year, area_id, sex, age_from, exam_code, modality, exam_group, trust_id, provider_kind;
