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

/**
 * The implications compiled once into one function of named property reads and writes (our own
 * catalogue is its only input), run to a fixpoint. A generic loop over a map of edges with keyed
 * writes cost ~3 µs per referral, more than the rest of the engine.
 */
const compiledDerive = ((): ((ctx: Ctx, trail: string[] | undefined) => boolean) => {
  const lines: string[] = ['let ok = true; let changed = true; let rounds = 0;', 'while (changed && rounds++ < 8) { changed = false;'];
  for (const [from, edges] of EDGES) {
    const src = `ctx[${JSON.stringify(from)}]`;
    for (const e of edges) {
      const cond = e.when === 'known' ? `${src} !== undefined` : `${src} === ${JSON.stringify(e.when)}`;
      const tgt = `ctx[${JSON.stringify(e.target)}]`;
      const val = JSON.stringify(e.value);
      lines.push(
        `if (${cond}) { const cur = ${tgt}; if (cur === undefined) { ${tgt} = ${val}; changed = true; if (trail) trail.push(${JSON.stringify(e.target)}); } else if (cur !== ${val}) ok = false; }`,
      );
    }
  }
  lines.push('}', 'return ok;');
  return new Function('ctx', 'trail', lines.join('\n')) as (ctx: Ctx, trail: string[] | undefined) => boolean;
})();

/**
 * Adds the facts implied by the ones in `ctx` (in place) and returns false when two stated or
 * derived facts contradict an implication (used to skip impossible completions). Each fact it
 * writes is named in `trail` when one is given.
 */
export function deriveImplied(ctx: Ctx, trail?: string[]): boolean {
  return compiledDerive(ctx, trail);
}

/**
 * Applies a topic's red flags to `ctx` (in place). Returns false when `red_flags` contradicts
 * them (red_flags false with a red flag true, or red_flags true with every red flag false); when
 * not `strict` (a referral as written) a named red flag then wins and `red_flags` becomes true.
 */
export function deriveRedFlags(ctx: Ctx, redFlags: readonly string[], strict = false, trail?: string[]): boolean {
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
    if (anyTrue || allFalse) {
      ctx.red_flags = anyTrue;
      trail?.push('red_flags');
    }
    return true;
  }
  if (stated === false) {
    // "Ingen røde flagg" speaks for each red flag that is not stated on its own.
    for (const f of redFlags) {
      if (ctx[f] === undefined) {
        ctx[f] = false;
        trail?.push(f);
      }
    }
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
