-- 0080 assessment (vurdering) of referrals: deadline settings per department, regional joint
-- assessment (trusts that share vetting), every state change of a referral as an event (waiting
-- times), a human referral number, the page index of the vetting inbox, and the backfill of the
-- assessment deadline (assessment_due_date, added in 0075) for referrals already received.

-- Shorter assessment deadlines per department when serious disease is suspected. Pasient- og
-- brukerrettighetsloven § 2-2: 10 working days, "raskere" when serious or life-threatening disease
-- is suspected, without a number; the defaults are Radvis' (src/server/assessment/deadline.ts).
-- No row = the defaults. Never above the legal 10 working days.
CREATE TABLE assessment_setting (
  department_org_id    text PRIMARY KEY REFERENCES organization(id),
  standard_days        integer NOT NULL DEFAULT 10 CHECK (standard_days BETWEEN 0 AND 10),
  emergency_days       integer NOT NULL DEFAULT 0 CHECK (emergency_days BETWEEN 0 AND 10),
  urgent_days          integer NOT NULL DEFAULT 1 CHECK (urgent_days BETWEEN 0 AND 10),
  cancer_pathway_days  integer NOT NULL DEFAULT 1 CHECK (cancer_pathway_days BETWEEN 0 AND 10),
  red_flag_days        integer NOT NULL DEFAULT 3 CHECK (red_flag_days BETWEEN 0 AND 10),
  updated_by           text,
  updated_at           timestamptz NOT NULL DEFAULT now()
);

-- Regional joint assessment (felles vurdering): trusts (or sites, departments) that agree to
-- assess each other's referrals. Assessment staff of every member see the open referrals
-- (submitted, information requested) of every member's departments, through the access gate.
CREATE TABLE vetting_share_agreement (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  region_id   text REFERENCES region(id),
  valid_from  date NOT NULL DEFAULT current_date,
  valid_to    date,
  created_by  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE TABLE vetting_share_member (
  agreement_id     text NOT NULL REFERENCES vetting_share_agreement(id) ON DELETE CASCADE,
  organization_id  text NOT NULL REFERENCES organization(id),   -- an HF, site or department: its whole subtree takes part
  PRIMARY KEY (agreement_id, organization_id)
);
CREATE INDEX vetting_share_member_org_idx ON vetting_share_member(organization_id);

-- Every state change of a referral, timestamped, with who and why, so waiting times can be
-- measured from referral to assessment, booking, exam and report.
CREATE TABLE referral_event (
  id               bigserial PRIMARY KEY,
  referral_id      text NOT NULL REFERENCES referral(id),
  at               timestamptz NOT NULL DEFAULT now(),
  kind             text NOT NULL,           -- submitted, accepted, returned, info_requested, info_answered, redirected, merged, …
  from_status      text,
  to_status        text NOT NULL,
  actor_user_id    text,
  actor_person_id  text,
  actor_role       text,
  reason_code      text,
  reason_text      text,
  data             jsonb
);
CREATE INDEX referral_event_referral_idx ON referral_event(referral_id, at);
CREATE INDEX referral_event_at_idx ON referral_event(at);

-- What assessment decides on acceptance besides priority_category and exam_due_date (0075): the
-- protocol, the modality and the site where the exam is to be done, and who assessed.
ALTER TABLE referral ADD COLUMN protocol text;
ALTER TABLE referral ADD COLUMN planned_modality text CHECK (planned_modality IS NULL OR planned_modality IN ('CR', 'DX', 'CT', 'MR', 'US', 'NM', 'PT', 'MG', 'RF', 'XA'));
ALTER TABLE referral ADD COLUMN planned_site_org_id text REFERENCES organization(id);
ALTER TABLE referral ADD COLUMN assessed_by_person_id text REFERENCES person(id);

-- Priority categories per department (prioritet): no rows for a department = the Radvis defaults
-- (src/server/assessment/priorities.ts). `days` is the default time to the exam (NULL: a date is chosen).
CREATE TABLE priority_category (
  department_org_id  text NOT NULL REFERENCES organization(id),
  code               text NOT NULL CHECK (code ~ '^[a-z0-9_]{1,40}$'),
  label_nb           text NOT NULL,
  label_en           text NOT NULL,
  days               integer CHECK (days IS NULL OR days BETWEEN 0 AND 730),
  sort               integer NOT NULL DEFAULT 0,
  PRIMARY KEY (department_org_id, code)
);

-- Task sharing (oppgavedeling): radiographers the department leader has approved to assess
-- referrals for a modality in a department.
CREATE TABLE radiographer_assessment_approval (
  person_id          text NOT NULL REFERENCES person(id),
  department_org_id  text NOT NULL REFERENCES organization(id),
  modality           text NOT NULL CHECK (modality IN ('CR', 'DX', 'CT', 'MR', 'US', 'NM', 'PT', 'MG', 'RF', 'XA')),
  approved_by        text,
  approved_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, department_org_id, modality)
);

