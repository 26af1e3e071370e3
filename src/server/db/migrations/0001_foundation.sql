-- 0001 foundation: directory (regions, trusts, sites, machines, institutes, practices,
-- municipalities, hospital referral areas, population), people, accounts, sessions,
-- patients, the access log, and the referral/exam core that later domains extend.
-- Forward-only. Runs unchanged on PostgreSQL 15+ and PGlite.

-- Regional health authorities (RHF).
CREATE TABLE region (
  id          text PRIMARY KEY,              -- 'nord', 'midt', 'vest', 'sor-ost'
  name        text NOT NULL
);

-- Hospital referral areas (opptaksområder) as used by Helseatlas.
CREATE TABLE hospital_area (
  id          text PRIMARY KEY,              -- e.g. 'bergen'
  name        text NOT NULL,
  region_id   text NOT NULL REFERENCES region(id)
);

-- Population per area, year, sex and 5-year age band (age_from = 0, 5, …, 90 where 90 = 90+).
CREATE TABLE area_population (
  area_id     text NOT NULL REFERENCES hospital_area(id),
  year        integer NOT NULL,
  sex         text NOT NULL CHECK (sex IN ('M', 'F')),
  age_from    integer NOT NULL CHECK (age_from >= 0 AND age_from <= 90 AND age_from % 5 = 0),
  population  integer NOT NULL CHECK (population >= 0),
  PRIMARY KEY (area_id, year, sex, age_from)
);

CREATE TABLE municipality (
  number      text PRIMARY KEY CHECK (number ~ '^[0-9]{4}([0-9]{2})?$'),  -- kommunenummer; 6 digits for an Oslo bydel (areas split Oslo by bydel)
  name        text NOT NULL,
  area_id     text NOT NULL REFERENCES hospital_area(id),
  population  integer NOT NULL DEFAULT 0
);
CREATE INDEX municipality_area_idx ON municipality(area_id);

-- Every organization in one tree: RHF → HF → site → department; private institutes,
-- private non-profit hospitals and GP practices stand on their own (parent NULL or their RHF).
CREATE TABLE organization (
  id                  text PRIMARY KEY,
  kind                text NOT NULL CHECK (kind IN ('rhf', 'hf', 'site', 'department', 'private_hospital', 'private_institute', 'gp_practice', 'specialist_practice', 'network')),
  name                text NOT NULL,
  short_name          text,
  parent_id           text REFERENCES organization(id),
  region_id           text REFERENCES region(id),
  area_id             text REFERENCES hospital_area(id),
  municipality_number text REFERENCES municipality(number),
  org_number          text CHECK (org_number IS NULL OR org_number ~ '^[0-9]{9}$'),
  active              boolean NOT NULL DEFAULT true
);
CREATE INDEX organization_parent_idx ON organization(parent_id);
CREATE INDEX organization_kind_idx ON organization(kind);

