// /api/booking: machines' shifts and slot types, the queue of accepted referrals, slot
// suggestions, booking, rescheduling, cancelling, trips, direct booking and the patient letter
// (server routes: src/server/booking/routes.ts).
import { Type, type Static } from 'typebox';
import { CalendarDate, Nullable, Timestamp } from './common.ts';
import { DEADLINE_STATES, MODALITIES } from './assessment.ts';

const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, Norwegian wall-clock time' });
const EndTime = Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$', description: 'HH:MM (24:00 = midnight)' });
const Id = Type.String({ minLength: 1, maxLength: 100 });

export const SHIFT_KINDS = ['day', 'evening', 'night', 'weekend'] as const;
export const Shift = Type.Object({
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: Type.Integer({ minimum: 1, maximum: 7 }),
  start: Time,
  end: EndTime,
  kind: Type.Enum(SHIFT_KINDS),
});
export type Shift = Static<typeof Shift>;

/**
 * Specific Character Sets a machine may read its worklist in (PS3.3 C.12.1.1.2 defined terms; the
 * check constraint of migration 0185): UTF-8 (the default) and Latin-1 for older modalities.
 */
export const DICOM_CHARACTER_SETS = ['ISO_IR 192', 'ISO_IR 100'] as const;
export type DicomCharacterSet = (typeof DICOM_CHARACTER_SETS)[number];
export const DicomCharacterSet = Type.Union([Type.Literal('ISO_IR 192'), Type.Literal('ISO_IR 100')]);

export const Machine = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  siteId: Type.String(),
  siteName: Type.String(),
  aeTitle: Type.String(),
  /** The character set the machine reads its DICOM worklist in (migration 0185). */
  dicomCharacterSet: DicomCharacterSet,
  shifts: Type.Array(Shift),
  /** Open hours per week (sum of the shifts), and of them in evening shifts. */
  weeklyHours: Type.Number(),
  eveningHours: Type.Number(),
  /** Send back when saving shifts (two people editing at once → 409). */
  version: Type.Integer(),
  changedAt: Nullable(Timestamp),
  /** Whether the caller may change the shifts (department leader). */
  editable: Type.Boolean(),
});
export type Machine = Static<typeof Machine>;
export const Machines = Type.Array(Machine);

export const SaveShifts = Type.Object({ version: Type.Integer({ minimum: 1 }), shifts: Type.Array(Shift, { maxItems: 60 }) }, { additionalProperties: false });
export type SaveShifts = Static<typeof SaveShifts>;

/** PUT /api/booking/machines/:id/dicom-character-set: only the sets in DICOM_CHARACTER_SETS (else 400). */
export const SaveDicomCharacterSet = Type.Object({ dicomCharacterSet: DicomCharacterSet }, { additionalProperties: false });
export type SaveDicomCharacterSet = Static<typeof SaveDicomCharacterSet>;

export const SlotTypeRow = Type.Object({
  modalityKind: Type.String(),
  examCode: Nullable(Type.String()),
  examName: Nullable(Type.String()),
  modalityId: Nullable(Type.String()),
  durationMinutes: Type.Integer(),
});
export const SlotTypes = Type.Array(SlotTypeRow);
export const SaveSlotType = Type.Object(
  {
    modalityKind: Type.String({ pattern: '^[A-Z]{2}$' }),
    examCode: Nullable(Type.String({ maxLength: 40 })),
    modalityId: Nullable(Id),
    /** Null removes the override (the kind's default applies again). */
    durationMinutes: Nullable(Type.Integer({ minimum: 5, maximum: 480 })),
  },
  { additionalProperties: false },
);
export type SaveSlotType = Static<typeof SaveSlotType>;

