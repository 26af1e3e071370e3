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
/** A marker shape per compared scenario, so a line is known by its shape too (and in black and white print). */
const SCENARIO_SYMBOLS = ['circle', 'rect', 'triangle', 'diamond'];
/** The legend key of a dashed line: three short bars. */
const DASHED_ICON = 'path://M0,0h6v2h-6zM10,0h6v2h-6zM20,0h6v2h-6z';
/** Two lines whose values differ by at most this many FTE in every year both have are drawn as one. */
const COINCIDE_FTE = 0.05;

/** One line of the comparison chart: values per year of the chart (null where the line has no value). */
export interface CompareLine {
  name: string;
  kind: 'scenario' | 'without';
  /** Index of the scenario in the comparison (without measures: the scenario it belongs to, or −1 when shared). */
  scenario: number;
  values: (number | null)[];
}

/**
 * The lines of the comparison chart for one profession, in drawing order: the scenarios' needs with
 * measures, then the need without measures (one shared line when the scenarios share base data,
 * else one per scenario); `years` is every year any scenario has.
 */
export function compareLines(c: ScenarioComparison, profession: Prof, withoutMeasures: string): { years: number[]; lines: CompareLine[] } {
  const years = [...new Set(c.scenarios.flatMap(({ result }) => result.years.map((y) => y.year)))].sort((a, b) => a - b);
  const at = (list: { year: number; value: number }[]) => years.map((y) => list.find((x) => x.year === y)?.value ?? null);
  // Two scenarios of one name (an analyst's national "Uten tiltak" beside a region's) are told apart
  // by their area: "Uten tiltak · Hele landet", "Uten tiltak · Helse Vest".
  const named = (name: string, area: string) => (c.scenarios.filter((s) => s.scenario.name === name).length > 1 ? `${name} · ${area}` : name);
  const lines: CompareLine[] = c.scenarios.map(({ scenario, result }, i) => ({
    name: named(scenario.name, result.scopeName),
    kind: 'scenario',
    scenario: i,
    values: at(result.years.map((y) => ({ year: y.year, value: y.need[profession] }))),
  }));
  if (c.withoutMeasures)
    lines.push({
      name: withoutMeasures,
      kind: 'without',
      scenario: -1,
      values: at(c.withoutMeasures.map((y) => ({ year: y.year, value: y.need[profession] }))),
    });
  else
    c.scenarios.forEach(({ scenario, result }, i) =>
      lines.push({
        name: `${named(scenario.name, result.scopeName)} – ${withoutMeasures}`,
        kind: 'without',
        scenario: i,
        values: at(result.years.map((y) => ({ year: y.year, value: y.needWithoutMeasures[profession] }))),
      }),
    );
  return { years, lines };
}

/**
 * Lines that lie on top of each other: groups (two or more, indexes into `lines` in drawing order)
 * whose values agree within 0.05 FTE in every year both lines have, over at least two such years.
 * A scenario without levers coincides with the line without measures; two scenarios whose levers
 * do not touch this profession coincide with each other.
 */
export function coincidingLines(lines: readonly CompareLine[]): number[][] {
  const same = (a: CompareLine, b: CompareLine) => {
    let common = 0;
    for (let i = 0; i < a.values.length; i++) {
      const x = a.values[i];
      const y = b.values[i];
      if (x === null || y === null) continue;
      if (Math.abs(x - y) > COINCIDE_FTE) return false;
      common++;
    }
    return common >= 2;
  };
  const group = lines.map((_, i) => i);
  const root = (i: number): number => (group[i] === i ? i : root(group[i]));
  for (let i = 0; i < lines.length; i++) for (let j = i + 1; j < lines.length; j++) if (same(lines[i], lines[j])) group[root(j)] = root(i);
  const groups = new Map<number, number[]>();
  lines.forEach((_, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), i]));
  return [...groups.values()].filter((g) => g.length > 1);
}

/** Height of one legend row of the printed comparison chart (px of the SVG). */
const PRINT_LEGEND_ROW = 18;

/** The height to draw the printed comparison chart (`compareOption` with `print`) at: a plot of `plot` px plus the year labels and one legend row per line. */
export function comparePrintHeight(c: ScenarioComparison, plot = 200): number {
  const lines = c.scenarios.length + (c.withoutMeasures ? 1 : c.scenarios.length);
  return LEGEND_BELOW_GRID.top + plot + 36 + PRINT_LEGEND_ROW * lines;
}

/** One entry of the comparison chart's legend as the page draws it in HTML: name, colour, dashed or solid, marker shape. */
export interface CompareLegendEntry {
  name: string;
  color: string;
  dashed: boolean;
  /** ECharts symbol name ('circle', 'rect', 'triangle', 'diamond') of a scenario's line; null for a line without markers. */
  symbol: string | null;
}