-- Purchase agreements between a health trust (or RHF) and a private institute.
CREATE TABLE purchase_agreement (
  id              text PRIMARY KEY,
  buyer_org_id    text NOT NULL REFERENCES organization(id),
  provider_org_id text NOT NULL REFERENCES organization(id),
  modalities      text[] NOT NULL,
  annual_volume   integer,
  valid_from      date NOT NULL,
  valid_to        date,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

-- Modalities as machines.
CREATE TABLE modality (
  id            text PRIMARY KEY,
  site_org_id   text NOT NULL REFERENCES organization(id),
  kind          text NOT NULL CHECK (kind IN ('CR', 'DX', 'CT', 'MR', 'US', 'NM', 'PET', 'MG', 'RF', 'XA')),
  name          text NOT NULL,
  ae_title      text NOT NULL UNIQUE CHECK (ae_title ~ '^[A-Z0-9_]{1,16}$'),
  -- Opening hours per weekday: {"mon": ["07:30", "15:30"], …}; missing day = closed.
  opening_hours jsonb NOT NULL,
  shifts        integer NOT NULL DEFAULT 1 CHECK (shifts BETWEEN 1 AND 3),
  active        boolean NOT NULL DEFAULT true
);
CREATE INDEX modality_site_idx ON modality(site_org_id);

-- People (health personnel and other staff). HPR number for authorised health personnel.
CREATE TABLE person (
  id            text PRIMARY KEY,
  hpr_number    text UNIQUE CHECK (hpr_number IS NULL OR hpr_number ~ '^[0-9]{7,9}$'),
  given_name    text NOT NULL,
  family_name   text NOT NULL,
  profession    text NOT NULL CHECK (profession IN ('physician', 'radiographer', 'chiropractor', 'manual_therapist', 'secretary', 'other')),
  -- For referrers: what kind of referrer (drives limited referral rights).
  referrer_kind text CHECK (referrer_kind IS NULL OR referrer_kind IN ('gp', 'hospital_doctor', 'private_specialist', 'chiropractor', 'manual_therapist')),
  email         text
);

CREATE TABLE user_account (
  id                text PRIMARY KEY,
  person_id         text NOT NULL UNIQUE REFERENCES person(id),
  username          text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
  password_hash     text,                    -- argon2id PHC string; NULL for accounts that only use an external IdP
  active            boolean NOT NULL DEFAULT true,
  failed_attempts   integer NOT NULL DEFAULT 0,
  locked_until      timestamptz,
  locale            text NOT NULL DEFAULT 'nb' CHECK (locale IN ('nb', 'en')),
  created_at        timestamptz NOT NULL DEFAULT now(),
  last_login_at     timestamptz
);

-- A role held in an organization. Access is granted to the organization and its subtree.
CREATE TABLE role_assignment (
  id              text PRIMARY KEY,
  user_id         text NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
  role            text NOT NULL CHECK (role IN ('referrer', 'radiologist', 'lis', 'radiographer', 'reporting_radiographer', 'secretary', 'department_leader', 'network_editor', 'analyst', 'admin')),
  organization_id text NOT NULL REFERENCES organization(id),
  UNIQUE (user_id, role, organization_id)
);
CREATE INDEX role_assignment_user_idx ON role_assignment(user_id);

CREATE TABLE session (
  id_hash       text PRIMARY KEY,            -- sha256 of the cookie token; the token itself is never stored
  user_id       text NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  ip            text,
  user_agent    text
);
CREATE INDEX session_user_idx ON session(user_id);

CREATE TABLE patient (
  id                  text PRIMARY KEY,
  fnr                 text NOT NULL UNIQUE CHECK (fnr ~ '^[0-9]{11}$'),
  given_name          text NOT NULL,
  family_name         text NOT NULL,
  birth_date          date NOT NULL,
  sex                 text NOT NULL CHECK (sex IN ('M', 'F')),
  municipality_number text NOT NULL REFERENCES municipality(number),
  gp_person_id        text REFERENCES person(id)
);
CREATE INDEX patient_municipality_idx ON patient(municipality_number);
CREATE INDEX patient_name_idx ON patient(family_name, given_name);

-- Normen / pasientjournalloven § 16: an append-only record of every read and write of patient
-- data. Written in the same transaction as the access. UPDATE and DELETE are refused.
CREATE TABLE access_log (
  id              bigserial PRIMARY KEY,
  at              timestamptz NOT NULL DEFAULT now(),
  user_id         text,                       -- NULL for system access (e.g. an external FHIR client)
  actor_name      text NOT NULL,
  role            text,
  organization_id text,
  patient_id      text NOT NULL,
  resource_type   text NOT NULL,
  resource_id     text,
  action          text NOT NULL CHECK (action IN ('read', 'search', 'create', 'update', 'delete', 'export')),
  context         text NOT NULL,              -- why: the screen or API operation
  client          text                        -- IP address / client id
);
CREATE INDEX access_log_patient_idx ON access_log(patient_id, at);
CREATE INDEX access_log_user_idx ON access_log(user_id, at);
CREATE INDEX access_log_at_idx ON access_log(at);

CREATE FUNCTION access_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'access_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_log_no_update BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION access_log_append_only();

-- Exam catalogue (NCRP), loaded from content/codes/ncrp.csv.
CREATE TABLE exam_code (
  code        text PRIMARY KEY CHECK (code ~ '^[A-Z]{3}[0-9][A-Z]{2}$'),
  name        text NOT NULL,
  name_en     text,
  modality    text NOT NULL,
  body_part   text NOT NULL,
  verified    boolean NOT NULL DEFAULT false,  -- true when checked against the published NCRP list
  source      text
);

-- Referrals. Historical ones come from the synthetic generator; new ones from the referral domain.
CREATE TABLE referral (
  id                  text PRIMARY KEY,
  patient_id          text NOT NULL REFERENCES patient(id),
  referrer_person_id  text NOT NULL REFERENCES person(id),
  referrer_org_id     text NOT NULL REFERENCES organization(id),
  department_org_id   text NOT NULL REFERENCES organization(id),
  exam_code           text NOT NULL REFERENCES exam_code(code),
  indication_system   text CHECK (indication_system IS NULL OR indication_system IN ('ICPC-2', 'ICD-10')),
  indication_code     text,
  clinical_question   text,
  clinical_note       text,
  urgency             text NOT NULL DEFAULT 'routine' CHECK (urgency IN ('emergency', 'urgent', 'routine', 'planned')),
  status              text NOT NULL CHECK (status IN ('draft', 'submitted', 'accepted', 'returned', 'redirected', 'info_requested', 'scheduled', 'performed', 'reported', 'cancelled')),
  low_value           boolean,                 -- set by the generator / advice engine when the request matches a low-value pattern
  patient_area_id     text REFERENCES hospital_area(id),
  patient_age         integer,
  patient_sex         text CHECK (patient_sex IS NULL OR patient_sex IN ('M', 'F')),
  created_at          timestamptz NOT NULL DEFAULT now(),
  submitted_at        timestamptz,
  assessed_at         timestamptz,
  scheduled_at        timestamptz,
  performed_at        timestamptz,
  reported_at         timestamptz,
  source              text NOT NULL DEFAULT 'app' CHECK (source IN ('app', 'fhir', 'synthetic'))
);
CREATE INDEX referral_patient_idx ON referral(patient_id);
CREATE INDEX referral_referrer_idx ON referral(referrer_person_id);
CREATE INDEX referral_department_status_idx ON referral(department_org_id, status);
CREATE INDEX referral_submitted_idx ON referral(submitted_at);

-- Performed exams (one referral may give more than one exam).
CREATE TABLE exam (
  id              text PRIMARY KEY,
  referral_id     text NOT NULL REFERENCES referral(id),
  exam_code       text NOT NULL REFERENCES exam_code(code),
  modality_id     text REFERENCES modality(id),
  performing_org_id text NOT NULL REFERENCES organization(id),
  patient_area_id text REFERENCES hospital_area(id),
  performed_at    timestamptz NOT NULL,
  reported_at     timestamptz
);
CREATE INDEX exam_referral_idx ON exam(referral_id);
CREATE INDEX exam_performed_idx ON exam(performed_at);

-- Key/value facts about this installation (e.g. when the synthetic region was seeded).
CREATE TABLE app_meta (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
