// The one Norwegian calendar of Radvis: public holidays, working days (virkedager) and the
// deadlines counted in them. Everything that counts working days — the assessment deadline on the
// department's list, the synthetic generator's assessment times, free-text dates such as
// "siden påske" — asks this module, so they cannot disagree.
//
// Public holidays (helligdager og høgtidsdager) come from `date-holidays` (country NO, type
// "public"): 1 January, Maundy Thursday, Good Friday, Easter Sunday and Monday, 1 May
// (lov om 1. og 17. mai som høgtidsdager), Ascension Day, 17 May, Whit Sunday and Monday,
// 25 and 26 December (helligdagsfredloven § 2). Christmas Eve and New Year's Eve are not public
// holidays ("bank" days in date-holidays) and so count as working days.
//
// Dates are Norwegian calendar dates (Europe/Oslo), represented as a Date at UTC midnight of that
// calendar date so day arithmetic is plain UTC arithmetic.

import Holidays from 'date-holidays';

const DAY_MS = 86_400_000;

/** Working days the receiving department has to assess a referral: pasient- og brukerrettighetsloven § 2-2. */
export const ASSESSMENT_DEADLINE_WORKING_DAYS = 10;

const osloDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });

const HOUR_MS = 3_600_000;
const osloDayByHour = new Map<number, number>();

/**
 * The Norwegian calendar day (Europe/Oslo) of an instant in milliseconds since the epoch, as a day
 * number (days since 1970-01-01). Oslo's offset from UTC has changed only on whole UTC hours since
 * 1970 (CET/CEST, switching at 01:00 UTC), so from 1970 on the answer is memoized per UTC hour: the
 * synthetic generator asks millions of times, and Intl formatting costs ~3 µs a call.
 * Throws RangeError for NaN (as Intl does for an invalid Date).
 */
function osloDayNumber(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let day = ms >= 0 ? osloDayByHour.get(hour) : undefined;
  if (day === undefined) {
    const [y, m, d] = osloDay.format(new Date(ms)).split('-').map(Number);
    day = Date.UTC(y, m - 1, d) / DAY_MS;
    if (ms >= 0) {
      if (osloDayByHour.size >= 500_000) osloDayByHour.clear();
      osloDayByHour.set(hour, day);
    }
  }
  return day;
}

/** The calendar date in Norway (Europe/Oslo) of an instant, as a UTC-midnight Date for day arithmetic. Throws RangeError for an invalid Date. */
export function osloDate(instant: Date): Date {
  return new Date(osloDayNumber(instant.getTime()) * DAY_MS);
}

const norway = new Holidays('NO');
const holidayCache = new Map<number, ReadonlySet<string>>();
const easterCache = new Map<number, Date>();

function holidaysOf(year: number): ReadonlySet<string> {
  let set = holidayCache.get(year);
  if (!set) {
    const list = norway.getHolidays(year).filter((h) => h.type === 'public');
    set = new Set(list.map((h) => h.date.slice(0, 10)));
    holidayCache.set(year, set);
    const easter = list.find((h) => h.rule === 'easter');
    if (easter) easterCache.set(year, new Date(`${easter.date.slice(0, 10)}T00:00:00Z`));
  }
  return set;
}

/**
 * Norwegian public holidays of a year as `YYYY-MM-DD` calendar dates (Sundays that are holidays
 * included). Source: date-holidays (NO, type public); see the module comment for the legal list.
 */
export function publicHolidays(year: number): ReadonlySet<string> {
  return holidaysOf(year);
}

/** Easter Sunday (første påskedag) of a year, as a UTC-midnight Date. Throws if the year has no data. */
export function easterSunday(year: number): Date {
  holidaysOf(year);
  const d = easterCache.get(year);
  if (!d) throw new Error(`no Easter date for ${year}`);
  return new Date(d.getTime());
}

/** Whether a calendar date (UTC-midnight Date, see osloDate) is a public holiday in Norway. */
export function isPublicHoliday(date: Date): boolean {
  return holidaysOf(date.getUTCFullYear()).has(date.toISOString().slice(0, 10));
}

/** Whether a calendar date (UTC-midnight Date, see osloDate) is a working day: Monday–Friday and not a public holiday. */
export function isWorkingDay(date: Date): boolean {
  const wd = date.getUTCDay();
  return wd !== 0 && wd !== 6 && !isPublicHoliday(date);
}

/** The calendar date `days` working days after `date` (a UTC-midnight Date); days ≥ 0. */
export function addWorkingDays(date: Date, days: number): Date {
  let day = Math.floor(date.getTime() / DAY_MS);
  let left = days;
  while (left > 0) {
    day++;
    if (isWorkingDayNumber(day)) left--;
  }
  return new Date(day * DAY_MS);
}

/**
 * Adds working days to an instant (milliseconds since epoch), keeping its time of day; the
 * calendar day is the UTC day. For bulk callers (the synthetic generator writes millions of
 * timestamps), so it works on numbers, not Date objects.
 */
export function addWorkingDaysToInstant(t: number, days: number): number {
  let d = t;
  let left = days;
  while (left > 0) {
    d += DAY_MS;
    if (isWorkingDayNumber(Math.floor(d / DAY_MS))) left--;
  }
  return d;
}

const workingDayNumbers = new Map<number, boolean>();

/** isWorkingDay for a day number (days since 1970-01-01), memoized: the generator asks millions of times. */
function isWorkingDayNumber(dayNumber: number): boolean {
  let w = workingDayNumbers.get(dayNumber);
  if (w === undefined) {
    w = isWorkingDay(new Date(dayNumber * DAY_MS));
    workingDayNumbers.set(dayNumber, w);
  }
  return w;
}

/**
 * The last day of the assessment deadline (vurderingsfrist) for a referral received at an instant:
 * 10 working days after the Norwegian calendar day of receipt (pasient- og brukerrettighetsloven
 * § 2-2). A UTC-midnight Date of the Norwegian calendar date.
 */
export function assessmentDeadline(receivedAt: Date, workingDays = ASSESSMENT_DEADLINE_WORKING_DAYS): Date {
  return addWorkingDays(osloDate(receivedAt), workingDays);
}

/**
 * Working days of a deadline left at `now`: the deadline minus the working days passed since the
 * Norwegian calendar day of receipt (the day of receipt itself does not count). Negative when
 * overdue. Default deadline: 10 working days, pasient- og brukerrettighetsloven § 2-2.
 */
export function workingDaysLeft(receivedAt: Date, now: Date, deadline = ASSESSMENT_DEADLINE_WORKING_DAYS): number {
  const d = osloDate(receivedAt);
  const end = osloDate(now);
  let passed = 0;
  while (d < end) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(d)) passed++;
  }
  return deadline - passed;
}
