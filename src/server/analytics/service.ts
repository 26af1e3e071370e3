// The analytics domain's use cases: each reads the aggregates (store.ts), applies the caller's
// scope (scope.ts) and the statistics (statistics/), and returns what the API schema describes.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { Forbidden, Invalid } from '../http/errors.ts';
import { OVERRIDE_REASONS } from '../referrals/override-reasons.ts';
import { discontinuationReasonText } from '../interop/dicom/discontinuation-reasons.ts';
import { CLOSE_REASONS, type CloseReason } from '../../shared/api/assessment.ts';
import { translate, type MessageKey } from '../../shared/i18n/index.ts';
import { TOTAL_AREA_ID } from '../../shared/api/analytics.ts';
import type {
  AdherenceResponse,
  AnalyticsFilter,
  AnalyticsMeta,
  EndedReasonsResponse,
  EndedResponse,
  EndedRow,
  FeedbackResponse,
  FunnelPoint,
  IndicatorQuery,
  IndicatorResponse,
  ProcessRow,
  RatesQuery,
  RatesResponse,
  TrendResponse,
  VariationReportResponse,
} from '../../shared/api/analytics.ts';
import { computeAreaRates } from './area-rates.ts';
import { toAggregateFilter, type FilterContext } from './filters.ts';
import { loadIndicators, type IndicatorDefinition } from './indicators.ts';
import { assertPracticeAccess, scopedTrusts, type AnalyticsScope } from './scope.ts';
import { esp2013Standard, norwayStandard } from './standard-populations.ts';
import { isSuppressed } from './statistics/confidence-intervals.ts';
import { buildFunnel, type Overdispersion } from './statistics/funnel.ts';
import { coefficientOfVariation, extremalQuotients } from './statistics/variation.ts';
import * as store from './store.ts';

type Db = Kysely<DB>;

/**
 * The years the filters offer: years with aggregated referrals or exams, up to and including the
 * current UTC year (ascending). A year that has not begun cannot hold real activity: an exam dated
 * there is a data error (e.g. a modality's MPPS N-SET with a wrong end date), and offering that
 * year — worse, opening on it — shows an empty, suppressed period as if it were complete.
 * `now` is injectable for tests.
 */
export async function offeredYears(db: Db, now: Date = new Date()): Promise<number[]> {
  const thisYear = now.getUTCFullYear();
  return (await store.dataYears(db)).filter((y) => y <= thisYear);
}

/** The default period's year: the latest offered year with data, else the current UTC year. */
export function defaultYear(years: number[], now: Date = new Date()): number {
  return years.length > 0 ? years[years.length - 1] : now.getUTCFullYear();
}

/** The directory facts filters are checked against (small tables; read per request). */
async function filterContext(db: Db): Promise<FilterContext & { areas: { id: string; name: string }[]; years: number[] }> {
  const [areas, trusts, exams, years] = await Promise.all([store.listAreas(db), store.listTrusts(db), store.listExamCodes(db), offeredYears(db)]);
  return {
    areaIds: new Set(areas.map((a) => a.id)),
    trustIds: new Set(trusts.map((t) => t.id)),
    examCodes: new Set(exams.map((e) => e.code)),
    examGroups: new Set(exams.map((e) => e.body_part)),
    defaultYear: defaultYear(years),
    currentYear: new Date().getUTCFullYear(),
    areas: areas.map((a) => ({ id: a.id, name: a.name })),
    years,
  };
}

async function scopedFilter(db: Db, scope: AnalyticsScope, q: AnalyticsFilter) {
  const ctx = await filterContext(db);
  const f = toAggregateFilter(q, ctx);
  f.trustIds = scopedTrusts(scope, f.trustIds);
  return { f, ctx };
}

function indicatorById(id: string): IndicatorDefinition {
  const d = loadIndicators().find((i) => i.id === id);
  if (!d) throw new Invalid(`Ukjent indikator / Unknown indicator ${id}`, [{ field: 'indicator', message: `unknown indicator ${id}` }]);
  return d;
}

/**
 * Runs a bulk load into empty referral and exam tables (the synthetic generator) without the
 * insert triggers' per-statement change marks, then recreates them and marks every slice once,
 * also when the load fails (migration 0212). Returns what the load returns.
 */
export async function withoutInsertMarks<T>(db: Db, load: () => Promise<T>): Promise<T> {
  await store.suspendInsertMarks(db);
  try {
    return await load();
  } finally {
    await store.resumeInsertMarks(db);
  }
}

