// /api/referrals and /api/guidelines: response bodies (server routes: src/server/referrals/routes.ts;
// the referral PDF and status routes are in src/server/assessment/routes.ts). Shapes follow the
// guideline content types (src/server/guidelines/types.ts) and the fact catalogue (src/shared/facts.ts).
import { Type, type Static } from 'typebox';
import { CLOSE_REASONS, REFERRAL_STATUSES } from './assessment.ts';
import { CalendarDate, Nullable, Timestamp } from './common.ts';

/** Bokmål text with an optional English translation (guideline content). */
export const GuideText = Type.Object({ nb: Type.String(), en: Type.Optional(Type.String()) });
export type GuideText = Static<typeof GuideText>;
/** Bokmål and English text (the fact catalogue, the platform's own words). */
export const BilingualText = Type.Object({ nb: Type.String(), en: Type.String() });

export const Rating = Type.Union([
  Type.Literal('appropriate'),
  Type.Literal('may_be_appropriate'),
  Type.Literal('usually_not_appropriate'),
  Type.Literal('needs_information'),
  Type.Literal('not_allowed'),
]);
export type Rating = Static<typeof Rating>;

const Radiation = Type.Union([Type.Literal('none'), Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')]);
const Sex = Type.Union([Type.Literal('M'), Type.Literal('F')]);
const IndicationSystem = Type.Union([Type.Literal('ICPC-2'), Type.Literal('ICD-10')]);
/** A fact's value: yes/no, a number, or one of an enum fact's values. */
export const FactValue = Type.Union([Type.Boolean(), Type.Number(), Type.String()]);
/** Facts by fact id (src/shared/facts.ts; only the facts known are present). */
export const Facts = Type.Unsafe<Partial<Record<string, Static<typeof FactValue>>>>(Type.Record(Type.String(), FactValue));

/** A cited source of a guideline topic. */
export const GuideSource = Type.Object({ id: Type.String(), title: Type.String(), publisher: Type.String(), url: Type.String(), year: Type.Integer() });
/** A source as cited in an advice (without its id). */
export const AdviceSource = Type.Object({ title: Type.String(), publisher: Type.String(), url: Type.String(), year: Type.Integer() });

export const Alternative = Type.Object({
  kind: Type.Union([Type.Literal('exam'), Type.Literal('xray_first'), Type.Literal('watchful_waiting'), Type.Literal('clinical')]),
  examCode: Type.Optional(Type.String()),
  weeks: Type.Optional(Type.Number()),
  text: GuideText,
});

/** An exam by code with its names (the public pages name exams, not codes). */
export const NamedExam = Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() });

/** GET /api/guidelines: one topic in the list. */
export const TopicSummary = Type.Object({
  id: Type.String(),
  version: Type.String(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published')]),
  title: GuideText,
  examCodes: Type.Array(Type.String()),
  exams: Type.Array(NamedExam),
  /** Who reviewed the topic and when; null while it is not reviewed. */
  reviewed: Nullable(Type.Object({ by: Type.String(), date: Type.String() })),
  sources: Type.Array(GuideSource),
});
export type TopicSummary = Static<typeof TopicSummary>;
export const TopicList = Type.Array(TopicSummary);

/** A rule's outcome (what the advice says when the rule holds). */
export const Outcome = Type.Object({
  rating: Rating,
  score: Type.Number(),
  summary: GuideText,
  explanation: GuideText,
  alternative: Type.Optional(Alternative),
  radiation: Radiation,
  /** Source ids of the topic's sources. */
  sources: Type.Array(Type.String()),
});
export type Outcome = Static<typeof Outcome>;

/** A rule's condition in words (server: guidelines/describe-rule.ts), never the formula. */
export const RuleWords = Type.Object({
  nb: Type.String(),
  en: Type.String(),
  conditions: Type.Object({ nb: Type.Array(Type.String()), en: Type.Array(Type.String()) }),
});
export type RuleWords = Static<typeof RuleWords>;

/** A question the referral form asks for a fact the topic needs. */
export const FactQuestion = Type.Object({
  id: Type.String(),
  type: Type.Union([Type.Literal('boolean'), Type.Literal('number'), Type.Literal('enum')]),
  values: Type.Optional(Type.Array(Type.String())),
  unit: Type.Optional(Type.String()),
  label: BilingualText,
  question: BilingualText,
});
export type FactQuestion = Static<typeof FactQuestion>;

/** GET /api/guidelines/{id}: one topic with its rules in words. */
export const TopicDetail = Type.Object({
  id: Type.String(),
  version: Type.String(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published')]),
  title: GuideText,
  reviewed: Nullable(Type.Object({ by: Type.String(), date: Type.String() })),
  examCodes: Type.Array(Type.String()),
  exams: Type.Array(NamedExam),
  appliesTo: Type.Object({
    examCodes: Type.Array(Type.String()),
    indications: Type.Optional(Type.Array(Type.Object({ system: IndicationSystem, codes: Type.Array(Type.String()) }))),
    age: Type.Optional(Type.Object({ min: Type.Optional(Type.Number()), max: Type.Optional(Type.Number()) })),
    sex: Type.Optional(Sex),
    referrerKinds: Type.Optional(Type.Array(Type.String())),
    engagedBy: Type.Optional(Type.Array(Type.String())),
    excludedBy: Type.Optional(Type.Array(Type.String())),
  }),
  questions: Type.Array(FactQuestion),
  rules: Type.Array(
    Type.Object({
      id: Type.String(),
      when: RuleWords,
      /** The exams this rule is limited to (the rule's exam_codes in content/guidelines); absent: every exam of the topic. */
      examCodes: Type.Optional(Type.Array(Type.String())),
      /** The same exams by name, for display (people see names, never codes). */
      exams: Type.Optional(Type.Array(NamedExam)),
      ...Outcome.properties,
    }),
  ),
  otherwise: Outcome,
  sources: Type.Array(GuideSource),
});
export type TopicDetail = Static<typeof TopicDetail>;

/** A fact of the catalogue (src/shared/facts.ts FactDefinition). */
export const FactDefinition = Type.Object({
  ...FactQuestion.properties,
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  integer: Type.Optional(Type.Boolean()),
  implies: Type.Optional(Type.Array(Type.Object({ when: Type.Union([Type.Boolean(), Type.Literal('known')]), fact: Type.String(), value: FactValue }))),
});

export const CatalogExam = Type.Object({
  code: Type.String(),
  name: Type.String(),
  name_en: Nullable(Type.String()),
  modality: Type.String(),
  body_part: Type.String(),
});
export type CatalogExam = Static<typeof CatalogExam>;
/** A receiving department (or private institute). */
export const ReceivingDepartment = Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String(), region_id: Nullable(Type.String()) });
export type ReceivingDepartment = Static<typeof ReceivingDepartment>;
export const ReceivingDepartments = Type.Array(ReceivingDepartment);

