// Confidence intervals for directly standardized rates.
import { gammaQuantile, zFor } from './quantiles.ts';
import type { StandardizedRate } from './rates.ts';

export interface Interval {
  lower: number;
  upper: number;
}

export type IntervalMethod = 'gamma' | 'dobson';

/**
 * Gamma interval of Fay & Feuer (1997), Stat Med 16:791–801 ("Confidence intervals for directly
 * standardized rates: a method based on the gamma distribution"), as R epitools
 * `ageadjust.direct`:
 *   lower = qgamma(α/2, shape = DSR²/V, scale = V/DSR)
 *   upper = qgamma(1−α/2, shape = (DSR+w_M)²/(V+w_M²), scale = (V+w_M²)/(DSR+w_M))
 * with w_M = max_g w_g/n_g. Conservative for small counts. With no events the lower limit is 0.
 */
export function gammaInterval(r: StandardizedRate, level = 0.95): Interval {
  const alpha = 1 - level;
  zFor(level); // validates the level
  const wm = r.maxWeightPerPerson;
  const lower = r.rate > 0 && r.variance > 0 ? gammaQuantile(alpha / 2, (r.rate * r.rate) / r.variance, r.variance / r.rate) : 0;
  const upper = gammaQuantile(1 - alpha / 2, (r.rate + wm) ** 2 / (r.variance + wm * wm), (r.variance + wm * wm) / (r.rate + wm));
  return { lower, upper };
}

/** Byar's approximation to the exact Poisson limits of an observed count O (Breslow & Day 1987, p. 69). */
export function byarLimits(observed: number, level = 0.95): Interval {
  const z = zFor(level);
  const o = observed;
  const lower = o === 0 ? 0 : o * (1 - 1 / (9 * o) - z / (3 * Math.sqrt(o))) ** 3;
  const upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * Math.sqrt(o + 1))) ** 3;
  return { lower, upper };
}

/**
 * Dobson et al. (1991), Stat Med 10:457–462 ("Confidence intervals for weighted sums of Poisson
 * parameters"), with Byar's limits for the total count O, as Public Health England's
 * `calculate_dsr`: DSR_{L,U} = DSR + √(V/O) · (O_{L,U} − O). Undefined (throws) when O = 0;
 * PHE suppresses rates from fewer than 10 events (see `isSuppressed`).
 */
export function dobsonInterval(r: StandardizedRate, level = 0.95): Interval {
  if (!(r.events > 0)) throw new RangeError('the Dobson interval needs at least one event');
  const { lower: ol, upper: ou } = byarLimits(r.events, level);
  const s = Math.sqrt(r.variance / r.events);
  return { lower: r.rate + s * (ol - r.events), upper: r.rate + s * (ou - r.events) };
}

/** The interval of a standardized rate by method (gamma is the default, as Helseatlas and epitools). */
export function rateInterval(r: StandardizedRate, method: IntervalMethod = 'gamma', level = 0.95): Interval | null {
  if (method === 'dobson') return r.events > 0 ? dobsonInterval(r, level) : null;
  return gammaInterval(r, level);
}

/** Rates from fewer than this many events are suppressed (PHE practice; Radvis' privacy rule, issue 10). */
export const MIN_EVENTS = 10;

/** Whether a rate from `events` events must be flagged and its value withheld. */
export function isSuppressed(events: number, minEvents = MIN_EVENTS): boolean {
  return events < minEvents;
}
