// The referral-advice engine: pure and deterministic. Given a referral's exam, indication,
// patient and facts, it picks the topic that covers it and decides the topic's rules.
// Facts that follow from others are derived first (derive.ts). When the rules cannot be decided,
// the engine asks only for the facts whose value changes the rating class (partial.ts); a topic
// may read an unmentioned fact by a reviewed, cited default, and the advice then names that
// assumption. Never a silent "appropriate" on missing information.
import { FACT_BY_ID, FACTS, RED_FLAG_FACTS, type FactValue, type Facts } from '../../shared/facts.ts';
import type { ReferrerKind } from '../db/schema.ts';
import { applicabilityOk, applicableUnder, deriveImplied, deriveRedFlags, hasApplicability } from './derive.ts';
import type { Context, Value } from './expression.ts';
import { representativeValues, solve, type DecisionItem } from './partial.ts';
import type { FactRanges } from './free-text/types.ts';
import type { Advice, AdviceInput, Assumption, GuidelinePack, MissingFact, Outcome, Rule, Topic } from './types.ts';

// Every context has the same shape (all known facts, then age and sex, in one order), so the
// compiled rules read it through one hidden class instead of a new one per referral.
const CONTEXT_KEYS: readonly string[] = [...FACTS.map((f) => f.id), 'age', 'sex'];
// A constructor that sets every key in that order, built once from our own fact catalogue (no
// outside input reaches the generated code). A loop that adds ~50 keys one by one gives V8 a
// slower object (measured: evaluate 0.8 µs with this, 2.9 µs with the loop).
const EmptyContext = new Function(CONTEXT_KEYS.map((k) => `this[${JSON.stringify(k)}] = undefined;`).join('\n')) as unknown as new () => Record<
  string,
  FactValue | undefined
>;

/**
 * Builds the evaluation context: the facts, age, sex, the facts they imply (fact catalogue) and
 * `red_flags` from the topic's own red flags (all red flags of the catalogue when no topic is given).
 */
export function contextOf(input: AdviceInput, topic?: Topic): Record<string, FactValue | undefined> {
  return withRedFlags(baseContext(input), topic);
}

/** The facts, age, sex and the facts they imply; no red flags yet (they depend on the topic). */
function baseContext(input: AdviceInput): Record<string, FactValue | undefined> {
  const ctx = new EmptyContext();
  const facts = input.facts as Record<string, FactValue | undefined>;
  for (const k in facts) ctx[k] = facts[k];
  ctx.age = input.patient.ageYears;
  ctx.sex = input.patient.sex;
  deriveImplied(ctx);
  return ctx;
}

function withRedFlags(ctx: Record<string, FactValue | undefined>, topic?: Topic): Record<string, FactValue | undefined> {
  const redFlags = topic ? topic.redFlags : RED_FLAG_FACTS;
  deriveRedFlags(ctx, redFlags);
  deriveImplied(ctx);
  return ctx;
}

function applicable(t: Topic, input: AdviceInput): boolean {
  const a = t.appliesTo;
  if (a.sex && a.sex !== input.patient.sex) return false;
  if (a.age?.min !== undefined && input.patient.ageYears < a.age.min) return false;
  if (a.age?.max !== undefined && input.patient.ageYears > a.age.max) return false;
  if (a.referrerKinds && (!input.referrerKind || !a.referrerKinds.includes(input.referrerKind))) return false;
  if (a.excludedBy && a.excludedBy.some((f) => input.facts[f as keyof Facts] === true)) return false;
  return true;
}

function indicationMatches(t: Topic, input: AdviceInput): boolean {
  const ind = input.indication;
  if (!ind || !t.appliesTo.indications) return false;
  return t.appliesTo.indications.some((i) => i.system === ind.system && i.codes.some((c) => ind.code === c || ind.code.startsWith(`${c}.`)));
}

/** A topic with an indication list is engaged by a matching indication, or by one of its trigger facts being true. */
function engaged(t: Topic, input: AdviceInput): 'indication' | 'trigger' | 'general' | null {
  if (indicationMatches(t, input)) return 'indication';
  const triggers = t.appliesTo.engagedBy;
  if (triggers && triggers.some((f) => input.facts[f as keyof Facts] !== undefined && input.facts[f as keyof Facts] !== false)) return 'trigger';
  if (!t.appliesTo.indications && !triggers) return 'general';
  return null;
}

/**
 * The topic that covers a referral. Several topics may cover one exam (CT head: minor head
 * injury and headache); the most specific wins: a matching indication, then a trigger fact
 * mentioned in the referral, then a topic without restrictions. Ties go to file order.
 */
