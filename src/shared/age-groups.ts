// The age groups the management-data filters offer (the aggregates' age bands, analytics/store.ts
// AGE_BAND) and their names in the user's language, for the page and the CSV title lines. Pure.

/** The filter's age groups, as the API takes them (`ageGroup=0-19`, `80+`). */
export const AGE_GROUPS = ['0-19', '20-39', '40-49', '50-69', '70-79', '80+'] as const;

/** An age group ("0-19", "80+") in words: "0–19 år" / "0–19 years", "80 år og eldre" / "80 years and older". */
export function ageGroupLabel(g: string, t: (key: 'analytics.ageRange' | 'analytics.ageFrom', vars: Record<string, string>) => string): string {
  const [from, to] = g.replace('+', '').split('-');
  return to ? t('analytics.ageRange', { from, to }) : t('analytics.ageFrom', { from });
}
