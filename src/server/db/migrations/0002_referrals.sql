-- 0002 referrals with advice: what the referrer answered, the advice shown, the decisions
-- taken on it, CDS Hooks feedback, external identifiers, and system clients for FHIR.

ALTER TABLE referral ADD COLUMN facts jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE referral ADD COLUMN contraindications jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE referral ADD COLUMN advice jsonb;                 -- snapshot of the advice when sent
ALTER TABLE referral ADD COLUMN identifier_system text;       -- external identifier (FHIR conditional create)
ALTER TABLE referral ADD COLUMN identifier_value text;
CREATE UNIQUE INDEX referral_identifier_idx ON referral(identifier_system, identifier_value) WHERE identifier_value IS NOT NULL;

-- Every piece of advice shown, in the app or as a CDS Hooks card.
CREATE TABLE advice_event (
  id             bigserial PRIMARY KEY,
  at             timestamptz NOT NULL DEFAULT now(),
  source         text NOT NULL CHECK (source IN ('app', 'cds-hooks')),
  user_id        text,
  client         text,
  draft_id       text,
  hook_instance  text,
  card_uuid      text,
  referral_id    text REFERENCES referral(id),
  exam_code      text NOT NULL,
  topic_id       text NOT NULL,
  topic_version  text NOT NULL,
  rating         text NOT NULL,
  score          integer,
  facts          jsonb NOT NULL,
  missing_facts  jsonb NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX advice_event_draft_idx ON advice_event(draft_id, id);
CREATE INDEX advice_event_at_idx ON advice_event(at);

-- What the referrer did with the advice when sending.
CREATE TABLE referral_decision (
  id             bigserial PRIMARY KEY,
  at             timestamptz NOT NULL DEFAULT now(),
  referral_id    text NOT NULL REFERENCES referral(id),
  user_id        text,
  topic_id       text NOT NULL,
  topic_version  text NOT NULL,
  rating         text NOT NULL,
  decision       text NOT NULL CHECK (decision IN ('followed', 'overridden', 'alternative_accepted')),
  reason_code    text,
  reason_text    text
);
CREATE INDEX referral_decision_referral_idx ON referral_decision(referral_id);

-- CDS Hooks feedback (accepted / overridden cards).
CREATE TABLE cds_feedback (
  id                   bigserial PRIMARY KEY,
  at                   timestamptz NOT NULL DEFAULT now(),
  service_id           text NOT NULL,
  card_uuid            text NOT NULL,
  outcome              text NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
  accepted_suggestions jsonb,
  override_reason      jsonb,
  outcome_timestamp    timestamptz NOT NULL,
  client               text
);
CREATE INDEX cds_feedback_card_idx ON cds_feedback(card_uuid);

-- External systems that call the FHIR API with a bearer token (only its hash is stored).
CREATE TABLE api_client (
  id               text PRIMARY KEY,
  name             text NOT NULL,
  organization_id  text NOT NULL REFERENCES organization(id),
  token_hash       text NOT NULL UNIQUE,
  scopes           text[] NOT NULL,
  active           boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now()
);
