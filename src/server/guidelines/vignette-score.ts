// Scores advice against clinicians' expected classes (the advice vignettes of issue 6). Pure.
import type { Advice } from './types.ts';

/** One vignette: a note with the class a clinician following the topic's sources gives. */
export interface Vignette {
  id: string;
  ncrp: string;
  age: number;
  sex: 'M' | 'F';
  icpc?: string | null;
  text: string;
  /** OK appropriate, MAYBE may be appropriate, NA usually not appropriate, INFO cannot be decided. */
  expect: 'OK' | 'MAYBE' | 'NA' | 'INFO';
}

export interface Miss {
  id: string;
  expect: Vignette['expect'];
  got: Vignette['expect'] | 'NONE' | 'NOT_ALLOWED';
  detail: string;
  hasTopic: boolean;
}

export interface VignetteScore {
  total: number;
  agree: number;
  /** No advice at all. */
  unscored: Miss[];
  /** Asked for information where a clinician would rate. */
  overAsked: Miss[];
  /** Rated, but another class than expected (includes rating an INFO case). */
  wrong: Miss[];
  /** appropriate ↔ usually not appropriate. */
  opposite: Miss[];
  misses: Miss[];
  /** Median number of questions (missing facts) per case, over all cases. */
  medianQuestions: number;
}

const CLASS: Record<Advice['rating'], Miss['got']> = {
  appropriate: 'OK',
  may_be_appropriate: 'MAYBE',
  usually_not_appropriate: 'NA',
  needs_information: 'INFO',
  not_allowed: 'NOT_ALLOWED',
};

/** The class of a piece of advice in the vignettes' terms ('NONE' when there is none). */
export function classOf(a: Advice | null): Miss['got'] {
  return a ? CLASS[a.rating] : 'NONE';
}

export function scoreVignettes(cases: Vignette[], run: (v: Vignette) => Advice | null, hasTopic: (examCode: string) => boolean): VignetteScore {
  const s: VignetteScore = { total: cases.length, agree: 0, unscored: [], overAsked: [], wrong: [], opposite: [], misses: [], medianQuestions: 0 };
  const questions: number[] = [];
  for (const v of cases) {
    const a = run(v);
    const got = classOf(a);
    questions.push(a?.rating === 'needs_information' ? a.missingFacts.length : 0);
    if (got === v.expect) {
      s.agree++;
      continue;
    }
    const detail = a ? `${a.topicId}/${a.ruleId ?? ''}${a.missingFacts.length ? ` asks ${a.missingFacts.map((m) => m.id).join(', ')}` : ''}` : '';
    const m: Miss = { id: v.id, expect: v.expect, got, detail, hasTopic: hasTopic(v.ncrp) };
    s.misses.push(m);
    if (got === 'NONE') s.unscored.push(m);
    else if (got === 'INFO') s.overAsked.push(m);
    else s.wrong.push(m);
    if ((got === 'OK' && v.expect === 'NA') || (got === 'NA' && v.expect === 'OK')) s.opposite.push(m);
  }
  questions.sort((x, y) => x - y);
  const n = questions.length;
  s.medianQuestions = n === 0 ? 0 : n % 2 ? questions[(n - 1) / 2] : (questions[n / 2 - 1] + questions[n / 2]) / 2;
  return s;
}
