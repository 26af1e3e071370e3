-- read27 (issue 9, a newcomer's walk): "the answer changed after countersigning" was read from the
-- referral's notifications (any 'report-changed' on the referral), so every exam of a referral with
-- two exams showed it when one report changed. It is now kept on the report that changed.
ALTER TABLE report ADD COLUMN answer_changed boolean NOT NULL DEFAULT false;
-- Reports countersigned before this: the 'report-changed' notification was written in the same
-- transaction that made the report final, with the same time (reporting/service.ts applyReportAction).
UPDATE report rep SET answer_changed = true
FROM exam e
WHERE e.id = rep.exam_id AND rep.status = 'final' AND rep.referrer_preliminary_at IS NOT NULL
  AND EXISTS (SELECT 1 FROM referrer_notification n
              WHERE n.referral_id = e.referral_id AND n.kind = 'report-changed' AND n.created_at = rep.final_at);
