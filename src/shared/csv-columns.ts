// The number format of every numeric column the CSV downloads write for people, in one place and by
// the same column names as their headings (src/shared/i18n/csv.ts `csv.col.<column>`): each column
// with the precision its meaning has and as the page beside it shows it (src/web/analytics,
// src/web/capacity). A column name means one thing in every export that uses it. Exports that
// machines read (sendCsv `technicalNames`) and the JSON API keep the raw values.
import type { CsvColumnFormat } from './csv.ts';

const COUNT: CsvColumnFormat = { kind: 'integer' };
/** A rate per 10,000 and its confidence limits: 1 decimal (as the page and the health atlas). */
const RATE: CsvColumnFormat = { kind: 'decimal', digits: 1 };
/** A share 0–1 as a percentage with 1 decimal ("12,3"), as the page shows it ("12,3 %"). */
const PERCENT: CsvColumnFormat = { kind: 'percent', digits: 1 };
/** A mean number of days or hours: 1 decimal, as the page. */
const MEAN: CsvColumnFormat = { kind: 'decimal', digits: 1 };
/** A ratio (extremal quotient, systematic component of variation, capacity index): 2 decimals. */
const RATIO: CsvColumnFormat = { kind: 'decimal', digits: 2 };
/** Full-time equivalents: 1 decimal, as the capacity page. */
const FTE: CsvColumnFormat = { kind: 'decimal', digits: 1 };

/**
 * Column name → its number format in the CSV downloads for people (src/server/http/csv.ts sendCsv).
 * A numeric column a people-facing export writes must be listed here (csv-columns.test.ts checks the
 * analytics and capacity exports); a column not listed keeps the raw rule (at most 6 decimals).
 */
export const CSV_COLUMN_FORMATS: Readonly<Record<string, CsvColumnFormat>> = {
  // Rates per area (/api/analytics/rates, /trend).
  events: COUNT,
  exams: COUNT,
  // Population × sampling fraction × covered share of each year: whole person-years.
  person_years: COUNT,
  days_with_data: COUNT,
  year_coverage: PERCENT,
  crude_per_10000: RATE,
  standardized_per_10000: RATE,
  lower: RATE,
  upper: RATE,
  year: COUNT,
  // Variation between areas (/api/analytics/variation): quotients and SCV as the page (2 decimals),
  // the coefficient of variation is a percentage already (100 · sd / mean), 1 decimal as the page.
  eq1: RATIO,
  eq2: RATIO,
  eq3: RATIO,
  cv: { kind: 'decimal', digits: 1 },
  scv: RATIO,
  areas: COUNT,
  // Funnels and feedback (/api/analytics/indicators, /feedback).
  denominator: COUNT,
  numerator: COUNT,
  share: PERCENT,
  peerShare: PERCENT,
  // The funnel's target (the pooled share of the units shown) as a percentage like the shares; its
  // overdispersion — multiplicative φ (about 1–5) or additive τ² (a variance of shares, ~0.001) —
  // with 3 significant digits, so that τ² is not rounded away.
  target: PERCENT,
  phi: { kind: 'significant', digits: 3 },
  tau2: { kind: 'significant', digits: 3 },
  // Process (/api/analytics/process, /ended, /ended-reasons).
  referrals: COUNT,
  assessedInTimeShare: PERCENT,
  meanAssessmentWorkingDays: MEAN,
  returnedShare: PERCENT,
  performed: COUNT,
  meanDaysToExam: MEAN,
  preliminaryReported: COUNT,
  meanHoursToPreliminary: MEAN,
  reported: COUNT,
  meanHoursToReport: MEAN,
  privateShare: PERCENT,
  closed: COUNT,
  closedShare: PERCENT,
  withdrawn: COUNT,
  withdrawnShare: PERCENT,
  endedShare: PERCENT,
  count: COUNT,
  shareOfClosed: PERCENT,
  // Advice adherence (/api/analytics/adherence).
  decisions: COUNT,
  // Capacity (/api/capacity/*): FTE with 1 decimal, the capacity index and machines needed with 2,
  // utilization as a whole percentage (as the fleet table shows it).
  fte_need: FTE,
  fte_need_without_measures: FTE,
  fte_today: FTE,
  gap: FTE,
  capacity_index: RATIO,
  machines_needed: RATIO,
  installed_year: COUNT,
  lifetime_years: COUNT,
  replacement_year: COUNT,
  replacement_cost_nok: COUNT,
  utilization: { kind: 'percent', digits: 0 },
  // Training: counts of learning goals (/api/training/report).
  goals: COUNT,
  approved: COUNT,
  overdue: COUNT,
};
