// Funnel plots for comparing providers (practices, referrers) on a proportion: Spiegelhalter DJ
// (2005), "Funnel plots for comparing institutional performance", Stat Med 24:1185–1202.
import { normalQuantile } from './quantiles.ts';

export interface FunnelUnit {
  /** Numerator (e.g. low-value referrals). */
  events: number;
  /** Denominator (e.g. all referrals the indicator applies to). */
  n: number;
}

/** Control limits at one denominator n, as proportions (0–1). */
export interface FunnelLimits {
  n: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/** z for the 95 % and 99.8 % two-sided limits (1.959964 and 3.090232). */
export const Z95 = normalQuantile(0.975);
export const Z998 = normalQuantile(0.999);

/**
 * How limits are widened when the units vary more than chance allows:
 * - `none`: the plain binomial (normal approximation) limits θ0 ± z·√(θ0(1−θ0)/n);
 * - `multiplicative`: θ0 ± z·√(φ·θ0(1−θ0)/n), φ = mean of the squared z-scores winsorized at the
 *   10th and 90th percentiles (Spiegelhalter 2005 §4.1; FunnelPlotR `od_adjustment`), used only when φ > 1;
 * - `additive`: random effects, θ0 ± z·√(θ0(1−θ0)/n + τ²), τ² by DerSimonian–Laird moments on the
 *   winsorized z-scores (Spiegelhalter 2005 §4.2), τ² = 0 when φ ≤ 1.
 * Radvis uses `multiplicative` by default.
 */
export type Overdispersion = 'none' | 'multiplicative' | 'additive';

export interface Funnel {
  /** Target: the pooled proportion Σ events / Σ n (0–1). */
  target: number;
  phi: number;
  tau2: number;
  method: Overdispersion;
  /** Limits at the given denominators. */
  limitsAt(n: number): FunnelLimits;
  /** Each unit's z-score (unadjusted) and whether it lies outside the adjusted 95 % / 99.8 % limits. */
  classify(u: FunnelUnit): { proportion: number; z: number; outside95: boolean; outside998: boolean };
}

/** R's default quantile (type 7) of sorted values. */
function quantile7(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Binomial funnel limits at n for target θ0 (normal approximation), optionally inflated. */
export function proportionLimits(target: number, n: number, phi = 1, tau2 = 0): FunnelLimits {
  if (!(n > 0)) throw new RangeError('n must be > 0');
  const s = Math.sqrt((phi * target * (1 - target)) / n + tau2);
  return { n, lower95: target - Z95 * s, upper95: target + Z95 * s, lower998: target - Z998 * s, upper998: target + Z998 * s };
}

/**
 * Builds the funnel for a set of units: target, overdispersion estimate and limits.
 * `target` defaults to the pooled proportion. Units with n = 0 are ignored.
 */
export function buildFunnel(units: readonly FunnelUnit[], method: Overdispersion = 'multiplicative', target?: number): Funnel {
  const used = units.filter((u) => u.n > 0);
  const totalN = used.reduce((s, u) => s + u.n, 0);
  const t = target ?? (totalN > 0 ? used.reduce((s, u) => s + u.events, 0) / totalN : 0);
  let phi = 1;
  let tau2 = 0;
  if (method !== 'none' && used.length >= 2 && t > 0 && t < 1) {
    const zs = used.map((u) => (u.events / u.n - t) / Math.sqrt((t * (1 - t)) / u.n));
    const sorted = [...zs].sort((a, b) => a - b);
    const lo = quantile7(sorted, 0.1);
    const hi = quantile7(sorted, 0.9);
    const wz = zs.map((z) => Math.min(hi, Math.max(lo, z)));
    const k = used.length;
    const estimate = wz.reduce((s, z) => s + z * z, 0) / k;
    if (estimate > 1) {
      if (method === 'multiplicative') phi = estimate;
      else {
        const w = used.map((u) => u.n / (t * (1 - t)));
        const sw = w.reduce((s, x) => s + x, 0);
        const sw2 = w.reduce((s, x) => s + x * x, 0);
        tau2 = Math.max(0, (k * estimate - (k - 1)) / (sw - sw2 / sw));
      }
    }
  }
  return {
    target: t,
    phi,
    tau2,
    method,
    limitsAt: (n) => proportionLimits(t, n, phi, tau2),
    classify(u) {
      const p = u.n > 0 ? u.events / u.n : 0;
      const l = proportionLimits(t, Math.max(u.n, 1e-9), phi, tau2);
      const z = t > 0 && t < 1 && u.n > 0 ? (p - t) / Math.sqrt((t * (1 - t)) / u.n) : 0;
      return { proportion: p, z, outside95: p < l.lower95 || p > l.upper95, outside998: p < l.lower998 || p > l.upper998 };
    },
  };
}
