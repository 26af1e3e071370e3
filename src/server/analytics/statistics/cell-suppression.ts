// Small-count suppression for tables that are published with their totals (issue 10 §7).
//
// Primary suppression alone is not enough: a hidden cell in a row whose total is shown equals the
// total minus the visible cells. Statistical disclosure control therefore adds *secondary*
// (complementary) suppressions until no hidden value can be solved from the published totals —
// Hundepool et al., "Statistical Disclosure Control" (Wiley 2012, doi:10.1002/9781118348239),
// ch. 4 (frequency tables: minimum-frequency rule, secondary cell suppression); Statistics Norway
// implements it as its GaussSuppression R package (Langsrud 2024, doi:10.1007/978-3-031-69651-0_6),
// which by default does not pick zeros as secondary suppressions (`secondaryZeros`).
//
// How this module decides whether a hidden value can be solved. Every published total is an
// equation "sum of the cells of a line = the total". In a two-way table with margins every value
// (inner cell, row total, column total, grand total) lies in at most two such equations: its row's
// and its column's (a margin cell: its line and the margins' own sum). Take the equations as nodes
// and each *hidden* value as an edge between the (at most two) equations it appears in; a value in
// fewer equations (its total is not published) is an edge to one extra node, FREE, that carries no
// equation. Visible values are constants. A hidden value is then fixed by the equations exactly when
// its edge is a bridge of that graph (lies on no cycle): the solutions of the equations differ by
// flows around cycles (the cycle space is the null space of the incidence matrix; the constrained
// nodes form a bipartite graph of row- and column-equations, so every cycle has consistent signs,
// and FREE has no equation to respect). "Exactly one hidden cell in a line" is the simplest bridge;
// the test also catches the ones that need several equations together (two protected blocks joined by
// one hidden cell).
//
// The algorithm: (1) hide the primary cells (counts 1–9, or the caller's rule) and any forced cells;
// (2) while a hidden value is a bridge, add the cheapest set of visible values that closes a cycle
// through it (a shortest path between its two equations, hidden values costing nothing, a visible
// value its count, a zero far more than any count: zeros are used only when nothing else will do,
// since a hidden 0 beside a hidden small count gives the small count away as the pair's sum);
// (3) un-hide every secondary value, largest first, whose removal leaves no bridge. So every hidden
// value ≥ 10 (or 0) is needed: showing it would let some hidden value be solved.
//
// What it does not cover: the non-negativity of counts (a hidden pair whose sum is shown as 0 is
// two zeros; complements are chosen non-zero for that reason, but an interval is not computed), and
// other tables of the same data with different filters (e.g. women + men = all), which a reader can
// combine; docs/analytics.md says so.

/** A table of counts with the totals published beside it. */
export interface MarginTable {
  /** Inner cells, rows × columns; every row the same length. A combination with no data is 0. */
  cells: readonly (readonly number[])[];
  /** Each row's total as published (the sum of the row); omit when not shown anywhere. */
  rowTotals?: readonly number[];
  /** Each column's total as published (the sum of the column); omit when not shown anywhere. */
  colTotals?: readonly number[];
  /** The grand total as published; needs `rowTotals` or `colTotals` (it is their sum). */
  total?: number;
}

/** One flag per value of a `MarginTable`, the same shape (absent margins give empty arrays / false). */
export interface TableMask {
  cells: boolean[][];
  rowTotals: boolean[];
  colTotals: boolean[];
  total: boolean;
}

export interface SuppressionOptions {
  /** Primary rule; default: a count from 1 to 9 (0 is shown: an empty cell identifies no one). */
  isPrimary?: (count: number) => boolean;
  /** Values hidden whatever their count (e.g. a share's count whose denominator is hidden). */
  forced?: Partial<TableMask>;
  /**
   * Values the reader knows anyway (a practice's own counts in its own feedback): never hidden and
   * never counted on to protect another value.
   */
  known?: Partial<TableMask>;
}

