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

export const WorklistList = Type.Object({
  id: Type.String(),
  name: Type.String(),
  owner: Type.String(),
  regional: Type.Boolean(),
  /** Last 7 days: open, reported, mean hours performed → reported, open past the deadline. */
  turnaround: Type.Object({ open: Type.Integer(), closed: Type.Integer(), meanHours: Nullable(Type.Number()), breached: Type.Integer() }),
});

export const WorklistPage = Type.Object({
  lists: Type.Array(WorklistList),
  total: Type.Integer(),
  reader: Nullable(Type.Object({ role: Type.Enum(READER_ROLES), available: Type.Boolean() })),
  isLeader: Type.Boolean(),
  cases: Type.Array(WorklistCase),
});
export type WorklistPage = Static<typeof WorklistPage>;

export const NextCaseBody = Type.Object({ listId: Type.Optional(Id) }, { additionalProperties: false });
export const NextCaseResult = Type.Object({ examId: Nullable(Type.String()) });
export type NextCaseResult = Static<typeof NextCaseResult>;

export const CaseView = Type.Object({
  examId: Type.String(),
  examName: Type.String(),
  modality: Type.String(),
  priority: Type.Enum(READING_PRIORITIES),
  performedAt: Timestamp,
  dueAt: Timestamp,
  open: Type.Boolean(),
  site: Type.String(),
  patient: Type.Object({ name: Type.String(), age: Type.Integer(), sex: Type.Union([Type.Literal('M'), Type.Literal('F')]) }),
  clinicalQuestion: Nullable(Type.String()),
  clinicalNote: Nullable(Type.String()),
  claim: Claim,
  findings: Type.Array(AiFindingView),
});
export type CaseView = Static<typeof CaseView>;

export const AssignBody = Type.Object({ personId: Id }, { additionalProperties: false });
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
