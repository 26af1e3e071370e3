// Formatting for the task-sharing report: coefficients with their interval, shares as percent,
// and the report as CSV. Pure (tested without a browser).
import type { Agreement, Report } from '../../shared/api/task-sharing.ts';
import { CSV_DIALECTS, toCsv } from '../../shared/csv.ts';

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

/** The report's groups as CSV in the dialect of `locale` (src/shared/csv.ts: `;` and decimal comma in Norwegian). */
export function reportCsv(r: Report, locale: 'nb' | 'en'): string {
  const head = [
    'gruppe',
    'navn',
    'n',
    'lik_prioritet',
    'kappa_lineaer',
    'kappa_lineaer_nedre',
    'kappa_lineaer_ovre',
    'kappa_kvadratisk',
    'kappa_kvadratisk_nedre',
    'kappa_kvadratisk_ovre',
    'ac2',
    'ac2_nedre',
    'ac2_ovre',
    'for_faa',
  ] as const;
  // Four decimals, as the report shows them.
  const num = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 10_000) / 10_000);
  const line = (group: string, name: string, a: Agreement): Record<(typeof head)[number], string | number | null> => ({
    gruppe: group,
    navn: name,
    n: a.n,
    lik_prioritet: num(a.percentAgreement),
    kappa_lineaer: num(a.kappaLinear?.value),
    kappa_lineaer_nedre: num(a.kappaLinear?.lower),
    kappa_lineaer_ovre: num(a.kappaLinear?.upper),
    kappa_kvadratisk: num(a.kappaQuadratic?.value),
    kappa_kvadratisk_nedre: num(a.kappaQuadratic?.lower),
    kappa_kvadratisk_ovre: num(a.kappaQuadratic?.upper),
    ac2: num(a.ac2?.value),
    ac2_nedre: num(a.ac2?.lower),
    ac2_ovre: num(a.ac2?.upper),
    for_faa: a.tooFew ? 'ja' : 'nei',
  });
  const rows = [
    line('samlet', '', r.overall),
    ...r.byModality.map((g) => line('modalitet', g.label, g.agreement)),
    ...r.byExam.map((g) => line('undersokelse', g.label, g.agreement)),
    ...r.byAssessor.map((g) => line('radiograf', g.label, g.agreement)),
  ];
  return toCsv(head, rows, CSV_DIALECTS[locale]);
}
