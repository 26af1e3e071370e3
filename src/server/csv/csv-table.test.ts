// The capacity imports' one CSV reading layer: the heading found below a title line, lines counted
// as a person counts them (blank lines, a quoted line break, mixed line ends), rows of the wrong
// width reported with line and column, broken quoting refused with its line.
import { describe, expect, it } from 'vitest';
import { CsvImportError, problemList, readCsvTable, type CsvProblem } from './csv-table.ts';

const isHeading = (cells: string[]) => cells.includes('region');

function read(text: string) {
  const { problems, fail } = problemList();
  const table = readCsvTable(text, { isHeading, noHeading: 'ingen overskrift', fail });
  return { table, problems };
}
function refusal(text: string): CsvProblem[] {
  try {
    read(text);
  } catch (e) {
    if (e instanceof CsvImportError) return e.problems;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('readCsvTable', () => {
  it('finds the heading below a title line and numbers rows by the line they start on', () => {
    const text = '\uFEFF"Tittel; med semikolon"\r\n\r\n"Region";"Verdi"\r\n"a";"1"\n\n"b";"to\r\nlinjer"\n  \n"c";3';
    const { table, problems } = read(text);
    expect(problems).toEqual([]);
    expect(table.heading).toEqual(['Region', 'Verdi']);
    expect(table.headingLine).toBe(3);
    expect(table.column('verdi')).toBe(1);
    expect(table.rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [4, 'a'],
      [6, 'b'],
      [9, 'c'],
    ]);
    expect(table.rows[1].cells[1]).toBe('to\nlinjer');
  });

  it('reads a comma- or tab-separated file when no semicolon heading is found', () => {
    expect(read('region,verdi\nx,1').table.rows[0].cells).toEqual(['x', '1']);
    expect(read('region\tverdi\nx\t1').table.rows[0].cells).toEqual(['x', '1']);
  });

  it('reports a row of the wrong width with its line and column and leaves it out', () => {
    const { table, problems } = read('region;verdi\na;1\nb;2;3\nc');
    expect(table.rows.map((r) => r.cells[0])).toEqual(['a']);
    expect(problems).toEqual([
      { line: 3, column: 3, heading: '', message: 'forventet 2 kolonner, fant 3', code: { kind: 'row-width', expected: 2, got: 3 } },
      { line: 4, column: 2, heading: '', message: 'forventet 2 kolonner, fant 1', code: { kind: 'row-width', expected: 2, got: 1 } },
    ]);
  });

  it('refuses a file without a heading, and broken quoting with its line', () => {
    expect(refusal('a;b\n1;2')).toEqual([{ line: 1, column: 1, heading: '', message: 'ingen overskrift', code: { kind: 'no-heading' } }]);
    expect(refusal('region;verdi\na;1\n"b;2\nc;3')[0]).toMatchObject({ line: 3, message: 'et anførselstegn lukkes aldri', code: { kind: 'quote-not-closed' } });
    expect(refusal('region;verdi\na;1\nb;"2"x\n')[0]).toMatchObject({ line: 3, column: 2, code: { kind: 'text-after-quote' } });
  });

  it('lists at most 20 problems', () => {
    const { problems, fail } = problemList();
    for (let i = 0; i < 30; i++) fail({ line: i + 1, column: 1, heading: '', message: 'x' });
    expect(problems).toHaveLength(20);
  });
});
