// What the note-kinds tests (note-kinds-*.test.ts) share: a fixed "now", the reader's facts for a
// note, and the advice rating for a note on an exam — so each file holds only its kinds' wordings.
import { advise } from '../advise.ts';
import { loadGuidelinePack } from '../loader.ts';
import type { Rating } from '../types.ts';
import { extractFacts } from './extract.ts';

/** The notes' "today": Monday 30 November 2026, 12:00 UTC (ISO week 49). */
export const now = new Date('2026-11-30T12:00:00Z');

/** The facts the free-text reader takes from `text` (with an optional context line), by fact id. */
export const read = (text: string, context = ''): Record<string, unknown> => extractFacts(text, { now, context }).facts as Record<string, unknown>;

/** The packaged guideline content (content/guidelines), loaded once. */
export const pack = loadGuidelinePack();

/**
 * The advice rating for a note on an exam (NCRP code), a patient's age in years and sex, and an
 * optional ICPC-2 code; undefined when no topic answers.
 */
export const rating = (examCode: string, age: number, text: string, icpc?: string, sex: 'M' | 'F' = 'M'): Rating | undefined =>
  advise(pack, { examCode, patient: { ageYears: age, sex }, indication: icpc ? { system: 'ICPC-2', code: icpc } : undefined, facts: {}, text }, { now }).advice
    ?.rating;
