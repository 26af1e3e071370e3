// Three-valued partial evaluation of a decision list (issue 6, item 1): "ask only what can
// change the answer". Pure and deterministic.
//
// A topic's rules form a decision list: the first rule that holds gives the outcome, and
// `otherwise` closes it. With some facts unknown, a rule may be unknown (Kleene logic, see
// expression.ts). `solve` decides whether the unknown facts can change the *class* of the
// answer (appropriate / may be / usually not):
//
// 1. Over-approximation, no enumeration: walk the list once; every unknown rule is a possible
//    outcome, the first true rule (or `otherwise`) the last one. If all possible outcomes share a
//    class, the answer is that class, and the unknown facts were not needed.
// 2. Otherwise enumerate the completions of the unknown facts the rules read (each over a finite
//    set of representative values: both booleans, every enum value, and for numbers each
//    constant they are compared with, the midpoints between them and one value beyond each end,
//    which covers every region a comparison with constants can tell apart). Completions that
//    break a derivation (e.g. "whiplash" without "trauma") are skipped through `complete`.
//    If every completion gives one class, that is the answer; else the facts whose value changes
//    the class in some completion are asked, the most decisive (most completions where changing
//    it changes the class) first. A fact that cannot change the class is never asked.
import type { Compiled, Context, Value } from './expression.ts';

/** One entry of a decision list; `when` null closes the list (`otherwise`). */
export interface DecisionItem {
  when: Compiled | null;
  /** The rating class the entry gives. */
  cls: string;
}

export interface Solution {
  decided: boolean;
  /** When decided: the index (in `items`) of the outcome to give. -1 when not decided. */
  index: number;
  /** When decided: unknown facts read by the rules that the answer did not need. */
  notNeeded: string[];
  /** When not decided: the facts whose value changes the class, most decisive first. */
  missing: string[];
}

/** Completions enumerated at most; past this, the facts of the first undecided rule are asked. */
export const MAX_COMPLETIONS = 8192;

type Ctx = Record<string, Value | undefined>;

/** First pass: the possible outcomes' classes, and the outcome reached when every unknown rule is false. */
function overApproximate(items: readonly DecisionItem[], ctx: Context): { single: boolean; terminal: number; cls: string | undefined; firstUnknown: number } {
  let cls: string | undefined;
  let single = true;
  let firstUnknown = -1;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const v = it.when === null ? true : it.when.evaluate(ctx);
    if (v === false) continue;
    if (cls === undefined) cls = it.cls;
    else if (cls !== it.cls) single = false;
    if (v === true) return { single, terminal: i, cls, firstUnknown };
    if (firstUnknown < 0) firstUnknown = i;
  }
  return { single, terminal: -1, cls, firstUnknown };
}

/**
 * Decides a decision list over partially known facts.
 * @param items the decision list, ending with an entry whose `when` is null
 * @param ctx the known facts (unknown = undefined); used as scratch space during enumeration and
 *   left as it was given
 * @param vars the unknown facts that may be asked, in the topic's order (ties keep this order)
 * @param domains the representative values of each fact in `vars`
 * @param complete optional: fills derived facts into a completed context, naming each fact it
 *   writes in `trail` (so it can be undone), and returns false when the completion is impossible
 *   (contradicts a derivation)
 */
