-- 0190 a consultant's answer applied to the report (issue 9 item 4): the requester accepts the
-- answer (or the proposed addendum) into an addendum of the final report, or into the text of a
-- draft / preliminary report, without copying by hand. Who applied it and when are kept on the
-- request (once: a second apply is refused), the addendum names the request it came from, and the
-- report's version history names the insert as its own action.
ALTER TABLE consult_request ADD COLUMN applied_at timestamptz;
ALTER TABLE consult_request ADD COLUMN applied_by_person_id text REFERENCES person(id);
ALTER TABLE consult_request ADD COLUMN applied_as text CHECK (applied_as IS NULL OR applied_as IN ('addendum', 'report'));
ALTER TABLE consult_request ADD CONSTRAINT consult_request_applied_check
  CHECK ((applied_at IS NULL AND applied_by_person_id IS NULL AND applied_as IS NULL)
      OR (status = 'answered' AND applied_at IS NOT NULL AND applied_by_person_id IS NOT NULL AND applied_as IS NOT NULL));

ALTER TABLE report_addendum ADD COLUMN consult_id text REFERENCES consult_request(id);
CREATE UNIQUE INDEX report_addendum_consult_idx ON report_addendum(consult_id) WHERE consult_id IS NOT NULL;

ALTER TABLE report_version DROP CONSTRAINT report_version_action_check;
ALTER TABLE report_version ADD CONSTRAINT report_version_action_check
  CHECK (action IN ('save', 'preliminary', 'finalize', 'countersign', 'consult'));
ALTER TABLE report_version ADD COLUMN consult_id text REFERENCES consult_request(id);

ALTER TABLE reading_case_event DROP CONSTRAINT reading_case_event_kind_check;
ALTER TABLE reading_case_event ADD CONSTRAINT reading_case_event_kind_check
  CHECK (kind IN ('next', 'claim', 'release', 'reassign', 'handover', 'ai_finding', 'ai_verdict', 'consult_request', 'consult_answer', 'consult_withdraw', 'consult_apply'));
