-- CDS cards that are not advice (the "referral rights not confirmed" card, interop/cds-hooks
-- cards.ts unconfirmedRightsCard) have no advice_event row, yet a record system may send feedback
-- on them (CDS Hooks 2.0 §Feedback: `card` is "the card.uuid from the CDS Hooks response"). They
-- are remembered here, with the client they went to, so feedback is checked against every card
-- Radvis issued. Advice cards stay in advice_event only (no second write on the common path).
CREATE TABLE cds_issued_card (
  card_uuid        text PRIMARY KEY,
  issued_at        timestamptz NOT NULL DEFAULT now(),
  service_id       text NOT NULL,
  client           text NOT NULL,
  suggestion_uuids jsonb NOT NULL DEFAULT '[]'::jsonb
);
