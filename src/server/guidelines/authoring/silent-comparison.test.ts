// The windows and summaries of the silent-mode comparison (pure; the intervals themselves are
// tested against Newcombe 1998 in analytics/statistics/proportions.test.ts).
import { describe, expect, it } from 'vitest';
import { comparisonWindows, lowValueDifference, summarizePeriod } from './silent-comparison.ts';

const d = (s: string) => new Date(`2026-${s}T00:00:00Z`);

describe('comparisonWindows', () => {
  it('a topic never silent has nothing to compare (an "off" without an "on" changes nothing)', () => {
    expect(comparisonWindows([])).toEqual({ state: 'never', baseline: null, after: null });
    expect(comparisonWindows([{ at: d('01-01'), silent: false }])).toEqual({ state: 'never', baseline: null, after: null });
  });
  it('silent now, never live since: the baseline runs on, no after', () => {
    expect(comparisonWindows([{ at: d('01-01'), silent: true }])).toEqual({ state: 'silent', baseline: { from: d('01-01'), to: null }, after: null });
  });
  it('silent then live: the silent period is the baseline, the live period after it runs on', () => {
    const w = comparisonWindows([
      { at: d('01-01'), silent: true },
      { at: d('01-15'), silent: true }, // a repeated switch counts once
      { at: d('03-01'), silent: false },
    ]);
    expect(w).toEqual({ state: 'live', baseline: { from: d('01-01'), to: d('03-01') }, after: { from: d('03-01'), to: null } });
  });
  it('silent again later: the latest silent period that went live, and the live period up to the new silence', () => {
    const w = comparisonWindows([
      { at: d('01-01'), silent: true },
      { at: d('02-01'), silent: false },
      { at: d('04-01'), silent: true },
      { at: d('05-01'), silent: false },
      { at: d('06-01'), silent: true },
    ]);
    expect(w).toEqual({ state: 'silent', baseline: { from: d('04-01'), to: d('05-01') }, after: { from: d('05-01'), to: d('06-01') } });
  });
});

describe('summarizePeriod and lowValueDifference', () => {
  const counts = [
    { rating: 'usually_not_appropriate', silent: true, n: 56 },
    { rating: 'appropriate', silent: true, n: 14 },
    { rating: 'usually_not_appropriate', silent: false, n: 48 },
    { rating: 'appropriate', silent: false, n: 30 },
    { rating: 'may_be_appropriate', silent: false, n: 2 },
  ];
  it('counts only the rows of the window kind, per week over the window, decisions only when shown', () => {
    const before = summarizePeriod({ from: d('01-01'), to: d('01-15') }, true, counts, [{ decision: 'withdrawn', n: 3 }], d('12-01'));
    expect(before).toMatchObject({ sent: 70, byRating: { usually_not_appropriate: 56, appropriate: 14 }, perWeek: 35, decisions: {} });
    expect(before.lowValue).toMatchObject({ k: 56, n: 70, share: 0.8 });
    const after = summarizePeriod({ from: d('01-15'), to: null }, false, counts, [{ decision: 'withdrawn', n: 3 }], d('01-29'));
    expect(after).toMatchObject({ sent: 80, perWeek: 40, decisions: { withdrawn: 3 } });
    // Newcombe 1998 Table II example (a), with the groups as after − before: 48/80 − 56/70 = −0.2.
    const diff = lowValueDifference(before, after)!;
    expect(diff.difference).toBeCloseTo(-0.2, 10);
    expect(diff.lower).toBeCloseTo(-0.3339, 4);
    expect(diff.upper).toBeCloseTo(-0.0524, 4);
  });
  it('an empty window has no share and no difference', () => {
    const empty = summarizePeriod({ from: d('01-01'), to: d('01-02') }, true, [], [], d('12-01'));
    expect(empty).toMatchObject({ sent: 0, lowValue: null, perWeek: 0 });
    const other = summarizePeriod({ from: d('01-02'), to: null }, false, counts, [], d('12-01'));
    expect(lowValueDifference(empty, other)).toBeNull();
  });
});
