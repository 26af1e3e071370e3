-- 0060 one access gate (issue 7): refused attempts in the access log, the practice's covering
-- arrangements, the referrers a FHIR client may act for, versioned referrals for FHIR
-- (meta.versionId / lastUpdated, ETag) with the resource as received, and indexes that read
-- one page of "my referrals" / the inbox instead of a user's whole history.

-- Refused attempts are logged too (Normen: attempts to reach data without a work need).
ALTER TABLE access_log ADD COLUMN outcome text NOT NULL DEFAULT 'allowed' CHECK (outcome IN ('allowed', 'refused'));
ALTER TABLE access_log ADD COLUMN reason text;   -- which rule allowed or refused (e.g. 'referrer', 'department', 'cover', 'no-work-need')

-- Covering colleagues, as a practice configures it: a row lets `covering_person_id` (NULL = every
-- referrer of the practice) see the referrals of `covered_person_id` (NULL = every referrer of the
-- practice) written in this practice, between valid_from and valid_to (NULL = open-ended).
CREATE TABLE referral_cover (
  id                 text PRIMARY KEY,
  organization_id    text NOT NULL REFERENCES organization(id),
  covering_person_id text REFERENCES person(id),
  covered_person_id  text REFERENCES person(id),
  valid_from         timestamptz NOT NULL DEFAULT now(),
  valid_to           timestamptz,
  created_by         text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX referral_cover_org_idx ON referral_cover(organization_id);

-- Referrers outside its own organization that an administrator lets a FHIR client send for.
CREATE TABLE api_client_requester (
  client_id   text NOT NULL REFERENCES api_client(id) ON DELETE CASCADE,
  person_id   text NOT NULL REFERENCES person(id),
  granted_by  text,
  granted_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_id, person_id)
);

-- FHIR versioning: every change to a referral bumps version and updated_at (http.html#read:
-- meta.versionId, meta.lastUpdated, ETag W/"version").
ALTER TABLE referral ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE referral ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
UPDATE referral SET updated_at = coalesce(submitted_at, created_at);
-- The ServiceRequest as an external system sent it, so elements Radvis does not model are kept.
ALTER TABLE referral ADD COLUMN fhir_resource jsonb;

CREATE FUNCTION referral_bump_version() RETURNS trigger AS $$
BEGIN
  NEW.version := OLD.version + 1;
  NEW.updated_at := now();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER referral_version BEFORE UPDATE ON referral
  FOR EACH ROW EXECUTE FUNCTION referral_bump_version();

-- Pages, not histories: "my referrals" and the inbox are read newest first, one page at a time.
CREATE INDEX referral_referrer_page_idx ON referral(referrer_person_id, submitted_at DESC, id DESC);
CREATE INDEX referral_department_page_idx ON referral(department_org_id, status, submitted_at DESC, id DESC);
DROP INDEX referral_referrer_idx;
DROP INDEX referral_department_status_idx;
-- FHIR search: by patient, and the referrals of an organization's own referrers.
CREATE INDEX referral_patient_page_idx ON referral(patient_id, submitted_at DESC, id DESC);
DROP INDEX referral_patient_idx;
CREATE INDEX referral_referrer_org_page_idx ON referral(referrer_org_id, submitted_at DESC, id DESC);
