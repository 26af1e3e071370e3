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
}
