import { describe, expect, it } from 'vitest';
import { enumValueLabel, FACTS } from './facts.ts';

describe('fact vocabulary', () => {
  it('gives every value of every enum fact a label in bokmål and English (people never see raw values)', () => {
    for (const f of FACTS.filter((x) => x.type === 'enum')) {
      expect(f.values?.length, f.id).toBeGreaterThan(0);
      for (const v of f.values ?? []) {
        expect(f.valueLabels?.[v]?.nb, `${f.id}=${v}`).toBeTruthy();
        expect(f.valueLabels?.[v]?.en, `${f.id}=${v}`).toBeTruthy();
      }
    }
  });
  it('reads an enum value in the chosen language', () => {
    expect(enumValueLabel('pe_probability', 'intermediate', 'nb')).toBe('Middels');
    expect(enumValueLabel('d_dimer', 'negative', 'en')).toBe('Negative');
    expect(enumValueLabel('no_such_fact', 'x', 'nb')).toBe('x');
  });
});
