-- 0004 CDS clients: record systems trusted to call the CDS Hooks services (CDS Hooks 2.0
-- §Trusting CDS Clients). A client is known by the `iss` of the JWT it signs; its public keys are
-- either registered here (a JWK Set exchanged out of band) or fetched from an allow-listed JWK Set
-- URL (the only `jku` accepted for that issuer).
CREATE TABLE cds_client (
  id               text PRIMARY KEY,
  name             text NOT NULL,
  issuer           text NOT NULL UNIQUE,
  organization_id  text NOT NULL REFERENCES organization(id),
  jwks             jsonb,
  jwks_url         text,
  active           boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT cds_client_keys_check CHECK ((jwks IS NULL) <> (jwks_url IS NULL))
);

-- Which trusted client a CDS call came from, and the client's own user (context.userId).
ALTER TABLE advice_event ADD COLUMN external_user text;
