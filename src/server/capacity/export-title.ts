// The title lines of the capacity CSV downloads (issue 12 §6): the same StatBank-style line as the
// analytics tables (analytics/export-title.ts titleLine) — what the table is, the years it covers,
// the selection (where, which scenarios) and the method (demand basis, projection) in words, and when
// the file was made — so a planner who opens the file later knows what it holds.
import { titleLine } from '../analytics/export-title.ts';
import type { FleetResponse, ScenarioComparison, ScenarioResult } from '../../shared/api/capacity.ts';
import { translate, type Locale } from '../../shared/i18n/index.ts';

/** "2026–2040", or the year alone. */
function years(from: number, to: number): string {
  return from === to ? String(from) : `${from}–${to}`;
}

/** How a result's demand is computed, in words: "Metode" parts of its title line. */
function demandMethod(locale: Locale, r: ScenarioResult): string[] {
  const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string>) => translate(locale, key, vars);
  const out = [
    `${t('csv.filter.demand')}: ${
      r.basis.demand === 'stated'
        ? t('csv.value.demand.stated')
        : t('csv.value.demand.population', { year: r.basis.rateYear === null ? '–' : String(r.basis.rateYear) })
    }`,
  ];
  if (r.basis.demand === 'population' && r.basis.projectionLabel) out.push(`${t('csv.filter.projection')}: ${r.basis.projectionLabel}`);
  return out;
}

/**
 * The title line of a scenario's result CSV (computed live or saved) in `locale`: the scope's name,
 * the scenario's name when saved, base year to target year, and the demand basis. `now`: when made.
 */
export function scenarioCsvTitle(locale: Locale, r: ScenarioResult, scenarioName?: string, now?: Date): string {
  const selection = [`${translate(locale, 'csv.filter.scope')}: ${r.scopeName}`];
  if (scenarioName) selection.unshift(`${translate(locale, 'csv.filter.scenario')}: ${scenarioName}`);
  return titleLine(locale, {
    table: translate(locale, 'csv.title.table.capacity'),
    period: years(r.baseYear, r.targetYear),
    selection,
    method: demandMethod(locale, r),
    now,
  });
}

/** The title line of a comparison of saved scenarios: their names, and the years from the earliest base to the latest target. */
export function comparisonCsvTitle(locale: Locale, c: ScenarioComparison, now?: Date): string {
  const from = Math.min(...c.scenarios.map((s) => s.result.baseYear));
  const to = Math.max(...c.scenarios.map((s) => s.result.targetYear));
  return titleLine(locale, {
    table: translate(locale, 'csv.title.table.capacityComparison'),
    period: c.scenarios.length > 0 ? years(from, to) : undefined,
    selection: [`${translate(locale, 'csv.filter.scenarios')}: ${c.scenarios.map((s) => `${s.scenario.name} (${s.result.scopeName})`).join('; ')}`],
    notes: c.sameBase ? [] : [`${translate(locale, 'csv.title.capacityDifferentBase')}.`],
    now,
  });
}

/** The title line of the equipment fleet CSV: the region (or every region), this year to the horizon. */
export function fleetCsvTitle(locale: Locale, f: FleetResponse, now?: Date): string {
  return titleLine(locale, {
    table: translate(locale, 'csv.title.table.fleet'),
    period: years(f.period.from, f.period.to),
    selection: [`${translate(locale, 'csv.filter.region')}: ${f.regionName ?? translate(locale, 'csv.value.allRegions')}`],
    now,
  });
}
