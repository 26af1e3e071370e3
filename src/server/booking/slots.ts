// Slot finding: where and when an accepted referral can be examined. Pure functions over a
// machine's shifts (its opening hours), the steps already booked on it, the exam's duration and
// the Norwegian calendar; no database, no clock (the caller passes "now" as an Oslo date and minute).
//
// Times are Norwegian wall-clock time (Europe/Oslo), as DICOM DA/TM values in the worklist are:
// a day is the minutes 0…1440 from local midnight whatever its length, so a shift 07:30–15:30
// is the same on the 23-hour and 25-hour days when daylight saving time starts or ends. A slot in
// the hour that does not exist on the spring-forward day (02:00–03:00) is never offered.

/** Minutes from local midnight, [start, end). */
export interface Interval {
  start: number;
  end: number;
}

export type ShiftKindName = 'day' | 'evening' | 'night' | 'weekend';

/** A shift on an ISO weekday (1 = Monday … 7 = Sunday), times HH:MM (or HH:MM:SS) wall-clock. */
export interface ShiftSpec {
  weekday: number;
  start: string;
  end: string;
  kind: ShiftKindName;
}

/** A machine as slot finding sees it: where it stands, when it is open, how long this exam takes on it. */
export interface MachineCalendar {
  modalityId: string;
  siteId: string;
  shifts: ShiftSpec[];
  /** Minutes the exam occupies this machine (the slot type). */
  durationMinutes: number;
}

/** A live step on a machine (scheduled or in progress). */
export interface BookedStep {
  modalityId: string;
  date: string;
  start: string;
  durationMinutes: number;
}

/** A free slot. `late` when it falls after the referral's exam due date. */
export interface Slot {
  modalityId: string;
  siteId: string;
  /** YYYY-MM-DD, Oslo calendar date. */
  date: string;
  /** HH:MM, Oslo wall-clock time. */
  start: string;
  end: string;
  durationMinutes: number;
  /** The instant the slot starts, ISO 8601 UTC. */
  startsAt: string;
  late: boolean;
}

