// ECharts options for the capacity charts, shared by the web page (interactive) and the PDF
// (server-side SVG), so both draw the same thing. Pure functions of the API's result shapes;
// labels come from the caller (i18n).
import type { FleetResponse, ScenarioComparison, ScenarioResult } from './api/capacity.ts';

type Prof = 'radiologist' | 'lis' | 'radiographer' | 'reporting_radiographer';
export const PROFESSION_ORDER: Prof[] = ['radiologist', 'lis', 'radiographer', 'reporting_radiographer'];
const COLORS: Record<Prof, string> = { radiologist: '#0067c5', lis: '#66a3e0', radiographer: '#c77300', reporting_radiographer: '#8a5a00' };
const nf =
  (locale: string, digits = 0) =>
  (v: number) =>
    v.toLocaleString(locale, { maximumFractionDigits: digits });

/**
 * The plot area of the profession charts, whose legend sits below them: room for the year labels
 * and the legend on two rows, as it wraps on a phone and in the PDF (four professions; a wrapped
 * row was drawn over the year labels with `bottom: 48`).
 */
const LEGEND_BELOW_GRID = { left: 56, right: 16, top: 32, bottom: 72 };

/** Professions with any need in the result (a top-down plan has only radiologists and radiographers). */
export function professionsIn(r: ScenarioResult): Prof[] {
  return PROFESSION_ORDER.filter((p) => r.years.some((y) => y.need[p] > 0 || y.needWithoutMeasures[p] > 0) || r.staff[p] > 0);
}

/**
 * Projection lines: FTE need per profession with measures (solid), without measures (dashed), the
 * band between them (the scenario's saving), and today's staff (dotted).
 */
export function projectionOption(
  r: ScenarioResult,
  o: { names: Record<Prof, string>; withMeasures: string; withoutMeasures: string; today: string; locale: string; animation?: boolean },
) {
  const years = r.years.map((y) => String(y.year));
  const series: unknown[] = [];
  for (const p of professionsIn(r)) {
    const lo = r.years.map((y) => Math.min(y.need[p], y.needWithoutMeasures[p]));
    const diff = r.years.map((y) => Math.abs(y.needWithoutMeasures[p] - y.need[p]));
    series.push(
      { name: `${o.names[p]}`, type: 'line', data: r.years.map((y) => y.need[p]), color: COLORS[p], symbol: 'none', lineStyle: { width: 2.5 } },
      {
        name: `${o.names[p]} – ${o.withoutMeasures}`,
        type: 'line',
        data: r.years.map((y) => y.needWithoutMeasures[p]),
        color: COLORS[p],
        symbol: 'none',
        lineStyle: { type: 'dashed', width: 1.5 },
      },
      { name: `band-lo-${p}`, type: 'line', data: lo, stack: `band-${p}`, lineStyle: { opacity: 0 }, symbol: 'none', tooltip: { show: false }, silent: true },
      {
        name: `band-${p}`,
        type: 'line',
        data: diff,
        stack: `band-${p}`,
        lineStyle: { opacity: 0 },
        symbol: 'none',
        areaStyle: { color: COLORS[p], opacity: 0.15 },
        tooltip: { show: false },
        silent: true,
      },
      {
        name: `${o.names[p]} – ${o.today}`,
        type: 'line',
        data: r.years.map(() => r.staff[p]),
        color: COLORS[p],
        symbol: 'none',
        lineStyle: { type: 'dotted', width: 1 },
      },
    );
  }
  // The legend names the professions only; the caption explains solid / dashed / dotted and the band.
  const legend = professionsIn(r).map((p) => o.names[p]);
  return {
    animation: o.animation ?? false,
    tooltip: { trigger: 'axis', valueFormatter: nf(o.locale, 1) },
    legend: { data: legend, bottom: 0 },
    grid: LEGEND_BELOW_GRID,
    xAxis: { type: 'category', data: years, boundaryGap: false },
    yAxis: { type: 'value', name: 'FTE', axisLabel: { formatter: nf(o.locale) } },
    series,
  };
}

