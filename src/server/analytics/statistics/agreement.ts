// Agreement between two raters on an ordinal scale (issue 8 item 3: e.g. the referrer's advice
// rating against the radiologist's assessment, or two assessors of the same referrals).
import { tQuantile, zFor } from './quantiles.ts';

/** q × q counts: rows = rater A's category, columns = rater B's. */
export type ConfusionMatrix = number[][];

/**
 * The confusion matrix of paired ratings over `categories` (in their order). Pairs naming a
 * category outside the list throw a RangeError.
 */
export function confusionMatrix<T>(pairs: readonly (readonly [T, T])[], categories: readonly T[]): ConfusionMatrix {
  const index = new Map(categories.map((c, i) => [c, i]));
  const m = categories.map(() => categories.map(() => 0));
  for (const [a, b] of pairs) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) throw new RangeError(`unknown category in pair (${String(a)}, ${String(b)})`);
    m[i][j]++;
  }
  return m;
}

export type AgreementWeights = 'unweighted' | 'linear' | 'quadratic';

/**
 * Agreement weights w_kl ∈ [0, 1] (1 on the diagonal): unweighted = identity; linear
 * 1 − |k−l|/(q−1) (Cicchetti & Allison 1971); quadratic 1 − (k−l)²/(q−1)² (Fleiss & Cohen 1973).
 */
export function agreementWeights(q: number, kind: AgreementWeights): number[][] {
  return Array.from({ length: q }, (_, k) =>
    Array.from({ length: q }, (_, l) => {
      if (kind === 'unweighted' || q === 1) return k === l ? 1 : 0;
      const d = Math.abs(k - l) / (q - 1);
      return kind === 'linear' ? 1 - d : 1 - d * d;
    }),
  );
}

export interface AgreementEstimate {
  /** The coefficient (−1 … 1). */
  value: number;
  /** Observed (weighted) agreement p_o. */
  observed: number;
  /** Chance agreement p_e. */
  chance: number;
  standardError: number;
  lower: number;
  upper: number;
  n: number;
}

/**
 * How the interval is formed from the standard error: `normal` (large-sample, value ± z·se, the
 * default) or `t` (value ± t_{n−1}·se, as Gwet's irrCAC package reports).
 */
export type IntervalDistribution = 'normal' | 't';

function prepare(m: ConfusionMatrix) {
  const q = m.length;
  if (q === 0 || m.some((r) => r.length !== q)) throw new RangeError('the confusion matrix must be square and non-empty');
  const n = m.flat().reduce((s, x) => s + x, 0);
  if (!(n > 0)) throw new RangeError('the confusion matrix has no ratings');
  const p = m.map((r) => r.map((x) => x / n));
  const row = p.map((r) => r.reduce((s, x) => s + x, 0));
  const col = p[0].map((_, j) => p.reduce((s, r) => s + r[j], 0));
  return { q, n, p, row, col };
}

function critical(level: number, n: number, dist: IntervalDistribution): number {
  return dist === 't' ? tQuantile(1 - (1 - level) / 2, n - 1) : zFor(level);
}

/**
 * Cohen's weighted kappa (Cohen 1968) with the large-sample variance of Fleiss, Cohen & Everitt
 * (1969), Psychol Bull 72:323–327:
 *   κ_w = (p_o − p_e)/(1 − p_e), p_o = Σ w_kl p_kl, p_e = Σ w_kl p_k. p_.l
 *   Var = [Σ p_kl (w_kl − (w̄_k. + w̄_.l)(1 − κ_w))² − (κ_w − p_e(1 − κ_w))²] / (n (1 − p_e)²)
 * with w̄_k. = Σ_l p_.l w_kl and w̄_.l = Σ_k p_k. w_kl (the same variance Gwet's irrCAC uses for
 * an infinite population). Unweighted kappa is the identity-weight case.
 */
export function weightedKappa(
  m: ConfusionMatrix,
  weights: AgreementWeights | number[][] = 'unweighted',
  level = 0.95,
  dist: IntervalDistribution = 'normal',
): AgreementEstimate {
  const { q, n, p, row, col } = prepare(m);
  const w = typeof weights === 'string' ? agreementWeights(q, weights) : weights;
  let po = 0;
  let pe = 0;
  for (let k = 0; k < q; k++)
    for (let l = 0; l < q; l++) {
      po += w[k][l] * p[k][l];
      pe += w[k][l] * row[k] * col[l];
    }
  const kappa = (po - pe) / (1 - pe);
  const wRow = row.map((_, k) => col.reduce((s, c, l) => s + c * w[k][l], 0));
  const wCol = col.map((_, l) => row.reduce((s, r, k) => s + r * w[k][l], 0));
  let sum = 0;
  for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) sum += p[k][l] * (w[k][l] - (wRow[k] + wCol[l]) * (1 - kappa)) ** 2;
  const variance = (sum - (kappa - pe * (1 - kappa)) ** 2) / (n * (1 - pe) ** 2);
  const se = Math.sqrt(Math.max(0, variance));
  const c = critical(level, n, dist);
  return { value: kappa, observed: po, chance: pe, standardError: se, lower: kappa - c * se, upper: kappa + c * se, n };
}

/**
 * Gwet's AC2 (AC1 with identity weights) for two raters from a contingency table, Gwet (2014),
 * Handbook of Inter-Rater Reliability, 4th ed., ch. 3–5 (as irrCAC `gwet.ac1.table`):
 *   π_k = (p_k. + p_.k)/2, T_w = Σ w_kl, p_e = T_w/(q(q−1)) · Σ π_k(1 − π_k),
 *   AC2 = (p_o − p_e)/(1 − p_e),
 *   Var = [Σ p_kl (w_kl − 2(1 − AC2)·T_w·(1 − (π_k + π_l)/2)/(q(q−1)))² − (p_o − 2(1 − AC2)p_e)²] / (n (1 − p_e)²)
 *   (the linearized variance of Gwet 2008, Br J Math Stat Psychol 61:29–48, for an infinite population).
 * Less sensitive than kappa to skewed prevalence. Needs q ≥ 2.
 */
export function gwetAC2(
  m: ConfusionMatrix,
  weights: AgreementWeights | number[][] = 'quadratic',
  level = 0.95,
  dist: IntervalDistribution = 'normal',
): AgreementEstimate {
  const { q, n, p, row, col } = prepare(m);
  if (q < 2) throw new RangeError('AC2 needs at least two categories');
  const w = typeof weights === 'string' ? agreementWeights(q, weights) : weights;
  const pi = row.map((r, k) => (r + col[k]) / 2);
  const tw = w.flat().reduce((s, x) => s + x, 0);
  let po = 0;
  for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) po += w[k][l] * p[k][l];
  const pe = (tw * pi.reduce((s, x) => s + x * (1 - x), 0)) / (q * (q - 1));
  const ac = (po - pe) / (1 - pe);
  let sum = 0;
  for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) sum += p[k][l] * (w[k][l] - (2 * (1 - ac) * tw * (1 - (pi[k] + pi[l]) / 2)) / (q * (q - 1))) ** 2;
  const variance = (sum - (po - 2 * (1 - ac) * pe) ** 2) / (n * (1 - pe) ** 2);
  const se = Math.sqrt(Math.max(0, variance));
  const c = critical(level, n, dist);
  return { value: ac, observed: po, chance: pe, standardError: se, lower: ac - c * se, upper: ac + c * se, n };
}
