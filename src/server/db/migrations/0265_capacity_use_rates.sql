-- 0265 imported use rates (issue 12 item 1: today's use per 10,000 "from Radvis's own exam data, or
-- an imported table"): a region whose exams do not all pass through Radvis yet can plan from its
-- own statistics. An import replaces the imported rows of the areas it covers; areas without
-- imported rows use Radvis' own rates. Aggregates only: nothing refers to a patient.
CREATE TABLE capacity_use_rate_import (
  id           bigserial PRIMARY KEY,
  label        text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  rate_year    integer NOT NULL CHECK (rate_year BETWEEN 2000 AND 2100),
  rows         integer NOT NULL,
  imported_by  text NOT NULL REFERENCES user_account(id),
  imported_at  timestamptz NOT NULL DEFAULT now()
);

-- Exams per 10,000 inhabitants by referral area × exam type × sex × 5-year band (age_from 90 = 90+).
CREATE TABLE capacity_use_rate (
  area_id     text NOT NULL REFERENCES hospital_area(id),
  exam_type   text NOT NULL CHECK (exam_type ~ '^[A-Z]{2,3}$'),
  sex         text NOT NULL CHECK (sex IN ('M', 'F')),
  age_from    integer NOT NULL CHECK (age_from BETWEEN 0 AND 90 AND age_from % 5 = 0),
  per_10000   double precision NOT NULL CHECK (per_10000 >= 0 AND per_10000 <= 100000),
  import_id   bigint NOT NULL REFERENCES capacity_use_rate_import(id),
  PRIMARY KEY (area_id, exam_type, sex, age_from)
);
