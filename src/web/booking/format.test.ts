import { describe, expect, it } from 'vitest';
import { calendarDay, osloToday } from '../app/oslo-time.ts';
import { priorityKey } from './format.ts';

describe('booking page formats', () => {
  it('shows priority categories in words and never an unknown code', () => {
    expect(priorityKey('cancer_pathway')).toBe('booking.prio.cancer_pathway');
    expect(priorityKey('some_local_code')).toBe('booking.prio.none');
    expect(priorityKey(null)).toBe('booking.prio.none');
  });
  it('writes dates in Norwegian and takes today in Oslo, not UTC', () => {
    expect(calendarDay('2026-12-09', 'nb')).toMatch(/^ons\.? 9\. des\.?$/);
    expect(calendarDay('1970-06-15', 'nb', true)).toMatch(/^15\. juni 1970$/);
    expect(osloToday(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
  });
});
