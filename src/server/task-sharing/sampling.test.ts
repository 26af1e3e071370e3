import { describe, expect, it } from 'vitest';
import { isSampled, samplePosition } from './sampling.ts';

const ids = Array.from({ length: 4000 }, (_, i) => `ref-${i}-${(i * 7919) % 1000}`);

describe('isSampled', () => {
  it('samples none at 0 % and all at 100 %', () => {
    expect(ids.filter((id) => isSampled(id, 0))).toEqual([]);
    expect(ids.every((id) => isSampled(id, 100))).toBe(true);
  });
  it('is reproducible: the same referral gets the same answer', () => {
    const first = ids.map((id) => isSampled(id, 10));
    expect(ids.map((id) => isSampled(id, 10))).toEqual(first);
  });
  it('samples close to the share (binomial: 4000 × 10 % ± 4 sd)', () => {
    const n = ids.filter((id) => isSampled(id, 10)).length;
    const sd = Math.sqrt(4000 * 0.1 * 0.9);
    expect(Math.abs(n - 400)).toBeLessThan(4 * sd);
  });
  it('a larger share includes the smaller one', () => {
    for (const id of ids.slice(0, 500)) if (isSampled(id, 5)) expect(isSampled(id, 20)).toBe(true);
  });
  it('positions lie in [0, 1) and bad shares are refused', () => {
    for (const id of ids.slice(0, 100)) {
      expect(samplePosition(id)).toBeGreaterThanOrEqual(0);
      expect(samplePosition(id)).toBeLessThan(1);
    }
    expect(() => isSampled('x', -1)).toThrow(RangeError);
    expect(() => isSampled('x', 101)).toThrow(RangeError);
    expect(() => isSampled('x', Number.NaN)).toThrow(RangeError);
  });
});