export interface Suppression {
  /** Values to withhold: primary, forced and secondary together. */
  hidden: TableMask;
  /** Values withheld by the primary rule or forced (the rest of `hidden` is secondary). */
  primary: TableMask;
  /** Hidden values that no further suppression could protect (only when everything else is known). */
  unprotected: TableMask;
}

/** The primary rule Radvis uses for counts: 1–9 is withheld, 0 and ≥ 10 are shown (MIN_EVENTS = 10). */
export function isSmallCount(count: number): boolean {
  return count > 0 && count < 10;
}

interface Value {
  count: number;
  /** The two equations (nodes) the value appears in; FREE when its line's total is not published. */
  a: number;
  b: number;
  /** Where it goes in the mask. */
  put: (m: TableMask, v: boolean) => void;
  get: (m: Partial<TableMask>) => boolean;
}

const FREE = 0;
// A zero is chosen as a complement only if nothing else closes the cycle.
const ZERO_COST = 1e12;

function emptyMask(t: MarginTable): TableMask {
  return {
    cells: t.cells.map((r) => r.map(() => false)),
    rowTotals: (t.rowTotals ?? []).map(() => false),
    colTotals: (t.colTotals ?? []).map(() => false),
    total: false,
  };
}

function values(t: MarginTable): { list: Value[]; nodes: number } {
  const m = t.cells.length;
  const n = m > 0 ? t.cells[0].length : (t.colTotals?.length ?? 0);
  for (const r of t.cells) if (r.length !== n) throw new RangeError('every row needs the same number of cells');
  if (t.rowTotals && t.rowTotals.length !== m) throw new RangeError('one row total per row');
  if (t.colTotals && t.colTotals.length !== n) throw new RangeError('one column total per column');
  if (t.total !== undefined && !t.rowTotals && !t.colTotals) throw new RangeError('a grand total needs row or column totals');
  // Node ids: 0 FREE; rows 1..m; the column totals' sum (= total); columns; the row totals' sum.
  const hasR = !!t.rowTotals;
  const hasC = !!t.colTotals;
  const hasT = t.total !== undefined;
  const row = (i: number) => (hasR ? 1 + i : FREE);
  const marginRow = hasC && hasT ? 1 + m : FREE;
  const col = (j: number) => (hasC ? 2 + m + j : FREE);
  const marginCol = hasR && hasT ? 2 + m + n : FREE;
  const list: Value[] = [];
  t.cells.forEach((r, i) =>
    r.forEach((count, j) =>
      list.push({
        count,
        a: row(i),
        b: col(j),
        put: (k, v) => (k.cells[i][j] = v),
        get: (k) => k.cells?.[i]?.[j] ?? false,
      }),
    ),
  );
  t.rowTotals?.forEach((count, i) => list.push({ count, a: row(i), b: marginCol, put: (k, v) => (k.rowTotals[i] = v), get: (k) => k.rowTotals?.[i] ?? false }));
  t.colTotals?.forEach((count, j) => list.push({ count, a: marginRow, b: col(j), put: (k, v) => (k.colTotals[j] = v), get: (k) => k.colTotals?.[j] ?? false }));
  if (hasT) list.push({ count: t.total!, a: marginRow, b: marginCol, put: (k, v) => (k.total = v), get: (k) => k.total ?? false });
  return { list, nodes: 3 + m + n };
}

/** Whether hidden value `e` is fixed by the equations: no path between its ends over the other hidden values. */
function solvable(list: readonly Value[], hidden: ReadonlySet<number>, e: number, nodes: number): boolean {
  const { a, b } = list[e];
  if (a === b) return false;
  const adj: number[][] = Array.from({ length: nodes }, () => []);
  for (const h of hidden)
    if (h !== e) {
      adj[list[h].a].push(list[h].b);
      adj[list[h].b].push(list[h].a);
    }
  const seen = new Uint8Array(nodes);
  const stack = [a];
  seen[a] = 1;
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x === b) return false;
    for (const y of adj[x])
      if (!seen[y]) {
        seen[y] = 1;
        stack.push(y);
      }
  }
  return true;
}

