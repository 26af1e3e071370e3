-- 0170 second opinion / consult (issue 9 item 4: "a second-opinion or consult request goes to a
-- subspecialist in another trust"). A reader or countersigner who sees an exam through a reading
-- list asks a subspecialty (in a named trust) or a named reader in another trust. The consultant
-- sees the exam ONLY through the access gate while the request is open or answered (the gate's
-- reason 'consult', logged like every other access); a withdrawn request gives nothing.
-- Answering twice is refused: the answer is a conditional update on status = 'open'.
CREATE TABLE consult_request (
  id                    text PRIMARY KEY,
  exam_id               text NOT NULL REFERENCES reading_case(exam_id),
  kind                  text NOT NULL CHECK (kind IN ('second_opinion', 'consult')),
  question              text NOT NULL CHECK (length(question) BETWEEN 1 AND 4000),
  requested_by_person_id text NOT NULL REFERENCES person(id),
  requested_by_user_id  text NOT NULL,
  -- The trust the request goes to (never the exam's own trust), and either a subspecialty there
  -- or a named reader (whose home trust it is).
  target_org_id         text NOT NULL REFERENCES organization(id),
  target_subspecialty   text CHECK (target_subspecialty IS NULL OR length(target_subspecialty) BETWEEN 1 AND 60),
  target_person_id      text REFERENCES person(id),
  due_at                timestamptz NOT NULL,
  status                text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'withdrawn')),
  created_at            timestamptz NOT NULL DEFAULT now(),
  answer_text           text CHECK (answer_text IS NULL OR length(answer_text) BETWEEN 1 AND 20000),
  agreement             text CHECK (agreement IS NULL OR agreement IN ('agree', 'partly', 'disagree')),
  addendum_proposal     text CHECK (addendum_proposal IS NULL OR length(addendum_proposal) BETWEEN 1 AND 20000),
  answered_by_person_id text REFERENCES person(id),
  answered_at           timestamptz,
  withdrawn_at          timestamptz,
  withdrawn_reason      text,
  CHECK (target_subspecialty IS NOT NULL OR target_person_id IS NOT NULL),
  CHECK ((status = 'answered') = (answered_at IS NOT NULL AND answer_text IS NOT NULL AND agreement IS NOT NULL)),
  CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
);
CREATE INDEX consult_request_exam_idx ON consult_request(exam_id);
CREATE INDEX consult_request_target_idx ON consult_request(target_org_id, status, due_at);
CREATE INDEX consult_request_person_idx ON consult_request(target_person_id, status) WHERE target_person_id IS NOT NULL;
CREATE INDEX consult_request_requester_idx ON consult_request(requested_by_person_id, created_at DESC);

ALTER TABLE reading_case_event DROP CONSTRAINT reading_case_event_kind_check;
ALTER TABLE reading_case_event ADD CONSTRAINT reading_case_event_kind_check
  CHECK (kind IN ('next', 'claim', 'release', 'reassign', 'handover', 'ai_finding', 'ai_verdict', 'consult_request', 'consult_answer', 'consult_withdraw'));
