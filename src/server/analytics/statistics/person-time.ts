// Person-time of a calendar year that the data cover. A rate is events over the person-time at
// risk in the same period; with a population table (inhabitants at one point of the year) the
// person-time of a period is approximated by the population times the length of the period in
// years (Breslow & Day 1987, "Statistical methods in cancer research" vol. II, IARC Sci. Publ. 82,
// §2.1; Rothman, Greenland & Lash, "Modern Epidemiology", 3rd ed. 2008, ch. 3). A year of which
// the data hold only some days has only those days' person-time: dividing its exams by a whole
// year's population understates its rate by the uncovered share (the demo's first year, which
// holds one month of exams, showed ~1/12 of the rate of the next).

const DAY_MS = 86_400_000;

/** The UTC calendar days the data cover, both ends included ('YYYY-MM-DD'). */
export interface DataCoverage {
  from: string;
  to: string;
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date (UTC). Throws RangeError for anything else. */
function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`not a date: ${date}`);
  return ms / DAY_MS;
}

/** Number of days in UTC calendar year `year` (365 or 366). */
export function daysInYear(year: number): number {
  return (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS;
}

/**
 * The days of calendar year `year` inside `coverage` (both ends included), and that count as a share
 * of the year's days (0–1): the factor on the year's population that gives the person-years of the
 * covered days. `coverage` null (unknown: no dated data) counts the whole year. Throws RangeError for
 * a malformed date or a coverage that ends before it starts.
 */
export function yearCoverage(year: number, coverage: DataCoverage | null): { days: number; share: number } {
  const total = daysInYear(year);
  if (!coverage) return { days: total, share: 1 };
  const from = dayNumber(coverage.from);
  const to = dayNumber(coverage.to);
  if (to < from) throw new RangeError('the coverage ends before it starts');
  const first = Date.UTC(year, 0, 1) / DAY_MS;
  const last = first + total - 1;
  const days = Math.max(0, Math.min(to, last) - Math.max(from, first) + 1);
  return { days, share: days / total };
}

/**
 * The covered days of a data range: from the UTC day of the first dated record to the UTC day of the
 * last, the last clipped to `now` (a record dated in the future is a data error and covers nothing).
 * Null when there is no record, or when the first one lies after `now`.
 */
export function coverageOf(first: Date | null, last: Date | null, now: Date): DataCoverage | null {
  if (!first || !last) return null;
  const end = last.getTime() > now.getTime() ? now : last;
  if (first.getTime() > end.getTime()) return null;
  return { from: first.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}
