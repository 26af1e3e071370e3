-- 0120 reading: regional reading worklists (beskrivelseslister). Reader profiles, worklists as rules
-- over exam attributes owned by a department or the region, hand-over of exams to another trust's or a
-- regional list, the reading case (one per performed, unread exam: its priority, deadline, AI flag and
-- claim), AI findings from registered systems with the reader's verdict, and the priority rules.
-- The rules themselves are in src/server/reading/ (docs/domain.md, "Reading worklists").

-- A reader: role, subspecialties, the exam types (NCRP codes) they may report alone, home trust, availability.
--  - radiologist: reports alone.
--  - lis: reports preliminary (countersigned) unless the exam type is in solo_exam_codes.
--  - reporting_radiographer: reads only the exam types in solo_exam_codes (approved scope).
CREATE TABLE reader_profile (
  person_id        text PRIMARY KEY REFERENCES person(id),
  role             text NOT NULL CHECK (role IN ('radiologist', 'lis', 'reporting_radiographer')),
  home_org_id      text NOT NULL REFERENCES organization(id),
  subspecialties   text[] NOT NULL DEFAULT '{}',
  solo_exam_codes  text[] NOT NULL DEFAULT '{}',
  available        boolean NOT NULL DEFAULT true,
  updated_by       text,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- A worklist as rules. NULL rule = any. `regional` lists (and lists of another trust) get exams only
-- by hand-over; a department list gets the exams performed in its owner's subtree that match.
CREATE TABLE reading_list (
  id             text PRIMARY KEY,
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  owner_org_id   text NOT NULL REFERENCES organization(id),
  regional       boolean NOT NULL DEFAULT false,
  modalities     text[],
  body_parts     text[],
  exam_codes     text[],
  priorities     text[],
  site_org_ids   text[],
  trust_org_ids  text[],
  subspecialty   text,
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- Reading deadline per priority (hours from performed), used when a case is created or re-prioritized.
CREATE TABLE reading_deadline (
  priority  text PRIMARY KEY CHECK (priority IN ('acute', 'cancer_pathway', 'urgent', 'routine', 'planned')),
  rank      integer NOT NULL UNIQUE,
  hours     integer NOT NULL CHECK (hours > 0)
);
INSERT INTO reading_deadline (priority, rank, hours) VALUES
  ('acute', 0, 1), ('cancer_pathway', 1, 24), ('urgent', 2, 24), ('routine', 3, 72), ('planned', 4, 168);

-- One case per performed, unread exam (created by the trigger below when an exam row is inserted).
CREATE TABLE reading_case (
  exam_id            text PRIMARY KEY REFERENCES exam(id),
  referral_id        text NOT NULL REFERENCES referral(id),
  patient_id         text NOT NULL REFERENCES patient(id),
  performing_org_id  text NOT NULL REFERENCES organization(id),
  site_org_id        text,
  trust_org_id       text,
  exam_code          text NOT NULL,
  modality           text NOT NULL,
  body_part          text NOT NULL,
  accession_number   text,
  study_instance_uid text,
  base_priority      text NOT NULL REFERENCES reading_deadline(priority),
  priority           text NOT NULL REFERENCES reading_deadline(priority),
  priority_rank      integer NOT NULL,
  ai_flag            boolean NOT NULL DEFAULT false,
  performed_at       timestamptz NOT NULL,
  due_at             timestamptz NOT NULL,
  open               boolean NOT NULL DEFAULT true,
  claimed_by         text REFERENCES person(id),
  claimed_at         timestamptz,
  claim_expires_at   timestamptz,
  closed_at          timestamptz
);
-- The order of the lists and "next case": open cases by priority, AI, deadline, age.
CREATE INDEX reading_case_order_idx ON reading_case(priority_rank, ai_flag DESC, due_at, performed_at, exam_id) WHERE open;
-- Starvation: the oldest open cases.
CREATE INDEX reading_case_age_idx ON reading_case(performed_at) WHERE open;
CREATE INDEX reading_case_claim_idx ON reading_case(claimed_by) WHERE open;
CREATE INDEX reading_case_accession_idx ON reading_case(accession_number);
CREATE INDEX reading_case_study_idx ON reading_case(study_instance_uid);

-- Hand-over: the owning department puts one exam into another trust's or a regional list.
CREATE TABLE reading_handover (
  exam_id     text NOT NULL REFERENCES reading_case(exam_id),
  list_id     text NOT NULL REFERENCES reading_list(id),
  by_user_id  text,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (exam_id, list_id)
);
CREATE INDEX reading_handover_list_idx ON reading_handover(list_id);

-- A standing hand-over agreed by a department: its exams that match the list's rules enter the list.
CREATE TABLE reading_handover_rule (
  from_org_id  text NOT NULL REFERENCES organization(id),
  list_id      text NOT NULL REFERENCES reading_list(id),
  by_user_id   text,
  at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (from_org_id, list_id)
);

-- What happened to a case: claims (next case / manual), releases, reassignments, hand-overs, AI.
CREATE TABLE reading_case_event (
  id          bigserial PRIMARY KEY,
  exam_id     text NOT NULL REFERENCES reading_case(exam_id),
  at          timestamptz NOT NULL DEFAULT now(),
  kind        text NOT NULL CHECK (kind IN ('next', 'claim', 'release', 'reassign', 'handover', 'ai_finding', 'ai_verdict')),
  user_id     text,
  person_id   text,
  detail      jsonb
);
CREATE INDEX reading_case_event_exam_idx ON reading_case_event(exam_id, at);

-- AI findings from registered systems (api_client with scope 'reading.ai'); the reader's verdict is kept.
CREATE TABLE ai_finding (
  id            text PRIMARY KEY,
  exam_id       text NOT NULL REFERENCES reading_case(exam_id),
  client_id     text NOT NULL REFERENCES api_client(id),
  code          text NOT NULL CHECK (code IN ('fracture', 'intracranial_haemorrhage', 'pulmonary_embolism', 'pneumothorax', 'lung_nodule')),
  confidence    double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
  received_at   timestamptz NOT NULL DEFAULT now(),
  resource      jsonb NOT NULL,
  verdict       text CHECK (verdict IN ('confirmed', 'rejected')),
  verdict_by    text REFERENCES person(id),
  verdict_at    timestamptz
);
CREATE INDEX ai_finding_exam_idx ON ai_finding(exam_id);

-- A finding the reader saw that the AI did not report (a false negative), so sensitivity can be computed.
CREATE TABLE ai_missed_finding (
  exam_id     text NOT NULL REFERENCES reading_case(exam_id),
  code        text NOT NULL CHECK (code IN ('fracture', 'intracranial_haemorrhage', 'pulmonary_embolism', 'pneumothorax', 'lung_nodule')),
  person_id   text NOT NULL REFERENCES person(id),
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (exam_id, code)
);

-- Configurable: a finding at or above min_confidence raises the case to `priority` (never lowers it).
CREATE TABLE ai_priority_rule (
  code            text NOT NULL,
  min_confidence  double precision NOT NULL CHECK (min_confidence >= 0 AND min_confidence <= 1),
  priority        text NOT NULL REFERENCES reading_deadline(priority),
  PRIMARY KEY (code, min_confidence)
);
INSERT INTO ai_priority_rule (code, min_confidence, priority) VALUES
  ('intracranial_haemorrhage', 0.5, 'acute'), ('pulmonary_embolism', 0.5, 'acute'), ('pneumothorax', 0.6, 'acute'),
  ('fracture', 0.7, 'urgent'), ('lung_nodule', 0.8, 'urgent');

-- A performed exam without a report becomes a reading case; a reported one leaves the lists.
-- Priority from the referral: emergency → acute, cancer pathway, urgent, planned, else routine.
CREATE FUNCTION reading_case_from_exam() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.reported_at IS NULL THEN
      INSERT INTO reading_case (exam_id, referral_id, patient_id, performing_org_id, site_org_id, trust_org_id, exam_code, modality, body_part,
                                accession_number, study_instance_uid, base_priority, priority, priority_rank, performed_at, due_at)
      SELECT NEW.id, r.id, r.patient_id, NEW.performing_org_id,
             CASE WHEN site.kind = 'site' THEN site.id END,
             CASE WHEN trust.kind IN ('hf', 'private_hospital', 'private_institute') THEN trust.id
                  WHEN site.kind IN ('hf', 'private_hospital', 'private_institute') THEN site.id END,
             NEW.exam_code, ec.modality, ec.body_part, rp.accession_number, rp.study_instance_uid, d.priority, d.priority, d.rank,
             NEW.performed_at, NEW.performed_at + make_interval(hours => d.hours)
      FROM referral r
      JOIN exam_code ec ON ec.code = NEW.exam_code
      JOIN reading_deadline d ON d.priority = CASE
             WHEN r.urgency = 'emergency' OR r.priority_category = 'emergency' THEN 'acute'
             WHEN r.priority_category = 'cancer_pathway' THEN 'cancer_pathway'
             WHEN r.urgency = 'urgent' THEN 'urgent'
             WHEN r.urgency = 'planned' THEN 'planned'
             ELSE 'routine' END
      LEFT JOIN organization dept ON dept.id = NEW.performing_org_id
      LEFT JOIN organization site ON site.id = dept.parent_id
      LEFT JOIN organization trust ON trust.id = site.parent_id
      LEFT JOIN LATERAL (SELECT accession_number, study_instance_uid FROM requested_procedure WHERE referral_id = r.id ORDER BY created_at LIMIT 1) rp ON true
      WHERE r.id = NEW.referral_id
      ON CONFLICT (exam_id) DO NOTHING;
    END IF;
  ELSIF NEW.reported_at IS NOT NULL AND OLD.reported_at IS NULL THEN
    UPDATE reading_case SET open = false, closed_at = NEW.reported_at, claimed_by = NULL, claim_expires_at = NULL WHERE exam_id = NEW.id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER exam_reading_case AFTER INSERT OR UPDATE OF reported_at ON exam
  FOR EACH ROW EXECUTE FUNCTION reading_case_from_exam();
