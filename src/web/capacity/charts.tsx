// The capacity charts with ECharts (modular import: line and bar with the SVG renderer), using the
// same options as the scenario PDF (src/shared/capacity-charts.ts). Each chart is an image with a
// text label; the same numbers are in the table beside it.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { followSize } from '../app/follow-size.ts';
import { useEffect, useRef } from 'react';
import type { FleetResponse, ScenarioComparison, ScenarioResult } from '../../shared/api/capacity.ts';
import { compareLegend, compareOption, fleetTimelineOption, fteStackOption, projectionOption } from '../../shared/capacity-charts.ts';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type Names = Record<'radiologist' | 'lis' | 'radiographer' | 'reporting_radiographer', string>;

/** One chart; the instance is kept while the option changes (moving a lever only updates the data). */
function Chart({ option, label, height }: { option: object; label: string; height: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.current = c;
    const stop = followSize(ref.current, c);
    return () => {
      stop();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option as echarts.EChartsCoreOption, { notMerge: true });
  }, [option]);
  return (
    <div role="img" aria-label={label}>
      <div ref={ref} aria-hidden="true" style={{ width: '100%', height }} />
    </div>
  );
}

export function ProjectionChart(p: {
  result: ScenarioResult;
  names: Names;
  withMeasures: string;
  withoutMeasures: string;
  today: string;
  locale: string;
  label: string;
}) {
  return <Chart option={projectionOption(p.result, p)} label={p.label} height={380} />;
}

export function FteChart(p: { result: ScenarioResult; names: Names; locale: string; label: string }) {
  return <Chart option={fteStackOption(p.result, p)} label={p.label} height={320} />;
}

export function FleetChart(p: { fleet: FleetResponse; machines: string; investment: string; locale: string; label: string }) {
  return <Chart option={fleetTimelineOption(p.fleet, p)} label={p.label} height={320} />;
}

export function CompareChart(p: {
  comparison: ScenarioComparison;
  profession: keyof Names;
  withoutMeasures: string;
  sameAs: (name: string, others: string) => string;
  locale: string;
  label: string;
}) {
  // The names are listed below the chart and wrap at any width (ECharts' legend scrolled and hid names).
  const legend = compareLegend(p.comparison, p.profession, p);
  return (
    <div>
      <Chart option={compareOption(p.comparison, p.profession, { ...p, legend: false })} label={p.label} height={300} />
      <ul aria-hidden="true" style={{ listStyle: 'none', margin: '0 0 0 0', padding: 0, display: 'flex', flexWrap: 'wrap', gap: '0.25rem 1.25rem' }}>
        {legend.map((l) => (
          <li key={l.name} style={{ display: 'flex', alignItems: 'center', gap: '0.4rem', minWidth: 0, overflowWrap: 'anywhere' }}>
            <LegendKey entry={l} />
            <span>{l.name}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The key of one line: its colour, solid or dashed, with its marker shape. */
function LegendKey({ entry }: { entry: ReturnType<typeof compareLegend>[number] }) {
  const marker =
    entry.symbol === 'rect' ? (
      <rect x="9" y="3" width="8" height="8" fill={entry.color} />
    ) : entry.symbol === 'triangle' ? (
      <path d="M13 2 L18 11 L8 11 Z" fill={entry.color} />
    ) : entry.symbol === 'diamond' ? (
      <path d="M13 2 L18 7 L13 12 L8 7 Z" fill={entry.color} />
    ) : entry.symbol ? (
      <circle cx="13" cy="7" r="4" fill={entry.color} />
    ) : null;
  return (
    <svg width="26" height="14" viewBox="0 0 26 14" style={{ flex: 'none' }}>
      <line x1="0" y1="7" x2="26" y2="7" stroke={entry.color} strokeWidth="2.5" strokeDasharray={entry.dashed ? '5 3' : undefined} />
      {marker}
    </svg>
  );
}
