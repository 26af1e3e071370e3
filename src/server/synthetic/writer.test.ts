import { describe, expect, it } from 'vitest';
import { BinaryCopyWriter } from './binary-copy.ts';
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

describe('binary COPY encoding', () => {
  it('writes header, fields with lengths, NULL as -1, times from 2000-01-01 (also before it) and the trailer', () => {
    const w = new BinaryCopyWriter(16);
    w.row(5);
    w.textOnce('æ1');
    w.text(null);
    w.timestamptz(0); // 1970-01-01: −946,684,800 s before PostgreSQL's epoch
    w.date(10_958); // 2000-01-02: day 1
    w.int8(2 ** 40 + 3);
    const data = Buffer.concat(w.finish());
    const expected = Buffer.concat([
      Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
      Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 5]),
      Buffer.from([0, 0, 0, 3, 0xc3, 0xa6, 0x31]),
      Buffer.from([0xff, 0xff, 0xff, 0xff]),
      Buffer.from([0, 0, 0, 8]),
      (() => {
        const b = Buffer.alloc(8);
        b.writeBigInt64BE(-946_684_800_000_000n);
        return b;
      })(),
      Buffer.from([0, 0, 0, 4, 0, 0, 0, 1]),
      Buffer.from([0, 0, 0, 8, 0, 0, 1, 0, 0, 0, 0, 3]),
      Buffer.from([0xff, 0xff]),
    ]);
    expect(data.equals(expected)).toBe(true);
    expect(w.rows).toBe(1);
  });
});
