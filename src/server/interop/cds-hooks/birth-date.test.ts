import { describe, expect, it } from 'vitest';
import { birthDateProblem } from './cards.ts';

describe('a prefetched birth date (FHIR date: YYYY, YYYY-MM, YYYY-MM-DD)', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  it.each([
    ['1970-01-01', null],
    ['2024-02-29', null],
    ['2026-12-01', null],
    ['2026-12', null],
    ['2026', null],
    ['1970', null],
    ['2025-02-29', 'not-a-date'],
    ['2026-02-31', 'not-a-date'],
    ['2026-13-01', 'not-a-date'],
    ['2026-00', 'not-a-date'],
    ['2026-04-31', 'not-a-date'],
    ['2026-01-00', 'not-a-date'],
    ['2026-12-02', 'in-the-future'],
    ['2027-01', 'in-the-future'],
    ['2027', 'in-the-future'],
    ['2030-06-01', 'in-the-future'],
  ] as const)('%s → %s', (date, problem) => {
    expect(birthDateProblem(date, now)).toBe(problem);
  });
});