export const ReferralToBook = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  status: Type.String(),
  patientName: Type.String(),
  birthDate: CalendarDate,
  examCode: Type.String(),
  examName: Type.String(),
  modalityKind: Type.String(),
  priorityCategory: Nullable(Type.String()),
  /** The department's own name of the priority category (assessment's categories), in both languages. */
  priorityLabel: Nullable(Type.Object({ nb: Type.String(), en: Type.String() })),
  examDueDate: Nullable(CalendarDate),
  submittedAt: Nullable(Timestamp),
  departmentName: Type.String(),
  /** The referral number people quote on the phone (henvisningsnummer). */
  referralNumber: Type.Integer(),
  /** The patient's fødselsnummer or D-number (a secretary confirms the patient by it). */
  fnr: Type.String(),
  /** Where the exam is planned (the site chosen at assessment, else the department's site); null when unknown. */
  siteName: Nullable(Type.String()),
  /** The state of the exam due date at the time of the answer: past it, due soon (the vetting inbox's bounds: assessment/deadline.ts deadlineBounds), or later. */
  deadlineState: Nullable(Type.Enum(DEADLINE_STATES)),
  /** Other accepted referrals of the same patient to the department (book them on one trip). */
  otherAccepted: Type.Integer(),
  /**
   * The last booked exam was stopped at the modality (MPPS DISCONTINUED) and the referral came back
   * to be booked again: when, and the reason the modality gave (its words; null when none). Null
   * otherwise. Only the booking queue fills it.
   */
  stoppedAtModality: Nullable(Type.Object({ at: Timestamp, reason: Nullable(Type.String()) })),
});
export type ReferralToBook = Static<typeof ReferralToBook>;

/** Rows per page of the booking queue unless the caller asks for another size. */
export const QUEUE_PAGE_SIZE = 25;

/**
 * GET /api/booking/queue: paging, search and filters over the accepted referrals waiting for a
 * time ("Venter på time") — the vetting inbox's search (name words, fødselsnummer, referral
 * number) and its filters, with the priority category the department gave instead of the
 * referrer's urgency, and the exam due date's state instead of the assessment deadline's.
 */
export const QueueQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    modality: Type.Optional(Type.Enum(MODALITIES)),
    exam: Type.Optional(Type.String({ pattern: '^[A-Z]{3}[0-9][A-Z]{2}$' })),
    /** A priority category code of the department (assessment's categories). */
    priority: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })),
    deadline: Type.Optional(Type.Enum(DEADLINE_STATES)),
    site: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);
export type QueueQuery = Static<typeof QueueQuery>;
export const Queue = Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(), items: Type.Array(ReferralToBook) });
export type Queue = Static<typeof Queue>;

/** GET /api/booking/queue/options: what the queue can be filtered by (no patient data). */
export const QueueOptions = Type.Object({
  sites: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  exams: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), modality: Type.String(), count: Type.Integer() })),
  priorities: Type.Array(Type.Object({ code: Type.String(), label: Type.Object({ nb: Type.String(), en: Type.String() }) })),
});
export type QueueOptions = Static<typeof QueueOptions>;

export const Slot = Type.Object({
  modalityId: Type.String(),
  machineName: Type.String(),
  siteId: Type.String(),
  siteName: Type.String(),
  date: CalendarDate,
  start: Time,
  end: EndTime,
  durationMinutes: Type.Integer(),
  startsAt: Timestamp,
  /** After the referral's exam due date. */
  late: Type.Boolean(),
});
export type Slot = Static<typeof Slot>;

export const TripItem = Type.Object({ ...Slot.properties, referralId: Type.String(), examName: Type.String() });
export const Trip = Type.Object({ date: CalendarDate, siteId: Type.String(), siteName: Type.String(), items: Type.Array(TripItem) });
export type Trip = Static<typeof Trip>;

export const Suggestions = Type.Object({
  referral: ReferralToBook,
  slots: Type.Array(Slot),
  others: Type.Array(ReferralToBook),
  trips: Type.Array(Trip),
});
export type Suggestions = Static<typeof Suggestions>;

export const SuggestQuery = Type.Object({
  from: Type.Optional(CalendarDate),
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
});

export const BookRequest = Type.Object(
  {
    /** The referral's version as read (stale → 409). */
    version: Type.Integer({ minimum: 1 }),
    modalityId: Id,
    date: CalendarDate,
    start: Time,
  },
  { additionalProperties: false },
);
export type BookRequest = Static<typeof BookRequest>;

export const Booking = Type.Object({
  referralId: Type.String(),
  stepId: Type.String(),
  accessionNumber: Type.String(),
  studyInstanceUid: Type.String(),
  stationAeTitle: Type.String(),
  modalityId: Type.String(),
  date: CalendarDate,
  start: Time,
  end: EndTime,
  /** The referral's new version. */
  version: Type.Integer(),
});
export type Booking = Static<typeof Booking>;

