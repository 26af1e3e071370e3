import { describe, expect, it } from 'vitest';
import { toCopyText } from './writer.ts';

describe('COPY text encoding', () => {
  it('escapes backslash, tab and line breaks, writes \\N for null and t/f for booleans', () => {
    const rows = [
      { id: 'a-1', note: 'linje 1\nlinje 2\tfane \\ skråstrek\r', flag: true, n: 3, missing: null },
      { id: 'a-2', note: 'vanlig tekst, med æøå', flag: false, n: 0, missing: undefined },
    ];
    expect(toCopyText(rows, ['id', 'note', 'flag', 'n', 'missing'])).toBe(
      'a-1\tlinje 1\\nlinje 2\\tfane \\\\ skråstrek\\r\tt\t3\t\\N\n' + 'a-2\tvanlig tekst, med æøå\tf\t0\t\\N\n',
    );
  });

  it('writes plain columns as they are, null as \\N', () => {
    const rows = [{ id: 'x', at: null as string | null, age: 42 }];
    expect(toCopyText(rows, ['id', 'at', 'age'], ['id', 'at', 'age'])).toBe('x\t\\N\t42\n');
  });
});
