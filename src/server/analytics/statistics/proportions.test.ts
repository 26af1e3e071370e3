// Wilson and Newcombe intervals against the published worked examples of Newcombe (1998).
import { describe, expect, it } from 'vitest';
import { newcombeDifference, wilsonInterval } from './proportions.ts';

describe('wilsonInterval (Newcombe 1998, Stat Med 17:857, Table I, method 3)', () => {
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i → %f to %f', (k, n, lo, hi) => {
    const ci = wilsonInterval(k, n)!;
    expect(ci.lower).toBeCloseTo(lo, 4);
    expect(ci.upper).toBeCloseTo(hi, 4);
  });
  it('is null without observations and refuses k outside 0..n', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(wilsonInterval(10, 10)!.upper).toBe(1);
  });
});

describe('newcombeDifference (Newcombe 1998, Stat Med 17:873, Table II, method 10)', () => {
  it.each([
    [56, 70, 48, 80, 0.2, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.6, 0.1705, 0.809],
  ])('%i/%i − %i/%i = %f, 95 %% %f to %f', (k1, n1, k2, n2, d, lo, hi) => {
    const ci = newcombeDifference(k1, n1, k2, n2)!;
    expect(ci.difference).toBeCloseTo(d, 10);
    expect(ci.lower).toBeCloseTo(lo, 4);
    expect(ci.upper).toBeCloseTo(hi, 4);
  });
  it('is antisymmetric when the groups swap, and null when a group is empty', () => {
    const a = newcombeDifference(9, 12, 20, 138)!;
    const b = newcombeDifference(20, 138, 9, 12)!;
    expect(a.lower).toBeCloseTo(-b.upper, 12);
    expect(a.upper).toBeCloseTo(-b.lower, 12);
    expect(newcombeDifference(1, 2, 0, 0)).toBeNull();
  });
});
