// /api/reading: regional reading worklists — the reader's lists, the cases in order, "next case",
// claims, hand-over, AI findings and their verdicts (server routes: src/server/reading/routes.ts).
import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from './common.ts';

export const READING_PRIORITIES = ['acute', 'cancer_pathway', 'urgent', 'routine', 'planned'] as const;
export const AI_FINDING_CODES = ['fracture', 'intracranial_haemorrhage', 'pulmonary_embolism', 'pneumothorax', 'lung_nodule'] as const;
export const READER_ROLES = ['radiologist', 'lis', 'reporting_radiographer'] as const;
const Id = Type.String({ minLength: 1, maxLength: 100 });

export const WorklistQuery = Type.Object(
  {
    listId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    /** The turnaround period: reports signed in the last this many days (default 7). */
    periodDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 31 })),
  },
  { additionalProperties: false },
);
export type WorklistQuery = Static<typeof WorklistQuery>;

export const AiFindingView = Type.Object({
  id: Type.String(),
  code: Type.Enum(AI_FINDING_CODES),
  /** 0–1. */
  confidence: Type.Number(),
  verdict: Nullable(Type.Union([Type.Literal('confirmed'), Type.Literal('rejected')])),
});
export type AiFindingView = Static<typeof AiFindingView>;

const Claim = Nullable(Type.Object({ mine: Type.Boolean(), name: Type.String() }));

export const WorklistCase = Type.Object({
  examId: Type.String(),
  examName: Type.String(),
  modality: Type.String(),
  priority: Type.Enum(READING_PRIORITIES),
  performedAt: Timestamp,
  dueAt: Timestamp,
  deadline: Type.Union([Type.Literal('ok'), Type.Literal('warning'), Type.Literal('breached')]),
  /** Waited longer than the maximum wait: moved to the top. */
  waitedTooLong: Type.Boolean(),
  site: Type.String(),
  department: Type.String(),
  claim: Claim,
  /** The reader may take this case (reporting radiographers: within their approved scope). */
  qualified: Type.Boolean(),
  /** The reader's report of this case is final without countersigning (radiologist; a LIS's competence approval, issue 13). */
  reportsAlone: Type.Boolean(),
  findings: Type.Array(AiFindingView),
});
export type WorklistCase = Static<typeof WorklistCase>;

/** Hours between two report times over the period's cases: how many, median and mean (null when none). */
export const TurnaroundSpan = Type.Object({ n: Type.Integer(), medianHours: Nullable(Type.Number()), meanHours: Nullable(Type.Number()) });
export type TurnaroundSpan = Static<typeof TurnaroundSpan>;

export const WorklistList = Type.Object({
  id: Type.String(),
  name: Type.String(),
  owner: Type.String(),
  regional: Type.Boolean(),
  turnaround: Type.Object({
    /** Open cases now; of them due within the warning window, and past the deadline. */
    open: Type.Integer(),
    warning: Type.Integer(),
    breached: Type.Integer(),
    /** Performed → first signed report (preliminary, or final when there was none), over first reports of the period; `late`: after the deadline. */
    firstReport: Type.Object({ n: Type.Integer(), medianHours: Nullable(Type.Number()), meanHours: Nullable(Type.Number()), late: Type.Integer() }),
    /** Preliminary → final (countersigning), over final reports of the period that were preliminary first. */
    countersign: TurnaroundSpan,
    /** Performed → final, over final reports of the period. */
    final: TurnaroundSpan,
  }),
});
export type WorklistList = Static<typeof WorklistList>;

export const WorklistPage = Type.Object({
  lists: Type.Array(WorklistList),
  /** The turnaround period: reports signed from `from` to `to` (the last `days` days). */
  period: Type.Object({ days: Type.Integer(), from: Timestamp, to: Timestamp }),
  /** The warning window: a case warns when at most the smaller of `hours` and `percent` % of its reading window is left. */
  warn: Type.Object({ hours: Type.Number(), percent: Type.Integer() }),
  total: Type.Integer(),
  /** Of the `total` open cases (each once, however many lists hold it): due within the warning window, and past the deadline. */
  deadlines: Type.Object({ warning: Type.Integer(), breached: Type.Integer() }),
  reader: Nullable(Type.Object({ role: Type.Enum(READER_ROLES), available: Type.Boolean() })),
  isLeader: Type.Boolean(),
  cases: Type.Array(WorklistCase),
});
export type WorklistPage = Static<typeof WorklistPage>;