export function selectTopic(pack: GuidelinePack, input: AdviceInput): Topic | null {
  const candidates = pack.byExam.get(input.examCode);
  if (!candidates) return null;
  let best: Topic | null = null;
  let bestRank = 0;
  const rank = { indication: 3, trigger: 2, general: 1 } as const;
  for (const t of candidates) {
    if (!applicable(t, input)) continue;
    const e = engaged(t, input);
    if (e && rank[e] > bestRank) {
      best = t;
      bestRank = rank[e];
    }
  }
  return best;
}

function question(id: string): MissingFact {
  const d = FACT_BY_ID.get(id);
  return { id, question: d ? d.question : { nb: id, en: id } };
}

/** The facts (with their values) that the rules read and the referral has. */
function valuesOf(ctx: Context, ids: readonly string[]): Record<string, FactValue> {
  const out: Record<string, FactValue> = {};
  for (const id of ids) if (ctx[id] !== undefined) out[id] = ctx[id] as FactValue;
  return out;
}

function topicPart(t: Topic) {
  return { topicId: t.id, topicVersion: t.version, topicTitle: t.title, reviewed: t.reviewed !== null, ...(t.silent ? { silent: true } : {}) };
}

// An outcome's cited sources, resolved once per loaded outcome (the pack does not change after
// load) and shared, read-only, by every advice that gives it.
const resolvedSources = new WeakMap<Outcome, Advice['sources']>();
function sourcesOf(t: Topic, o: Outcome): Advice['sources'] {
  let out = resolvedSources.get(o);
  if (!out) {
    out = Object.freeze(
      o.sources.map((id) => {
        const s = t.sources.find((x) => x.id === id)!;
        return Object.freeze({ title: s.title, publisher: s.publisher, url: s.url, year: s.year });
      }),
    ) as Advice['sources'];
    resolvedSources.set(o, out);
  }
  return out;
}

/** A topic's decision list for one exam, prepared once: modality-specific rules are kept only for their exams. */
interface Plan {
  rules: Rule[];
  items: DecisionItem[];
  /** Facts the rules read that may be asked (not age/sex, not facts read only through known()). */
  askable: string[];
  /** Every fact the rules read. */
  read: string[];
  domains: Map<string, Value[]>;
  /** Per number fact: the constants the rules compare it with (a range around one cannot be decided). */
  thresholds: Map<string, number[]>;
}
const plans = new WeakMap<Topic, Map<string, Plan>>();
const CLASS_OF = { appropriate: 'A', may_be_appropriate: 'M', usually_not_appropriate: 'U' } as const;

function planOf(t: Topic, examCode: string): Plan {
  let byExam = plans.get(t);
  if (!byExam) plans.set(t, (byExam = new Map()));
  let plan = byExam.get(examCode);
  if (plan) return plan;
  const rules = t.rules.filter((r) => !r.examCodes || r.examCodes.includes(examCode));
  const items: DecisionItem[] = [...rules.map((r) => ({ when: r.when, cls: CLASS_OF[r.outcome.rating] })), { when: null, cls: CLASS_OF[t.otherwise.rating] }];
  const guarded = new Set(rules.flatMap((r) => r.when.knownGuarded));
  const read: string[] = [];
  for (const r of rules) for (const id of r.when.identifiers) if (!read.includes(id)) read.push(id);
  // Ask in the topic's order of facts, then in rule order.
  const order = (id: string) => {
    const i = t.facts.indexOf(id);
    return i < 0 ? t.facts.length + read.indexOf(id) : i;
  };
  const askable = read.filter((id) => id !== 'age' && id !== 'sex' && !guarded.has(id)).sort((a, b) => order(a) - order(b));
  const domains = new Map<string, Value[]>();
  const thresholds = new Map<string, number[]>();
  for (const id of askable) {
    const d = FACT_BY_ID.get(id)!;
    const constants: Value[] = [];
    for (const r of rules) for (const c of r.when.constants.get(id) ?? []) if (!constants.includes(c)) constants.push(c);
    const numeric = constants.filter((c): c is number => typeof c === 'number');
    if (numeric.length) thresholds.set(id, numeric);
    const values: (Value | undefined)[] = representativeValues(d.type, constants, d);
    // A fact that applies only when another holds (does the X-ray explain it?) may stay unanswered.
    if (hasApplicability(id)) values.unshift(undefined);
    domains.set(id, values as Value[]);
  }
  plan = { rules, items, askable, read, domains, thresholds };
  byExam.set(examCode, plan);
  return plan;
}

