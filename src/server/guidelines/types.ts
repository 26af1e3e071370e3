// Types of the referral-advice content (content/guidelines/*.yaml) and of the advice given.
import type { FactValue, Facts } from '../../shared/facts.ts';
import type { ReferrerKind } from '../db/schema.ts';
import type { Compiled } from './expression.ts';
import type { FactRanges } from './free-text/types.ts';

export type Rating = 'appropriate' | 'may_be_appropriate' | 'usually_not_appropriate' | 'needs_information' | 'not_allowed';
export type Radiation = 'none' | 'low' | 'medium' | 'high';
export type AlternativeKind = 'exam' | 'xray_first' | 'watchful_waiting' | 'clinical';

export interface Text {
  nb: string;
  en?: string;
}

export interface Source {
  id: string;
  title: string;
  publisher: string;
  url: string;
  year: number;
}

export interface Alternative {
  kind: AlternativeKind;
  examCode?: string;
  weeks?: number;
  text: Text;
}

export interface Outcome {
  rating: Exclude<Rating, 'needs_information' | 'not_allowed'>;
  score: number;
  summary: Text;
  explanation: Text;
  alternative?: Alternative;
  radiation: Radiation;
  sources: string[];
}

export interface Rule {
  id: string;
  when: Compiled;
  outcome: Outcome;
  /** Only for these exams (modality-specific rules inside a topic); absent: every exam of the topic. */
  examCodes?: string[];
}

/**
 * A reviewed, cited reading of silence (issue 6): where clinical convention reads an unmentioned
 * fact as absent, the topic gives its value. Used only when the fact would otherwise have to be
 * asked; the advice then names it as an assumption ("forutsatt at … ikke foreligger").
 */
export interface TopicDefault {
  fact: string;
  value: boolean | number | string;
  /** Only when this holds (e.g. "gcs = 15"); absent: always. */
  when?: Compiled;
  /** Source id (of the topic's sources) that supports reading silence this way. */
  source: string;
  /** Why, in words, for the clinical editor and the public advice page. */
  because: Text;
  /**
   * Not when the note names the fact with a hedge or a question (AdviceInput.hedged; YAML
   * `unless_hedged: true`): "Kan ikke utelukke skallebrudd" is not silence on fracture signs, so
   * the engine asks instead of assuming none (adv29). Absent: the default reads a hedged fact as
   * silence too (the 80's "Ikke sikkert traume" after jogging reads as no injury).
   */
  unlessHedged?: true;
}

export interface TopicTest {
  name: string;
  input: {
    exam_code: string;
    age: number;
    sex: 'M' | 'F';
    referrer_kind?: ReferrerKind;
    indication?: { system: 'ICPC-2' | 'ICD-10'; code: string };
    facts?: Facts;
    text?: string;
  };
  /** rating 'none': no topic covers the referral (no advice, no CDS card). */
  expect: { rating: Rating | 'none'; rule?: string; missing_facts?: string[] };
}

export interface Topic {
  id: string;
  file: string;
  version: string;
  status: 'draft' | 'published';
  reviewed: { by: string; date: string } | null;
  title: Text;
  appliesTo: {
    examCodes: string[];
    indications?: { system: 'ICPC-2' | 'ICD-10'; codes: string[] }[];
    age?: { min?: number; max?: number };
    sex?: 'M' | 'F';
    referrerKinds?: ReferrerKind[];
    /** With `indications`: the topic also applies when one of these facts is mentioned (true or a value). */
    engagedBy?: string[];
    /** The topic does not apply when one of these facts is true (headache after a head injury is the head-injury topic's). */
    excludedBy?: string[];
  };
  /** Facts the topic needs; the referral form asks for them. */
  facts: string[];
  /** The topic's own red flags: any one true makes `red_flags` true; "ingen røde flagg" sets them all false; all stated false makes `red_flags` false. */
  redFlags: string[];
  /** Reviewed readings of silence (see TopicDefault). */
  defaults: TopicDefault[];
  rules: Rule[];
  otherwise: Outcome;
  sources: Source[];
  tests: TopicTest[];
  /**
   * Silent mode (issue 11): the topic is evaluated and its advice recorded, but not shown to
   * referrers, to collect a baseline before going live. Set by the authoring domain, not the file.
   */
  silent?: boolean;
}

export interface GuidelinePack {
  topics: Topic[];
  byExam: Map<string, Topic[]>;
  rights: ReferralRights;
}

export interface ReferralRights {
  /** Referrer kinds with limited referral rights → the exam codes they may refer to. */
  limited: Partial<Record<ReferrerKind, { examCodes: Set<string>; source: string }>>;
}

export interface AdviceInput {
  examCode: string;
  indication?: { system: 'ICPC-2' | 'ICD-10'; code: string };
  patient: { ageYears: number; sex: 'M' | 'F' };
  referrerKind?: ReferrerKind | null;
  facts: Facts;
  /**
   * Number facts known only as a closed range [low, high] (a note's "4–6 uker"; the value in
   * `facts` is then the high end). A rule that compares the fact with a constant inside the range
   * cannot know its value: the engine then treats the fact as unknown within the range and asks
   * for it only if the answer could change the rating class (adv20). Optional; advise() fills it
   * from the free-text reading.
   */
  ranges?: FactRanges;
  /**
   * Facts the note names only with a hedge or a question ("Kan ikke utelukke skallebrudd", "?fraktur",
   * "Bruddtegn: ikke undersøkt") and nowhere states or denies. A topic default marked
   * `unless_hedged` does not apply to them: the note is not silent, so the engine asks (adv29).
   * Optional; advise() fills it from the free-text reading.
   */
  hedged?: readonly string[];
}

export interface MissingFact {
  id: string;
  question: { nb: string; en: string };
}

/** A fact the advice assumed from the topic's reviewed defaults because the referral did not mention it. */
export interface Assumption {
  id: string;
  value: boolean | number | string;
  /** "Forutsatt at kramper ikke foreligger" — shown with the advice. */
  text: { nb: string; en: string };
  /** The question the referrer may answer to confirm or correct it (it does not block sending). */
  question: { nb: string; en: string };
  because: Text;
}

export interface Advice {
  topicId: string;
  topicVersion: string;
  topicTitle: Text;
  reviewed: boolean;
  rating: Rating;
  /** 1–9 (7–9 appropriate, 4–6 may be appropriate, 1–3 usually not); null when information is missing or not allowed. */
  score: number | null;
  summary: Text;
  explanation: Text;
  alternative?: Alternative;
  radiation: Radiation | null;
  sources: Omit<Source, 'id'>[];
  ruleId: string | null;
  because: string[];
  factsUsed: Record<string, FactValue>;
  /** Facts that block the advice: only those whose value changes the rating class, most decisive first. */
  missingFacts: MissingFact[];
  /** Facts the topic reads that were unknown but could not change the rating class. */
  factsNotNeeded?: string[];
  /** Unmentioned facts read by the topic's reviewed defaults; shown as "forutsatt at … ikke foreligger". */
  assumptions?: Assumption[];
  /** The topic is in silent mode: record this advice, do not show it to the referrer (issue 11). */
  silent?: boolean;
}
