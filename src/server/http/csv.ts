// CSV export of tables (analytics, capacity, training records) (RFC 4180; semicolon-free, comma-separated, UTF-8 with BOM so
// spreadsheet programs read Norwegian letters right).
import type { FastifyReply } from 'fastify';

/** One CSV document: a header row of the column names, then the rows; null/undefined → empty. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(6).replace(/\.?0+$/, '')) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${[columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n')}\r\n`;
}

/**
 * Sends `rows` as a CSV download named `<name>.csv` (prefixed "radvis-" when it is not already).
 * Routes that answer CSV declare it in their schema (MediaResponse 'text/csv').
 */
export function sendCsv(reply: FastifyReply, name: string, columns: readonly string[], rows: readonly Record<string, unknown>[]) {
  const file = name.startsWith('radvis-') ? name : `radvis-${name}`;
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}.csv"`).send(toCsv(columns, rows));
}
