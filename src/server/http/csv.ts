// CSV export of tables (analytics, capacity, training records) as downloads, in the dialect of the
// logged-in user's language (src/shared/csv.ts).
import type { FastifyReply } from 'fastify';
import { CSV_DIALECTS, toCsv } from '../../shared/csv.ts';
import { MESSAGES, translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';
import { requestLocale } from './accept-language.ts';

/**
 * Sends `rows` as a CSV download named `<name>.csv` (prefixed "radvis-" when it is not already), in
 * the dialect and with the column headings of the requester's language (the user's chosen UI
 * language; Accept-Language for a caller without one: http/accept-language.ts requestLocale). Routes that answer CSV declare it in their schema (MediaResponse 'text/csv').
 */
export function sendCsv(
  reply: FastifyReply,
  name: string,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  opts: { technicalNames?: boolean } = {},
) {
  const file = name.startsWith('radvis-') ? name : `radvis-${name}`;
  const locale = requestLocale(reply.request);
  // The heading row in the user's language (src/shared/i18n/csv.ts), unless a receiving system
  // reads the technical names (opts.technicalNames).
  const headings = opts.technicalNames ? columns : columns.map((c) => headingOf(locale, c));
  const body = toCsv(columns, rows, CSV_DIALECTS[locale], headings);
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}.csv"`).send(body);
}

/**
 * A coded value in words for a CSV cell (issue 8: people never read internal codes): the message
 * `<prefix><code>` in `locale` (e.g. `analytics.rating.` + `usually_not_appropriate` → "Vanligvis ikke
 * indisert"); empty for an empty code; the code itself only when no message exists (a test keeps the
 * codes each export writes covered).
 */
export function wordOf(locale: Locale, prefix: string, code: string | null | undefined): string {
  if (!code) return '';
  const key = `${prefix}${code}`;
  return key in MESSAGES[locale] ? translate(locale, key as MessageKey) : code;
}

/** The column's heading in `locale` (`csv.col.<column>`), or the column name when there is none. */
export function headingOf(locale: Locale, column: string): string {
  const key = `csv.col.${column}`;
  return key in MESSAGES[locale] ? translate(locale, key as MessageKey) : column;
}
