// The standard populations and the check that explains "adjusted = crude" in the demo: when every
// area has the standard's age and sex structure, direct standardization cannot move a rate.
import { describe, expect, it } from 'vitest';
import { computeAreaRates } from './area-rates.ts';
import { areasHaveStandardStructure, esp2013Standard, norwayStandard, norwayStandardYear, stratumKey } from './standard-populations.ts';

// Two strata (women 0–4, women 70–74) and two areas.
const row = (areaId: string, ageFrom: number, population: number, year = 2024) => ({ areaId, year, sex: 'F', ageFrom, population });

describe('areasHaveStandardStructure', () => {
  it('is true when every area is split like Norway (the demo: population.csv is derived from one national profile)', () => {
    // A: 8,000 young, 2,000 old; B: 40,000 and 10,000 — both 80/20, as their sum.
    const pop = [row('a', 0, 8_000), row('a', 70, 2_000), row('b', 0, 40_000), row('b', 70, 10_000)];
    expect(areasHaveStandardStructure(pop, norwayStandard(pop), 2020)).toBe(true);
    // ESP 2013 weighs the bands differently (and has bands these areas lack): not the same structure.
    expect(areasHaveStandardStructure(pop, esp2013Standard(), 2020)).toBe(false);
  });

  it('is false when an area is older than the standard', () => {
    const pop = [row('a', 0, 5_000), row('a', 70, 5_000), row('b', 0, 40_000), row('b', 70, 10_000)];
    expect(areasHaveStandardStructure(pop, norwayStandard(pop), 2020)).toBe(false);
    expect(areasHaveStandardStructure([], norwayStandard(pop), 2020)).toBe(false);
  });

  it('reads the table year nearest the one asked for', () => {
    expect(norwayStandardYear([{ year: 2024 }, { year: 2019 }, { year: 2021 }])).toBe(2019);
    expect(norwayStandardYear([])).toBeNull();
  });
});

describe('adjusted against crude rates (hand-computed direct standardization)', () => {
  const options = (standard: Map<string, number>) => ({
    fromYear: 2024,
    toYear: 2024,
    areas: [
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B' },
    ],
    standard,
    includeStratum: () => true,
    ci: 'gamma' as const,
  });
  // Events: A 40 young + 100 old, B 200 young + 500 old.
  const counts = [
    { year: 2024, areaId: 'a', sex: 'F', ageFrom: 0, exams: 40 },
    { year: 2024, areaId: 'a', sex: 'F', ageFrom: 70, exams: 100 },
    { year: 2024, areaId: 'b', sex: 'F', ageFrom: 0, exams: 200 },
    { year: 2024, areaId: 'b', sex: 'F', ageFrom: 70, exams: 500 },
  ];

  it('are equal when the area has the standard structure', () => {
    const pop = [row('a', 0, 8_000), row('a', 70, 2_000), row('b', 0, 40_000), row('b', 70, 10_000)];
    const r = computeAreaRates(counts, pop, options(norwayStandard(pop)));
    const a = r.areas.find((x) => x.areaId === 'a')!;
    // crude = 10,000 · 140 / 10,000 = 140; DSR = 10,000 · (0.8 · 40/8,000 + 0.2 · 100/2,000) = 140.
    expect(a.crude).toBeCloseTo(140, 9);
    expect(a.standardized).toBeCloseTo(140, 9);
    expect(a.personYears).toBe(10_000);
  });

  it('differ when the area is older than the standard', () => {
    // A: 5,000 young, 5,000 old; Norway = A + B = 45,000 young (0.75), 15,000 old (0.25).
    const pop = [row('a', 0, 5_000), row('a', 70, 5_000), row('b', 0, 40_000), row('b', 70, 10_000)];
    const standard = norwayStandard(pop);
    expect(standard.get(stratumKey('F', 0))).toBe(45_000);
    const a = computeAreaRates(counts, pop, options(standard)).areas.find((x) => x.areaId === 'a')!;
    // crude = 10,000 · 140 / 10,000 = 140; DSR = 10,000 · (0.75 · 40/5,000 + 0.25 · 100/5,000) = 60 + 50 = 110.
    expect(a.crude).toBeCloseTo(140, 9);
    expect(a.standardized).toBeCloseTo(110, 9);
  });

  it('a partly covered year counts only its covered person-time', () => {
    const pop = [row('a', 0, 8_000), row('a', 70, 2_000), row('b', 0, 40_000), row('b', 70, 10_000)];
    // Data for a quarter of the year: the same 140 exams are a rate of 560 per 10,000 person-years.
    const r = computeAreaRates(counts, pop, { ...options(norwayStandard(pop)), yearShare: () => 0.25 });
    const a = r.areas.find((x) => x.areaId === 'a')!;
    expect(a.personYears).toBe(2_500);
    expect(a.crude).toBeCloseTo(560, 9);
    expect(a.standardized).toBeCloseTo(560, 9);
    // A year without data has no person-time: no rate, not a rate of 0.
    const none = computeAreaRates([], pop, { ...options(norwayStandard(pop)), yearShare: () => 0 });
    expect(none.areas.every((x) => x.standardized === null && x.suppressed)).toBe(true);
  });
});
