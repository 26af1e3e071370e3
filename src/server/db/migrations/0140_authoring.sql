-- 0140 authoring (issue 11): referral advice written, reviewed and published in Radvis by the
-- national network's editors. Every version of a topic is kept, with who made it, who approved it
-- and why; the version in effect at a time is the published one with the latest effective date
-- at or before that time (unless the topic was retired then).

-- A topic (one advice subject, e.g. "kne"): its body region for the public catalogue, and its
-- silent mode (evaluated and recorded, not shown to referrers).
CREATE TABLE guideline_topic (
  id                 text PRIMARY KEY,
  body_region        text NOT NULL,
  silent             boolean NOT NULL DEFAULT false,
  silent_changed_by  text REFERENCES user_account(id),
  silent_changed_at  timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now()
);

-- One version of a topic. state: draft → in_review → approved → published → retired (a draft
-- may also be withdrawn). `document` is the topic in the content file's shape (YAML as JSON);
-- `source_yaml` the same as text (the import keeps the file's own text; export writes it back).
-- `revision` is the optimistic-concurrency token of a draft: every save must name the revision it
-- read. `editors` lists everyone who saved the version: none of them may approve it (four eyes).
CREATE TABLE guideline_version (
  id                 text PRIMARY KEY,
  topic_id           text NOT NULL REFERENCES guideline_topic(id),
  version            text NOT NULL,
  state              text NOT NULL CHECK (state IN ('draft', 'in_review', 'approved', 'published', 'retired', 'withdrawn')),
  document           jsonb NOT NULL,
  source_yaml        text NOT NULL,
  revision           integer NOT NULL DEFAULT 1,
  based_on_id        text REFERENCES guideline_version(id),
  origin             text NOT NULL CHECK (origin IN ('import', 'edit', 'rollback')),
  change_note        text NOT NULL,
  created_by         text REFERENCES user_account(id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         text REFERENCES user_account(id),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  editors            text[] NOT NULL DEFAULT '{}',
  submitted_by       text REFERENCES user_account(id),
  submitted_at       timestamptz,
  approved_by        text REFERENCES user_account(id),
  approved_at        timestamptz,
  published_by       text REFERENCES user_account(id),
  published_at       timestamptz,
  effective_from     timestamptz,
  retired_by         text REFERENCES user_account(id),
  retired_at         timestamptz,
  checks             jsonb,
  UNIQUE (topic_id, version),
  CHECK (state NOT IN ('published', 'retired') OR effective_from IS NOT NULL)
);
CREATE INDEX guideline_version_topic_idx ON guideline_version(topic_id, created_at DESC);
CREATE INDEX guideline_version_effective_idx ON guideline_version(effective_from) WHERE state IN ('published', 'retired');
-- At most one open draft (draft, in review or approved) per topic: editors work on one change at a time.
CREATE UNIQUE INDEX guideline_version_one_open_idx ON guideline_version(topic_id) WHERE state IN ('draft', 'in_review', 'approved');

-- The history of every version: each save and state change, by whom, when and why.
CREATE TABLE guideline_version_event (
  id           bigserial PRIMARY KEY,
  version_id   text NOT NULL REFERENCES guideline_version(id),
  at           timestamptz NOT NULL DEFAULT now(),
  user_id      text REFERENCES user_account(id),
  action       text NOT NULL CHECK (action IN ('import', 'create', 'save', 'submit', 'return', 'approve', 'publish', 'retire', 'withdraw', 'silent_on', 'silent_off')),
  from_state   text,
  to_state     text,
  note         text
);
CREATE INDEX guideline_version_event_version_idx ON guideline_version_event(version_id, id);

-- Which referrals an impact preview reads: those of the topic's exams in a period.
CREATE INDEX IF NOT EXISTS referral_exam_created_idx ON referral(exam_code, created_at);
