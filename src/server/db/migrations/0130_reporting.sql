-- 0130 reporting (issue 9 item 4): one report per exam with every version kept, preliminary →
-- final, countersigning of LIS reports with RADPEER-style grading, addenda on final reports,
-- reader approvals per exam type, and the
-- referrer's notifications. Every state change is timestamped for turnaround.

-- The report of an exam. status: draft (being written) → preliminary (signed by a LIS, waiting
-- for countersigning, or signed preliminary by anyone) → final. `version` is the optimistic
-- concurrency token: every change bumps it and must name the version it read.
CREATE TABLE report (
  id                   text PRIMARY KEY,
  exam_id              text NOT NULL UNIQUE REFERENCES exam(id),
  template_id          text NOT NULL,
  sections             jsonb NOT NULL,                -- { sectionId: text }
  status               text NOT NULL CHECK (status IN ('draft', 'preliminary', 'final')),
  author_person_id     text NOT NULL REFERENCES person(id),
  author_role          text NOT NULL,
  needs_countersign    boolean NOT NULL DEFAULT false,
  finalized_by_person_id text REFERENCES person(id),
  version              integer NOT NULL DEFAULT 1,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  preliminary_at       timestamptz,
  final_at             timestamptz
);
CREATE INDEX report_countersign_idx ON report(status, needs_countersign) WHERE status = 'preliminary' AND needs_countersign;
CREATE INDEX report_author_idx ON report(author_person_id, updated_at DESC);

-- Every saved version of a report (never overwritten): what was written, by whom, when, and why.
CREATE TABLE report_version (
  report_id        text NOT NULL REFERENCES report(id),
  version          integer NOT NULL,
  status           text NOT NULL,
  sections         jsonb NOT NULL,
  action           text NOT NULL CHECK (action IN ('save', 'preliminary', 'finalize', 'countersign')),
  person_id        text NOT NULL REFERENCES person(id),
  at               timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (report_id, version)
);

-- Addenda to a final report: a final report is never edited silently.
CREATE TABLE report_addendum (
  id               text PRIMARY KEY,
  report_id        text NOT NULL REFERENCES report(id),
  text             text NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
  author_person_id text NOT NULL REFERENCES person(id),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_addendum_report_idx ON report_addendum(report_id, created_at);

-- The countersigner's grade of the preliminary report (ACR RADPEER: 1, 2a/2b, 3a/3b), which the
-- author sees as feedback.
CREATE TABLE report_review (
  report_id            text PRIMARY KEY REFERENCES report(id),
  reviewer_person_id   text NOT NULL REFERENCES person(id),
  author_person_id     text NOT NULL REFERENCES person(id),
  score                text NOT NULL CHECK (score IN ('1', '2a', '2b', '3a', '3b')),
  comment              text,
  changed              boolean NOT NULL,
  at                   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_review_author_idx ON report_review(author_person_id, at DESC);

-- Readers (LIS, reporting radiographers) approved to report an exam type alone in a department.
-- Stand-in for the reading domain's reader profiles (issue 9 item 2).
CREATE TABLE reader_exam_approval (
  person_id        text NOT NULL REFERENCES person(id),
  exam_code        text NOT NULL REFERENCES exam_code(code),
  organization_id  text NOT NULL REFERENCES organization(id),
  approved_by      text,
  approved_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, exam_code, organization_id)
);

-- In-app notifications to the referrer: a final report (or an addendum) on their referral.
CREATE TABLE referrer_notification (
  id               bigserial PRIMARY KEY,
  person_id        text NOT NULL REFERENCES person(id),
  referral_id      text NOT NULL REFERENCES referral(id),
  kind             text NOT NULL CHECK (kind IN ('report-final', 'report-addendum')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  read_at          timestamptz
);
CREATE INDEX referrer_notification_person_idx ON referrer_notification(person_id, created_at DESC);
CREATE INDEX exam_patient_lookup_idx ON exam(referral_id, performed_at);
