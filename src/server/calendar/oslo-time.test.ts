// Norwegian wall-clock readings as instants (oslo-time.ts) around the 2026 summer-time changes:
// CEST from Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC (EU directive 2000/84/EC,
// as the tz database has Europe/Oslo).
import { describe, expect, it } from 'vitest';
import { osloOffsetMs, osloWallClockInstant } from './oslo-time.ts';

const at = (wall: string) => new Date(osloWallClockInstant(Date.parse(`${wall}Z`))).toISOString();

describe('osloWallClockInstant', () => {
  it('reads winter readings at +01:00 and summer readings at +02:00', () => {
    expect(at('2026-01-15T12:00:00')).toBe('2026-01-15T11:00:00.000Z');
    expect(at('2026-07-15T12:00:00')).toBe('2026-07-15T10:00:00.000Z');
  });
  it('around the March change: 01:59 is winter, 03:00 summer, the skipped 02:30 an hour on', () => {
    expect(at('2026-03-29T01:59:00')).toBe('2026-03-29T00:59:00.000Z');
    expect(at('2026-03-29T02:30:00')).toBe('2026-03-29T01:30:00.000Z');
    expect(at('2026-03-29T03:00:00')).toBe('2026-03-29T01:00:00.000Z');
  });
  it('around the October change: the repeated 02:30 is the first (summer), 03:00 winter', () => {
    expect(at('2026-10-25T01:59:00')).toBe('2026-10-24T23:59:00.000Z');
    expect(at('2026-10-25T02:30:00')).toBe('2026-10-25T00:30:00.000Z');
    expect(at('2026-10-25T03:00:00')).toBe('2026-10-25T02:00:00.000Z');
  });
});

describe('osloOffsetMs', () => {
  it('is one hour either side of the change instants and two between', () => {
    expect(osloOffsetMs(Date.parse('2026-03-29T00:59:59Z'))).toBe(3_600_000);
    expect(osloOffsetMs(Date.parse('2026-03-29T01:00:00Z'))).toBe(7_200_000);
    expect(osloOffsetMs(Date.parse('2026-10-25T00:59:59Z'))).toBe(7_200_000);
    expect(osloOffsetMs(Date.parse('2026-10-25T01:00:00Z'))).toBe(3_600_000);
  });
});