export const TripRequest = Type.Object(
  { items: Type.Array(Type.Object({ referralId: Id, ...BookRequest.properties }, { additionalProperties: false }), { minItems: 2, maxItems: 4 }) },
  { additionalProperties: false },
);
export type TripRequest = Static<typeof TripRequest>;
export const TripBooking = Type.Object({ bookings: Type.Array(Booking) });
export type TripBooking = Static<typeof TripBooking>;

export const RescheduleRequest = Type.Object(
  { ...BookRequest.properties, reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type RescheduleRequest = Static<typeof RescheduleRequest>;
export const CancelRequest = Type.Object(
  { version: Type.Integer({ minimum: 1 }), reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type CancelRequest = Static<typeof CancelRequest>;
export const Cancelled = Type.Object({ referralId: Type.String(), stepId: Type.String(), version: Type.Integer() });

export const DayStep = Type.Object({
  stepId: Type.String(),
  referralId: Type.String(),
  version: Type.Integer(),
  start: Time,
  end: EndTime,
  durationMinutes: Type.Integer(),
  status: Type.String(),
  patientName: Type.String(),
  birthDate: CalendarDate,
  examName: Type.String(),
  accessionNumber: Type.String(),
  priorityCategory: Nullable(Type.String()),
});
export const MachineDay = Type.Object({
  machine: Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String(), siteName: Type.String() }),
  date: CalendarDate,
  holiday: Type.Boolean(),
  /** Open windows that day (adjacent shifts joined), HH:MM. */
  open: Type.Array(Type.Object({ start: Time, end: EndTime })),
  steps: Type.Array(DayStep),
  /** Exams this machine started after their referral had ended, not yet acknowledged. */
  afterEnd: Type.Array(
    Type.Object({
      id: Type.String(),
      at: Timestamp,
      patientName: Type.String(),
      birthDate: CalendarDate,
      examName: Type.String(),
      accessionNumber: Nullable(Type.String()),
    }),
  ),
});
export type MachineDay = Static<typeof MachineDay>;
export const DayQuery = Type.Object({ date: CalendarDate });

export const LetterQuery = Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('nb'), Type.Literal('nn')])) });

export const BookingSetting = Type.Object({
  departmentId: Type.String(),
  directBookingExamCodes: Type.Array(Type.String()),
  directBookingDueDays: Type.Integer(),
});
export type BookingSetting = Static<typeof BookingSetting>;
export const SaveBookingSetting = Type.Object(
  {
    directBookingExamCodes: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 200 }),
    directBookingDueDays: Type.Integer({ minimum: 0, maximum: 365 }),
  },
  { additionalProperties: false },
);

export const DirectOptions = Type.Object({
  /** Whether the receiving department lets the referrer book this exam directly. */
  allowed: Type.Boolean(),
  referral: ReferralToBook,
  slots: Type.Array(Slot),
});
export type DirectOptions = Static<typeof DirectOptions>;

/** The clinician's own referrals they may book directly. */
export const DirectList = Type.Array(ReferralToBook);

/**
 * An exam a modality started (MPPS IN PROGRESS) after its referral had been ended (withdrawn or
 * closed without exam): shown on the booking page and the machine's day plan until someone in the
 * department acknowledges it (scheduling/README.md "Started after the referral ended").
 */
export const AfterEndWarning = Type.Object({
  id: Type.String(),
  /** When the modality reported the start. */
  at: Timestamp,
  referralId: Type.String(),
  referralNumber: Nullable(Type.Integer()),
  patientName: Type.String(),
  birthDate: CalendarDate,
  examName: Type.String(),
  machineId: Nullable(Type.String()),
  machineName: Nullable(Type.String()),
  accessionNumber: Nullable(Type.String()),
});
export type AfterEndWarning = Static<typeof AfterEndWarning>;
export const AfterEndWarnings = Type.Array(AfterEndWarning);
/** GET /api/booking/after-end?referralId=: only that referral's open warnings (its own page). */
export const AfterEndQuery = Type.Object({
  referralId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Only the warnings of this referral' })),
});
export const AfterEndAcknowledged = Type.Object({ id: Type.String(), acknowledgedAt: Timestamp, acknowledgedBy: Type.String() });
export type AfterEndAcknowledged = Static<typeof AfterEndAcknowledged>;
