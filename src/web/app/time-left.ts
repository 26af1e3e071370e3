// A span of time as people read it on a deadline ("6 dager igjen", "20 t igjen", "45 min over
// fristen"), one formatter for every page (ux27: the reading worklist said "164 t igjen"). Pure.
import type { MessageKey } from '../../shared/i18n/index.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The unit and count a span is said in: whole days from 2 days (48 h) up, whole hours from 2 hours up, else minutes. */
export function timeSpanParts(ms: number): { unit: 'days' | 'hours' | 'minutes'; n: number } {
  const abs = Math.abs(ms);
  // Rounded down: a deadline is never said to be further away (or less overdue) than it is by more than a unit.
  if (abs >= 2 * DAY) return { unit: 'days', n: Math.floor(abs / DAY) };
  if (abs >= 2 * HOUR) return { unit: 'hours', n: Math.floor(abs / HOUR) };
  return { unit: 'minutes', n: Math.floor(abs / MINUTE) };
}

/**
 * A span of `ms` milliseconds (its sign ignored: the caller says "igjen" or "over fristen") in the
 * user's language through `t`: "6 dager" / "6 days" from 48 h up, "20 t" / "20 h" from 2 h up,
 * "45 min" below. Keys app.time.* in shared/i18n (nb.ts, en.ts).
 */
export function formatTimeSpan(ms: number, t: (key: MessageKey, vars?: Record<string, string | number>) => string): string {
  const { unit, n } = timeSpanParts(ms);
  return t(`app.time.${unit}`, { n });
}