/** What the filters offer and what the caller may see. */
export async function meta(db: Db, scope: AnalyticsScope, locale: 'nb' | 'en'): Promise<AnalyticsMeta> {
  const [areas, trusts, exams, years] = await Promise.all([store.listAreas(db), store.listTrusts(db), store.listExamCodes(db), offeredYears(db)]);
  const last = defaultYear(years);
  const withData = new Set((await store.examStrata(db, { fromYear: years[0] ?? last, toYear: last })).filter((s) => s.exams > 0).map((s) => s.areaId));
  const practices =
    scope.level === 'practice' ? await store.organizationNames(db, scope.practiceIds).then((m) => [...m].map(([id, name]) => ({ id, name }))) : [];
  return {
    scope: scope.level,
    years,
    defaultPeriod: { from: last, to: last },
    areas: areas.map((a) => ({ id: a.id, name: a.name, regionId: a.region_id, regionName: a.region_name, hasData: withData.has(a.id) })),
    trusts: trusts.filter((t) => scope.level !== 'trust' || scope.trustIds.includes(t.id)).map((t) => ({ id: t.id, name: t.name })),
    exams: exams.map((e) => ({ code: e.code, name: (locale === 'en' ? e.name_en : null) ?? e.name, modality: e.modality, group: e.body_part })),
    indicators: loadIndicators().map((i) => ({ id: i.id, name: locale === 'en' ? i.name_en : i.name_nb, source: i.source })),
    practices,
  };
}

/**
 * Rates per area: crude and standardized per 10,000 with CI, each year's rate, the total and the
 * variation. The total row has `areaId` TOTAL_AREA_ID and its name in `locale` (as the indicator
 * and provider labels of the other views).
 */
export async function rates(db: Db, scope: AnalyticsScope, q: RatesQuery, locale: 'nb' | 'en' = 'nb'): Promise<RatesResponse> {
  const { f, ctx } = await scopedFilter(db, scope, q);
  const [counts, population, fraction, dirty] = await Promise.all([
    store.examStrata(db, { ...f, areaIds: undefined }),
    store.populationStrata(db),
    store.demoSamplingFraction(db),
    store.dirtyState(db),
  ]);
  const standardName = q.standard ?? 'norway';
  const standard = standardName === 'esp2013' ? esp2013Standard() : norwayStandard(population);
  // The areas shown: the one asked for, else every area with exams in the scope.
  const withData = new Set(counts.filter((c) => c.exams > 0).map((c) => c.areaId));
  const areas = ctx.areas.filter((a) => (f.areaIds ? f.areaIds.includes(a.id) : withData.has(a.id)));
  const r = computeAreaRates(counts, population, {
    fromYear: f.fromYear,
    toYear: f.toYear,
    areas,
    standard,
    includeStratum: (sex, age) => (!f.sex || sex === f.sex) && (f.ageFrom === undefined || age >= f.ageFrom) && (f.ageTo === undefined || age <= f.ageTo),
    ci: q.ci ?? 'gamma',
    populationScale: fraction ?? 1,
  });
  return {
    period: { from: f.fromYear, to: f.toYear },
    standard: standardName,
    ci: q.ci ?? 'gamma',
    multiplier: 10_000,
    areas: r.areas,
    total: { ...r.total, areaId: TOTAL_AREA_ID, areaName: translate(locale, 'analytics.total') },
    variation: r.variation,
    samplingFraction: fraction ?? 1,
    pendingSlices: dirty.slices,
  };
}

/** Standardized rate per year for each area and in total (the total named in `locale`). */
export async function trend(db: Db, scope: AnalyticsScope, q: RatesQuery, locale: 'nb' | 'en' = 'nb'): Promise<TrendResponse> {
  const r = await rates(db, scope, q, locale);
  const years = r.total.byYear.map((y) => y.year);
  return {
    years,
    series: r.areas.map((a) => ({ areaId: a.areaId, areaName: a.areaName, rates: a.byYear.map((y) => y.standardized) })),
    total: r.total.byYear.map((y) => y.standardized),
    totalName: r.total.areaName,
  };
}

const BY_COLUMN = { area: 'area_id', trust: 'trust_id', practice: 'referrer_org_id', referrer: 'referrer_person_id' } as const;

/**
 * A low-value indicator's share per unit with funnel limits (95 % and 99.8 %, overdispersion-adjusted);
 * its name in `locale`. The referrals with no referral area (unit id '') are labelled "Ukjent"/"Unknown", as in the process view.
 */
