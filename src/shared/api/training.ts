// /api/training: learning goals, department plans, individual plans (records) of LIS, progress,
// collegium assessments, suitability notes, supervision meetings, competence approvals, reports and
// exports (server routes: src/server/training/routes.ts; rules: docs/training.md).
import { Type, type Static } from 'typebox';
import { CalendarDate, Nullable, Timestamp } from './common.ts';

const Id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' });
const ExamCode = Type.String({ pattern: '^[A-Z]{3}[0-9][A-Z]{2}$', description: 'NCRP code' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });

export const Specialty = Type.Union([Type.Literal('nuclear_medicine'), Type.Literal('radiology'), Type.Literal('fkm')]);
export const PlanSpecialty = Type.Union([Type.Literal('nuclear_medicine'), Type.Literal('radiology')]);
export const SupervisionTheme = Type.Union([
  Type.Literal('career'),
  Type.Literal('professional'),
  Type.Literal('research'),
  Type.Literal('personal'),
  Type.Literal('radiation_protection'),
  Type.Literal('work_environment'),
]);
export type SupervisionTheme = Static<typeof SupervisionTheme>;
export const ActivityKind = Type.Union([Type.Literal('procedure'), Type.Literal('course'), Type.Literal('e_learning'), Type.Literal('other')]);
export const GoalState = Type.Union([
  Type.Literal('not_started'),
  Type.Literal('in_progress'),
  Type.Literal('completed'),
  Type.Literal('not_yet'),
  Type.Literal('approved'),
]);
export type GoalState = Static<typeof GoalState>;

export const RecordIdParams = Type.Object({ recordId: Id });
export const ApprovalIdParams = Type.Object({ recordId: Id, approvalId: Id });
export const MeetingIdParams = Type.Object({ meetingId: Id });
export const GoalParams = Type.Object({ recordId: Id, specialty: Specialty, number: Type.Integer({ minimum: 1, maximum: 999 }) });
export const SpecialtyQuery = Type.Object({ specialty: Type.Optional(Specialty) });
export const OrgQuery = Type.Object({ organizationId: Type.Optional(Id), format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) });

// ---- learning goals ----
export const LearningGoal = Type.Object({ specialty: Specialty, number: Type.Integer(), title: Nullable(Type.String()), source: Type.String() });
export const LearningGoalList = Type.Object({
  goals: Type.Array(LearningGoal),
  /** Goals whose title is not packaged (no citable source): a network editor imports them. */
  untitled: Type.Integer(),
});
export const GoalCsvImportBody = Type.Object(
  { csv: Type.String({ minLength: 1, maxLength: 500_000 }), source: Text(300) },
  { additionalProperties: false, description: 'CSV with header specialty,number,title (comma or semicolon separated, UTF-8).' },
);
export const GoalCsvImportResult = Type.Object({ imported: Type.Integer() });

// ---- department plans ----
export const RotationInput = Type.Object(
  {
    fromYears: Type.Number({ minimum: 0, maximum: 20 }),
    toYears: Type.Number({ minimum: 0, maximum: 20 }),
    trust: Text(100),
    hospital: Text(100),
    section: Text(100),
    external: Type.Optional(Type.Boolean()),
    goals: Type.String({ minLength: 1, maxLength: 1000, description: 'goal numbers as in the plan: "1-17, 69-75, 97"' }),
  },
  { additionalProperties: false },
);
export const PlanCreateBody = Type.Object(
  {
    organizationId: Id,
    specialty: PlanSpecialty,
    name: Text(200),
    source: Type.Optional(Type.String({ maxLength: 500 })),
    rotations: Type.Array(RotationInput, { minItems: 1, maxItems: 40 }),
  },
  { additionalProperties: false },
);
/**
 * A plan as the leader edits it: every rotation that stays (with its `id`), changed or not, and new
 * ones (no `id`); a rotation left out is removed from the plan (kept for the records that name it).
 */
export const PlanUpdateBody = Type.Object(
  {
    name: Text(200),
    /** Why the plan is changed; kept with the version (0205). */
    reason: Text(1000),
    source: Type.Optional(Type.String({ maxLength: 500 })),
    rotations: Type.Array(Type.Object({ ...RotationInput.properties, id: Type.Optional(Id) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 40,
    }),
  },
  { additionalProperties: false },
);
export const PlanIdParams = Type.Object({ planId: Id });
export const PackagedPlanBody = Type.Object({ organizationId: Id, template: Type.Literal('ahus-nuclear-medicine') }, { additionalProperties: false });
export const Rotation = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  fromYears: Type.Number(),
  toYears: Type.Number(),
  trust: Type.String(),
  hospital: Type.String(),
  section: Type.String(),
  external: Type.Boolean(),
  goalNumbers: Type.Array(Type.Integer()),
});
export const Plan = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  organization: Type.String(),
  specialty: PlanSpecialty,
  name: Type.String(),
  source: Nullable(Type.String()),
  rotations: Type.Array(Rotation),
  /** The caller leads the plan's department and may edit it. */
  mayEdit: Type.Boolean(),
});
export type Plan = Static<typeof Plan>;
export const PlanList = Type.Object({ plans: Type.Array(Plan) });
export type PlanList = Static<typeof PlanList>;

