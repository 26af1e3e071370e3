// Person-time of partly covered years (statistics/person-time.ts), against hand-computed values.
import { describe, expect, it } from 'vitest';
import { coverageOf, daysInYear, yearCoverage } from './person-time.ts';

describe('yearCoverage', () => {
  // The demo's history: the 365 days up to 2 December 2026.
  const demo = { from: '2025-12-03', to: '2026-12-02' };

  it('counts the covered days of each year, both ends included', () => {
    // 3–31 December 2025: 29 days of 365.
    expect(yearCoverage(2025, demo)).toEqual({ days: 29, share: 29 / 365 });
    // 1 January – 2 December 2026: 336 days (365 − 29).
    expect(yearCoverage(2026, demo)).toEqual({ days: 336, share: 336 / 365 });
    expect(yearCoverage(2024, demo)).toEqual({ days: 0, share: 0 });
    expect(yearCoverage(2027, demo)).toEqual({ days: 0, share: 0 });
  });

  it('a fully covered year is one year of person-time, in leap years too', () => {
    expect(daysInYear(2024)).toBe(366);
    expect(daysInYear(2100)).toBe(365);
    expect(yearCoverage(2024, { from: '2023-06-01', to: '2025-01-01' })).toEqual({ days: 366, share: 1 });
    expect(yearCoverage(2024, { from: '2024-02-29', to: '2024-02-29' })).toEqual({ days: 1, share: 1 / 366 });
  });

  it('no known coverage counts the whole year', () => {
    expect(yearCoverage(2025, null)).toEqual({ days: 365, share: 1 });
  });

  it('refuses malformed or reversed ranges', () => {
    expect(() => yearCoverage(2025, { from: '2025-02-30', to: '2025-03-01' })).toThrow(RangeError);
    expect(() => yearCoverage(2025, { from: '2025-03-02', to: '2025-03-01' })).toThrow(RangeError);
  });

  it('rescales a partial year to the rate of a full one (the demo: 2025 showed ~1/12 of 2026)', () => {
    // 600 exams a day all year in an area of 100,000: 600·365/100,000·10,000 = 21,900 per 10,000.
    const perDay = 600;
    const population = 100_000;
    const rate = (year: number) => {
      const c = yearCoverage(year, demo);
      return (10_000 * perDay * c.days) / (population * c.share);
    };
    expect(rate(2025)).toBeCloseTo(21_900, 6);
    expect(rate(2026)).toBeCloseTo(21_900, 6);
  });
});

describe('coverageOf', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  it('is the UTC days of the first and last record', () => {
    expect(coverageOf(new Date('2025-12-03T07:15:00Z'), new Date('2026-12-02T09:00:00Z'), now)).toEqual({ from: '2025-12-03', to: '2026-12-02' });
  });
  it('clips a record dated in the future to now', () => {
    expect(coverageOf(new Date('2025-12-03T07:15:00Z'), new Date('2027-03-01T09:00:00Z'), now)).toEqual({ from: '2025-12-03', to: '2026-12-02' });
  });
  it('is null without records or with only future ones', () => {
    expect(coverageOf(null, null, now)).toBeNull();
    expect(coverageOf(new Date('2027-01-01T00:00:00Z'), new Date('2027-02-01T00:00:00Z'), now)).toBeNull();
  });
});