/** The cheapest visible values that, hidden, put `e` on a cycle (Dijkstra between its ends); null if none. */
function complement(list: readonly Value[], hidden: ReadonlySet<number>, usable: (i: number) => boolean, e: number, nodes: number): number[] | null {
  const cost = (i: number) => (hidden.has(i) ? 0 : list[i].count > 0 ? list[i].count : ZERO_COST);
  const adj: { to: number; via: number }[][] = Array.from({ length: nodes }, () => []);
  list.forEach((v, i) => {
    if (i === e || !(hidden.has(i) || usable(i))) return;
    adj[v.a].push({ to: v.b, via: i });
    if (v.a !== v.b) adj[v.b].push({ to: v.a, via: i });
  });
  const dist = new Array<number>(nodes).fill(Infinity);
  const back = new Array<number>(nodes).fill(-1);
  const done = new Uint8Array(nodes);
  const { a, b } = list[e];
  dist[a] = 0;
  for (;;) {
    let x = -1;
    for (let k = 0; k < nodes; k++) if (!done[k] && dist[k] < Infinity && (x < 0 || dist[k] < dist[x])) x = k;
    if (x < 0 || x === b) break;
    done[x] = 1;
    for (const { to, via } of adj[x]) {
      const d = dist[x] + cost(via);
      if (d < dist[to]) {
        dist[to] = d;
        back[to] = via;
      }
    }
  }
  if (dist[b] === Infinity) return null;
  const path: number[] = [];
  for (let x = b; x !== a;) {
    const via = back[x];
    if (!hidden.has(via)) path.push(via);
    x = list[via].a === x ? list[via].b : list[via].a;
  }
  return path;
}

/**
 * Primary and secondary (complementary) cell suppression of a table with its published totals.
 * Counts are whole numbers ≥ 0; totals are the exact sums of their lines (a total that includes
 * something not in the table is no equation: leave it out). Returns which values to withhold;
 * afterwards no withheld value can be computed from the visible values and totals by any
 * combination of row and column sums (unless listed in `unprotected`), and every withheld value that
 * the primary rule did not hide is needed for that. Source and method: the module comment.
 */
export function suppressTable(t: MarginTable, o: SuppressionOptions = {}): Suppression {
  const isPrimary = o.isPrimary ?? isSmallCount;
  const { list, nodes } = values(t);
  const known = (i: number) => list[i].get(o.known ?? {});
  const hidden = new Set<number>();
  list.forEach((v, i) => {
    if (!known(i) && (isPrimary(v.count) || v.get(o.forced ?? {}))) hidden.add(i);
  });
  const primary = new Set(hidden);
  const stuck = new Set<number>();
  for (;;) {
    const open = [...hidden].find((e) => !stuck.has(e) && solvable(list, hidden, e, nodes));
    if (open === undefined) break;
    const add = complement(list, hidden, (i) => !known(i), open, nodes);
    if (add === null || add.length === 0) stuck.add(open);
    else for (const i of add) hidden.add(i);
  }
  // Keep only the secondary values that are needed, dropping the largest first.
  const secondary = [...hidden].filter((i) => !primary.has(i)).sort((x, y) => list[y].count - list[x].count);
  for (const s of secondary) {
    hidden.delete(s);
    if ([...hidden].some((e) => !stuck.has(e) && solvable(list, hidden, e, nodes))) hidden.add(s);
  }
  const out = { hidden: emptyMask(t), primary: emptyMask(t), unprotected: emptyMask(t) };
  for (const i of hidden) list[i].put(out.hidden, true);
  for (const i of primary) list[i].put(out.primary, true);
  for (const i of stuck) if (solvable(list, hidden, i, nodes)) list[i].put(out.unprotected, true);
  return out;
}

