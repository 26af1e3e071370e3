// Learning goals (læringsmål): the goal-number lists a training plan writes ("1-17, 69-75, 97"), and
// the CSV a network editor imports the full national numbered list with titles from, read through the imports'
// shared CSV layer (capacity/csv-table.ts). Pure functions.
import type { Specialty } from '../db/schema.ts';
import { CsvImportError, readCsvTable, type CsvProblem, type CsvTable } from '../csv/csv-table.ts';
export { parseGoalNumbers } from '../../shared/goal-numbers.ts';

/** The specialties whose goals Radvis knows: nuclear medicine, radiology, and the common competence goals (FKM). */
export const SPECIALTIES: readonly Specialty[] = ['nuclear_medicine', 'radiology', 'fkm'];

/** A problem in user input, located for the person who has to fix it (1-based line and column). */
export interface LocatedError {
  line: number;
  column: number;
  message: string;
}

export interface GoalRow {
  specialty: Specialty;
  number: number;
  title: string;
}

const COLUMNS = ['specialty', 'number', 'title'] as const;

/** A problem of the reading layer (csv-table.ts) as the code the import sends and the page translates (web/training/view.ts importErrorText). */
function codeOf(p: CsvProblem): string {
  switch (p.code?.kind) {
    case 'row-width':
      return `expected-${p.code.expected}-fields-got-${p.code.got}`;
    case 'quote-not-closed':
      return 'unterminated-quote';
    case 'text-after-quote':
      return 'text-after-quote';
    case 'no-heading':
    case undefined:
      return p.message;
  }
}

/**
 * Reads a learning-goal CSV: a header naming the columns `specialty`, `number` and `title` (any
 * order; comma, semicolon or tab separated — Norwegian spreadsheets write semicolons), then one goal
 * a row. `specialty` is nuclear_medicine, radiology or fkm (also "nukleærmedisin", "radiologi",
 * "FKM"). The file is read by the imports' shared CSV layer (csv/csv-table.ts, csv-parse: RFC
 * 4180 quoting, quoted line breaks, a BOM, lines counted as a person counts them). Every problem is
 * reported with its line (where the row starts) and column (the field's position, 1-based, as a
 * spreadsheet counts columns); nothing is imported when there is one (the caller refuses the whole
 * file). A number may appear once per specialty. Codes: empty-file, missing-column:<name>,
 * expected-N-fields-got-M, unterminated-quote, text-after-quote, unknown-specialty,
 * number-not-1-999, title-1-300-characters, title-blank (nothing visible: see `isBlankText`),
 * duplicate-of-line-L, no-rows.
 */
export function parseLearningGoalCsv(text: string): { rows: GoalRow[]; errors: LocatedError[] } {
  if (text.replace(/^\uFEFF/, '').trim() === '') return { rows: [], errors: [{ line: 1, column: 1, message: 'empty-file' }] };
  const errors: LocatedError[] = [];
  let table: CsvTable;
  try {
    table = readCsvTable(text, {
      // A heading naming any of the columns is the heading; the ones it lacks are reported below.
      isHeading: (names) => names.some((n) => (COLUMNS as readonly string[]).includes(n)),
      noHeading: 'no-heading',
      fail: (p) => errors.push({ line: p.line, column: p.column, message: codeOf(p) }),
    });
  } catch (e) {
    if (!(e instanceof CsvImportError)) throw e;
    const p = e.problems[0]!;
    // No line names any of the columns: all three are missing from the first line.
    if (p.code?.kind === 'no-heading') return { rows: [], errors: COLUMNS.map((n) => ({ line: 1, column: 1, message: `missing-column:${n}` })) };
    return { rows: [], errors: e.problems.map((x) => ({ line: x.line, column: x.column, message: codeOf(x) })) };
  }
  const missing = COLUMNS.filter((n) => table.column(n) < 0);
  if (missing.length) return { rows: [], errors: missing.map((n) => ({ line: table.headingLine, column: 1, message: `missing-column:${n}` })) };
  const col = { specialty: table.column('specialty'), number: table.column('number'), title: table.column('title') };
  const rows: GoalRow[] = [];
  const seen = new Map<string, number>();
  for (const r of table.rows) {
    const sp = SPECIALTY_ALIASES[r.cells[col.specialty]!.toLowerCase()];
    if (!sp) errors.push({ line: r.line, column: col.specialty + 1, message: 'unknown-specialty' });
    const numText = r.cells[col.number]!.replace(/^(lm|fkm)\s*/i, '');
    const num = /^\d{1,3}$/.test(numText) ? Number(numText) : NaN;
    if (!(num >= 1 && num <= 999)) errors.push({ line: r.line, column: col.number + 1, message: 'number-not-1-999' });
    const title = r.cells[col.title]!;
    const titleOk = title.length >= 1 && title.length <= 300 && !isBlankText(title);
    if (title.length < 1 || title.length > 300) errors.push({ line: r.line, column: col.title + 1, message: 'title-1-300-characters' });
    else if (!titleOk) errors.push({ line: r.line, column: col.title + 1, message: 'title-blank' });
    if (sp && num >= 1 && num <= 999) {
      const key = `${sp}:${num}`;
      const before = seen.get(key);
      if (before !== undefined) errors.push({ line: r.line, column: col.number + 1, message: `duplicate-of-line-${before}` });
      else seen.set(key, r.line);
      if (titleOk && before === undefined) rows.push({ specialty: sp, number: num, title });
    }
  }
  // Problems in file order (rows of the wrong width are reported while reading, the rest after).
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  if (rows.length === 0 && errors.length === 0) errors.push({ line: table.headingLine + 1, column: 1, message: 'no-rows' });
  return { rows: errors.length ? [] : rows, errors };
}

/**
 * Characters that show nothing: white space and separators (\p{Z}, \s), format characters
 * (\p{Cf}: zero-width space U+200B, zero-width joiners, word joiner U+2060, soft hyphen U+00AD,
 * BOM U+FEFF, bidi marks), control characters (\p{Cc}) and the fillers that render as blank
 * (Hangul fillers U+115F, U+1160, U+3164, U+FFA0; Braille blank U+2800).
 */
const INVISIBLE = /[\p{Z}\s\p{Cf}\p{Cc}\u115F\u1160\u3164\uFFA0\u2800]/gu;

/** Whether `text` is blank once the characters that show nothing (`INVISIBLE`) are removed: a title of only those is no title. */
export function isBlankText(text: string): boolean {
  return text.replace(INVISIBLE, '') === '';
}

const SPECIALTY_ALIASES: Record<string, Specialty> = {
  nuclear_medicine: 'nuclear_medicine',
  nukleærmedisin: 'nuclear_medicine',
  nukleaermedisin: 'nuclear_medicine',
  radiology: 'radiology',
  radiologi: 'radiology',
  fkm: 'fkm',
};
