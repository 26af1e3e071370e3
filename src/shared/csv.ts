// CSV documents for spreadsheets (used by the server's exports and by the web app's own downloads):
// RFC 4180 quoting, UTF-8 with a BOM so spreadsheet programs read Norwegian letters right, in the
// dialect of the user's language. A spreadsheet set up for Norwegian (Excel, LibreOffice, Numbers with
// nb-NO) splits columns on semicolons and reads a decimal comma — the convention of Norwegian public
// statistics (SSB's "CSV (semikolonseparert)") — so a Norwegian user gets `;` and `0,5`; an English
// one `,` and `0.5`.

/** Column separator, decimal mark and the words for true and false of a CSV document. */
export interface CsvDialect {
  separator: ',' | ';';
  decimal: '.' | ',';
  /** How a boolean cell is written: [true, false]. */
  booleans: readonly [string, string];
}

/** The dialect per user language (Principal.locale). */
export const CSV_DIALECTS: Record<'nb' | 'en', CsvDialect> = {
  nb: { separator: ';', decimal: ',', booleans: ['ja', 'nei'] },
  en: { separator: ',', decimal: '.', booleans: ['true', 'false'] },
};

/**
 * One CSV document: a header row of the column names, then the rows; null/undefined → empty; numbers
 * with at most 6 decimals, trailing zeros dropped, in the dialect's decimal mark; booleans in the
 * dialect's words (Norwegian "ja"/"nei", not "true"/"false"). A cell holding the separator, a quote or
 * a line break is quoted.
 */
export function toCsv(
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  dialect: CsvDialect = CSV_DIALECTS.en,
  headings: readonly string[] = columns,
): string {
  const { separator, decimal, booleans } = dialect;
  const needsQuotes = separator === ';' ? /[";\r\n]/ : /[",\r\n]/;
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'boolean') return v ? booleans[0] : booleans[1];
    const s = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(6).replace(/\.?0+$/, '')).replace('.', decimal) : String(v);
    return needsQuotes.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${[headings.map(cell).join(separator), ...rows.map((r) => columns.map((c) => cell(r[c])).join(separator))].join('\r\n')}\r\n`;
}
