-- 0150 capacity planning (issue 12): saved scenarios shared within a region, imported population
-- projections (SSB format), and the installation data of the equipment fleet. Aggregates only:
-- nothing here refers to a patient.

-- A named scenario of a region: its parameters (area, years, demand, staff, minutes, levers) as
-- the API's ScenarioParams JSON. Everyone with a capacity role in the region sees it; `version` is
-- the optimistic concurrency token for edits (409 on a stale one).
CREATE TABLE capacity_scenario (
  id          text PRIMARY KEY,
  region_id   text NOT NULL REFERENCES region(id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  params      jsonb NOT NULL,
  created_by  text NOT NULL REFERENCES user_account(id),
  updated_by  text NOT NULL REFERENCES user_account(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     integer NOT NULL DEFAULT 1,
  UNIQUE (region_id, name)
);

-- One import of a population projection file; its rows replace earlier rows of the same area and year.
CREATE TABLE capacity_projection_import (
  id           bigserial PRIMARY KEY,
  label        text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  alternative  text,
  rows         integer NOT NULL,
  imported_by  text NOT NULL REFERENCES user_account(id),
  imported_at  timestamptz NOT NULL DEFAULT now()
);

-- Projected population by referral area × year × sex × 5-year band (age_from 90 = 90+).
CREATE TABLE capacity_projection (
  area_id     text NOT NULL REFERENCES hospital_area(id),
  year        integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  sex         text NOT NULL CHECK (sex IN ('M', 'F')),
  age_from    integer NOT NULL CHECK (age_from BETWEEN 0 AND 90 AND age_from % 5 = 0),
  population  integer NOT NULL CHECK (population >= 0),
  import_id   bigint NOT NULL REFERENCES capacity_projection_import(id),
  PRIMARY KEY (area_id, year, sex, age_from)
);

-- Installation data of a machine (modality), for age, replacement plan and investment. A
-- machine without a row has an unknown installation year and is listed as such.
CREATE TABLE capacity_equipment (
  modality_id           text PRIMARY KEY REFERENCES modality(id),
  installed_year        integer NOT NULL CHECK (installed_year BETWEEN 1970 AND 2100),
  lifetime_years        integer CHECK (lifetime_years BETWEEN 1 AND 40),
  replacement_cost_nok  bigint CHECK (replacement_cost_nok >= 0),
  updated_by            text REFERENCES user_account(id),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
