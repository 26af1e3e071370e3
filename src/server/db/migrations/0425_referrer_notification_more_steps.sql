-- flow31 (issue 8): more of the department's steps reach the GP's list of messages from radiology
-- (notifications/, written in the transaction of the step): the referral closed without an exam
-- (the close reason and the department's text in reason_code / reason_text), merged into another
-- referral of the patient as a duplicate (other_referral_id), redirected to another department or
-- institute (other_org_id), and the exam stopped at the scanner (MPPS DISCONTINUED: the DICOM
-- PS3.16 CID 9300 code in reason_code, e.g. 'DCM:110514', and the meaning the modality sent in
-- reason_text). 'info-requested' keeps the department's question in reason_text.
ALTER TABLE referrer_notification DROP CONSTRAINT referrer_notification_kind_check;
ALTER TABLE referrer_notification ADD CONSTRAINT referrer_notification_kind_check
  CHECK (kind IN ('report-final', 'report-addendum', 'report-preliminary', 'report-changed',
                  'referral-returned', 'info-requested', 'exam-booked', 'booking-changed', 'booking-cancelled',
                  'referral-closed', 'referral-merged', 'referral-redirected', 'exam-discontinued'));
ALTER TABLE referrer_notification ADD COLUMN other_referral_id text REFERENCES referral(id);
ALTER TABLE referrer_notification ADD COLUMN other_org_id text REFERENCES organization(id);
