import { describe, expect, it } from 'vitest';
import { redirectChoices, suggestedDueDate } from './assess-form.ts';

describe('suggested exam due date', () => {
  it('counts calendar days from the Norwegian date, or leaves the date to the assessor', () => {
    // 23:30 UTC on 31 December is 1 January in Oslo.
    expect(suggestedDueDate(14, new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-15');
    expect(suggestedDueDate(0, new Date('2026-06-01T10:00:00Z'))).toBe('2026-06-01');
    expect(suggestedDueDate(null, new Date('2026-06-01T10:00:00Z'))).toBeNull();
  });
});

describe('redirect choices', () => {
  const targets = [
    { id: 'dept', kind: 'department', condition: 'always' as const },
    { id: 'inst', kind: 'private_institute', condition: 'followed_up_outside_hospital' as const },
    { id: 'inst2', kind: 'private_institute', condition: 'always' as const },
  ];
  it('offers a conditional target only when the condition is ticked, and no institute for a hospital meeting', () => {
    expect(redirectChoices(targets, false, false).map((t) => t.id)).toEqual(['dept', 'inst2']);
    expect(redirectChoices(targets, true, false).map((t) => t.id)).toEqual(['dept', 'inst', 'inst2']);
    expect(redirectChoices(targets, true, true).map((t) => t.id)).toEqual(['dept']);
  });
});
