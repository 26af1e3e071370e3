-- When the referrer wrote the referral, as their record system said it (FHIR ServiceRequest.authoredOn),
-- kept apart from when Radvis received it (submitted_at, the receipt time the legal assessment
-- deadline counts from: pasient- og brukerrettighetsloven § 2-2, 10 working days from receipt).
--   authored_on  the dateTime exactly as the client sent it (served back as authoredOn);
--   authored_at  the first instant it may mean (a value without a zone read as UTC), for the FHIR
--                `authored` search and sort.
-- Both are NULL for referrals written in Radvis and for those received before this migration: their
-- authoredOn is the receipt time (coalesce(authored_at, submitted_at)). No backfill: an UPDATE of every
-- referral would make a new FHIR version of each (referral_bump_version, 0060; 0180).
ALTER TABLE referral ADD COLUMN authored_on text;
ALTER TABLE referral ADD COLUMN authored_at timestamptz;
ALTER TABLE referral ADD CONSTRAINT referral_authored_pair CHECK ((authored_on IS NULL) = (authored_at IS NULL));
CREATE INDEX referral_authored_idx ON referral ((coalesce(authored_at, submitted_at)));