export async function indicator(db: Db, scope: AnalyticsScope, q: IndicatorQuery, locale: 'nb' | 'en' = 'nb'): Promise<IndicatorResponse> {
  const def = indicatorById(q.indicator);
  const by = q.by ?? (scope.level === 'practice' ? 'practice' : 'area');
  const { f, ctx } = await scopedFilter(db, scope, q);
  if (by === 'referrer') {
    if (!q.practice)
      throw new Invalid('Velg praksis for henvisernivå / Give practice for referrer-level data', [{ field: 'practice', message: 'required with by=referrer' }]);
    assertPracticeAccess(scope, q.practice);
    f.referrerOrgIds = [q.practice];
  } else if (q.practice) assertPracticeAccess(scope, q.practice);
  if (scope.level === 'practice' && (by === 'area' || by === 'trust')) {
    // A referrer compares their practice with peers; area and trust views are for leaders and analysts.
    throw new Invalid('Henvisere ser praksisnivå / Referrers see the practice level', [
      { field: 'by', message: 'referrers may use by=practice or by=referrer' },
    ]);
  }
  const rows = await store.indicatorCounts(db, def.id, f, BY_COLUMN[by]);
  const byUnit = new Map<string, { d: number; n: number }>();
  for (const r of rows) {
    const u = byUnit.get(r.unit) ?? { d: 0, n: 0 };
    byUnit.set(r.unit, { d: u.d + r.denominator, n: u.n + r.numerator });
  }
  let units = [...byUnit].map(([unit, v]) => ({ unit, events: v.n, n: v.d })).filter((u) => u.n > 0);
  const peers = by === 'practice' ? (q.peers ?? (scope.level === 'practice' ? 'same-kind' : 'all')) : 'all';
  if (peers === 'same-kind') {
    // The feedback report's peer group: organizations of the same kind as the practice (GP practices
    // with GP practices, not hospital departments), so the funnel's target matches its table.
    const ownIds = q.practice ? [q.practice] : scope.level === 'practice' ? scope.practiceIds : [];
    if (ownIds.length === 0)
      throw new Invalid('Velg praksis for sammenligning med like praksiser / Give practice to compare with peers of its kind', [
        { field: 'practice', message: 'required with peers=same-kind' },
      ]);
    const kinds = new Set((await store.organizationsOfKinds(db, ownIds)).map((o) => o.kind));
    const ofKind = new Set(
      (
        await store.organizationsOfKinds(
          db,
          units.map((u) => u.unit),
        )
      )
        .filter((o) => kinds.has(o.kind))
        .map((o) => o.id),
    );
    units = units.filter((u) => ofKind.has(u.unit) || ownIds.includes(u.unit));
  }
  const method: Overdispersion = q.overdispersion ?? 'multiplicative';
  const funnel = buildFunnel(units, method);
  const names =
    by === 'area'
      ? new Map(ctx.areas.map((a) => [a.id, a.name]))
      : by === 'referrer'
        ? new Map<string, string>()
        : await store.organizationNames(
            db,
            units.map((u) => u.unit),
          );
  // The practice asked about (or the caller's own) is highlighted; for a referrer, also themself.
  const own = (unit: string) =>
    by === 'practice'
      ? q.practice
        ? unit === q.practice
        : scope.level === 'practice' && scope.practiceIds.includes(unit)
      : by === 'referrer' && scope.level === 'practice' && unit === scope.personId;
  let anon = 0;
  const sorted = [...units].sort((a, b) => b.n - a.n);
  const points: FunnelPoint[] = sorted.map((u) => {
    const mine = own(u.unit);
    const identifiable = mine || (by !== 'referrer' && scope.level !== 'practice');
    const suppressed = isSuppressed(u.n);
    const c = funnel.classify(u);
    const label =
      mine && scope.level === 'practice'
        ? by === 'referrer'
          ? 'Deg'
          : 'Din praksis'
        : identifiable
          ? (names.get(u.unit) ?? (u.unit === '' ? translate(locale, 'csv.value.unknown') : u.unit))
          : `${by === 'referrer' ? 'Henviser' : 'Praksis'} ${++anon}`;
    return {
      unitId: identifiable ? u.unit : null,
      label,
      own: mine,
      denominator: u.n,
      numerator: suppressed ? null : u.events,
      share: suppressed ? null : c.proportion,
      suppressed,
      outside95: !suppressed && c.outside95,
      outside998: !suppressed && c.outside998,
    };
  });
  const maxN = Math.max(10, ...units.map((u) => u.n));
  const limits = Array.from({ length: 60 }, (_, i) => Math.max(1, Math.round(Math.exp((Math.log(maxN * 1.1) * (i + 1)) / 60)))).filter(
    (n, i, a) => a.indexOf(n) === i,
  );
  return {
    indicator: { id: def.id, name: locale === 'en' ? def.name_en : def.name_nb, source: def.source },
    period: { from: f.fromYear, to: f.toYear },
    by,
    target: funnel.target,
    overdispersion: method,
    phi: funnel.phi,
    tau2: funnel.tau2,
    units: points,
    limits: limits.map((n) => funnel.limitsAt(n)),
  };
}

