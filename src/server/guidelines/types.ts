// Types of the referral-advice content (content/guidelines/*.yaml) and of the advice given.
import type { FactValue, Facts } from '../../shared/facts.ts';
import type { ReferrerKind } from '../db/schema.ts';
import type { Compiled } from './expression.ts';

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
}

export interface TopicTest {
  name: string;
  input: { exam_code: string; age: number; sex: 'M' | 'F'; referrer_kind?: ReferrerKind; indication?: { system: 'ICPC-2' | 'ICD-10'; code: string }; facts?: Facts; text?: string };
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
  rules: Rule[];
  otherwise: Outcome;
  sources: Source[];
  tests: TopicTest[];
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
}

export interface MissingFact {
  id: string;
  question: { nb: string; en: string };
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
  missingFacts: MissingFact[];
}
