// Norwegian wall-clock time (Europe/Oslo) as instants: what a time without a zone means when a
// standard says it is "the server's local time" (FHIR R4 search.html#date). DST and history as the
// tz database in the runtime's ICU has them. Pure functions.

const osloParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  era: 'short',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Milliseconds since the epoch of a UTC reading, any year (setUTCFullYear: Date.UTC reads 0–99 as 1900–1999). */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, 0);
  return t.getTime();
}

/** Europe/Oslo's offset from UTC (ms east of UTC) at the instant `t` (ms since the epoch). */
export function osloOffsetMs(t: number): number {
  const parts = osloParts.formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const bc = parts.find((p) => p.type === 'era')?.value === 'BC';
  const year = bc ? 1 - get('year') : get('year');
  return utcMs(year, get('month'), get('day'), get('hour'), get('minute'), get('second')) - Math.floor(t / 1000) * 1000;
}

const DAY_MS = 86_400_000;

/**
 * The instant (ms since the epoch) of a Norwegian wall-clock reading, given as the ms a UTC clock
 * showing the same reading would have (e.g. from setUTCFullYear/setUTCHours, any year).
 * A reading that happens twice (the last Sunday of October, 02:00–02:59) is the first of the two,
 * in summer time; a reading that never happens (the last Sunday of March, 02:00–02:59) is moved on
 * by the hour skipped (02:30 → 03:30 CEST). Both as java.time's ZonedDateTime.of and ECMAScript
 * Temporal's "compatible" disambiguation do.
 */
export function osloWallClockInstant(wallMs: number): number {
  const before = osloOffsetMs(wallMs - DAY_MS);
  const after = osloOffsetMs(wallMs + DAY_MS);
  const fits = [before, after].map((o) => wallMs - o).filter((t) => osloOffsetMs(t) === wallMs - t);
  if (fits.length > 0) return Math.min(...fits);
  // In the gap: the reading in the offset before the change lands the skipped length later.
  return wallMs - before;
}
