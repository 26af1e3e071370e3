// Saved scenarios compared (scenario-compare.ts, pure): the base data they differ in, the shared line
// without measures only when they share it, the ids a request may name; and the page's words and
// tables for a comparison (src/shared/capacity-compare.ts).
import { describe, expect, it } from 'vitest';
import type { Scenario, ScenarioParams, ScenarioResult } from '../../shared/api/capacity.ts';
import { coincidingNames, describeDifferences, targetYearRows } from '../../shared/capacity-compare.ts';
import { coincidingLines, compareLines, compareOption } from '../../shared/capacity-charts.ts';
import { Invalid } from '../http/errors.ts';
import { translate, type MessageKey } from '../../shared/i18n/index.ts';
import { compareResults, parseCompareIds } from './scenario-compare.ts';

const P = (radiologist: number, radiographer = 0) => ({ radiologist, lis: 0, radiographer, reporting_radiographer: 0 });

function result(o: { baseYear?: number; targetYear?: number; without?: number; need?: number; staff?: number; scopeName?: string }): ScenarioResult {
  const baseYear = o.baseYear ?? 2025;
  const targetYear = o.targetYear ?? 2027;
  const years = [];
  for (let y = baseYear; y <= targetYear; y++) {
    const k = y - baseYear;
    const without = (o.without ?? 100) + k * 10;
    const need = (o.need ?? 100) + k * 5;
    years.push({
      year: y,
      exams: {},
      need: P(need),
      gap: P(need - (o.staff ?? 100)),
      needWithoutMeasures: P(without),
      machinesNeeded: { CT: 2 + k },
      capacityIndex: 1,
    });
  }
  return {
    scopeName: o.scopeName ?? 'Helse Vest',
    baseYear,
    targetYear,
    examTypes: ['CT'],
    staff: P(o.staff ?? 100),
    baseNeed: P(100),
    machines: { CT: 2 },
    years,
    basis: {
      demand: 'population',
      rateYear: baseYear,
      projection: 'synthetic',
      projectionLabel: 'x',
      useRates: 'radvis',
      useRatesLabel: null,
      areasWithoutRates: [],
      areaCount: 4,
      unpriced: [],
      hoursPerFte: P(1500, 1600),
    },
  };
}
function scenario(name: string, params: Partial<ScenarioParams> = {}): Scenario {
  return {
    id: `id-${name}`,
    name,
    regionId: 'vest',
    regionName: 'Helse Vest',
    analystsOnly: false,
    params: { scope: 'region', scopeId: 'vest', ...params },
    createdBy: 'x',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    editable: true,
  };
}
const t = (key: MessageKey, vars?: Record<string, string | number>) => translate('nb', key, vars);

describe('compareResults', () => {
  it('shares one line without measures over all years when the base data are the same', () => {
    const c = compareResults([
      { scenario: scenario('A', { levers: { ai: { percent: 20, fromYear: 2025, toYear: 2027 } } }), result: result({ need: 90, targetYear: 2027 }) },
      { scenario: scenario('B', { targetYear: 2026 }), result: result({ need: 95, targetYear: 2026, staff: 80 }) },
    ]);
    expect(c.sameBase).toBe(true);
    expect(c.baseDifferences).toEqual([]);
    expect(c.withoutMeasures!.map((y) => [y.year, y.need.radiologist])).toEqual([
      [2025, 100],
      [2026, 110],
      [2027, 120],
    ]);
    expect(c.targetYears).toEqual([2026, 2027]);
    // Today's staff differ (80 and 100) but, under a population projection, move the gap, not the line.
    const rows = targetYearRows(c, 2027, 'Uten tiltak (felles)');
    expect(rows.map((r) => [r.name, r.need?.radiologist ?? null, r.machines])).toEqual([
      ['A', 100, 4],
      ['B', null, null],
      ['Uten tiltak (felles)', 120, null],
    ]);
  });

  it('names different areas, base years and stated demand with its FTE, and then shares no line', () => {
    const stated = { kind: 'stated' as const, growthPercent: 27, byYear: 2040, baseYear: 2025 };
    const c = compareResults([
      { scenario: scenario('A'), result: result({}) },
      { scenario: scenario('B', { scope: 'area', scopeId: 'bergen' }), result: result({ baseYear: 2024, scopeName: 'Bergen' }) },
    ]);
    expect(c.sameBase).toBe(false);
    expect(c.baseDifferences).toEqual(['area', 'baseYear']);
    expect(c.withoutMeasures).toBeNull();
    const s = compareResults([
      { scenario: scenario('A', { demand: stated, staff: { radiologist: 100 } }), result: result({ staff: 100 }) },
      { scenario: scenario('B', { demand: stated, staff: { radiologist: 150 } }), result: result({ staff: 150, without: 150 }) },
    ]);
    expect(s.baseDifferences).toEqual(['staff']);
    expect(s.sameBase).toBe(false);
  });

  it('does not call scenarios the same when their lines without measures differ', () => {
    const c = compareResults([
      { scenario: scenario('A'), result: result({}) },
      { scenario: scenario('B'), result: result({ without: 130 }) },
    ]);
    expect(c.sameBase).toBe(false);
    expect(c.withoutMeasures).toBeNull();
  });
});

describe('parseCompareIds', () => {
  it('takes two to four distinct ids and refuses the rest', () => {
    expect(parseCompareIds('a, b,c')).toEqual(['a', 'b', 'c']);
    for (const bad of ['a', 'a,b,c,d,e', 'a,a', 'a,', 'a,b c', '']) expect(() => parseCompareIds(bad), bad).toThrow(Invalid);
  });
});

