// The one CSV reading layer of the imports (capacity: projection-csv.ts, use-rate-csv.ts; training:
// the learning-goal list, training/goals.ts): a table
// with a heading line, found among the first lines of the file (a StatBank export may start with a
// title line and a blank line), read with csv-parse (RFC 4180 quoting, quoted line breaks, BOM),
// every data row carrying the 1-based line it starts on, and the problems an importer finds located
// by line and column (1-based; the column is the field's position, as a spreadsheet shows it).
import { CsvError, parse } from 'csv-parse/sync';

/** A problem in an imported file, located for the person who has to fix it. */
export interface CsvProblem {
  /** 1-based line number in the file. */
  line: number;
  /** 1-based column number and its heading. */
  column: number;
  heading: string;
  message: string;
  /**
   * What the reading layer found, for an importer that words its problems itself (the training
   * goal import sends codes its page translates): a row of another width than the heading, a quote
   * never closed, text after a closing quote, or no heading. Absent on an importer's own problems.
   */
  code?: { kind: 'row-width'; expected: number; got: number } | { kind: 'quote-not-closed' } | { kind: 'text-after-quote' } | { kind: 'no-heading' };
}

/** An imported CSV refused: every problem found (at most MAX_PROBLEMS), each with line and column. Nothing of the file is taken. */
export class CsvImportError extends Error {
  constructor(readonly problems: CsvProblem[]) {
    super(problems.map((p) => `linje ${p.line}, kolonne ${p.column} (${p.heading}): ${p.message}`).join('; '));
  }
}

/** How many problems one refusal lists (the first ones in the file). */
export const MAX_PROBLEMS = 20;

/** Collects problems up to MAX_PROBLEMS; `throwIfAny` refuses the file when there are any. */
export function problemList() {
  const problems: CsvProblem[] = [];
  return {
    problems,
    fail(p: CsvProblem): void {
      if (problems.length < MAX_PROBLEMS) problems.push(p);
    },
    throwIfAny(): void {
      if (problems.length > 0) throw new CsvImportError(problems);
    },
  };
}

export interface CsvTable {
  /** The heading cells as written (trimmed). */
  heading: string[];
  /** The heading cells in lower case, for finding columns by name. */
  names: string[];
  /** 1-based line of the heading. */
  headingLine: number;
  /** Data rows with as many cells as the heading (others are reported through `fail`), blank lines left out. */
  rows: { line: number; cells: string[] }[];
  /** The heading of a 0-based column ('' past the last). */
  headingOf(column: number): string;
  /** The 0-based index of the first column whose heading is one of `names` (lower case), or −1. */
  column(...names: string[]): number;
}

/** Separators tried, in order: StatBank's "semikolonseparert", tab, comma. */
const SEPARATORS = [';', '\t', ','] as const;
/** How many lines at the top of a file may come before the heading. */
const HEADING_WITHIN = 10;

type Record = { record: string[]; info: { lines: number }; raw: string };

function readRecords(text: string, delimiter: string, probe = false): Record[] {
  return parse(text, {
    delimiter,
    bom: true,
    info: true,
    raw: true,
    trim: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    ...(probe ? { to_line: HEADING_WITHIN } : {}),
  }) as unknown as Record[];
}

/** The records of the first lines, where the heading is looked for: those before any broken quoting (the full read reports it). */
function topRecords(text: string, delimiter: string): Record[] {
  let lines = text.split('\n').slice(0, HEADING_WITHIN);
  while (lines.length > 0) {
    try {
      return readRecords(lines.join('\n'), delimiter, true);
    } catch (e) {
      const at = e instanceof CsvError && typeof e.lines === 'number' ? e.lines : lines.length;
      lines = lines.slice(0, Math.min(at, lines.length) - 1);
    }
  }
  return [];
}

/**
 * The 1-based line a record starts on. csv-parse's `info.lines` is the line the record ends on
 * (with "\n" line ends; readCsvTable makes them so), and a record may span lines (a quoted line
 * break); blank lines skipped before it are part of its `raw` text.
 */
function startLine(r: Record): number {
  const own = r.raw.replace(/^(?:[ \t]*\n)+/, '').replace(/\n$/, '');
  return r.info.lines - (own.match(/\n/g)?.length ?? 0);
}

/**
 * Reads `text` as a table: the heading is the first record within the first ten lines for which
 * `isHeading(cells in lower case)` holds, under the first separator (`;`, tab, `,`) that gives one.
 * Rows whose cell count differs from the heading's are reported through `fail` ("forventet N
 * kolonner, fant M") and left out. Throws CsvImportError when no heading is found (`noHeading` is
 * the message) or the quoting is broken (a quote never closed, text after a closing quote).
 */
export function readCsvTable(text: string, opts: { isHeading: (names: string[]) => boolean; noHeading: string; fail: (p: CsvProblem) => void }): CsvTable {
  // One line end throughout, as people count lines: csv-parse counts a "\r\n" after a "\n" as two.
  text = text.replace(/\r\n/g, '\n');
  let delimiter: string | null = null;
  let headingIndex = -1;
  for (const sep of SEPARATORS) {
    const top = topRecords(text, sep);
    headingIndex = top.findIndex((r) => opts.isHeading(r.record.map((c) => c.toLowerCase())));
    if (headingIndex >= 0) {
      delimiter = sep;
      break;
    }
  }
  if (delimiter === null) throw new CsvImportError([{ line: 1, column: 1, heading: '', message: opts.noHeading, code: { kind: 'no-heading' } }]);
  let records: Record[];
  try {
    records = readRecords(text, delimiter);
  } catch (e) {
    if (e instanceof CsvError) {
      // csv-parse names the line it stopped on; the broken record began `raw`'s line breaks before it.
      const end = typeof e.lines === 'number' ? e.lines : 1;
      const raw = typeof e.raw === 'string' ? e.raw.replace(/\n$/, '') : '';
      throw new CsvImportError([
        {
          line: Math.max(1, end - (raw.match(/\n/g)?.length ?? 0)),
          column: typeof e.column === 'number' ? e.column + 1 : 1,
          heading: '',
          message:
            e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'et anførselstegn lukkes aldri' : 'feil bruk av anførselstegn (tekst rett etter et avsluttende anførselstegn)',
          code: { kind: e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'quote-not-closed' : 'text-after-quote' },
        },
      ]);
    }
    throw e;
  }
  const headingRecord = records[headingIndex];
  const heading = headingRecord.record;
  const names = heading.map((h) => h.toLowerCase());
  const rows: CsvTable['rows'] = [];
  for (const r of records.slice(headingIndex + 1)) {
    if (r.record.every((c) => c === '')) continue; // a line of spaces
    const line = startLine(r);
    if (r.record.length !== heading.length) {
      opts.fail({
        line,
        column: Math.min(r.record.length, heading.length) + 1,
        heading: '',
        message: `forventet ${heading.length} kolonner, fant ${r.record.length}`,
        code: { kind: 'row-width', expected: heading.length, got: r.record.length },
      });
      continue;
    }
    rows.push({ line, cells: r.record });
  }
  return {
    heading,
    names,
    headingLine: startLine(headingRecord),
    rows,
    headingOf: (c) => heading[c] ?? '',
    column: (...wanted) => names.findIndex((h) => wanted.includes(h)),
  };
}
