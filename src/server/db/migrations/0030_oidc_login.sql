-- 0030 OpenID Connect (HelseID) login: one row per login begun and not yet finished. It binds the
-- browser that started the login (through the radvis_oidc cookie, whose random value is stored
-- only as a SHA-256 hash) to the state, nonce and PKCE code verifier sent to the provider
-- (OpenID Connect Core 1.0 §3.1.2.1, RFC 7636). A row is deleted when the callback uses it, so a
-- callback can be used once; rows of logins never finished expire after ten minutes.
CREATE TABLE oidc_login (
  id_hash       text PRIMARY KEY,
  state         text NOT NULL,
  nonce         text NOT NULL,
  code_verifier text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX oidc_login_expires_idx ON oidc_login(expires_at);
