// DICOM date and time values (PS3.5 6.2, Table 6.2-1: DA, TM) as one reader for the worklist
// (MWL C-FIND keys) and MPPS (N-CREATE / N-SET start and end), and the instant a DA + TM pair
// names, in the timezone PS3.3 C.12.1.1.8 gives it. Pure functions, no Date.UTC (whose years
// 0–99 mean 1900–1999).
import { osloOffsetMs } from '../../calendar/oslo-time.ts';

const DA = /^(\d{4})(\d{2})(\d{2})$/;
/** TM (PS3.5 Table 6.2-1): HH, HHMM, HHMMSS, HHMMSS.F{1,6}; HH 00–23, MM 00–59, SS 00–60 (60 = leap second). */
const TM = /^([01]\d|2[0-3])(?:([0-5]\d)(?:([0-5]\d|60)(\.\d{1,6})?)?)?$/;
/** Timezone Offset From UTC (0008,0201): "&ZZXX", & = + or -, ZZ hours, XX minutes (PS3.3 C.12.1.1.8). */
const OFFSET = /^([+-])(\d{2})(\d{2})$/;

/** Days in month `m` (1–12) of the proleptic Gregorian year `y` (any year, 0 included). */
function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/**
 * Whether `v` is a DA value: YYYYMMDD, a real calendar date in any four-digit year (PS3.5 Table
 * 6.2-1, DA, note 3: years before 1582 too, in the Gregorian calendar), so 00010101 is a date.
 */
export function isDicomDate(v: string): boolean {
  const m = DA.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/**
 * Whether `v` is a TM value (PS3.5 Table 6.2-1): HH[MM[SS[.FFFFFF]]], hours 00–23, minutes
 * 00–59, seconds 00–60 (60 only for a leap second, which the standard allows).
 */
export function isDicomTime(v: string): boolean {
  return TM.test(v);
}

/**
 * Timezone Offset From UTC (0008,0201) in minutes east of UTC ("+0100" → 60, "-0500" → -300).
 * Undefined when the value is not "&ZZXX" within -12:00..+14:00 (PS3.3 C.12.1.1.8 and PS3.5
 * Table 6.2-1, DT: the offset's range).
 */
export function timezoneOffsetMinutes(v: string): number | undefined {
  const m = OFFSET.exec(v);
  if (!m) return undefined;
  const [h, mi] = [Number(m[2]), Number(m[3])];
  if (mi > 59) return undefined;
  const minutes = (m[1] === '-' ? -1 : 1) * (h * 60 + mi);
  return minutes < -12 * 60 || minutes > 14 * 60 ? undefined : minutes;
}

/** Milliseconds since the epoch of a UTC wall-clock reading, any year (setUTCFullYear, not Date.UTC). */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

/** Europe/Oslo's offset from UTC at `at`, in minutes east of UTC (60 in winter, 120 in summer). */
export function osloOffsetMinutes(at: Date): number {
  return Math.round(osloOffsetMs(at.getTime()) / 60_000);
}

/**
 * The instant a DA + TM pair names. Without an offset, Norwegian wall-clock time (Europe/Oslo,
 * DST included: what a modality in Norway shows); with Timezone Offset From UTC (minutes, see
 * timezoneOffsetMinutes), the time in that offset — PS3.3 C.12.1.1.8: the attribute "contains
 * the offset from UTC to the timezone for all DA and TM Attributes present in this SOP Instance".
 * A missing time reads as 00:00:00; a missing minute or second as 00. A leap second (SS = 60,
 * PS3.5 Table 6.2-1) has no instant of its own in ECMAScript time: it reads as the last
 * millisecond before the next second (23:59:60 → 23:59:59.999), so it stays in its own day.
 * Null when `da` is not a DA or `tm` (when given) not a TM.
 */
export function dicomInstant(da: string | undefined, tm: string | undefined, offsetMinutes?: number): Date | null {
  if (!da || !isDicomDate(da)) return null;
  const t = tm === undefined || tm === '' ? null : TM.exec(tm);
  if (tm !== undefined && tm !== '' && !t) return null;
  const [y, mo, d] = [Number(da.slice(0, 4)), Number(da.slice(4, 6)), Number(da.slice(6, 8))];
  const h = t ? Number(t[1]) : 0;
  const mi = t ? Number(t[2] ?? 0) : 0;
  let s = t ? Number(t[3] ?? 0) : 0;
  let ms = t?.[4] ? Math.floor(Number(`0${t[4]}`) * 1000) : 0;
  if (s === 60) [s, ms] = [59, 999];
  const wall = utcMs(y, mo, d, h, mi, s, ms);
  if (offsetMinutes !== undefined) return new Date(wall - offsetMinutes * 60_000);
  // Oslo's offset at the wall-clock reading taken as UTC, then again at the corrected guess (a
  // reading within the hour after a DST change needs the second look).
  const first = wall - osloOffsetMs(wall);
  return new Date(wall - osloOffsetMs(first));
}
