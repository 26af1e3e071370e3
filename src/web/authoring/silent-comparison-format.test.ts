import { describe, expect, it } from 'vitest';
import { comparisonRatings, percent, pointsChange } from './silent-comparison-format.ts';

describe('silent comparison formatting', () => {
  it('lists the ratings of both periods once, in the ratings order', () => {
    const p = (byRating: Record<string, number>) => ({ from: '', to: null, sent: 0, byRating, lowValue: null, perWeek: 0, decisions: {} });
    expect(
      comparisonRatings({
        topicId: 'kne',
        state: 'live',
        baseline: p({ usually_not_appropriate: 2, appropriate: 1 }),
        after: p({ may_be_appropriate: 1, appropriate: 3 }),
        difference: null,
      }),
    ).toEqual(['appropriate', 'may_be_appropriate', 'usually_not_appropriate']);
  });
  it('writes shares and signed percentage points in the reader’s language', () => {
    expect(percent(2 / 3, 'nb').replace(/\s/g, ' ')).toBe('66,7 %');
    expect(percent(2 / 3, 'en')).toBe('66.7%');
    expect(pointsChange(1 / 2 - 2 / 3, 'nb')).toBe('−16,7');
    expect(pointsChange(0.04, 'en')).toBe('+4.0');
    expect(pointsChange(0, 'en')).toBe('0.0');
  });
});