/**
 * One list of counts with its published total (a one-column table): which to withhold. Same rule
 * and options as `suppressTable` (masks as plain arrays; `total` says whether the total itself is hidden).
 */
export function suppressList(
  counts: readonly number[],
  o: {
    isPrimary?: (count: number) => boolean;
    forced?: readonly boolean[];
    known?: readonly boolean[];
    total?: number | null;
    /** The total is shown elsewhere whatever this list does (another view, or implied by a shown ratio): never hidden here. */
    knownTotal?: boolean;
  } = {},
): { hidden: boolean[]; total: boolean; unprotected: boolean[] } {
  const total = o.total === null ? undefined : (o.total ?? counts.reduce((s, c) => s + c, 0));
  const s = suppressTable(
    { cells: counts.map((c) => [c]), colTotals: total === undefined ? undefined : [total] },
    {
      isPrimary: o.isPrimary,
      forced: o.forced ? { cells: o.forced.map((f) => [f]) } : undefined,
      known: o.known || o.knownTotal ? { cells: o.known?.map((f) => [f]), colTotals: [o.knownTotal ?? false] } : undefined,
    },
  );
  return { hidden: s.hidden.cells.map((r) => r[0]), total: s.hidden.colTotals[0] ?? false, unprotected: s.unprotected.cells.map((r) => r[0]) };
}

/** What `poolSmallUnits` decided: which units to withhold, and whether their pooled figure may be shown. */
export interface SmallUnitPool {
  /** Per unit: withheld (its point, denominator, numerator and share). */
  hidden: boolean[];
  /** The withheld units' pooled figure (Σ denominators, Σ numerators) may be shown: ≥ 10 from ≥ 2 units the reader does not know. */
  pooled: boolean;
  /** No pool of ≥ 10 could be formed: the withheld units' sum is not safe, so nothing drawn may rest on it (the target and limits come from the shown units alone). */
  unprotected: boolean;
}

/**
 * Small units in a funnel plot (issue 10 §7): a unit whose denominator — its referrals — is 1–9 is
 * withheld whole (a practice with 3 referrals and 1 low-value exam is "1 of 3"), unless the reader
 * knows it (`known`: their own practice, or themself). The withheld units' sum is implied by what the
 * funnel shows (the target is Σ numerators / Σ denominators, the points give the shown part), so it
 * is treated as published: the withheld units are made a pool of at least 10 referrals from at least
 * two units — adding the smallest shown units the reader does not know, one at a time, while the pool
 * is under 10 or one unit — and the pool is shown as one figure ("other small units"). Within a pool of
 * ≥ 2 unknown units with only their sum shown, no single unit can be solved (one equation per measure,
 * ≥ 2 unknowns). Where too few units are left to reach that, nothing is pooled and `unprotected` says
 * the sum must not be drawn on either. Same rule as the counts 1–9 of every other view (SSB,
 * Helseatlas; Hundepool et al. 2012 ch. 4); `sizes` are whole numbers ≥ 1.
 */
export function poolSmallUnits(sizes: readonly number[], known: readonly boolean[] = []): SmallUnitPool {
  const hidden = sizes.map((n, i) => !known[i] && isSmallCount(n));
  if (!hidden.some(Boolean)) return { hidden, pooled: false, unprotected: false };
  const poolSize = () => sizes.reduce((s, n, i) => s + (hidden[i] ? n : 0), 0);
  const members = () => hidden.filter(Boolean).length;
  while (poolSize() < 10 || members() < 2) {
    let next = -1;
    for (let i = 0; i < sizes.length; i++) if (!hidden[i] && !known[i] && (next < 0 || sizes[i] < sizes[next])) next = i;
    if (next < 0) return { hidden, pooled: false, unprotected: true };
    hidden[next] = true;
  }
  return { hidden, pooled: true, unprotected: false };
}