// ---- individual plans (records) ----
export const RecordCreateBody = Type.Object({ personId: Id, planId: Id, supervisorPersonId: Id, startDate: CalendarDate }, { additionalProperties: false });
/** A leader changes a LIS's supervisor and/or start date (a new supervisor, leave, part-time); the reason is kept in the plan's history. */
export const RecordDetailsBody = Type.Object(
  { supervisorPersonId: Type.Optional(Id), startDate: Type.Optional(CalendarDate), reason: Text(1000) },
  { additionalProperties: false },
);
export const Created = Type.Object({ id: Type.String() });

const Person = Type.Object({ id: Type.String(), name: Type.String() });
export const GoalView = Type.Object({
  specialty: Specialty,
  number: Type.Integer(),
  title: Nullable(Type.String()),
  state: GoalState,
  rotationId: Nullable(Type.String()),
  plannedBy: Nullable(CalendarDate),
  overdue: Type.Boolean(),
  activityCount: Type.Integer(),
  assessment: Nullable(
    Type.Object({ outcome: Type.Union([Type.Literal('approved'), Type.Literal('not_yet')]), plan: Nullable(Type.String()), by: Type.String(), at: Timestamp }),
  ),
});
export const RecordRotation = Type.Object({
  ...Rotation.properties,
  /** The LIS's dates (the department plan's unless moved). */
  plannedStart: CalendarDate,
  plannedEnd: CalendarDate,
  /** The department plan's dates for this LIS (start date + the plan's years). */
  planStart: CalendarDate,
  planEnd: CalendarDate,
  /** Moved in this LIS's individual plan: why, by whom, when; null when the dates follow the department plan. */
  moved: Nullable(Type.Object({ reason: Type.String(), by: Nullable(Type.String()), at: Timestamp })),
  /** Every goal of the rotation approved (not merely sent for assessment); false for a rotation without goals. */
  complete: Type.Boolean(),
});
export const Activity = Type.Object({
  id: Type.String(),
  specialty: Specialty,
  goalNumber: Type.Integer(),
  kind: ActivityKind,
  count: Type.Integer(),
  description: Type.String(),
  doneOn: CalendarDate,
  registeredBy: Type.String(),
});
export const CompetenceApproval = Type.Object({
  id: Type.String(),
  examCode: Type.String(),
  examName: Type.String(),
  organization: Type.String(),
  approvedBy: Nullable(Type.String()),
  approvedAt: Timestamp,
  note: Nullable(Type.String()),
  withdrawnBy: Nullable(Type.String()),
  withdrawnAt: Nullable(Timestamp),
  withdrawalReason: Nullable(Type.String()),
  active: Type.Boolean(),
});
export const ReadingStats = Type.Object({
  /** Reports the LIS authored per exam type (preliminary or final), and how many became final without countersigning. */
  byExamType: Type.Array(
    Type.Object({
      examCode: Type.String(),
      examName: Type.String(),
      reports: Type.Integer(),
      finalAlone: Type.Integer(),
      reviewed: Type.Integer(),
      /** RADPEER grades from countersigning: 1, 2a, 2b, 3a, 3b. */
      grades: Type.Record(Type.String(), Type.Integer()),
      approved: Type.Boolean(),
    }),
  ),
});
export const Meeting = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('individual'), Type.Literal('group')]),
  supervisor: Type.String(),
  plannedAt: Timestamp,
  heldAt: Nullable(Timestamp),
  themes: Type.Array(SupervisionTheme),
  summary: Nullable(Type.String()),
  participants: Type.Array(Type.String()),
  actions: Type.Array(Type.Object({ id: Type.String(), text: Type.String(), dueDate: Nullable(CalendarDate), done: Type.Boolean() })),
});
export const SuitabilityNote = Type.Object({ id: Type.String(), text: Type.String(), author: Type.String(), at: Timestamp });
export const RecordView = Type.Object({
  id: Type.String(),
  lis: Person,
  supervisor: Person,
  organization: Type.String(),
  organizationId: Type.String(),
  plan: Type.Object({ id: Type.String(), name: Type.String(), specialty: PlanSpecialty, source: Nullable(Type.String()) }),
  startDate: CalendarDate,
  behind: Type.Boolean(),
  counts: Type.Object({ goals: Type.Integer(), approved: Type.Integer(), completed: Type.Integer(), overdue: Type.Integer() }),
  rotations: Type.Array(RecordRotation),
  goals: Type.Array(GoalView),
  activities: Type.Array(Activity),
  approvals: Type.Array(CompetenceApproval),
  readingStats: ReadingStats,
  meetings: Type.Array(Meeting),
  /** null: the viewer may not see suitability notes (only the supervisor and the department's leaders may). */
  suitabilityNotes: Nullable(Type.Array(SuitabilityNote)),
  /** The department's specialists who may become the supervisor; null unless the viewer may change it (may.changeDetails). */
  supervisorOptions: Nullable(Type.Array(Person)),
  may: Type.Object({
    registerActivity: Type.Boolean(),
    assess: Type.Boolean(),
    approveCompetence: Type.Boolean(),
    suitability: Type.Boolean(),
    planMeeting: Type.Boolean(),
    /** May move rotation dates in this individual plan (supervisor and leaders). */
    moveRotation: Type.Boolean(),
    /** May change the supervisor and start date (department leaders; never the LIS). */
    changeDetails: Type.Boolean(),
  }),
});
export type RecordView = Static<typeof RecordView>;
export const RecordSummary = Type.Object({
  id: Type.String(),
  lis: Person,
  supervisor: Person,
  organization: Type.String(),
  plan: Type.String(),
  startDate: CalendarDate,
  goals: Type.Integer(),
  approved: Type.Integer(),
  overdue: Type.Integer(),
  /** Goals the LIS has sent for assessment that no one has assessed yet (not late: the collegium's turn). */
  awaitingAssessment: Type.Integer(),
  behind: Type.Boolean(),
  currentRotation: Nullable(Type.String()),
});
export const RecordList = Type.Object({ records: Type.Array(RecordSummary) });
export type RecordList = Static<typeof RecordList>;

