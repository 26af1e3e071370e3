// Advice for a referral as it is written: facts read from the free text are merged with the
// structured answers (structured answers win), limited referral rights are checked first, and
// the engine gives the topic's advice. Returns what was understood so the referrer can correct it.
import type { FactValue, Facts } from '../../shared/facts.ts';
import { checkReferralRights, evaluate } from './engine.ts';
import { extractFacts } from './free-text/extract.ts';
import type { Extraction } from './free-text/types.ts';
import type { Advice, AdviceInput, GuidelinePack } from './types.ts';

export interface AdviceResult {
  advice: Advice | null;
  extracted: Extraction;
  facts: Facts;
}

/**
 * The advice for `input` under `pack`. `opts.now` dates relative durations in the text ("siden
 * mars"); `opts.extracted` is the reading of `input.text` when the caller already has it (the
 * reading does not depend on the pack, so the impact preview reads each note once for two packs).
 */
export function advise(pack: GuidelinePack, input: AdviceInput & { text?: string }, opts: { now?: Date; extracted?: Extraction } = {}): AdviceResult {
  const extracted = opts.extracted ?? (input.text ? extractFacts(input.text, opts) : { facts: {}, spans: [] });
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
  return { extracted, facts, advice: evaluate(pack, { ...input, facts }) };
}