-- The message thread on a referral: the department asks for more information, the referrer answers.
CREATE TABLE referral_message (
  id               bigserial PRIMARY KEY,
  referral_id      text NOT NULL REFERENCES referral(id),
  at               timestamptz NOT NULL DEFAULT now(),
  author_user_id   text,
  author_person_id text REFERENCES person(id),
  side             text NOT NULL CHECK (side IN ('department', 'referrer')),
  body             text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000)
);
CREATE INDEX referral_message_referral_idx ON referral_message(referral_id, at);

-- The referral number people use (on the page, the receipt, in search); the id stays internal.
ALTER TABLE referral ADD COLUMN referral_number bigint GENERATED BY DEFAULT AS IDENTITY;
CREATE UNIQUE INDEX referral_number_idx ON referral(referral_number);

-- The vetting inbox reads one page of the open referrals (status 'submitted') by deadline: partial
-- indexes over the open referrals only, not the history. Per department (the usual inbox), and
-- across departments (a joint inbox over many departments walks the deadline order and filters).
CREATE INDEX referral_inbox_department_idx ON referral(department_org_id, assessment_due_date, submitted_at, id) WHERE status = 'submitted';
CREATE INDEX referral_inbox_due_idx ON referral(assessment_due_date, submitted_at, id) INCLUDE (department_org_id) WHERE status = 'submitted';

