import { describe, expect, it } from 'vitest';
import { CSV_DIALECTS, toCsv } from './csv.ts';

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
});
