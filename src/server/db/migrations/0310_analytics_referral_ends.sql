-- 0310 management data (issue 10 §4, process): referrals that ended without an exam. Since issue 8
-- a referral can end in status 'cancelled' with a 'closed_without_exam' event (the receiving
-- department closed it, a reason from CLOSE_REASONS, shared/api/assessment.ts) or a 'withdrawn'
-- event (the referrer withdrew it; no reason code) — assessment/closing.ts. A referral merged into
-- another ('merged') is cancelled too, but is not an end without an exam (its request lives on in
-- the other referral) and is counted in neither.
--
-- Counted per referral, by its submission slice like the other process measures:
--   closed, withdrawn   added to analytics_referral_count, its rollup and the rollup's year totals,
--                       beside `returned` (the process table's shares and the feedback report);
--   analytics_referral_end_count
--                       the ended referrals by who ended them and the department's reason code,
--                       with every dimension of analytics_referral_count (so the process view's
--                       filters and the access scope apply); about 2.5 % of the referrals in the
--                       generated history, so read at month level like the decisions.
-- Kept by the same refresh (src/server/analytics/store.ts); the closing itself updates the
-- referral, whose trigger marks the referral's slice. Leading (year, area_id) keys (distribution by
-- area, docs/analytics.md).
ALTER TABLE analytics_referral_count
  ADD COLUMN closed integer NOT NULL DEFAULT 0,
  ADD COLUMN withdrawn integer NOT NULL DEFAULT 0;
ALTER TABLE analytics_referral_rollup
  ADD COLUMN closed integer NOT NULL DEFAULT 0,
  ADD COLUMN withdrawn integer NOT NULL DEFAULT 0;
ALTER TABLE analytics_referral_rollup_year
  ADD COLUMN closed integer NOT NULL DEFAULT 0,
  ADD COLUMN withdrawn integer NOT NULL DEFAULT 0;

CREATE TABLE analytics_referral_end_count (
  year                 integer NOT NULL,
  area_id              text NOT NULL,
  month                integer NOT NULL CHECK (month BETWEEN 1 AND 12),
  sex                  text NOT NULL,
  age_from             integer NOT NULL,
  exam_code            text NOT NULL,
  modality             text NOT NULL,
  exam_group           text NOT NULL,
  referrer_org_id      text NOT NULL,
  referrer_person_id   text NOT NULL,
  trust_id             text NOT NULL,
  provider_kind        text NOT NULL CHECK (provider_kind IN ('public', 'private')),
  -- 'department' (closed_without_exam) or 'referrer' (withdrawn).
  ended_by             text NOT NULL CHECK (ended_by IN ('department', 'referrer')),
  -- The department's reason code (CLOSE_REASONS); '' when withdrawn or none was recorded.
  reason_code          text NOT NULL,
  referrals            integer NOT NULL,
  PRIMARY KEY (year, area_id, month, sex, age_from, exam_code, referrer_org_id, referrer_person_id, trust_id, provider_kind, ended_by, reason_code)
);

-- Every slice the referral aggregates hold is computed again with the new columns on the next refresh.
INSERT INTO analytics_dirty (year, month, area_id)
  SELECT DISTINCT year, month, area_id FROM analytics_referral_count
  ON CONFLICT DO NOTHING;