/** FTE need stacked by profession per year (with measures). */
export function fteStackOption(r: ScenarioResult, o: { names: Record<Prof, string>; locale: string; animation?: boolean }) {
  return {
    animation: o.animation ?? false,
    tooltip: { trigger: 'axis', valueFormatter: nf(o.locale, 1) },
    legend: { bottom: 0 },
    grid: LEGEND_BELOW_GRID,
    xAxis: { type: 'category', data: r.years.map((y) => String(y.year)) },
    yAxis: { type: 'value', name: 'FTE', axisLabel: { formatter: nf(o.locale) } },
    series: professionsIn(r).map((p) => ({
      name: o.names[p],
      type: 'bar',
      stack: 'fte',
      color: COLORS[p],
      data: r.years.map((y) => Math.round(y.need[p] * 10) / 10),
    })),
  };
}

/** Fleet timeline: machines due for replacement per year stacked by kind, investment (MNOK) as a line. */
export function fleetTimelineOption(f: FleetResponse, o: { machines: string; investment: string; locale: string; animation?: boolean }) {
  const kinds = [...new Set(f.plan.flatMap((p) => Object.keys(p.byKind)))].sort();
  return {
    animation: o.animation ?? false,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 64, top: 24, bottom: 72 },
    xAxis: { type: 'category', data: f.plan.map((p) => String(p.year)) },
    yAxis: [
      { type: 'value', name: o.machines, minInterval: 1 },
      { type: 'value', name: o.investment, axisLabel: { formatter: nf(o.locale) } },
    ],
    series: [
      ...kinds.map((k) => ({ name: k, type: 'bar', stack: 'kind', data: f.plan.map((p) => p.byKind[k] ?? 0) })),
      { name: o.investment, type: 'line', yAxisIndex: 1, symbol: 'circle', data: f.plan.map((p) => Math.round(p.investmentNok / 100_000) / 10) },
    ],
  };
}

/** Colours of up to four compared scenarios (Aksel's blue, orange, green, purple). */
const SCENARIO_COLORS = ['#0067c5', '#c77300', '#06893a', '#8269a2'];

/**
 * Saved scenarios compared: the FTE need of one profession per year, a solid line per scenario and
 * the need without measures dashed — one grey line when the scenarios share their base data
 * (`c.withoutMeasures`), else a dashed line per scenario in its colour. Years: all the scenarios'.
 */
export function compareOption(c: ScenarioComparison, profession: Prof, o: { withoutMeasures: string; locale: string; animation?: boolean }) {
  const years = [...new Set(c.scenarios.flatMap(({ result }) => result.years.map((y) => y.year)))].sort((a, b) => a - b);
  const at = (list: { year: number; value: number }[]) => years.map((y) => list.find((x) => x.year === y)?.value ?? null);
  const series: unknown[] = c.scenarios.map(({ scenario, result }, i) => ({
    name: scenario.name,
    type: 'line',
    color: SCENARIO_COLORS[i % SCENARIO_COLORS.length],
    symbol: 'none',
    lineStyle: { width: 2.5 },
    data: at(result.years.map((y) => ({ year: y.year, value: y.need[profession] }))),
  }));
  if (c.withoutMeasures)
    series.push({
      name: o.withoutMeasures,
      type: 'line',
      color: '#5a6470',
      symbol: 'none',
      lineStyle: { type: 'dashed', width: 2 },
      data: at(c.withoutMeasures.map((y) => ({ year: y.year, value: y.need[profession] }))),
    });
  else
    c.scenarios.forEach(({ scenario, result }, i) =>
      series.push({
        name: `${scenario.name} – ${o.withoutMeasures}`,
        type: 'line',
        color: SCENARIO_COLORS[i % SCENARIO_COLORS.length],
        symbol: 'none',
        lineStyle: { type: 'dashed', width: 1.5 },
        data: at(result.years.map((y) => ({ year: y.year, value: y.needWithoutMeasures[profession] }))),
      }),
    );
  return {
    animation: o.animation ?? false,
    tooltip: { trigger: 'axis', valueFormatter: nf(o.locale, 1) },
    legend: { bottom: 0, type: 'scroll' },
    grid: LEGEND_BELOW_GRID,
    xAxis: { type: 'category', data: years.map(String), boundaryGap: false },
    yAxis: { type: 'value', name: 'FTE', scale: true, axisLabel: { formatter: nf(o.locale) } },
    series,
  };
}
