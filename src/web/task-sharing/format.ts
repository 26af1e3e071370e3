// Formatting for the task-sharing report: coefficients with their interval, shares as percent,
// and the report as CSV. Pure (tested without a browser).
import type { Agreement, Report } from '../../shared/api/task-sharing.ts';
import { CSV_DIALECTS, toCsv } from '../../shared/csv.ts';
import { translate } from '../../shared/i18n/index.ts';

type Est = Agreement['kappaLinear'];

/** "0,62 (0,41–0,83)" in Norwegian, "0.62 (0.41–0.83)" in English; "–" when undefined. */
export function formatEstimate(e: Est, locale: 'nb' | 'en'): string {
  if (!e) return '–';
  const f = new Intl.NumberFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${f.format(e.value)} (${f.format(e.lower)}–${f.format(e.upper)})`;
}

/** A share 0–1 as "83 %"; "–" when undefined. */
export function formatPercent(x: number | null, locale: 'nb' | 'en'): string {
  if (x === null) return '–';
  return `${new Intl.NumberFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { maximumFractionDigits: 0 }).format(x * 100)} %`;
}

/** The CSV columns of the report (headings `csv.col.<column>` in src/shared/i18n/csv.ts). */
const REPORT_COLUMNS = [
  'tsGroup',
  'name',
  'n',
  'percentAgreement',
  'kappaLinear',
  'kappaLinearLower',
  'kappaLinearUpper',
  'kappaQuadratic',
  'kappaQuadraticLower',
  'kappaQuadraticUpper',
  'ac2',
  'ac2Lower',
  'ac2Upper',
  'tooFew',
] as const;

/**
 * The report's groups as CSV in the dialect of `locale` (src/shared/csv.ts: `;` and decimal comma in
 * Norwegian), with headings and group names in words in that language (issue 8: no internal codes),
 * "too few pairs" as the dialect's yes/no.
 */
export function reportCsv(r: Report, locale: 'nb' | 'en'): string {
  // Four decimals, as the report shows them.
  const num = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 10_000) / 10_000);
  const group = (g: 'overall' | 'modality' | 'exam' | 'assessor') => translate(locale, `csv.value.tsGroup.${g}`);
  const line = (g: string, name: string, a: Agreement): Record<(typeof REPORT_COLUMNS)[number], string | number | boolean | null> => ({
    tsGroup: g,
    name,
    n: a.n,
    percentAgreement: num(a.percentAgreement),
    kappaLinear: num(a.kappaLinear?.value),
    kappaLinearLower: num(a.kappaLinear?.lower),
    kappaLinearUpper: num(a.kappaLinear?.upper),
    kappaQuadratic: num(a.kappaQuadratic?.value),
    kappaQuadraticLower: num(a.kappaQuadratic?.lower),
    kappaQuadraticUpper: num(a.kappaQuadratic?.upper),
    ac2: num(a.ac2?.value),
    ac2Lower: num(a.ac2?.lower),
    ac2Upper: num(a.ac2?.upper),
    tooFew: a.tooFew,
  });
  const rows = [
    line(group('overall'), '', r.overall),
    ...r.byModality.map((g) => line(group('modality'), g.label, g.agreement)),
    ...r.byExam.map((g) => line(group('exam'), g.label, g.agreement)),
    ...r.byAssessor.map((g) => line(group('assessor'), g.label, g.agreement)),
  ];
  return toCsv(
    REPORT_COLUMNS,
    rows,
    CSV_DIALECTS[locale],
    REPORT_COLUMNS.map((c) => translate(locale, `csv.col.${c}`)),
  );
}
