// /api/assessment: the vetting inbox of a radiology department and the regional joint inbox
// (server routes: src/server/assessment/routes.ts).
import { Type, type Static } from 'typebox';
import { CalendarDate, Nullable, Timestamp } from './common.ts';

export const URGENCIES = ['emergency', 'urgent', 'routine', 'planned'] as const;
export const DEADLINE_STATES = ['overdue', 'due_soon', 'later'] as const;
export const MODALITIES = ['CR', 'DX', 'CT', 'MR', 'US', 'NM', 'PT', 'MG', 'RF', 'XA'] as const;

/**
 * Why the department closes a referral without an exam (the fixed list of issue 8's closing gap):
 * the patient does not want it, no longer indicated, done elsewhere, repeated no-shows, the patient
 * has died, or other (then a text is required).
 */
export const CLOSE_REASONS = ['patient_declined', 'no_longer_indicated', 'done_elsewhere', 'repeated_no_show', 'patient_deceased', 'other'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
/** The statuses a referral may be withdrawn or closed from (server: assessment/closing.ts CLOSABLE_STATUSES): not yet performed, reported or ended. */
export const WITHDRAWABLE_STATUSES = ['submitted', 'info_requested', 'accepted', 'scheduled'] as const;

export const InboxQuery = Type.Object(
  {
    /** "department": the user's own departments (default); "joint": also the departments of trusts that share assessment with them. */
    scope: Type.Optional(Type.Union([Type.Literal('department'), Type.Literal('joint')])),
    department: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    site: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Name (words), fødselsnummer / D-number (11 digits) or referral number (digits). */
    q: Type.Optional(Type.String({ maxLength: 100 })),
    modality: Type.Optional(Type.Enum(MODALITIES)),
    exam: Type.Optional(Type.String({ pattern: '^[A-Z]{3}[0-9][A-Z]{2}$' })),
    /** The urgency the referrer suggested. */
    urgency: Type.Optional(Type.Enum(URGENCIES)),
    deadline: Type.Optional(Type.Enum(DEADLINE_STATES)),
    referrer: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
export type InboxQuery = Static<typeof InboxQuery>;

export const InboxRow = Type.Object({
  /** Used to open the referral; never shown. */
  id: Type.String(),
  referralNumber: Type.Integer(),
  patientName: Type.String(),
  fnr: Type.String(),
  birthDate: CalendarDate,
  patientAge: Nullable(Type.Integer()),
  patientSex: Nullable(Type.Union([Type.Literal('M'), Type.Literal('F')])),
  examCode: Type.String(),
  examName: Type.String(),
  modality: Type.String(),
  urgency: Type.Enum(URGENCIES),
  clinicalQuestion: Nullable(Type.String()),
  rating: Nullable(Type.String()),
  submittedAt: Nullable(Timestamp),
  assessmentDueDate: Nullable(CalendarDate),
  deadlineState: Nullable(Type.Enum(DEADLINE_STATES)),
  /** Working days to the due date: 0 = today, negative = overdue. */
  workingDaysLeft: Nullable(Type.Integer()),
  departmentId: Type.String(),
  departmentName: Type.String(),
  siteName: Nullable(Type.String()),
  referrerId: Type.String(),
  referrerName: Type.String(),
  referrerOrganization: Type.String(),
  /** Sent to a partner trust and shown here through a vetting share agreement. */
  shared: Type.Boolean(),
});
export type InboxRow = Static<typeof InboxRow>;

export const InboxPage = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  rows: Type.Array(InboxRow),
});
export type InboxPage = Static<typeof InboxPage>;

export const InboxOptionsQuery = Type.Object(
  { scope: Type.Optional(Type.Union([Type.Literal('department'), Type.Literal('joint')])) },
  { additionalProperties: false },
);

export const InboxOptions = Type.Object({
  /** Whether the user takes part in a vetting share agreement (the joint inbox has something to show). */
  jointAvailable: Type.Boolean(),
  departments: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      siteId: Nullable(Type.String()),
      siteName: Nullable(Type.String()),
      trustName: Nullable(Type.String()),
      shared: Type.Boolean(),
    }),
  ),
  sites: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  exams: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), modality: Type.String(), count: Type.Integer() })),
  referrers: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), count: Type.Integer() })),
});
export type InboxOptions = Static<typeof InboxOptions>;

const LocalText = Type.Object({ nb: Type.String(), en: Type.Optional(Type.String()) });
export const REFERRAL_STATUSES = [
  'draft',
  'submitted',
  'accepted',
  'returned',
  'redirected',
  'info_requested',
  'scheduled',
  'performed',
  'reported',
  'cancelled',
] as const;
export const DEADLINE_REASONS = ['emergency', 'urgent', 'cancer_pathway', 'red_flags', 'standard'] as const;

