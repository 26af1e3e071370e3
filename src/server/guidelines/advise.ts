// Advice for a referral as it is written: facts read from the free text are merged with the
// structured answers (structured answers win), limited referral rights are checked first, and
// the engine gives the topic's advice. Returns what was understood so the referrer can correct it.
import type { FactValue, Facts } from '../../shared/facts.ts';
import { checkReferralRights, evaluate } from './engine.ts';
import { readReferenceData } from '../directory/reference-data.ts';
import { extractFacts } from './free-text/extract.ts';
import type { Extraction, FactRanges } from './free-text/types.ts';
import type { Advice, AdviceInput, GuidelinePack } from './types.ts';

export interface AdviceResult {
  advice: Advice | null;
  extracted: Extraction;
  facts: Facts;
}

/**
 * What the reader may take as known about a note for this exam (extractFacts' `context`): the
 * exam's catalogue name and body part (content/codes/ncrp.csv, e.g. "Røntgen kne kne"), so a knee
 * X-ray note need not say "kne". Depends on the exam only, not on a pack. Unknown code: ''.
 */
export function readingContext(examCode: string): string {
  let c = contextCache.get(examCode);
  if (c === undefined) {
    const e = readReferenceData().examCodes.find((x) => x.code === examCode);
    c = e ? `${e.nameNb} ${e.bodyPart}` : '';
    contextCache.set(examCode, c);
  }
  return c;
}
const contextCache = new Map<string, string>();

/** The reading's ranges for facts the structured answers do not give; undefined when none is left. */
function rangesOf(extracted: Extraction, given: Facts): FactRanges | undefined {
  const r = extracted.ranges;
  if (!r) return undefined;
  let out: FactRanges | undefined;
  for (const [k, v] of Object.entries(r) as [keyof FactRanges, readonly [number, number]][]) {
    const g = given[k];
    if (g !== undefined && g !== null) continue;
    (out ??= {})[k] = v;
  }
  return out;
}

/**
 * The advice for `input` under `pack`. `opts.now` dates relative durations in the text ("siden
 * mars"); `opts.extracted` is the reading of `input.text` when the caller already has it (the
 * reading depends on the note and the exam, not on the pack, so the impact preview reads each
 * note once for two packs).
 */
export function advise(pack: GuidelinePack, input: AdviceInput & { text?: string }, opts: { now?: Date; extracted?: Extraction } = {}): AdviceResult {
  const extracted =
    opts.extracted ?? (input.text ? extractFacts(input.text, { now: opts.now, context: readingContext(input.examCode) }) : { facts: {}, spans: [] });
  const facts: Facts = { ...extracted.facts };
  for (const [k, v] of Object.entries(input.facts)) if (v !== undefined && v !== null) (facts as Record<string, FactValue>)[k] = v;
  const rights = checkReferralRights(pack, input.referrerKind, input.examCode);
  if (!rights.allowed) {
    return {
      extracted,
      facts,
      advice: {
        topicId: 'henvisningsrett',
        topicVersion: '1.0.0',
        topicTitle: { nb: 'Avgrenset henvisningsrett', en: 'Limited referral rights' },
        reviewed: false,
        rating: 'not_allowed',
        score: null,
        summary: { nb: 'Ikke tillatt: avgrenset henvisningsrett for denne undersøkelsen', en: 'Not allowed: limited referral rights for this exam' },
        explanation: rights.reason,
        radiation: null,
        sources: [{ title: rights.source, publisher: 'Radvis (katalog over henvisningsrett)', url: 'https://www.helsedirektoratet.no/', year: 2026 }],
        ruleId: null,
        because: [`referrer kind ${input.referrerKind} may not refer to ${input.examCode}`],
        factsUsed: {},
        missingFacts: [],
      },
    };
  }
  // (a range read from the note, "4–6 uker", goes with the value read; a structured answer wins over both)
  const ranges = rangesOf(extracted, input.facts);
  // (facts the note names only with a hedge, and the structured answers do not give: no default reads them as absent; adv29)
  const hedged = extracted.hedged?.filter((k) => input.facts[k] === undefined || input.facts[k] === null);
  const full: AdviceInput = { ...input, facts };
  if (ranges) full.ranges = ranges;
  if (hedged && hedged.length > 0) full.hedged = hedged;
  return { extracted, facts, advice: evaluate(pack, full) };
}
