// Secondary cell suppression: worked cases and properties over random tables. The properties check
// the result with plain linear algebra (the rank of the published equations over the hidden values),
// not with the graph argument the module uses, so the two are independent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSmallCount, poolSmallUnits, suppressList, suppressTable, type MarginTable, type TableMask } from './cell-suppression.ts';

/** Every value of the table with its position, in one order. */
function flat(t: MarginTable, m: TableMask): { count: number; hidden: boolean; key: string }[] {
  const out: { count: number; hidden: boolean; key: string }[] = [];
  t.cells.forEach((r, i) => r.forEach((c, j) => out.push({ count: c, hidden: m.cells[i][j], key: `c${i},${j}` })));
  t.rowTotals?.forEach((c, i) => out.push({ count: c, hidden: m.rowTotals[i], key: `r${i}` }));
  t.colTotals?.forEach((c, j) => out.push({ count: c, hidden: m.colTotals[j], key: `k${j}` }));
  if (t.total !== undefined) out.push({ count: t.total, hidden: m.total, key: 't' });
  return out;
}

/** The published equations as lists of keys (each: the sum of the first keys = the last key). */
function equations(t: MarginTable): string[][] {
  const m = t.cells.length;
  const n = t.cells[0]?.length ?? 0;
  const eq: string[][] = [];
  if (t.rowTotals) for (let i = 0; i < m; i++) eq.push([...Array.from({ length: n }, (_, j) => `c${i},${j}`), `r${i}`]);
  if (t.colTotals) for (let j = 0; j < n; j++) eq.push([...Array.from({ length: m }, (_, i) => `c${i},${j}`), `k${j}`]);
  if (t.total !== undefined && t.rowTotals) eq.push([...Array.from({ length: m }, (_, i) => `r${i}`), 't']);
  if (t.total !== undefined && t.colTotals) eq.push([...Array.from({ length: n }, (_, j) => `k${j}`), 't']);
  return eq;
}

function rank(rows: number[][]): number {
  const a = rows.map((r) => [...r]);
  let r = 0;
  const cols = a[0]?.length ?? 0;
  for (let c = 0; c < cols && r < a.length; c++) {
    let p = r;
    while (p < a.length && Math.abs(a[p][c]) < 1e-9) p++;
    if (p === a.length) continue;
    [a[r], a[p]] = [a[p], a[r]];
    for (let q = 0; q < a.length; q++)
      if (q !== r && Math.abs(a[q][c]) > 1e-9) {
        const f = a[q][c] / a[r][c];
        for (let k = c; k < cols; k++) a[q][k] -= f * a[r][k];
      }
    r++;
  }
  return r;
}

/** Keys of hidden values that the equations fix exactly (unit vector in the row space over the hidden values). */
function derivable(t: MarginTable, hiddenKeys: Set<string>): string[] {
  const unknown = [...hiddenKeys];
  const rows = equations(t)
    .map((e) => unknown.map((u) => (e.slice(0, -1).includes(u) ? 1 : e[e.length - 1] === u ? -1 : 0)))
    .filter((r) => r.some((x) => x !== 0));
  const base = rank(rows);
  return unknown.filter((_, k) => rank([...rows, unknown.map((__, q) => (q === k ? 1 : 0))]) === base);
}

const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 10, max: 400 }));
const table = fc
  .record({
    cells: fc.integer({ min: 1, max: 5 }).chain((n) => fc.array(fc.array(count, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 5 })),
    rows: fc.boolean(),
    cols: fc.boolean(),
    total: fc.boolean(),
  })
  .map(({ cells, rows, cols, total }): MarginTable => {
    const n = cells[0].length;
    const rowTotals = cells.map((r) => r.reduce((s, c) => s + c, 0));
    const colTotals = Array.from({ length: n }, (_, j) => cells.reduce((s, r) => s + r[j], 0));
    return {
      cells,
      rowTotals: rows ? rowTotals : undefined,
      colTotals: cols ? colTotals : undefined,
      total: total && (rows || cols) ? rowTotals.reduce((s, c) => s + c, 0) : undefined,
    };
  });

