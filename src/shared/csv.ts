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

/** A cell a spreadsheet would read as a formula (OWASP "CSV Injection"): it starts with = + - @, a tab or a carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number written as text (`-3`, `+2.5`, `-0,25`, `1e-7`): a spreadsheet reads it as a number, never a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+([.,]\d+)?|[.,]\d+)([eE][+-]?\d+)?$/;

/**
 * A text cell as it is safe to write: one that a spreadsheet would run as a formula gets a leading
 * `'` (OWASP "CSV Injection": cells must not begin with = + - @, Tab 0x09 or Carriage Return 0x0D;
 * prefix such a cell with a single quote — Excel and LibreOffice then show it as text). A plain
 * number in text form (`-3`, `-0,25`: PostgreSQL numeric and bigint columns arrive as strings) is
 * left as it is, so negative numbers stay numbers; so is every other cell.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * One CSV document: a header row of the column names, then the rows; null/undefined → empty; numbers
 * with at most 6 decimals, trailing zeros dropped, in the dialect's decimal mark; booleans in the
 * dialect's words (Norwegian "ja"/"nei", not "true"/"false"). A cell holding the separator, a quote or
 * a line break is quoted.
 *
 * Formula cells are neutralized here, so every export gets it (OWASP "CSV Injection"; titles, names
 * and free text from users and imports reach the exports): a text cell starting with = + - @, a tab
 * or a carriage return is written with a leading `'` (`neutralizeFormula`) and quoted. Only text is judged —
 * a JavaScript number (e.g. -3) is written as a number, and a text cell that is a plain number
 * (`-3`, `-0,25`) is left alone — so numeric columns stay numbers in the spreadsheet.
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
    if (typeof v === 'number') return (Number.isInteger(v) ? String(v) : v.toFixed(6).replace(/\.?0+$/, '')).replace('.', decimal);
    const text = String(v);
    const s = neutralizeFormula(text);
    // OWASP: a neutralized cell is also quoted.
    return needsQuotes.test(s) || s !== text ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${[headings.map(cell).join(separator), ...rows.map((r) => columns.map((c) => cell(r[c])).join(separator))].join('\r\n')}\r\n`;
}
