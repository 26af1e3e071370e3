// findUnsafeValues (the edge check every request body, query and params go through): what it
// refuses and the field path it names for each problem.
import { describe, expect, it } from 'vitest';
import { findUnsafeValues } from './edge.ts';

describe('findUnsafeValues', () => {
  it('finds nothing in an ordinary CDS Hooks body', () => {
    const body = JSON.parse(
      '{"hook":"order-select","context":{"userId":"Practitioner/1","selections":["ServiceRequest/a"],"draftOrders":{"entry":[{"resource":{"id":"a","note":[{"text":"Kne, 12 uker"}],"n":1.5}}]}}}',
    );
    expect(findUnsafeValues(body, 'body')).toEqual([]);
    expect(findUnsafeValues(null, 'query')).toEqual([]);
    expect(findUnsafeValues('plain', 'params')).toEqual([]);
  });

  it('names the path of a NUL in a string or a key, a number out of range and nesting too deep', () => {
    const body = { a: [{ b: 'x\u0000y' }, 2], 'k\u0000': 1, n: { big: 2 ** 60, inf: JSON.parse('1e999') } };
    expect(findUnsafeValues(body, 'body')).toEqual([
      { field: 'body.a.0.b', message: 'must not contain NUL (U+0000)' },
      { field: 'body', message: 'a key must not contain NUL (U+0000)' },
      { field: 'body.n.big', message: 'must be a finite number within ±9007199254740991' },
      { field: 'body.n.inf', message: 'must be a finite number within ±9007199254740991' },
    ]);
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = { d: deep };
    const [p] = findUnsafeValues(deep, 'body');
    expect(p.message).toBe('nested deeper than 64');
    expect(p.field).toBe(`body${'.d'.repeat(64)}`);
  });

  it('stops at 10 problems and walks objects without a prototype (Fastify query objects)', () => {
    expect(findUnsafeValues({ list: Array.from({ length: 50 }, () => '\u0000') }, 'body')).toHaveLength(10);
    const q = Object.assign(Object.create(null) as Record<string, unknown>, { a: 'ok', b: '\u0000' });
    expect(findUnsafeValues(q, 'query')).toEqual([{ field: 'query.b', message: 'must not contain NUL (U+0000)' }]);
  });
});
