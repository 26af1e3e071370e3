// Rates per area as the health atlas shows them: per 10,000 inhabitants by the patient's
// hospital referral area, crude and directly age- and sex-standardized, with a confidence
// interval, each year's rate, the total over the areas shown, and the variation between areas.
// Pure: the store gives counts and populations, this turns them into rates.
import { isSuppressed, rateInterval, type IntervalMethod } from './statistics/confidence-intervals.ts';
import { suppressTable } from './statistics/cell-suppression.ts';
import { directlyStandardizedRate, type Stratum } from './statistics/rates.ts';
import { coefficientOfVariation, extremalQuotients, systematicComponentOfVariation } from './statistics/variation.ts';
import { stratumKey, type StandardPopulation } from './standard-populations.ts';

export interface ExamStratumCount {
  year: number;
  areaId: string;
  sex: string;
  ageFrom: number;
  exams: number;
}
export interface PopulationStratum {
  areaId: string;
  year: number;
  sex: string;
  ageFrom: number;
  population: number;
}

export interface RateOptions {
  fromYear: number;
  toYear: number;
  /** Areas to show (ids with names), in any order. */
  areas: readonly { id: string; name: string }[];
  standard: StandardPopulation;
  /** Strata included (sex and age filters): a predicate on (sex, ageFrom). */
  includeStratum: (sex: string, ageFrom: number) => boolean;
  ci: IntervalMethod;
  multiplier?: number;
  /** Population scale (the demo's sampling fraction; 1 for real data). */
  populationScale?: number;
  /**
   * The share (0–1) of each year's person-time the data cover (statistics/person-time.ts
   * yearCoverage): a year's population is counted for its covered days only. Default: every year whole.
   */
  yearShare?: (year: number) => number;
}

export interface RateRow {
  areaId: string;
  areaName: string;
  events: number | null;
  /**
   * Person-years behind the rates: Σ over the strata and years of population × population scale ×
   * the covered share of the year, so that crude = multiplier × events / personYears.
   */
  personYears: number;
  suppressed: boolean;
  crude: number | null;
  standardized: number | null;
  lower: number | null;
  upper: number | null;
  byYear: { year: number; standardized: number | null; suppressed: boolean }[];
}

/** The population of an area and year; a year the table lacks takes the nearest year it has. */
export function populationLookup(population: readonly PopulationStratum[]) {
  const byArea = new Map<string, Map<number, Map<string, number>>>();
  for (const p of population) {
    let years = byArea.get(p.areaId);
    if (!years) byArea.set(p.areaId, (years = new Map()));
    let strata = years.get(p.year);
    if (!strata) years.set(p.year, (strata = new Map()));
    strata.set(stratumKey(p.sex, p.ageFrom), (strata.get(stratumKey(p.sex, p.ageFrom)) ?? 0) + p.population);
  }
  return (areaId: string, year: number): Map<string, number> => {
    const years = byArea.get(areaId);
    if (!years || years.size === 0) return new Map();
    const exact = years.get(year);
    if (exact) return exact;
    const nearest = [...years.keys()].sort((a, b) => Math.abs(a - year) - Math.abs(b - year) || a - b)[0];
    return years.get(nearest)!;
  };
}

/**
 * Rates per area over a period: events summed over the years, person-years = population summed
 * over the years (each year's population, or the nearest year's), each year's counted for the share
 * of the year the data cover (`yearShare`), times the population scale. A year the data do not cover
 * at all has no person-time and no rate (suppressed), not a rate of 0. Strata outside the standard
 * (unknown age or sex) count in neither rate. Rates from fewer than 10 events are suppressed, and
 * further ones so that no hidden count is a total minus the shown ones: the areas × years table of
 * events is protected with its margins (each area's period, the total row's years, the total;
 * statistics/cell-suppression.ts), as the period rate is about the mean of the yearly rates and the
 * total row pools the areas. A withheld area-year hides that year's rate; a withheld period hides
 * the area's count, rates and interval. Variation is computed over the areas shown.
 */
