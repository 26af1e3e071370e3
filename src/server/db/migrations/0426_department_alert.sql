-- flow31 (issue 8): the receiving department is alerted when the referrer withdraws an exam that was
-- already booked (assessment/closing.ts withdrawReferral): the step is cancelled in the same
-- transaction (the slot is free and the Modality Worklist no longer serves it), and this row is what
-- someone in the department sees and acknowledges (notifications/, the booking page). The freed time
-- is kept as it was booked (Oslo wall clock, the machine as people call it), since the step is gone.
CREATE TABLE department_alert (
  id                         bigserial PRIMARY KEY,
  department_org_id          text NOT NULL REFERENCES organization(id),
  referral_id                text NOT NULL REFERENCES referral(id),
  kind                       text NOT NULL CHECK (kind IN ('booked-withdrawn')),
  slot_date                  date,
  slot_start                 time,
  machine_name               text,
  -- the referrer's own words when they gave a reason for withdrawing
  reason_text                text,
  created_at                 timestamptz NOT NULL DEFAULT now(),
  acknowledged_at            timestamptz,
  acknowledged_by_person_id  text REFERENCES person(id),
  CHECK ((acknowledged_at IS NULL) = (acknowledged_by_person_id IS NULL))
);
CREATE INDEX department_alert_open_idx ON department_alert(department_org_id, created_at DESC) WHERE acknowledged_at IS NULL;
