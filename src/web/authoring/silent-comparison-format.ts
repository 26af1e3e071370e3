// Formatting for the silent-mode comparison (pure, so tested without a browser).
import type { SilentComparison } from '../../shared/api/authoring.ts';

const ORDER = ['appropriate', 'may_be_appropriate', 'usually_not_appropriate', 'needs_information', 'not_allowed'];

/** The ratings seen in either period, in the ratings' own order (a column each). */
export function comparisonRatings(c: SilentComparison): string[] {
  const seen = new Set([...Object.keys(c.baseline?.byRating ?? {}), ...Object.keys(c.after?.byRating ?? {})]);
  return ORDER.filter((r) => seen.has(r));
}

/** A share 0..1 as a percentage with one decimal ("66,7 %" in bokmål, "66.7%" in English). */
export function percent(share: number, locale: string): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'nb-NO', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share);
}

/** A difference of shares as signed percentage points with one decimal ("−16,7" / "+4.0"). */
export function pointsChange(diff: number, locale: string): string {
  const v = Math.round(diff * 1000) / 10;
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'nb-NO', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(
    v,
  );
}