function fromOutcome(
  t: Topic,
  o: Outcome,
  rule: Rule | null,
  ctx: Context,
  used: readonly string[],
  extra: { notNeeded: string[]; assumptions: Assumption[] },
): Advice {
  // Written out, not spread from topicPart: a spread of an object whose own shape varies (the
  // silent flag) makes V8 copy properties one by one on every advice (measured 2026-12-01: the
  // engine fell from ~66k to ~21k evaluations/s). The silent flag is added after, for silent topics
  // only — a decided advice of a silent topic must stay unshown (it was dropped here, so silent mode
  // held only while facts were missing).
  const advice: Advice = {
    topicId: t.id,
    topicVersion: t.version,
    topicTitle: t.title,
    reviewed: t.reviewed !== null,
    rating: o.rating,
    score: o.score,
    summary: o.summary,
    explanation: o.explanation,
    alternative: o.alternative,
    radiation: o.radiation,
    sources: sourcesOf(t, o),
    ruleId: rule ? rule.id : 'otherwise',
    because: [rule ? `${rule.id}: ${rule.when.source}` : 'otherwise'],
    factsUsed: valuesOf(ctx, used),
    missingFacts: [],
    factsNotNeeded: extra.notNeeded,
    assumptions: extra.assumptions,
  };
  if (t.silent) advice.silent = true;
  return advice;
}

function assumptionOf(id: string, value: FactValue, because: Assumption['because']): Assumption {
  const d = FACT_BY_ID.get(id);
  const label = d ? d.label : { nb: id, en: id };
  const text =
    value === false
      ? { nb: `Forutsatt at ${label.nb.toLowerCase()} ikke foreligger`, en: `Assuming no ${label.en.toLowerCase()}` }
      : { nb: `Forutsatt ${label.nb.toLowerCase()}: ${String(value)}`, en: `Assuming ${label.en.toLowerCase()}: ${String(value)}` };
  return { id, value, text, question: question(id).question, because };
}

/**
 * Number facts known only as a range (AdviceInput.ranges; "4–6 uker"): when a rule compares the
 * fact with a constant inside the range [low, high], the value read (the high end) cannot decide
 * that rule, so the fact is made unknown in `ctx` and its values are limited to the range — the
 * representative values inside it and both ends, which cover every region of the comparisons the
 * range meets. The solver then gives the advice when every value in the range gives one class and
 * asks for the fact only when it changes the class (partial.ts). A range that meets no constant
 * leaves the value read, and the plan's domains, as they were. Returns the domains to solve with.
 */
function rangeDomains(plan: Plan, ctx: Record<string, FactValue | undefined>, ranges: FactRanges): Map<string, Value[]> {
  let out = plan.domains;
  for (const [id, range] of Object.entries(ranges) as [string, readonly [number, number]][]) {
    const cs = plan.thresholds.get(id);
    if (!cs || typeof ctx[id] !== 'number') continue;
    const [low, high] = range;
    if (!(low < high) || !cs.some((c) => c >= low && c <= high)) continue;
    if (out === plan.domains) out = new Map(plan.domains);
    const inside = (plan.domains.get(id) ?? []).filter((v) => typeof v === 'number' && v > low && v < high);
    out.set(id, [low, ...inside, high]);
    ctx[id] = undefined;
  }
  return out;
}

/**
 * Decides a topic for a referral (see the file comment). The rating is one of the outcome
 * ratings, or needs_information naming only facts whose value changes the rating class.
 */
export function evaluateTopic(t: Topic, input: AdviceInput): Advice {
  return decideTopic(t, input, baseContext(input));
}

