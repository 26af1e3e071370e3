-- Every business identifier of a referral (FHIR ServiceRequest.identifier, 0..*), not only the first
-- (breakit18): each is searchable (R4 search.html#token: `identifier` matches any of the resource's
-- identifiers) and each makes a retry of the same order the same referral (README: a POST whose
-- identifier already exists answers with the existing referral). referral.identifier_system/_value
-- stay as they were (the first identifier with a system), for the readers that use them.
CREATE TABLE referral_identifier (
  referral_id text NOT NULL REFERENCES referral(id) ON DELETE CASCADE,
  -- Position in ServiceRequest.identifier as received (0-based).
  position int NOT NULL,
  -- NULL: an identifier sent without a system (matched by `identifier=value` and `identifier=|value`).
  system text,
  value text NOT NULL,
  PRIMARY KEY (referral_id, position)
);
-- One referral per system|value: what makes a retry with reordered or extra identifiers the same referral.
CREATE UNIQUE INDEX referral_identifier_system_value_idx ON referral_identifier(system, value) WHERE system IS NOT NULL;
-- `identifier=value` (any system).
CREATE INDEX referral_identifier_value_idx ON referral_identifier(value);
INSERT INTO referral_identifier (referral_id, position, system, value)
  SELECT id, 0, identifier_system, identifier_value FROM referral WHERE identifier_value IS NOT NULL;
