// /api/authoring (network editors: write, review and publish referral advice) and
// /api/advice-catalogue (public). Server routes: src/server/guidelines/authoring/routes.ts.
import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from './common.ts';

const Id = Type.String({ minLength: 1, maxLength: 100 });
const TopicId = Type.String({ pattern: '^[a-z0-9-]{1,60}$' });
const Note = Type.String({ maxLength: 2000 });
const Words = Type.Object({ nb: Type.String(), en: Type.Optional(Type.String()) });
export const VERSION_STATES = ['draft', 'in_review', 'approved', 'published', 'retired', 'withdrawn'] as const;
const State = Type.Enum(VERSION_STATES);

/** A topic document: the content file's shape as JSON (content/guidelines/README.md). */
export const TopicDocument = Type.Record(Type.String(), Type.Unknown(), { maxProperties: 40 });
export type TopicDocument = Static<typeof TopicDocument>;

export const DocumentError = Type.Object({
  path: Type.Array(Type.String()),
  message: Type.String(),
  column: Type.Optional(Type.Integer()),
});
export type DocumentError = Static<typeof DocumentError>;

export const ValidateBody = Type.Object({ document: TopicDocument }, { additionalProperties: false });
export const ValidateResult = Type.Object({
  ok: Type.Boolean(),
  errors: Type.Array(DocumentError),
  /** Each rule's condition in words, by rule id (when the document is valid). */
  words: Type.Record(Type.String(), Type.Object({ nb: Type.String(), en: Type.String() })),
});
export type ValidateResult = Static<typeof ValidateResult>;

const VersionRef = Nullable(Type.Object({ versionId: Type.String(), version: Type.String(), effectiveFrom: Timestamp }));

export const TopicSummary = Type.Object({
  id: Type.String(),
  title: Words,
  bodyRegion: Type.String(),
  silent: Type.Boolean(),
  retired: Type.Boolean(),
  inEffect: VersionRef,
  scheduled: VersionRef,
  open: Nullable(Type.Object({ versionId: Type.String(), version: Type.String(), state: State })),
});
export type TopicSummary = Static<typeof TopicSummary>;

export const TopicDetail = Type.Object({
  id: Type.String(),
  title: Words,
  bodyRegion: Type.String(),
  silent: Type.Boolean(),
  inEffectVersionId: Nullable(Type.String()),
  versions: Type.Array(
    Type.Object({
      id: Type.String(),
      version: Type.String(),
      state: State,
      origin: Type.String(),
      changeNote: Type.String(),
      createdBy: Nullable(Type.String()),
      createdAt: Timestamp,
      approvedBy: Nullable(Type.String()),
      approvedAt: Nullable(Timestamp),
      publishedAt: Nullable(Timestamp),
      effectiveFrom: Nullable(Timestamp),
      retiredAt: Nullable(Timestamp),
    }),
  ),
  history: Type.Array(
    Type.Object({
      at: Timestamp,
      action: Type.String(),
      version: Type.String(),
      versionId: Type.String(),
      from: Nullable(Type.String()),
      to: Nullable(Type.String()),
      note: Nullable(Type.String()),
      by: Nullable(Type.String()),
    }),
  ),
});
export type TopicDetail = Static<typeof TopicDetail>;

export const VersionDetail = Type.Object({
  id: Type.String(),
  topicId: Type.String(),
  version: Type.String(),
  state: State,
  revision: Type.Integer(),
  origin: Type.String(),
  basedOnId: Nullable(Type.String()),
  changeNote: Type.String(),
  document: TopicDocument,
  createdBy: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedBy: Nullable(Type.String()),
  updatedAt: Timestamp,
  approvedBy: Nullable(Type.String()),
  approvedAt: Nullable(Timestamp),
  publishedBy: Nullable(Type.String()),
  publishedAt: Nullable(Timestamp),
  effectiveFrom: Nullable(Timestamp),
  retiredAt: Nullable(Timestamp),
  checks: Nullable(Type.Unknown()),
  editedByMe: Type.Boolean(),
  mayApprove: Type.Boolean(),
});
export type VersionDetail = Static<typeof VersionDetail>;

