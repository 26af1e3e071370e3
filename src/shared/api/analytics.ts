// /api/analytics: management data (styringsdata) — rates per area, variation, low-value
// indicators with funnel plots, process measures, advice adherence and feedback to referrers.
// Server routes: src/server/analytics/routes.ts. Every table also comes as CSV with ?format=csv.
import { Type, type Static } from 'typebox';
import { CalendarDate, Nullable } from './common.ts';

const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' });

/** Filters shared by every analytics query. All optional; the period defaults to the latest year with data. */
export const AnalyticsFilter = Type.Object(
  {
    /** First year of the period (calendar year of submission, or of the exam for rates). */
    from: Type.Optional(Year),
    /** Last year of the period. */
    to: Type.Optional(Year),
    /** Hospital referral area (opptaksområde) id, e.g. "bergen". */
    area: Type.Optional(Id),
    /** Health trust (HF) or private provider id. */
    trust: Type.Optional(Id),
    /** DICOM modality. */
    modality: Type.Optional(
      Type.Union([
        Type.Literal('CR'),
        Type.Literal('DX'),
        Type.Literal('CT'),
        Type.Literal('MR'),
        Type.Literal('US'),
        Type.Literal('NM'),
        Type.Literal('PT'),
        Type.Literal('MG'),
        Type.Literal('RF'),
        Type.Literal('XA'),
      ]),
    ),
    /** NCRP exam code, e.g. SNG0AG. */
    exam: Type.Optional(Type.String({ pattern: '^[A-Z]{3}[0-9][A-Z]{2}$' })),
    /** NCRP exam group (body region), e.g. "kne". */
    examGroup: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    /** Age group in years on 5-year band limits: "50-69", "50+" or "0-14". */
    ageGroup: Type.Optional(Type.String({ pattern: '^([0-9]{1,2}-[0-9]{1,3}|[0-9]{1,2}\\+)$' })),
    sex: Type.Optional(Type.Union([Type.Literal('M'), Type.Literal('F')])),
    /** Public or private provider (private institutes with purchase agreements). */
    provider: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('private')])),
    /** json (default) or csv. */
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
);
export type AnalyticsFilter = Static<typeof AnalyticsFilter>;

export const RatesQuery = Type.Object(
  {
    ...AnalyticsFilter.properties,
    /** Standard population for direct standardization: Norway (default, as Helseatlas) or the European Standard Population 2013. */
    standard: Type.Optional(Type.Union([Type.Literal('norway'), Type.Literal('esp2013')])),
    /** Confidence interval: gamma (Fay & Feuer 1997, default) or dobson (Dobson et al. 1991). */
    ci: Type.Optional(Type.Union([Type.Literal('gamma'), Type.Literal('dobson')])),
  },
  { additionalProperties: false },
);
export type RatesQuery = Static<typeof RatesQuery>;

const Period = Type.Object({ from: Year, to: Year });

/** The UTC calendar days the exam data cover (first to last exam performed, clipped to today); null without exams. */
const DataCoverage = Nullable(Type.Object({ from: CalendarDate, to: CalendarDate }));

/**
 * Each year of the period with the days the data cover: a year with `share` < 1 is partial, and its
 * rates count the person-time of the covered days only (`share` of the year's population); 0: no data.
 */
const YearCoverage = Type.Array(Type.Object({ year: Year, days: Type.Integer(), daysInYear: Type.Integer(), share: Type.Number() }));

/** A rate per 10,000 inhabitants; values are null when suppressed (fewer than 10 events). */
export const AreaRate = Type.Object({
  areaId: Type.String(),
  areaName: Type.String(),
  /** Events behind the rate (null when suppressed); in the demo the exams of the sample (see samplingFraction). */
  events: Nullable(Type.Integer()),
  /**
   * Person-years behind the rates: population × sampling fraction × the share of each year the data
   * cover, summed over the period's years, so crude = 10,000 × events / personYears.
   */
  personYears: Type.Number(),
  suppressed: Type.Boolean(),
  crude: Nullable(Type.Number()),
  standardized: Nullable(Type.Number()),
  lower: Nullable(Type.Number()),
  upper: Nullable(Type.Number()),
  /** Each year's standardized rate (the atlas' dots). */
  byYear: Type.Array(Type.Object({ year: Year, standardized: Nullable(Type.Number()), suppressed: Type.Boolean() })),
});
export type AreaRate = Static<typeof AreaRate>;

