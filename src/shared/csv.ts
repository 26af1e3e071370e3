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
 * How a numeric column is written for people (the precision its meaning has; declared per column in
 * src/shared/csv-columns.ts): `integer` — a count, rounded to a whole number; `decimal` — a fixed number
 * of decimals (a rate per 10,000 with 1, a ratio with 2); `percent` — a share 0–1 written as a
 * percentage (× 100) with a fixed number of decimals, as the pages show it (its heading says "(%)").
 */
export type CsvColumnFormat =
  | { kind: 'integer' }
  | { kind: 'decimal'; digits: number }
  | { kind: 'percent'; digits: number }
  /** `digits` significant digits, trailing zeros dropped (the funnel's overdispersion φ ≈ 1.23, τ² ≈ 0.00123): a small ratio is never rounded to 0. */
  | { kind: 'significant'; digits: number };

/**
 * A number as `format` writes it, with `decimal` as the decimal mark: rounded half away from zero as
 * `Number.prototype.toFixed` does on the double's exact value (as the pages' `toLocaleString` does), a
 * rounded negative zero written without its sign. Without a format: at most 6 decimals, trailing zeros
 * dropped (the raw rule of the exports that machines read).
 */
export function formatCsvNumber(v: number, format: CsvColumnFormat | undefined, decimal: '.' | ','): string {
  let text: string;
  if (!format) text = Number.isInteger(v) ? String(v) : v.toFixed(6).replace(/\.?0+$/, '');
  else if (format.kind === 'integer') text = Math.round(v).toFixed(0);
  else if (format.kind === 'significant') text = String(Number(v.toPrecision(format.digits)));
  else text = (format.kind === 'percent' ? v * 100 : v).toFixed(format.digits);
  // -0.04 to 1 decimal is "-0.0": zero has no sign.
  if (/^-0(\.0*)?$/.test(text)) text = text.slice(1);
  return text.replace('.', decimal);
}

/** What a CSV document carries besides its table. */
export interface CsvOptions {
  /**
   * The number format per column (by column name); a column without one keeps the raw rule (at most
   * 6 decimals). Only numbers are formatted: text, booleans and empty cells are written as always.
   */
  formats?: Readonly<Record<string, CsvColumnFormat>>;
  /**
   * A title line before the table, followed by a blank line (Statistics Norway's StatBank CSV: a
   * line naming the table, period and selection, a blank line, then the heading row). Written as one
   * cell, quoted when it needs it, formula starts neutralized.
   */
  title?: string;
}

/**
 * One CSV document: an optional title line and a blank line (`options.title`), a header row of the
 * column names, then the rows; null/undefined → empty; numbers in the format declared for their
 * column (`options.formats`, `formatCsvNumber`) or else with at most 6 decimals, trailing zeros
 * dropped, in the dialect's decimal mark; booleans in the dialect's words (Norwegian "ja"/"nei", not
 * "true"/"false"). A cell holding the separator, a quote or a line break is quoted.
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
  options: CsvOptions = {},
): string {
  const { separator, decimal, booleans } = dialect;
  const needsQuotes = separator === ';' ? /[";\r\n]/ : /[",\r\n]/;
  const cell = (v: unknown, format?: CsvColumnFormat) => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'boolean') return v ? booleans[0] : booleans[1];
    if (typeof v === 'number') return formatCsvNumber(v, format, decimal);
    const text = String(v);
    const s = neutralizeFormula(text);
    // OWASP: a neutralized cell is also quoted.
    return needsQuotes.test(s) || s !== text ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const formats = columns.map((c) => options.formats?.[c]);
  const lines = [headings.map((h) => cell(h)).join(separator), ...rows.map((r) => columns.map((c, i) => cell(r[c], formats[i])).join(separator))];
  if (options.title !== undefined) lines.unshift(cell(options.title), '');
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
