// How a fact's value reads in the form: durations in weeks rounded ("ca. 13 uker" for the
// 13.04 weeks of "3 måneder", "ca. 1 dag" for "i går"), numbers with the locale's decimal mark.
// Pure; the component puts the words (message keys) around the numbers.

export interface Duration {
  n: number;
  unit: 'day' | 'week';
  /** True when the value was rounded ("ca."). */
  approx: boolean;
}

/** A duration in weeks, rounded to whole weeks, or to whole days under one week (at least 1). */
export function roundWeeks(weeks: number): Duration {
  if (weeks < 1) {
    const days = weeks * 7;
    const n = Math.max(1, Math.round(days));
    return { n, unit: 'day', approx: Math.abs(days - n) > 1e-6 };
  }
  const n = Math.round(weeks);
  return { n, unit: 'week', approx: Math.abs(weeks - n) > 1e-6 };
}

/** A number with the locale's decimal mark and at most one decimal. */
export function showNumber(v: number, locale: 'nb' | 'en'): string {
  const r = Math.round(v * 10) / 10;
  return locale === 'nb' ? String(r).replace('.', ',') : String(r);
}

/** A fact label without its unit in parentheses ("Varighet av symptomer (uker)" → "Varighet av symptomer"), for when the value says the unit. */
export function labelWithoutUnit(label: string): string {
  return label.replace(/\s*\([^)]*\)\s*$/, '');
}
