// The assessment deadline (vurderingsfrist) is 10 working days (virkedager) from receipt,
// pasient- og brukerrettighetsloven § 2-2. Working days are Monday–Friday except Norwegian public
// holidays (lov om 1. og 17. mai som høgtidsdager; helligdagsfredloven § 2): 1 January, Maundy
// Thursday, Good Friday, Easter Monday, 1 May, Ascension Day, 17 May, Whit Monday, 25 and 26
// December. Dates are Norwegian calendar dates (Europe/Oslo), not UTC dates.

const osloDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Norway of an instant, as a UTC-midnight Date for day arithmetic. */
export function osloDate(instant: Date): Date {
  const [y, m, d] = osloDay.format(instant).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** Easter Sunday (Gregorian; anonymous algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

const holidayCache = new Map<number, Set<string>>();

/** Norwegian public holidays of a year, as YYYY-MM-DD. */
export function publicHolidays(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (!set) {
    const easter = easterSunday(year).getTime();
    const day = 86_400_000;
    const moving = [-3, -2, 1, 39, 50].map((offset) => new Date(easter + offset * day).toISOString().slice(0, 10));
    set = new Set([`${year}-01-01`, `${year}-05-01`, `${year}-05-17`, `${year}-12-25`, `${year}-12-26`, ...moving]);
    holidayCache.set(year, set);
  }
  return set;
}

export function isWorkingDay(date: Date): boolean {
  const wd = date.getUTCDay();
  return wd !== 0 && wd !== 6 && !publicHolidays(date.getUTCFullYear()).has(date.toISOString().slice(0, 10));
}

/** Working days of the deadline left: the deadline minus the working days passed since the day of receipt (negative when overdue). */
export function workingDaysLeft(submittedAt: Date, now: Date, deadline = 10): number {
  const d = osloDate(submittedAt);
  const end = osloDate(now);
  let passed = 0;
  while (d < end) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(d)) passed++;
  }
  return deadline - passed;
}