describe('suppressTable', () => {
  it('hides a second year when one year of a period is hidden beside the period total', () => {
    // One area, three years, the period total shown: 4 would be 120 − 60 − 56 without a complement.
    const s = suppressTable({ cells: [[60, 4, 56]], rowTotals: [120] });
    expect(s.hidden.cells[0]).toEqual([false, true, true]);
    expect(s.hidden.rowTotals).toEqual([false]);
  });

  it('hides nothing more when no total is shown', () => {
    expect(suppressTable({ cells: [[60, 4, 56]] }).hidden.cells[0]).toEqual([false, true, false]);
  });

  it('shows zeros and never picks one as a complement while a count will do', () => {
    const s = suppressList([0, 3, 0, 25, 40]);
    expect(s.hidden).toEqual([false, true, false, true, false]);
    expect(s.total).toBe(false);
  });

  it('protects a hidden total with its single hidden part (two unknowns, one equation)', () => {
    const s = suppressList([3, 0, 0]);
    expect(s.hidden).toEqual([true, false, false]);
    expect(s.total).toBe(true);
  });

  it('closes a bridge that every line test misses: two protected blocks joined by one hidden cell', () => {
    // Rows 0–1 × columns 0–1 and rows 2–3 × columns 2–3 are protected 2×2 blocks; cell (0,2) alone
    // would be fixed by (rows 2+3 hidden sum) − (columns 2+3 hidden sum). Forced hides stand in for
    // primaries so that the line test (≥ 2 per line) holds and only the graph test sees it.
    const c = [
      [50, 50, 50, 90],
      [50, 50, 90, 90],
      [90, 90, 50, 50],
      [90, 90, 50, 50],
    ];
    const f = (cells: [number, number][]) => ({ cells: c.map((r, i) => r.map((_, j) => cells.some(([a, b]) => a === i && b === j))) });
    const forced = f([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 2],
      [2, 3],
      [3, 2],
      [3, 3],
      [0, 2],
    ]);
    const t = { cells: c, rowTotals: c.map((r) => r.reduce((s, x) => s + x, 0)), colTotals: [280, 280, 240, 280] };
    const s = suppressTable(t, { forced });
    const keys = new Set(
      flat(t, s.hidden)
        .filter((v) => v.hidden)
        .map((v) => v.key),
    );
    expect(derivable(t, keys)).toEqual([]);
    expect(keys.size).toBeGreaterThan(9);
  });

  it('keeps the reader’s own count visible and protects the others without it', () => {
    // Own practice 2 (known to itself), peers 5 and 300 with the total: 5 = total − 2 − 300 unless 300 hides too.
    const s = suppressList([2, 5, 300], { known: [true, false, false] });
    expect(s.hidden).toEqual([false, true, true]);
  });

  it('property: no hidden value can be solved from the published totals, by one line or by several', () => {
    fc.assert(
      fc.property(table, (t) => {
        const s = suppressTable(t);
        const values = flat(t, s.hidden);
        const hidden = new Set(values.filter((v) => v.hidden).map((v) => v.key));
        // Every small count is hidden.
        for (const v of values) if (isSmallCount(v.count)) expect(v.hidden).toBe(true);
        // No published line has exactly one hidden value.
        for (const e of equations(t)) expect(e.filter((k) => hidden.has(k)).length).not.toBe(1);
        // No combination of lines fixes a hidden value.
        expect(derivable(t, hidden)).toEqual([]);
        expect(flat(t, s.unprotected).some((v) => v.hidden)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('property: nothing ≥ 10 (or 0) is hidden unless showing it would give a hidden value away', () => {
    fc.assert(
      fc.property(table, (t) => {
        const s = suppressTable(t);
        const values = flat(t, s.hidden);
        const hidden = new Set(values.filter((v) => v.hidden).map((v) => v.key));
        for (const v of values)
          if (v.hidden && !isSmallCount(v.count)) {
            const without = new Set(hidden);
            without.delete(v.key);
            expect(derivable(t, without).length).toBeGreaterThan(0);
          }
      }),
      { numRuns: 300 },
    );
  });

  it('property: values the reader knows are never hidden and never relied on; the rest stays protected', () => {
    fc.assert(
      fc.property(fc.array(count, { minLength: 2, maxLength: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (counts, knownFlags) => {
        const known = counts.map((_, i) => knownFlags[i]);
        const s = suppressList(counts, { known, knownTotal: true });
        const t: MarginTable = { cells: counts.map((c) => [c]), colTotals: [counts.reduce((a, b) => a + b, 0)] };
        // Known values are constants for the reader: only the others are unknowns.
        const hidden = new Set(s.hidden.flatMap((h, i) => (h ? [`c${i},0`] : [])));
        expect(s.total).toBe(false);
        counts.forEach((c, i) => {
          if (known[i]) expect(s.hidden[i]).toBe(false);
          else if (isSmallCount(c)) expect(s.hidden[i]).toBe(true);
        });
        const exposed = derivable(t, hidden);
        // Only when every other value is known can a lone hidden value not be closed in.
        for (const key of exposed) expect(s.unprotected[Number(key.slice(1).split(',')[0])]).toBe(true);
        // And a lone hidden value is closed in whenever another unknown value exists to pair it with.
        if (counts.filter((c, i) => !known[i] && c > 0).length >= 2) expect(exposed).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

// Funnel plots (issue 10 §7): units with fewer than 10 referrals are withheld whole and pooled.
describe('small units in a funnel (poolSmallUnits)', () => {
  it('a practice with 3 referrals is withheld and pooled with the smallest other unit into ≥ 10', () => {
    // 3 alone is under 10; with 40 and 25 shown, their sum (implied by the target) would be the 3.
    const p = poolSmallUnits([40, 3, 25]);
    expect(p).toEqual({ hidden: [false, true, true], pooled: true, unprotected: false });
    // Two small units of 6 and 5 make a pool of 11 on their own: nothing else is hidden.
    expect(poolSmallUnits([6, 40, 5])).toEqual({ hidden: [true, false, true], pooled: true, unprotected: false });
    // Nothing small: nothing hidden, no pool.
    expect(poolSmallUnits([10, 40])).toEqual({ hidden: [false, false], pooled: false, unprotected: false });
  });

  it("the reader's own small unit is shown to them and not relied on; a lone other small unit cannot be pooled", () => {
    expect(poolSmallUnits([4, 3], [true, false])).toEqual({ hidden: [false, true], pooled: false, unprotected: true });
    expect(poolSmallUnits([4, 3, 12], [true, false, false])).toEqual({ hidden: [false, true, true], pooled: true, unprotected: false });
  });

  it('property: every unknown unit under 10 is withheld; a pool is ≥ 10 from ≥ 2 unknown units; no unit in it can be solved', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 400 })), { minLength: 1, maxLength: 9 }),
        fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
        (sizes, knownFlags) => {
          const known = sizes.map((_, i) => knownFlags[i]);
          const p = poolSmallUnits(sizes, known);
          const unknown = sizes.map((_, i) => !known[i]);
          sizes.forEach((n, i) => {
            if (known[i]) expect(p.hidden[i]).toBe(false);
            else if (n < 10) expect(p.hidden[i]).toBe(true);
          });
          const members = sizes.flatMap((n, i) => (p.hidden[i] ? [n] : []));
          const sum = members.reduce((a, b) => a + b, 0);
          if (members.length === 0) expect(p.pooled || p.unprotected).toBe(false);
          else if (p.pooled) {
            expect(sum).toBeGreaterThanOrEqual(10);
            expect(members.length).toBeGreaterThanOrEqual(2);
            // The reader knows the shown units and the pool's sum (one equation, target × Σ): with every
            // withheld unit an unknown in that one equation, none is determined (plain linear algebra:
            // the equation fixes a single unknown only when it has one).
            const t: MarginTable = { cells: sizes.map((n) => [n]), colTotals: [sizes.reduce((a, b) => a + b, 0)] };
            const hidden = new Set(p.hidden.flatMap((h, i) => (h ? [`c${i},0`] : [])));
            expect(derivable(t, hidden)).toEqual([]);
          } else {
            // No pool: only when no further unknown unit was left to add.
            expect(p.unprotected).toBe(true);
            expect(sizes.every((_, i) => p.hidden[i] || !unknown[i])).toBe(true);
          }
          // Minimal: a shown-then-hidden unit of ≥ 10 joins only when the pool without it would be
          // under 10 or one unit, and it is the smallest shown unknown unit at that point.
          const complements = sizes.flatMap((n, i) => (p.hidden[i] && n >= 10 ? [i] : []));
          expect(complements.length).toBeLessThanOrEqual(1);
          for (const i of complements) {
            const rest = members.reduce((a, b) => a + b, 0) - sizes[i];
            expect(rest < 10 || members.length - 1 < 2).toBe(true);
            sizes.forEach((n, j) => {
              if (!p.hidden[j] && unknown[j]) expect(n).toBeGreaterThanOrEqual(sizes[i]);
            });
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