-- Backfill: the assessment deadline of every received referral, with the default rule of
-- src/server/assessment/deadline.ts (emergency 0, urgent 1, cancer pathway 1, red flags 3, else
-- 10 working days after the Norwegian calendar day of receipt). Working days exclude weekends and
-- the Norwegian public holidays below (the list src/server/calendar/norwegian-calendar.ts gives,
-- 2000–2040; a test compares them). Rows outside those years keep NULL. The version trigger is
-- paused: a backfill is not a new version of the referral.
CREATE TEMP TABLE m0080_holiday (d date PRIMARY KEY) ON COMMIT DROP;
INSERT INTO m0080_holiday (d) VALUES
  ('2000-01-01'), ('2000-04-20'), ('2000-04-21'), ('2000-04-23'), ('2000-04-24'), ('2000-05-01'), ('2000-05-17'), ('2000-06-01'), ('2000-06-11'), ('2000-06-12'), ('2000-12-25'), ('2000-12-26'),
  ('2001-01-01'), ('2001-04-12'), ('2001-04-13'), ('2001-04-15'), ('2001-04-16'), ('2001-05-01'), ('2001-05-17'), ('2001-05-24'), ('2001-06-03'), ('2001-06-04'), ('2001-12-25'), ('2001-12-26'),
  ('2002-01-01'), ('2002-03-28'), ('2002-03-29'), ('2002-03-31'), ('2002-04-01'), ('2002-05-01'), ('2002-05-09'), ('2002-05-17'), ('2002-05-19'), ('2002-05-20'), ('2002-12-25'), ('2002-12-26'),
  ('2003-01-01'), ('2003-04-17'), ('2003-04-18'), ('2003-04-20'), ('2003-04-21'), ('2003-05-01'), ('2003-05-17'), ('2003-05-29'), ('2003-06-08'), ('2003-06-09'), ('2003-12-25'), ('2003-12-26'),
  ('2004-01-01'), ('2004-04-08'), ('2004-04-09'), ('2004-04-11'), ('2004-04-12'), ('2004-05-01'), ('2004-05-17'), ('2004-05-20'), ('2004-05-30'), ('2004-05-31'), ('2004-12-25'), ('2004-12-26'),
  ('2005-01-01'), ('2005-03-24'), ('2005-03-25'), ('2005-03-27'), ('2005-03-28'), ('2005-05-01'), ('2005-05-05'), ('2005-05-15'), ('2005-05-16'), ('2005-05-17'), ('2005-12-25'), ('2005-12-26'),
  ('2006-01-01'), ('2006-04-13'), ('2006-04-14'), ('2006-04-16'), ('2006-04-17'), ('2006-05-01'), ('2006-05-17'), ('2006-05-25'), ('2006-06-04'), ('2006-06-05'), ('2006-12-25'), ('2006-12-26'),
  ('2007-01-01'), ('2007-04-05'), ('2007-04-06'), ('2007-04-08'), ('2007-04-09'), ('2007-05-01'), ('2007-05-17'), ('2007-05-27'), ('2007-05-28'), ('2007-12-25'), ('2007-12-26'),
  ('2008-01-01'), ('2008-03-20'), ('2008-03-21'), ('2008-03-23'), ('2008-03-24'), ('2008-05-01'), ('2008-05-11'), ('2008-05-12'), ('2008-05-17'), ('2008-12-25'), ('2008-12-26'),
  ('2009-01-01'), ('2009-04-09'), ('2009-04-10'), ('2009-04-12'), ('2009-04-13'), ('2009-05-01'), ('2009-05-17'), ('2009-05-21'), ('2009-05-31'), ('2009-06-01'), ('2009-12-25'), ('2009-12-26'),
  ('2010-01-01'), ('2010-04-01'), ('2010-04-02'), ('2010-04-04'), ('2010-04-05'), ('2010-05-01'), ('2010-05-13'), ('2010-05-17'), ('2010-05-23'), ('2010-05-24'), ('2010-12-25'), ('2010-12-26'),
  ('2011-01-01'), ('2011-04-21'), ('2011-04-22'), ('2011-04-24'), ('2011-04-25'), ('2011-05-01'), ('2011-05-17'), ('2011-06-02'), ('2011-06-12'), ('2011-06-13'), ('2011-12-25'), ('2011-12-26'),
  ('2012-01-01'), ('2012-04-05'), ('2012-04-06'), ('2012-04-08'), ('2012-04-09'), ('2012-05-01'), ('2012-05-17'), ('2012-05-27'), ('2012-05-28'), ('2012-12-25'), ('2012-12-26'),
  ('2013-01-01'), ('2013-03-28'), ('2013-03-29'), ('2013-03-31'), ('2013-04-01'), ('2013-05-01'), ('2013-05-09'), ('2013-05-17'), ('2013-05-19'), ('2013-05-20'), ('2013-12-25'), ('2013-12-26'),
  ('2014-01-01'), ('2014-04-17'), ('2014-04-18'), ('2014-04-20'), ('2014-04-21'), ('2014-05-01'), ('2014-05-17'), ('2014-05-29'), ('2014-06-08'), ('2014-06-09'), ('2014-12-25'), ('2014-12-26'),
  ('2015-01-01'), ('2015-04-02'), ('2015-04-03'), ('2015-04-05'), ('2015-04-06'), ('2015-05-01'), ('2015-05-14'), ('2015-05-17'), ('2015-05-24'), ('2015-05-25'), ('2015-12-25'), ('2015-12-26'),
  ('2016-01-01'), ('2016-03-24'), ('2016-03-25'), ('2016-03-27'), ('2016-03-28'), ('2016-05-01'), ('2016-05-05'), ('2016-05-15'), ('2016-05-16'), ('2016-05-17'), ('2016-12-25'), ('2016-12-26'),
  ('2017-01-01'), ('2017-04-13'), ('2017-04-14'), ('2017-04-16'), ('2017-04-17'), ('2017-05-01'), ('2017-05-17'), ('2017-05-25'), ('2017-06-04'), ('2017-06-05'), ('2017-12-25'), ('2017-12-26'),
  ('2018-01-01'), ('2018-03-29'), ('2018-03-30'), ('2018-04-01'), ('2018-04-02'), ('2018-05-01'), ('2018-05-10'), ('2018-05-17'), ('2018-05-20'), ('2018-05-21'), ('2018-12-25'), ('2018-12-26'),
  ('2019-01-01'), ('2019-04-18'), ('2019-04-19'), ('2019-04-21'), ('2019-04-22'), ('2019-05-01'), ('2019-05-17'), ('2019-05-30'), ('2019-06-09'), ('2019-06-10'), ('2019-12-25'), ('2019-12-26'),
  ('2020-01-01'), ('2020-04-09'), ('2020-04-10'), ('2020-04-12'), ('2020-04-13'), ('2020-05-01'), ('2020-05-17'), ('2020-05-21'), ('2020-05-31'), ('2020-06-01'), ('2020-12-25'), ('2020-12-26'),
  ('2021-01-01'), ('2021-04-01'), ('2021-04-02'), ('2021-04-04'), ('2021-04-05'), ('2021-05-01'), ('2021-05-13'), ('2021-05-17'), ('2021-05-23'), ('2021-05-24'), ('2021-12-25'), ('2021-12-26'),
  ('2022-01-01'), ('2022-04-14'), ('2022-04-15'), ('2022-04-17'), ('2022-04-18'), ('2022-05-01'), ('2022-05-17'), ('2022-05-26'), ('2022-06-05'), ('2022-06-06'), ('2022-12-25'), ('2022-12-26'),
  ('2023-01-01'), ('2023-04-06'), ('2023-04-07'), ('2023-04-09'), ('2023-04-10'), ('2023-05-01'), ('2023-05-17'), ('2023-05-18'), ('2023-05-28'), ('2023-05-29'), ('2023-12-25'), ('2023-12-26'),
  ('2024-01-01'), ('2024-03-28'), ('2024-03-29'), ('2024-03-31'), ('2024-04-01'), ('2024-05-01'), ('2024-05-09'), ('2024-05-17'), ('2024-05-19'), ('2024-05-20'), ('2024-12-25'), ('2024-12-26'),
  ('2025-01-01'), ('2025-04-17'), ('2025-04-18'), ('2025-04-20'), ('2025-04-21'), ('2025-05-01'), ('2025-05-17'), ('2025-05-29'), ('2025-06-08'), ('2025-06-09'), ('2025-12-25'), ('2025-12-26'),
  ('2026-01-01'), ('2026-04-02'), ('2026-04-03'), ('2026-04-05'), ('2026-04-06'), ('2026-05-01'), ('2026-05-14'), ('2026-05-17'), ('2026-05-24'), ('2026-05-25'), ('2026-12-25'), ('2026-12-26'),
  ('2027-01-01'), ('2027-03-25'), ('2027-03-26'), ('2027-03-28'), ('2027-03-29'), ('2027-05-01'), ('2027-05-06'), ('2027-05-16'), ('2027-05-17'), ('2027-12-25'), ('2027-12-26'),
  ('2028-01-01'), ('2028-04-13'), ('2028-04-14'), ('2028-04-16'), ('2028-04-17'), ('2028-05-01'), ('2028-05-17'), ('2028-05-25'), ('2028-06-04'), ('2028-06-05'), ('2028-12-25'), ('2028-12-26'),
  ('2029-01-01'), ('2029-03-29'), ('2029-03-30'), ('2029-04-01'), ('2029-04-02'), ('2029-05-01'), ('2029-05-10'), ('2029-05-17'), ('2029-05-20'), ('2029-05-21'), ('2029-12-25'), ('2029-12-26'),
  ('2030-01-01'), ('2030-04-18'), ('2030-04-19'), ('2030-04-21'), ('2030-04-22'), ('2030-05-01'), ('2030-05-17'), ('2030-05-30'), ('2030-06-09'), ('2030-06-10'), ('2030-12-25'), ('2030-12-26'),
  ('2031-01-01'), ('2031-04-10'), ('2031-04-11'), ('2031-04-13'), ('2031-04-14'), ('2031-05-01'), ('2031-05-17'), ('2031-05-22'), ('2031-06-01'), ('2031-06-02'), ('2031-12-25'), ('2031-12-26'),
  ('2032-01-01'), ('2032-03-25'), ('2032-03-26'), ('2032-03-28'), ('2032-03-29'), ('2032-05-01'), ('2032-05-06'), ('2032-05-16'), ('2032-05-17'), ('2032-12-25'), ('2032-12-26'),
  ('2033-01-01'), ('2033-04-14'), ('2033-04-15'), ('2033-04-17'), ('2033-04-18'), ('2033-05-01'), ('2033-05-17'), ('2033-05-26'), ('2033-06-05'), ('2033-06-06'), ('2033-12-25'), ('2033-12-26'),
  ('2034-01-01'), ('2034-04-06'), ('2034-04-07'), ('2034-04-09'), ('2034-04-10'), ('2034-05-01'), ('2034-05-17'), ('2034-05-18'), ('2034-05-28'), ('2034-05-29'), ('2034-12-25'), ('2034-12-26'),
  ('2035-01-01'), ('2035-03-22'), ('2035-03-23'), ('2035-03-25'), ('2035-03-26'), ('2035-05-01'), ('2035-05-03'), ('2035-05-13'), ('2035-05-14'), ('2035-05-17'), ('2035-12-25'), ('2035-12-26'),
  ('2036-01-01'), ('2036-04-10'), ('2036-04-11'), ('2036-04-13'), ('2036-04-14'), ('2036-05-01'), ('2036-05-17'), ('2036-05-22'), ('2036-06-01'), ('2036-06-02'), ('2036-12-25'), ('2036-12-26'),
  ('2037-01-01'), ('2037-04-02'), ('2037-04-03'), ('2037-04-05'), ('2037-04-06'), ('2037-05-01'), ('2037-05-14'), ('2037-05-17'), ('2037-05-24'), ('2037-05-25'), ('2037-12-25'), ('2037-12-26'),
  ('2038-01-01'), ('2038-04-22'), ('2038-04-23'), ('2038-04-25'), ('2038-04-26'), ('2038-05-01'), ('2038-05-17'), ('2038-06-03'), ('2038-06-13'), ('2038-06-14'), ('2038-12-25'), ('2038-12-26'),
  ('2039-01-01'), ('2039-04-07'), ('2039-04-08'), ('2039-04-10'), ('2039-04-11'), ('2039-05-01'), ('2039-05-17'), ('2039-05-19'), ('2039-05-29'), ('2039-05-30'), ('2039-12-25'), ('2039-12-26'),
  ('2040-01-01'), ('2040-03-29'), ('2040-03-30'), ('2040-04-01'), ('2040-04-02'), ('2040-05-01'), ('2040-05-10'), ('2040-05-17'), ('2040-05-20'), ('2040-05-21'), ('2040-12-25'), ('2040-12-26');
