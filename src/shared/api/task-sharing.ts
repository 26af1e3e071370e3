// API of the task-sharing quality domain (issue 8 item 3): the blind queue of sampled
// radiographer assessments, the radiologist's blind second assessment, the agreement report and
// the sampling share per department.
import { Type, type Static } from 'typebox';
import { CalendarDate, Nullable, Timestamp } from './common.ts';

const Label = Type.Object({ nb: Type.String(), en: Type.String() });

export const BlindQueueRow = Type.Object({
  id: Type.String(),
  referralNumber: Type.Number(),
  patientName: Type.String(),
  fnr: Type.String(),
  examName: Type.String(),
  departmentName: Type.String(),
  submittedAt: Nullable(Timestamp),
  sampledAt: Timestamp,
});
export const BlindQueue = Type.Object({ rows: Type.Array(BlindQueueRow) });
export type BlindQueue = Static<typeof BlindQueue>;

/** The referral as the first assessor saw it, without their decision or the referral's status. */
export const BlindView = Type.Object({
  id: Type.String(),
  referralNumber: Type.Number(),
  done: Type.Boolean(),
  patient: Type.Object({ name: Type.String(), fnr: Type.String(), age: Nullable(Type.Number()), sex: Nullable(Type.String()) }),
  exam: Type.Object({ name: Type.String(), modality: Type.String() }),
  departmentName: Type.String(),
  referrer: Type.Object({ name: Type.String(), organization: Type.String() }),
  urgency: Type.String(),
  submittedAt: Nullable(Timestamp),
  indication: Nullable(Type.String()),
  clinicalQuestion: Nullable(Type.String()),
  clinicalNote: Nullable(Type.String()),
  advice: Nullable(Type.Object({ topic: Type.String(), summary: Type.String() })),
  categories: Type.Array(Type.Object({ code: Type.String(), label: Label })),
});
export type BlindView = Static<typeof BlindView>;

export const SecondAssessmentBody = Type.Object(
  { outcome: Type.String({ pattern: '^[a-z0-9_]{1,40}$', description: 'a priority category code of the department, or "returned"' }) },
  { additionalProperties: false },
);
export const SecondAssessmentResult = Type.Object({ id: Type.String(), recorded: Type.Boolean() });

export const ReportQuery = Type.Object(
  { departmentId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), from: Type.Optional(CalendarDate), to: Type.Optional(CalendarDate) },
  { additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuery>;

const Estimate = Nullable(Type.Object({ value: Type.Number(), lower: Type.Number(), upper: Type.Number() }));
export const Agreement = Type.Object({
  n: Type.Integer(),
  tooFew: Type.Boolean(),
  percentAgreement: Nullable(Type.Number()),
  kappaLinear: Estimate,
  kappaQuadratic: Estimate,
  ac2: Estimate,
  matrix: Type.Array(Type.Array(Type.Integer())),
});
export type Agreement = Static<typeof Agreement>;
const Group = Type.Object({ key: Type.String(), label: Type.String(), agreement: Agreement });

export const Report = Type.Object({
  departments: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  departmentId: Nullable(Type.String()),
  samplePercent: Type.Integer(),
  mayConfigure: Type.Boolean(),
  from: CalendarDate,
  to: CalendarDate,
  minPairs: Type.Integer(),
  categories: Type.Array(Type.Object({ code: Type.String(), label: Label })),
  /** Pairs left out because a category is no longer on the department's scale. */
  excluded: Type.Integer(),
  overall: Agreement,
  byModality: Type.Array(Group),
  byExam: Type.Array(Group),
  byAssessor: Type.Array(Group),
});
export type Report = Static<typeof Report>;

export const SettingBody = Type.Object(
  { departmentId: Type.String({ minLength: 1, maxLength: 100 }), samplePercent: Type.Integer({ minimum: 0, maximum: 100 }) },
  { additionalProperties: false },
);
