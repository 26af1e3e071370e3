-- 0021 Idempotency-Key on POST /api/referrals (IETF draft-ietf-httpapi-idempotency-key-header):
-- the same user repeating a key with the same body gets the first answer again, no duplicate
-- referral; a different body is refused (422); a repeat while the first is still running is 409.
-- `response` is NULL while the first request runs.
CREATE TABLE referral_idempotency (
  user_id      text NOT NULL REFERENCES user_account(id),
  key          text NOT NULL,
  body_hash    text NOT NULL,
  status       integer,
  response     jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
CREATE INDEX referral_idempotency_created_at ON referral_idempotency (created_at);