/** GET /api/referrals/catalog: what the referral form offers. */
export const ReferralCatalog = Type.Object({
  exams: Type.Array(CatalogExam),
  departments: Type.Array(ReceivingDepartment),
  overrideReasons: Type.Array(Type.Object({ code: Type.String(), display: BilingualText })),
  indications: Type.Array(Type.Object({ system: IndicationSystem, code: Type.String(), nameNb: Type.String(), nameEn: Type.String() })),
  facts: Type.Array(FactDefinition),
  /** Exam codes some guideline topic covers. */
  covered: Type.Array(Type.String()),
});
export type ReferralCatalog = Static<typeof ReferralCatalog>;

export const MissingFact = Type.Object({ id: Type.String(), question: BilingualText });
/** The referral advice for a draft or a sent referral (src/server/guidelines/types.ts Advice). */
export const Advice = Type.Object({
  topicId: Type.String(),
  topicVersion: Type.String(),
  topicTitle: GuideText,
  reviewed: Type.Boolean(),
  rating: Rating,
  /** 1–9; null when information is missing or the exam is not allowed. */
  score: Nullable(Type.Number()),
  summary: GuideText,
  explanation: GuideText,
  alternative: Type.Optional(Alternative),
  radiation: Nullable(Radiation),
  sources: Type.Array(AdviceSource),
  ruleId: Nullable(Type.String()),
  because: Type.Array(Type.String()),
  factsUsed: Facts,
  /** Facts that block the advice, most decisive first. */
  missingFacts: Type.Array(MissingFact),
  factsNotNeeded: Type.Optional(Type.Array(Type.String())),
  /** Unmentioned facts read by the topic's reviewed defaults ("forutsatt at … ikke foreligger"). */
  assumptions: Type.Optional(
    Type.Array(Type.Object({ id: Type.String(), value: FactValue, text: BilingualText, question: BilingualText, because: GuideText })),
  ),
});
export type Advice = Static<typeof Advice>;

/** Advice as stored in a referral row (every field optional, unknown fields kept). */
export const StoredAdvice = Type.Partial(Advice, { additionalProperties: true });

/** What the free-text reader understood: a fact, its value and where in the text. */
export const FactSpan = Type.Object({
  factId: Type.String(),
  value: FactValue,
  start: Type.Integer(),
  end: Type.Integer(),
  text: Type.String(),
  negated: Type.Boolean(),
});
export type FactSpan = Static<typeof FactSpan>;

/** POST /api/referrals/advice. */
export const AdviceResponse = Type.Object({
  advice: Nullable(Advice),
  /**
   * Every fact the note and the answers settle, with what follows from them as the advice reads it
   * (the catalogue's implications and the topic's red flags: a motor deficit in the note makes
   * `red_flags` true). The form shows its questions' answers from these.
   */
  facts: Facts,
  understood: Type.Array(FactSpan),
  /** The clinical text the reader analysed (question and note). */
  analysedText: Type.String(),
  missingFacts: Type.Array(MissingFact),
  questions: Type.Array(FactQuestion),
});
export type AdviceResponse = Static<typeof AdviceResponse>;

