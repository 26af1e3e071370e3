-- 0205 versions of training plans (issue 13, follow-up items 1 and 2): every version of a
-- department's plan (the rotation table) and of each LIS's individual plan is kept with who, when
-- and why, so a leader can compare two versions and the LIS sees the history of their own plan; and
-- a LIS's rotation can be moved in the individual plan (leave, sick leave, a rotation postponed at
-- the other hospital) without changing the department plan. Source: the Ahus plan (seed 004, 2.1.3:
-- "Dersom det oppstår forsinkelser eller endringer i utdanningsforløpet, vil individuell
-- utdanningsplan bli revidert, i samråd med aktuelle utdanningssteder og LIS").
--
-- A snapshot is the whole plan as it stood (JSON, camelCase): name, source and rotations (id,
-- years, trust, hospital, section, external, goal numbers) — for an individual plan also the start
-- date, the supervisor's name and each rotation's dates and move reason. Rows are never changed.

CREATE TABLE training_plan_version (
  plan_id     text NOT NULL REFERENCES training_plan(id),
  version     integer NOT NULL CHECK (version >= 1),
  kind        text NOT NULL CHECK (kind IN ('created', 'edited', 'baseline')),
  snapshot    jsonb NOT NULL,
  reason      text CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 1000),
  changed_by  text,
  changed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (plan_id, version)
);

CREATE TABLE training_record_version (
  record_id     text NOT NULL REFERENCES training_record(id),
  version       integer NOT NULL CHECK (version >= 1),
  -- created; moved (dates of the individual plan moved); plan_changed (the department plan was
  -- edited: plan_version names which); baseline (the state when versions began to be kept).
  kind          text NOT NULL CHECK (kind IN ('created', 'moved', 'plan_changed', 'baseline')),
  plan_version  integer,
  snapshot      jsonb NOT NULL,
  reason        text CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 1000),
  changed_by    text,
  changed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (record_id, version)
);

-- A rotation moved in one LIS's individual plan keeps its own dates when the department plan changes.
ALTER TABLE training_record_rotation ADD COLUMN moved_reason text CHECK (moved_reason IS NULL OR length(moved_reason) BETWEEN 1 AND 1000);
ALTER TABLE training_record_rotation ADD COLUMN moved_by text;
ALTER TABLE training_record_rotation ADD COLUMN moved_at timestamptz;

-- Baselines: the plans and individual plans as they stand now (version 1).
INSERT INTO training_plan_version (plan_id, version, kind, snapshot, reason, changed_by, changed_at)
SELECT tp.id, 1, 'baseline',
  jsonb_build_object(
    'name', tp.name, 'source', tp.source,
    'rotations', COALESCE((
      SELECT jsonb_agg(jsonb_build_object(
        'id', r.id, 'fromYears', r.from_years, 'toYears', r.to_years, 'trust', r.trust, 'hospital', r.hospital,
        'section', r.section, 'external', r.external, 'goalNumbers', to_jsonb(r.goal_numbers)) ORDER BY r.seq)
      FROM training_rotation r WHERE r.plan_id = tp.id AND r.removed_at IS NULL), '[]'::jsonb)),
  NULL, COALESCE(tp.updated_by, tp.created_by), COALESCE(tp.updated_at, tp.created_at)
FROM training_plan tp;

INSERT INTO training_record_version (record_id, version, kind, plan_version, snapshot, reason, changed_by, changed_at)
SELECT rec.id, 1, 'baseline', 1,
  jsonb_build_object(
    'name', tp.name, 'source', tp.source, 'startDate', to_char(rec.start_date, 'YYYY-MM-DD'),
    'supervisor', s.given_name || ' ' || s.family_name,
    'rotations', COALESCE((
      SELECT jsonb_agg(jsonb_build_object(
        'id', r.id, 'fromYears', r.from_years, 'toYears', r.to_years, 'trust', r.trust, 'hospital', r.hospital,
        'section', r.section, 'external', r.external, 'goalNumbers', to_jsonb(r.goal_numbers),
        'plannedStart', to_char(rr.planned_start, 'YYYY-MM-DD'), 'plannedEnd', to_char(rr.planned_end, 'YYYY-MM-DD'),
        'movedReason', NULL) ORDER BY r.seq)
      FROM training_rotation r JOIN training_record_rotation rr ON rr.rotation_id = r.id AND rr.record_id = rec.id
      WHERE r.plan_id = tp.id AND r.removed_at IS NULL), '[]'::jsonb)),
  NULL, rec.created_by, now()
FROM training_record rec
JOIN training_plan tp ON tp.id = rec.plan_id
JOIN person s ON s.id = rec.supervisor_person_id;

-- Learning-goal titles imported by a department (CSV): every imported title is logged with the one it
-- replaced, who imported it, when and from which source; learning_goal holds the current title.
CREATE TABLE learning_goal_title_log (
  id              bigserial PRIMARY KEY,
  specialty       text NOT NULL,
  number          integer NOT NULL,
  title           text NOT NULL,
  previous_title  text,
  source          text NOT NULL,
  imported_by     text,
  imported_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX learning_goal_title_log_goal_idx ON learning_goal_title_log(specialty, number, imported_at DESC);
