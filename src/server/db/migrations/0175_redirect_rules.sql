-- 0175 redirect rules (issue 8 item 2): a department decides where its referrals may be
-- redirected (videresendt) — to a private institute it buys from, or another department — for
-- which exams, and on what condition. Example from the issue: patients likely followed up outside
-- hospital may go to a private institute; those to be discussed in a hospital meeting
-- (tverrfaglig møte) stay. A department without rules may redirect to any receiving unit in the
-- region, as before; once it has an active rule, only its rules decide (src/server/assessment/
-- redirect-rules.ts). A rule is never deleted: deactivating stamps who and when.
CREATE TABLE redirect_rule (
  id                   text PRIMARY KEY,
  department_org_id    text NOT NULL REFERENCES organization(id),
  target_org_id        text NOT NULL REFERENCES organization(id),
  -- Empty = every modality / every exam. Exam codes are NCRP codes (exam_code.code).
  modalities           text[] NOT NULL DEFAULT '{}',
  exam_codes           text[] NOT NULL DEFAULT '{}',
  -- 'always': the assessor may redirect these exams there; 'followed_up_outside_hospital': only
  -- when the assessor states the patient is followed up outside hospital.
  condition            text NOT NULL CHECK (condition IN ('always', 'followed_up_outside_hospital')),
  note                 text CHECK (note IS NULL OR length(note) <= 500),
  created_by_user_id   text NOT NULL REFERENCES user_account(id),
  created_at           timestamptz NOT NULL DEFAULT now(),
  deactivated_by_user_id text REFERENCES user_account(id),
  deactivated_at       timestamptz,
  CHECK (department_org_id <> target_org_id),
  CHECK ((deactivated_at IS NULL) = (deactivated_by_user_id IS NULL))
);
CREATE INDEX redirect_rule_department ON redirect_rule (department_org_id) WHERE deactivated_at IS NULL;
