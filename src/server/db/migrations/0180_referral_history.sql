-- Earlier versions of a referral, for FHIR R4 history and vread (http.html#history, #vread).
-- Every UPDATE of a referral bumps its version (referral_bump_version, 0060); this keeps the row
-- as it was before, so GET /fhir/ServiceRequest/{id}/_history and /_history/{vid} can answer for
-- every version from now on. Versions changed before this migration are not kept.
CREATE TABLE referral_version (
  referral_id text NOT NULL REFERENCES referral(id) ON DELETE CASCADE,
  version     integer NOT NULL,
  updated_at  timestamptz NOT NULL,
  -- The whole referral row of that version (to_jsonb), read back with jsonb_populate_record.
  snapshot    jsonb NOT NULL,
  PRIMARY KEY (referral_id, version)
);

CREATE FUNCTION referral_keep_version() RETURNS trigger AS $$
BEGIN
  IF NEW.version IS DISTINCT FROM OLD.version THEN
    INSERT INTO referral_version (referral_id, version, updated_at, snapshot)
    VALUES (OLD.id, OLD.version, OLD.updated_at, to_jsonb(OLD))
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER referral_keep_version AFTER UPDATE ON referral
  FOR EACH ROW EXECUTE FUNCTION referral_keep_version();