// ---- progress ----
export const ActivityBody = Type.Object(
  {
    specialty: Specialty,
    goalNumber: Type.Integer({ minimum: 1, maximum: 999 }),
    kind: ActivityKind,
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    description: Text(500),
    doneOn: CalendarDate,
  },
  { additionalProperties: false },
);
export const CompletionResult = Type.Object({ completedGroups: Type.Array(Type.String()), notified: Type.Integer() });
export const AssessmentBody = Type.Object(
  { outcome: Type.Union([Type.Literal('approved'), Type.Literal('not_yet')]), plan: Type.Optional(Text(2000)) },
  { additionalProperties: false },
);
export const NoteBody = Type.Object({ text: Text(4000) }, { additionalProperties: false });

// ---- competence approvals ----
export const ApprovalBody = Type.Object({ examCode: ExamCode, note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const WithdrawBody = Type.Object(
  {
    reason: Text(2000),
    /** Optional; must be now (the server's clock, ±5 minutes): a withdrawal cannot be backdated or post-dated. */
    withdrawnAt: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);

// ---- supervision ----
export const MeetingBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('individual'), Type.Literal('group')]),
    recordIds: Type.Array(Id, { minItems: 1, maxItems: 30, uniqueItems: true }),
    plannedAt: Timestamp,
    themes: Type.Array(SupervisionTheme, { minItems: 1, maxItems: 6, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export const MeetingLogBody = Type.Object(
  {
    heldAt: Timestamp,
    summary: Type.Optional(Type.String({ maxLength: 8000 })),
    themes: Type.Optional(Type.Array(SupervisionTheme, { minItems: 1, maxItems: 6, uniqueItems: true })),
    actions: Type.Optional(
      Type.Array(Type.Object({ text: Text(1000), dueDate: Type.Optional(CalendarDate) }, { additionalProperties: false }), { maxItems: 20 }),
    ),
  },
  { additionalProperties: false },
);

// ---- notifications and reports ----
export const TrainingNotifications = Type.Object({
  notifications: Type.Array(
    Type.Object({
      id: Type.Integer(),
      recordId: Type.String(),
      lis: Type.String(),
      /** Where the rotation is (trust · hospital · section). */
      rotation: Nullable(Type.String()),
      /** The rotation's years in the plan. */
      years: Nullable(Type.Object({ from: Type.Number(), to: Type.Number() })),
      createdAt: Timestamp,
      read: Type.Boolean(),
    }),
  ),
});
export const DepartmentReport = Type.Object({
  organization: Type.String(),
  records: Type.Array(RecordSummary),
  /** Goals not approved in time, by how many LIS are overdue on each; and goals the plan places at another trust. */
  hardGoals: Type.Array(
    Type.Object({
      specialty: Specialty,
      number: Type.Integer(),
      title: Nullable(Type.String()),
      overdueLis: Type.Integer(),
      externalOnly: Type.Boolean(),
      /** Where the plan places it, as text (places and years), for the CSV and older clients. */
      plannedAt: Type.String(),
      /** Where the plan places it: each place (trust · hospital · section) and its years. */
      places: Type.Array(Type.Object({ place: Type.String(), fromYears: Type.Number(), toYears: Type.Number() })),
    }),
  ),
});
export type DepartmentReport = Static<typeof DepartmentReport>;

/** Exam types a specialist can approve a LIS for (name shown; the NCRP code is sent back). */
export const ExamTypes = Type.Object({ examTypes: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), modality: Type.String() })) });
export type ExamTypes = Static<typeof ExamTypes>;

