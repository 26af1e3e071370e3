import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addWorkingDays,
  addWorkingDaysToInstant,
  assessmentDeadline,
  easterSunday,
  isWorkingDay,
  osloDate,
  publicHolidays,
  workingDaysLeft,
} from './norwegian-calendar.ts';

const day = (s: string) => new Date(`${s}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

// Known dates, checked against the Norwegian almanac (Easter 2026: 5 April; 2027: 28 March).
describe('Norwegian public holidays', () => {
  it('lists the public holidays of 2026', () => {
    expect([...publicHolidays(2026)].sort()).toEqual([
      '2026-01-01', // første nyttårsdag
      '2026-04-02', // skjærtorsdag
      '2026-04-03', // langfredag
      '2026-04-05', // første påskedag
      '2026-04-06', // andre påskedag
      '2026-05-01', // arbeidernes dag
      '2026-05-14', // Kristi himmelfartsdag
      '2026-05-17', // grunnlovsdagen
      '2026-05-24', // første pinsedag
      '2026-05-25', // andre pinsedag
      '2026-12-25', // første juledag
      '2026-12-26', // andre juledag
    ]);
  });

  it('lists the public holidays of 2027, when Whit Monday falls on 17 May', () => {
    expect([...publicHolidays(2027)].sort()).toEqual([
      '2027-01-01',
      '2027-03-25',
      '2027-03-26',
      '2027-03-28',
      '2027-03-29',
      '2027-05-01',
      '2027-05-06',
      '2027-05-16',
      '2027-05-17',
      '2027-12-25',
      '2027-12-26',
    ]);
  });

  it('knows Easter Sunday', () => {
    expect(iso(easterSunday(2026))).toBe('2026-04-05');
    expect(iso(easterSunday(2027))).toBe('2027-03-28');
  });

  it('treats Christmas Eve and New Year’s Eve as working days, holidays and weekends not', () => {
    expect(isWorkingDay(day('2026-12-24'))).toBe(true); // Thursday
    expect(isWorkingDay(day('2026-12-31'))).toBe(true); // Thursday
    expect(isWorkingDay(day('2026-12-25'))).toBe(false);
    expect(isWorkingDay(day('2026-05-14'))).toBe(false); // Ascension Day, a Thursday
    expect(isWorkingDay(day('2026-05-25'))).toBe(false); // Whit Monday
    expect(isWorkingDay(day('2026-05-17'))).toBe(false); // Sunday anyway
    expect(isWorkingDay(day('2027-05-17'))).toBe(false); // Monday: Constitution Day and Whit Monday
    expect(isWorkingDay(day('2026-11-28'))).toBe(false); // Saturday
  });
});

describe('the 10-working-day assessment deadline (pasient- og brukerrettighetsloven § 2-2)', () => {
  it('counts working days left', () => {
    expect(workingDaysLeft(new Date('2026-11-20T10:00:00Z'), new Date('2026-11-20T15:00:00Z'))).toBe(10); // same day
    expect(workingDaysLeft(new Date('2026-11-20T10:00:00Z'), new Date('2026-11-23T08:00:00Z'))).toBe(9); // Fri → Mon
    expect(workingDaysLeft(new Date('2026-11-16T10:00:00Z'), new Date('2026-11-30T10:00:00Z'))).toBe(0); // two weeks
    expect(workingDaysLeft(new Date('2026-11-16T10:00:00Z'), new Date('2026-12-01T10:00:00Z'))).toBe(-1); // overdue
  });

  it('skips Easter, Ascension, Whitsun and Christmas', () => {
    // Wed 1 April 2026 → Tue 7 April: Maundy Thursday, Good Friday and Easter Monday are not working days.
    expect(workingDaysLeft(new Date('2026-04-01T09:00:00Z'), new Date('2026-04-07T09:00:00Z'))).toBe(9);
    // Wed 23 Dec → Mon 28 Dec: 24 Dec is a working day, 25 and 26 are holidays.
    expect(workingDaysLeft(new Date('2026-12-23T09:00:00Z'), new Date('2026-12-28T09:00:00Z'))).toBe(8);
    // Wed 13 May 2026 → Tue 26 May: Ascension (14th) and Whit Monday (25th) skipped, 17 May is a Sunday: 7 passed.
    expect(workingDaysLeft(new Date('2026-05-13T09:00:00Z'), new Date('2026-05-26T09:00:00Z'))).toBe(3);
  });

  it('gives the last day of the deadline', () => {
    // Received Fri 20 Nov 2026 → ten working days later is Fri 4 Dec.
    expect(iso(assessmentDeadline(new Date('2026-11-20T10:00:00Z')))).toBe('2026-12-04');
    // Received Wed 1 Apr 2026: Easter takes three working days (2, 3, 6 April) → Mon 20 Apr instead of Wed 15.
    expect(iso(assessmentDeadline(new Date('2026-04-01T10:00:00Z')))).toBe('2026-04-20');
    // Received Fri 18 Dec 2026: Christmas Day (Fri) and New Year's Day (Fri) → Tue 5 Jan 2027.
    expect(iso(assessmentDeadline(new Date('2026-12-18T10:00:00Z')))).toBe('2027-01-05');
    // Received Fri 7 May 2027: Ascension (6 May) is behind; 17 May is Monday → Mon 24 May.
    expect(iso(assessmentDeadline(new Date('2027-05-07T10:00:00Z')))).toBe('2027-05-24');
    // The deadline day has exactly 0 working days left.
    const received = new Date('2027-03-22T10:00:00Z');
    expect(workingDaysLeft(received, new Date(`${iso(assessmentDeadline(received))}T12:00:00Z`))).toBe(0);
  });

  it('uses the Norwegian date, not the UTC date', () => {
    // 23:30 UTC on Thursday 19 Nov is already Friday 20 Nov in Oslo.
    expect(iso(osloDate(new Date('2026-11-19T23:30:00Z')))).toBe('2026-11-20');
    expect(workingDaysLeft(new Date('2026-11-19T23:30:00Z'), new Date('2026-11-20T10:00:00Z'))).toBe(10);
  });

  it('adds working days to dates and to instants alike', () => {
    expect(iso(addWorkingDays(day('2026-04-01'), 1))).toBe('2026-04-07');
    const t = Date.parse('2026-04-01T13:45:00Z');
    expect(new Date(addWorkingDaysToInstant(t, 1)).toISOString()).toBe('2026-04-07T13:45:00.000Z');
    expect(addWorkingDaysToInstant(t, 0)).toBe(t);
  });
});

describe('osloDate (memoized per UTC hour)', () => {
  const direct = (t: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(t));
  const day = (t: number) => osloDate(new Date(t)).toISOString().slice(0, 10);

  it('agrees with Intl (Europe/Oslo) on the minutes around midnight and the summer-time switches', () => {
    // EU summer time 2026: 29 March and 25 October at 01:00 UTC; Oslo midnight is 22:00 or 23:00 UTC.
    for (const iso of [
      '2026-03-28T22:59:59Z',
      '2026-03-28T23:00:00Z',
      '2026-03-29T00:59:59Z',
      '2026-03-29T21:59:59Z',
      '2026-03-29T22:00:00Z',
      '2026-10-24T21:59:59Z',
      '2026-10-24T22:00:00Z',
      '2026-10-25T00:59:59Z',
      '2026-10-25T01:00:00Z',
      '2026-10-25T22:59:59Z',
      '2026-10-25T23:00:00Z',
      '2026-12-31T22:59:59.999Z',
      '2026-12-31T23:00:00Z',
    ]) {
      const t = Date.parse(iso);
      // Asked twice: the second answer comes from the memo.
      expect([day(t), day(t)]).toEqual([direct(t), direct(t)]);
    }
  });

  it('agrees with Intl on any instant from 1900 to 2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), (t) => {
        expect(day(t)).toBe(direct(t));
        expect(day(t)).toBe(direct(t));
      }),
      { numRuns: 2000 },
    );
  });
});
