// The scenario form ↔ API parameters: levers at 0 % are left out, a preset round-trips, typed
// staff becomes numbers.
import { describe, expect, it } from 'vitest';
import type { CapacityMeta, ScenarioParams } from '../../shared/api/capacity.ts';
import { fromParams, initialState, scenarioLabel, toParams } from './scenario-state.ts';
import { translate, type MessageKey } from '../../shared/i18n/index.ts';

const meta = {
  regions: [{ id: 'vest', name: 'Helse Vest' }],
  examTypes: ['CT', 'MR'],
  defaults: { targetYear: 2040 },
} as unknown as CapacityMeta;

describe('scenario state', () => {
  it('starts without levers in the caller’s region and sends only the levers set', () => {
    const s = initialState(meta, false, 2026);
    expect(toParams(s)).toEqual({ scope: 'region', scopeId: 'vest', targetYear: 2040, levers: {} });
    const p = toParams({ ...s, ai: 20, overuse: { CT: 0, MR: 30 }, staff: { ...s.staff, radiologist: '156,5' } });
    expect(p.levers).toEqual({ ai: { percent: 20, fromYear: 2026, toYear: 2040 }, overuse: { percent: { MR: 30 }, fromYear: 2026, toYear: 2040 } });
    expect(p.staff).toEqual({ radiologist: 156.5 });
  });

  it('round-trips a plan preset with stated growth', () => {
    const preset: ScenarioParams = {
      scope: 'region',
      scopeId: 'vest',
      targetYear: 2040,
      demand: { kind: 'stated', growthPercent: 27, byYear: 2040, baseYear: 2025 },
      staff: { radiologist: 156, radiographer: 407 },
      levers: {
        workload: { percent: { radiologist: 20, radiographer: 10 }, fromYear: 2025, toYear: 2040 },
        taskOffload: { percent: { radiologist: 10, radiographer: 10 }, fromYear: 2025, toYear: 2040 },
      },
    };
    expect(toParams(fromParams(preset, meta, 2026))).toEqual(preset);
  });
});

describe('a saved scenario in the lists', () => {
  const tr = (locale: 'nb' | 'en') => (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  it('names where it is shared with a separator, never brackets after a name that has its own', () => {
    expect(scenarioLabel({ name: 'Uten tiltak (demo)', regionName: 'Helse Vest' }, tr('nb'))).toBe('Uten tiltak (demo) · Helse Vest');
    expect(scenarioLabel({ name: 'Landet med KI', regionName: null }, tr('nb'))).toBe('Landet med KI · hele landet, bare for analytikere');
    expect(scenarioLabel({ name: 'AI', regionName: null }, tr('en'))).toBe('AI · all of Norway, for analysts only');
  });
});
