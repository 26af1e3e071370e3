// Times as people in Norway read them: every instant the pages show is in Norwegian wall-clock time
// (Europe/Oslo), whatever the browser's own time zone, so a page saying "norsk tid" is right on a
// laptop set to UTC or a radiologist's laptop abroad too. The one module that formats dates and
// times for people in the web app (issue 9): pages never call `toLocaleString`, `toLocaleDateString`,
// `Intl.DateTimeFormat` or the local `getHours`/`getDate` getters on an instant themselves. Pure, so
// a test reads what a person sees (oslo-time.test.ts runs it under other machine time zones).
// Source of the zone: IANA tz database, Europe/Oslo (CET, UTC+1; CEST, UTC+2 from the last Sunday of
// March 01:00 UTC to the last Sunday of October 01:00 UTC).
import type { Locale } from '../../shared/i18n/index.ts';

/** The time zone every shown instant is read in. */
export const OSLO = 'Europe/Oslo';

const tagOf = (locale: Locale) => (locale === 'nb' ? 'nb-NO' : 'en-GB');
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_FIELDS = ['timeStyle', 'hour', 'minute', 'second', 'fractionalSecondDigits', 'dayPeriod', 'hour12', 'hourCycle', 'timeZoneName'] as const;

/** The fields a caller may choose; the zone is always this module's. */
export type OsloFormatOptions = Omit<Intl.DateTimeFormatOptions, 'timeZone'>;

// Intl.DateTimeFormat is costly to build and a list page formats hundreds of rows: one per shape.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, options);
    formatters.set(key, f);
  }
  return f;
}

/**
 * `value` formatted for people with `options` (as `Intl.DateTimeFormat` takes them, without a zone)
 * in the user's language. An instant (ISO 8601 with a time, or a `Date`) is read in Oslo wall-clock
 * time; a plain `YYYY-MM-DD` date is that calendar day, unshifted, and any time fields in `options`
 * are dropped for it (a calendar date has no time of day). '–' for null, undefined, '' or an
 * unparseable value.
 */
export function osloFormat(value: string | Date | null | undefined, locale: Locale, options: OsloFormatOptions): string {
  if (value === null || value === undefined || value === '') return '–';
  const plain = typeof value === 'string' && PLAIN_DATE.test(value);
  const d = typeof value === 'string' ? new Date(plain ? `${value}T12:00:00Z` : value) : value;
  if (Number.isNaN(d.getTime())) return '–';
  let opts: Intl.DateTimeFormatOptions = { ...options, timeZone: plain ? 'UTC' : OSLO };
  if (plain) {
    opts = Object.fromEntries(Object.entries(opts).filter(([k]) => !(TIME_FIELDS as readonly string[]).includes(k)));
    if (Object.keys(opts).length === 1) opts.dateStyle = 'medium';
  }
  return formatter(tagOf(locale), opts).format(d);
}

/**
 * An ISO 8601 instant as date and Oslo wall-clock time in the user's language, e.g. "2. des. 2026,
 * 09:35" (nb, `medium`) or "02.12.2026, 09:35" (nb, `short`); `long` spells the month ("2. desember
 * 2026 kl. 09:35"). `seconds` adds the seconds (the access log). '–' for null or an unparseable value.
 */
export function osloDateTime(iso: string | null | undefined, locale: Locale, style: 'short' | 'medium' | 'long' = 'medium', seconds = false): string {
  return osloFormat(iso, locale, { dateStyle: style, timeStyle: seconds ? 'medium' : 'short' });
}

/**
 * An ISO 8601 instant's Oslo calendar date in the user's language ("2. desember 2026" with `long`,
 * "2. des. 2026" with `medium`, "02.12.2026" with `short`); a plain YYYY-MM-DD date is read as that
 * calendar day (no zone shift). '–' for null or unparseable.
 */
export function osloDate(iso: string | null | undefined, locale: Locale, style: 'short' | 'medium' | 'long' = 'long'): string {
  return osloFormat(iso, locale, { dateStyle: style });
}

/** Day and short month without the year ("9. des." / "9 Dec"), Oslo calendar day of an instant. '–' for nothing. */
export function osloDayMonth(iso: string | null | undefined, locale: Locale): string {
  return osloFormat(iso, locale, { day: 'numeric', month: 'short' });
}

/** Oslo wall-clock time of an instant, hours and minutes ("09:35"). '–' for nothing. */
export function osloTime(iso: string | null | undefined, locale: Locale): string {
  return osloFormat(iso, locale, { hour: '2-digit', minute: '2-digit' });
}

/**
 * One end of a period as day, month and Oslo wall-clock time: "25.11. kl. 02:08" (nb), "25/11, 02:08"
 * (en). Not the browser's "25.11., 02:08", whose comma after the day made a range hard to read.
 */
export function osloDayMonthTime(iso: string, locale: Locale): string {
  const day = osloFormat(iso, locale, { day: 'numeric', month: 'numeric' });
  const time = osloTime(iso, locale);
  return locale === 'nb' ? `${day} kl. ${time}` : `${day}, ${time}`;
}

/**
 * A calendar date (YYYY-MM-DD) in words: "ons. 9. des." with the weekday, or "9. des. 2026" with
 * the year when `withYear` (en: "Wed 9 Dec" / "9 Dec 2026").
 */
export function calendarDay(date: string, locale: Locale, withYear = false): string {
  return osloFormat(date, locale, withYear ? { day: 'numeric', month: 'short', year: 'numeric' } : { weekday: 'short', day: 'numeric', month: 'short' });
}

/** Today's calendar date in Norway at `now`, YYYY-MM-DD (the day a person in Norway calls today). */
export function osloToday(now: Date = new Date()): string {
  return formatter('sv-SE', { timeZone: OSLO, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The calendar year in Norway at `now` (1 January 00:30 in Oslo is already the new year). */
export function osloYear(now: Date = new Date()): number {
  return Number(osloToday(now).slice(0, 4));
}

/** How far Oslo wall-clock time is ahead of UTC at instant `t` (ms since epoch), in ms. */
function osloOffsetAt(t: number): number {
  const parts = formatter('en-GB', {
    timeZone: OSLO,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(t));
  const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(t / 1000) * 1000;
}

/**
 * The instant (ISO 8601, UTC) at which Oslo's clocks show `date` (YYYY-MM-DD) `hour`:`minute` — what
 * a time typed into a form means, whatever the browser's zone. In the hour skipped in March the
 * time is read as summer time's (02:30 → 03:30); in the hour repeated in October, as the second
 * (winter-time) one. Null for a date that is not YYYY-MM-DD.
 */
export function osloInstant(date: string, hour: number, minute: number): string | null {
  const m = PLAIN_DATE.exec(date) ? date.split('-').map(Number) : null;
  if (!m) return null;
  const wall = Date.UTC(m[0]!, m[1]! - 1, m[2]!, hour, minute);
  const first = wall - osloOffsetAt(wall);
  return new Date(wall - osloOffsetAt(first)).toISOString();
}