function decideTopic(t: Topic, input: AdviceInput, base: Record<string, FactValue | undefined>): Advice {
  const ctx = withRedFlags(base, t);
  const plan = planOf(t, input.examCode);
  const domains = input.ranges ? rangeDomains(plan, ctx, input.ranges) : plan.domains;
  const complete = (c: Record<string, Value | undefined>, trail: string[]) =>
    deriveImplied(c, trail) && deriveRedFlags(c, t.redFlags, true, trail) && deriveImplied(c, trail) && applicabilityOk(c, plan.askable);
  let unknown = plan.askable.filter((id) => ctx[id] === undefined);
  let sol = solve(plan.items, ctx, unknown, domains, complete);
  const assumptions: Assumption[] = [];
  // Read silence as absence where the topic's reviewed defaults allow it, only for facts that
  // matter (they would otherwise be asked); repeat while a default applies.
  for (let round = 0; !sol.decided && round < t.defaults.length; round++) {
    let applied = false;
    for (const d of t.defaults) {
      if (ctx[d.fact] !== undefined) continue;
      // (a fact the note names with a hedge is not silence where the default says so: "Kan ikke
      // utelukke skallebrudd"; adv29)
      if (d.unlessHedged && input.hedged?.includes(d.fact)) continue;
      // A default for red_flags speaks for the topic's red flags too.
      const matters = sol.missing.includes(d.fact) || (d.fact === 'red_flags' && sol.missing.some((m) => t.redFlags.includes(m)));
      if (!matters) continue;
      if (d.when && d.when.evaluate(ctx) !== true) continue;
      ctx[d.fact] = d.value;
      assumptions.push(assumptionOf(d.fact, d.value, d.because));
      applied = true;
    }
    if (!applied) break;
    deriveImplied(ctx);
    deriveRedFlags(ctx, t.redFlags);
    deriveImplied(ctx);
    unknown = plan.askable.filter((id) => ctx[id] === undefined);
    sol = solve(plan.items, ctx, unknown, domains, complete);
  }
  if (sol.decided) {
    const rule = sol.index < plan.rules.length ? plan.rules[sol.index] : null;
    return fromOutcome(t, rule ? rule.outcome : t.otherwise, rule, ctx, rule ? rule.when.identifiers : plan.read, { notNeeded: sol.notNeeded, assumptions });
  }
  // A question that applies only under another ("does the X-ray explain it?") comes after that
  // one ("was an X-ray taken?") when it too is unanswered.
  const missing: string[] = [];
  for (const m of sol.missing) {
    for (const under of applicableUnder(m)) if (ctx[under] === undefined && plan.askable.includes(under) && !missing.includes(under)) missing.push(under);
    if (!missing.includes(m)) missing.push(m);
  }
  const firstUndecided = plan.rules.find((r) => r.when.evaluate(ctx) === undefined);
  const labels = (lang: 'nb' | 'en') => missing.map((m) => FACT_BY_ID.get(m)?.label[lang] ?? m).join(', ');
  return {
    ...topicPart(t),
    rating: 'needs_information',
    score: null,
    summary: { nb: `Mangler opplysninger: ${labels('nb')}`, en: `Missing information: ${labels('en')}` },
    explanation: {
      nb: `Henvisningsrådet for «${t.title.nb}» avhenger av disse opplysningene: svaret på dem kan endre rådet. Andre opplysninger som mangler, endrer det ikke.`,
      en: `The advice for “${t.title.en ?? t.title.nb}” depends on this information: the answer can change the advice. Other missing information does not.`,
    },
    radiation: null,
    sources: [],
    ruleId: firstUndecided ? firstUndecided.id : null,
    because: firstUndecided ? [`${firstUndecided.id}: ${firstUndecided.when.source} (ukjent)`] : [],
    factsUsed: valuesOf(ctx, plan.read),
    missingFacts: missing.map(question),
    factsNotNeeded: unknown.filter((id) => !missing.includes(id)),
    assumptions,
  };
}

/** Advice for a referral, or null when no topic covers the exam. */
export function evaluate(pack: GuidelinePack, input: AdviceInput): Advice | null {
  if (!pack.byExam.has(input.examCode)) return null;
  // Facts implied by the stated ones also engage topics (a thunderclap headache is a headache).
  const base = baseContext(input);
  const topic = selectTopic(pack, { ...input, facts: base as Facts });
  return topic ? decideTopic(topic, input, base) : null;
}

/** Limited referral rights (avgrenset henvisningsrett): chiropractors and manual therapists may refer only to agreed exams. */
export function checkReferralRights(
  pack: GuidelinePack,
  referrerKind: ReferrerKind | null | undefined,
  examCode: string,
): { allowed: true } | { allowed: false; reason: { nb: string; en: string }; source: string } {
  const limit = referrerKind ? pack.rights.limited[referrerKind] : undefined;
  if (!limit || limit.examCodes.has(examCode)) return { allowed: true };
  return {
    allowed: false,
    reason: {
      nb: `Som ${referrerKind === 'chiropractor' ? 'kiropraktor' : 'manuellterapeut'} har du avgrenset henvisningsrett og kan ikke henvise til denne undersøkelsen. Pasienten må henvises av lege.`,
      en: `As a ${referrerKind === 'chiropractor' ? 'chiropractor' : 'manual therapist'} you have limited referral rights and cannot refer to this exam. The patient must be referred by a physician.`,
    },
    source: limit.source,
  };
}