function processRow(unitId: string, label: string, c: Awaited<ReturnType<typeof store.processCounts>>[number] | undefined): ProcessRow {
  const x = c ?? {
    referrals: 0,
    assessed: 0,
    assessedInTime: 0,
    assessmentDaysSum: 0,
    returned: 0,
    performed: 0,
    examDaysSum: 0,
    reported: 0,
    reportHoursSum: 0,
    preliminary: 0,
    preliminaryHoursSum: 0,
    privateReferrals: 0,
    closed: 0,
    withdrawn: 0,
  };
  const suppressed = isSuppressed(x.referrals);
  const ratio = (a: number, b: number) => (suppressed || b === 0 ? null : a / b);
  return {
    unitId,
    label,
    referrals: suppressed ? 0 : x.referrals,
    assessedInTimeShare: ratio(x.assessedInTime, x.assessed),
    meanAssessmentWorkingDays: ratio(x.assessmentDaysSum, x.assessed),
    returnedShare: ratio(x.returned, x.referrals),
    performed: suppressed ? 0 : x.performed,
    meanDaysToExam: ratio(x.examDaysSum, x.performed),
    // Issue 10 §4: to the preliminary report where one exists (migration 0241), and to the final one.
    preliminaryReported: suppressed ? 0 : x.preliminary,
    meanHoursToPreliminary: ratio(x.preliminaryHoursSum, x.preliminary),
    reported: suppressed ? 0 : x.reported,
    meanHoursToReport: ratio(x.reportHoursSum, x.reported),
    privateShare: ratio(x.privateReferrals, x.referrals),
    // Ended without an exam (issue 8; migration 0310): counted among the referrals, not as returned or performed.
    closed: suppressed ? 0 : x.closed,
    withdrawn: suppressed ? 0 : x.withdrawn,
    closedShare: ratio(x.closed, x.referrals),
    withdrawnShare: ratio(x.withdrawn, x.referrals),
    endedShare: ratio(x.closed + x.withdrawn, x.referrals),
    suppressed,
  };
}

/** Process measures from the referral timestamps, by area, trust, provider kind or in total. */
export async function processMeasures(
  db: Db,
  scope: AnalyticsScope,
  q: AnalyticsFilter & { by?: 'area' | 'trust' | 'provider' | 'total' },
  locale: 'nb' | 'en' = 'nb',
) {
  const { f, ctx } = await scopedFilter(db, scope, q);
  const by = q.by ?? 'area';
  const col = by === 'area' ? 'area_id' : by === 'trust' ? 'trust_id' : by === 'provider' ? 'provider_kind' : null;
  const rows = await store.processCounts(db, f, col);
  const names =
    by === 'area'
      ? new Map(ctx.areas.map((a) => [a.id, a.name]))
      : by === 'trust'
        ? await store.organizationNames(
            db,
            rows.map((r) => r.unit),
          )
        : new Map([
            ['public', translate(locale, 'analytics.provider.public')],
            ['private', translate(locale, 'analytics.provider.private')],
            ['all', translate(locale, 'csv.value.all')],
          ]);
  return {
    period: { from: f.fromYear, to: f.toYear },
    by,
    rows: rows
      .map((r) => processRow(r.unit, names.get(r.unit) ?? (r.unit === '' ? translate(locale, 'csv.value.unknown') : r.unit), r))
      .sort((a, b) => a.label.localeCompare(b.label, locale)),
  };
}

/** Names of the process view's units: areas, trusts (read), provider kinds and the total, in `locale`. */
async function unitNames(db: Db, by: 'area' | 'trust' | 'provider' | 'total', areas: { id: string; name: string }[], units: string[], locale: 'nb' | 'en') {
  if (by === 'area') return new Map(areas.map((a) => [a.id, a.name]));
  if (by === 'trust') return store.organizationNames(db, units);
  return new Map([
    ['public', translate(locale, 'analytics.provider.public')],
    ['private', translate(locale, 'analytics.provider.private')],
    ['all', translate(locale, 'csv.value.all')],
  ]);
}

