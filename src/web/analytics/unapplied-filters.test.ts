import { describe, expect, it } from 'vitest';
import { unappliedFilters } from './unapplied-filters.ts';

const none = { area: '', trust: '', modality: '', exam: '', ageGroup: '', sex: '', provider: '' };

describe('unappliedFilters', () => {
  it('names the chosen filters the view cannot apply, in the panel order', () => {
    // Advice decisions are counted by area and trust only (store DECISION_COLS).
    const decision = ['area', 'trust'];
    expect(unappliedFilters({ ...none, area: 'bergen', sex: 'F', modality: 'MR' }, decision)).toEqual(['analytics.modality', 'analytics.sex']);
    // The low-value indicators have no provider kind.
    const indicator = ['area', 'trust', 'modality', 'exam', 'ageGroup', 'sex'];
    expect(unappliedFilters({ ...none, provider: 'private', sex: 'M' }, indicator)).toEqual(['analytics.provider']);
  });
  it('is empty when nothing is chosen or everything applies', () => {
    expect(unappliedFilters(none, [])).toEqual([]);
    expect(unappliedFilters({ ...none, area: 'bergen', provider: 'public' }, ['area', 'provider'])).toEqual([]);
  });
});