/**
 * A booked exam's time and place, as people say them (issue 8): the Oslo wall-clock date and time,
 * the machine's name as the department calls it (never its DICOM AE title or modality code) and the
 * site; `started` once the modality reported the exam begun (MPPS IN PROGRESS).
 */
export const Appointment = Type.Object({
  date: CalendarDate,
  time: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
  machineName: Type.String(),
  siteName: Type.String(),
  started: Type.Boolean(),
});
export type Appointment = Static<typeof Appointment>;

/** The department's view of one referral (GET /api/assessment/referrals/{id}). */
export const AssessmentView = Type.Object({
  id: Type.String(),
  referralNumber: Type.Integer(),
  /** Send it back with every assessment action (optimistic concurrency). */
  version: Type.Integer(),
  status: Type.Enum(REFERRAL_STATUSES),
  urgency: Type.Enum(URGENCIES),
  submittedAt: Nullable(Timestamp),
  assessmentDueDate: Nullable(CalendarDate),
  deadlineState: Nullable(Type.Enum(DEADLINE_STATES)),
  workingDaysLeft: Nullable(Type.Integer()),
  /** Why the deadline is what it is (the rule that applied on receipt). */
  deadlineReason: Nullable(Type.Enum(DEADLINE_REASONS)),
  shared: Type.Boolean(),
  patient: Type.Object({
    name: Type.String(),
    fnr: Type.String(),
    birthDate: CalendarDate,
    age: Nullable(Type.Integer()),
    sex: Type.Union([Type.Literal('M'), Type.Literal('F')]),
  }),
  exam: Type.Object({ code: Type.String(), name: Type.String(), modality: Type.String(), bodyPart: Type.String() }),
  department: Type.Object({ id: Type.String(), name: Type.String(), siteName: Nullable(Type.String()) }),
  referrer: Type.Object({ name: Type.String(), organization: Type.String(), hprNumber: Nullable(Type.String()) }),
  indication: Nullable(Type.Object({ system: Type.String(), code: Type.String(), name: Nullable(Type.String()) })),
  clinicalQuestion: Nullable(Type.String()),
  clinicalNote: Nullable(Type.String()),
  facts: Type.Record(Type.String(), Type.Union([Type.Boolean(), Type.Number(), Type.String(), Type.Null()])),
  contraindications: Type.Object({
    pregnant: Type.Optional(Type.Boolean()),
    egfr: Type.Optional(Type.Number()),
    pacemaker: Type.Optional(Type.Boolean()),
    metalImplant: Type.Optional(Type.Boolean()),
    contrastAllergy: Type.Optional(Type.Boolean()),
  }),
  advice: Nullable(
    Type.Object({
      topicTitle: LocalText,
      topicVersion: Type.String(),
      rating: Type.String(),
      score: Nullable(Type.Number()),
      summary: LocalText,
      explanation: LocalText,
      alternative: Nullable(Type.Object({ text: LocalText, examName: Nullable(Type.String()) })),
      reviewed: Type.Boolean(),
    }),
  ),
  /** What the referrer did with the advice; `reason` is the override reason in words. */
  decision: Nullable(
    Type.Object({
      decision: Type.String(),
      reason: Nullable(LocalText),
      reasonText: Nullable(Type.String()),
    }),
  ),
  history: Type.Array(
    Type.Object({
      id: Type.String(),
      referralNumber: Type.Integer(),
      examName: Type.String(),
      status: Type.Enum(REFERRAL_STATUSES),
      submittedAt: Nullable(Timestamp),
      performedAt: Nullable(Timestamp),
      departmentName: Type.String(),
      pending: Type.Boolean(),
      duplicate: Nullable(Type.Union([Type.Literal('same_exam'), Type.Literal('same_body_part')])),
    }),
  ),
  events: Type.Array(
    Type.Object({
      at: Timestamp,
      kind: Type.String(),
      fromStatus: Nullable(Type.String()),
      toStatus: Type.String(),
      /** The reason a modality gave when it stopped the exam (kind 'exam_discontinued', its own words); absent otherwise. */
      reason: Type.Optional(Nullable(Type.String())),
      /** Why the department closed the referral without an exam (kind 'closed_without_exam'); absent otherwise. */
      closeReason: Type.Optional(Type.Enum(CLOSE_REASONS)),
      /**
       * Kind 'accepted' with a due date later than the priority's window, acknowledged by the assessor:
       * the window (days) and how many days beyond it; absent otherwise.
       */
      unusualDueDate: Type.Optional(Type.Object({ windowDays: Type.Integer(), daysBeyond: Type.Integer() })),
    }),
  ),
  /** The message thread (the department asks, the referrer answers). */
  messages: Type.Array(
    Type.Object({ at: Timestamp, side: Type.Union([Type.Literal('department'), Type.Literal('referrer')]), author: Type.String(), body: Type.String() }),
  ),
  /**
   * The acceptance (issue 8 §2), once the referral was accepted: the priority in words, the exam due
   * date, the protocol, the planned modality (a code the page names in words) and site, who assessed
   * (name and role they assessed in) and when, and the assessor's note. Null before acceptance and
   * for a referral that was not accepted (returned, redirected, merged, ended unassessed).
   */
  assessment: Nullable(
    Type.Object({
      priority: Nullable(LocalText),
      examDueDate: Nullable(CalendarDate),
      protocol: Nullable(Type.String()),
      modality: Nullable(Type.String()),
      siteName: Nullable(Type.String()),
      assessedBy: Nullable(Type.String()),
      assessedByRole: Nullable(Type.String()),
      assessedAt: Nullable(Timestamp),
      note: Nullable(Type.String()),
    }),
  ),
  /** The booked exam (a live scheduled step), or null when none is booked. */
  appointment: Nullable(Appointment),
});
export type AssessmentView = Static<typeof AssessmentView>;

