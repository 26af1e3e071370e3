// Measures of variation between areas, as the Norwegian health atlases (SKDE Helseatlas) report
// them: extremal quotients, the coefficient of variation and the systematic component of variation.

/**
 * Extremal quotients (SKDE Helseatlas): highest / lowest area rate, and the 2nd highest / 2nd
 * lowest and 3rd highest / 3rd lowest, over the area rows only (leave the national row out).
 * A quotient is null when there are too few areas or its denominator is 0.
 */
export function extremalQuotients(rates: readonly number[]): { eq1: number | null; eq2: number | null; eq3: number | null } {
  const s = [...rates].sort((a, b) => a - b);
  const q = (i: number) => (s.length >= 2 * i && s[i - 1] > 0 ? s[s.length - i] / s[i - 1] : null);
  return { eq1: q(1), eq2: q(2), eq3: q(3) };
}

/**
 * Coefficient of variation in per cent, unweighted, as SKDE reports it:
 * CV = 100 · sd(r_i) / mean(r_i), sd with n − 1. Null with fewer than two areas or mean 0.
 */
export function coefficientOfVariation(rates: readonly number[]): number | null {
  const n = rates.length;
  if (n < 2) return null;
  const mean = rates.reduce((s, r) => s + r, 0) / n;
  if (mean === 0) return null;
  const ss = rates.reduce((s, r) => s + (r - mean) ** 2, 0);
  return (100 * Math.sqrt(ss / (n - 1))) / mean;
}

/**
 * Expected count per area by indirect standardization: E_i = Σ_g n_ig · R_g, where R_g are the
 * reference (national) stratum rates (events per person).
 */
export function expectedCount(populationByStratum: readonly number[], referenceRates: readonly number[]): number {
  if (populationByStratum.length !== referenceRates.length) throw new RangeError('strata differ in length');
  return populationByStratum.reduce((s, n, g) => s + n * referenceRates[g], 0);
}

/**
 * Systematic component of variation, Diehr et al. (1990) form of McPherson et al. (1982), as
 * R sava `SCV(oi, ei, approx = TRUE)` and SKDE:
 *   SCV = (1/K) · [ Σ_i ((O_i − E_i)/E_i)² − Σ_i 1/E_i ]
 * (unscaled; SKDE shows 100 · SCV). Null when an expected count is 0 or the estimate is negative
 * (sava reports it as not defined then).
 */
export function systematicComponentOfVariation(observed: readonly number[], expected: readonly number[]): number | null {
  if (observed.length !== expected.length || observed.length === 0) throw new RangeError('observed and expected must have the same, non-zero length');
  if (expected.some((e) => !(e > 0))) return null;
  let s = 0;
  for (let i = 0; i < observed.length; i++) s += ((observed[i] - expected[i]) / expected[i]) ** 2 - 1 / expected[i];
  const scv = s / observed.length;
  return scv >= 0 && Number.isFinite(scv) ? scv : null;
}