export const VariationMeasures = Type.Object({
  /** Highest / lowest area rate. */
  eq1: Nullable(Type.Number()),
  eq2: Nullable(Type.Number()),
  eq3: Nullable(Type.Number()),
  /** Coefficient of variation, per cent. */
  cv: Nullable(Type.Number()),
  /** Systematic component of variation × 100 (SKDE scale). */
  scv: Nullable(Type.Number()),
  areas: Type.Integer(),
});
export type VariationMeasures = Static<typeof VariationMeasures>;

/** The `areaId` of the total row of /api/analytics/rates and /trend: never an area's id. */
export const TOTAL_AREA_ID = 'total';

export const RatesResponse = Type.Object({
  period: Period,
  coverage: DataCoverage,
  years: YearCoverage,
  standard: Type.String(),
  /** The population year of the Norway standard (the year nearest 2020 the population table has); null for ESP 2013. */
  standardYear: Nullable(Year),
  /**
   * Every area shown has the standard population's age and sex structure (the demo's derived
   * population table): the adjusted rates then equal the crude ones by construction.
   */
  sameStructureAsStandard: Type.Boolean(),
  ci: Type.String(),
  /** Per 10,000 inhabitants. */
  multiplier: Type.Integer(),
  /** The areas, sorted by standardized rate, highest first (suppressed last). */
  areas: Type.Array(AreaRate),
  /**
   * All areas in the scope together (the atlas' national bar): `areaId` is the neutral marker
   * TOTAL_AREA_ID ('total'), `areaName` in the user's language ('Alle områder' / 'All areas').
   */
  total: AreaRate,
  variation: VariationMeasures,
  /** When the demo's referrals are a sample of a year's volume, rates are scaled by it (1 otherwise). */
  samplingFraction: Type.Number(),
  /** Slices of the aggregates still waiting for recomputation (0 = up to date). */
  pendingSlices: Type.Integer(),
});
export type RatesResponse = Static<typeof RatesResponse>;

export const TrendResponse = Type.Object({
  years: Type.Array(Year),
  coverage: DataCoverage,
  /** The days of each of `years` the data cover (partial years marked). */
  yearCoverage: YearCoverage,
  /** As in RatesResponse: the standard population, its year, and the demo's sampling fraction. */
  standard: Type.String(),
  standardYear: Nullable(Year),
  sameStructureAsStandard: Type.Boolean(),
  samplingFraction: Type.Number(),
  series: Type.Array(Type.Object({ areaId: Type.String(), areaName: Type.String(), rates: Type.Array(Nullable(Type.Number())) })),
  total: Type.Array(Nullable(Type.Number())),
  /** The total's name in the user's language ('Alle områder' / 'All areas'). */
  totalName: Type.String(),
});
export type TrendResponse = Static<typeof TrendResponse>;

export const IndicatorQuery = Type.Object(
  {
    ...AnalyticsFilter.properties,
    indicator: Type.String({ pattern: '^[a-z0-9-]{1,60}$' }),
    /** Level: area (default), trust, practice, or referrer (referrers within one practice: give practice). */
    by: Type.Optional(Type.Union([Type.Literal('area'), Type.Literal('trust'), Type.Literal('practice'), Type.Literal('referrer')])),
    /** Practice (GP office) id, for referrer-level data. */
    practice: Type.Optional(Id),
    /** Overdispersion adjustment of the funnel limits: multiplicative (default), additive or none. */
    overdispersion: Type.Optional(Type.Union([Type.Literal('multiplicative'), Type.Literal('additive'), Type.Literal('none')])),
    /**
     * With by=practice: the units compared — every referring organization (`all`, the default for
     * analysts and leaders) or only those of the same kind as the practice asked about or the
     * caller's own (`same-kind`, the default for referrers: GP practices with GP practices, as the
     * feedback report's peers). `same-kind` needs a practice (given, or the referrer's own).
     */
    peers: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('same-kind')])),
  },
  { additionalProperties: false },
);
export type IndicatorQuery = Static<typeof IndicatorQuery>;

