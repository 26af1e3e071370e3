// Saved scenarios side by side (issue 12 item 3: levers as scenarios "compared side by side").
// Pure: given each scenario with its own result, what their base data differ in, and — when they
// share it — the one line "without measures" they have in common. Scenarios whose base data differ
// (other areas, another base year, another demand …) are never compared silently: the comparison
// names the differences and leaves each scenario its own line without measures.
import type { BaseAspect, ProfessionValues, Scenario, ScenarioComparison, ScenarioResult } from '../../shared/api/capacity.ts';
import { MAX_COMPARED_SCENARIOS } from '../../shared/api/capacity.ts';
import { Invalid } from '../http/errors.ts';
import { STAFF_PROFESSIONS } from './model.ts';

const ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * The ids of `?ids=a,b,c`: two to four distinct saved-scenario ids. Errors: Invalid (field `/ids`)
 * for a malformed id, a repeated one, fewer than two or more than four.
 */
export function parseCompareIds(text: string): string[] {
  const ids = text.split(',').map((s) => s.trim());
  const bad = ids.find((id) => !ID.test(id));
  if (bad !== undefined)
    throw new Invalid('Ugyldig scenario i listen / Invalid scenario id in the list', [{ field: '/ids', message: `not a scenario id: "${bad.slice(0, 100)}"` }]);
  if (new Set(ids).size !== ids.length)
    throw new Invalid('Samme scenario er valgt to ganger / The same scenario is listed twice', [{ field: '/ids', message: 'ids must be distinct' }]);
  if (ids.length < 2 || ids.length > MAX_COMPARED_SCENARIOS)
    throw new Invalid(`Velg 2–${MAX_COMPARED_SCENARIOS} scenarioer / Choose 2–${MAX_COMPARED_SCENARIOS} scenarios`, [
      { field: '/ids', message: `between 2 and ${MAX_COMPARED_SCENARIOS} ids, got ${ids.length}` },
    ]);
  return ids;
}

/** JSON with object keys sorted, so two parameter objects written in another order compare equal. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** The base data of one scenario per aspect, as comparable text. */
function baseOf(s: Scenario, r: ScenarioResult): Record<BaseAspect, string> {
  const demand = s.params.demand ?? { kind: 'population' };
  return {
    area: `${s.params.scope}:${s.params.scopeId ?? ''}`,
    baseYear: String(r.baseYear),
    demand: stable(demand),
    useRates: stable([r.basis.useRates, r.basis.useRatesLabel, r.basis.projection, r.basis.projectionLabel]),
    minutes: stable(s.params.minutes ?? {}),
    hoursPerFte: stable(r.basis.hoursPerFte),
    // Today's FTE set the need itself only under a stated growth (base hours = FTE × hours); otherwise they move the gap, not the line.
    staff: demand.kind === 'stated' ? stable(r.staff) : '',
  };
}

const ASPECTS: BaseAspect[] = ['area', 'baseYear', 'demand', 'useRates', 'minutes', 'hoursPerFte', 'staff'];
/** Two needs agree when every profession is within this many FTE (results are rounded to 0.01). */
const SAME_FTE = 0.011;

/**
 * Compares scenarios, each given with its own result (computed on today's data). Returns them in
 * the order given, the base aspects that differ, the shared line without measures over all their
 * years when the base data are the same (and the lines agree year by year), and the target years.
 */
export function compareResults(items: { scenario: Scenario; result: ScenarioResult }[]): ScenarioComparison {
  const bases = items.map((i) => baseOf(i.scenario, i.result));
  const differs = (a: BaseAspect) => new Set(bases.map((b) => b[a])).size > 1;
  // A stated growth against a population projection already says the use rates and projection differ.
  const baseDifferences = ASPECTS.filter((a) => differs(a) && !(a === 'useRates' && differs('demand')));
  const line = new Map<number, ProfessionValues>();
  let agree = true;
  for (const { result } of items)
    for (const y of result.years) {
      const seen = line.get(y.year);
      if (!seen) line.set(y.year, y.needWithoutMeasures);
      else if (STAFF_PROFESSIONS.some((p) => Math.abs(seen[p] - y.needWithoutMeasures[p]) > SAME_FTE)) agree = false;
    }
  const sameBase = baseDifferences.length === 0 && agree;
  return {
    scenarios: items,
    sameBase,
    baseDifferences,
    withoutMeasures: sameBase ? [...line.entries()].sort((a, b) => a[0] - b[0]).map(([year, need]) => ({ year, need })) : null,
    targetYears: [...new Set(items.map((i) => i.result.targetYear))].sort((a, b) => a - b),
  };
}

/** The comparison as CSV rows: per scenario, year and profession (in words, `professionName`), need with and without measures, today, gap and machines needed. */
export function comparisonRows(c: ScenarioComparison, professionName: (p: (typeof STAFF_PROFESSIONS)[number]) => string): Record<string, unknown>[] {
  return c.scenarios.flatMap(({ scenario, result }) =>
    result.years.flatMap((y) =>
      STAFF_PROFESSIONS.map((p) => ({
        scenario: scenario.name,
        scope: result.scopeName,
        year: y.year,
        profession: professionName(p),
        fte_need: y.need[p],
        fte_need_without_measures: y.needWithoutMeasures[p],
        fte_today: result.staff[p],
        gap: y.gap[p],
        machines_needed: Math.round(Object.values(y.machinesNeeded).reduce((s, v) => s + v, 0) * 100) / 100,
      })),
    ),
  );
}
export const COMPARISON_COLUMNS = ['scenario', 'scope', 'year', 'profession', 'fte_need', 'fte_need_without_measures', 'fte_today', 'gap', 'machines_needed'];
