// The tag colour of a reading priority, the same on every page that shows it (worklist, report page,
// countersign queue): acute red, cancer pathway and urgent orange, routine and planned grey.
import type { WorklistCase } from '../../shared/api/reading.ts';

/** Aksel Tag variant per reading priority. */
export const PRIORITY_VARIANT: Readonly<Record<WorklistCase['priority'], 'error' | 'warning' | 'neutral'>> = {
  acute: 'error',
  cancer_pathway: 'warning',
  urgent: 'warning',
  routine: 'neutral',
  planned: 'neutral',
};