const Version = Type.Integer({ minimum: 1 });
const Note = Type.String({ maxLength: 2000 });

export const AcceptBody = Type.Object(
  {
    version: Version,
    priorityCategory: Type.String({ pattern: '^[a-z0-9_]{1,40}$' }),
    examDueDate: CalendarDate,
    protocol: Type.Optional(Type.String({ maxLength: 200 })),
    modality: Type.Optional(Type.Enum(MODALITIES)),
    siteId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    note: Type.Optional(Note),
    /**
     * True when a due date later than the priority's window is deliberate (without it such an
     * acceptance is refused with 422 naming examDueDate); kept in the referral's history.
     */
    confirmUnusualDueDate: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const ReturnBody = Type.Object(
  {
    version: Version,
    reason: Type.Union([Type.Literal('not_indicated'), Type.Literal('missing_information'), Type.Literal('duplicate'), Type.Literal('other')]),
    text: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export const MessageBody = Type.Object({ version: Version, message: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
export const RedirectBody = Type.Object(
  {
    version: Version,
    toOrganizationId: Type.String({ minLength: 1, maxLength: 100 }),
    text: Type.Optional(Note),
    /** The assessor states the patient is likely followed up outside hospital (some redirect rules need it). */
    followedUpOutsideHospital: Type.Optional(Type.Boolean()),
    /** The patient is to be discussed in a hospital meeting (tverrfaglig møte): never to a private institute. */
    hospitalMeeting: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const MergeBody = Type.Object(
  { version: Version, intoReferralId: Type.String({ minLength: 1, maxLength: 100 }), text: Type.Optional(Note) },
  { additionalProperties: false },
);
/** POST /api/assessment/referrals/{id}/close: the department closes the referral without an exam. */
export const CloseBody = Type.Object({ version: Version, reason: Type.Enum(CLOSE_REASONS), text: Type.Optional(Note) }, { additionalProperties: false });
/** POST /api/referrals/{id}/withdraw: the referrer withdraws their own referral; the reason is optional. */
export const WithdrawBody = Type.Object({ version: Version, text: Type.Optional(Note) }, { additionalProperties: false });
export const AssessResult = Type.Object({ id: Type.String(), status: Type.Enum(REFERRAL_STATUSES), version: Type.Integer() });
export type AssessResult = Static<typeof AssessResult>;

/** What the assessor can choose from for a referral: the department's priority categories, sites and redirect targets. */
export const AssessOptions = Type.Object({
  mayAssess: Type.Boolean(),
  /** Whether the user may close this referral without an exam (receiving department, open referral). */
  mayClose: Type.Boolean(),
  priorities: Type.Array(Type.Object({ code: Type.String(), label: LocalText, days: Nullable(Type.Integer()) })),
  sites: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  /** Where the department's redirect rules let this referral go; `condition` says what the assessor must state. */
  redirectTargets: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      condition: Type.Union([Type.Literal('always'), Type.Literal('followed_up_outside_hospital')]),
      ruleNote: Nullable(Type.String()),
    }),
  ),
  /** Whether the department has redirect rules (without, any receiving unit in the region). */
  redirectRulesApply: Type.Boolean(),
  /** Other open referrals of the same patient this one can be merged into. */
  mergeTargets: Type.Array(Type.Object({ id: Type.String(), referralNumber: Type.Integer(), examName: Type.String() })),
});
export type AssessOptions = Static<typeof AssessOptions>;

/** The referrer's view of where their referral stands (GET /api/referrals/{id}/status). */
export const ReferralStatusView = Type.Object({
  id: Type.String(),
  referralNumber: Type.Integer(),
  version: Type.Integer(),
  status: Type.Enum(REFERRAL_STATUSES),
  patientName: Type.String(),
  fnr: Type.String(),
  examName: Type.String(),
  departmentName: Type.String(),
  clinicalQuestion: Nullable(Type.String()),
  urgency: Type.Enum(URGENCIES),
  submittedAt: Nullable(Timestamp),
  assessmentDueDate: Nullable(CalendarDate),
  assessedAt: Nullable(Timestamp),
  /** The priority category chosen on acceptance, in words. */
  priority: Nullable(LocalText),
  examDueDate: Nullable(CalendarDate),
  /**
   * Set when the assessor confirmed the exam due date as deliberately later than the priority's
   * window (issue 8: the accepted event's confirmUnusualDueDate): the window in days and how many
   * days past it the date lies. Absent otherwise.
   */
  unusualDueDate: Type.Optional(Type.Object({ windowDays: Type.Integer(), daysBeyond: Type.Integer() })),
  returnReason: Nullable(Type.Object({ reason: Type.String(), text: Nullable(Type.String()) })),
  /** When the referral was ended without an exam: by the department (with a reason from CLOSE_REASONS) or withdrawn by the referrer. */
  closure: Nullable(
    Type.Object({
      by: Type.Union([Type.Literal('department'), Type.Literal('referrer')]),
      reason: Nullable(Type.Enum(CLOSE_REASONS)),
      text: Nullable(Type.String()),
      at: Timestamp,
    }),
  ),
  messages: Type.Array(
    Type.Object({ at: Timestamp, side: Type.Union([Type.Literal('department'), Type.Literal('referrer')]), author: Type.String(), body: Type.String() }),
  ),
  events: Type.Array(Type.Object({ at: Timestamp, kind: Type.String() })),
  /** Who assessed the referral (name), once it was accepted; what the referrer is told, not the department's internal note. */
  assessedBy: Nullable(Type.String()),
  /** Where the exam is to be done (the site the assessor chose), once accepted. */
  examSite: Nullable(Type.String()),
  /** The booked time and place, once booked (issue 8 item 3: what a withdrawal would call off). */
  appointment: Nullable(Appointment),
  /**
   * Whether the referrer may still withdraw it (assessment/closing.ts): open, and no exam begun at the
   * modality. A booked exam may be withdrawn: the time is released and the department told.
   */
  mayWithdraw: Type.Boolean(),
});
export type ReferralStatusView = Static<typeof ReferralStatusView>;

export const ApprovalBody = Type.Object(
  { personId: Type.String({ minLength: 1, maxLength: 100 }), departmentId: Type.String({ minLength: 1, maxLength: 100 }), modality: Type.Enum(MODALITIES) },
  { additionalProperties: false },
);
export const Approvals = Type.Object({
  approvals: Type.Array(
    Type.Object({
      personId: Type.String(),
      name: Type.String(),
      departmentId: Type.String(),
      departmentName: Type.String(),
      modality: Type.String(),
      approvedAt: Timestamp,
    }),
  ),
  radiographers: Type.Array(Type.Object({ personId: Type.String(), name: Type.String(), departmentId: Type.String() })),
});
export type Approvals = Static<typeof Approvals>;

/** A department's redirect rule (GET/POST /api/assessment/redirect-rules, migration 0175). */
export const RedirectCondition = Type.Union([Type.Literal('always'), Type.Literal('followed_up_outside_hospital')]);
export const RedirectRuleBody = Type.Object(
  {
    departmentId: Type.String({ minLength: 1, maxLength: 100 }),
    targetOrgId: Type.String({ minLength: 1, maxLength: 100 }),
    modalities: Type.Array(Type.Enum(MODALITIES), { maxItems: MODALITIES.length, uniqueItems: true }),
    examCodes: Type.Array(Type.String({ pattern: '^[A-Z0-9]{4,8}$' }), { maxItems: 200, uniqueItems: true }),
    condition: RedirectCondition,
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type RedirectRuleBody = Static<typeof RedirectRuleBody>;
export const RedirectRuleView = Type.Object({
  id: Type.String(),
  departmentId: Type.String(),
  departmentName: Type.String(),
  targetOrgId: Type.String(),
  targetName: Type.String(),
  targetKind: Type.String(),
  modalities: Type.Array(Type.String()),
  exams: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  condition: RedirectCondition,
  note: Nullable(Type.String()),
  createdAt: Timestamp,
  createdBy: Type.String(),
});
export type RedirectRuleView = Static<typeof RedirectRuleView>;
export const RedirectRules = Type.Object({
  rules: Type.Array(RedirectRuleView),
  /** The departments the leader leads, and the units each may name as a target. */
  departments: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      targets: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() })),
    }),
  ),
});
export type RedirectRules = Static<typeof RedirectRules>;