export const CreateTopicBody = Type.Object({ document: TopicDocument, note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export const CreateDraftBody = Type.Object(
  { basedOn: Type.Optional(Id), note: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export const SaveDraftBody = Type.Object(
  { revision: Type.Integer({ minimum: 1 }), document: TopicDocument, note: Type.Optional(Note) },
  { additionalProperties: false },
);
export const StepBody = Type.Object({ note: Type.Optional(Note), effectiveFrom: Type.Optional(Timestamp) }, { additionalProperties: false });
export const STEPS = ['submit', 'return', 'approve', 'publish', 'retire', 'withdraw'] as const;
export type Step = (typeof STEPS)[number];

const TestResult = Type.Object({ name: Type.String(), passed: Type.Boolean(), detail: Type.String() });
const Agreement = Type.Object({ agree: Type.Integer(), total: Type.Integer() });
export const PublishChecks = Type.Object({
  passed: Type.Boolean(),
  tests: Type.Array(TestResult),
  vignettes: Type.Object({ before: Agreement, after: Agreement, fell: Type.Boolean() }),
  checkedAt: Type.String(),
});
export type PublishChecks = Static<typeof PublishChecks>;

export const StepResult = Type.Object({ state: State, effectiveFrom: Type.Optional(Timestamp), checks: Type.Optional(PublishChecks) });

export const DiffResult = Type.Object({
  from: Type.Object({ id: Type.String(), version: Type.String() }),
  to: Type.Object({ id: Type.String(), version: Type.String() }),
  changes: Type.Array(
    Type.Object({
      path: Type.Array(Type.String()),
      item: Type.Optional(Type.String()),
      kind: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed'), Type.Literal('reordered')]),
      before: Type.Optional(Type.String()),
      after: Type.Optional(Type.String()),
      beforeWords: Type.Optional(Type.String()),
      afterWords: Type.Optional(Type.String()),
    }),
  ),
});
export type DiffResult = Static<typeof DiffResult>;

const FactValue = Type.Union([Type.Boolean(), Type.Number(), Type.String({ maxLength: 100 })]);
export const SampleReferral = Type.Object(
  {
    examCode: Type.String({ pattern: '^[A-Z0-9]{6}$' }),
    ageYears: Type.Integer({ minimum: 0, maximum: 130 }),
    sex: Type.Union([Type.Literal('M'), Type.Literal('F')]),
    indication: Type.Optional(
      Type.Object(
        { system: Type.Union([Type.Literal('ICPC-2'), Type.Literal('ICD-10')]), code: Type.String({ minLength: 1, maxLength: 10 }) },
        { additionalProperties: false },
      ),
    ),
    facts: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z0-9_]{1,60}$' }), FactValue, { maxProperties: 100 })),
    text: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export type SampleReferral = Static<typeof SampleReferral>;
export const PreviewBody = Type.Object({ document: TopicDocument, sample: SampleReferral }, { additionalProperties: false });
export const PreviewResult = Type.Object({
  ok: Type.Boolean(),
  errors: Type.Array(DocumentError),
  advice: Nullable(Type.Unknown()),
  fromThisTopic: Type.Boolean(),
  understood: Type.Array(Type.Object({ factId: Type.String(), fact: Words, value: FactValue, words: Type.String(), negated: Type.Boolean() })),
  trace: Type.Array(
    Type.Object({
      ruleId: Type.String(),
      condition: Words,
      summary: Words,
      result: Type.Union([Type.Literal('holds'), Type.Literal('fails'), Type.Literal('unknown')]),
      otherExam: Type.Boolean(),
    }),
  ),
});
export type PreviewResult = Static<typeof PreviewResult>;

export const ImpactBody = Type.Object({ months: Type.Integer({ minimum: 1, maximum: 36 }) }, { additionalProperties: false });
export const ImpactResult = Type.Object({
  id: Type.String(),
  state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  months: Type.Integer(),
  total: Type.Integer(),
  processed: Type.Integer(),
  changed: Type.Integer(),
  before: Type.Record(Type.String(), Type.Integer()),
  after: Type.Record(Type.String(), Type.Integer()),
  transitions: Type.Record(Type.String(), Type.Integer()),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  error: Type.Optional(Type.String()),
});
export type ImpactResult = Static<typeof ImpactResult>;

export const SilentBody = Type.Object({ silent: Type.Boolean() }, { additionalProperties: false });

/** One window of the silent-mode comparison (GET /api/authoring/topics/{id}/silent-comparison). */
export const SilentPeriod = Type.Object({
  from: Timestamp,
  to: Nullable(Timestamp),
  sent: Type.Integer(),
  byRating: Type.Record(Type.String(), Type.Integer()),
  lowValue: Nullable(Type.Object({ k: Type.Integer(), n: Type.Integer(), share: Type.Number(), lower: Type.Number(), upper: Type.Number() })),
  perWeek: Type.Number(),
  decisions: Type.Record(Type.String(), Type.Integer()),
});
export type SilentPeriod = Static<typeof SilentPeriod>;
/**
 * Before and after silent mode: the latest silent period (the baseline: advice recorded, not
 * shown) and the live period after it; the change in the share of sent referrals rated "usually
 * not appropriate" (after − before) with Newcombe's 95 % interval.
 */
export const SilentComparison = Type.Object({
  topicId: Type.String(),
  state: Type.Union([Type.Literal('never'), Type.Literal('silent'), Type.Literal('live')]),
  baseline: Nullable(SilentPeriod),
  after: Nullable(SilentPeriod),
  difference: Nullable(Type.Object({ difference: Type.Number(), lower: Type.Number(), upper: Type.Number() })),
});
export type SilentComparison = Static<typeof SilentComparison>;

export const AuthoringReference = Type.Object({
  facts: Type.Array(Type.Object({ id: Type.String(), type: Type.String(), values: Type.Optional(Type.Array(Type.String())), label: Words, question: Words })),
  /** The exam catalogue: `name` in Norwegian, `nameEn` in English (content/codes/ncrp.csv `name_en`; the Norwegian where it has none). */
  exams: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), bodyPart: Type.String() })),
});
export type AuthoringReference = Static<typeof AuthoringReference>;

export const CatalogueQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 100 })), region: Type.Optional(Type.String({ maxLength: 60 })) },
  { additionalProperties: false },
);
const Source = Type.Object({ title: Type.String(), publisher: Type.String(), url: Type.String(), year: Type.Integer() });
export const CatalogueResult = Type.Object({
  regions: Type.Array(Type.String()),
  topics: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Words,
      version: Type.String(),
      effectiveFrom: Nullable(Timestamp),
      reviewed: Nullable(Type.Object({ by: Type.String(), date: Type.String() })),
      bodyRegion: Type.String(),
      exams: Type.Array(Type.Object({ name: Type.String(), nameEn: Type.String() })),
      sources: Type.Array(Source),
      advice: Type.Array(
        Type.Object({
          when: Type.Object({ nb: Type.String(), en: Type.String() }),
          /** The exams the rule is limited to, by name; absent: every exam of the topic. */
          exams: Type.Optional(Type.Array(Type.Object({ name: Type.String(), nameEn: Type.String() }))),
          rating: Type.String(),
          summary: Words,
        }),
      ),
    }),
  ),
});
export type CatalogueResult = Static<typeof CatalogueResult>;

export { TopicId };
