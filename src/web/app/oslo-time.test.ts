import { describe, expect, it } from 'vitest';
import { osloDate, osloDateTime } from './oslo-time.ts';

describe('times in Norwegian wall-clock time', () => {
  it('an instant reads in Oslo time whatever the machine’s zone (winter UTC+1, summer UTC+2)', () => {
    expect(osloDateTime('2026-12-02T08:35:00Z', 'nb')).toMatch(/09:35/);
    expect(osloDateTime('2026-07-01T08:35:00Z', 'nb')).toMatch(/10:35/);
    expect(osloDateTime('2026-12-02T08:35:00Z', 'en', 'short')).toMatch(/02\/12\/2026.*09:35/);
    // 23:30 UTC on 1 December is already 2 December in Norway.
    expect(osloDateTime('2026-12-01T23:30:00Z', 'nb', 'long')).toMatch(/^2\. desember 2026.*00:30$/);
    expect(osloDate('2026-12-01T23:30:00Z', 'nb')).toBe('2. desember 2026');
  });
  it('a calendar date stays that date; nothing or nonsense reads as a dash', () => {
    expect(osloDate('2026-12-24', 'nb')).toBe('24. desember 2026');
    expect(osloDate('2026-12-24', 'en')).toBe('24 December 2026');
    expect(osloDateTime(null, 'nb')).toBe('–');
    expect(osloDate('not a date', 'en')).toBe('–');
  });
});
