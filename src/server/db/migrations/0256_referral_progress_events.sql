-- Booking (scheduling/store.ts#markReferralScheduled), the exam (MPPS, scheduling/store.ts#markPerformed)
-- and the final report (reporting/store.ts#markReported) move a referral on to scheduled, performed
-- and reported. Until now only assessment wrote referral_event rows, so the referral page's history
-- stopped at "accepted" and waiting times to the exam and report had no event to start from
-- (issue 8 §6: every state change timestamped). One trigger writes that event for every writer of
-- those statuses (the app, MPPS and the demo's own paths alike), at the time the row records for it.
-- Who did it is in the domain's own history (procedure_step_event, the report), so no actor here.
-- The bulk generator inserts finished histories with COPY and writes these events itself.
CREATE FUNCTION referral_progress_event() RETURNS trigger AS $$
BEGIN
  INSERT INTO referral_event (referral_id, at, kind, from_status, to_status)
  VALUES (
    NEW.id,
    coalesce(CASE NEW.status WHEN 'scheduled' THEN NEW.scheduled_at WHEN 'performed' THEN NEW.performed_at ELSE NEW.reported_at END, now()),
    NEW.status,
    OLD.status,
    NEW.status
  );
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER referral_progress_event AFTER UPDATE OF status ON referral
  FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM OLD.status AND NEW.status IN ('scheduled', 'performed', 'reported'))
  EXECUTE FUNCTION referral_progress_event();
