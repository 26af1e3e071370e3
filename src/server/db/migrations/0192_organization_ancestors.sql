-- The organization tree's ancestry kept on each row, so the access gate decides "does this user's
-- grant lie above the referral's department?" from the row it already reads instead of walking the
-- tree with a recursive query per decision (issue 7: the gate adds < 1 ms p99 to a referral read).
--
-- ancestor_ids: the ids above the organization, nearest first (parent, grandparent, …), set by the
-- trigger when the row is inserted. An organization's parent never changes in Radvis (the directory
-- is loaded, not re-parented); the trigger refuses such an update, since it would leave the
-- ancestry of everything below stale. Moving an organization needs a migration that rebuilds the
-- column for its subtree.
ALTER TABLE organization ADD COLUMN ancestor_ids text[] NOT NULL DEFAULT '{}';

WITH RECURSIVE t(id, anc) AS (
  SELECT id, ARRAY[]::text[] FROM organization WHERE parent_id IS NULL
  UNION ALL
  SELECT o.id, ARRAY[o.parent_id] || t.anc FROM organization o JOIN t ON o.parent_id = t.id
)
UPDATE organization o SET ancestor_ids = t.anc FROM t WHERE o.id = t.id;

CREATE FUNCTION organization_ancestry() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.parent_id IS DISTINCT FROM OLD.parent_id THEN
      RAISE EXCEPTION 'organization % cannot move to another parent (its ancestry is fixed)', OLD.id
        USING ERRCODE = 'check_violation';
    END IF;
    NEW.ancestor_ids := OLD.ancestor_ids;
    RETURN NEW;
  END IF;
  IF NEW.parent_id IS NULL THEN
    NEW.ancestor_ids := '{}';
  ELSE
    SELECT ARRAY[NEW.parent_id] || p.ancestor_ids INTO NEW.ancestor_ids FROM organization p WHERE p.id = NEW.parent_id;
    -- No parent row (yet): the foreign key refuses the row, or a load without it checks later.
    IF NEW.ancestor_ids IS NULL THEN
      NEW.ancestor_ids := ARRAY[NEW.parent_id];
    END IF;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER organization_ancestry BEFORE INSERT OR UPDATE ON organization
  FOR EACH ROW EXECUTE FUNCTION organization_ancestry();
