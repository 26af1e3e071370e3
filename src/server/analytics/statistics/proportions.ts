// Confidence intervals for a proportion and for the difference between two independent
// proportions: the before/after comparison of a topic's silent mode (issue 11 item 6).
import type { Interval } from './confidence-intervals.ts';
import { zFor } from './quantiles.ts';

/**
 * Wilson's score interval for the proportion k/n (Wilson 1927, J Am Stat Assoc 22:209–212;
 * Newcombe 1998, Stat Med 17:857–872, method 3 — "Two-sided confidence intervals for the single
 * proportion: comparison of seven methods"):
 *   (2k + z² ± z √(z² + 4k(n−k)/n)) / (2(n + z²))
 * Stays inside 0..1 and behaves at k = 0 and k = n. `level` e.g. 0.95. null when n = 0.
 * Throws RangeError when k is not a whole number in 0..n.
 */
export function wilsonInterval(k: number, n: number, level = 0.95): Interval | null {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || k > n) throw new RangeError(`wilsonInterval: need whole 0 ≤ k ≤ n, got ${k}/${n}`);
  if (n === 0) return null;
  const z = zFor(level);
  const z2 = z * z;
  const centre = 2 * k + z2;
  const spread = z * Math.sqrt(z2 + (4 * k * (n - k)) / n);
  const denom = 2 * (n + z2);
  return { lower: k === 0 ? 0 : (centre - spread) / denom, upper: k === n ? 1 : (centre + spread) / denom };
}

/**
 * The difference p1 − p2 of two independent proportions k1/n1 and k2/n2 with Newcombe's hybrid
 * score interval (Newcombe 1998, Stat Med 17:873–890, "Interval estimation for the difference
 * between independent proportions: comparison of eleven methods", method 10): the Wilson limits
 * (l_i, u_i) of each proportion are combined as
 *   lower = d − √((p1 − l1)² + (u2 − p2)²),  upper = d + √((u1 − p1)² + (p2 − l2)²).
 * Worked example (the paper's Table II, example a): 56/70 − 48/80 = 0.2, 95 % 0.0524 to 0.3339.
 * null when either n is 0.
 */
export function newcombeDifference(k1: number, n1: number, k2: number, n2: number, level = 0.95): ({ difference: number } & Interval) | null {
  const a = wilsonInterval(k1, n1, level);
  const b = wilsonInterval(k2, n2, level);
  if (!a || !b) return null;
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const d = p1 - p2;
  return {
    difference: d,
    lower: d - Math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2),
    upper: d + Math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2),
  };
}
