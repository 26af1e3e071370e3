-- 0191 editing a department's training plan (issue 13 item 1: the plan's rotations — years ×
-- hospital × section × goal numbers — are added, changed and removed by the department's leaders).
-- A removed rotation is kept (removed_at, removed_by), since individual plans and notifications
-- point at it; only rotations not removed make up the plan. seq is unique among those only, so the
-- rows can be renumbered. The plan records who changed it last and when.
ALTER TABLE training_rotation DROP CONSTRAINT training_rotation_plan_id_seq_key;
ALTER TABLE training_rotation ADD COLUMN removed_at timestamptz;
ALTER TABLE training_rotation ADD COLUMN removed_by text;
CREATE UNIQUE INDEX training_rotation_plan_seq_idx ON training_rotation(plan_id, seq) WHERE removed_at IS NULL;

ALTER TABLE training_plan ADD COLUMN updated_at timestamptz;
ALTER TABLE training_plan ADD COLUMN updated_by text;
