import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('toCsv', () => {
  it('quotes commas, quotes and newlines; empty for null; trims number noise', () => {
    const text = toCsv(
      ['a', 'b', 'c'],
      [
        { a: 'Bergen, Haukeland', b: 'si "hei"', c: null },
        { a: 1.5, b: 2, c: 1 / 3 },
      ],
    );
    expect(text).toBe('\uFEFFa,b,c\r\n"Bergen, Haukeland","si ""hei""",\r\n1.5,2,0.333333\r\n');
  });
});
