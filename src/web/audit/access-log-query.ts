// The access-log search form → the query string of GET /api/access-log. Pure, so it is tested
// without a browser. Dates may be typed the Norwegian way (31.12.2025, 1.2.26) or as ISO
// (2025-12-31); the server wants ISO.
import type { MessageKey } from '../../shared/i18n/index.ts';

export interface AccessLogForm {
  patientId: string;
  userId: string;
  from: string;
  to: string;
}

/** ISO date (YYYY-MM-DD) from what was typed, or null when it is not a real date. */
export function parseDate(input: string): string | null {
  const s = input.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(s);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (y < 100) y += 2000;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

export interface QueryResult {
  params?: URLSearchParams;
  problems: { field: keyof AccessLogForm; key: MessageKey }[];
}

export function accessLogQuery(form: AccessLogForm): QueryResult {
  const problems: QueryResult['problems'] = [];
  const params = new URLSearchParams();
  if (form.patientId.trim()) params.set('patientId', form.patientId.trim());
  if (form.userId.trim()) params.set('userId', form.userId.trim());
  for (const field of ['from', 'to'] as const) {
    if (!form[field].trim()) continue;
    const iso = parseDate(form[field]);
    if (iso) params.set(field, iso);
    else problems.push({ field, key: 'audit.error.date' });
  }
  const from = params.get('from');
  const to = params.get('to');
  if (from && to && from > to) problems.push({ field: 'to', key: 'audit.error.order' });
  return problems.length > 0 ? { problems } : { params, problems };
}