CREATE TEMP TABLE m0080_day ON COMMIT DROP AS
  SELECT g::date AS d, (extract(isodow FROM g) < 6 AND NOT EXISTS (SELECT 1 FROM m0080_holiday h WHERE h.d = g::date)) AS working
  FROM generate_series('2000-01-01'::date, '2041-01-31'::date, interval '1 day') g;
CREATE TEMP TABLE m0080_cal ON COMMIT DROP AS
  SELECT d, working, sum(working::int) OVER (ORDER BY d) AS n FROM m0080_day;
CREATE UNIQUE INDEX m0080_cal_d ON m0080_cal(d);
CREATE INDEX m0080_cal_n ON m0080_cal(n) WHERE working;

ALTER TABLE referral DISABLE TRIGGER referral_version;
UPDATE referral r
SET assessment_due_date = CASE WHEN k.days = 0 THEN k.received ELSE (SELECT c2.d FROM m0080_cal c2 WHERE c2.working AND c2.n = c.n + k.days) END
FROM (
  SELECT id, (submitted_at AT TIME ZONE 'Europe/Oslo')::date AS received,
    LEAST(
      10,
      CASE WHEN urgency = 'emergency' THEN 0 ELSE 10 END,
      CASE WHEN urgency = 'urgent' THEN 1 ELSE 10 END,
      CASE WHEN (indication_system = 'ICD-10' AND upper(indication_code) ~ '^(C[0-9]{2}|D0[0-9]|Z03\.?1)')
             OR (indication_system = 'ICPC-2' AND upper(substr(indication_code, 1, 3)) IN ('A79', 'B72', 'B73', 'B74', 'D74', 'D75', 'D76', 'D77', 'L71', 'N74', 'R84', 'R85', 'S77', 'T71', 'U75', 'U76', 'U77', 'W72', 'X75', 'X76', 'X77', 'Y77', 'Y78'))
             OR (coalesce(clinical_question, '') || ' ' || coalesce(clinical_note, '')) ~* 'pakkeforl(ø|o)p|mistanke om (kreft|malign|cancer|ca\y)|malignitetsmistanke|suspekt (malign|tumor)'
           THEN 1 ELSE 10 END,
      CASE WHEN facts @> '{"red_flags": true}' OR facts @> '{"cauda_equina": true}' OR facts @> '{"neuro_deficit": true}'
             OR facts @> '{"thunderclap": true}' OR facts @> '{"skull_fracture_signs": true}' THEN 3 ELSE 10 END
    ) AS days
  FROM referral
  WHERE submitted_at IS NOT NULL AND assessment_due_date IS NULL
) k
JOIN m0080_cal c ON c.d = k.received
WHERE r.id = k.id;
ALTER TABLE referral ENABLE TRIGGER referral_version;
