-- Subtrees by ancestry (reading/store.ts listsForOrganizations: a list's own and standing
-- organizations, the organizations related to a reader's grants): `ancestor_ids @> ARRAY[id]` finds
-- every organization below `id` through this index instead of a recursive query per list.
CREATE INDEX IF NOT EXISTS organization_ancestor_ids_idx ON organization USING gin (ancestor_ids);
