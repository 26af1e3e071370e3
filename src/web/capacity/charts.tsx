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
import { compareOption, fleetTimelineOption, fteStackOption, projectionOption } from '../../shared/capacity-charts.ts';

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
  return <Chart option={compareOption(p.comparison, p.profession, p)} label={p.label} height={360} />;
}