export const NextCaseBody = Type.Object({ listId: Type.Optional(Id) }, { additionalProperties: false });
/**
 * POST /api/reading/next: the case to open (null: nothing to read). `resumed`: the reader already held
 * an open case from "next case", and this is that case again (nothing new was claimed).
 */
export const NextCaseResult = Type.Object({ examId: Nullable(Type.String()), resumed: Type.Boolean() });
export type NextCaseResult = Static<typeof NextCaseResult>;

/**
 * GET /api/reading/cases/:id. `view` 'reader': someone entitled to the case as a reader (radiologist,
 * LIS, reporting radiographer) sees the patient and the clinical question. `view` 'allocation': a
 * department leader who reaches the case only as leader sees what work allocation needs — exam,
 * priority, deadline, lists, status, holder — and `patient`, `clinicalQuestion`, `clinicalNote` are null.
 */
export const CaseView = Type.Object({
  view: Type.Union([Type.Literal('reader'), Type.Literal('allocation')]),
  examId: Type.String(),
  examName: Type.String(),
  modality: Type.String(),
  priority: Type.Enum(READING_PRIORITIES),
  performedAt: Timestamp,
  dueAt: Timestamp,
  open: Type.Boolean(),
  site: Type.String(),
  /** The entitled lists that hold the case (names). */
  lists: Type.Array(Type.String()),
  patient: Nullable(Type.Object({ name: Type.String(), age: Type.Integer(), sex: Type.Union([Type.Literal('M'), Type.Literal('F')]) })),
  clinicalQuestion: Nullable(Type.String()),
  clinicalNote: Nullable(Type.String()),
  claim: Claim,
  findings: Type.Array(AiFindingView),
});
export type CaseView = Static<typeof CaseView>;

export const AssignBody = Type.Object({ personId: Id }, { additionalProperties: false });
/** Releasing a claim: a reason in words, required when a leader releases another reader's claim (kept in the case's events). */
export const ReleaseBody = Type.Object({ reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) }, { additionalProperties: false });
export const HandoverBody = Type.Object({ listId: Id }, { additionalProperties: false });
export const StandingHandoverBody = Type.Object({ fromOrgId: Id, listId: Id }, { additionalProperties: false });
export const VerdictBody = Type.Object({ verdict: Type.Union([Type.Literal('confirmed'), Type.Literal('rejected')]) }, { additionalProperties: false });
export const MissedBody = Type.Object({ code: Type.Enum(AI_FINDING_CODES) }, { additionalProperties: false });

const CodeList = Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 }));
export const ListBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    ownerOrgId: Id,
    regional: Type.Optional(Type.Boolean()),
    modalities: CodeList,
    bodyParts: CodeList,
    examCodes: CodeList,
    priorities: Type.Optional(Type.Array(Type.Enum(READING_PRIORITIES))),
    siteOrgIds: CodeList,
    trustOrgIds: CodeList,
    subspecialty: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  },
  { additionalProperties: false },
);
export const Created = Type.Object({ id: Type.String() });

export const ProfileBody = Type.Object(
  {
    role: Type.Enum(READER_ROLES),
    homeOrgId: Id,
    subspecialties: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 20 }),
    soloExamCodes: Type.Array(Type.String({ pattern: '^[A-Z]{3}[0-9][A-Z]{2}$' }), { maxItems: 500 }),
    available: Type.Boolean(),
  },
  { additionalProperties: false },
);

/** The documented JSON an AI product may post instead of a FHIR Observation. */
export const AiFindingBody = Type.Object(
  {
    accessionNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
    studyInstanceUid: Type.Optional(Type.String({ pattern: '^[0-9]+(\\.[0-9]+)*$', maxLength: 64 })),
    finding: Type.Enum(AI_FINDING_CODES),
    /** 0–1. */
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
  },
  { additionalProperties: false },
);
export const AiFindingResult = Type.Object({ id: Type.String(), priority: Type.Enum(READING_PRIORITIES) });

