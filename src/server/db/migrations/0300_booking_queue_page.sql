-- The booking queue ("Venter på time", booking/store.ts bookingQueue) pages accepted referrals of
-- the caller's departments by the priority's deadline (exam due date), then receipt and id — the
-- way the vetting inbox pages open ones (migration 0080's partial indexes). A partial index on the
-- accepted referrals only: the page and its count read it, not the whole table or the referral
-- history (referral_event is read for the page's 25 rows only). Small, since a referral stays
-- 'accepted' only until it is booked.
CREATE INDEX referral_booking_queue_idx ON referral(department_org_id, exam_due_date, submitted_at, id) INCLUDE (priority_category, exam_code) WHERE status = 'accepted';
