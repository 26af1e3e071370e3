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
  it('reads comma and semicolon files, quoted fields with commas, quotes and line breaks, aliases and a BOM', () => {
    const r = parseLearningGoalCsv('\uFEFFnumber;title;specialty\r\n1;"Tittel; med ""sitat""";nukleærmedisin\r\n2;"To\nlinjer";radiologi\r\n\r\n');
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      { specialty: 'nuclear_medicine', number: 1, title: 'Tittel; med "sitat"' },
      { specialty: 'radiology', number: 2, title: 'To\nlinjer' },
    ]);
    expect(parseLearningGoalCsv('specialty,number,title\nFKM,LM 7,Kommunikasjon\n').rows).toEqual([{ specialty: 'fkm', number: 7, title: 'Kommunikasjon' }]);
  });
  it('reports every problem with line and column and returns no rows', () => {
    const r = parseLearningGoalCsv('specialty,number,title\nradiology,1,A\nradiology,1,B\nx,2,C\nradiology,1000,D\nradiology,3\nradiology,4,""\n');
    expect(r.rows).toEqual([]);
    expect(r.errors).toEqual([
      { line: 3, column: 11, message: 'duplicate-of-line-2' },
      { line: 4, column: 1, message: 'unknown-specialty' },
      { line: 5, column: 11, message: 'number-not-1-999' },
      { line: 6, column: 11, message: 'expected-3-fields-got-2' },
      { line: 7, column: 13, message: 'title-1-300-characters' },
    ]);
  });
  it('line numbers count line breaks inside quotes', () => {
    const r = parseLearningGoalCsv('specialty,number,title\nradiology,1,"a\nb"\nradiology,x,c\n');
    expect(r.errors).toEqual([{ line: 4, column: 11, message: 'number-not-1-999' }]);
  });
  it('refuses a missing column, an unterminated quote, text after a quote and an empty file', () => {
    expect(parseLearningGoalCsv('specialty,title\nradiology,A\n').errors).toEqual([{ line: 1, column: 1, message: 'missing-column:number' }]);
    expect(parseLearningGoalCsv('specialty,number,title\nradiology,1,"open\n').errors[0]).toMatchObject({ line: 3, message: 'unterminated-quote' });
    expect(parseLearningGoalCsv('specialty,number,title\nradiology,1,"a"b\n').errors[0]).toEqual({ line: 2, column: 16, message: 'text-after-quote' });
    expect(parseLearningGoalCsv('').errors).toEqual([{ line: 1, column: 1, message: 'empty-file' }]);
    expect(parseLearningGoalCsv('specialty,number,title\n').errors).toEqual([{ line: 2, column: 1, message: 'no-rows' }]);
  });
});
