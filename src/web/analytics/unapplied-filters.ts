// Which of the chosen filters a view of the management-data page does not apply: its aggregate is not
// broken down that way (AnalyticsMeta.filtersApplied, from the server's store.filtersApplied), so the
// figures shown are not narrowed by it and the page must say so rather than let it look applied.
import type { MessageKey } from '../../shared/i18n/index.ts';

/** The page's filters that narrow figures, in the filter panel's order, with their labels. */
export const NARROWING_FILTERS = [
  ['area', 'analytics.area'],
  ['trust', 'analytics.trust'],
  ['modality', 'analytics.modality'],
  ['exam', 'analytics.exam'],
  ['ageGroup', 'analytics.ageGroup'],
  ['sex', 'analytics.sex'],
  ['provider', 'analytics.provider'],
] as const satisfies readonly (readonly [string, MessageKey])[];

export type NarrowingFilter = (typeof NARROWING_FILTERS)[number][0];

/**
 * The filters set in `chosen` (non-empty value) that are not in `applied` (the view's aggregate's
 * filter names), as the labels' message keys in panel order; empty when every chosen filter applies.
 */
export function unappliedFilters(chosen: Readonly<Record<NarrowingFilter, string>>, applied: readonly string[]): MessageKey[] {
  return NARROWING_FILTERS.filter(([name]) => chosen[name] !== '' && !applied.includes(name)).map(([, label]) => label);
}
