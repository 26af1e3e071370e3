-- 0020 CDS JWT replay guard shared by several Radvis instances (CDS Hooks 2.0 §Trusting CDS
-- Clients: a jti must not be accepted twice). One row per accepted token: sha-256 of issuer and
-- jti (fixed size, no client text in the table), and when the token expires; rows are deleted a
-- little after expiry (auth/replay-cache.ts), so the table holds at most ~6 minutes of calls.
CREATE TABLE cds_jti (
  key_hash    text PRIMARY KEY,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX cds_jti_expires_at ON cds_jti (expires_at);
