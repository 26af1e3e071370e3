-- 0160 training (issue 13): specialist training records (LIS) — learning goals, the department's
-- plan with rotations, individual plans, progress, the evaluation collegium's assessments,
-- suitability notes, supervision meetings, in-app notifications, and competence approvals that
-- lift countersigning. Source of the working model: the Ahus training plan for nuclear medicine
-- (reference/seeds/004; docs/training.md).

-- ---------------------------------------------------------------------------------------------
-- Competence approvals: "the specialists agree the LIS is competent for this kind of exam"
-- (seed 004, 2.1.5). THE one source of "a LIS may report this exam type alone":
--  * reporting reads it through the view reader_exam_approval below (replacing the 0130 table);
--  * the reading worklists read it through reader_profile, whose solo_exam_codes may no longer
--    hold anything for a LIS (constraint below; src/server/reading/store.ts derives the list).
-- A row is never deleted: withdrawal stamps withdrawn_at (the server's clock, never earlier than
-- the approval) and who withdrew; a new approval is a new row.
CREATE TABLE competence_approval (
  id                      text PRIMARY KEY,
  person_id               text NOT NULL REFERENCES person(id),
  exam_code               text NOT NULL REFERENCES exam_code(code),
  organization_id         text NOT NULL REFERENCES organization(id),
  approved_by_person_id   text REFERENCES person(id),          -- NULL only for rows carried over from 0130
  approved_at             timestamptz NOT NULL DEFAULT now(),
  note                    text CHECK (note IS NULL OR length(note) <= 2000),
  withdrawn_by_person_id  text REFERENCES person(id),
  withdrawn_at            timestamptz,
  withdrawal_reason       text CHECK (withdrawal_reason IS NULL OR length(withdrawal_reason) <= 2000),
  CHECK (withdrawn_at IS NULL OR withdrawn_at >= approved_at),
  CHECK ((withdrawn_at IS NULL) = (withdrawn_by_person_id IS NULL)),
  CHECK (approved_by_person_id IS NULL OR approved_by_person_id <> person_id),
  CHECK (withdrawn_by_person_id IS NULL OR withdrawn_by_person_id <> person_id)
);
CREATE UNIQUE INDEX competence_approval_active_idx ON competence_approval(person_id, exam_code, organization_id) WHERE withdrawn_at IS NULL;
CREATE INDEX competence_approval_person_idx ON competence_approval(person_id, approved_at DESC);

-- Carry over what 0130's table and the LIS rows of reader_profile.solo_exam_codes held.
INSERT INTO competence_approval (id, person_id, exam_code, organization_id, approved_by_person_id, approved_at)
SELECT 'legacy-' || md5(a.person_id || '|' || a.exam_code || '|' || a.organization_id), a.person_id, a.exam_code, a.organization_id,
       (SELECT id FROM person WHERE id = a.approved_by), a.approved_at
FROM reader_exam_approval a;
INSERT INTO competence_approval (id, person_id, exam_code, organization_id, approved_by_person_id, approved_at)
SELECT 'legacy-' || md5(rp.person_id || '|' || s.code || '|' || rp.home_org_id), rp.person_id, s.code, rp.home_org_id, NULL, rp.updated_at
FROM reader_profile rp
CROSS JOIN LATERAL unnest(rp.solo_exam_codes) AS s(code)
JOIN exam_code ec ON ec.code = s.code
WHERE rp.role = 'lis'
ON CONFLICT DO NOTHING;
UPDATE reader_profile SET solo_exam_codes = '{}' WHERE role = 'lis' AND solo_exam_codes <> '{}';
ALTER TABLE reader_profile ADD CONSTRAINT reader_profile_lis_solo_from_training CHECK (role <> 'lis' OR solo_exam_codes = '{}');

DROP TABLE reader_exam_approval;
-- The active approvals, under the name and columns reporting (0130) reads.
CREATE VIEW reader_exam_approval AS
  SELECT person_id, exam_code, organization_id, approved_by_person_id AS approved_by, approved_at
  FROM competence_approval WHERE withdrawn_at IS NULL;

