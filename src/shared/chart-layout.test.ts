import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { funnelOption } from './analytics-charts.ts';
import type { ScenarioResult } from './api/capacity.ts';
import { fteStackOption } from './capacity-charts.ts';

// Chart layouts that must hold at a phone's width and the PDFs'. The funnel plot drawn as the PDF (480 px, server-side) and a phone (about 350 px) draw it: its
// legend wraps to a second row there, which must stay above the plot.
describe('funnelOption', () => {
  const limits = [20, 100, 300, 500].map((n) => ({
    n,
    lower95: 0.7 - 1 / Math.sqrt(n),
    upper95: 0.7 + 1 / Math.sqrt(n),
    lower998: 0.7 - 1.5 / Math.sqrt(n),
    upper998: 0.7 + 1.5 / Math.sqrt(n),
  }));
  const names = {
    target: 'Gjennomsnitt',
    limit95: '95 %-grense',
    limit998: '99,8 %-grense',
    units: 'Andre praksiser',
    own: 'Din praksis',
    count: 'Antall henvisninger',
  };

  it('names the x axis and the tooltip count in words, not a bare "n" (nc25)', () => {
    const option = funnelOption({ points: [{ label: 'A', n: 1200, share: 0.6, own: false }], limits, target: 0.7, numberLocale: 'nb-NO', names });
    expect(option.xAxis.name).toBe('Antall henvisninger');
    const tip = option.tooltip.formatter({ data: { name: 'A', value: [1200, 60] } });
    expect(tip).toBe('A: 60 % (Antall henvisninger: 1\u00a0200)');
    expect(tip).not.toMatch(/\bn =/);
  });

  for (const width of [350, 480]) {
    it(`keeps the wrapped legend clear of the plot at ${width} px`, () => {
      const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height: 300 });
      try {
        chart.setOption(
          funnelOption({
            points: [
              { label: 'A', n: 100, share: 0.6, own: false },
              { label: 'B', n: 300, share: 0.75, own: true },
            ],
            limits,
            target: 0.7,
            numberLocale: 'nb-NO',
            names,
          }) as echarts.EChartsCoreOption,
        );
        // ECharts' own layout: the legend's drawn box and the plot's rectangle (no public API gives them).
        const internals = chart as unknown as {
          _componentsViews: { type: string; group: { getBoundingRect(): { y: number; height: number }; y: number } }[];
          getModel(): { getComponent(t: string): { coordinateSystem: { getRect(): { y: number } } } };
        };
        const legend = internals._componentsViews.find((v) => v.type === 'legend.plain');
        expect(legend).toBeDefined();
        const box = legend!.group.getBoundingRect();
        const legendBottom = legend!.group.y + box.y + box.height;
        const plotTop = internals.getModel().getComponent('grid').coordinateSystem.getRect().y;
        expect(box.height).toBeGreaterThan(20); // it did wrap: two rows
        expect(legendBottom).toBeLessThan(plotTop - 6); // room for the 100 % label above the plot
      } finally {
        chart.dispose();
      }
    });
  }
});

// The capacity charts put their legend below the plot; wrapped to two rows it must stay below the
// year labels (the stack chart is drawn on the capacity page and in the scenario PDF).
describe('fteStackOption', () => {
  const profs = { radiologist: 2.4, lis: 0.9, radiographer: 3.4, reporting_radiographer: 0.2 };
  const result = {
    staff: profs,
    years: [2025, 2026, 2027, 2028, 2029, 2030].map((year) => ({ year, need: profs, needWithoutMeasures: profs })),
  } as unknown as ScenarioResult;
  const names = { radiologist: 'Radiolog', lis: 'LIS', radiographer: 'Radiograf', reporting_radiographer: 'Beskrivende radiograf' };

  it('keeps the wrapped legend clear of the year labels at 350 px', () => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 350, height: 320 });
    try {
      chart.setOption(fteStackOption(result, { names, locale: 'nb-NO' }) as echarts.EChartsCoreOption);
      const internals = chart as unknown as {
        _componentsViews: { type: string; group: { getBoundingRect(): { y: number; height: number }; y: number } }[];
        getModel(): { getComponent(t: string): { coordinateSystem: { getRect(): { y: number; height: number } } } };
      };
      const legend = internals._componentsViews.find((v) => v.type === 'legend.plain');
      const box = legend!.group.getBoundingRect();
      const legendTop = legend!.group.y + box.y;
      const plot = internals.getModel().getComponent('grid').coordinateSystem.getRect();
      expect(box.height).toBeGreaterThan(20); // it did wrap: two rows
      expect(legendTop).toBeGreaterThan(plot.y + plot.height + 16); // the year labels fit between
    } finally {
      chart.dispose();
    }
  });
});
