import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from './api/capacity.ts';
import { describeBasis } from './capacity-basis.ts';
import { translate } from './i18n/index.ts';

const basis = (o: Partial<ScenarioResult['basis']>): ScenarioResult['basis'] => ({
  demand: 'population',
  rateYear: 2025,
  projection: 'synthetic',
  projectionLabel: null,
  useRates: 'radvis',
  useRatesLabel: null,
  areasWithoutRates: [],
  areaCount: 4,
  unpriced: [],
  hoursPerFte: { radiologist: 1450, lis: 1300, radiographer: 1550, reporting_radiographer: 1450 },
  ...o,
});
const nb = (b: ScenarioResult['basis']) => describeBasis(b, (k, v) => translate('nb', k, v));

describe('describeBasis', () => {
  it('names where the use per 10,000 comes from, and the projection', () => {
    expect(nb(basis({}))).toBe(`${translate('nb', 'capacity.basis.population')} 2025; ${translate('nb', 'capacity.basis.synthetic')}.`);
    expect(nb(basis({ useRates: 'imported', useRatesLabel: 'RIS Bergen 2025', projection: 'imported', projectionLabel: 'SSB 2024' }))).toBe(
      'Bruk per 10 000 innbyggere etter alder og kjønn fra importert tabell «RIS Bergen 2025» 2025; befolkningsframskriving: SSB 2024.',
    );
    expect(nb(basis({ useRates: 'mixed', useRatesLabel: 'RIS Bergen 2025' }))).toContain('der den gjelder, ellers fra Radvis-data');
    expect(nb(basis({ demand: 'stated', useRates: 'none' }))).toBe(translate('nb', 'capacity.basis.stated'));
    // Areas without any rate are said, with how many of the scenario's they are.
    expect(nb(basis({ areasWithoutRates: ['Finnmark', 'UNN'], areaCount: 21 }))).toMatch(/OBS: 2 av 21 områder har ingen bruksrater .*\(Finnmark, UNN\)/);
  });
});