-- ---------------------------------------------------------------------------------------------
-- Learning goals (læringsmål) of a specialty, numbered. title NULL = not packaged (no citable
-- source); a department imports the full list as CSV.
CREATE TABLE learning_goal (
  specialty    text NOT NULL CHECK (specialty IN ('nuclear_medicine', 'radiology', 'fkm')),
  number       integer NOT NULL CHECK (number BETWEEN 1 AND 999),
  title        text CHECK (title IS NULL OR length(title) BETWEEN 1 AND 300),
  source       text NOT NULL,
  updated_by   text,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (specialty, number)
);

-- The nuclear-medicine goal numbers LM 1–102 (seed 004, Del 1: the plan's table names every number
-- from 1 to 102). Their titles are not in the seed: a department imports them (CSV).
INSERT INTO learning_goal (specialty, number, title, source)
SELECT 'nuclear_medicine', g, NULL, 'Ahus utdanningsplan nukleærmedisin, Del 1 (LM 1–102)' FROM generate_series(1, 102) AS g;

-- A department's training plan for a specialty (Del 1: the timeline of rotations).
CREATE TABLE training_plan (
  id               text PRIMARY KEY,
  organization_id  text NOT NULL REFERENCES organization(id),
  specialty        text NOT NULL CHECK (specialty IN ('nuclear_medicine', 'radiology')),
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  source           text,
  created_by       text,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX training_plan_org_idx ON training_plan(organization_id);

-- One row of the plan's table: years × trust × hospital × section × goal numbers.
CREATE TABLE training_rotation (
  id             text PRIMARY KEY,
  plan_id        text NOT NULL REFERENCES training_plan(id),
  seq            integer NOT NULL,
  from_years     numeric(4, 2) NOT NULL CHECK (from_years >= 0),
  to_years       numeric(4, 2) NOT NULL,
  trust          text NOT NULL,
  hospital       text NOT NULL,
  section        text NOT NULL,
  external       boolean NOT NULL DEFAULT false,   -- at another trust: goals the department cannot offer
  goal_numbers   integer[] NOT NULL,
  CHECK (to_years > from_years),
  UNIQUE (plan_id, seq)
);

-- The individual plan (Del 3) of one LIS: built from the department's plan, with a named
-- supervisor (veileder) and a start date; rotation dates are start + the plan's years unless moved.
CREATE TABLE training_record (
  id                     text PRIMARY KEY,
  person_id              text NOT NULL REFERENCES person(id),
  plan_id                text NOT NULL REFERENCES training_plan(id),
  organization_id        text NOT NULL REFERENCES organization(id),
  supervisor_person_id   text NOT NULL REFERENCES person(id),
  start_date             date NOT NULL,
  created_by             text,
  created_at             timestamptz NOT NULL DEFAULT now(),
  CHECK (supervisor_person_id <> person_id),
  UNIQUE (person_id, plan_id)
);
CREATE INDEX training_record_org_idx ON training_record(organization_id);
CREATE INDEX training_record_supervisor_idx ON training_record(supervisor_person_id);

CREATE TABLE training_record_rotation (
  record_id     text NOT NULL REFERENCES training_record(id),
  rotation_id   text NOT NULL REFERENCES training_rotation(id),
  planned_start date NOT NULL,
  planned_end   date NOT NULL,
  CHECK (planned_end > planned_start),
  PRIMARY KEY (record_id, rotation_id)
);

-- Activity the LIS registers towards a goal: procedures (with a count), courses, e-learning, other.
CREATE TABLE goal_activity (
  id             text PRIMARY KEY,
  record_id      text NOT NULL REFERENCES training_record(id),
  specialty      text NOT NULL,
  goal_number    integer NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('procedure', 'course', 'e_learning', 'other')),
  count          integer NOT NULL DEFAULT 1 CHECK (count BETWEEN 1 AND 100000),
  description    text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  done_on        date NOT NULL,
  registered_by  text NOT NULL REFERENCES person(id),
  registered_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (specialty, goal_number) REFERENCES learning_goal(specialty, number)
);
CREATE INDEX goal_activity_record_idx ON goal_activity(record_id, goal_number);

