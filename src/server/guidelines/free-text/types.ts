import type { FactId, FactValue, Facts } from '../../../shared/facts.ts';

/** One thing the reader understood: which fact, its value, and where in the text. */
export interface FactSpan {
  factId: FactId;
  value: FactValue;
  start: number;
  end: number;
  text: string;
  negated: boolean;
}

export interface Extraction {
  facts: Facts;
  spans: FactSpan[];
  /**
   * Number facts told as a range ("4–6 uker": symptom_duration_weeks [4, 6]; the value in `facts`
   * is the upper end). Absent when no fact was (adv20). See AdviceInput.ranges.
   */
  ranges?: FactRanges;
  /**
   * Facts named only as uncertain (a hedge, a question, a label answered "ikke undersøkt") and not
   * read as stated or denied anywhere in the note. Absent when none (adv29). See AdviceInput.hedged.
   */
  hedged?: FactId[];
}

/** Closed ranges [low, high] of number facts, in the fact's unit. */
export type FactRanges = Partial<Record<FactId, readonly [number, number]>>;
