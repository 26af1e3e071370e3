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

/** The words a number fact's value needs: message keys for durations and points, the rest as written. */
type Say = (
  key: 'ref.dur.day' | 'ref.dur.days' | 'ref.dur.week' | 'ref.dur.weeks' | 'ref.dur.approx' | 'ref.dur.exact' | 'ref.unit.point' | 'ref.unit.points',
  vars?: Record<string, string | number>,
) => string;

/**
 * A number fact as a label and a value that say the unit once, in `locale`: durations in weeks
 * as whole weeks or days with singular/plural ("Symptom duration: 1 week", "Varighet av symptomer:
 * ca. 3 dager"); other units after the number with the label's "(unit)" dropped ("Ovarian cyst size:
 * 4.5 cm"); Wells points as "1 point"/"5 points"; eGFR's unit with the locale's decimal mark.
 * `label` is the fact's label in `locale`; `unit` the catalogue's unit (src/shared/facts.ts, bokmål).
 */
export function numberFactText(label: string, unit: string | undefined, v: number, locale: 'nb' | 'en', say: Say): { label: string; value: string } {
  if (!unit) return { label, value: showNumber(v, locale) };
  if (unit === 'uker') {
    const d = roundWeeks(v);
    const u = say(d.unit === 'day' ? (d.n === 1 ? 'ref.dur.day' : 'ref.dur.days') : d.n === 1 ? 'ref.dur.week' : 'ref.dur.weeks');
    return { label: labelWithoutUnit(label), value: say(d.approx ? 'ref.dur.approx' : 'ref.dur.exact', { n: d.n, unit: u }) };
  }
  const n = showNumber(v, locale);
  if (unit === 'poeng') return { label, value: `${n} ${say(v === 1 ? 'ref.unit.point' : 'ref.unit.points')}` };
  const shown = locale === 'en' ? unit.replace(/(\d),(\d)/g, '$1.$2') : unit;
  return { label: labelWithoutUnit(label), value: `${n} ${shown}` };
}
