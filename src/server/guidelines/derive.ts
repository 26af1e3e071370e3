// Facts that follow from other facts (issue 6, item 2), declared in the fact catalogue
// (src/shared/facts.ts, `implies`) and in each topic (`red_flags`). Pure.
//
// - An implication A = a ⇒ B = b sets B when A has the value a and B is not stated. Between
//   booleans it also holds backwards (B = ¬b ⇒ A = ¬a): "ikke forsøkt fysioterapi" means
//   physiotherapy cannot have failed. A stated value always wins over a derived one.
// - The topic's red flags: any one true makes `red_flags` true; every one stated false makes it
//   false (the referrer's red-flag assessment); "ingen røde flagg" (`red_flags` false) sets each
//   red flag that is not stated to false.
import { FACTS, type FactValue, type Implication } from '../../shared/facts.ts';

type Ctx = Record<string, FactValue | undefined>;

interface Edge {
  /** The value the source must have (true/false), or 'known'. */
  when: boolean | 'known';
  target: string;
  value: FactValue;
}

/** Implications by the fact they start from: forward ones and the boolean contrapositives. */
const EDGES = new Map<string, Edge[]>();
function addEdge(from: string, e: Edge) {
  const l = EDGES.get(from);
  if (l) l.push(e);
  else EDGES.set(from, [e]);
}
for (const f of FACTS) {
  const imps = (f as { implies?: readonly Implication[] }).implies;
  if (!imps) continue;
  for (const imp of imps) {
    addEdge(f.id, { when: imp.when, target: imp.fact, value: imp.value });
    if (typeof imp.when === 'boolean' && typeof imp.value === 'boolean') addEdge(imp.fact, { when: !imp.value, target: f.id, value: !imp.when });
  }
}

/** The implications the catalogue declares, forward and backward (for documentation and tests). */
export function implicationsFrom(factId: string): readonly Edge[] {
  return EDGES.get(factId) ?? [];
}

const applies = (e: Edge, v: FactValue | undefined) => v !== undefined && (e.when === 'known' || v === e.when);

/**
 * Adds the facts implied by the ones in `ctx` (in place) and returns false when two stated or
 * derived facts contradict an implication (used to skip impossible completions).
 * @param keys the facts to start from (default: every key of ctx that has a value)
 */
export function deriveImplied(ctx: Ctx, keys?: readonly string[]): boolean {
  let ok = true;
  const work: string[] = [];
  if (keys) {
    for (const k of keys) if (ctx[k] !== undefined && EDGES.has(k)) work.push(k);
  } else {
    for (const k in ctx) if (ctx[k] !== undefined && EDGES.has(k)) work.push(k);
  }
  while (work.length) {
    const k = work.pop()!;
    const edges = EDGES.get(k);
    if (!edges) continue;
    const v = ctx[k];
    for (const e of edges) {
      if (!applies(e, v)) continue;
      const cur = ctx[e.target];
      if (cur === undefined) {
        ctx[e.target] = e.value;
        if (EDGES.has(e.target)) work.push(e.target);
      } else if (cur !== e.value) ok = false;
    }
  }
  return ok;
}

/**
 * Applies a topic's red flags to `ctx` (in place). Returns false when `red_flags` contradicts
 * them (red_flags false with a red flag true, or red_flags true with every red flag false); when
 * not `strict` (a referral as written) a named red flag then wins and `red_flags` becomes true.
 */
export function deriveRedFlags(ctx: Ctx, redFlags: readonly string[], strict = false): boolean {
  if (redFlags.length === 0) return true;
  const stated = ctx.red_flags;
  let anyTrue = false;
  let allFalse = true;
  for (const f of redFlags) {
    const v = ctx[f];
    if (v === true) anyTrue = true;
    if (v !== false) allFalse = false;
  }
  if (stated === undefined) {
    if (anyTrue) ctx.red_flags = true;
    else if (allFalse) ctx.red_flags = false;
    return true;
  }
  if (stated === false) {
    // "Ingen røde flagg" speaks for each red flag that is not stated on its own.
    for (const f of redFlags) if (ctx[f] === undefined) ctx[f] = false;
    if (anyTrue && !strict) {
      // A named red flag outweighs a blanket "ingen røde flagg" in the same note.
      ctx.red_flags = true;
      return true;
    }
    return !anyTrue;
  }
  return !allFalse;
}

/** Whether a fact only applies when another has a value (an implication from 'known'): "does the X-ray explain it" only when an X-ray was taken. */
export function hasApplicability(factId: string): boolean {
  return (EDGES.get(factId) ?? []).some((e) => e.when === 'known');
}

/**
 * For completions: a fact that follows "only if known" (xray_explains_symptoms ⇒ prior_xray) may
 * be left unknown (not applicable) only where what it implies does not hold; with an X-ray taken,
 * whether it explains the symptoms has an answer.
 */
export function applicabilityOk(ctx: Ctx, facts: readonly string[]): boolean {
  for (const f of facts) {
    if (ctx[f] !== undefined) continue;
    for (const e of EDGES.get(f) ?? []) if (e.when === 'known' && ctx[e.target] === e.value) return false;
  }
  return true;
}

/** The facts a fact applies only under (xray_explains_symptoms → prior_xray): ask those first. */
export function applicableUnder(factId: string): string[] {
  return (EDGES.get(factId) ?? []).filter((e) => e.when === 'known').map((e) => e.target);
}