function endedRow(unitId: string, label: string, year: number, c: { referrals: number; closed: number; withdrawn: number }): EndedRow {
  const suppressed = isSuppressed(c.referrals);
  const share = (n: number) => (suppressed || c.referrals === 0 ? null : n / c.referrals);
  return {
    unitId,
    label,
    year,
    referrals: suppressed ? 0 : c.referrals,
    closed: suppressed ? 0 : c.closed,
    withdrawn: suppressed ? 0 : c.withdrawn,
    endedShare: share(c.closed + c.withdrawn),
    closedShare: share(c.closed),
    withdrawnShare: share(c.withdrawn),
    suppressed,
  };
}

/**
 * Referrals that ended without an exam (issue 8: closed by the receiving department, or withdrawn by
 * the referrer; docs/analytics.md) per unit — area, trust or provider kind as the process view
 * groups — and UTC year of submission, with the total of the units shown per year. The process
 * view's filters and the caller's scope apply (a department leader sees their own trust). Read from
 * the rollup's year totals (migration 0310 columns). Rows from fewer than 10 referrals are suppressed.
 */
export async function endedWithoutExam(
  db: Db,
  scope: AnalyticsScope,
  q: AnalyticsFilter & { by?: 'area' | 'trust' | 'provider' | 'total' },
  locale: 'nb' | 'en' = 'nb',
): Promise<EndedResponse> {
  const { f, ctx } = await scopedFilter(db, scope, q);
  const by = q.by ?? 'area';
  const col = by === 'area' ? 'area_id' : by === 'trust' ? 'trust_id' : by === 'provider' ? 'provider_kind' : null;
  const counts = await store.endCounts(db, f, col);
  const names = await unitNames(db, by, ctx.areas, [...new Set(counts.map((c) => c.unit))], locale);
  const label = (u: string) => names.get(u) ?? (u === '' ? translate(locale, 'csv.value.unknown') : u);
  const years: number[] = [];
  for (let y = f.fromYear; y <= f.toYear; y++) years.push(y);
  const rows = counts.map((c) => endedRow(c.unit, label(c.unit), c.year, c)).sort((a, b) => a.label.localeCompare(b.label, locale) || a.year - b.year);
  const total = years.map((y) => {
    const of = counts.filter((c) => c.year === y);
    const sum = (k: 'referrals' | 'closed' | 'withdrawn') => of.reduce((s, c) => s + c[k], 0);
    return endedRow(TOTAL_AREA_ID, translate(locale, 'analytics.ended.total'), y, {
      referrals: sum('referrals'),
      closed: sum('closed'),
      withdrawn: sum('withdrawn'),
    });
  });
  return { period: { from: f.fromYear, to: f.toYear }, by, years, rows, total };
}

/**
 * The department's reason for closing a referral without an exam, in words: CLOSE_REASONS
 * (shared/api/assessment.ts) as the closing dialog names them (`asm.close.reason.*`); a code from
 * DICOM PS3.16 CID 9300 (content/codes/dicom-cid-9300.json) in that table's words; anything else —
 * or no code — as "other reason". Never the code itself.
 */
export function closeReasonText(code: string, locale: 'nb' | 'en'): string {
  if ((CLOSE_REASONS as readonly string[]).includes(code)) return translate(locale, `asm.close.reason.${code as CloseReason}`);
  if (code) {
    const dicom = discontinuationReasonText(code, null, locale);
    if (dicom) return dicom;
  }
  return translate(locale, 'analytics.ended.reasonUnknown');
}

/**
 * Why the departments closed referrals without an exam: each reason in words (closeReasonText) with
 * its count over the period and per UTC year of submission, most frequent first, and the closed and
 * withdrawn totals. Filters and scope as `endedWithoutExam`. Counts under 10 are withheld (null),
 * as in the adherence view: a rare reason in a small selection (a patient who died) must not point
 * at a patient.
 */