export const FunnelPoint = Type.Object({
  /** Unit id: only for units the caller may identify (else null: an anonymized peer). */
  unitId: Nullable(Type.String()),
  /** Display name: an area, trust or practice name, "Din praksis", or an anonymous label. */
  label: Type.String(),
  own: Type.Boolean(),
  /** The withheld units' pooled figure ("other small units"): at least 10 referrals from at least two units. */
  pooled: Type.Boolean(),
  /** Denominator (referrals); null when withheld (fewer than 10, or pooled to protect one that is). */
  denominator: Nullable(Type.Integer()),
  /** Numerator; null when withheld. */
  numerator: Nullable(Type.Integer()),
  /** Share 0–1; null when withheld (fewer than 10 in the denominator, or pooled to protect one that is). */
  share: Nullable(Type.Number()),
  suppressed: Type.Boolean(),
  outside95: Type.Boolean(),
  outside998: Type.Boolean(),
});
export type FunnelPoint = Static<typeof FunnelPoint>;

export const IndicatorResponse = Type.Object({
  indicator: Type.Object({ id: Type.String(), name: Type.String(), source: Type.String() }),
  period: Period,
  by: Type.String(),
  /** Pooled share over all units (the funnel's target), 0–1. */
  target: Type.Number(),
  overdispersion: Type.String(),
  phi: Type.Number(),
  tau2: Type.Number(),
  units: Type.Array(FunnelPoint),
  /** Control limits along the denominator axis, 0–1. */
  limits: Type.Array(Type.Object({ n: Type.Number(), lower95: Type.Number(), upper95: Type.Number(), lower998: Type.Number(), upper998: Type.Number() })),
});
export type IndicatorResponse = Static<typeof IndicatorResponse>;

export const ProcessQuery = Type.Object(
  {
    ...AnalyticsFilter.properties,
    by: Type.Optional(Type.Union([Type.Literal('area'), Type.Literal('trust'), Type.Literal('provider'), Type.Literal('total')])),
  },
  { additionalProperties: false },
);
export type ProcessQuery = Static<typeof ProcessQuery>;

export const ProcessRow = Type.Object({
  unitId: Type.String(),
  label: Type.String(),
  /**
   * Counts are null when withheld (issue 10 §7): 1–9, or hidden too so that a hidden count is not
   * the total minus the shown ones; shares and means computed from a hidden count are null too.
   */
  referrals: Nullable(Type.Integer()),
  /** Share of assessed referrals assessed within 10 working days (0–1). */
  assessedInTimeShare: Nullable(Type.Number()),
  meanAssessmentWorkingDays: Nullable(Type.Number()),
  returnedShare: Nullable(Type.Number()),
  performed: Nullable(Type.Integer()),
  meanDaysToExam: Nullable(Type.Number()),
  /** Referrals with a first signed report (preliminary where one exists, else final) and the mean whole hours from the exam to it. */
  preliminaryReported: Nullable(Type.Integer()),
  meanHoursToPreliminary: Nullable(Type.Number()),
  /** Referrals with a final report and the mean whole hours from the exam to it. */
  reported: Nullable(Type.Integer()),
  meanHoursToReport: Nullable(Type.Number()),
  privateShare: Nullable(Type.Number()),
  /**
   * Referrals ended without an exam (issue 8, migration 0310): closed by the receiving department
   * and withdrawn by the referrer (null when withheld), and their shares of the referrals (0–1).
   */
  closed: Nullable(Type.Integer()),
  withdrawn: Nullable(Type.Integer()),
  closedShare: Nullable(Type.Number()),
  withdrawnShare: Nullable(Type.Number()),
  /** Closed and withdrawn together, share of the referrals (0–1). */
  endedShare: Nullable(Type.Number()),
  suppressed: Type.Boolean(),
});
export type ProcessRow = Static<typeof ProcessRow>;
export const ProcessResponse = Type.Object({ period: Period, by: Type.String(), rows: Type.Array(ProcessRow) });
export type ProcessResponse = Static<typeof ProcessResponse>;

