-- 0241 management data (issue 10 §4: time from referral "to preliminary and final report"). The
-- process measures had only the final report (referral.reported_at), so a LIS report waiting a day
-- for countersigning counted as a day late although the referrer had a preliminary answer.
--   referral.preliminary_reported_at  the first signed report of the referral's exam: a preliminary
--     one (a LIS report, or one signed preliminary), or the final one when it went straight to final
--     (report.preliminary_at's meaning); set by the report flow (reporting/service.ts).
-- The aggregates count, per referral, hours performed → first report: the preliminary time where one
-- exists, else the final time (the synthetic history and imports have only the final report).
ALTER TABLE referral ADD COLUMN preliminary_reported_at timestamptz;

UPDATE referral r SET preliminary_reported_at = x.at
FROM (SELECT e.referral_id, min(rep.preliminary_at) AS at FROM report rep JOIN exam e ON e.id = rep.exam_id
      WHERE rep.preliminary_at IS NOT NULL GROUP BY e.referral_id) x
WHERE x.referral_id = r.id;

ALTER TABLE analytics_referral_count
  ADD COLUMN preliminary integer NOT NULL DEFAULT 0,
  ADD COLUMN preliminary_hours_sum bigint NOT NULL DEFAULT 0;
ALTER TABLE analytics_referral_rollup
  ADD COLUMN preliminary integer NOT NULL DEFAULT 0,
  ADD COLUMN preliminary_hours_sum bigint NOT NULL DEFAULT 0;
ALTER TABLE analytics_referral_rollup_year
  ADD COLUMN preliminary integer NOT NULL DEFAULT 0,
  ADD COLUMN preliminary_hours_sum bigint NOT NULL DEFAULT 0;

-- Every slice the aggregates hold is computed again with the new columns on the next refresh.
INSERT INTO analytics_dirty (year, month, area_id)
  SELECT DISTINCT year, month, area_id FROM analytics_referral_count
  ON CONFLICT DO NOTHING;