export const AiPerformanceQuery = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })) }, { additionalProperties: false });
export const AiPerformance = Type.Array(
  Type.Object({
    code: Type.Enum(AI_FINDING_CODES),
    findings: Type.Integer(),
    confirmed: Type.Integer(),
    rejected: Type.Integer(),
    missed: Type.Integer(),
    ppv: Nullable(Type.Number()),
    sensitivity: Nullable(Type.Number()),
  }),
);
export type AiPerformance = Static<typeof AiPerformance>;

// ---- Leader pages: reader profiles and worklist definitions (src/server/reading/admin.ts) ----
const Named = Type.Object({ id: Type.String(), name: Type.String() });

export const ReaderAdminRow = Type.Object({
  personId: Type.String(),
  name: Type.String(),
  /** The reading roles the person holds in the leader's organizations. */
  grantRoles: Type.Array(Type.Enum(READER_ROLES)),
  profile: Nullable(
    Type.Object({
      role: Type.Enum(READER_ROLES),
      homeOrgId: Type.String(),
      homeOrg: Type.String(),
      subspecialties: Type.Array(Type.String()),
      /** Exam types reported alone: a reporting radiographer's approved scope; a LIS's competence approvals (read-only here). */
      soloExams: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
      available: Type.Boolean(),
      updatedAt: Timestamp,
    }),
  ),
});
export type ReaderAdminRow = Static<typeof ReaderAdminRow>;
export const ReaderAdminList = Type.Object({
  readers: Type.Array(ReaderAdminRow),
  /** Organizations a profile's home may be (the leader's). */
  organizations: Type.Array(Named),
  /** Subspecialties already in use in the region (suggestions). */
  subspecialties: Type.Array(Type.String()),
});
export type ReaderAdminList = Static<typeof ReaderAdminList>;

export const ListDefinition = Type.Object({
  id: Type.String(),
  name: Type.String(),
  owner: Named,
  regional: Type.Boolean(),
  active: Type.Boolean(),
  rules: Type.Object({
    modalities: Type.Array(Type.String()),
    bodyParts: Type.Array(Type.String()),
    exams: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
    priorities: Type.Array(Type.Enum(READING_PRIORITIES)),
    sites: Type.Array(Named),
    trusts: Type.Array(Named),
    subspecialty: Nullable(Type.String()),
  }),
  /** Departments that agreed a standing hand-over into this list. */
  standingHandovers: Type.Array(Named),
  /** Open exams handed over one by one. */
  handedOverOpen: Type.Integer(),
  /** The user leads the owner (may edit the rules). */
  editable: Type.Boolean(),
});
export type ListDefinition = Static<typeof ListDefinition>;
export const ListDefinitions = Type.Object({
  lists: Type.Array(ListDefinition),
  /** Departments the user leads (they may agree standing hand-overs from these). */
  myDepartments: Type.Array(Named),
  /** Organizations the user may own lists for. */
  owners: Type.Array(Named),
  modalities: Type.Array(Type.String()),
});
export type ListDefinitions = Static<typeof ListDefinitions>;

export const ListUpdateBody = Type.Object({ ...ListBody.properties, active: Type.Boolean() }, { additionalProperties: false });
export const HandoverRuleParams = Type.Object({ id: Id, orgId: Id });

/** Readers a leader may give a case to (entitled to it and qualified). */
export const AssignCandidates = Type.Array(Type.Object({ personId: Type.String(), name: Type.String(), openClaims: Type.Integer() }));
export type AssignCandidates = Static<typeof AssignCandidates>;

/** A department's reading settings as its leader sees them (migration 0350). */
export const DepartmentSetting = Type.Object({
  organization: Named,
  /** The referrer sees a LIS's or reporting radiographer's preliminary report on an acute exam before countersigning. */
  preliminaryToReferrer: Type.Boolean(),
  changedBy: Nullable(Type.String()),
  changedAt: Nullable(Timestamp),
});
export const DepartmentSettings = Type.Array(DepartmentSetting);
export type DepartmentSettings = Static<typeof DepartmentSettings>;
export const DepartmentSettingBody = Type.Object({ preliminaryToReferrer: Type.Boolean() }, { additionalProperties: false });