describe('describeDifferences', () => {
  it('lists only what differs, in words: area, years, levers — never ids or codes', () => {
    const c = compareResults([
      {
        scenario: scenario('A', {
          levers: { ai: { percent: 20, fromYear: 2026, toYear: 2035 }, overuse: { percent: { DX: 10, MR: 0 }, fromYear: 2026, toYear: 2030 } },
        }),
        result: result({}),
      },
      { scenario: scenario('B', { scope: 'area', scopeId: 'bergen', targetYear: 2026 }), result: result({ scopeName: 'Bergen', targetYear: 2026 }) },
    ]);
    const rows = describeDifferences(c, t, (code) => (code === 'DX' ? 'Røntgen' : code), 'nb');
    expect(rows).toEqual([
      { aspect: 'Område', values: ['Helse Vest', 'Bergen'] },
      { aspect: 'Planår', values: ['2027', '2026'] },
      { aspect: 'Mindre overforbruk', values: ['Røntgen 10 % (2026–2030)', 'ikke brukt'] },
      { aspect: 'KI (kortere beskrivetid)', values: ['20 % 2026–2035', 'ikke brukt'] },
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/id-|bergen"|DX|vest"/);
  });
});

describe('coinciding lines in the comparison chart (compareOption)', () => {
  type Series = { name: string; symbol: string; lineStyle: { width: number; type?: string }; symbolSize?: number };
  const sameAs = (name: string, others: string) => t('capacity.compare.sameAs', { name, others });

  it('keeps two scenarios with the same values apart: the first drawn wider, each its own marker, the legend saying which they equal', () => {
    // B repeats A; C has no levers and so lies on the shared line without measures; D is on its own.
    const noLevers = result({});
    for (const y of noLevers.years) y.need = y.needWithoutMeasures;
    const c = compareResults([
      { scenario: scenario('A'), result: result({ need: 90 }) },
      { scenario: scenario('B'), result: result({ need: 90 }) },
      { scenario: scenario('C'), result: noLevers },
      { scenario: scenario('D'), result: result({ need: 80 }) },
    ]);
    expect(c.sameBase).toBe(true);
    const { lines } = compareLines(c, 'radiologist', 'Uten tiltak (felles)');
    expect(lines.map((l) => l.name)).toEqual(['A', 'B', 'C', 'D', 'Uten tiltak (felles)']);
    expect(coincidingLines(lines)).toEqual([
      [0, 1],
      [2, 4],
    ]);
    const series = compareOption(c, 'radiologist', { withoutMeasures: 'Uten tiltak (felles)', sameAs, locale: 'nb-NO' }).series as Series[];
    expect(series.map((s) => s.name)).toEqual(['A (= B)', 'B (= A)', 'C (= Uten tiltak (felles))', 'D', 'Uten tiltak (felles) (= C)']);
    // Drawn in order, so the earlier of two coinciding lines is wider and shows round the later one.
    expect(series[0].lineStyle.width).toBeGreaterThan(series[1].lineStyle.width);
    expect(series[0].symbolSize!).toBeGreaterThan(series[1].symbolSize!);
    expect(series[2].lineStyle.width).toBeGreaterThan(series[4].lineStyle.width);
    expect(series[3].lineStyle.width).toBe(series[1].lineStyle.width);
    expect(new Set(series.slice(0, 4).map((s) => s.symbol)).size).toBe(4);
    expect(series[4]).toMatchObject({ symbol: 'none', lineStyle: { type: 'dashed' } });
    expect(coincidingNames(c, 'radiologist', 'Uten tiltak (felles)', 'nb')).toEqual(['«A» og «B»', '«C» og «Uten tiltak (felles)»']);
    expect(coincidingNames(c, 'radiologist', 'Without measures (shared)', 'en')[1]).toBe('“C” and “Without measures (shared)”');
  });

  it('tells two scenarios of one name apart by their area (a national one beside a region’s), without brackets in brackets', () => {
    const national: Scenario = { ...scenario('Uten tiltak (demo)', { scope: 'country' }), regionId: null, regionName: null, analystsOnly: true };
    const c = compareResults([
      { scenario: national, result: result({ scopeName: 'Hele landet', without: 110 }) },
      { scenario: scenario('Uten tiltak (demo)'), result: result({}) },
      { scenario: scenario('KI'), result: result({ need: 80 }) },
    ]);
    expect(compareLines(c, 'radiologist', 'uten tiltak').lines.map((l) => l.name)).toEqual([
      'Uten tiltak (demo) · Hele landet',
      'Uten tiltak (demo) · Helse Vest',
      'KI',
      'Uten tiltak (demo) · Hele landet – uten tiltak',
      'Uten tiltak (demo) · Helse Vest – uten tiltak',
      'KI – uten tiltak',
    ]);
  });

  it('does not call lines that meet in one year, or differ by more than 0.05 FTE, coinciding', () => {
    const c = compareResults([
      { scenario: scenario('A'), result: result({ need: 100 }) },
      { scenario: scenario('B'), result: result({ need: 100.1 }) },
      { scenario: scenario('C', { targetYear: 2025 }), result: result({ need: 100, targetYear: 2025 }) },
    ]);
    const { lines } = compareLines(c, 'radiologist', 'x');
    expect(coincidingLines(lines)).toEqual([]);
    expect(coincidingNames(c, 'radiologist', 'x', 'nb')).toEqual([]);
  });
});
