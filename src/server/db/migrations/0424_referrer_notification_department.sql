-- notify30 (issues 8, 9): the referrer is told in "Nye svar" not only of reports but also when the
-- department returns the referral (with the reason), asks for more information, books the exam, or
-- moves or cancels a booked time. Written in the same transaction as the event (assessment/actions.ts,
-- booking/service.ts); read per referral like the others (reporting/store.ts markNotificationsRead).
ALTER TABLE referrer_notification DROP CONSTRAINT referrer_notification_kind_check;
ALTER TABLE referrer_notification ADD CONSTRAINT referrer_notification_kind_check
  CHECK (kind IN ('report-final', 'report-addendum', 'report-preliminary', 'report-changed',
                  'referral-returned', 'info-requested', 'exam-booked', 'booking-changed', 'booking-cancelled'));
-- 'referral-returned': the return reason (assessment/priorities.ts RETURN_REASONS) and the assessor's text.
ALTER TABLE referrer_notification ADD COLUMN reason_code text;
ALTER TABLE referrer_notification ADD COLUMN reason_text text;
-- 'exam-booked', 'booking-changed' (the new time), 'booking-cancelled' (the cancelled time): Oslo wall clock.
ALTER TABLE referrer_notification ADD COLUMN slot_date date;
ALTER TABLE referrer_notification ADD COLUMN slot_start time;
