import { describe, expect, it } from 'vitest';
import { Invalid } from '../http/errors.ts';
import { parseAgeGroup, toAggregateFilter } from './filters.ts';

const ctx = {
  areaIds: new Set(['bergen', 'forde']),
  trustIds: new Set(['hf-bergen']),
  examCodes: new Set(['SNG0AG']),
  examGroups: new Set(['kne']),
  defaultYear: 2026,
  currentYear: 2026,
};

function fieldOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof Invalid) return e.fields?.[0]?.field;
    throw e;
  }
  return undefined;
}

describe('analytics filters', () => {
  it('defaults to the latest year with data', () => {
    expect(toAggregateFilter({}, ctx)).toMatchObject({ fromYear: 2026, toYear: 2026 });
    expect(toAggregateFilter({ from: 2020 }, ctx)).toMatchObject({ fromYear: 2020, toYear: 2026 });
  });
  it('names the filter that is wrong', () => {
    expect(fieldOf(() => toAggregateFilter({ from: 2025, to: 2024 }, ctx))).toBe('from');
    expect(fieldOf(() => toAggregateFilter({ area: 'oslo' }, ctx))).toBe('area');
    expect(fieldOf(() => toAggregateFilter({ trust: 'hf-x' }, ctx))).toBe('trust');
    expect(fieldOf(() => toAggregateFilter({ exam: 'SAA0AD' }, ctx))).toBe('exam');
    expect(fieldOf(() => toAggregateFilter({ examGroup: 'albue' }, ctx))).toBe('examGroup');
    expect(fieldOf(() => toAggregateFilter({ ageGroup: '52-60' }, ctx))).toBe('ageGroup');
  });
  it('a period reaching past the current year is refused, naming from or to', () => {
    expect(fieldOf(() => toAggregateFilter({ from: 2100, to: 2100 }, ctx))).toBe('from');
    expect(fieldOf(() => toAggregateFilter({ from: 2027 }, ctx))).toBe('from');
    expect(fieldOf(() => toAggregateFilter({ from: 2020, to: 2027 }, ctx))).toBe('to');
    expect(toAggregateFilter({ from: 2020, to: 2026 }, ctx)).toMatchObject({ fromYear: 2020, toYear: 2026 });
    // The default year is never past the current one, but a store whose only data is from an earlier year still works.
    expect(toAggregateFilter({}, { ...ctx, defaultYear: 2024 })).toMatchObject({ fromYear: 2024, toYear: 2024 });
  });
  it('age groups map to 5-year bands', () => {
    expect(parseAgeGroup('50-69')).toEqual({ ageFrom: 50, ageTo: 65 });
    expect(parseAgeGroup('80+')).toEqual({ ageFrom: 80, ageTo: 90 });
    expect(parseAgeGroup('0-4')).toEqual({ ageFrom: 0, ageTo: 0 });
    expect(() => parseAgeGroup('50-68')).toThrow(Invalid);
    expect(() => parseAgeGroup('95+')).toThrow(Invalid);
    expect(parseAgeGroup('85-89')).toEqual({ ageFrom: 85, ageTo: 85 });
    expect(() => parseAgeGroup('90-94')).toThrow(Invalid);
    expect(() => parseAgeGroup('0-999')).toThrow(Invalid);
  });
});
