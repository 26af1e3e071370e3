-- CDS Hooks 2.0 §Feedback: `card` is "the card.uuid from the CDS Hooks response" and each
-- acceptedSuggestions[].id "the card.suggestion.uuid from the CDS Hooks response" — the response this
-- service gave that CDS client. Feedback is checked against what was issued: the card's row in
-- advice_event (its client) and, new here, the uuids of the suggestions the card offered. Cards
-- issued before this migration offered suggestions nobody recorded: they count as having none.
ALTER TABLE advice_event ADD COLUMN suggestion_uuids jsonb NOT NULL DEFAULT '[]'::jsonb;
-- Feedback looks a card up by its uuid (only CDS Hooks cards have one).
CREATE INDEX advice_event_card_idx ON advice_event(card_uuid) WHERE card_uuid IS NOT NULL;
