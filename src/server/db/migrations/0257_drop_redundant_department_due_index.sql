-- referral(department_org_id, status, assessment_due_date, submitted_at) (migration 0075) is covered
-- by what came after it: the inbox reads open referrals by deadline through the partial indexes of
-- migration 0080 (status = 'submitted'), and every other query on a department's referrals in a
-- status (the booking queue, "accepted" counts, lists by department) has equality on department and
-- status, which referral_department_page_idx(department_org_id, status, submitted_at DESC, id DESC)
-- serves as well (EXPLAIN checked on a generated region; no query ranges over assessment_due_date
-- outside the inbox). One text-keyed index less to build after a bulk load and to keep on every write.
DROP INDEX IF EXISTS referral_department_due_idx;
