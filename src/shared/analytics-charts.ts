// ECharts options for the atlas-style charts, shared by the browser (src/web/analytics/charts.tsx) and
// the server (SVG rendered on the server for the printable feedback report), so both draw the same
// charts. Pure functions: plain option objects, no ECharts import.

export interface AtlasRow {
  name: string;
  rate: number | null;
  lower: number | null;
  upper: number | null;
  years: { year: number; rate: number | null }[];
  total?: boolean;
}
export interface AtlasInput {
  rows: AtlasRow[];
  total: AtlasRow;
  numberLocale: string;
  yearLabel: string;
}

const fmt =
  (locale: string, digits = 1) =>
  (v: unknown) =>
    typeof v === 'number' ? v.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }) : String(v ?? '');
/** Axis ticks: as many decimals as the tick needs, at most two. */
const tick = (locale: string) => (v: number) => v.toLocaleString(locale, { maximumFractionDigits: 2 });

/**
 * Sorted horizontal bars per area (highest at the top) with the total as its own, darker bar,
 * and each year's rate as a dot on the bar — the way the Norwegian health atlas draws rates.
 */
export function atlasOption(input: AtlasInput) {
  const rows = [...input.rows.filter((r) => r.rate !== null), { ...input.total, total: true }].sort((a, b) => (a.rate ?? 0) - (b.rate ?? 0));
  const years = [...new Set(rows.flatMap((r) => r.years.map((y) => y.year)))].sort();
  const showDots = years.length > 1;
  return {
    aria: { enabled: false },
    animation: false,
    tooltip: { trigger: 'item', valueFormatter: fmt(input.numberLocale) },
    grid: { left: 140, right: 30, top: showDots ? 30 : 10, bottom: 30 },
    legend: showDots ? { top: 0, left: 'center', data: years.map(String) } : undefined,
    xAxis: { type: 'value', axisLabel: { formatter: tick(input.numberLocale) } },
    yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { fontWeight: 'normal' } },
    series: [
      {
        type: 'bar',
        name: '',
        data: rows.map((r) => ({ value: r.rate, itemStyle: { color: r.total ? '#262626' : '#66a3ff' } })),
        barWidth: '60%',
      },
      ...(showDots
        ? years.map((y, i) => ({
            type: 'scatter',
            name: String(y),
            symbolSize: 9,
            itemStyle: { color: ['#c30000', '#06893a', '#c77300', '#5c4682', '#005b82'][i % 5] },
            data: rows.map((r) => r.years.find((x) => x.year === y)?.rate ?? null),
          }))
        : []),
    ],
  };
}

export interface TrendInput {
  years: number[];
  /** The x-axis label of each year (e.g. "2025*" for a year the data cover in part); default the year. */
  yearLabels?: string[];
  series: { name: string; rates: (number | null)[] }[];
  total: { name: string; rates: (number | null)[] };
  numberLocale: string;
}

/** Standardized rate per year, one line per area and a thick line for the total. */
export function trendOption(input: TrendInput) {
  return {
    aria: { enabled: false },
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: fmt(input.numberLocale) },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 60, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: input.yearLabels ?? input.years.map(String) },
    yAxis: { type: 'value', axisLabel: { formatter: tick(input.numberLocale) } },
    series: [
      ...input.series.map((s) => ({ type: 'line', name: s.name, data: s.rates, connectNulls: false })),
      { type: 'line', name: input.total.name, data: input.total.rates, lineStyle: { width: 4, color: '#262626' }, itemStyle: { color: '#262626' } },
    ],
  };
}

export interface FunnelInput {
  points: { label: string; n: number | null; share: number | null; own: boolean }[];
  limits: { n: number; lower95: number; upper95: number; lower998: number; upper998: number }[];
  target: number;
  /** Legend names; `count` names the x axis and the count in a point's tooltip ("Antall henvisninger"). */
  names: { target: string; limit95: string; limit998: string; units: string; own: string; count: string };
  numberLocale: string;
}

/** Funnel plot (Spiegelhalter 2005): shares against denominators, with the target and 95 %/99.8 % limits. */
export function funnelOption(input: FunnelInput) {
  const pct = (v: number) => Math.max(0, Math.min(100, v * 100));
  const line = (name: string, key: 'lower95' | 'upper95' | 'lower998' | 'upper998', color: string, dashed: boolean) => ({
    type: 'line',
    name,
    showSymbol: false,
    data: input.limits.map((l) => [l.n, pct(l[key])]),
    lineStyle: { color, type: dashed ? 'dashed' : 'solid', width: 1.5 },
    itemStyle: { color },
    tooltip: { show: false },
  });
  // A withheld unit (share and denominator null) is not drawn; the pooled small units are one point.
  const visible = input.points.flatMap((p) => (p.share !== null && p.n !== null ? [{ ...p, n: p.n, share: p.share }] : []));
  return {
    aria: { enabled: false },
    animation: false,
    legend: { top: 0 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: { name: string; value: [number, number] } }) =>
        `${p.data.name}: ${p.data.value[1].toLocaleString(input.numberLocale, { maximumFractionDigits: 1 })} % (${input.names.count}: ${p.data.value[0].toLocaleString(input.numberLocale)})`,
    },
    // Room for the legend on two rows: its five entries wrap on a phone and in the PDF (480 px), and a
    // wrapped second row was drawn over the top of the plot and its 100 % label.
    // The x axis is named in words under its numbers (it was a bare 'n' at its end).
    grid: { left: 60, right: 20, top: 64, bottom: 52 },
    xAxis: { type: 'value', name: input.names.count, nameLocation: 'middle', nameGap: 28, min: 0 },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    series: [
      line(input.names.limit998, 'upper998', '#c30000', false),
      line(input.names.limit998, 'lower998', '#c30000', false),
      line(input.names.limit95, 'upper95', '#c77300', true),
      line(input.names.limit95, 'lower95', '#c77300', true),
      {
        type: 'line',
        name: input.names.target,
        showSymbol: false,
        data: input.limits.map((l) => [l.n, pct(input.target)]),
        lineStyle: { color: '#262626' },
        itemStyle: { color: '#262626' },
        tooltip: { show: false },
      },
      {
        type: 'scatter',
        name: input.names.units,
        symbolSize: 8,
        itemStyle: { color: '#0067c5' },
        data: visible.filter((p) => !p.own).map((p) => ({ name: p.label, value: [p.n, pct(p.share)] })),
      },
      // The highlighted practice only when it is in the plot (no empty legend entry otherwise).
      ...(visible.some((p) => p.own)
        ? [
            {
              type: 'scatter',
              name: input.names.own,
              symbolSize: 16,
              symbol: 'diamond',
              itemStyle: { color: '#06893a' },
              data: visible.filter((p) => p.own).map((p) => ({ name: p.label, value: [p.n, pct(p.share)] })),
            },
          ]
        : []),
    ],
  };
}