export async function endedReasons(db: Db, scope: AnalyticsScope, q: AnalyticsFilter, locale: 'nb' | 'en' = 'nb'): Promise<EndedReasonsResponse> {
  const { f } = await scopedFilter(db, scope, q);
  const rows = await store.endReasons(db, f);
  const years: number[] = [];
  for (let y = f.fromYear; y <= f.toYear; y++) years.push(y);
  const closed = rows.filter((r) => r.endedBy === 'department').reduce((s, r) => s + r.referrals, 0);
  const withdrawn = rows.filter((r) => r.endedBy === 'referrer').reduce((s, r) => s + r.referrals, 0);
  // Grouped by the words, so codes that read the same (an unknown code and none) make one row.
  const byReason = new Map<string, Map<number, number>>();
  for (const r of rows.filter((x) => x.endedBy === 'department')) {
    const words = closeReasonText(r.reasonCode, locale);
    const m = byReason.get(words) ?? new Map<number, number>();
    m.set(r.year, (m.get(r.year) ?? 0) + r.referrals);
    byReason.set(words, m);
  }
  const hide = (n: number) => n > 0 && isSuppressed(n);
  const reasons = [...byReason]
    .map(([reason, m]) => {
      const count = [...m.values()].reduce((s, n) => s + n, 0);
      const suppressed = isSuppressed(count);
      return {
        reason,
        count: suppressed ? null : count,
        share: suppressed || closed === 0 ? null : count / closed,
        byYear: years.map((year) => ({ year, count: hide(m.get(year) ?? 0) ? null : (m.get(year) ?? 0) })),
        suppressed,
        order: count,
      };
    })
    .sort((a, b) => b.order - a.order || a.reason.localeCompare(b.reason, locale))
    .map(({ order: _order, ...r }) => r);
  return { period: { from: f.fromYear, to: f.toYear }, years, closed, withdrawn, reasons };
}

/**
 * A decision's reason in words: an override's reason code (referrals/override-reasons.ts); for a
 * withdrawal the kind of alternative taken instead (submitReferral stores the alternative's kind). A
 * code with no words is left out, never shown.
 */
function reasonText(decision: string, code: string, locale: 'nb' | 'en'): string {
  if (!code) return '';
  if (decision === 'withdrawn') {
    const key = `analytics.withdrawnFor.${code}`;
    const text = translate(locale, key as MessageKey);
    return text === key ? '' : text;
  }
  return OVERRIDE_REASONS.find((x) => x.code === code)?.display[locale] ?? '';
}

/** The order of ratings in the adherence table: most appropriate first. */
const RATING_ORDER = ['appropriate', 'may_be_appropriate', 'usually_not_appropriate'];

/**
 * Advice adherence: decisions on the advice shown (followed, overridden …) and the reasons given,
 * one row per topic × rating × decision × reason, grouped by topic (its title from `topicTitle`, in
 * the reader's language; rows sorted by title, then rating from most to least appropriate, then count).
 */
export async function adherence(
  db: Db,
  scope: AnalyticsScope,
  q: AnalyticsFilter,
  locale: 'nb' | 'en',
  topicTitle: (topicId: string) => string,
): Promise<AdherenceResponse> {
  const { f } = await scopedFilter(db, scope, q);
  const rows = await store.decisionCounts(db, f);
  const sum = (d: string) => rows.filter((r) => r.decision === d).reduce((s, r) => s + r.decisions, 0);
  const rank = (rating: string) => (RATING_ORDER.includes(rating) ? RATING_ORDER.indexOf(rating) : RATING_ORDER.length);
  const out = rows.map((r) => ({
    ...r,
    topic: topicTitle(r.topicId),
    reason: reasonText(r.decision, r.reasonCode, locale),
    decisions: isSuppressed(r.decisions) ? null : r.decisions,
    suppressed: isSuppressed(r.decisions),
  }));
  out.sort((a, b) => a.topic.localeCompare(b.topic, locale) || rank(a.rating) - rank(b.rating) || (b.decisions ?? 0) - (a.decisions ?? 0));
  return {
    period: { from: f.fromYear, to: f.toYear },
    rows: out,
    totals: { followed: sum('followed'), overridden: sum('overridden'), alternativeAccepted: sum('alternative_accepted'), withdrawn: sum('withdrawn') },
  };
}

