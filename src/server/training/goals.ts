// Learning goals (læringsmål): the goal-number lists a training plan writes ("1-17, 69-75, 97"), and
// the CSV a department imports the full numbered list with titles from. Pure functions.
import type { Specialty } from '../db/schema.ts';
export { parseGoalNumbers } from '../../shared/goal-numbers.ts';

/** The specialties whose goals Radvis knows: nuclear medicine, radiology, and the common competence goals (FKM). */
export const SPECIALTIES: readonly Specialty[] = ['nuclear_medicine', 'radiology', 'fkm'];

/** A problem in user input, located for the person who has to fix it (1-based line and column). */
export interface LocatedError {
  line: number;
  column: number;
  message: string;
}

/** Splits CSV text (RFC 4180 quoting; `sep` between fields) into records with the line each starts on. */
function csvRecords(text: string, sep: string): { line: number; fields: { value: string; column: number }[] }[] {
  const records: { line: number; fields: { value: string; column: number }[] }[] = [];
  let line = 1;
  let col = 1;
  let i = 0;
  const s = text.replace(/^\uFEFF/, '');
  while (i < s.length) {
    const start = line;
    const fields: { value: string; column: number }[] = [];
    for (;;) {
      const fieldCol = col;
      let value = '';
      if (s[i] === '"') {
        i++;
        col++;
        for (;;) {
          if (i >= s.length) throw Object.assign(new Error('unterminated-quote'), { line, column: fieldCol });
          if (s[i] === '"') {
            if (s[i + 1] === '"') {
              value += '"';
              i += 2;
              col += 2;
              continue;
            }
            i++;
            col++;
            break;
          }
          if (s[i] === '\n') {
            line++;
            col = 1;
          } else col++;
          value += s[i++];
        }
        while (i < s.length && s[i] !== sep && s[i] !== '\n' && s[i] !== '\r') {
          if (s[i] !== ' ') throw Object.assign(new Error('text-after-quote'), { line, column: col });
          i++;
          col++;
        }
      } else {
        while (i < s.length && s[i] !== sep && s[i] !== '\n' && s[i] !== '\r') {
          value += s[i++];
          col++;
        }
      }
      fields.push({ value, column: fieldCol });
      if (s[i] === sep) {
        i++;
        col++;
        continue;
      }
      break;
    }
    if (s[i] === '\r') i++;
    if (s[i] === '\n') i++;
    line++;
    col = 1;
    if (!(fields.length === 1 && fields[0]!.value.trim() === '')) records.push({ line: start, fields });
  }
  return records;
}

export interface GoalRow {
  specialty: Specialty;
  number: number;
  title: string;
}

/**
 * Reads a learning-goal CSV: a header naming the columns `specialty`, `number` and `title` (any
 * order; comma or semicolon separated — Norwegian spreadsheets write semicolons), then one goal a
 * row. `specialty` is nuclear_medicine, radiology or fkm (also "nukleærmedisin", "radiologi",
 * "FKM"). Every problem is reported with its line and column; nothing is imported when there is
 * one (the caller refuses the whole file). A number may appear once per specialty.
 */
export function parseLearningGoalCsv(text: string): { rows: GoalRow[]; errors: LocatedError[] } {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: ReturnType<typeof csvRecords>;
  try {
    records = csvRecords(text, sep);
  } catch (e) {
    const x = e as Error & { line: number; column: number };
    return { rows: [], errors: [{ line: x.line, column: x.column, message: x.message }] };
  }
  const header = records.shift();
  if (!header) return { rows: [], errors: [{ line: 1, column: 1, message: 'empty-file' }] };
  const names = header.fields.map((f) => f.value.trim().toLowerCase());
  const errors: LocatedError[] = [];
  const idx = (n: string) => names.indexOf(n);
  for (const n of ['specialty', 'number', 'title']) if (idx(n) < 0) errors.push({ line: header.line, column: 1, message: `missing-column:${n}` });
  if (errors.length) return { rows: [], errors };
  const rows: GoalRow[] = [];
  const seen = new Map<string, number>();
  for (const r of records) {
    if (r.fields.length !== names.length) {
      errors.push({ line: r.line, column: r.fields[r.fields.length - 1]!.column, message: `expected-${names.length}-fields-got-${r.fields.length}` });
      continue;
    }
    const get = (n: string) => r.fields[idx(n)]!;
    const sp = SPECIALTY_ALIASES[get('specialty').value.trim().toLowerCase()];
    if (!sp) errors.push({ line: r.line, column: get('specialty').column, message: 'unknown-specialty' });
    const numText = get('number')
      .value.trim()
      .replace(/^(lm|fkm)\s*/i, '');
    const num = /^\d{1,3}$/.test(numText) ? Number(numText) : NaN;
    if (!(num >= 1 && num <= 999)) errors.push({ line: r.line, column: get('number').column, message: 'number-not-1-999' });
    const title = get('title').value.trim();
    if (title.length < 1 || title.length > 300) errors.push({ line: r.line, column: get('title').column, message: 'title-1-300-characters' });
    if (sp && num >= 1 && num <= 999) {
      const key = `${sp}:${num}`;
      const before = seen.get(key);
      if (before !== undefined) errors.push({ line: r.line, column: get('number').column, message: `duplicate-of-line-${before}` });
      else seen.set(key, r.line);
      if (title.length >= 1 && title.length <= 300 && before === undefined) rows.push({ specialty: sp, number: num, title });
    }
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ line: header.line + 1, column: 1, message: 'no-rows' });
  return { rows: errors.length ? [] : rows, errors };
}

const SPECIALTY_ALIASES: Record<string, Specialty> = {
  nuclear_medicine: 'nuclear_medicine',
  nukleærmedisin: 'nuclear_medicine',
  nukleaermedisin: 'nuclear_medicine',
  radiology: 'radiology',
  radiologi: 'radiology',
  fkm: 'fkm',
};