/** One unit's (or the total's) referrals ended without an exam in one year of submission. */
export const EndedRow = Type.Object({
  /** Area, trust or provider kind id; TOTAL_AREA_ID for the total over the units shown. */
  unitId: Type.String(),
  label: Type.String(),
  year: Year,
  /** Counts null when withheld: 1–9, or hidden too so that no hidden count is a total minus the shown ones. */
  referrals: Nullable(Type.Integer()),
  /** Closed by the receiving department without an exam. */
  closed: Nullable(Type.Integer()),
  /** Withdrawn by the referrer. */
  withdrawn: Nullable(Type.Integer()),
  /** Shares of the referrals, 0–1; null when a count behind them is withheld. */
  endedShare: Nullable(Type.Number()),
  closedShare: Nullable(Type.Number()),
  withdrawnShare: Nullable(Type.Number()),
  suppressed: Type.Boolean(),
});
export type EndedRow = Static<typeof EndedRow>;

/** Referrals ended without an exam per unit and year of submission (issue 10 §4 with issue 8's closing). */
export const EndedResponse = Type.Object({
  period: Period,
  by: Type.String(),
  years: Type.Array(Year),
  /** Unit × year, sorted by unit name, then year. */
  rows: Type.Array(EndedRow),
  /** The units shown together, per year. */
  total: Type.Array(EndedRow),
});
export type EndedResponse = Static<typeof EndedResponse>;

/** Why the departments closed referrals without an exam, in words, per year of submission. */
export const EndedReasonsResponse = Type.Object({
  period: Period,
  years: Type.Array(Year),
  /** Referrals closed by the departments in the period (all reasons); null when hidden (small counts). */
  closed: Nullable(Type.Integer()),
  /** Referrals withdrawn by their referrers in the period (no reason code; for reference); null when 1–9. */
  withdrawn: Nullable(Type.Integer()),
  /** Most frequent first. */
  reasons: Type.Array(
    Type.Object({
      /** The reason in the reader's language (never a code). */
      reason: Type.String(),
      /** Referrals closed for this reason in the period; null when hidden (fewer than 10, or to protect one that is). */
      count: Nullable(Type.Integer()),
      /** Share of the closed referrals, 0–1; null when suppressed. */
      share: Nullable(Type.Number()),
      /**
       * Per year of the period; count null when hidden (1–9, or to protect one that is); share of that
       * year's closed referrals (0–1), null with the count or when the year closed fewer than 10.
       */
      byYear: Type.Array(Type.Object({ year: Year, count: Nullable(Type.Integer()), share: Nullable(Type.Number()) })),
      suppressed: Type.Boolean(),
    }),
  ),
});
export type EndedReasonsResponse = Static<typeof EndedReasonsResponse>;

export const AdherenceResponse = Type.Object({
  period: Period,
  rows: Type.Array(
    Type.Object({
      topicId: Type.String(),
      /** The topic's title in the reader's language. */
      topic: Type.String(),
      rating: Type.String(),
      decision: Type.String(),
      reasonCode: Type.String(),
      /** The reason in plain words (empty when none was given). */
      reason: Type.String(),
      decisions: Nullable(Type.Integer()),
      suppressed: Type.Boolean(),
    }),
  ),
  /** Decisions of each kind; null when hidden (1–9: fewer than 10). */
  totals: Type.Object({
    followed: Nullable(Type.Integer()),
    overridden: Nullable(Type.Integer()),
    alternativeAccepted: Nullable(Type.Integer()),
    withdrawn: Nullable(Type.Integer()),
  }),
});
export type AdherenceResponse = Static<typeof AdherenceResponse>;