/** The full variation report: variation between areas for every exam group and every low-value indicator. */
export async function variationReport(db: Db, scope: AnalyticsScope, q: RatesQuery, locale: 'nb' | 'en' = 'nb'): Promise<VariationReportResponse> {
  const { f, ctx } = await scopedFilter(db, scope, q);
  // One pass over the aggregate for all groups; rates per group are then computed in memory.
  const [counts, population, fraction] = await Promise.all([
    store.examStrataByGroup(db, { ...f, areaIds: undefined }),
    store.populationStrata(db),
    store.demoSamplingFraction(db),
  ]);
  const standard = q.standard === 'esp2013' ? esp2013Standard() : norwayStandard(population);
  const out: VariationReportResponse['rows'] = [];
  const groups = [...new Set(counts.map((c) => c.group))].sort((a, b) => a.localeCompare(b, 'nb'));
  for (const g of groups) {
    const mine = counts.filter((c) => c.group === g);
    const withData = new Set(mine.filter((c) => c.exams > 0).map((c) => c.areaId));
    const areas = ctx.areas.filter((a) => (f.areaIds ? f.areaIds.includes(a.id) : withData.has(a.id)));
    const r = computeAreaRates(mine, population, {
      fromYear: f.fromYear,
      toYear: f.toYear,
      areas,
      standard,
      includeStratum: (sex, age) => (!f.sex || sex === f.sex) && (f.ageFrom === undefined || age >= f.ageFrom) && (f.ageTo === undefined || age <= f.ageTo),
      ci: q.ci ?? 'gamma',
      populationScale: fraction ?? 1,
    });
    const events = r.areas.reduce((s, a) => s + (a.events ?? 0), 0);
    if (events === 0) continue;
    out.push({ kind: 'exam-group', id: g, label: g, events, ...r.variation });
  }
  for (const def of loadIndicators()) {
    const rows = await store.indicatorCounts(db, def.id, f, 'area_id');
    const byArea = new Map<string, { d: number; n: number }>();
    for (const r of rows) {
      const u = byArea.get(r.unit) ?? { d: 0, n: 0 };
      byArea.set(r.unit, { d: u.d + r.denominator, n: u.n + r.numerator });
    }
    const shares = [...byArea.values()].filter((v) => !isSuppressed(v.d)).map((v) => (100 * v.n) / v.d);
    const q2 = extremalQuotients(shares);
    out.push({
      kind: 'indicator',
      id: def.id,
      label: locale === 'en' ? def.name_en : def.name_nb,
      events: [...byArea.values()].reduce((s, v) => s + v.n, 0),
      eq1: q2.eq1,
      eq2: q2.eq2,
      eq3: q2.eq3,
      cv: coefficientOfVariation(shares),
      scv: null,
      areas: shares.length,
    });
  }
  return { period: { from: f.fromYear, to: f.toYear }, rows: out };
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Feedback to a practice: its referrals, low-value shares with funnel position, and process, against
 * anonymized peers of the same kind; indicator names in `locale` (the PDF letter stays Norwegian).
 */
export async function feedback(
  db: Db,
  scope: AnalyticsScope,
  q: { from?: number; to?: number; practice?: string },
  locale: 'nb' | 'en' = 'nb',
): Promise<FeedbackResponse> {
  const practiceId = q.practice ?? (scope.level === 'practice' ? scope.practiceIds[0] : undefined);
  if (!practiceId) throw new Invalid('Velg praksis / Give practice', [{ field: 'practice', message: 'required' }]);
  assertPracticeAccess(scope, practiceId);
  const { f } = await scopedFilter(db, scope, { from: q.from, to: q.to });
  const [practice] = await store.organizationsOfKinds(db, [practiceId]);
  if (!practice) throw new Invalid(`Ukjent praksis / Unknown practice ${practiceId}`, [{ field: 'practice', message: 'unknown practice' }]);
  // One pass over the referral aggregate gives the peers (organizations of the practice's kind with
  // referrals in the period), their referral counts and their process sums; was three full scans
  // (practice list, referral counts, process of hundreds of listed peers) on every request.
  const proc = await store.processCounts(db, f, 'referrer_org_id', practice.kind);
  const peerIds = new Set(proc.map((p) => p.unit).filter((u) => u !== practiceId));
  const ownReferrals = proc.find((c) => c.unit === practiceId)?.referrals ?? 0;
  const indicators: FeedbackResponse['indicators'] = [];
  for (const def of loadIndicators()) {
    const rows = (await store.indicatorCounts(db, def.id, f, 'referrer_org_id')).filter((r) => peerIds.has(r.unit) || r.unit === practiceId);
    const byUnit = new Map<string, { d: number; n: number }>();
    for (const r of rows) {
      const u = byUnit.get(r.unit) ?? { d: 0, n: 0 };
      byUnit.set(r.unit, { d: u.d + r.denominator, n: u.n + r.numerator });
    }
    const units = [...byUnit].map(([unit, v]) => ({ unit, events: v.n, n: v.d })).filter((u) => u.n > 0);
    const funnel = buildFunnel(units, 'multiplicative');
    const mine = byUnit.get(practiceId) ?? { d: 0, n: 0 };
    const others = units.filter((u) => u.unit !== practiceId);
    const peerD = others.reduce((s, u) => s + u.n, 0);
    const suppressed = isSuppressed(mine.d);
    let position: FeedbackResponse['indicators'][number]['position'] = 'too-few';
    if (!suppressed) {
      const l = funnel.limitsAt(mine.d);
      const p = mine.n / mine.d;
      position = p > l.upper998 ? 'above998' : p > l.upper95 ? 'above95' : p < l.lower998 ? 'below998' : p < l.lower95 ? 'below95' : 'within';
    }
    indicators.push({
      id: def.id,
      name: locale === 'en' ? def.name_en : def.name_nb,
      denominator: mine.d,
      numerator: suppressed ? null : mine.n,
      share: suppressed ? null : mine.n / mine.d,
      peerShare: peerD > 0 ? others.reduce((s, u) => s + u.events, 0) / peerD : null,
      position,
      suppressed,
    });
  }
  const own = proc.find((p) => p.unit === practiceId);
  const peerSum = proc
    .filter((p) => p.unit !== practiceId)
    .reduce(
      (s, p) => ({
        referrals: s.referrals + p.referrals,
        assessed: s.assessed + p.assessed,
        assessedInTime: s.assessedInTime + p.assessedInTime,
        assessmentDaysSum: s.assessmentDaysSum + p.assessmentDaysSum,
        returned: s.returned + p.returned,
        performed: s.performed + p.performed,
        examDaysSum: s.examDaysSum + p.examDaysSum,
        reported: s.reported + p.reported,
        reportHoursSum: s.reportHoursSum + p.reportHoursSum,
        preliminary: s.preliminary + p.preliminary,
        preliminaryHoursSum: s.preliminaryHoursSum + p.preliminaryHoursSum,
        privateReferrals: s.privateReferrals + p.privateReferrals,
        closed: s.closed + p.closed,
        withdrawn: s.withdrawn + p.withdrawn,
      }),
      {
        referrals: 0,
        assessed: 0,
        assessedInTime: 0,
        assessmentDaysSum: 0,
        returned: 0,
        performed: 0,
        examDaysSum: 0,
        reported: 0,
        reportHoursSum: 0,
        preliminary: 0,
        preliminaryHoursSum: 0,
        privateReferrals: 0,
        closed: 0,
        withdrawn: 0,
      },
    );
  return {
    period: { from: f.fromYear, to: f.toYear },
    practice: { id: practice.id, name: practice.name },
    referrals: ownReferrals,
    peerMedianReferrals: median(proc.filter((c) => peerIds.has(c.unit)).map((c) => c.referrals)),
    indicators,
    process: processRow(practiceId, practice.name, own ? { ...own } : undefined),
    peerProcess: processRow('peers', 'Andre praksiser', { unit: 'peers', ...peerSum }),
  };
}

/**
 * A practice's feedback with the funnel plot of every indicator where the practice itself shows
 * (not suppressed): what the printable report draws. Same access as `feedback`.
 */
export async function feedbackWithFunnels(
  db: Db,
  scope: AnalyticsScope,
  q: { from?: number; to?: number; practice?: string },
): Promise<{ feedback: FeedbackResponse; funnels: IndicatorResponse[] }> {
  const fb = await feedback(db, scope, q);
  const funnels: IndicatorResponse[] = [];
  for (const def of loadIndicators()) {
    const f = await indicator(db, scope, {
      indicator: def.id,
      by: 'practice',
      practice: fb.practice.id,
      peers: 'same-kind',
      from: fb.period.from,
      to: fb.period.to,
    });
    if (f.units.some((u) => u.own && !u.suppressed)) funnels.push(f);
  }
  return { feedback: fb, funnels };
}

/**
 * The feedback batch of a referral area (issue 10 point 5): every GP practice located in the area
 * that sent referrals in the period, each with its feedback and funnels — one printable report per
 * practice. For analysts (any area) and department leaders (figures limited to their trust, as on
 * every page); a referrer gets 403 (they see their own practice only). Unknown area → 400.
 */
export async function feedbackBatch(
  db: Db,
  scope: AnalyticsScope,
  q: { area: string; from?: number; to?: number },
): Promise<{ practice: { id: string; name: string }; feedback: FeedbackResponse; funnels: IndicatorResponse[] }[]> {
  if (scope.level === 'practice')
    throw new Forbidden('Bare analytikere og ledere kan lage tilbakemeldinger for et helt område / Only analysts and leaders may produce an area batch');
  const areas = await store.listAreas(db);
  if (!areas.some((a) => a.id === q.area)) throw new Invalid(`Ukjent område / Unknown area ${q.area}`, [{ field: 'area', message: 'unknown area' }]);
  const { f } = await scopedFilter(db, scope, { from: q.from, to: q.to });
  const out = [];
  for (const practice of await store.practicesOfAreaWithReferrals(db, q.area, f)) {
    const r = await feedbackWithFunnels(db, scope, { practice: practice.id, from: q.from, to: q.to });
    out.push({ practice, ...r });
  }
  return out;
}