export function solve(
  items: readonly DecisionItem[],
  ctx: Context,
  allVars: readonly string[],
  domains: ReadonlyMap<string, readonly Value[]>,
  complete?: (c: Ctx, trail: string[]) => boolean,
): Solution {
  const first = overApproximate(items, ctx);
  if (first.single && first.terminal >= 0)
    return { decided: true, index: first.terminal, notNeeded: first.firstUnknown >= 0 ? readUnknown(items, ctx, allVars, first.terminal) : [], missing: [] };
  // Rules after the first rule that holds are never reached: their facts cannot matter.
  const reached = first.terminal >= 0 ? new Set(readUnknown(items, ctx, allVars, first.terminal)) : null;
  const vars = allVars.filter((v) => ctx[v] === undefined && (!reached || reached.has(v)));

  let total = 1;
  for (const v of vars) total *= domains.get(v)?.length ?? 1;
  if (vars.length === 0 || total > MAX_COMPLETIONS) {
    // Nothing to enumerate (or too much): ask for the unknown facts of the first undecided rule.
    const it = first.firstUnknown >= 0 ? items[first.firstUnknown] : undefined;
    const missing = it?.when ? it.when.identifiers.filter((id) => vars.includes(id)) : [];
    return { decided: false, index: -1, notNeeded: [], missing };
  }

  // Enumerate every completion in mixed-radix order (the first value of each domain first).
  const sizes = vars.map((v) => domains.get(v)!.length);
  const classes: (string | null)[] = new Array(total); // null: impossible completion
  const outcome: number[] = new Array(total);
  let firstCls: string | null = null;
  let firstIndex = -1;
  let allSame = true;
  const digits = new Array<number>(vars.length).fill(0);
  const doms = vars.map((v) => domains.get(v)!);
  // Completions are written into the caller's context in place and undone after each one (a copy
  // of a ~70-key context per completion cost most of the time); `trail` lists derived writes.
  const c = ctx as Ctx;
  const trail: string[] = [];
  const undo = () => {
    for (const k of vars) c[k] = undefined;
    for (const k of trail) c[k] = undefined;
    trail.length = 0;
  };
  for (let n = 0; n < total; n++) {
    let rest = n;
    for (let k = vars.length - 1; k >= 0; k--) {
      digits[k] = rest % sizes[k];
      rest = Math.floor(rest / sizes[k]);
    }
    for (let k = 0; k < vars.length; k++) c[vars[k]] = doms[k][digits[k]];
    if (complete && !complete(c, trail)) {
      classes[n] = null;
      undo();
      continue;
    }
    const r = overApproximate(items, c);
    undo();
    // A completion can still leave a rule unknown (a fact read only under known()); such a
    // completion counts as its own class unless all its possible outcomes agree.
    const cls = r.single ? r.cls! : `?${n}`;
    classes[n] = cls;
    outcome[n] = r.terminal;
    if (firstCls === null) {
      firstCls = cls;
      firstIndex = r.single ? r.terminal : -1;
    } else if (cls !== firstCls) allSame = false;
  }
  if (firstCls === null) return { decided: false, index: -1, notNeeded: [], missing: [...vars] }; // contradictory facts: ask all
  if (allSame && firstIndex >= 0) return { decided: true, index: firstIndex, notNeeded: [...vars], missing: [] };

  // Which facts change the class: compare each completion with the one that differs in one fact.
  const score = new Array<number>(vars.length).fill(0);
  let stride = 1;
  for (let k = vars.length - 1; k >= 0; k--) {
    for (let n = 0; n < total; n++) {
      const a = classes[n];
      if (a === null) continue;
      const digit = Math.floor(n / stride) % sizes[k];
      // Compare with every other value of this fact (each unordered pair once).
      for (let d = digit + 1; d < sizes[k]; d++) {
        const b = classes[n + (d - digit) * stride];
        if (b !== null && b !== a) score[k]++;
      }
    }
    stride *= sizes[k];
  }
  const missing = vars
    .map((v, k) => ({ v, k, s: score[k] }))
    .filter((x) => x.s > 0)
    .sort((x, y) => y.s - x.s || x.k - y.k)
    .map((x) => x.v);
  return { decided: false, index: -1, notNeeded: [], missing };
}

/** The unknown facts (of `vars`) read by the rules before and at the outcome. */
function readUnknown(items: readonly DecisionItem[], ctx: Context, vars: readonly string[], upTo: number): string[] {
  const out: string[] = [];
  for (let i = 0; i <= upTo && i < items.length; i++) {
    const w = items[i].when;
    if (!w) continue;
    for (const id of w.identifiers) if (ctx[id] === undefined && vars.includes(id) && !out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * Representative values of a fact for enumeration: booleans both ways; enums every value; numbers
 * each constant the rules compare them with, the midpoints between, and one beyond each end,
 * kept within [min, max].
 */
export function representativeValues(
  type: 'boolean' | 'number' | 'enum',
  constants: readonly Value[],
  opts: { values?: readonly string[]; min?: number; max?: number; integer?: boolean } = {},
): Value[] {
  if (type === 'boolean') return [false, true];
  if (type === 'enum') {
    const out: Value[] = [...(opts.values ?? [])];
    for (const c of constants) if (!out.includes(c)) out.push(c);
    return out;
  }
  const cs = [...new Set(constants.filter((c): c is number => typeof c === 'number'))].sort((a, b) => a - b);
  if (cs.length === 0) return [opts.min ?? 0];
  const pts: number[] = [cs[0] - 1];
  for (let i = 0; i < cs.length; i++) {
    pts.push(cs[i]);
    if (i + 1 < cs.length) {
      const mid = opts.integer ? Math.floor((cs[i] + cs[i + 1]) / 2) : (cs[i] + cs[i + 1]) / 2;
      if (mid > cs[i] && mid < cs[i + 1]) pts.push(mid);
    } else pts.push(cs[i] + 1);
  }
  const lo = opts.min ?? -Infinity;
  const hi = opts.max ?? Infinity;
  const kept = pts.filter((p) => p >= lo && p <= hi);
  return kept.length ? kept : [Math.min(Math.max(cs[0], lo), hi)];
}
