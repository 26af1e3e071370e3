import { describe, expect, it } from 'vitest';
import { publicHolidays } from '../calendar/norwegian-calendar.ts';
import {
  checkBookable,
  durationFor,
  freeGaps,
  openingHoursOfShifts,
  openWindows,
  osloInstant,
  shiftProblems,
  shiftsFromOpeningHours,
  slotStarts,
  suggestSlots,
  suggestTrips,
  weeklyHours,
  type MachineCalendar,
  type ShiftSpec,
} from './slots.ts';

const isHoliday = (d: string) => publicHolidays(Number(d.slice(0, 4))).has(d);
const weekdays = (start: string, end: string, kind: ShiftSpec['kind'] = 'day'): ShiftSpec[] =>
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end, kind }));
const mr = (id: string, site = 'site-a', duration = 30, shifts = weekdays('07:30', '15:30')): MachineCalendar => ({
  modalityId: id,
  siteId: site,
  shifts,
  durationMinutes: duration,
});

describe('open windows and gaps', () => {
  it('joins a day shift and the evening shift after it into one window', () => {
    const shifts = [...weekdays('07:30', '15:30'), ...weekdays('15:30', '22:00', 'evening')];
    expect(openWindows(shifts, 3)).toEqual([{ start: 450, end: 1320 }]);
    expect(openWindows(shifts, 6)).toEqual([]);
  });

  it('leaves the gaps between booked steps, and the slots fill a gap from the end of the step before it', () => {
    const gaps = freeGaps(
      [{ start: 450, end: 930 }],
      [
        { start: 450, end: 480 },
        { start: 500, end: 530 },
      ],
    );
    expect(gaps).toEqual([
      { start: 480, end: 500 },
      { start: 530, end: 930 },
    ]);
    // 20 minutes between 08:00 and 08:20 is too short for a 30-minute exam; the next starts at 08:50.
    expect(slotStarts(gaps, 30).slice(0, 2)).toEqual([530, 560]);
  });
});

describe('suggestSlots', () => {
  const base = { horizonDays: 14, count: 3, dueDate: null, isHoliday };

  it('offers the earliest free slots across machines, after now, skipping booked steps', () => {
    // Wednesday 2026-06-10, 10:05 in Oslo.
    const slots = suggestSlots({
      ...base,
      machines: [mr('mr1'), mr('mr2')],
      booked: [
        { modalityId: 'mr1', date: '2026-06-10', start: '10:10', durationMinutes: 30 },
        { modalityId: 'mr2', date: '2026-06-10', start: '10:00', durationMinutes: 60 },
      ],
      from: { date: '2026-06-10', minutes: 10 * 60 + 5 },
    });
    expect(slots.map((s) => `${s.modalityId} ${s.date} ${s.start}-${s.end}`)).toEqual([
      'mr1 2026-06-10 10:40-11:10',
      'mr2 2026-06-10 11:00-11:30',
      'mr1 2026-06-10 11:10-11:40',
    ]);
    expect(slots[0].startsAt).toBe('2026-06-10T08:40:00.000Z');
  });

  it('skips weekends and Norwegian public holidays (17 May, Ascension Day)', () => {
    // Friday 2026-05-15 after closing → Monday 18 May is ordinary; 2026: Ascension Day is Thursday 14 May, 17 May a Sunday.
    const slots = suggestSlots({ ...base, count: 1, machines: [mr('mr1')], booked: [], from: { date: '2026-05-13', minutes: 16 * 60 } });
    expect(slots[0].date).toBe('2026-05-15'); // Thursday 14 May (Kristi himmelfartsdag) is skipped
    const christmas = suggestSlots({ ...base, count: 1, machines: [mr('mr1')], booked: [], from: { date: '2026-12-24', minutes: 16 * 60 } });
    expect(christmas[0].date).toBe('2026-12-28'); // 25 and 26 December are holidays, then a weekend
  });

  it('marks slots after the exam due date as late', () => {
    const slots = suggestSlots({
      ...base,
      count: 40,
      perMachineDay: 16,
      machines: [mr('mr1')],
      booked: [],
      from: { date: '2026-06-10', minutes: 0 },
      dueDate: '2026-06-11',
    });
    expect(slots.filter((s) => s.date <= '2026-06-11').every((s) => !s.late)).toBe(true);
    expect(slots.filter((s) => s.date > '2026-06-11').every((s) => s.late)).toBe(true);
    expect(slots.some((s) => s.late)).toBe(true);
  });

  it('keeps wall-clock opening hours on the days daylight saving time starts and ends (Europe/Oslo)', () => {
    const all = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '07:30', end: '15:30', kind: 'day' as const }));
    // Sunday 29 March 2026: clocks go 02:00 → 03:00 (UTC+2 after); Sunday 25 October 2026: back to UTC+1.
    const spring = suggestSlots({ ...base, count: 1, machines: [mr('mr1', 'a', 30, all)], booked: [], from: { date: '2026-03-29', minutes: 0 } });
    expect(spring[0]).toMatchObject({ date: '2026-03-29', start: '07:30', startsAt: '2026-03-29T05:30:00.000Z' });
    const before = suggestSlots({ ...base, count: 1, machines: [mr('mr1', 'a', 30, all)], booked: [], from: { date: '2026-03-28', minutes: 0 } });
    expect(before[0].startsAt).toBe('2026-03-28T06:30:00.000Z');
    const autumn = suggestSlots({ ...base, count: 1, machines: [mr('mr1', 'a', 30, all)], booked: [], from: { date: '2026-10-25', minutes: 0 } });
    expect(autumn[0].startsAt).toBe('2026-10-25T06:30:00.000Z');
    // A night shift over the skipped hour offers nothing between 02:00 and 03:00.
    const night = [{ weekday: 7, start: '01:00', end: '04:00', kind: 'night' as const }];
    const nightSlots = suggestSlots({
      ...base,
      count: 10,
      perMachineDay: 10,
      machines: [mr('mr1', 'a', 30, night)],
      booked: [],
      from: { date: '2026-03-29', minutes: 0 },
    });
    expect(nightSlots.filter((s) => s.date === '2026-03-29').map((s) => s.start)).toEqual(['01:00', '01:30', '03:00', '03:30']);
    expect(osloInstant('2026-03-29', 150)).toBeNull();
  });
});