// ---- versions of plans (0205) and moving one LIS's rotation ----
/**
 * Moves a rotation in one LIS's individual plan (leave, sick leave, a rotation postponed elsewhere)
 * without changing the department plan. `backToPlan` puts the department plan's dates back instead.
 * `moveLater` shifts every later rotation of the individual plan by as much as this one's end moved.
 */
export const MoveRotationBody = Type.Object(
  {
    plannedStart: Type.Optional(CalendarDate),
    plannedEnd: Type.Optional(CalendarDate),
    backToPlan: Type.Optional(Type.Boolean()),
    moveLater: Type.Optional(Type.Boolean()),
    reason: Text(1000),
  },
  { additionalProperties: false },
);
export const RotationIdParams = Type.Object({ recordId: Id, rotationId: Id });
export const CompareQuery = Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) });

const RotationRef = Type.Object({ trust: Type.String(), hospital: Type.String(), section: Type.String(), fromYears: Type.Number(), toYears: Type.Number() });
const Place = Type.Object({ trust: Type.String(), hospital: Type.String(), section: Type.String() });
const Goals = Type.Array(Type.Integer());
const NumberPair = Type.Array(Type.Number(), { minItems: 2, maxItems: 2 });
const DatePair = Type.Array(CalendarDate, { minItems: 2, maxItems: 2 });
/** One difference between two versions (src/shared/training-versions.ts `PlanChange`). */
export const PlanChange = Type.Union([
  Type.Object({ kind: Type.Literal('renamed'), from: Type.String(), to: Type.String() }),
  Type.Object({ kind: Type.Literal('source-changed'), from: Nullable(Type.String()), to: Nullable(Type.String()) }),
  Type.Object({ kind: Type.Literal('supervisor-changed'), from: Type.String(), to: Type.String() }),
  Type.Object({ kind: Type.Literal('start-moved'), from: CalendarDate, to: CalendarDate }),
  Type.Object({ kind: Type.Literal('rotation-added'), rotation: RotationRef, goals: Goals }),
  Type.Object({ kind: Type.Literal('rotation-removed'), rotation: RotationRef, goals: Goals }),
  Type.Object({ kind: Type.Literal('rotation-years'), rotation: RotationRef, fromYears: NumberPair, toYears: NumberPair }),
  Type.Object({ kind: Type.Literal('rotation-place'), rotation: RotationRef, from: Place }),
  Type.Object({ kind: Type.Literal('rotation-external'), rotation: RotationRef, external: Type.Boolean() }),
  Type.Object({ kind: Type.Literal('goals-added'), rotation: RotationRef, goals: Goals }),
  Type.Object({ kind: Type.Literal('goals-removed'), rotation: RotationRef, goals: Goals }),
  Type.Object({
    kind: Type.Literal('rotation-dates'),
    rotation: RotationRef,
    from: DatePair,
    to: DatePair,
    reason: Nullable(Type.String()),
  }),
]);
export type PlanChange = Static<typeof PlanChange>;
/** One version of a plan: who, when, why, and what changed since the version before. */
export const PlanVersion = Type.Object({
  version: Type.Integer(),
  /** created, edited (department plan), moved (dates of this LIS), plan_changed (the department plan was edited), baseline (when versions began), details_changed (supervisor or start date, 0242). */
  kind: Type.Union([
    Type.Literal('created'),
    Type.Literal('edited'),
    Type.Literal('moved'),
    Type.Literal('plan_changed'),
    Type.Literal('baseline'),
    Type.Literal('details_changed'),
  ]),
  reason: Nullable(Type.String()),
  changedBy: Nullable(Type.String()),
  changedAt: Timestamp,
  /** For an individual plan changed by the department plan: that plan's version. */
  planVersion: Nullable(Type.Integer()),
  changes: Type.Array(PlanChange),
});
export type PlanVersion = Static<typeof PlanVersion>;
export const PlanHistory = Type.Object({ versions: Type.Array(PlanVersion) });
export type PlanHistory = Static<typeof PlanHistory>;
export const PlanComparison = Type.Object({ from: Type.Integer(), to: Type.Integer(), changes: Type.Array(PlanChange) });
export type PlanComparison = Static<typeof PlanComparison>;
