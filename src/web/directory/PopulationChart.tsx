// Population by 5-year age band, men and women side by side, with ECharts (modular import:
// only the bar chart, its components and the SVG renderer end up in the bundle).
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { followSize } from '../app/follow-size.ts';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export function PopulationChart({
  rows,
  men,
  women,
  title,
  numberLocale,
}: {
  rows: { sex: 'M' | 'F'; age_from: number; population: number }[];
  men: string;
  women: string;
  title: string;
  numberLocale: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    const ages = [...new Set(rows.map((r) => r.age_from))].sort((a, b) => a - b);
    const series = (sex: 'M' | 'F') => ages.map((a) => rows.find((r) => r.sex === sex && r.age_from === a)?.population ?? 0);
    chart.setOption({
      aria: { enabled: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toLocaleString(numberLocale) : String(v)) },
      // ECharts 6 puts the legend at the bottom by default, over the rotated axis labels.
      legend: { data: [men, women], top: 0, left: 'center' },
      grid: { left: 60, right: 20, bottom: 50, top: 40 },
      xAxis: { type: 'category', data: ages.map((a) => (a >= 90 ? '90+' : `${a}–${a + 4}`)), axisLabel: { rotate: 45 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => v.toLocaleString(numberLocale) } },
      series: [
        { name: men, type: 'bar', data: series('M'), itemStyle: { color: '#0067c5' } },
        { name: women, type: 'bar', data: series('F'), itemStyle: { color: '#c77300' } },
      ],
    });
    const stop = followSize(ref.current, chart);
    return () => {
      stop();
      chart.dispose();
    };
  }, [rows, men, women, numberLocale]);
  return <div ref={ref} role="img" aria-label={title} style={{ width: '100%', height: 320 }} />;
}