describe('checkBookable', () => {
  const m = { shifts: [...weekdays('07:30', '15:30'), ...weekdays('15:30', '21:00', 'evening')] };
  const from = { date: '2026-06-01', minutes: 0 };
  it('accepts an exam inside the opening hours, also across the change from day to evening shift', () => {
    expect(checkBookable(m, '2026-06-10', '15:15', 30, [], from, isHoliday)).toEqual({ ok: true });
  });
  it('refuses with the reason: outside hours, closed day, holiday, past, taken', () => {
    expect(checkBookable(m, '2026-06-10', '20:45', 30, [], from, isHoliday)).toEqual({ ok: false, problem: 'outside-hours' });
    expect(checkBookable(m, '2026-06-10', '07:00', 30, [], from, isHoliday)).toEqual({ ok: false, problem: 'outside-hours' });
    expect(checkBookable(m, '2026-06-13', '10:00', 30, [], from, isHoliday)).toEqual({ ok: false, problem: 'closed' });
    expect(checkBookable(m, '2026-05-14', '10:00', 30, [], { date: '2026-05-01', minutes: 0 }, isHoliday)).toEqual({ ok: false, problem: 'holiday' });
    expect(checkBookable(m, '2026-05-29', '10:00', 30, [], from, isHoliday)).toEqual({ ok: false, problem: 'past' });
    expect(checkBookable(m, '2026-06-10', '10:00', 30, [{ start: 610, end: 640 }], from, isHoliday)).toEqual({ ok: false, problem: 'taken' });
  });
});

