// CSV export of analytics tables (RFC 4180; semicolon-free, comma-separated, UTF-8 with BOM so
// spreadsheet programs read Norwegian letters right).

/** One CSV document: a header row of the column names, then the rows; null/undefined → empty. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(6).replace(/\.?0+$/, '')) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${[columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n')}\r\n`;
}
