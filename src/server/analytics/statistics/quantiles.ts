// Distribution quantiles (inverse CDFs) from stdlib's maintained implementations: the formulas of
// Radvis' statistics are ours, the special functions under them are not.
import gammaQuantileStd from '@stdlib/stats-base-dists-gamma-quantile';
import normalQuantileStd from '@stdlib/stats-base-dists-normal-quantile';
import tQuantileStd from '@stdlib/stats-base-dists-t-quantile';

/** Standard normal quantile z_p (R `qnorm(p)`), 0 < p < 1. */
export function normalQuantile(p: number): number {
  return normalQuantileStd(p, 0, 1);
}

/** Gamma quantile with shape k and scale θ (R `qgamma(p, shape, scale = θ)`); NaN for invalid parameters. */
export function gammaQuantile(p: number, shape: number, scale: number): number {
  // stdlib parameterises by rate β = 1/θ.
  return gammaQuantileStd(p, shape, 1 / scale);
}

/** Student t quantile with ν degrees of freedom (R `qt(p, df)`). */
export function tQuantile(p: number, df: number): number {
  return tQuantileStd(p, df);
}

/** Two-sided critical value for a confidence level, e.g. 0.95 → 1.959964. */
export function zFor(level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be between 0 and 1, got ${level}`);
  return normalQuantile(1 - (1 - level) / 2);
}
