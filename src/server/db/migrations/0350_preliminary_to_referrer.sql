-- Issue 9, decided by the lead (read25): a preliminary answer to the referrer for urgent cases.
-- A department may let the referrer see a LIS's (or reporting radiographer's) preliminary report on
-- an acute exam (reading priority 'acute', øyeblikkelig hjelp) before it is countersigned. Off by
-- default; the department leader turns it on in the department's reading settings, and who/when is
-- kept with the setting.
CREATE TABLE reading_department_setting (
  organization_id          text PRIMARY KEY REFERENCES organization(id),
  preliminary_to_referrer  boolean NOT NULL DEFAULT false,
  changed_by_person_id     text NOT NULL REFERENCES person(id),
  changed_at               timestamptz NOT NULL DEFAULT now()
);

-- When the preliminary report was released to the referrer (decided when it was signed: the
-- department's setting then and the case's priority then). NULL: the referrer sees it only once final.
ALTER TABLE report ADD COLUMN referrer_preliminary_at timestamptz;

-- The referrer is told of a released preliminary answer, and again when the countersigner changed
-- the conclusion or graded a discrepancy ('report-changed': "Svaret er endret etter kontrasignering").
ALTER TABLE referrer_notification DROP CONSTRAINT referrer_notification_kind_check;
ALTER TABLE referrer_notification ADD CONSTRAINT referrer_notification_kind_check
  CHECK (kind IN ('report-final', 'report-addendum', 'report-preliminary', 'report-changed'));