export const VariationReportResponse = Type.Object({
  period: Period,
  rows: Type.Array(
    Type.Object({
      /** "exam-group" (exams per 10,000 by NCRP group) or "indicator" (low-value share). */
      kind: Type.String(),
      id: Type.String(),
      label: Type.String(),
      /**
       * Events behind the row: for an exam group the exams of the areas shown (each 10 or more), for an
       * indicator its low-value referrals over all areas; null when 1–9 (withheld, issue 10 §7).
       */
      events: Nullable(Type.Integer()),
      ...VariationMeasures.properties,
    }),
  ),
  /** As in RatesResponse: the days the data cover (the exam-group rates use the person-time of partial years' covered days). */
  coverage: DataCoverage,
  years: YearCoverage,
  /** As in RatesResponse: the standard population of the exam-group rates, its year, and the demo's sampling fraction. */
  standard: Type.String(),
  standardYear: Nullable(Year),
  sameStructureAsStandard: Type.Boolean(),
  samplingFraction: Type.Number(),
});
export type VariationReportResponse = Static<typeof VariationReportResponse>;

export const AnalyticsMeta = Type.Object({
  /** What the caller may see: everything (analyst), one trust (department leader) or own practice (referrer). */
  scope: Type.Union([Type.Literal('all'), Type.Literal('trust'), Type.Literal('practice')]),
  years: Type.Array(Year),
  defaultPeriod: Period,
  areas: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), regionId: Type.String(), regionName: Type.String(), hasData: Type.Boolean() })),
  trusts: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  exams: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), modality: Type.String(), group: Type.String() })),
  indicators: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), source: Type.String() })),
  practices: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  /**
   * The filters (AnalyticsFilter names: area, trust, modality, exam, examGroup, ageGroup, sex,
   * provider) each view's figures are broken down by, so can apply: `exam` (rates, trend, variation
   * of exam groups), `referral` (process, ended), `indicator` (low-value), `decision` (adherence). A
   * filter not listed is ignored by that view, and the page says so.
   */
  filtersApplied: Type.Object({
    exam: Type.Array(Type.String()),
    referral: Type.Array(Type.String()),
    indicator: Type.Array(Type.String()),
    decision: Type.Array(Type.String()),
  }),
});
export type AnalyticsMeta = Static<typeof AnalyticsMeta>;

export const FeedbackQuery = Type.Object(
  {
    from: Type.Optional(Year),
    to: Type.Optional(Year),
    practice: Type.Optional(Id),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
);
export type FeedbackQuery = Static<typeof FeedbackQuery>;

/** The feedback batch of a referral area: one report per GP practice located there. */
export const FeedbackBatchQuery = Type.Object(
  {
    area: Id,
    from: Type.Optional(Year),
    to: Type.Optional(Year),
  },
  { additionalProperties: false },
);
export type FeedbackBatchQuery = Static<typeof FeedbackBatchQuery>;

export const FeedbackResponse = Type.Object({
  period: Period,
  practice: Type.Object({ id: Type.String(), name: Type.String() }),
  /** The practice's referrals; null when 1–9 and the reader is not the practice itself. */
  referrals: Nullable(Type.Integer()),
  /** Median referrals per practice among the peers; null when there are none or it is withheld (`peerMedianSuppressed`). */
  peerMedianReferrals: Nullable(Type.Number()),
  /** The median is withheld: fewer than 10 peers, or a median under 10 (issue 10 §7). */
  peerMedianSuppressed: Type.Boolean(),
  indicators: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      /** The practice's referrals the indicator applies to; null to others than the practice itself when 1–9 (as `numerator`). */
      denominator: Nullable(Type.Integer()),
      /** The practice's own count and share: shown to the practice itself however small; to others null under 10 referrals. */
      numerator: Nullable(Type.Integer()),
      share: Nullable(Type.Number()),
      /** The other practices pooled; null when from fewer than 10 referrals or 1–9 counted. */
      peerShare: Nullable(Type.Number()),
      /** Where the practice lies in the funnel: below, within or above the 95 % / 99.8 % limits. */
      position: Type.Union([
        Type.Literal('below998'),
        Type.Literal('below95'),
        Type.Literal('within'),
        Type.Literal('above95'),
        Type.Literal('above998'),
        Type.Literal('too-few'),
      ]),
      suppressed: Type.Boolean(),
    }),
  ),
  process: ProcessRow,
  peerProcess: ProcessRow,
});
export type FeedbackResponse = Static<typeof FeedbackResponse>;