/** POST /api/referrals: 201 with the referral sent (id set); 200 when the referrer chose watchful waiting (nothing sent). */
export const SubmitResponse = Type.Union([
  Type.Object({
    id: Type.String(),
    examCode: Type.String(),
    decision: Type.Union([Type.Literal('followed'), Type.Literal('overridden'), Type.Literal('alternative_accepted'), Type.Literal('withdrawn')]),
    advice: Nullable(Advice),
  }),
  Type.Object({ id: Type.Null(), withdrawn: Type.Literal(true), decision: Type.Literal('withdrawn'), alternative: Type.Optional(Alternative) }),
]);
export type SubmitResponse = Static<typeof SubmitResponse>;

/** GET /api/referrals: one of the referrer's own referrals. */
export const ReferralListRow = Type.Object({
  id: Type.String(),
  patient_id: Type.String(),
  given_name: Type.String(),
  family_name: Type.String(),
  fnr: Type.String(),
  patient_age: Nullable(Type.Integer()),
  patient_sex: Nullable(Sex),
  exam_code: Type.String(),
  exam_name: Type.String(),
  /** The exam's name in English, when the catalogue has one. */
  exam_name_en: Type.Optional(Nullable(Type.String())),
  urgency: Type.String(),
  status: Type.String(),
  submitted_at: Nullable(Timestamp),
  department_org_id: Type.String(),
  department_name: Type.String(),
  referrer_person_id: Type.String(),
  clinical_question: Nullable(Type.String()),
  rating: Nullable(Rating),
  topic_id: Nullable(Type.String()),
});
export type ReferralListRow = Static<typeof ReferralListRow>;
export const ReferralList = Type.Array(ReferralListRow);

/** Rows per page of the referrer's own list unless the caller asks for another size (1–100). */
export const MY_REFERRALS_PAGE_SIZE = 25;
/** GET /api/referrals/mine: paging, search and a status filter over the referrer's own referrals. */
export const MyReferralsQuery = Type.Object(
  {
    /** Name (words), fødselsnummer / D-number (11 digits) or referral number (digits). */
    q: Type.Optional(Type.String({ maxLength: 100 })),
    status: Type.Optional(Type.Enum(REFERRAL_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
export type MyReferralsQuery = Static<typeof MyReferralsQuery>;
/** GET /api/referrals/mine: one page of the referrer's own referrals, newest first, and how many match in all. */
export const MyReferralsPage = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  rows: Type.Array(
    Type.Intersect([
      ReferralListRow,
      Type.Object({
        referral_number: Type.Integer(),
        /** The referral's version (the withdraw call sends it back: stale → 409). */
        version: Type.Integer(),
        /** Whether the referrer may still withdraw it: a withdrawable status and no exam begun (MPPS IN PROGRESS). */
        may_withdraw: Type.Boolean(),
        /**
         * How a 'cancelled' referral ended without an exam: withdrawn by the referrer, or closed by the
         * department with a reason from CLOSE_REASONS (assessment/closing.ts); null otherwise.
         */
        ended: Nullable(Type.Object({ by: Type.Union([Type.Literal('department'), Type.Literal('referrer')]), reason: Nullable(Type.Enum(CLOSE_REASONS)) })),
      }),
    ]),
  ),
});
export type MyReferralsPage = Static<typeof MyReferralsPage>;

/** GET /api/referrals/{id}: one referral as stored (without its FHIR resource). */
export const ReferralDetail = Type.Object({
  id: Type.String(),
  patient_id: Type.String(),
  fnr: Type.String(),
  given_name: Type.String(),
  family_name: Type.String(),
  birth_date: CalendarDate,
  sex: Sex,
  exam_code: Type.String(),
  exam_name: Type.String(),
  department_org_id: Type.String(),
  department_name: Type.String(),
  referrer_person_id: Type.String(),
  referrer_org_id: Type.String(),
  referrer_given_name: Type.String(),
  referrer_family_name: Type.String(),
  referrer_hpr: Nullable(Type.String()),
  indication_system: Nullable(IndicationSystem),
  indication_code: Nullable(Type.String()),
  clinical_question: Nullable(Type.String()),
  clinical_note: Nullable(Type.String()),
  urgency: Type.String(),
  status: Type.String(),
  submitted_at: Nullable(Timestamp),
  /** Stored JSON (the facts as sent): kept as stored. */
  facts: Type.Record(Type.String(), Type.Unknown()),
  contraindications: Type.Object(
    {
      pregnant: Type.Optional(Type.Boolean()),
      egfr: Type.Optional(Type.Number()),
      pacemaker: Type.Optional(Type.Boolean()),
      metalImplant: Type.Optional(Type.Boolean()),
      contrastAllergy: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: true },
  ),
  /** The advice stored with the referral (stored JSON; older and synthetic rows may hold fewer fields): kept as stored. */
  advice: Nullable(StoredAdvice),
  identifier_system: Nullable(Type.String()),
  identifier_value: Nullable(Type.String()),
  source: Type.String(),
  low_value: Nullable(Type.Boolean()),
  version: Type.Integer(),
  updated_at: Timestamp,
});
export type ReferralDetail = Static<typeof ReferralDetail>;
