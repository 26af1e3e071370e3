import { describe, expect, it } from 'vitest';
import { chooseRateYear } from './store.ts';

const d = (s: string) => new Date(`${s}T12:00:00Z`);

describe('the rate year of an exam history', () => {
  it('is the latest whole calendar year before this one when the history covers one', () => {
    expect(chooseRateYear(d('2016-01-01'), d('2026-11-30'), d('2026-12-01'))).toEqual({ year: 2025, coverage: 1 });
    expect(chooseRateYear(d('2024-01-01'), d('2026-03-01'), d('2026-12-01'))).toEqual({ year: 2025, coverage: 1 });
  });
  it('is the year covered most, with its share, when no year is whole (one year ending today)', () => {
    const r = chooseRateYear(d('2025-12-01'), d('2026-12-01'), d('2026-12-01'));
    expect(r.year).toBe(2026);
    expect(r.coverage).toBeCloseTo(335 / 365, 2);
  });
  it('never reads a year the history barely touches as a whole year', () => {
    const r = chooseRateYear(d('2025-11-25'), d('2026-01-20'), d('2026-06-01'));
    expect(r.year).toBe(2025);
    expect(r.coverage).toBeLessThan(0.2);
    expect(r.coverage).toBeGreaterThan(0);
  });
  it('does not count time after now', () => {
    expect(chooseRateYear(d('2026-01-01'), d('2027-05-01'), d('2026-07-01')).year).toBe(2026);
  });
});