describe('suggestTrips', () => {
  it('puts two exams for one patient back to back at the same site on the same day', () => {
    const trips = suggestTrips({
      requests: [
        { referralId: 'r-mr', dueDate: null, machines: [mr('mr-a', 'site-a'), mr('mr-b', 'site-b')] },
        { referralId: 'r-ct', dueDate: null, machines: [mr('ct-a', 'site-a', 20)] },
      ],
      booked: [
        { modalityId: 'mr-a', date: '2026-06-10', start: '07:30', durationMinutes: 120 },
        { modalityId: 'ct-a', date: '2026-06-10', start: '07:30', durationMinutes: 20 },
      ],
      from: { date: '2026-06-10', minutes: 0 },
      horizonDays: 5,
      count: 1,
      isHoliday,
    });
    expect(trips).toHaveLength(1);
    const [t] = trips;
    expect(t.siteId).toBe('site-a'); // site-b has no CT
    // MR is full until 09:30; the CT is placed so the wait between them is at most 30 minutes, as early as possible.
    expect(t.items.map((i) => `${i.referralId} ${i.start}-${i.end}`)).toEqual(['r-ct 08:50-09:10', 'r-mr 09:30-10:00']);
  });

  it('finds no trip when the exams cannot be done at one site', () => {
    const trips = suggestTrips({
      requests: [
        { referralId: 'r1', dueDate: null, machines: [mr('mr-a', 'site-a')] },
        { referralId: 'r2', dueDate: null, machines: [mr('ct-b', 'site-b')] },
      ],
      booked: [],
      from: { date: '2026-06-10', minutes: 0 },
      horizonDays: 5,
      count: 3,
      isHoliday,
    });
    expect(trips).toEqual([]);
  });
});

describe('shiftProblems', () => {
  it('finds overlapping shifts, times outside the day and shifts that end before they start', () => {
    expect(shiftProblems([...weekdays('07:30', '15:30'), ...weekdays('15:30', '22:00', 'evening')])).toEqual([]);
    expect(
      shiftProblems([
        { weekday: 1, start: '07:30', end: '15:30', kind: 'day' },
        { weekday: 1, start: '15:00', end: '20:00', kind: 'evening' },
      ]),
    ).toEqual([
      { index: 0, problem: 'overlap' },
      { index: 1, problem: 'overlap' },
    ]);
    expect(shiftProblems([{ weekday: 1, start: '25:00', end: '26:00', kind: 'day' }])).toEqual([{ index: 0, problem: 'bad-time' }]);
    expect(shiftProblems([{ weekday: 1, start: '16:00', end: '08:00', kind: 'day' }])).toEqual([{ index: 0, problem: 'end-before-start' }]);
    expect(shiftProblems([{ weekday: 8, start: '08:00', end: '16:00', kind: 'day' }])).toEqual([{ index: 0, problem: 'bad-weekday' }]);
  });
});

describe('shifts, opening hours and slot types', () => {
  it('derives a day and an evening shift from a two-shift machine open until 22:00, and back', () => {
    const shifts = shiftsFromOpeningHours({ mon: ['07:30', '22:00'], sat: ['09:00', '13:00'] }, 2);
    expect(shifts).toEqual([
      { weekday: 1, start: '07:30', end: '15:30', kind: 'day' },
      { weekday: 1, start: '15:30', end: '22:00', kind: 'evening' },
      { weekday: 6, start: '09:00', end: '13:00', kind: 'weekend' },
    ]);
    expect(openingHoursOfShifts(shifts)).toEqual({ hours: { mon: ['07:30', '22:00'], sat: ['09:00', '13:00'] }, shiftCount: 2 });
    expect(weeklyHours(shifts)).toEqual({ total: 18.5, evening: 6.5 });
  });

  it('takes the most specific slot type: machine and exam, machine, exam, kind', () => {
    const types = [
      { modalityKind: 'MR', examCode: null, modalityId: null, durationMinutes: 30 },
      { modalityKind: 'MR', examCode: 'MR-KNE', modalityId: null, durationMinutes: 25 },
      { modalityKind: 'MR', examCode: null, modalityId: 'mr2', durationMinutes: 40 },
      { modalityKind: 'MR', examCode: 'MR-KNE', modalityId: 'mr3', durationMinutes: 20 },
    ];
    expect(durationFor(types, 'MR', 'MR-HOD', 'mr1')).toBe(30);
    expect(durationFor(types, 'MR', 'MR-KNE', 'mr1')).toBe(25);
    expect(durationFor(types, 'MR', 'MR-KNE', 'mr2')).toBe(40);
    expect(durationFor(types, 'MR', 'MR-KNE', 'mr3')).toBe(20);
    expect(durationFor(types, 'CT', 'CT-HOD', 'ct1')).toBe(20);
  });
});