/** Minutes from midnight of HH:MM or HH:MM:SS (24:00 allowed as the end of the day). */
export function toMinutes(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(hhmm);
  if (!m) throw new RangeError(`not a time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** HH:MM of minutes from midnight. */
export function formatMinutes(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The date `n` days after a YYYY-MM-DD date. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Overlapping or touching intervals merged, sorted by start. */
export function mergeIntervals(list: Interval[]): Interval[] {
  const sorted = [...list].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** When a machine is open on a weekday: the union of its shifts that day (adjacent shifts join). */
export function openWindows(shifts: ShiftSpec[], weekday: number): Interval[] {
  return mergeIntervals(shifts.filter((s) => s.weekday === weekday).map((s) => ({ start: toMinutes(s.start), end: toMinutes(s.end) })));
}

/** The parts of the open windows no booked interval covers. */
export function freeGaps(windows: Interval[], booked: Interval[]): Interval[] {
  const busy = mergeIntervals(booked);
  const out: Interval[] = [];
  for (const w of windows) {
    let t = w.start;
    for (const b of busy) {
      if (b.end <= t || b.start >= w.end) continue;
      if (b.start > t) out.push({ start: t, end: b.start });
      t = Math.max(t, b.end);
    }
    if (t < w.end) out.push({ start: t, end: w.end });
  }
  return out;
}

/** Rounds minutes up to the next multiple of `step`. */
const roundUp = (m: number, step: number) => Math.ceil(m / step) * step;

/**
 * Start minutes of the slots of `duration` in the free gaps, not before `notBefore`: from each
 * gap's start in steps of the duration (so a gap after a booked step is filled from its end).
 */
export function slotStarts(gaps: Interval[], duration: number, notBefore = 0): number[] {
  const out: number[] = [];
  for (const g of gaps) {
    let t = g.start;
    if (t < notBefore) t = g.start + roundUp(notBefore - g.start, 5);
    for (; t + duration <= g.end; t += duration) out.push(t);
  }
  return out;
}

const osloParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The Oslo wall-clock date (YYYY-MM-DD) and minute of an instant. */
export function osloWallClock(instant: Date): { date: string; minutes: number } {
  const p = Object.fromEntries(osloParts.formatToParts(instant).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, minutes: Number(p.hour) * 60 + Number(p.minute) };
}

/**
 * The instant of an Oslo wall-clock time, or null when that time does not exist (the hour
 * skipped when daylight saving time starts). In the repeated hour when it ends, the first.
 */
export function osloInstant(date: string, minutes: number): Date | null {
  const naive = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  // Oslo is UTC+1 or UTC+2: try both offsets, keep the one that reads back as the same wall time.
  for (const offsetHours of [2, 1]) {
    const t = new Date(naive - offsetHours * 3_600_000);
    const w = osloWallClock(t);
    if (w.date === date && w.minutes === minutes) return t;
  }
  return null;
}

export interface SuggestInput {
  /** Suitable machines (the exam's modality kind, the department's sites) with the exam's duration on each. */
  machines: MachineCalendar[];
  /** Live steps on those machines in the period. */
  booked: BookedStep[];
  /** Now, as an Oslo date and minute: no slot starts earlier. */
  from: { date: string; minutes: number };
  horizonDays: number;
  /** How many slots to return. */
  count: number;
  /** At most this many slots per machine and day (so the list shows a choice). */
  perMachineDay?: number;
  /** The referral's exam due date (YYYY-MM-DD); later slots are marked late. */
  dueDate: string | null;
  /** Norwegian public holidays: the department is closed (calendar/norwegian-calendar.ts). */
  isHoliday: (date: string) => boolean;
}

/** Booked intervals per machine and date: key `${modalityId}|${date}`. */
export function bookedByMachineDay(booked: BookedStep[]): Map<string, Interval[]> {
  const out = new Map<string, Interval[]>();
  for (const b of booked) {
    const k = `${b.modalityId}|${b.date}`;
    const start = toMinutes(b.start);
    out.set(k, [...(out.get(k) ?? []), { start, end: start + b.durationMinutes }]);
  }
  return out;
}

function slotOf(m: MachineCalendar, date: string, start: number, dueDate: string | null): Slot | null {
  const at = osloInstant(date, start);
  if (!at) return null;
  return {
    modalityId: m.modalityId,
    siteId: m.siteId,
    date,
    start: formatMinutes(start),
    end: formatMinutes(start + m.durationMinutes),
    durationMinutes: m.durationMinutes,
    startsAt: at.toISOString(),
    late: dueDate !== null && date > dueDate,
  };
}

/** Free slots of one machine on one date (holidays closed; nothing before `from`). */
export function machineDaySlots(
  m: MachineCalendar,
  date: string,
  booked: Interval[],
  from: { date: string; minutes: number },
  isHoliday: (d: string) => boolean,
) {
  if (date < from.date || isHoliday(date)) return [];
  const gaps = freeGaps(openWindows(m.shifts, isoWeekday(date)), booked);
  return slotStarts(gaps, m.durationMinutes, date === from.date ? from.minutes : 0).filter((s) => osloInstant(date, s) !== null);
}

/**
 * The earliest free slots for one exam across the suitable machines, earliest first (ties: the
 * machine id). Days are walked from `from.date` for `horizonDays`; public holidays are closed.
 */
export function suggestSlots(input: SuggestInput): Slot[] {
  const booked = bookedByMachineDay(input.booked);
  const perMachineDay = input.perMachineDay ?? 3;
  const out: Slot[] = [];
  for (let d = 0; d < input.horizonDays && out.length < input.count; d++) {
    const date = addDays(input.from.date, d);
    const day: Slot[] = [];
    for (const m of input.machines) {
      const starts = machineDaySlots(m, date, booked.get(`${m.modalityId}|${date}`) ?? [], input.from, input.isHoliday).slice(0, perMachineDay);
      for (const s of starts) {
        const slot = slotOf(m, date, s, input.dueDate);
        if (slot) day.push(slot);
      }
    }
    day.sort((a, b) => a.start.localeCompare(b.start) || a.modalityId.localeCompare(b.modalityId));
    out.push(...day.slice(0, input.count - out.length));
  }
  return out;
}

export type BookabilityProblem = 'past' | 'holiday' | 'closed' | 'outside-hours' | 'nonexistent-time' | 'taken';

/**
 * Whether an exam of `duration` minutes can start at `start` on `date` on the machine: the day is
 * not a public holiday, the machine has shifts that day, the whole exam lies inside one open
 * window (adjacent shifts join), it is not in the past and it overlaps no booked step.
 */
export function checkBookable(
  m: Pick<MachineCalendar, 'shifts'>,
  date: string,
  start: string,
  duration: number,
  booked: Interval[],
  from: { date: string; minutes: number },
  isHoliday: (d: string) => boolean,
): { ok: true } | { ok: false; problem: BookabilityProblem } {
  const s = toMinutes(start);
  if (date < from.date || (date === from.date && s < from.minutes)) return { ok: false, problem: 'past' };
  if (isHoliday(date)) return { ok: false, problem: 'holiday' };
  const windows = openWindows(m.shifts, isoWeekday(date));
  if (windows.length === 0) return { ok: false, problem: 'closed' };
  if (!windows.some((w) => w.start <= s && s + duration <= w.end)) return { ok: false, problem: 'outside-hours' };
  if (osloInstant(date, s) === null) return { ok: false, problem: 'nonexistent-time' };
  if (booked.some((b) => b.start < s + duration && s < b.end)) return { ok: false, problem: 'taken' };
  return { ok: true };
}

/** One exam of a trip: the referral, its due date, and its suitable machines with durations. */
export interface TripRequest {
  referralId: string;
  dueDate: string | null;
  machines: MachineCalendar[];
}

export interface TripItem extends Slot {
  referralId: string;
}

/** Several exams for one patient on the same day at the same site, one after the other. */
export interface Trip {
  date: string;
  siteId: string;
  items: TripItem[];
}

export interface TripInput {
  requests: TripRequest[];
  booked: BookedStep[];
  from: { date: string; minutes: number };
  horizonDays: number;
  /** Longest wait between two exams of the trip. */
  maxGapMinutes?: number;
  count: number;
  isHoliday: (date: string) => boolean;
}

function permutations<T>(list: T[]): T[][] {
  if (list.length <= 1) return [list];
  return list.flatMap((x, i) => permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((p) => [x, ...p]));
}

/** The earliest start ≥ t (5-minute grid) where `duration` fits in one of the gaps, or null. */
function earliestFit(gaps: Interval[], duration: number, t: number): number | null {
  for (const g of gaps) {
    const s = Math.max(g.start, g.start + roundUp(Math.max(0, t - g.start), 5));
    if (s + duration <= g.end) return s;
  }
  return null;
}

/**
 * Trips for a patient with several accepted referrals: each day (public holidays closed) and
 * site where every exam fits on a suitable machine one after the other, with at most
 * `maxGapMinutes` (default 30) between one exam's end and the next one's start. Tries every
 * order of the exams (at most 4) and keeps the earliest-starting chain per day and site.
 * Returns at most `count` trips, earliest first. Throws RangeError for more than 4 exams.
 */
export function suggestTrips(input: TripInput): Trip[] {
  if (input.requests.length > 4) throw new RangeError('at most 4 exams on one trip');
  const maxGap = input.maxGapMinutes ?? 30;
  const booked = bookedByMachineDay(input.booked);
  const sites = [...new Set(input.requests[0]?.machines.map((m) => m.siteId) ?? [])].filter((site) =>
    input.requests.every((r) => r.machines.some((m) => m.siteId === site)),
  );
  const orders = permutations(input.requests);
  const out: Trip[] = [];
  for (let d = 0; d < input.horizonDays && out.length < input.count; d++) {
    const date = addDays(input.from.date, d);
    if (input.isHoliday(date)) continue;
    const weekday = isoWeekday(date);
    const notBefore = date === input.from.date ? input.from.minutes : 0;
    if (date < input.from.date) continue;
    const day: Trip[] = [];
    for (const site of sites) {
      const gapsOf = (m: MachineCalendar) => freeGaps(openWindows(m.shifts, weekday), booked.get(`${m.modalityId}|${date}`) ?? []);
      let best: TripItem[] | null = null;
      for (const order of orders) {
        const firstMachines = order[0].machines.filter((m) => m.siteId === site);
        const firstStarts = firstMachines.flatMap((m) => slotStarts(gapsOf(m), m.durationMinutes, notBefore).map((s) => ({ m, s }))).sort((a, b) => a.s - b.s);
        for (const { m, s } of firstStarts) {
          if (best && s >= toMinutes(best[0].start)) break;
          const first = slotOf(m, date, s, order[0].dueDate);
          if (!first) continue;
          const chain: TripItem[] = [{ ...first, referralId: order[0].referralId }];
          let end = s + m.durationMinutes;
          for (const req of order.slice(1)) {
            let pick: { m: MachineCalendar; s: number } | null = null;
            for (const cand of req.machines.filter((x) => x.siteId === site)) {
              const fit = earliestFit(gapsOf(cand), cand.durationMinutes, end);
              if (fit !== null && fit - end <= maxGap && (!pick || fit < pick.s)) pick = { m: cand, s: fit };
            }
            const slot = pick ? slotOf(pick.m, date, pick.s, req.dueDate) : null;
            if (!pick || !slot) break;
            chain.push({ ...slot, referralId: req.referralId });
            end = pick.s + pick.m.durationMinutes;
          }
          if (chain.length === order.length) {
            best = chain;
            break;
          }
        }
      }
      if (best) day.push({ date, siteId: site, items: best });
    }
    day.sort((a, b) => a.items[0].start.localeCompare(b.items[0].start) || a.siteId.localeCompare(b.siteId));
    out.push(...day.slice(0, input.count - out.length));
  }
  return out;
}

/** Validation problems of a machine's shifts: times inside the day, start before end, no overlap on a weekday. */
export function shiftProblems(shifts: ShiftSpec[]): { index: number; problem: 'bad-weekday' | 'bad-time' | 'end-before-start' | 'overlap' }[] {
  const out: { index: number; problem: 'bad-weekday' | 'bad-time' | 'end-before-start' | 'overlap' }[] = [];
  const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
  shifts.forEach((s, index) => {
    if (!Number.isInteger(s.weekday) || s.weekday < 1 || s.weekday > 7) out.push({ index, problem: 'bad-weekday' });
    else if (!TIME.test(s.start) || !TIME.test(s.end) || s.start === '24:00') out.push({ index, problem: 'bad-time' });
    else if (toMinutes(s.start) >= toMinutes(s.end)) out.push({ index, problem: 'end-before-start' });
  });
  if (out.length > 0) return out;
  shifts.forEach((s, index) => {
    const clash = shifts.some(
      (o, j) => j !== index && o.weekday === s.weekday && toMinutes(o.start) < toMinutes(s.end) && toMinutes(s.start) < toMinutes(o.end),
    );
    if (clash) out.push({ index, problem: 'overlap' });
  });
  return out;
}

const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * Shifts from the directory's opening hours ({ mon: ['07:30', '22:00'], … }) for a machine that
 * has none stored: a machine with two or more shifts open past 16:00 gets a day shift until
 * 15:30 and an evening shift after it (as migration 0090 does), every other machine one shift.
 */
export function shiftsFromOpeningHours(hours: Partial<Record<string, [string, string]>>, shiftCount: number): ShiftSpec[] {
  const out: ShiftSpec[] = [];
  DAY_KEYS.forEach((key, i) => {
    const h = hours[key];
    if (!h || toMinutes(h[0]) >= toMinutes(h[1])) return;
    const weekday = i + 1;
    const kind: ShiftKindName = weekday >= 6 ? 'weekend' : 'day';
    if (shiftCount >= 2 && toMinutes(h[1]) > 16 * 60 && toMinutes(h[0]) < 15 * 60 + 30) {
      out.push({ weekday, start: h[0], end: '15:30', kind }, { weekday, start: '15:30', end: h[1], kind: 'evening' });
    } else out.push({ weekday, start: h[0], end: h[1], kind });
  });
  return out;
}

/** The directory's opening hours of shifts: per weekday, the first start and the last end; and the most shifts in one day. */
export function openingHoursOfShifts(shifts: ShiftSpec[]): { hours: Record<string, [string, string]>; shiftCount: number } {
  const hours: Record<string, [string, string]> = {};
  let shiftCount = 0;
  for (let weekday = 1; weekday <= 7; weekday++) {
    const day = shifts.filter((s) => s.weekday === weekday).sort((a, b) => toMinutes(a.start) - toMinutes(b.start));
    if (day.length === 0) continue;
    const last = day.reduce((m, s) => (toMinutes(s.end) > toMinutes(m) ? s.end : m), day[0].end);
    hours[DAY_KEYS[weekday - 1]] = [day[0].start, last === '24:00' ? '23:59' : last];
    shiftCount = Math.max(shiftCount, day.length);
  }
  return { hours, shiftCount: Math.max(1, shiftCount) };
}

/** Open hours per week of the shifts, in total and in evening shifts (the capacity measure). */
export function weeklyHours(shifts: ShiftSpec[]): { total: number; evening: number } {
  let total = 0;
  let evening = 0;
  for (const s of shifts) {
    const h = (toMinutes(s.end) - toMinutes(s.start)) / 60;
    total += h;
    if (s.kind === 'evening') evening += h;
  }
  return { total, evening };
}

/** A slot type: a duration for a kind, narrowed by exam code and/or machine. */
export interface SlotTypeSpec {
  modalityKind: string;
  examCode: string | null;
  modalityId: string | null;
  durationMinutes: number;
}

/**
 * How long an exam takes on a machine: the most specific slot type wins — machine and exam code,
 * then machine, then exam code, then the kind's default; 20 minutes when nothing matches.
 */
export function durationFor(types: SlotTypeSpec[], kind: string, examCode: string, modalityId: string): number {
  const ofKind = types.filter((t) => t.modalityKind === kind);
  const pick =
    ofKind.find((t) => t.modalityId === modalityId && t.examCode === examCode) ??
    ofKind.find((t) => t.modalityId === modalityId && t.examCode === null) ??
    ofKind.find((t) => t.modalityId === null && t.examCode === examCode) ??
    ofKind.find((t) => t.modalityId === null && t.examCode === null);
  return pick?.durationMinutes ?? 20;
}
