// The analytics charts with ECharts (modular import: bar, line and scatter with the SVG renderer).
// Each chart is an image with a text label; the same numbers are in the table beside it.
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { followSize } from '../app/follow-size.ts';
import { useEffect, useRef } from 'react';
import { atlasOption, funnelOption, trendOption, type AtlasInput, type FunnelInput, type TrendInput } from '../../shared/analytics-charts.ts';

echarts.use([BarChart, LineChart, ScatterChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

function Chart({ option, label, height }: { option: object; label: string; height: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.setOption(option as echarts.EChartsCoreOption);
    const stop = followSize(ref.current, chart);
    return () => {
      stop();
      chart.dispose();
    };
  }, [option]);
  // The label sits on a wrapper: ECharts writes its own (English) aria-label on the element it draws in.
  return (
    <div role="img" aria-label={label}>
      <div ref={ref} aria-hidden="true" style={{ width: '100%', height }} />
    </div>
  );
}

export function AtlasChart(p: AtlasInput & { label: string }) {
  return <Chart option={atlasOption(p)} label={p.label} height={Math.max(200, 60 + 34 * (p.rows.length + 1))} />;
}

export function TrendChart(p: TrendInput & { label: string }) {
  return <Chart option={trendOption(p)} label={p.label} height={340} />;
}

export function FunnelChart(p: FunnelInput & { label: string }) {
  return <Chart option={funnelOption(p)} label={p.label} height={380} />;
}
