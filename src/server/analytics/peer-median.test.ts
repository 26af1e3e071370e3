// The feedback report's median referrals of the peer practices (issue 10 §7): withheld under 10 peers
// or under 10 referrals, as every other count.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { peerMedian } from './service.ts';

describe("the peers' median referrals", () => {
  it("is withheld with fewer than 10 peers (one peer: the median is that practice's own count)", () => {
    expect(peerMedian([57])).toEqual({ peerMedianReferrals: null, peerMedianSuppressed: true });
    expect(peerMedian(Array.from({ length: 9 }, (_, i) => 100 + i))).toEqual({ peerMedianReferrals: null, peerMedianSuppressed: true });
  });

  it('is withheld when under 10 (one practice with 1–9 referrals, or two such averaged)', () => {
    expect(peerMedian([1, 2, 3, 4, 5, 6, 7, 80, 90, 100, 110])).toEqual({ peerMedianReferrals: null, peerMedianSuppressed: true });
  });

  it('is shown from 10 peers with a median of 10 or more; no peers is no median, not a withheld one', () => {
    expect(peerMedian([3, 4, 10, 12, 14, 20, 30, 40, 50, 60])).toEqual({ peerMedianReferrals: 17, peerMedianSuppressed: false });
    expect(peerMedian([])).toEqual({ peerMedianReferrals: null, peerMedianSuppressed: false });
  });

  it('property: a shown median is ≥ 10, rests on ≥ 10 peers and is the middle of their counts', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 40 }), (xs) => {
        const r = peerMedian(xs);
        if (r.peerMedianReferrals === null) {
          expect(r.peerMedianSuppressed).toBe(xs.length > 0);
          return;
        }
        expect(xs.length).toBeGreaterThanOrEqual(10);
        expect(r.peerMedianReferrals).toBeGreaterThanOrEqual(10);
        // Half the peers at or below it, half at or above it.
        expect(xs.filter((x) => x <= r.peerMedianReferrals!).length * 2).toBeGreaterThanOrEqual(xs.length);
        expect(xs.filter((x) => x >= r.peerMedianReferrals!).length * 2).toBeGreaterThanOrEqual(xs.length);
      }),
      { numRuns: 300 },
    );
  });
});
