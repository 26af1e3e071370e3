import { describe, expect, it } from 'vitest';
import { parseGoalNumbers, parseLearningGoalCsv } from './goals.ts';

describe('parseGoalNumbers (the plan table of seed 004)', () => {
  it('reads the Ahus rows as written', () => {
    const r = parseGoalNumbers('1-17, 69-75, 77-81, 97, 99');
    expect(r.ok && r.numbers.length).toBe(17 + 7 + 5 + 2);
    expect(parseGoalNumbers('18 - 67')).toEqual({ ok: true, numbers: Array.from({ length: 50 }, (_, i) => i + 18) });
    expect(parseGoalNumbers('15–16, 68')).toEqual({ ok: true, numbers: [15, 16, 68] });
    expect(parseGoalNumbers('5, 3, 5')).toEqual({ ok: true, numbers: [3, 5] });
  });
  it('names the column of a bad token', () => {
    expect(parseGoalNumbers('1-5, x')).toEqual({ ok: false, column: 6, token: 'x' });
    expect(parseGoalNumbers('9-3')).toEqual({ ok: false, column: 1, token: '9-3' });
    expect(parseGoalNumbers('0')).toMatchObject({ ok: false });
    expect(parseGoalNumbers('')).toMatchObject({ ok: false });
  });
});

describe('parseLearningGoalCsv', () => {
  it('refuses broken quoting in the middle of a file with the line it starts on, and takes no row', () => {
    const rows = ['specialty;number;title', ...Array.from({ length: 8 }, (_, i) => `radiologi;${i + 1};"Mål ${i + 1}"`)];
    // Line 5: a quote not closed on its line runs on to the next line's first quote, and the text after that is refused — at line 5, column 3, where the broken field starts.
    const open = [...rows];
    open[4] = 'radiologi;4;"Mål 4 uten slutt';
    expect(parseLearningGoalCsv(open.join('\r\n'))).toEqual({ rows: [], errors: [{ line: 5, column: 3, message: 'text-after-quote' }] });
    // The last line: a quote never closed.
    const last = [...rows];
    last[8] = 'radiologi;8;"Mål 8 uten slutt';
    expect(parseLearningGoalCsv(last.join('\r\n'))).toEqual({ rows: [], errors: [{ line: 9, column: 3, message: 'unterminated-quote' }] });
    // Line 7: text after a closing quote.
    const after = [...rows];
    after[6] = 'radiologi;6;"Mål 6" ekstra';
    expect(parseLearningGoalCsv(after.join('\n'))).toEqual({ rows: [], errors: [{ line: 7, column: 3, message: 'text-after-quote' }] });
    // A quote inside an unquoted field is a character of the title; a doubled quote inside a quoted field is one quote.
    expect(parseLearningGoalCsv('specialty;number;title\nfkm;1;Tittel med "sitat" inne\nfkm;2;"Med ""to"""\n').rows).toEqual([
      { specialty: 'fkm', number: 1, title: 'Tittel med "sitat" inne' },
      { specialty: 'fkm', number: 2, title: 'Med "to"' },
    ]);
  });
  it('reads comma and semicolon files, quoted fields with commas, quotes and line breaks, aliases and a BOM', () => {
    const r = parseLearningGoalCsv('\uFEFFnumber;title;specialty\r\n1;"Tittel; med ""sitat""";nukleærmedisin\r\n2;"To\nlinjer";radiologi\r\n\r\n');
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      { specialty: 'nuclear_medicine', number: 1, title: 'Tittel; med "sitat"' },
      { specialty: 'radiology', number: 2, title: 'To\nlinjer' },
    ]);
    expect(parseLearningGoalCsv('specialty,number,title\nFKM,LM 7,Kommunikasjon\n').rows).toEqual([{ specialty: 'fkm', number: 7, title: 'Kommunikasjon' }]);
  });
  // Columns are the field's position (1-based), as a spreadsheet counts them and the capacity imports report them.
  it('reports every problem with line and column and returns no rows', () => {
    const r = parseLearningGoalCsv('specialty,number,title\nradiology,1,A\nradiology,1,B\nx,2,C\nradiology,1000,D\nradiology,3\nradiology,4,""\n');
    expect(r.rows).toEqual([]);
    expect(r.errors).toEqual([
      { line: 3, column: 2, message: 'duplicate-of-line-2' },
      { line: 4, column: 1, message: 'unknown-specialty' },
      { line: 5, column: 2, message: 'number-not-1-999' },
      { line: 6, column: 3, message: 'expected-3-fields-got-2' },
      { line: 7, column: 3, message: 'title-1-300-characters' },
    ]);
    // The columns in the heading's order, not the default order.
    expect(parseLearningGoalCsv('title;specialty;number\nA;radiology;x\n').errors).toEqual([{ line: 2, column: 3, message: 'number-not-1-999' }]);
  });
  it('refuses a title that is blank once invisible characters are removed (zero-width space, word joiner, NBSP …), at its line and column', () => {
    const r = parseLearningGoalCsv('specialty,number,title\nradiology,1,\u200B\nradiology,2,"\u200B\u2060\u00A0\uFEFF\u3164"\nradiology,3,Ok\u200B\n');
    expect(r.rows).toEqual([]);
    expect(r.errors).toEqual([
      { line: 2, column: 3, message: 'title-blank' },
      { line: 3, column: 3, message: 'title-blank' },
    ]);
    expect(parseLearningGoalCsv('specialty,number,title\nradiology,3,Ok\u200B\n').rows).toEqual([{ specialty: 'radiology', number: 3, title: 'Ok\u200B' }]);
  });
  it('line numbers count line breaks inside quotes, blank lines and mixed line ends', () => {
    const r = parseLearningGoalCsv('specialty,number,title\nradiology,1,"a\nb"\nradiology,x,c\n');
    expect(r.errors).toEqual([{ line: 4, column: 2, message: 'number-not-1-999' }]);
    expect(parseLearningGoalCsv('specialty;number;title\r\nradiology;1;a\r\n\r\nradiology;2;"b\r\nc"\nradiology;0;d\n').errors).toEqual([
      { line: 6, column: 2, message: 'number-not-1-999' },
    ]);
  });
  it('refuses a missing column, an unterminated quote, text after a quote and an empty file', () => {
    expect(parseLearningGoalCsv('specialty,title\nradiology,A\n').errors).toEqual([{ line: 1, column: 1, message: 'missing-column:number' }]);
    expect(parseLearningGoalCsv('nummer,tittel\n1,A\n').errors.map((e) => e.message)).toEqual([
      'missing-column:specialty',
      'missing-column:number',
      'missing-column:title',
    ]);
    // An unterminated quote is named on the line its field starts on.
    expect(parseLearningGoalCsv('specialty,number,title\nradiology,1,"open\n').errors[0]).toMatchObject({ line: 2, message: 'unterminated-quote' });
    expect(parseLearningGoalCsv('specialty,number,title\nradiology,1,"a"b\n').errors[0]).toEqual({ line: 2, column: 3, message: 'text-after-quote' });
    expect(parseLearningGoalCsv('').errors).toEqual([{ line: 1, column: 1, message: 'empty-file' }]);
    expect(parseLearningGoalCsv('\uFEFF \r\n').errors).toEqual([{ line: 1, column: 1, message: 'empty-file' }]);
    expect(parseLearningGoalCsv('specialty,number,title\n').errors).toEqual([{ line: 2, column: 1, message: 'no-rows' }]);
  });
});
