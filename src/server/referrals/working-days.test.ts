import { describe, expect, it } from 'vitest';
import { easterSunday, osloDate, publicHolidays, workingDaysLeft } from './working-days.ts';

describe('the 10-working-day assessment deadline', () => {
  it('knows Easter and the Norwegian public holidays', () => {
    expect(easterSunday(2026).toISOString().slice(0, 10)).toBe('2026-04-05');
    expect(easterSunday(2027).toISOString().slice(0, 10)).toBe('2027-03-28');
    expect([...publicHolidays(2026)].sort()).toEqual(['2026-01-01', '2026-04-02', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-17', '2026-05-25', '2026-12-25', '2026-12-26']);
  });

  it('counts working days only', () => {
    expect(workingDaysLeft(new Date('2026-11-20T10:00:00Z'), new Date('2026-11-20T15:00:00Z'))).toBe(10); // same day
    expect(workingDaysLeft(new Date('2026-11-20T10:00:00Z'), new Date('2026-11-23T08:00:00Z'))).toBe(9); // Fri → Mon
    expect(workingDaysLeft(new Date('2026-11-16T10:00:00Z'), new Date('2026-11-30T10:00:00Z'))).toBe(0); // two weeks
    expect(workingDaysLeft(new Date('2026-11-16T10:00:00Z'), new Date('2026-12-01T10:00:00Z'))).toBe(-1); // overdue
  });

  it('skips Easter and Christmas', () => {
    // Wed 1 April 2026 → Tue 7 April: Maundy Thursday, Good Friday and Easter Monday are not working days.
    expect(workingDaysLeft(new Date('2026-04-01T09:00:00Z'), new Date('2026-04-07T09:00:00Z'))).toBe(9);
    // Wed 23 Dec → Mon 28 Dec: 24 Dec is a working day, 25 and 26 are holidays.
    expect(workingDaysLeft(new Date('2026-12-23T09:00:00Z'), new Date('2026-12-28T09:00:00Z'))).toBe(8);
  });

  it('uses the Norwegian date, not the UTC date', () => {
    // 23:30 UTC on Thursday 19 Nov is already Friday 20 Nov in Oslo.
    expect(osloDate(new Date('2026-11-19T23:30:00Z')).toISOString().slice(0, 10)).toBe('2026-11-20');
    expect(workingDaysLeft(new Date('2026-11-19T23:30:00Z'), new Date('2026-11-20T10:00:00Z'))).toBe(10);
  });
});
