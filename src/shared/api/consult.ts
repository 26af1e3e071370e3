// /api/reading/consults: second opinion / consult on an exam from a subspecialist in another trust
// (issue 9 item 4; server: src/server/reading/consult.ts, migration 0170).
import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from './common.ts';

export const CONSULT_KINDS = ['second_opinion', 'consult'] as const;
export const CONSULT_STATUSES = ['open', 'answered', 'withdrawn'] as const;
export const CONSULT_AGREEMENTS = ['agree', 'partly', 'disagree'] as const;
const Id = Type.String({ minLength: 1, maxLength: 100 });

export const ConsultIdParams = Type.Object({ id: Id });

/** A request goes to a subspecialty in a trust, or to a named reader (in their home trust). */
export const ConsultCreateBody = Type.Object(
  {
    examId: Id,
    kind: Type.Enum(CONSULT_KINDS),
    question: Type.String({ minLength: 1, maxLength: 4000 }),
    target: Type.Union([
      Type.Object({ subspecialty: Type.String({ minLength: 1, maxLength: 60 }), trustId: Id }, { additionalProperties: false }),
      Type.Object({ personId: Id }, { additionalProperties: false }),
    ]),
    /** Hours to the answer deadline (1 hour – 14 days); default by the exam's priority. */
    dueHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 336 })),
  },
  { additionalProperties: false },
);
export type ConsultCreateBody = Static<typeof ConsultCreateBody>;

export const ConsultAnswerBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 20000 }),
    agreement: Type.Enum(CONSULT_AGREEMENTS),
    /** A proposed addendum to the report (the requester decides whether to add it). */
    addendumProposal: Type.Optional(Type.String({ minLength: 1, maxLength: 20000 })),
  },
  { additionalProperties: false },
);
export type ConsultAnswerBody = Static<typeof ConsultAnswerBody>;

/**
 * Apply an answer to the report: `into` an addendum of the final report or the report's text (a
 * paragraph appended to `section`, default the conclusion); `text` as the requester edited it
 * (default: the proposed addendum, else the answer). The server adds who answered and when.
 */
export const ConsultApplyBody = Type.Object(
  {
    into: Type.Union([Type.Literal('addendum'), Type.Literal('report')]),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 19000, pattern: '\\S' })),
    section: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' })),
  },
  { additionalProperties: false },
);
export type ConsultApplyBody = Static<typeof ConsultApplyBody>;

export const ConsultWithdrawBody = Type.Object({ reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })) }, { additionalProperties: false });

export const ConsultSummary = Type.Object({
  id: Type.String(),
  examId: Type.String(),
  kind: Type.Enum(CONSULT_KINDS),
  status: Type.Enum(CONSULT_STATUSES),
  /** Open and past its answer deadline. */
  overdue: Type.Boolean(),
  dueAt: Timestamp,
  createdAt: Timestamp,
  question: Type.String(),
  examName: Type.String(),
  modality: Type.String(),
  performedAt: Timestamp,
  site: Type.String(),
  requester: Type.Object({ name: Type.String(), trust: Nullable(Type.String()) }),
  target: Type.Object({ subspecialty: Nullable(Type.String()), person: Nullable(Type.String()), trust: Type.String() }),
  answer: Nullable(
    Type.Object({
      text: Type.String(),
      agreement: Type.Enum(CONSULT_AGREEMENTS),
      addendumProposal: Nullable(Type.String()),
      by: Type.String(),
      at: Timestamp,
    }),
  ),
  withdrawn: Nullable(Type.Object({ at: Timestamp, reason: Nullable(Type.String()) })),
  /** The answer applied to the report (migration 0190): as an addendum or into the text, by whom, when. */
  applied: Nullable(Type.Object({ as: Type.Union([Type.Literal('addendum'), Type.Literal('report')]), by: Type.String(), at: Timestamp })),
});
export type ConsultSummary = Static<typeof ConsultSummary>;

export const ConsultListQuery = Type.Object(
  { box: Type.Optional(Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')])) },
  { additionalProperties: false },
);
export const ConsultList = Type.Object({ incoming: Type.Array(ConsultSummary), outgoing: Type.Array(ConsultSummary) });
export type ConsultList = Static<typeof ConsultList>;

export const ConsultDetail = Type.Object({
  consult: ConsultSummary,
  patient: Type.Object({ name: Type.String(), age: Type.Integer(), sex: Type.Union([Type.Literal('M'), Type.Literal('F')]) }),
  clinicalQuestion: Nullable(Type.String()),
  clinicalNote: Nullable(Type.String()),
  /** The exam's report as it stands (text in section order), when one is signed or drafted. */
  report: Nullable(Type.Object({ status: Type.Union([Type.Literal('draft'), Type.Literal('preliminary'), Type.Literal('final')]), text: Type.String() })),
  /** applyAddendum / applyReport: the requester may put the answer into an addendum / the report text now. */
  may: Type.Object({ answer: Type.Boolean(), withdraw: Type.Boolean(), applyAddendum: Type.Boolean(), applyReport: Type.Boolean() }),
});
export type ConsultDetail = Static<typeof ConsultDetail>;

/** Where a request may go from this exam: subspecialties per trust, and named readers (other trusts only). */
export const ConsultTargetsQuery = Type.Object({ examId: Id }, { additionalProperties: false });
export const ConsultTargets = Type.Object({
  subspecialties: Type.Array(Type.Object({ subspecialty: Type.String(), trustId: Type.String(), trust: Type.String(), readers: Type.Integer() })),
  readers: Type.Array(Type.Object({ personId: Type.String(), name: Type.String(), trust: Type.String(), subspecialties: Type.Array(Type.String()) })),
});
export type ConsultTargets = Static<typeof ConsultTargets>;
