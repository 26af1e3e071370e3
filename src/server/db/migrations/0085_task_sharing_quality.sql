-- 0085 quality of task sharing (oppgavedeling, issue 8 item 3): a share of the referrals a
-- radiographer assessed is assessed again, blind, by a radiologist; the pairs give agreement
-- statistics (weighted kappa, Gwet's AC2) per exam type and per assessor.

-- The share of radiographers' assessments to sample, per department (no row = 10 %).
CREATE TABLE task_sharing_setting (
  department_org_id  text PRIMARY KEY REFERENCES organization(id),
  sample_percent     integer NOT NULL DEFAULT 10 CHECK (sample_percent BETWEEN 0 AND 100),
  updated_by         text,
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- One sampled radiographer assessment and its blind second assessment. Outcomes are codes on the
-- department's ordinal scale: its priority categories (most to least urgent), then 'returned'
-- (returned / not indicated) at the low end. The second assessment never changes the referral.
CREATE TABLE blind_assessment (
  referral_id         text PRIMARY KEY REFERENCES referral(id),
  department_org_id   text NOT NULL REFERENCES organization(id),
  first_person_id     text NOT NULL REFERENCES person(id),
  first_user_id       text,
  first_outcome       text NOT NULL CHECK (first_outcome ~ '^[a-z0-9_]{1,40}$'),
  first_assessed_at   timestamptz NOT NULL,
  sampled_at          timestamptz NOT NULL DEFAULT now(),
  sample_percent      integer NOT NULL CHECK (sample_percent BETWEEN 0 AND 100),
  second_person_id    text REFERENCES person(id),
  second_user_id      text,
  second_outcome      text CHECK (second_outcome IS NULL OR second_outcome ~ '^[a-z0-9_]{1,40}$'),
  assessed_at         timestamptz,
  CHECK ((second_outcome IS NULL) = (assessed_at IS NULL) AND (second_outcome IS NULL) = (second_person_id IS NULL)),
  CHECK (second_person_id IS NULL OR second_person_id <> first_person_id)
);
CREATE INDEX blind_assessment_queue_idx ON blind_assessment(department_org_id, sampled_at) WHERE second_outcome IS NULL;
CREATE INDEX blind_assessment_done_idx ON blind_assessment(department_org_id, assessed_at) WHERE second_outcome IS NOT NULL;
