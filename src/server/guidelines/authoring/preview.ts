// The editor's preview (issue 11): a sample referral — structured facts, Norwegian free text or
// both — evaluated by a topic version not yet published, with the outcome and a trace in plain
// words: what the free-text reader understood, and for each rule in order whether it holds, does
// not hold or cannot be decided from the referral. Pure.
import type { FactValue, Facts } from '../../../shared/facts.ts';
import { FACT_BY_ID } from '../../../shared/facts.ts';
import { advise } from '../advise.ts';
import { describeRule } from '../describe-rule.ts';
import { contextOf } from '../engine.ts';
import type { Advice, GuidelinePack, Topic } from '../types.ts';
import { packWithTopic } from './checks.ts';

export interface SampleReferral {
  examCode: string;
  ageYears: number;
  sex: 'M' | 'F';
  indication?: { system: 'ICPC-2' | 'ICD-10'; code: string };
  facts?: Facts;
  text?: string;
}

export interface TraceStep {
  ruleId: string;
  /** The rule's condition in words (bokmål, English). */
  condition: { nb: string; en: string };
  /** What the rule would advise (summary). */
  summary: { nb: string; en?: string };
  /** holds, does not hold, or cannot be decided (a fact it needs is not in the referral). */
  result: 'holds' | 'fails' | 'unknown';
  /** The rule applies only to other exams of the topic. */
  otherExam: boolean;
}

export interface Preview {
  advice: Advice | null;
  /** True when the advice came from the previewed topic (another topic may cover the sample better). */
  fromThisTopic: boolean;
  /** What the free-text reader understood: the fact in words, the value, the words in the note. */
  understood: { factId: string; fact: { nb: string; en: string }; value: FactValue; words: string; negated: boolean }[];
  trace: TraceStep[];
}

/**
 * Evaluates `sample` under `pack` with `topic` in place (published), as the referral form would
 * (advise(): the free text read, structured facts win), and traces the topic's rules against the
 * same facts. `now` reads durations in the note ("for 3 uker siden").
 */
export function previewTopic(pack: GuidelinePack, topic: Topic, sample: SampleReferral, now: Date): Preview {
  const candidate = packWithTopic(pack, topic);
  const t = candidate.topics.find((x) => x.id === topic.id)!;
  const input = {
    examCode: sample.examCode,
    patient: { ageYears: sample.ageYears, sex: sample.sex },
    indication: sample.indication,
    facts: sample.facts ?? {},
    text: sample.text,
  };
  const r = advise(candidate, input, { now });
  const ctx = contextOf({ ...input, facts: r.facts }, t);
  const trace: TraceStep[] = t.rules.map((rule) => {
    const v = rule.when.evaluate(ctx);
    const words = describeRule(rule.when);
    return {
      ruleId: rule.id,
      condition: { nb: words.nb, en: words.en },
      summary: rule.outcome.summary,
      result: v === true ? 'holds' : v === false ? 'fails' : 'unknown',
      otherExam: rule.examCodes !== undefined && !rule.examCodes.includes(sample.examCode),
    };
  });
  const understood = r.extracted.spans.map((s) => ({
    factId: s.factId,
    fact: FACT_BY_ID.get(s.factId)?.label ?? { nb: s.factId, en: s.factId },
    value: s.value,
    words: s.text,
    negated: s.negated,
  }));
  return { advice: r.advice, fromThisTopic: r.advice?.topicId === topic.id, understood, trace };
}