-- The LIS marks a goal as met and sends it for assessment ("sende oppnådde læringsmål til godkjenning").
CREATE TABLE goal_completion (
  record_id     text NOT NULL REFERENCES training_record(id),
  specialty     text NOT NULL,
  goal_number   integer NOT NULL,
  completed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (record_id, specialty, goal_number),
  FOREIGN KEY (specialty, goal_number) REFERENCES learning_goal(specialty, number)
);

-- The collegium's (leader's) assessment of a goal: approved, or not yet with a plan. History kept;
-- the newest row counts.
CREATE TABLE goal_assessment (
  id               text PRIMARY KEY,
  record_id        text NOT NULL REFERENCES training_record(id),
  specialty        text NOT NULL,
  goal_number      integer NOT NULL,
  outcome          text NOT NULL CHECK (outcome IN ('approved', 'not_yet')),
  plan             text CHECK (plan IS NULL OR length(plan) <= 2000),
  assessed_by      text NOT NULL REFERENCES person(id),
  assessed_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (outcome = 'approved' OR plan IS NOT NULL),
  FOREIGN KEY (specialty, goal_number) REFERENCES learning_goal(specialty, number)
);
CREATE INDEX goal_assessment_record_idx ON goal_assessment(record_id, goal_number, assessed_at DESC);

-- Suitability (egnethet) notes: visible only to the supervisor and the leaders of the department.
CREATE TABLE suitability_note (
  id          text PRIMARY KEY,
  record_id   text NOT NULL REFERENCES training_record(id),
  text        text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
  author      text NOT NULL REFERENCES person(id),
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX suitability_note_record_idx ON suitability_note(record_id, at DESC);

-- Supervision meetings (veiledning): 1:1 or group, planned and/or held, on the seed's six themes.
CREATE TABLE supervision_meeting (
  id                     text PRIMARY KEY,
  organization_id        text NOT NULL REFERENCES organization(id),
  kind                   text NOT NULL CHECK (kind IN ('individual', 'group')),
  supervisor_person_id   text NOT NULL REFERENCES person(id),
  planned_at             timestamptz NOT NULL,
  held_at                timestamptz,
  themes                 text[] NOT NULL CHECK (themes <@ ARRAY['career', 'professional', 'research', 'personal', 'radiation_protection', 'work_environment']::text[]),
  summary                text CHECK (summary IS NULL OR length(summary) <= 8000),
  created_by             text NOT NULL REFERENCES person(id),
  created_at             timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE supervision_participant (
  meeting_id  text NOT NULL REFERENCES supervision_meeting(id),
  record_id   text NOT NULL REFERENCES training_record(id),
  PRIMARY KEY (meeting_id, record_id)
);
CREATE INDEX supervision_participant_record_idx ON supervision_participant(record_id);
CREATE TABLE supervision_action (
  id          text PRIMARY KEY,
  meeting_id  text NOT NULL REFERENCES supervision_meeting(id),
  text        text NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
  due_date    date,
  done_at     timestamptz
);
CREATE INDEX supervision_action_meeting_idx ON supervision_action(meeting_id);

-- In-app notifications of the training domain (to supervisor and leader): a group of goals complete.
CREATE TABLE training_notification (
  id          bigserial PRIMARY KEY,
  person_id   text NOT NULL REFERENCES person(id),
  record_id   text NOT NULL REFERENCES training_record(id),
  kind        text NOT NULL CHECK (kind IN ('goal-group-complete')),
  rotation_id text REFERENCES training_rotation(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz,
  UNIQUE (person_id, record_id, kind, rotation_id)
);
CREATE INDEX training_notification_person_idx ON training_notification(person_id, created_at DESC);
