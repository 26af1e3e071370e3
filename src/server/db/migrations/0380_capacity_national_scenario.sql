-- Issue 12 (the lead's decision, 2026-12-02): an analyst saves a capacity scenario over all of
-- Norway that only analysts see ("Kun analytikere"). Such a scenario belongs to no region: its
-- region_id is NULL. Regional planners list only their region's scenarios; opening a national one
-- is refused (403, logged). A regional scenario keeps its region (capacity/service.ts decides).
ALTER TABLE capacity_scenario ALTER COLUMN region_id DROP NOT NULL;

-- Names are unique among the national scenarios as they are within a region (UNIQUE (region_id,
-- name) does not compare NULLs).
CREATE UNIQUE INDEX capacity_scenario_national_name_idx ON capacity_scenario (name) WHERE region_id IS NULL;
