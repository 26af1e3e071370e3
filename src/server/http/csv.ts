// CSV export of tables (analytics, capacity, training records) as downloads, in the dialect of the
// logged-in user's language (src/shared/csv.ts).
import type { FastifyReply } from 'fastify';
import { CSV_DIALECTS, toCsv } from '../../shared/csv.ts';
import { CSV_COLUMN_FORMATS } from '../../shared/csv-columns.ts';
import { MESSAGES, translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';
import { requestLocale } from './accept-language.ts';

/**
 * Sends `rows` as a CSV download named `<name>.csv` (prefixed "radvis-" when it is not already), in
 * the dialect and with the column headings of the requester's language (the user's chosen UI
 * language; Accept-Language for a caller without one: http/accept-language.ts requestLocale). Routes that answer CSV declare it in their schema (MediaResponse 'text/csv').
 *
 * Numbers are written with the precision their column has (src/shared/csv-columns.ts: counts whole,
 * rates with 1 decimal, shares as percentages as the pages show them, the heading then saying "(%)").
 * `opts.technicalNames` marks an export a receiving system reads (training record → Dossier): its
 * headings are the column names and its numbers the raw values (at most 6 decimals), never rounded for
 * the eye. `opts.title` is a title line before the table (period, selection and when the file was made;
 * analytics/export-title.ts), followed by a blank line, as Statistics Norway's StatBank CSV files.
 */
export function sendCsv(
  reply: FastifyReply,
  name: string,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  opts: { technicalNames?: boolean; title?: string } = {},
) {
  const file = name.startsWith('radvis-') ? name : `radvis-${name}`;
  const locale = requestLocale(reply.request);
  // The heading row in the user's language (src/shared/i18n/csv.ts), unless a receiving system
  // reads the technical names (opts.technicalNames).
  const formats = opts.technicalNames ? undefined : CSV_COLUMN_FORMATS;
  const headings = opts.technicalNames ? columns : columns.map((c) => headingOf(locale, c));
  const body = toCsv(columns, rows, CSV_DIALECTS[locale], headings, { formats, title: opts.title });
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

/**
 * The column's heading in `locale` (`csv.col.<column>`), or the column name when there is none; a
 * column written as a percentage (src/shared/csv-columns.ts) gets " (%)" after it, so a share
 * written as 12,3 is not read as 12.3 times.
 */
export function headingOf(locale: Locale, column: string): string {
  const key = `csv.col.${column}`;
  const heading = key in MESSAGES[locale] ? translate(locale, key as MessageKey) : column;
  return CSV_COLUMN_FORMATS[column]?.kind === 'percent' ? `${heading} (%)` : heading;
}
