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
import { areasHaveStandardStructure, esp2013Standard, norwayStandard, norwayStandardYear } from './standard-populations.ts';
import { coverageOf, daysInYear, yearCoverage } from './statistics/person-time.ts';
import { isSuppressed } from './statistics/confidence-intervals.ts';
import { buildFunnel, type Overdispersion } from './statistics/funnel.ts';
import { coefficientOfVariation, extremalQuotients } from './statistics/variation.ts';
import * as store from './store.ts';
import { isSmallCount, protectGrid, protectList } from './small-counts.ts';
import { poolSmallUnits, suppressList, suppressTable } from './statistics/cell-suppression.ts';

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
    filtersApplied: {
      exam: [...store.filtersApplied('exam')],
      referral: [...store.filtersApplied('referral')],
      indicator: [...store.filtersApplied('indicator')],
      decision: [...store.filtersApplied('decision')],
    },
  };
}

/**
 * Rates per area: crude and standardized per 10,000 with CI, each year's rate, the total and the
 * variation. The total row has `areaId` TOTAL_AREA_ID and its name in `locale` (as the indicator
 * and provider labels of the other views).
 */
export async function rates(db: Db, scope: AnalyticsScope, q: RatesQuery, locale: 'nb' | 'en' = 'nb'): Promise<RatesResponse> {
  const { f, ctx } = await scopedFilter(db, scope, q);
  const [counts, population, fraction, dirty, range] = await Promise.all([
    store.examStrata(db, { ...f, areaIds: undefined }),
    store.populationStrata(db),
    store.demoSamplingFraction(db),
    store.dirtyState(db),
    store.examDateRange(db),
  ]);
  const coverage = coverageOf(range.first, range.last, new Date());
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
    yearShare: (year) => yearCoverage(year, coverage).share,
  });
  const years: number[] = [];
  for (let y = f.fromYear; y <= f.toYear; y++) years.push(y);
  return {
    period: { from: f.fromYear, to: f.toYear },
    coverage,
    years: years.map((year) => ({ year, ...yearCoverage(year, coverage), daysInYear: daysInYear(year) })),
    standard: standardName,
    standardYear: standardName === 'norway' ? norwayStandardYear(population) : null,
    // Adjusted = crude by construction when every area shown has the standard's structure (the demo).
    sameStructureAsStandard: areasHaveStandardStructure(
      population.filter((p) => areas.some((a) => a.id === p.areaId)),
      standard,
      f.toYear,
    ),
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
    coverage: r.coverage,
    yearCoverage: r.years,
    standard: r.standard,
    standardYear: r.standardYear,
    sameStructureAsStandard: r.sameStructureAsStandard,
    samplingFraction: r.samplingFraction,
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
  // Small units (issue 10 §7): a unit with fewer than 10 referrals is withheld whole — its point,
  // denominator, numerator and share — since "1 of 3" is a patient. The reader's own unit (their
  // practice, or themself among their practice's referrers) is shown to them whatever its size and is
  // not counted on to protect the others (they know it). The target (Σ numerators / Σ denominators)
  // implies the withheld units' sum, so they are pooled into one "other small units" point of at least
  // 10 referrals from at least two units, with the smallest shown units added where needed
  // (poolSmallUnits); where no such pool can be formed, nothing drawn rests on the withheld units.
  const reader = (unit: string) =>
    scope.level === 'practice' && (by === 'practice' ? scope.practiceIds.includes(unit) : by === 'referrer' && unit === scope.personId);
  const pool = poolSmallUnits(
    sorted.map((u) => u.n),
    sorted.map((u) => reader(u.unit)),
  );
  const shown = sorted.filter((_, i) => !pool.hidden[i]);
  const withheld = sorted.filter((_, i) => pool.hidden[i]);
  const pooled = pool.pooled ? { unit: null, events: withheld.reduce((s, u) => s + u.events, 0), n: withheld.reduce((s, u) => s + u.n, 0) } : null;
  // The funnel (target, overdispersion, limits) is drawn from the figures shown — the shown units and
  // the pool as one unit: the same target as over every unit when pooled, and no φ or τ² that a
  // withheld unit's own figures could be solved from.
  const drawn = pooled ? [...shown, pooled] : shown;
  const funnel = buildFunnel(drawn, method);
  const point = (u: { unit: string; events: number; n: number }): FunnelPoint => {
    const mine = own(u.unit);
    const identifiable = mine || (by !== 'referrer' && scope.level !== 'practice');
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
      pooled: false,
      denominator: u.n,
      numerator: u.events,
      share: c.proportion,
      suppressed: false,
      outside95: c.outside95,
      outside998: c.outside998,
    };
  };
  const points: FunnelPoint[] = shown.map(point);
  if (pooled) {
    const c = funnel.classify(pooled);
    points.push({
      unitId: null,
      label: translate(locale, 'analytics.funnel.pooled'),
      own: false,
      pooled: true,
      denominator: pooled.n,
      numerator: pooled.events,
      share: c.proportion,
      suppressed: false,
      outside95: c.outside95,
      outside998: c.outside998,
    });
  }
  // Withheld units last: placed by size they would show their size's bounds.
  for (const u of withheld)
    points.push({ ...point(u), denominator: null, numerator: null, share: null, suppressed: true, outside95: false, outside998: false });
  // The limits' extent from the shown figures only (a withheld unit's size must not set the axis).
  const maxN = Math.max(10, ...drawn.map((u) => u.n));
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

