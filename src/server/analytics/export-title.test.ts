// The pure parts of the CSV title line (export-title.ts): the period in file names and when a file was
// made, in Norwegian time, in the user's language. The whole line is tested on the routes (analytics.test.ts).
import { describe, expect, it } from 'vitest';
import { madeAt, periodSlug } from './export-title.ts';

describe('CSV title line parts', () => {
  it('the period in a file name: the year alone, or first-last', () => {
    expect(periodSlug({ from: 2025, to: 2025 })).toBe('2025');
    expect(periodSlug({ from: 2024, to: 2026 })).toBe('2024-2026');
  });

  it('when the file was made: Norwegian time (winter UTC+1, summer UTC+2), in words of the language', () => {
    expect(madeAt('nb', new Date('2026-12-02T09:47:00Z'))).toBe('2. desember 2026 kl. 10:47');
    expect(madeAt('en', new Date('2026-12-02T09:47:00Z'))).toBe('2 December 2026 at 10:47');
    expect(madeAt('nb', new Date('2026-06-30T22:30:00Z'))).toBe('1. juli 2026 kl. 00:30');
  });
});
