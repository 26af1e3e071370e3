// CSV export of tables (analytics, capacity, training records) as downloads, in the dialect of the
// logged-in user's language (src/shared/csv.ts).
import type { FastifyReply } from 'fastify';
import { CSV_DIALECTS, toCsv } from '../../shared/csv.ts';

/**
 * Sends `rows` as a CSV download named `<name>.csv` (prefixed "radvis-" when it is not already), in
 * the dialect of the logged-in user's language (English without a user). Routes that answer CSV
 * declare it in their schema (MediaResponse 'text/csv').
 */
export function sendCsv(reply: FastifyReply, name: string, columns: readonly string[], rows: readonly Record<string, unknown>[]) {
  const file = name.startsWith('radvis-') ? name : `radvis-${name}`;
  const dialect = CSV_DIALECTS[reply.request.principal?.locale ?? 'en'];
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file}.csv"`)
    .send(toCsv(columns, rows, dialect));
}