/**
 * The legend of `compareOption` as data, for the page to list below the chart where every name
 * wraps instead of scrolling (a scrolling ECharts legend hid names with four scenarios). Same
 * names (with `o.sameAs` for coinciding lines), colours and markers as the chart's series.
 */
export function compareLegend(
  c: ScenarioComparison,
  profession: Prof,
  o: { withoutMeasures: string; sameAs: (name: string, others: string) => string; locale: string },
): CompareLegendEntry[] {
  const option = compareOption(c, profession, o);
  return option.series.map((s) => ({
    name: s.name,
    color: s.color,
    dashed: s.lineStyle.type === 'dashed',
    symbol: 'showSymbol' in s && s.showSymbol ? (s.symbol as string) : null,
  }));
}

/**
 * Saved scenarios compared: the FTE need of one profession per year, a solid line per scenario (its
 * own colour and marker shape) and the need without measures dashed — one grey line when the
 * scenarios share their base data (`c.withoutMeasures`), else a dashed line per scenario in its
 * colour. Lines that coincide (coincidingLines) stay visible as one another's outline: the first
 * drawn is the widest, each later one narrower on top, and their legend names say which they
 * coincide with (`o.sameAs`, e.g. "KI (= Uten tiltak)"). Years: all the scenarios'. `print`: the
 * legend one name a row for the PDF (the page's legend scrolls); draw it comparePrintHeight high.
 */
export function compareOption(
  c: ScenarioComparison,
  profession: Prof,
  o: { withoutMeasures: string; sameAs: (name: string, others: string) => string; locale: string; animation?: boolean; print?: boolean; legend?: boolean },
) {
  const { years, lines } = compareLines(c, profession, o.withoutMeasures);
  const groups = coincidingLines(lines);
  const nesting = new Map<number, { outer: number; others: string }>();
  for (const g of groups)
    g.forEach((line, j) =>
      nesting.set(line, {
        outer: g.length - 1 - j,
        others: g
          .filter((x) => x !== line)
          .map((x) => lines[x].name)
          .join(', '),
      }),
    );
  const series = lines.map((l, i) => {
    const n = nesting.get(i);
    const outer = n?.outer ?? 0;
    const color = l.scenario < 0 ? '#5a6470' : SCENARIO_COLORS[l.scenario % SCENARIO_COLORS.length];
    const base = l.kind === 'scenario' ? 2.5 : l.scenario < 0 ? 2 : 1.5;
    return {
      name: n ? o.sameAs(l.name, n.others) : l.name,
      type: 'line',
      color,
      ...(l.kind === 'scenario'
        ? { symbol: SCENARIO_SYMBOLS[l.scenario % SCENARIO_SYMBOLS.length], symbolSize: 7 + 5 * outer, showSymbol: true }
        : { symbol: 'none' }),
      lineStyle: { width: base + 3 * outer, ...(l.kind === 'without' ? { type: 'dashed' } : {}) },
      data: l.values,
    };
  });
  return {
    animation: o.animation ?? false,
    tooltip: { trigger: 'axis', valueFormatter: nf(o.locale, 1) },
    // On paper every name must show: one a row instead of a scrolling legend.
    // A dashed line needs a dashed key: without an icon ECharts keys a line without markers by a dot.
    // The page (`legend: false`) lists the names itself below the chart (compareLegend), wrapping at any width.
    legend: {
      show: o.legend ?? true,
      bottom: 0,
      ...(o.print ? { type: 'plain', orient: 'vertical', left: 8, textStyle: { width: 440, overflow: 'truncate' } } : { type: 'scroll' }),
      data: series.map((s, i) => (lines[i].kind === 'without' ? { name: s.name, icon: DASHED_ICON } : { name: s.name })),
    },
    // On paper one name a row (PRINT_LEGEND_ROW each, below the year labels): the chart is that much taller (comparePrintHeight).
    grid: o.print
      ? { ...LEGEND_BELOW_GRID, bottom: 36 + PRINT_LEGEND_ROW * lines.length }
      : o.legend === false
        ? { ...LEGEND_BELOW_GRID, bottom: 32 }
        : LEGEND_BELOW_GRID,
    xAxis: { type: 'category', data: years.map(String), boundaryGap: false },
    // One decimal where the axis needs it: a profession with a few FTE (reporting radiographers) got the labels 3, 3, 3, 4, 4.
    yAxis: { type: 'value', name: 'FTE', scale: true, axisLabel: { formatter: nf(o.locale, 1) } },
    series,
  };
}
