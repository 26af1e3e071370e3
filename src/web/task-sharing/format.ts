// Formatting for the task-sharing report: coefficients with their interval, shares as percent,
// and the report as CSV. Pure (tested without a browser).
import type { Agreement, Report } from '../../shared/api/task-sharing.ts';

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

const cell = (s: string | number) => {
  const v = String(s);
  return /[",;\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
};

/** The report's groups as CSV (semicolon-separated, decimal point; RFC 4180 quoting). */
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
  ];
  const num = (x: number | null | undefined) => (x === null || x === undefined ? '' : x.toFixed(4));
  const line = (group: string, name: string, a: Agreement) =>
    [
      group,
      name,
      a.n,
      num(a.percentAgreement),
      num(a.kappaLinear?.value),
      num(a.kappaLinear?.lower),
      num(a.kappaLinear?.upper),
      num(a.kappaQuadratic?.value),
      num(a.kappaQuadratic?.lower),
      num(a.kappaQuadratic?.upper),
      num(a.ac2?.value),
      num(a.ac2?.lower),
      num(a.ac2?.upper),
      a.tooFew ? 'ja' : 'nei',
    ]
      .map(cell)
      .join(';');
  const rows = [
    head.join(';'),
    line('samlet', '', r.overall),
    ...r.byModality.map((g) => line('modalitet', g.label, g.agreement)),
    ...r.byExam.map((g) => line('undersokelse', g.label, g.agreement)),
    ...r.byAssessor.map((g) => line('radiograf', g.label, g.agreement)),
  ];
  void locale;
  return `${rows.join('\r\n')}\r\n`;
}
