// Agreement between the radiographer's assessment and the radiologist's blind second assessment,
// on the department's ordinal scale (priority categories from most to least urgent, then
// "returned / not indicated"). The formulas are the tested ones in analytics/statistics/agreement.ts.
import { agreementWeights, confusionMatrix, gwetAC2, weightedKappa, type AgreementEstimate } from '../analytics/statistics/agreement.ts';

/** Fewer pairs than this are shown, but flagged as too few to judge agreement. */
export const MIN_PAIRS = 10;

/** The code of the lowest category on the scale: returned to the referrer / not indicated. */
export const RETURNED = 'returned';

export interface Pair {
  /** The radiographer's (first) outcome, a category code. */
  first: string;
  /** The radiologist's blind (second) outcome, a category code. */
  second: string;
}

export interface Estimate {
  value: number;
  lower: number;
  upper: number;
}

export interface AgreementSummary {
  n: number;
  tooFew: boolean;
  /** Share of pairs with the same category (0–1). */
  percentAgreement: number | null;
  kappaLinear: Estimate | null;
  kappaQuadratic: Estimate | null;
  /** Gwet's AC2 with quadratic weights. */
  ac2: Estimate | null;
  /** Rows = the radiographer's category, columns = the radiologist's, in the scale's order. */
  matrix: number[][];
}

/** The estimate with its interval clipped to the coefficient's range [−1, 1] (the normal interval can pass 1 near full agreement). */
const est = (e: AgreementEstimate): Estimate | null =>
  Number.isFinite(e.value)
    ? { value: e.value, lower: Math.max(-1, Number.isFinite(e.lower) ? e.lower : e.value), upper: Math.min(1, Number.isFinite(e.upper) ? e.upper : e.value) }
    : null;

/**
 * Agreement of `pairs` on the ordinal scale `categories` (codes in order): n, percent agreement,
 * Cohen's weighted kappa with linear (Cicchetti & Allison 1971) and quadratic (Fleiss & Cohen
 * 1973) weights with 95 % large-sample intervals (Fleiss, Cohen & Everitt 1969; clipped to
 * [−1, 1]), Gwet's AC2 with
 * quadratic weights (Gwet 2014), and the confusion matrix. A coefficient that is undefined
 * (no pairs, or chance agreement 1: everyone used one category) is null. Pairs outside the scale
 * throw a RangeError (callers filter them first).
 */
export function agreementOf(pairs: readonly Pair[], categories: readonly string[]): AgreementSummary {
  const matrix = confusionMatrix(
    pairs.map((p) => [p.first, p.second] as const),
    categories,
  );
  const n = pairs.length;
  if (n === 0) return { n, tooFew: true, percentAgreement: null, kappaLinear: null, kappaQuadratic: null, ac2: null, matrix };
  const identity = agreementWeights(categories.length, 'unweighted');
  const agree = matrix.reduce((s, row, k) => s + row.reduce((t, x, l) => t + x * identity[k][l], 0), 0);
  return {
    n,
    tooFew: n < MIN_PAIRS,
    percentAgreement: agree / n,
    kappaLinear: est(weightedKappa(matrix, 'linear', 0.95)),
    kappaQuadratic: est(weightedKappa(matrix, 'quadratic', 0.95)),
    ac2: categories.length >= 2 ? est(gwetAC2(matrix, 'quadratic', 0.95)) : null,
    matrix,
  };
}

/** Groups `items` by `key` (first-seen order), keeping a display label per group. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string, label: (t: T) => string): { key: string; label: string; items: T[] }[] {
  const out = new Map<string, { key: string; label: string; items: T[] }>();
  for (const it of items) {
    const k = key(it);
    let g = out.get(k);
    if (!g) out.set(k, (g = { key: k, label: label(it), items: [] }));
    g.items.push(it);
  }
  return [...out.values()].sort((a, b) => a.label.localeCompare(b.label, 'nb'));
}
