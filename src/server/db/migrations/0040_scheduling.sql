-- 0040 scheduling: requested procedures and scheduled procedure steps for referrals (the RIS
-- side that the DICOM Modality Worklist serves), performed procedure steps reported by the
-- modalities (MPPS), and a timestamped history of every step's state changes.
-- DICOM PS3.3 C.4.10 (Scheduled Procedure Step), C.4.11 (Requested Procedure), C.4.13-C.4.14 (MPPS).

-- Accession numbers (DICOM SH, at most 16 characters): 'RV' + a running number.
CREATE SEQUENCE accession_number_seq START 1;

-- A requested procedure: one exam a referral asks for, with its study.
CREATE TABLE requested_procedure (
  id                     text PRIMARY KEY,
  referral_id            text NOT NULL REFERENCES referral(id),
  patient_id             text NOT NULL REFERENCES patient(id),
  department_org_id      text NOT NULL REFERENCES organization(id),
  accession_number       text NOT NULL UNIQUE CHECK (length(accession_number) BETWEEN 1 AND 16),
  requested_procedure_id text NOT NULL CHECK (length(requested_procedure_id) BETWEEN 1 AND 16),
  study_instance_uid     text NOT NULL UNIQUE CHECK (study_instance_uid ~ '^[0-9]+(\.[0-9]+)*$' AND length(study_instance_uid) <= 64),
  description            text NOT NULL,
  priority               text NOT NULL DEFAULT 'ROUTINE' CHECK (priority IN ('STAT', 'HIGH', 'ROUTINE', 'MEDIUM', 'LOW')),
  comments               text,
  created_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX requested_procedure_referral_idx ON requested_procedure(referral_id);
CREATE INDEX requested_procedure_patient_idx ON requested_procedure(patient_id);

-- A scheduled procedure step on one machine (its AE title is the Scheduled Station AE Title).
-- start_date / start_time are Norwegian wall-clock time (Europe/Oslo), as DICOM DA/TM are.
CREATE TABLE scheduled_procedure_step (
  id                      text PRIMARY KEY,
  requested_procedure_id  text NOT NULL REFERENCES requested_procedure(id),
  sps_id                  text NOT NULL CHECK (length(sps_id) BETWEEN 1 AND 16),
  modality_id             text NOT NULL REFERENCES modality(id),
  modality                text NOT NULL CHECK (modality ~ '^[A-Z]{2,16}$'),
  start_date              date NOT NULL,
  start_time              time NOT NULL,
  description             text NOT NULL,
  performing_physician    text,                 -- DICOM PN: Family^Given
  status                  text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'in_progress', 'completed', 'discontinued')),
  created_at              timestamptz NOT NULL DEFAULT now(),
  status_changed_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (requested_procedure_id, sps_id)
);
CREATE INDEX scheduled_procedure_step_machine_day_idx ON scheduled_procedure_step(modality_id, start_date, start_time);
CREATE INDEX scheduled_procedure_step_day_idx ON scheduled_procedure_step(start_date, start_time);

-- Every state change of a step, timestamped (waiting-time measurements read this).
CREATE TABLE procedure_step_event (
  id           bigserial PRIMARY KEY,
  step_id      text NOT NULL REFERENCES scheduled_procedure_step(id),
  at           timestamptz NOT NULL DEFAULT now(),
  from_status  text,
  to_status    text NOT NULL,
  source       text NOT NULL CHECK (source IN ('app', 'mpps', 'demo')),
  detail       text
);
CREATE INDEX procedure_step_event_step_idx ON procedure_step_event(step_id, at);

-- Modality Performed Procedure Steps as the modalities report them (N-CREATE / N-SET).
CREATE TABLE performed_procedure_step (
  sop_instance_uid      text PRIMARY KEY CHECK (length(sop_instance_uid) <= 64),
  step_id               text REFERENCES scheduled_procedure_step(id),   -- NULL: an unscheduled exam
  modality_id           text NOT NULL REFERENCES modality(id),           -- the machine that reported it
  status                text NOT NULL CHECK (status IN ('in_progress', 'completed', 'discontinued')),
  started_at            timestamptz,
  ended_at              timestamptz,
  discontinuation_reason text,
  attributes            jsonb NOT NULL,                                  -- the last dataset received, as JSON
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX performed_procedure_step_step_idx ON performed_procedure_step(step_id);

-- A worklist query is logged as one access-log row naming every patient it returned; the
-- access_log.patient_ids column for that comes with migration 0050.
