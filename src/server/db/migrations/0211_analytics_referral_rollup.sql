-- Management data (issue 10): analytics_referral_count without the referrer columns, for the
-- dashboards that do not look at practices or referrers (process measures by area, trust or
-- provider kind). analytics_referral_count holds nearly one row per referral at national scale
-- (referrer × exam × sex × age band: 0.92 M rows for 1 M referrals), so summing it for a page over
-- two years read millions of rows; this rollup is about a fifth of its size and grows with the
-- strata, not with the referrals. Kept by the same refresh, per (year, area) slice, from
-- analytics_referral_count (src/server/analytics/store.ts); same leading (year, area_id) key for
-- distribution by area (docs/analytics.md).
CREATE TABLE analytics_referral_rollup (
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

-- Filled for the slices already built; later slices are kept by the refresh.
INSERT INTO analytics_referral_rollup
SELECT year, area_id, sex, age_from, exam_code, modality, exam_group, trust_id, provider_kind,
  sum(referrals), sum(assessed), sum(assessed_in_time), sum(assessment_days_sum), sum(returned), sum(performed),
  sum(exam_days_sum), sum(reported), sum(report_hours_sum)
FROM analytics_referral_count
GROUP BY year, area_id, sex, age_from, exam_code, modality, exam_group, trust_id, provider_kind;
