import { describe, expect, it } from 'vitest';
import { labelWithoutUnit, roundWeeks, showNumber } from './fact-format.ts';

describe('durations and numbers in the referral form', () => {
  it('rounds weeks read from months and days', () => {
    expect(roundWeeks(13.04)).toEqual({ n: 13, unit: 'week', approx: true }); // "3 måneder"
    expect(roundWeeks(12)).toEqual({ n: 12, unit: 'week', approx: false });
    expect(roundWeeks(1)).toEqual({ n: 1, unit: 'week', approx: false });
    expect(roundWeeks(4.35)).toEqual({ n: 4, unit: 'week', approx: true }); // "1 måned"
    expect(roundWeeks(52.14)).toEqual({ n: 52, unit: 'week', approx: true }); // "1 år"
  });

  it('says days under one week', () => {
    expect(roundWeeks(0.14)).toEqual({ n: 1, unit: 'day', approx: true }); // "i går"
    expect(roundWeeks(3 / 7)).toEqual({ n: 3, unit: 'day', approx: false });
    expect(roundWeeks(0)).toEqual({ n: 1, unit: 'day', approx: true });
  });

  it('writes numbers with the locale’s decimal mark', () => {
    expect(showNumber(3.5, 'nb')).toBe('3,5');
    expect(showNumber(3.5, 'en')).toBe('3.5');
    expect(showNumber(2.04, 'nb')).toBe('2');
  });

  it('drops the unit from a label when the value carries it', () => {
    expect(labelWithoutUnit('Varighet av symptomer (uker)')).toBe('Varighet av symptomer');
    expect(labelWithoutUnit('GCS')).toBe('GCS');
  });
});