export function computeAreaRates(counts: readonly ExamStratumCount[], population: readonly PopulationStratum[], o: RateOptions) {
  const k = o.multiplier ?? 10_000;
  const scale = o.populationScale ?? 1;
  const share = o.yearShare ?? (() => 1);
  const pop = populationLookup(population);
  const keys = [...o.standard.keys()].filter((key) => {
    const [sex, age] = key.split(':');
    return o.includeStratum(sex, Number(age));
  });
  const years: number[] = [];
  for (let y = o.fromYear; y <= o.toYear; y++) years.push(y);
  const events = new Map<string, number>(); // area|year|stratum
  for (const c of counts) {
    const key = `${c.areaId}|${c.year}|${stratumKey(c.sex, c.ageFrom)}`;
    events.set(key, (events.get(key) ?? 0) + c.exams);
  }
  const strataFor = (areaIds: readonly string[], ys: readonly number[]): Stratum[] =>
    keys.map((s) => {
      let e = 0;
      let n = 0;
      for (const a of areaIds)
        for (const y of ys) {
          e += events.get(`${a}|${y}|${s}`) ?? 0;
          n += (pop(a, y).get(s) ?? 0) * scale * share(y);
        }
      return { events: e, population: n, standard: o.standard.get(s) ?? 0 };
    });
  type Full = RateRow & { observed: number; strata: Stratum[]; yearEvents: number[] };
  const row = (id: string, name: string, areaIds: readonly string[]): Full => {
    const strata = strataFor(areaIds, years);
    const usable = strata.filter((s) => s.population > 0);
    const r = usable.length > 0 ? directlyStandardizedRate(usable, k) : null;
    const ci = r && !isSuppressed(r.events) ? rateInterval(r, o.ci) : null;
    const perYear = years.map((y) => {
      const ys = strataFor(areaIds, [y]).filter((s) => s.population > 0);
      return ys.length > 0 ? directlyStandardizedRate(ys, k) : null;
    });
    return {
      areaId: id,
      areaName: name,
      events: r?.events ?? null,
      personYears: strata.reduce((sum, s) => sum + s.population, 0),
      suppressed: !r,
      crude: r?.crude ?? null,
      standardized: r?.rate ?? null,
      lower: ci?.lower ?? null,
      upper: ci?.upper ?? null,
      byYear: years.map((y, i) => ({ year: y, standardized: perYear[i]?.rate ?? null, suppressed: !perYear[i] })),
      observed: r?.events ?? 0,
      // All strata in the order of `keys` (also those without population), so areas line up for the SCV.
      strata,
      yearEvents: perYear.map((x) => x?.events ?? 0),
    };
  };
  const rows = o.areas.map((a) => row(a.id, a.name, [a.id]));
  const total = row(
    'total',
    '',
    o.areas.map((a) => a.id),
  );
  // Primary: fewer than 10 events (no rate, as PHE); secondary: complements against the margins.
  const h = suppressTable(
    { cells: rows.map((r) => r.yearEvents), rowTotals: rows.map((r) => r.observed), colTotals: total.yearEvents, total: total.observed },
    { isPrimary: (n) => isSuppressed(n) },
  ).hidden;
  const withhold = (r: Full, period: boolean, perYear: boolean[]) => {
    if (period || r.suppressed) Object.assign(r, { events: null, suppressed: true, crude: null, standardized: null, lower: null, upper: null });
    r.byYear = r.byYear.map((y, i) => (perYear[i] || y.suppressed ? { year: y.year, standardized: null, suppressed: true } : y));
  };
  rows.forEach((r, i) => withhold(r, h.rowTotals[i], h.cells[i]));
  withhold(total, h.total, h.colTotals);
  // Variation over the areas whose rate is shown (SKDE leaves the national row out).
  const shown = rows.filter((r) => !r.suppressed);
  const rates = shown.map((r) => r.standardized!);
  const q = extremalQuotients(rates);
  // SCV: expected counts from the pooled stratum rates of the areas shown (indirect standardization).
  const pooled = new Map<string, { e: number; n: number }>();
  for (const r of shown)
    r.strata.forEach((s, i) => {
      const key = String(i);
      const p = pooled.get(key) ?? { e: 0, n: 0 };
      pooled.set(key, { e: p.e + s.events, n: p.n + s.population });
    });
  const expected = shown.map((r) =>
    r.strata.reduce((sum, s, i) => sum + (pooled.get(String(i))!.n > 0 ? (s.population * pooled.get(String(i))!.e) / pooled.get(String(i))!.n : 0), 0),
  );
  const scv =
    shown.length >= 2
      ? systematicComponentOfVariation(
          shown.map((r) => r.observed),
          expected,
        )
      : null;
  const strip = ({ observed: _o, strata: _s, yearEvents: _y, ...rest }: Full): RateRow => rest;
  const sorted = rows
    .map(strip)
    .sort((a, b) => (a.standardized === null ? 1 : 0) - (b.standardized === null ? 1 : 0) || (b.standardized ?? 0) - (a.standardized ?? 0));
  return {
    areas: sorted,
    total: strip(total),
    variation: { eq1: q.eq1, eq2: q.eq2, eq3: q.eq3, cv: coefficientOfVariation(rates), scv: scv === null ? null : scv * 100, areas: shown.length },
  };
}
