-- An exam a modality started (MPPS N-CREATE) for a booked step of a referral that had been ended
-- meanwhile (scheduling/store.ts noteExamStartedAfterEnd writes the referral event
-- 'exam_started_after_end'). The department must see it where it works — the booking page and the
-- machine's day plan — until someone acknowledges it. The acknowledgement is kept here (one row per
-- warning: who and when) and, for the referral's history, as a referral event
-- 'exam_after_end_acknowledged' (booking/after-end.ts).
CREATE TABLE exam_after_end_ack (
  event_id                bigint PRIMARY KEY REFERENCES referral_event(id),
  acknowledged_at         timestamptz NOT NULL DEFAULT now(),
  acknowledged_by_user_id text NOT NULL,
  acknowledged_by_name    text NOT NULL
);
-- The open warnings are read on every booking page and day plan: a small partial index on the
-- events of that kind (rare), so the read never walks the referral history.
CREATE INDEX referral_event_after_end_idx ON referral_event(at) WHERE kind = 'exam_started_after_end';
