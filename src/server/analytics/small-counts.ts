// Which counts each analytics view withholds (issue 10 §7): the views' shapes mapped onto the
// table suppression of statistics/cell-suppression.ts. A view publishes a list of units (areas,
// trusts, provider kinds, reasons …) whose total is published too — beside it or by the same view
// asked with by=total — so every list is protected as a one-column table with its total, and a
// unit × year view as a two-way table with both margins. docs/analytics.md "Small counts".
import { isSmallCount, suppressList, suppressTable } from './statistics/cell-suppression.ts';

/**
 * Hidden flags per row and column for a list of units with several count columns, each column's
 * total published. `base` (e.g. referrals) is protected first; a row whose base is hidden has
 * every column hidden (its shares would give them away). `known[i]`: the reader's own row (never
 * hidden, never relied on to protect others). `isPrimary` defaults to counts 1–9. The total is
 * taken as known (the by=total view shows it), so the protection never rests on hiding it.
 */
export function protectList<K extends string>(
  rows: readonly Record<K, number>[],
  base: K,
  columns: readonly K[],
  o: { known?: readonly boolean[]; isPrimary?: (n: number) => boolean } = {},
): Record<K, boolean>[] {
  // The total is the by=total row, shown by that view under its own (primary) rule: never hidden here.
  const baseHidden = suppressList(
    rows.map((r) => r[base]),
    { known: o.known, isPrimary: o.isPrimary, knownTotal: true },
  ).hidden;
  const out = rows.map((_, i) => ({ [base]: baseHidden[i] }) as Record<K, boolean>);
  for (const c of columns) {
    if (c === base) continue;
    const h = suppressList(
      rows.map((r) => r[c]),
      { forced: baseHidden, known: o.known, knownTotal: true },
    ).hidden;
    h.forEach((v, i) => (out[i][c] = v));
  }
  return out;
}

/**
 * Hidden flags for a unit × year view with several count columns, each published with its unit
 * totals (the period, as the process view shows it), its year totals (the view's total row) and
 * the grand total. The unit and grand totals are not in this view but in the process view (by=area
 * etc. and by=total), which shows them by its own rule (`protectList`): those it shows are known
 * here (never hidden, never relied on), those it hides are unknowns here too. The year totals are
 * this view's total row and may be hidden. `grid[u][y]` holds the counts, undefined where the
 * view has no row for that unit and year (read as a known 0). Returns
 * per cell and for the year totals which counts to withhold; as `protectList`, `base` first and a
 * hidden base hides the cell's other counts.
 */
export function protectGrid<K extends string>(
  grid: readonly (readonly (Record<K, number> | undefined)[])[],
  years: number,
  base: K,
  columns: readonly K[],
): { cells: Record<K, boolean>[][]; yearTotals: Record<K, boolean>[] } {
  // A unit-year without data has no row in the view: the reader reads it as 0, so it is known (a
  // complement hidden there would not show as hidden).
  const absent = grid.map((row) => row.map((x) => x === undefined));
  const at = (x: Record<K, number> | undefined, c: K) => x?.[c] ?? 0;
  // The process view's list of the same units over the period: what it shows is known here, what it
  // hides is an unknown here too (so it can be relied on, and nothing is stuck on a known copy).
  const periods = grid.map((row) => Object.fromEntries(columns.map((c) => [c, row.reduce((s, x) => s + at(x, c), 0)])) as Record<K, number>);
  const inProcess = protectList(periods, base, columns);
  const solve = (c: K, forced?: boolean[][], forcedTotals?: boolean[]) => {
    const cells = grid.map((row) => row.map((x) => at(x, c)));
    const colTotals = Array.from({ length: years }, (_, y) => cells.reduce((s, r) => s + r[y], 0));
    const rowTotals = periods.map((p) => p[c]);
    const total = rowTotals.reduce((s, v) => s + v, 0);
    return suppressTable(
      { cells, rowTotals, colTotals, total },
      {
        forced: { cells: forced, colTotals: forcedTotals, rowTotals: inProcess.map((h) => h[c]), total: isSmallCount(total) },
        known: { cells: absent, rowTotals: inProcess.map((h) => !h[c]), total: !isSmallCount(total) },
      },
    ).hidden;
  };
  const b = solve(base);
  const cells = grid.map((row, u) => row.map((_, y) => ({ [base]: b.cells[u][y] }) as Record<K, boolean>));
  const yearTotals = b.colTotals.map((v) => ({ [base]: v }) as Record<K, boolean>);
  for (const c of columns) {
    if (c === base) continue;
    const h = solve(c, b.cells, b.colTotals);
    h.cells.forEach((r, u) => r.forEach((v, y) => (cells[u][y][c] = v)));
    h.colTotals.forEach((v, y) => (yearTotals[y][c] = v));
  }
  return { cells, yearTotals };
}

export { isSmallCount };