type ProcessCounts = Omit<Awaited<ReturnType<typeof store.processCounts>>[number], 'unit'>;

/** The process view's count columns, each protected against its published total (small-counts.ts). */
const PROCESS_COUNTS = ['referrals', 'performed', 'preliminary', 'reported', 'closed', 'withdrawn', 'returned', 'privateReferrals'] as const;
type ProcessHidden = Record<(typeof PROCESS_COUNTS)[number], boolean>;

const NO_PROCESS: ProcessCounts = {
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

/**
 * One process row with its withheld values (issue 10 §7): a hidden count is null, and so is every
 * share or mean computed from it (a share times its shown denominator would give the count back);
 * a share or mean over fewer than 10 referrals is not shown either (MIN_EVENTS). `hidden` omitted:
 * only the primary rule on this row alone (a pooled row). `known`: the reader's own row (a
 * practice's own feedback), shown whole.
 */
function processRow(unitId: string, label: string, c: ProcessCounts | undefined, hidden?: ProcessHidden, known = false): ProcessRow {
  const x = c ?? NO_PROCESS;
  const h: ProcessHidden = known
    ? (Object.fromEntries(PROCESS_COUNTS.map((k) => [k, false])) as ProcessHidden)
    : (hidden ??
      (Object.fromEntries(
        PROCESS_COUNTS.map((k) => [k, k === 'referrals' ? isSuppressed(x.referrals) && x.referrals > 0 : isSmallCount(x[k])]),
      ) as ProcessHidden));
  const suppressed = h.referrals;
  const count = (k: keyof ProcessHidden) => (suppressed || h[k] ? null : x[k]);
  // A share of a count: hidden with the count or its denominator, or when the denominator is under 10.
  const ratio = (a: number, b: number, ...of: (keyof ProcessHidden)[]) =>
    suppressed || b === 0 || (!known && isSuppressed(b)) || of.some((k) => h[k]) ? null : a / b;
  return {
    unitId,
    label,
    referrals: suppressed ? null : x.referrals,
    assessedInTimeShare: ratio(x.assessedInTime, x.assessed),
    meanAssessmentWorkingDays: ratio(x.assessmentDaysSum, x.assessed),
    returnedShare: ratio(x.returned, x.referrals, 'returned'),
    performed: count('performed'),
    meanDaysToExam: ratio(x.examDaysSum, x.performed, 'performed'),
    // Issue 10 §4: to the preliminary report where one exists (migration 0241), and to the final one.
    preliminaryReported: count('preliminary'),
    meanHoursToPreliminary: ratio(x.preliminaryHoursSum, x.preliminary, 'preliminary'),
    reported: count('reported'),
    meanHoursToReport: ratio(x.reportHoursSum, x.reported, 'reported'),
    privateShare: ratio(x.privateReferrals, x.referrals, 'privateReferrals'),
    // Ended without an exam (issue 8; migration 0310): counted among the referrals, not as returned or performed.
    closed: count('closed'),
    withdrawn: count('withdrawn'),
    closedShare: ratio(x.closed, x.referrals, 'closed'),
    withdrawnShare: ratio(x.withdrawn, x.referrals, 'withdrawn'),
    endedShare: ratio(x.closed + x.withdrawn, x.referrals, 'closed', 'withdrawn'),
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
  // Every list's total is published (by=total), so each count column is protected against it.
  const hidden = protectList(rows, 'referrals', PROCESS_COUNTS);
  return {
    period: { from: f.fromYear, to: f.toYear },
    by,
    rows: rows
      .map((r, i) => processRow(r.unit, names.get(r.unit) ?? (r.unit === '' ? translate(locale, 'csv.value.unknown') : r.unit), r, hidden[i]))
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

type EndedCounts = { referrals: number; closed: number; withdrawn: number };
const ENDED_COUNTS = ['referrals', 'closed', 'withdrawn'] as const;

/** One unit-year (or total) of the ended view with its withheld counts null, and the shares computed from them. */
function endedRow(unitId: string, label: string, year: number, c: EndedCounts, h: Record<keyof EndedCounts, boolean>): EndedRow {
  const suppressed = h.referrals;
  const share = (n: number, ...of: (keyof EndedCounts)[]) => (suppressed || c.referrals === 0 || of.some((k) => h[k]) ? null : n / c.referrals);
  return {
    unitId,
    label,
    year,
    referrals: suppressed ? null : c.referrals,
    closed: suppressed || h.closed ? null : c.closed,
    withdrawn: suppressed || h.withdrawn ? null : c.withdrawn,
    endedShare: share(c.closed + c.withdrawn, 'closed', 'withdrawn'),
    closedShare: share(c.closed, 'closed'),
    withdrawnShare: share(c.withdrawn, 'withdrawn'),
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
  // A unit × year table with the year totals beside it and the unit and grand totals in the
  // process view: protected as a whole, so no hidden count is a total minus the visible ones.
  const units = [...new Set(counts.map((c) => c.unit))];
  const grid = units.map((u) => years.map((y) => counts.find((c) => c.unit === u && c.year === y)));
  const hidden = protectGrid(grid, years.length, 'referrals', ENDED_COUNTS);
  const rows = counts
    .map((c) => endedRow(c.unit, label(c.unit), c.year, c, hidden.cells[units.indexOf(c.unit)][years.indexOf(c.year)]))
    .sort((a, b) => a.label.localeCompare(b.label, locale) || a.year - b.year);
  const total = years.map((y, k) => {
    const of = counts.filter((c) => c.year === y);
    const sum = (key: keyof EndedCounts) => of.reduce((s, c) => s + c[key], 0);
    return endedRow(
      TOTAL_AREA_ID,
      translate(locale, 'analytics.ended.total'),
      y,
      { referrals: sum('referrals'), closed: sum('closed'), withdrawn: sum('withdrawn') },
      hidden.yearTotals[k],
    );
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
 * at a patient; and further counts where a hidden one would otherwise be a total minus the visible
 * ones (the reason over the period, the closed per year, all closed; small-counts.ts). Hidden
 * reasons come last, by name.
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
  // Reasons × years with each reason's period count, the closed referrals per year (the ended view's
  // total row) and all closed: protected as one table (small-counts.ts).
  const entries = [...byReason].map(([reason, m]) => ({ reason, perYear: years.map((y) => m.get(y) ?? 0) }));
  const cells = entries.map((e) => e.perYear);
  const rowTotals = cells.map((r) => r.reduce((s, n) => s + n, 0));
  const colTotals = years.map((_, k) => cells.reduce((s, r) => s + r[k], 0));
  // The closed and withdrawn per year are shown in the ended view's total row (by area, trust,
  // provider or in total), which withholds a year's total to protect a hidden unit (protectGrid). A year total
  // some ended view shows is public: known here, never hidden. One no ended view shows must stay
  // hidden here too — by its share (count / year total = share gives the total back), by the reasons'
  // counts of that year (their sum is it) and by the period's count (minus the other years): forced
  // hidden, and the table protects it by complementary suppression (time31, issue 10 §7).
  const endedTotals = await Promise.all((['area', 'trust', 'provider', 'total'] as const).map((by) => endedWithoutExam(db, scope, { ...q, by }, locale)));
  const yearPublic = (k: number, key: 'closed' | 'withdrawn') => endedTotals.some((e) => e.total[k]?.[key] !== null && e.total[k]?.[key] !== undefined);
  const closedPublic = years.map((_, k) => yearPublic(k, 'closed'));
  const h = suppressTable(
    { cells, rowTotals, colTotals, total: closed },
    { known: { colTotals: closedPublic }, forced: { colTotals: closedPublic.map((p) => !p) } },
  ).hidden;
  const closedHidden = h.total;
  const reasons = entries
    .map((e, i) => {
      const count = rowTotals[i];
      const suppressed = h.rowTotals[i];
      return {
        reason: e.reason,
        count: suppressed ? null : count,
        share: suppressed || closedHidden || closed === 0 ? null : count / closed,
        // The share of the year's closed referrals (the ended view's total row, public there): hidden
        // with the count, and when that year closed fewer than 10 (MIN_EVENTS, as every share).
        byYear: years.map((year, k) => ({
          year,
          count: h.cells[i][k] ? null : e.perYear[k],
          share: h.cells[i][k] || h.colTotals[k] || colTotals[k] === 0 || isSuppressed(colTotals[k]) ? null : e.perYear[k] / colTotals[k],
        })),
        suppressed,
      };
    })
    // Hidden reasons last, by name: placed by their count they would show its bounds.
    .sort((a, b) => Number(a.suppressed) - Number(b.suppressed) || (b.count ?? 0) - (a.count ?? 0) || a.reason.localeCompare(b.reason, locale));
  return {
    period: { from: f.fromYear, to: f.toYear },
    years,
    closed: closedHidden ? null : closed,
    // The period's withdrawn less the other years' public ones would give the one withheld year's back: hidden then too.
    withdrawn: isSmallCount(withdrawn) || years.filter((_, k) => !yearPublic(k, 'withdrawn')).length === 1 ? null : withdrawn,
    reasons,
  };
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
  const rank = (rating: string) => (RATING_ORDER.includes(rating) ? RATING_ORDER.indexOf(rating) : RATING_ORDER.length);
  // Each decision's rows add up to its total shown above the table: protected per decision, so no
  // hidden row is the total minus the visible ones; a total of 1–9 is hidden itself.
  const hidden = rows.map((r) => isSmallCount(r.decisions));
  const totals = new Map<string, number | null>();
  for (const d of ['followed', 'overridden', 'alternative_accepted', 'withdrawn']) {
    const idx = rows.flatMap((r, i) => (r.decision === d ? [i] : []));
    const s = suppressList(idx.map((i) => rows[i].decisions));
    idx.forEach((i, k) => (hidden[i] = s.hidden[k]));
    totals.set(d, s.total ? null : idx.reduce((sum, i) => sum + rows[i].decisions, 0));
  }
  const out = rows.map((r, i) => ({
    ...r,
    topic: topicTitle(r.topicId),
    reason: reasonText(r.decision, r.reasonCode, locale),
    decisions: hidden[i] ? null : r.decisions,
    suppressed: hidden[i],
  }));
  // Hidden rows after the shown ones of their rating: placed by count they would show its bounds.
  out.sort(
    (a, b) =>
      a.topic.localeCompare(b.topic, locale) ||
      rank(a.rating) - rank(b.rating) ||
      Number(a.suppressed) - Number(b.suppressed) ||
      (b.decisions ?? 0) - (a.decisions ?? 0) ||
      a.decision.localeCompare(b.decision) ||
      a.reason.localeCompare(b.reason, locale),
  );
  return {
    period: { from: f.fromYear, to: f.toYear },
    rows: out,
    totals: {
      followed: totals.get('followed') as number | null,
      overridden: totals.get('overridden') as number | null,
      alternativeAccepted: totals.get('alternative_accepted') as number | null,
      withdrawn: totals.get('withdrawn') as number | null,
    },
  };
}

/** The full variation report: variation between areas for every exam group and every low-value indicator. */
export async function variationReport(db: Db, scope: AnalyticsScope, q: RatesQuery, locale: 'nb' | 'en' = 'nb'): Promise<VariationReportResponse> {
  const { f, ctx } = await scopedFilter(db, scope, q);
  // One pass over the aggregate for all groups; rates per group are then computed in memory.
  const [counts, population, fraction, range] = await Promise.all([
    store.examStrataByGroup(db, { ...f, areaIds: undefined }),
    store.populationStrata(db),
    store.demoSamplingFraction(db),
    store.examDateRange(db),
  ]);
  const coverage = coverageOf(range.first, range.last, new Date());
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
      yearShare: (year) => yearCoverage(year, coverage).share,
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
      // The indicator's referrals counted over all areas: a count of 1–9 is withheld (issue 10 §7), as
      // everywhere (found through the CSV: "CT head for headache", one referral, in a narrow selection).
      events: withheldIfSmall([...byArea.values()].reduce((s, v) => s + v.n, 0)),
      eq1: q2.eq1,
      eq2: q2.eq2,
      eq3: q2.eq3,
      cv: coefficientOfVariation(shares),
      scv: null,
      areas: shares.length,
    });
  }
  const standardName = q.standard ?? 'norway';
  const years: number[] = [];
  for (let y = f.fromYear; y <= f.toYear; y++) years.push(y);
  const shownAreas = new Set(ctx.areas.filter((a) => !f.areaIds || f.areaIds.includes(a.id)).map((a) => a.id));
  return {
    period: { from: f.fromYear, to: f.toYear },
    rows: out,
    // What the page says beside the rates (and the CSV's title line): coverage, standard, sample.
    coverage,
    years: years.map((year) => ({ year, ...yearCoverage(year, coverage), daysInYear: daysInYear(year) })),
    standard: standardName,
    standardYear: standardName === 'norway' ? norwayStandardYear(population) : null,
    sameStructureAsStandard: areasHaveStandardStructure(
      population.filter((p) => shownAreas.has(p.areaId)),
      standard,
      f.toYear,
    ),
    samplingFraction: fraction ?? 1,
  };
}

/** A count, or null when it is 1–9 (withheld: issue 10 §7). */
function withheldIfSmall(n: number): number | null {
  return isSmallCount(n) ? null : n;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The peers' median referrals per practice (issue 10 §7): withheld when there are fewer than 10 peers
 * or the median is under 10. With few peers the median is one peer's own count (1 or 3 peers) or the
 * mean of two, and beside the pooled peers' total it pins the rest; a median under 10 is one practice's
 * count of 1–9, or two such counts' mean. Same rule as every other count (1–9 withheld, SSB / Helseatlas).
 * `referrals`: one count per peer practice. Null median with `peerMedianSuppressed` false: no peers.
 */
export function peerMedian(referrals: readonly number[]): { peerMedianReferrals: number | null; peerMedianSuppressed: boolean } {
  const m = median([...referrals]);
  if (m === null) return { peerMedianReferrals: null, peerMedianSuppressed: false };
  return referrals.length < 10 || m < 10 ? { peerMedianReferrals: null, peerMedianSuppressed: true } : { peerMedianReferrals: m, peerMedianSuppressed: false };
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
  // Issue 10 §7, decided: a practice sees its own counts, however small (they are its own
  // referrals); anyone else reading its report (an analyst's or leader's batch) gets them withheld
  // under 10 as everywhere. The peers are one pooled figure: withheld when it rests on fewer than 10
  // referrals or counts 1–9 of them. Pooled peers = all − own, so with the own figures known this
  // gives only the peers' sum, never one peer; the funnels beside it protect the single peers
  // against that sum (indicator()).
  const reader = scope.level === 'practice' && scope.practiceIds.includes(practiceId);
  const indicators: FeedbackResponse['indicators'] = [];
  for (const def of loadIndicators()) {
    const rows = (await store.indicatorCounts(db, def.id, f, 'referrer_org_id')).filter((r) => peerIds.has(r.unit) || r.unit === practiceId);
    const byUnit = new Map<string, { d: number; n: number }>();
    for (const r of rows) {
      const u = byUnit.get(r.unit) ?? { d: 0, n: 0 };
      byUnit.set(r.unit, { d: u.d + r.denominator, n: u.n + r.numerator });
    }
    const units = [...byUnit].map(([unit, v]) => ({ unit, events: v.n, n: v.d })).filter((u) => u.n > 0);
    // The position against the same funnel the report draws (indicator() with peers=same-kind):
    // drawn from the shown units and the pooled small ones.
    const pool = poolSmallUnits(
      units.map((u) => u.n),
      units.map((u) => reader && u.unit === practiceId),
    );
    const withheld = units.filter((_, i) => pool.hidden[i]);
    const funnel = buildFunnel(
      [
        ...units.filter((_, i) => !pool.hidden[i]),
        ...(pool.pooled ? [{ events: withheld.reduce((s, u) => s + u.events, 0), n: withheld.reduce((s, u) => s + u.n, 0) }] : []),
      ],
      'multiplicative',
    );
    const mine = byUnit.get(practiceId) ?? { d: 0, n: 0 };
    const others = units.filter((u) => u.unit !== practiceId);
    const peerD = others.reduce((s, u) => s + u.n, 0);
    const peerN = others.reduce((s, u) => s + u.events, 0);
    const suppressed = !reader && isSuppressed(mine.d);
    let position: FeedbackResponse['indicators'][number]['position'] = 'too-few';
    if (!isSuppressed(mine.d)) {
      const l = funnel.limitsAt(mine.d);
      const p = mine.n / mine.d;
      position = p > l.upper998 ? 'above998' : p > l.upper95 ? 'above95' : p < l.lower998 ? 'below998' : p < l.lower95 ? 'below95' : 'within';
    }
    indicators.push({
      id: def.id,
      name: locale === 'en' ? def.name_en : def.name_nb,
      denominator: suppressed ? null : mine.d,
      numerator: suppressed ? null : mine.n,
      share: suppressed || mine.d === 0 ? null : mine.n / mine.d,
      peerShare: peerD > 0 && !isSuppressed(peerD) && !isSmallCount(peerN) ? peerN / peerD : null,
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
      { ...NO_PROCESS },
    );
  return {
    period: { from: f.fromYear, to: f.toYear },
    practice: { id: practice.id, name: practice.name },
    referrals: reader || !isSmallCount(ownReferrals) ? ownReferrals : null,
    ...peerMedian(proc.filter((c) => peerIds.has(c.unit)).map((c) => c.referrals)),
    indicators,
    process: processRow(practiceId, practice.name, own ? { ...own } : undefined, undefined, reader),
    peerProcess: processRow('peers', 'Andre praksiser', peerSum),
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
