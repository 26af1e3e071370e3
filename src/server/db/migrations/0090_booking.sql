-- 0090 booking: machines' shifts (opening hours, incl. evening shifts), slot types (exam durations)
-- per modality kind with overrides per exam code and machine, the department's direct-booking
-- setting, and a slot that cannot be double-booked: every scheduled procedure step now has a
-- duration, and an exclusion constraint forbids two live steps on one machine whose times overlap.

-- btree_gist gives GiST an equality operator class for text (the machine id) next to the range
-- overlap. Created in public so every schema (tests use one per file) finds its operator classes;
-- two migrations creating it at once (parallel test files on one PostgreSQL) must not fail.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;
EXCEPTION WHEN unique_violation OR duplicate_object THEN
  NULL;
END
$$;

-- A machine's shifts per ISO weekday (1 = Monday … 7 = Sunday), Norwegian wall-clock time. The
-- machine is open in the union of its shifts; an evening shift (kind 'evening') is the measure
-- the regional plans name to raise capacity without new machines.
CREATE TABLE modality_shift (
  id           bigserial PRIMARY KEY,
  modality_id  text NOT NULL REFERENCES modality(id),
  weekday      smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_time   time NOT NULL,
  end_time     time NOT NULL,
  kind         text NOT NULL DEFAULT 'day' CHECK (kind IN ('day', 'evening', 'night', 'weekend')),
  CHECK (start_time < end_time),
  EXCLUDE USING gist (modality_id WITH =, weekday WITH =, tsrange(DATE '2000-01-01' + start_time, DATE '2000-01-01' + end_time) WITH &&)
);
CREATE INDEX modality_shift_modality_idx ON modality_shift(modality_id, weekday, start_time);

-- Who changed a machine's shifts last, and a version for "two people at once" (409).
ALTER TABLE modality ADD COLUMN schedule_version integer NOT NULL DEFAULT 1;
ALTER TABLE modality ADD COLUMN schedule_changed_at timestamptz;
ALTER TABLE modality ADD COLUMN schedule_changed_by text REFERENCES user_account(id);

-- The existing opening hours become shifts: a two-shift machine open past 16:00 gets a day shift
-- until 15:30 and an evening shift after it; every other machine one day shift.
INSERT INTO modality_shift (modality_id, weekday, start_time, end_time, kind)
SELECT m.id, w.n, (h.value ->> 0)::time,
       CASE WHEN m.shifts >= 2 AND (h.value ->> 1)::time > TIME '16:00' AND (h.value ->> 0)::time < TIME '15:30' THEN TIME '15:30' ELSE (h.value ->> 1)::time END,
       CASE WHEN w.n >= 6 THEN 'weekend' ELSE 'day' END
FROM modality m
CROSS JOIN LATERAL jsonb_each(m.opening_hours) AS h(key, value)
JOIN (VALUES ('mon', 1), ('tue', 2), ('wed', 3), ('thu', 4), ('fri', 5), ('sat', 6), ('sun', 7)) AS w(key, n) ON w.key = h.key
WHERE jsonb_typeof(h.value) = 'array' AND (h.value ->> 0)::time < (h.value ->> 1)::time;
INSERT INTO modality_shift (modality_id, weekday, start_time, end_time, kind)
SELECT m.id, w.n, TIME '15:30', (h.value ->> 1)::time, 'evening'
FROM modality m
CROSS JOIN LATERAL jsonb_each(m.opening_hours) AS h(key, value)
JOIN (VALUES ('mon', 1), ('tue', 2), ('wed', 3), ('thu', 4), ('fri', 5), ('sat', 6), ('sun', 7)) AS w(key, n) ON w.key = h.key
WHERE jsonb_typeof(h.value) = 'array' AND m.shifts >= 2 AND (h.value ->> 1)::time > TIME '16:00' AND (h.value ->> 0)::time < TIME '15:30';

-- Slot types: how long an exam occupies a machine. A row with only modality_kind is the kind's
-- default; exam_code and/or modality_id narrow it (most specific wins: machine + exam, machine,
-- exam, kind).
CREATE TABLE slot_type (
  id                bigserial PRIMARY KEY,
  modality_kind     text NOT NULL,
  exam_code         text REFERENCES exam_code(code),
  modality_id       text REFERENCES modality(id),
  duration_minutes  integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480)
);
CREATE UNIQUE INDEX slot_type_key_idx ON slot_type(modality_kind, coalesce(exam_code, ''), coalesce(modality_id, ''));
-- Defaults per kind (the demo schedule spaces its steps by the same minutes).
INSERT INTO slot_type (modality_kind, duration_minutes) VALUES
  ('MR', 30), ('CT', 20), ('US', 20), ('DX', 15), ('CR', 15), ('NM', 45), ('PT', 60), ('MG', 20), ('RF', 30), ('XA', 60);

-- A department's direct booking: which exam codes clinicians may book themselves (the referral is
-- accepted automatically), with the priority category and due date such bookings get.
CREATE TABLE department_booking_setting (
  department_org_id          text PRIMARY KEY REFERENCES organization(id),
  direct_booking_exam_codes  text[] NOT NULL DEFAULT '{}',
  direct_booking_due_days    integer NOT NULL DEFAULT 14 CHECK (direct_booking_due_days BETWEEN 0 AND 365),
  updated_at                 timestamptz NOT NULL DEFAULT now()
);

-- Steps: a duration, a 'cancelled' status (cancel frees the slot), and who changed them.
ALTER TABLE scheduled_procedure_step ADD COLUMN duration_minutes integer NOT NULL DEFAULT 20 CHECK (duration_minutes BETWEEN 1 AND 600);
-- Existing steps get their kind's duration, shortened where the next live step on the machine
-- starts earlier (steps booked before durations existed must not now overlap).
UPDATE scheduled_procedure_step s
SET duration_minutes = x.minutes
FROM (
  SELECT st.id,
         GREATEST(1, LEAST(
           coalesce((SELECT t.duration_minutes FROM modality m JOIN slot_type t ON t.modality_kind = m.kind AND t.exam_code IS NULL AND t.modality_id IS NULL WHERE m.id = st.modality_id), 20),
           coalesce(EXTRACT(EPOCH FROM (lead(st.start_date + st.start_time) OVER (PARTITION BY st.modality_id ORDER BY st.start_date, st.start_time, st.id) - (st.start_date + st.start_time))) / 60, 600)
         ))::int AS minutes
  FROM scheduled_procedure_step st
  WHERE st.status IN ('scheduled', 'in_progress')
) x
WHERE x.id = s.id;
ALTER TABLE scheduled_procedure_step DROP CONSTRAINT scheduled_procedure_step_status_check;
ALTER TABLE scheduled_procedure_step ADD CONSTRAINT scheduled_procedure_step_status_check
  CHECK (status IN ('scheduled', 'in_progress', 'completed', 'discontinued', 'cancelled'));
ALTER TABLE procedure_step_event ADD COLUMN actor_user_id text REFERENCES user_account(id);

-- A slot cannot be double-booked: no two live steps on one machine overlap in wall-clock time.
ALTER TABLE scheduled_procedure_step ADD CONSTRAINT scheduled_procedure_step_no_overlap
  EXCLUDE USING gist (
    modality_id WITH =,
    tsrange(start_date + start_time, start_date + start_time + duration_minutes * INTERVAL '1 minute') WITH &&
  ) WHERE (status IN ('scheduled', 'in_progress'));
