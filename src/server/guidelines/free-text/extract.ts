// Reads clinical facts from Norwegian (bokmål, some nynorsk) referral free text. Pure and
// deterministic (relative dates count from opts.now). It prefers leaving a fact out to reading it
// wrong: only phrases in the reviewed lexicon (lexicon.ts) produce facts, and questions,
// suspicions and other people's history are left out.
//
// How it works, in one pass over the text and one over its words:
// 1. Tokenise the lower-cased note into words and numbers, recording for each word its clause.
//    A clause ends at . ! ? ; : , ( ) a line break or " - "; a dot after a known abbreviation
//    ("tidl.", "pas.", "u.a.") does not end it; "u.a." is the word "ua"; "3,5" is one number.
//    A sentence ends at . ! ? ; or a line break (not at a colon, comma or bracket): findings
//    about a subject (an X-ray, a cyst) are bound to it within the sentence or from the next.
//    "?" right before a word ("?menisk") makes its clause a question.
//    A short insertion between commas after "Det er ikke,", "Ønsker ikke,", "Han har," is read as
//    its own clause, and the clause after it goes on the first (spliceInsertions, advice16).
// 2. Match lexicon phrases word by word, looked up by their first word (exact, prefix or suffix).
// 3. Negation (NegEx-style): a negation word (ingen, ikke, uten, neg., benekter …) negates a
//    finding in the same clause at most NEGATION_WINDOW words later, unless a scope-ending word
//    (men, etter, har, nå …) comes between; "D-dimer negativ", "Lasègue neg", "rtg u.a." negate
//    backwards. A clause ending with "?" or holding "spm", "mistanke", "evt" … is uncertain.
//    English "not", "without", "denies" negate too; English "no" only in a note written in
//    English (markEnglishNo: in nynorsk "no" is "now"), or before a word nynorsk "no" is never
//    followed by ("No LOC" in a Norwegian note).
//    Earlier history (markHistory: a "Tidligere:" section, a clause dated to a past year) gives no
//    present-episode findings (EPISODE_FACTS).
// 4. Durations, GCS, eGFR, cyst size, D-dimer and Wells are read from the words with small rules.
// Conflicts: every reading is kept as a span; for the facts, a later statement wins over an
// earlier one, except the duration, where the first one given wins (GPs lead with the history).
import type { FactId, FactValue, Facts } from '../../../shared/facts.ts';
import {
  ABBREVIATIONS,
  CONDITIONAL_CLAUSE_WORDS,
  CONDITIONAL_WORDS,
  DIALECT_SPELLINGS,
  HEDGE_AFTER_NEGATION,
  LEXICON,
  MONTHS,
  NEGATION_AFTER,
  NEGATION_BEFORE,
  NEGATION_WINDOW,
  NOT_DURATION_AFTER,
  NOT_DURATION_BEFORE,
  NOT_DURATION_TWO_BEFORE,
  NOT_TYPOS,
  NUMBER_WORDS,
  ONSET_SYMPTOM_WORDS,
  OTHER_PERSON,
  PSEUDO_NEGATION,
  REPORTED_BY,
  REPORTING_VERBS,
  SAFETY_NET_ACTIONS,
  SAFETY_NET_BEFORE_VED,
  SAFETY_NET_EXAMS,
  SCOPE_END,
  SEASONS,
  SUBJECTS,
  UNCERTAIN_AFTER,
  UNCERTAIN_BEFORE,
  UNIT_WEEKS,
  VAGUE_DURATION,
  OM_NOT_CONDITIONAL,
  VED_NOT_CONDITIONAL,
  WEEKDAYS,
  ENGLISH_MONTHS,
  ENGLISH_SEASONS,
  type LexEntry,
} from './lexicon.ts';
import type { Extraction, FactRanges, FactSpan } from './types.ts';
import { easterSunday } from '../../calendar/norwegian-calendar.ts';

// ---------------------------------------------------------------------------------------------
// Compiled lexicon

const enum Kind {
  Exact,
  Prefix,
  Suffix,
  Any,
}
interface Alt {
  kind: Kind;
  s: string;
}
interface Spec {
  alts: Alt[];
  optional: boolean;
  gap: number;
  /** The exact alternatives as one set when there are many (one look-up instead of a compare each), else null. */
  exact: Set<string> | null;
  /** The alternatives not in `exact` (tried one by one). */
  rest: Alt[];
  /**
   * A quick reject: the first letters (bit `charCode & 31`) and the lengths (bit `min(length, 31)`)
   * a matching word can have; a word whose first-letter bit or length bit is missing from its mask
   * cannot match (see tFirst, tLen). "_" allows every bit; a prefix or suffix every length from its
   * own, a suffix every first letter.
   */
  firstMask: number;
  lenMask: number;
  /** The exact alternatives a typed word one edit away may stand for (see fuzzyMatches), or null. */
  fuzzy: string[] | null;
}
/**
 * A later word of a phrase may be typed one edit wrong when both it and the word are this long
 * ("Ny type hodepie", "nedsatt kratf"; adv26). Shorter words are left exact: too many real words lie
 * one edit from each other.
 */
const LATER_FUZZY_MIN = 6;
/** Negation words are never taken for a typo of a phrase word, nor a phrase word of theirs fuzzed. */
const FUZZY_NEVER = new Set<string>([...NEGATION_BEFORE, ...NEGATION_AFTER]);
/** From this many exact alternatives on, a spec looks a word up in a set instead of comparing it with each. */
const EXACT_SET_MIN = 4;
/** A spec of these alternatives (see Spec). */
function specOf(alts: Alt[], optional: boolean, gap: number): Spec {
  let firstMask = 0;
  let lenMask = 0;
  let fuzzy: string[] | null = null;
  for (const a of alts) {
    const len = Math.min(a.s.length, 31);
    firstMask |= (a.kind === Kind.Exact || a.kind === Kind.Prefix) && a.s.length > 0 ? firstBit(a.s) : -1;
    lenMask |= a.kind === Kind.Exact ? 1 << len : a.kind === Kind.Any ? -1 : ~((1 << len) - 1);
    if (a.kind === Kind.Exact && a.s.length >= LATER_FUZZY_MIN && !FUZZY_NEVER.has(a.s)) {
      (fuzzy ??= []).push(a.s);
      // (a typed word may be one letter shorter or longer)
      lenMask |= (1 << Math.min(a.s.length - 1, 31)) | (1 << Math.min(a.s.length + 1, 31));
    }
  }
  const exactAlts = alts.filter((a) => a.kind === Kind.Exact);
  if (exactAlts.length < EXACT_SET_MIN) return { alts, optional, gap, exact: null, rest: alts, firstMask, lenMask, fuzzy };
  return { alts, optional, gap, exact: new Set(exactAlts.map((a) => a.s)), rest: alts.filter((a) => a.kind !== Kind.Exact), firstMask, lenMask, fuzzy };
}
/** A word's first-letter bit and length bit for the quick reject of Spec (an empty word: neither). */
const firstBit = (w: string) => (w.length === 0 ? 0 : 1 << (w.charCodeAt(0) & 31));
const lenBit = (w: string) => 1 << Math.min(w.length, 31);
interface Compiled {
  entry: LexEntry;
  specs: Spec[];
  index: number;
  entryIndex: number;
  /** The second word when the phrase must have one there (not optional, not a gap): matchAll's quick reject. */
  second: Spec | null;
}

function parseSpec(raw: string): Spec {
  let optional = false;
  let s = raw;
  if (s.startsWith('[') && s.endsWith(']')) {
    optional = true;
    s = s.slice(1, -1);
  }
  const gapMatch = /^_(\d)$/.exec(s);
  if (gapMatch) return specOf([{ kind: Kind.Any, s: '' }], true, Number(gapMatch[1]));
  const alts = s.split('|').map((a): Alt => {
    const w = a.replace(/[.-]/g, '');
    if (w === '_') return { kind: Kind.Any, s: '' };
    if (w.endsWith('*')) return { kind: Kind.Prefix, s: w.slice(0, -1) };
    if (w.startsWith('*')) return { kind: Kind.Suffix, s: w.slice(1) };
    return { kind: Kind.Exact, s: w };
  });
  return specOf(alts, optional, 0);
}

const EXACT = new Map<string, Compiled[]>();
const PREFIX = new Map<string, { alt: Alt; c: Compiled }[]>(); // keyed by first 3 letters of the prefix
const SUFFIX = new Map<string, { alt: Alt; c: Compiled }[]>(); // keyed by last 3 letters of the suffix
const SHORT_AFFIX: { alt: Alt; c: Compiled }[] = []; // affixes shorter than 3 letters
/** Exact and prefix first words of six letters or more, by their first two letters (typo look-up). */
const FUZZY = new Map<string, { alt: Alt; c: Compiled }[]>();
const FUZZY_MIN = 6;
let compiledCount = 0;

function indexFirst(c: Compiled, first: Spec) {
  for (const alt of first.alts) {
    if ((alt.kind === Kind.Exact || alt.kind === Kind.Prefix) && alt.s.length >= FUZZY_MIN) {
      const key = alt.s.slice(0, 2);
      const l = FUZZY.get(key);
      if (l) l.push({ alt, c });
      else FUZZY.set(key, [{ alt, c }]);
    }
    if (alt.kind === Kind.Exact) {
      const l = EXACT.get(alt.s);
      if (l) l.push(c);
      else EXACT.set(alt.s, [c]);
    } else if (alt.kind === Kind.Any) {
      throw new Error(`lexicon: a phrase may not start with "_" (${c.entry.phrases.join(' / ')})`);
    } else if (alt.s.length < 3) {
      SHORT_AFFIX.push({ alt, c });
    } else {
      const map = alt.kind === Kind.Prefix ? PREFIX : SUFFIX;
      const key = alt.kind === Kind.Prefix ? alt.s.slice(0, 3) : alt.s.slice(-3);
      const l = map.get(key);
      if (l) l.push({ alt, c });
      else map.set(key, [{ alt, c }]);
    }
  }
}

for (const [entryIndex, entry] of LEXICON.entries()) {
  for (const phrase of entry.phrases) {
    const specs = phrase.trim().split(/\s+/).map(parseSpec);
    // A leading optional word: index the phrase both with and without it.
    const variants = specs[0].optional ? [specs, specs.slice(1)] : [specs];
    for (const v of variants) {
      const specs1 = v.map((s, i) => (i === 0 ? { ...s, optional: false } : s));
      const second = specs1.length > 1 && !specs1[1].optional && specs1[1].gap === 0 ? specs1[1] : null;
      const c: Compiled = { entry, specs: specs1, index: compiledCount++, entryIndex, second };
      indexFirst(c, c.specs[0]);
    }
  }
}

const toSet = (a: readonly string[]) => new Set(a);
const NUMBER_WORD = new Map(Object.entries(NUMBER_WORDS));
const UNIT = new Map(Object.entries(UNIT_WEEKS));
/** Verbs of ability before "ikke og" + verb, where "og" stands for "å" (adv24). */
const ABILITY_VERBS = new Set(['klarer', 'klarar', 'klarte', 'greier', 'greide', 'greidde', 'makter', 'maktar', 'evner', 'orker', 'orkar', 'kan']);
/** The words after "forrige"/"førre" that make "siden forrige uke" a duration. */
const LAST_WEEK = new Set(['uke', 'uka', 'veke', 'veka', 'helg', 'helga', 'helgen']);
const NEG_BEFORE = toSet(NEGATION_BEFORE);
const NEG_AFTER = toSet(NEGATION_AFTER);
const PSEUDO = toSet(PSEUDO_NEGATION);
const SCOPE = toSet(SCOPE_END);
const UNC_BEFORE = toSet(UNCERTAIN_BEFORE);
const UNC_AFTER = toSet(UNCERTAIN_AFTER);
const OTHER = toSet(OTHER_PERSON);
const ABBREV = toSet(ABBREVIATIONS);
const NOT_DUR_BEFORE = toSet(NOT_DURATION_BEFORE);
const NOT_DUR_AFTER = toSet(NOT_DURATION_AFTER);
const ONSET = toSet(ONSET_SYMPTOM_WORDS);

// ---- Keyboards without Norwegian letters (adv21)
// "roede flagg", "utstraling", "oynene", "hoeyre", "vaere": a word written without æ, ø and å that
// the lexicon does not know as written is read as the lexicon word it spells with them (ø as "o" or
// "oe", æ as "e" or "ae", å as "a" or "aa"). Only words the lexicon and its word lists use are
// targets; a spelling two of them share, a word they know as written, and a few everyday words
// ("for" is not "før") are left alone. "aa" alone was read as "å" before (see tokenize).
const NORDIC_KEEP = new Set(['laser', 'bratt', 'laste', 'kolle', 'kolla', 'rader', 'boer']);
/** A short word is read only in the two-letter way ("roed", "foer"): "rode", "last", "okt", "boy" are words of their own. */
const NORDIC_SHORT = 5;
const NORDIC_OPTIONS: Record<string, string[]> = { ø: ['o', 'oe', 'ø'], æ: ['e', 'ae', 'æ'], å: ['a', 'å'] };
/** Every spelling of w with each Norwegian letter written one of its keyboard ways (at most 3⁴). */
function nordicFolds(w: string): string[] {
  let out = [''];
  let special = 0;
  for (const ch of w) {
    const opts = NORDIC_OPTIONS[ch];
    if (opts === undefined) {
      out = out.map((o) => o + ch);
      continue;
    }
    if (++special > 4) return [];
    out = out.flatMap((o) => opts.map((x) => o + x));
  }
  return special === 0 ? [] : out.filter((o) => !/[æø]/.test(o) && o !== w);
}
/** Words the reader knows as written: every lexicon phrase word (affixes without their star) and word list. */
const KNOWN_WORDS = new Set<string>();
/** Keyboard spelling → lexicon word (null: two lexicon words share it). */
const NORDIC_EXACT = new Map<string, string | null>();
/** Keyboard spelling of a prefix (four letters or more) → the prefix, by its first three letters. */
const NORDIC_PREFIX = new Map<string, [string, string][]>();
{
  const words: string[] = [];
  const prefixes: string[] = [];
  for (const e of LEXICON)
    for (const ph of e.phrases)
      for (const raw of ph.trim().split(/\s+/))
        for (const a of raw.replace(/^\[|\]$/g, '').split('|')) {
          const x = a.replace(/[.-]/g, '');
          if (x === '_' || /^_\d$/.test(x) || x === '') continue;
          if (x.endsWith('*')) prefixes.push(x.slice(0, -1));
          else if (!x.startsWith('*')) words.push(x);
          KNOWN_WORDS.add(x.replace(/\*/g, ''));
        }
  const lists: readonly (readonly string[])[] = [
    NEGATION_BEFORE,
    NEGATION_AFTER,
    PSEUDO_NEGATION,
    HEDGE_AFTER_NEGATION,
    SCOPE_END,
    UNCERTAIN_BEFORE,
    UNCERTAIN_AFTER,
    OTHER_PERSON,
    REPORTED_BY,
    REPORTING_VERBS,
    ABBREVIATIONS,
    ONSET_SYMPTOM_WORDS,
    Object.keys(NUMBER_WORDS),
    Object.keys(UNIT_WEEKS),
    Object.keys(MONTHS),
    Object.keys(WEEKDAYS),
    Object.keys(SEASONS),
  ];
  for (const l of lists)
    for (const w of l) {
      words.push(w);
      KNOWN_WORDS.add(w);
    }
  for (const w of words)
    for (const f of nordicFolds(w)) {
      if (KNOWN_WORDS.has(f) || NORDIC_KEEP.has(f) || (f.length < NORDIC_SHORT && !/oe|ae/.test(f))) continue;
      const had = NORDIC_EXACT.get(f);
      NORDIC_EXACT.set(f, had === undefined || had === w ? w : null);
    }
  for (const p of prefixes)
    for (const f of nordicFolds(p)) {
      if (f.length < NORDIC_SHORT) continue;
      const key = f.slice(0, 3);
      const l = NORDIC_PREFIX.get(key);
      if (l) l.push([f, p]);
      else NORDIC_PREFIX.set(key, [[f, p]]);
    }
}
/**
 * The lexicon word a word written without Norwegian letters stands for ("roede" → "røde",
 * "oynene" → "øynene", "utstraaling" → "utstråling"), or null. Once per distinct word (wordInfo).
 */
function nordicSpelling(w: string): string | null {
  const x = w.includes('aa') ? w.replaceAll('aa', 'å') : w;
  if (/[æø]/.test(x) || KNOWN_WORDS.has(x) || KNOWN_WORDS.has(w) || NORDIC_KEEP.has(x) || !/^[a-zå]+$/.test(x)) return x === w ? null : x;
  const exact = NORDIC_EXACT.get(x);
  if (exact) return exact;
  if (exact === undefined && x.length >= 4) {
    const l = NORDIC_PREFIX.get(x.slice(0, 3));
    if (l) for (const [f, p] of l) if (x.startsWith(f)) return p + x.slice(f.length);
  }
  return x === w ? null : x;
}
const HEDGE = toSet(HEDGE_AFTER_NEGATION);
const REPORTED = toSet(REPORTED_BY);
const REPORTING = toSet(REPORTING_VERBS);
const NOT_DUR_TWO_BEFORE = toSet(NOT_DURATION_TWO_BEFORE);

/** Subject groups (lexicon SUBJECTS) as a bit per group; a word's bits are cached. */
const SUBJECT_KEYS = Object.keys(SUBJECTS) as (keyof typeof SUBJECTS)[];
const SUBJECT_ALTS = SUBJECT_KEYS.map((k) => SUBJECTS[k].map((w) => parseSpec(w).alts[0]));
/** The subject bit of a treatment word (SUBJECTS.treatment). */
const TREATMENT_BIT = 1 << SUBJECT_KEYS.indexOf('treatment');
function subjectBits(w: string): number {
  let b = 0;
  for (let g = 0; g < SUBJECT_ALTS.length; g++) {
    for (const a of SUBJECT_ALTS[g]) if (a.kind === Kind.Exact ? w === a.s : a.kind === Kind.Prefix ? w.startsWith(a.s) : w.endsWith(a.s)) b |= 1 << g;
  }
  return b;
}

/**
 * Work counter: one step per token visited by any loop of the reader. Tests use it to show the
 * reader is linear in the text's length whatever its shape (no wall clock involved).
 */
let steps = 0;
/** The number of work steps the last extractFacts() call took (see `steps`). */
export function lastExtractionSteps(): number {
  return steps;
}

// Token flags
const F_NEG = 1;
const F_NEG_AFTER = 2;
const F_SCOPE = 4;
const F_UNC = 8;
const F_UNC_AFTER = 16;
const F_OTHER = 32;
const F_NUM = 64;
const F_DEAD = 128;
const F_NUMWORD = 256; // inside a fixed finding: its negation word has no force
/** A word that can start a duration reading other than a number ("siden", "halvår", "kronisk" …): readDuration skips every other word. */
const F_DUR = 512;
/** An imaging word (isImagingWord): a date or "ago" just after it dates the exam. */
const F_IMG = 1024;
/** A known abbreviation (lexicon ABBREVIATIONS): its dot does not end the clause. */
const F_ABBREV = 2048;
/** An abbreviation that often ends a sentence (SENTENCE_FINAL_ABBREV). */
const F_SENT_ABBREV = 4096;
/** A word the "numbers and tests" pass of extractFacts reads (isTestWord); other words are skipped there. */
const F_TEST = 8192;
/** The words "og" (F_OG), "eller" (F_ELLER, also F_OR), "or" (F_OR), "no" (F_NO), and a verb a negation is about (NEGATED_VERBS). */
const F_OG = 1 << 14;
const F_ELLER = 1 << 15;
const F_OR = 1 << 16;
const F_NO = 1 << 17;
const F_NEGVERB = 1 << 18;
/** A word after a negation that keeps it from heading a negated list (a hedge, pseudo-negation, confirming verb, "tatt"/"teke"/"gjort"; see listContexts). */
const F_NOT_LIST_HEAD = 1 << 19;
/** A spoken punctuation word of voice dictation ("punktum", "komma"; advice17). */
const F_SPOKEN = 1 << 20;
/** A word that may open a conditional statement or a plan section (see markConditional; adv22). */
const F_COND = 1 << 21;
const COND_WORDS = new Set(CONDITIONAL_WORDS);
const COND_CLAUSE_WORDS = new Set(CONDITIONAL_CLAUSE_WORDS);
/** The other words markConditional starts from ("ved", "i tilfelle", "med mindre", the plan labels). */
const COND_OTHER = new Set(['ved', 'tilfelle', 'case', 'event', 'mindre', 'plan', 'p', 'tiltak']);
/** Spoken punctuation words and the mark each stands for. */
// ("ny linje", "nytt avsnitt", "utropstegn": dictation commands for a line break or a mark; adv24 —
// "ny linje" was read as words, and a negation ran on into the next line's finding)
/** The second words of two-word dictation commands ("ny linje"): a note with one is looked at by spokenPunctuation. */
const SPOKEN_SECOND = new Set(['linje', 'line', 'avsnitt', 'setning']);
const SPOKEN_MARKS: Record<string, string> = {
  punktum: '.',
  komma: ',',
  spørsmålstegn: '?',
  semikolon: ';',
  utropstegn: '!',
  'ny linje': '.',
  'ny line': '.',
  'nytt avsnitt': '.',
  'ny setning': '.',
};
/**
 * Injury words whose calendar date, right after them, dates the complaint ("Påkjørt bakfra 27.11.
 * Vond nakke siden.", "Falt på sykkel 20.11", "Skadet kneet 3. november"; adv33 — unread, the neck
 * topic asked for the duration of a whiplash three days old). Read below every other dated or
 * stated duration (INJURY_DATED).
 */
const INJURY_DATE_WORDS = [
  'falt',
  'fall',
  'fallet',
  'datt',
  'ramlet',
  'ramla',
  'påkjørt',
  'påkøyrd',
  'bakfra',
  'bakfrå',
  'skadet',
  'skada',
  'skadd',
  'skadde',
  'vridd',
  'vred',
  'vreid',
  'sklei',
  'skled',
  'snublet',
  'snubla',
  'kolliderte',
  'kollisjon',
  'traume',
  'ulykke',
  'ulykka',
  'bilulykke',
  'sykkelulykke',
  'fell',
  'injured',
  'accident',
];
const DURATION_TRIGGERS = new Set([
  'par',
  'halvt',
  'halvår',
  'halvåret',
  'halvannet',
  'halvanna',
  'halvannen',
  'går',
  'gar',
  'forgårs',
  'dag',
  'natt',
  'morges',
  'kveld',
  'gårkveld',
  'siden',
  'sidan',
  'sia',
  'fra',
  'frå',
  // "f.o.m. 03.11" (fra og med, advice16)
  'fom',
  // "since Monday" (English, before a weekday only; adv30)
  'since',
  'flere',
  'fleire',
  'mange',
  'noen',
  'nokre',
  'årevis',
  'akutt',
  'akutte',
  'akuttinnsettende',
  // "siste uke", "den siste måneden", "siste året" after a complaint (see LAST_UNIT, adv33)
  'siste',
  'seinaste',
  'seneste',
  // an injury dated right after it ("Påkjørt bakfra 27.11.", "Falt 20. november"; see injuryDateWord, adv33)
  ...INJURY_DATE_WORDS,
  // an onset word before a date ("Bihulesmerter, start 24.11."; see onsetDateWord, adv19)
  'start',
  'debut',
  'oppstart',
  'symptomstart',
  'symptomdebut',
  'debuterte',
  'startet',
  'starta',
  'begynte',
  'byrja',
  'onset',
  // "sist uke", "forrige uke" after a complaint (see readDuration; adv24)
  'sist',
  'forrige',
  'førre',
]);
const durationFlag = (w: string) => (DURATION_TRIGGERS.has(w) || w.startsWith('kronisk') || w.startsWith('langvarig') ? F_DUR : 0);

function flagsOf(w: string): number {
  let f = 0;
  if (NEG_BEFORE.has(w)) f |= F_NEG;
  if (NEG_AFTER.has(w)) f |= F_NEG_AFTER;
  if (SCOPE.has(w)) f |= F_SCOPE;
  if (UNC_BEFORE.has(w)) f |= F_UNC;
  if (UNC_AFTER.has(w)) f |= F_UNC_AFTER;
  if (OTHER.has(w)) f |= F_OTHER;
  return f;
}
const FLAG_CACHE = new Map<string, number>();
for (const w of [...NEG_BEFORE, ...NEG_AFTER, ...SCOPE, ...UNC_BEFORE, ...UNC_AFTER, ...OTHER]) FLAG_CACHE.set(w, flagsOf(w));
for (const w of Object.keys(NUMBER_WORDS)) FLAG_CACHE.set(w, flagsOf(w) | F_NUMWORD);

// ---------------------------------------------------------------------------------------------
// Tokens (module-level buffers, reused: extraction is synchronous)

const G = SUBJECT_KEYS.length;
let cap = 256;
let tStart = new Int32Array(cap);
let tEnd = new Int32Array(cap);
let tClause = new Int32Array(cap);
let tSent = new Int32Array(cap);
let tFlags = new Int32Array(cap);
/** Per token: the last uncertainty word before it in its clause (-1: none). */
let tUncPos = new Int32Array(cap);
/** Per token: 1 when someone else's history (mor, far …) was named before it in its clause. */
let tOther = new Uint8Array(cap);
/** Per token and subject group: the last (not negated) subject word at or before it (-1: none). */
let tSubj = new Int32Array(cap * G);
/** Per token: 1 inside a blocker; the facts of fixed findings covering it. */
let tFixAll = new Uint8Array(cap);
const tFixFacts: (FactId[] | undefined)[] = [];
/** Tokens whose fixed-finding marks must be cleared before the next call. */
const fixTouched: number[] = [];
// Negation words inside a fixed negative finding ("ingen blodfortynnende", "står ikke på
// blodfortynnende"): they still deny a finding joined to it by "eller" ("… eller platehemmere").
// Per token: 1 for such a negation word (cleared with the fixed-finding marks: every one lies in a fixed finding).
let tNegHead = new Uint8Array(cap);
/** Per token: its subject bits and the phrases that may start at it (from the word cache). */
let tSubjBits = new Uint8Array(cap);
/** Per token: its word's firstBit and lenBit (the quick reject of specMatches). */
let tFirst = new Int32Array(cap);
let tLen = new Int32Array(cap);
const tCands: Compiled[][] = [];
/** Whether the note names any subject at all (else no subject look-up is needed). */
let anySubject = false;
/** The flags of all the note's words, OR-ed (before markEnglishNo). */
let noteFlags = 0;
/**
 * Whether the note has a colon, and a run of digits holding "19dd" or "20dd" (what markHistory
 * needs to look further). Every character outside a word or number reaches tokenize's punctuation
 * branch, and a run of digits lies inside one number token, so both are seen while tokenizing.
 */
let anyColon = false;
let anyYear = false;
const YEAR_LIKE = /(?:19|20)\d\d/;
/** Per sentence: its first token. */
let sentStart = new Int32Array(cap);
const tWord: string[] = [];
let clauseQuestion = new Uint8Array(cap);
/** Per clause: 1 when it ended at a comma (a list may go on in the next clause). */
let clauseComma = new Uint8Array(cap);
/** Per clause: 1 when it is a short label and its one-word answer ("Utstråling til arm: nei"; adv19). */
let clauseLabel = new Uint8Array(cap);
/**
 * Per clause: how a label's answer of more words, or an answer SHORT_ANSWER does not list, reads
 * the label ("Utstråling arm: ikke nå", "Vekttap: ukjent"; adv20): ANSWER_NONE, ANSWER_DENIED or
 * ANSWER_UNKNOWN; and the colon's character position (a match ending at or before it is the label's).
 */
let clauseAnswer = new Uint8Array(cap);
let clauseAnswerColon = new Int32Array(cap);
const ANSWER_NONE = 0;
const ANSWER_DENIED = 1;
const ANSWER_UNKNOWN = 2;
/**
 * Per clause: how a negated list reaches into it ("Benekter feber, vekttap og vannlatingsplager"):
 * LIST_NONE, LIST_NEG (the list's negation covers it) or LIST_AMBIGUOUS ("Ingen feber, hoste og
 * tungpust": the list may end the negation — the finding is left out). See listContexts().
 */
let clauseList = new Uint8Array(cap);
/** Per token: 1 inside earlier history (a "Tidligere:" section, or a clause dated to a past year). */
let tHist = new Uint8Array(cap);
/** Per token: 1 inside a conditional or safety-net statement ("Hvis …", "ta kontakt ved …"; adv22). */
let tCond = new Uint8Array(cap);
/** Per clause: 1 when it names a past year ("Hjernerystelse 2019 med bevissthetstap"). */
let clauseYear = new Uint8Array(cap);
const LIST_NONE = 0;
const LIST_NEG = 1;
const LIST_AMBIGUOUS = 2;
/** One word after "Ingen X," ("Ingen feber, vekttap."): an abnormal finding there is left out, a normal one ("stabilt") read (advice16). */
const LIST_SINGLE = 3;
let n = 0;

function grow() {
  cap *= 2;
  const g = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T, size = cap) => {
    const b = make(size);
    b.set(a);
    return b;
  };
  tStart = g(tStart, (k) => new Int32Array(k));
  tEnd = g(tEnd, (k) => new Int32Array(k));
  tClause = g(tClause, (k) => new Int32Array(k));
  tSent = g(tSent, (k) => new Int32Array(k));
  tFlags = g(tFlags, (k) => new Int32Array(k));
  tUncPos = g(tUncPos, (k) => new Int32Array(k));
  tOther = g(tOther, (k) => new Uint8Array(k));
  tSubj = g(tSubj, (k) => new Int32Array(k), cap * G);
  tFixAll = g(tFixAll, (k) => new Uint8Array(k));
  tNegHead = g(tNegHead, (k) => new Uint8Array(k));
  tSubjBits = g(tSubjBits, (k) => new Uint8Array(k));
  tFirst = g(tFirst, (k) => new Int32Array(k));
  tLen = g(tLen, (k) => new Int32Array(k));
  sentStart = g(sentStart, (k) => new Int32Array(k));
  clauseQuestion = g(clauseQuestion, (k) => new Uint8Array(k));
  clauseComma = g(clauseComma, (k) => new Uint8Array(k));
  clauseLabel = g(clauseLabel, (k) => new Uint8Array(k));
  clauseAnswer = g(clauseAnswer, (k) => new Uint8Array(k));
  clauseAnswerColon = g(clauseAnswerColon, (k) => new Int32Array(k));
  clauseList = g(clauseList, (k) => new Uint8Array(k));
  tHist = g(tHist, (k) => new Uint8Array(k));
  tCond = g(tCond, (k) => new Uint8Array(k));
  clauseYear = g(clauseYear, (k) => new Uint8Array(k));
}

const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0x24f && c !== 0xf7);
const isDigit = (c: number) => c >= 48 && c <= 57;

let clause = 0;
let sentence = 0;
/** The clause a "÷" opened (a "÷ feber ÷ vekttap ÷ …" list: every "÷" in it is prefix, advice15); -1 none. */
let prefixSignClause = -1;
function newClause(question: boolean) {
  if (question) clauseQuestion[clause] = 1;
  if (n > 0 && tClause[n - 1] === clause) {
    clause++;
    if (clause >= cap) grow();
    clauseQuestion[clause] = 0;
    clauseComma[clause] = 0;
    clauseLabel[clause] = 0;
    clauseAnswer[clause] = ANSWER_NONE;
  }
}
function newSentence() {
  if (n > 0 && tSent[n - 1] === sentence) sentence++;
}

/**
 * Abbreviations that often end a sentence ("smerter hø.", "i 4 mnd."): their dot ends the sentence
 * when the next word starts with a capital letter in the note ("Isjias hø. Neg. for …").
 */
const SENTENCE_FINAL_ABBREV = new Set([
  'bev',
  // ("8 beh. uten bedring", "Ingen AK-beh. Faller ofte"; adv32)
  'beh',
  'refl',
  'sens',
  'hø',
  've',
  'h',
  'v',
  'bilat',
  'mnd',
  'md',
  'dg',
  'us',
  'cm',
  'mm',
  'mg',
  'gr',
  'sin',
  'dx',
  'jan',
  'feb',
  'apr',
  'aug',
  'sep',
  'sept',
  'okt',
  'nov',
  'des',
]);

/** Whether the word "for" follows position i (after at most three spaces). Bounded look-ahead. */
function forNext(lower: string, i: number): boolean {
  let k = i;
  while (k < lower.length && k < i + 3 && lower.charCodeAt(k) === 32) k++;
  return lower.startsWith('for', k) && !(k + 3 < lower.length && isLetter(lower.charCodeAt(k + 3)));
}

/** The nouns an ordinal number ("5.") comes before: its dot is not a sentence end (advice16). */
const ORDINAL_NEXT =
  /^ ?(gang|gong|episode|sinusitt|bihule|infeksjon|kur|antibiotikakur|runde|anfall|residiv|tilfelle|forsøk|jan|feb|mars|apr|mai|juni|juli|aug|sep|okt|nov|des)/;

/** One-word answers after a question mark in a question-and-answer note. */
const ANSWERS = new Set(['ja', 'nei', 'neg', 'negativ', 'positiv', 'pos', 'ua', 'normal', 'normalt', 'yes', 'no']);
/**
 * Whether the text at i (right after a "?") is an answer: an optional colon, at most three spaces
 * (or a dash between spaces), then a number or an answer word followed by the end, a line break or
 * . , ; ( — bounded: at most 20 characters.
 */
/** Answers that an exam was taken, whatever follows them ("Røntgen? Tatt 02.10: …"; adv30). */
const TAKEN_ANSWERS = new Set(['tatt', 'teke', 'gjort', 'utført', 'taken', 'done']);
/** Where the answer answeredAt last accepted starts. */
let answerStart = 0;
function answeredAt(lower: string, i: number): boolean {
  let k = i;
  // ("Bevisstløs?: ja", "Oppkast? – nei": a colon or dash after the question mark; advice19)
  let mark = false;
  if (k < lower.length && lower.charCodeAt(k) === 58) {
    k++;
    mark = true;
  }
  while (k < lower.length && k < i + 4 && lower.charCodeAt(k) === 32) k++;
  if (!mark && k < lower.length && k > i && (lower.charCodeAt(k) === 45 || lower.charCodeAt(k) === 0x2013)) {
    k++;
    mark = true;
    while (k < lower.length && k < i + 7 && lower.charCodeAt(k) === 32) k++;
  }
  if ((k === i && !mark) || k >= lower.length) return false;
  const start = k;
  answerStart = k;
  if (isDigit(lower.charCodeAt(k))) return true;
  while (k < lower.length && k < start + 12 && isLetter(lower.charCodeAt(k))) k++;
  // ("Røntgen? Tatt 02.10: artrose …": an exam asked about and answered as taken, with its date
  // and result after — the result stays bound to the exam; adv30)
  if (TAKEN_ANSWERS.has(lower.slice(start, k)) && (k >= lower.length || !isLetter(lower.charCodeAt(k)))) return true;
  // ("Rtg? Ikke tatt.", "Røntgen? Ikkje teke.", "X-ray? Not done.": an exam asked about and answered
  // as not taken reads as "Rtg ikke tatt"; adv31 — the answer was dropped and the advice asked)
  const w = lower.slice(start, k);
  if ((w === 'ikke' || w === 'ikkje' || w === 'not') && k < lower.length && lower.charCodeAt(k) === 32) {
    const t0 = k + 1;
    let t = t0;
    while (t < lower.length && t < t0 + 8 && isLetter(lower.charCodeAt(t))) t++;
    if (TAKEN_ANSWERS.has(lower.slice(t0, t)) && (t >= lower.length || !isLetter(lower.charCodeAt(t)))) return true;
  }
  if (!ANSWERS.has(w)) return false;
  const c = k < lower.length ? lower.charCodeAt(k) : 10;
  return c === 10 || c === 46 || c === 44 || c === 59 || c === 40 || c === 13;
}

/** Words that cannot end a sentence, so a line break right after one is a wrapped line ("Ingen\nhevelse", "hevelse eller\nlåsninger"). */
const WRAP_BEFORE = new Set([
  'ingen',
  'inga',
  'ikke',
  'ikkje',
  'uten',
  'utan',
  'verken',
  'hverken',
  'eller',
  'samt',
  'no',
  'not',
  'without',
  'neither',
  'nor',
  'or',
]);
/** Words that go on a sentence from the line before when written in lower case ("Ingen hevelse\neller låsninger"). */
const WRAP_AFTER = new Set(['eller', 'samt', 'or', 'nor']);
/**
 * Whether the line break at i (lower[i] is "\n") wraps a sentence rather than ending it: the line
 * ends in a word (no mark after it, `lastEnd` the end of the last word `last`) that cannot end a
 * sentence (WRAP_BEFORE), or the next line opens with a lower-case "eller"/"or" (WRAP_AFTER) — and
 * the next line is no bullet and no "Label:" line. Bounded: a few characters each side (adv31).
 */
function softWrap(lower: string, original: string, i: number, last: string, lastEnd: number): boolean {
  for (let k = lastEnd; k < i; k++) {
    const d = lower.charCodeAt(k);
    if (d !== 32 && d !== 13 && d !== 9) return false;
  }
  let j = i + 1;
  while (j < lower.length && j < i + 8 && (lower.charCodeAt(j) === 32 || lower.charCodeAt(j) === 9)) j++;
  // (a capital opens a new sentence: "Ingen hevelse\nLåsninger siste uke")
  if (j >= lower.length || !isLetter(lower.charCodeAt(j)) || original.charCodeAt(j) !== lower.charCodeAt(j) || labelLineAt(lower, i + 1)) return false;
  if (WRAP_BEFORE.has(last)) {
    // (not an answer ending its line: "Røde flagg: ingen\nfeber i 3 dager", "Traume - ikke\n…")
    let k = lastEnd - last.length - 1;
    while (k >= 0 && k > lastEnd - last.length - 6 && (lower.charCodeAt(k) === 32 || lower.charCodeAt(k) === 9)) k--;
    const before = k >= 0 ? lower.charCodeAt(k) : 46;
    return before !== 58 && before !== 45 && before !== 0x2013 && before !== 61 && before !== 63;
  }
  let e = j;
  while (e < lower.length && e < j + 6 && isLetter(lower.charCodeAt(e))) e++;
  return WRAP_AFTER.has(lower.slice(j, e));
}

/** After a subject label's colon: the exam was not taken ("Rtg: ikke tatt", "Røntgen: ikkje teke"). */
const NOT_TAKEN = /^\s*(ikke|ikkje)\s+(tatt|teke|gjort|utført)\b/;

/**
 * SOAP and record headings ("S:", "O:", "A:", "P:", "Obj:", "Vurdering:") that open their clause:
 * a section starts after the colon, it is no label answered by what follows (adv21 — "O: Hydrops:
 * ÷" and "O: ÷ hydrops" were read as effusion: the "÷" was cut from its finding).
 */
const SECTION_HEADERS = new Set([
  's',
  'o',
  'a',
  'p',
  'subj',
  'obj',
  'ass',
  'objektivt',
  'subjektivt',
  'vurdering',
  'tiltak',
  'anamnese',
  'subjective',
  'objective',
  'assessment',
  'plan',
]);
function sectionHeader(t: number): boolean {
  return SECTION_HEADERS.has(tWord[t]) && (t === 0 || tClause[t - 1] !== tClause[t] || tSent[t - 1] !== tSent[t]);
}
/**
 * A treatment answered as not given after its colon ("Fysioterapi: ikke noe", "Fysio: nei",
 * "Physiotherapy: none", "Fysioterapi: ikke forsøkt"). A subject label otherwise keeps the colon's
 * clause break ("Rtg: ikke påvist" is a finding about the X-ray), but a treatment is the label's
 * own finding: denied, it was not tried (adv21 — "Fysioterapi: ikke noe" was read as tried).
 */
const TREATMENT_NONE =
  /^\s{0,3}(?:nei|ingen|inga|none|nil|no|(?:ikke|ikkje)\s+(?:forsøkt|prøvd|prøvt|gitt|fått|startet|starta|gjennomført))(?=\s*(?:[.,;:)\n\r]|$))/;
function treatmentDenied(t: number, lower: string, i: number, answer: number): boolean {
  if (tSubjBits[t] !== TREATMENT_BIT) return false;
  return answer === ANSWER_DENIED || answer === ANSWER_UNKNOWN || TREATMENT_NONE.test(lower.slice(i, i + 30));
}
/** Side words that may stand between a one-word label and its colon ("Tåhev ve: nedsatt"; advice18). */
const LABEL_SIDES = new Set(['hø', 've', 'høyre', 'venstre', 'høgre', 'bilat', 'bilateralt', 'begge']);
/**
 * Whether the line starting at i is a "Label: value" line: at most two words (or a dash or bullet
 * first) before a colon, within its first 30 characters. Bounded: looks at most 30 characters ahead.
 */
function labelLineAt(lower: string, i: number): boolean {
  let words = 0;
  let inWord = false;
  for (let k = i; k < lower.length && k < i + 30; k++) {
    const c = lower.charCodeAt(k);
    if (c === 58) return words >= 1 && words <= 2;
    if (isLetter(c)) {
      if (!inWord) words++;
      inWord = true;
    } else if (c === 32 || c === 9 || ((c === 45 || c === 42 || c === 0x2022) && words === 0)) inWord = false;
    else return false;
  }
  return false;
}

/**
 * Whether the word at t is an English answer denying a label ("Fever: no", "Radiation to leg:
 * none"; adv19): "none", "nil", and "no" only in a note written in English (markEnglishNo: nynorsk
 * "no" is "now" — "Feber: no, men ikkje før").
 */
const labelNo = (t: number) => tWord[t] === 'none' || tWord[t] === 'nil' || (tWord[t] === 'no' && (tFlags[t] & F_NEG) !== 0);
/** Prepositions before a label's circumstance ("Bevisstløs etter fallet: nei"; adv19). */
const LABEL_CIRCUMSTANCE = new Set(['etter', 'ved', 'pga', 'under', 'after', 'following']);
/** One answer word after a label's colon, ending its clause ("Utstråling arm: nei", "Blære/tarm: u.a."). */
const SHORT_ANSWER =
  /^\s{0,3}(?:nei|neg|negativ|ua|u\.a|ja|pos|positiv|ingen|inga|no|none|nil|yes|nedsatt|nedsett|redusert|svekket|svekka|normal|normalt|bevart|intakt)(?:\.(?=\s|$)|\s*[,;\n)]|\s*$)/;
/** The end of a label's answer: a mark that closes the clause, or the note's end. */
const ANSWER_END = String.raw`(?=\s*(?:[.,;:)\n\r]|$))`;
/**
 * A label's answer that denies it in more words (adv20): "ikke nå"/"ikkje no" (not now),
 * "ikke lenger", "ikke noe"/"ikkje noko", "ikke kjent"/"ingen kjent" (no known — as "ikke kjent
 * kreft" is read as none), "ikke påvist", "ikke til stede"; English "not now", "no longer",
 * "none known". "nei, ikke nå" is "nei" (SHORT_ANSWER) and a second clause.
 */
const LABEL_DENIED = new RegExp(
  String.raw`^\s{0,3}(?:(?:ikke|ikkje)\s+(?:nå|no|lenger|lengre|noe|noko|noen|nokon|kjent|kjend|påvist|påvist\s+nå|aktuelt|tilstede|til\s+stede)(?:\s+(?:nå|no|lenger|kjent|kjend))?|(?:ingen|inga)\s+(?:kjent|kjente|kjend|kjende|nå|no)|not\s+now|no\s+longer|none\s+known)` +
    ANSWER_END,
);
/**
 * A label's answer that leaves it unknown (adv20): "ukjent", "usikkert", "uklart", "vet ikke"/"veit
 * ikkje", "ikke målt/undersøkt/spurt/avklart/vurdert/sjekket"; English "unknown", "not measured",
 * "not checked", "not assessed". "Feber: ikke målt" says nothing about the fever.
 */
const LABEL_UNKNOWN = new RegExp(
  String.raw`^\s{0,3}(?:ukjent|ukjend|usikkert|usikker|uklart|uavklart|(?:vet|veit)\s+(?:ikke|ikkje)|(?:ikke|ikkje)\s+(?:målt|undersøkt|spurt|avklart|vurdert|sjekket|sjekka|kontrollert)|unknown|unclear|not\s+(?:measured|checked|assessed|asked|known))` +
    ANSWER_END,
);
/** How the text after a label's colon at char i answers it: ANSWER_DENIED, ANSWER_UNKNOWN or ANSWER_NONE. Bounded: 40 characters. */
function labelAnswer(lower: string, i: number): number {
  const s = lower.slice(i, i + 40);
  if (LABEL_DENIED.test(s)) return ANSWER_DENIED;
  if (LABEL_UNKNOWN.test(s)) return ANSWER_UNKNOWN;
  return ANSWER_NONE;
}
/**
 * Whether tokens up to `last` form a label of two to four words opening its clause, none of them a
 * subject word nor a number (see the "Label: answer" rule in tokenize; adv19).
 */
function shortLabel(last: number): boolean {
  let k = last;
  while (k > 0 && tClause[k - 1] === tClause[last] && last - k < 4) k--;
  const words = last - k + 1;
  if (words < 2 || words > 4 || (k > 0 && tClause[k - 1] === tClause[last])) return false;
  for (let j = k; j <= last; j++) if (tSubjBits[j] !== 0 || tFlags[j] & F_NUM) return false;
  return true;
}

function tokenize(lower: string, original: string) {
  const cased = original.length === lower.length;
  n = 0;
  needles = 0;
  noteFlags = 0;
  anyColon = false;
  anyYear = false;
  anySubject = false;
  carrierComma = false;
  clause = 0;
  sentence = 0;
  prefixSignClause = -1;
  clauseQuestion[0] = 0;
  clauseComma[0] = 0;
  clauseLabel[0] = 0;
  clauseAnswer[0] = ANSWER_NONE;
  const len = lower.length;
  let i = 0;
  // (whether the last token is a letter word that may open a split compound)
  let prevHead: WordInfo | null = null;
  while (i < len) {
    steps++;
    const c = lower.charCodeAt(i);
    // (a space separates words and nothing else: the most common character, checked first)
    if (c === 32) {
      i++;
      continue;
    }
    if (isLetter(c)) {
      const start = i;
      let word = '';
      let partStart = i;
      // A hash of the word's letters, taken during the scan, finds the word's entry in the
      // token table without cutting the word out of the note first (see internedSlot).
      let h = c;
      i++;
      for (;;) {
        let d: number;
        while (i < len && isLetter((d = lower.charCodeAt(i)))) {
          h = (Math.imul(h, 31) + d) | 0;
          i++;
        }
        // "u.a", "p.g.a": short letter groups joined by dots are one word
        if (i + 1 < len && lower.charCodeAt(i) === 46 && i - partStart <= 2 && isLetter(lower.charCodeAt(i + 1))) {
          let j = i + 1;
          while (j < len && isLetter(lower.charCodeAt(j))) j++;
          if (j - (i + 1) <= 2) {
            word += lower.slice(partStart, i);
            partStart = i + 1;
            i = j;
            continue;
          }
        }
        break;
      }
      steps += i - start;
      let info: WordInfo;
      if (word === '') {
        if (i - start <= INTERN_MAX_LEN) {
          const slot = internedSlot(h, lower, start, i);
          word = internKey[slot]!;
          info = internInfo[slot]!;
        } else {
          // (a copy, not a slice: WORD_INFO must not keep the whole note alive)
          word = Array.from(lower.slice(start, i)).join('');
          info = wordInfo(word);
        }
        // (the needles and context words of a letter run; a dotted word's parts are too short to hold one)
        needles |= info.needles;
        const cw = info.context;
        for (let k = 0; k < cw.length; k++) noteContextGen[cw[k]] = gen;
      } else {
        word += lower.slice(partStart, i);
        // ("o.a." is Norwegian "og annet", not English "OA", osteoarthritis; adv21)
        if (word === 'oa') word = 'o.a';
        info = wordInfo(word);
      }
      // A keyboard without Norwegian letters writes "å" as "aa" ("laasninger", "gaar", "paa"):
      // read as written with "å" (Norwegian spelling before 1917 and in names; no lexicon word has
      // "aa"); and ø, æ as "o"/"oe", "e"/"ae" in words the lexicon knows only with them
      // ("roede flagg", "oynene"; nordicSpelling, adv21).
      if (info.aa !== null) {
        word = info.aa.word;
        info = info.aa.info;
      }
      // The infinitive marker carries no finding: "klarer ikke å belaste" reads as "klarer ikke belaste".
      if (word === 'å') continue;
      // "og" written for the infinitive marker after an ability verb and its negation ("klarer ikke
      // og løfte armen": a homophone of speech recognition and hurried typing; adv24 — unread)
      if (word === 'og' && n > 1 && tClause[n - 1] === clause && (tWord[n - 1] === 'ikke' || tWord[n - 1] === 'ikkje') && ABILITY_VERBS.has(tWord[n - 2]))
        continue;
      // English "w/o" (without): one negation word (adv21 — "w/o red flags" was read as red flags;
      // "w/" alone is "with")
      if (word === 'w' && i + 1 < len && lower.charCodeAt(i) === 47 && lower.charCodeAt(i + 1) === 111 && !(i + 2 < len && isLetter(lower.charCodeAt(i + 2)))) {
        word = 'without';
        info = wordInfo(word);
        i += 2;
      }
      // English "n't" ("didn't", "hasn't", "isn't", "doesn't", "can't", "won't"; straight or curly
      // apostrophe): one negation word, "cannot" for "can't" (adv26 — the auxiliary was read and
      // the "t" dropped: "isn't on blood thinners" was read as taking one, "doesn't have fever" as
      // fever, opposite-class readings). No Norwegian word ends so.
      if (
        word.length >= 2 &&
        word.charCodeAt(word.length - 1) === 110 &&
        i + 1 < len &&
        (lower.charCodeAt(i) === 39 || lower.charCodeAt(i) === 0x2019) &&
        lower.charCodeAt(i + 1) === 116 &&
        !(i + 2 < len && isLetter(lower.charCodeAt(i + 2)))
      ) {
        word = word === 'can' ? 'cannot' : 'not';
        info = wordInfo(word);
        i += 2;
      }
      let from = start;
      // A compound written apart ("hode pine", "ut fall"): one word, the lexicon's (advice17)
      if (
        prevHead !== null &&
        tEnd[n - 1] === start - 1 &&
        tClause[n - 1] === clause &&
        (lower.charCodeAt(start - 1) === 32 || lower.charCodeAt(start - 1) === 45) &&
        completesCompound(prevHead, tWord[n - 1], word)
      ) {
        n--;
        from = tStart[n];
        word = tWord[n] + word;
        info = wordInfo(word);
        needles |= info.needles;
        const cw = info.context;
        for (let k = 0; k < cw.length; k++) noteContextGen[cw[k]] = gen;
      }
      prevHead = info.tails !== null || info.stems !== null ? info : null;
      if (n >= cap) grow();
      tStart[n] = from;
      tEnd[n] = i;
      tClause[n] = clause;
      tSent[n] = sentence;
      tWord[n] = word;
      tFirst[n] = firstBit(word);
      tLen[n] = lenBit(word);
      tFlags[n] = info.flags;
      tSubjBits[n] = info.subj;
      if (info.subj !== 0) anySubject = true;
      noteFlags |= info.flags;
      tCands[n] = info.cands;
      n++;
    } else if (isDigit(c) || c === 0xbd) {
      prevHead = null;
      const start = i;
      i++;
      while (i < len && c !== 0xbd) {
        const d = lower.charCodeAt(i);
        if (isDigit(d)) i++;
        else if ((d === 44 || d === 46) && i + 1 < len && isDigit(lower.charCodeAt(i + 1))) i += 2;
        else break;
      }
      // ("3½ uker", "1½ år", "½ år": the vulgar fraction one half is read as ",5"; adv31 — the
      // duration was dropped and the advice asked for it)
      const half = c === 0xbd || (i < len && lower.charCodeAt(i) === 0xbd && !lower.slice(start, i).includes(',') && !lower.slice(start, i).includes('.'));
      if (half && c !== 0xbd) i++;
      steps += i - start;
      // ("3 ½ uker": the half after a whole number and a blank belongs to it)
      if (c === 0xbd && n > 0 && tFlags[n - 1] & F_NUM && tEnd[n - 1] === start - 1 && tClause[n - 1] === clause && !/[,.]/.test(tWord[n - 1])) {
        tEnd[n - 1] = i;
        tWord[n - 1] += ',5';
        continue;
      }
      if (n >= cap) grow();
      tStart[n] = start;
      tEnd[n] = i;
      tClause[n] = clause;
      tSent[n] = sentence;
      tWord[n] = half ? (c === 0xbd ? '0,5' : lower.slice(start, i - 1) + ',5') : lower.slice(start, i);
      if (i - start >= 4 && !anyYear) anyYear = YEAR_LIKE.test(tWord[n]);
      tFirst[n] = 1 << (c & 31);
      tLen[n] = lenBit(tWord[n]);
      tFlags[n] = F_NUM;
      tSubjBits[n] = 0;
      // (a whole number of one or two digits may open a phrase: "4 episoder i år", advice15)
      tCands[n] = i - start <= 2 && !(c === 48 && i - start === 2) ? wordInfo(tWord[n]).cands : EMPTY;
      n++;
    } else {
      prevHead = null;
      if (c === 58) anyColon = true;
      if (c === 46) {
        // a dot after a known abbreviation or a number's unit does not end the clause
        // ("neg." and "u.a." after a finding close it: "D-dimer neg. Gravid", "rtg u.a. Menisk…")
        // (a dot right before a colon never ends a sentence: "Hereditet.: brystkreft", "Med.:";
        // adv33 — the label's sentence ended at its dot and the relative's cancer was the patient's)
        let abbrev = n > 0 && tEnd[n - 1] === i && ((tFlags[n - 1] & F_ABBREV) !== 0 || (i + 1 < len && lower.charCodeAt(i + 1) === 58));
        // "5. sinusitt-episode i år", "for 4. gang": an ordinal's dot after a small whole number,
        // before an ordinal's noun, does not end the sentence (advice16). Bounded look-ahead.
        if (!abbrev && n > 0 && tEnd[n - 1] === i && (tFlags[n - 1] & F_NUM) !== 0 && tWord[n - 1].length <= 2 && ORDINAL_NEXT.test(lower.slice(i + 1, i + 14)))
          abbrev = true;
        if (abbrev && cased && (tFlags[n - 1] & F_SENT_ABBREV) !== 0) {
          let k = i + 1;
          while (k < len && k < i + 4 && lower.charCodeAt(k) === 32) k++;
          if (k > i + 1 && k < len && isLetter(lower.charCodeAt(k)) && original.charCodeAt(k) !== lower.charCodeAt(k)) abbrev = false;
        }
        // ("neg. for X" negates X: it does not close the finding before it)
        // ("Hydrops: +. Lachman: +. ACL?": a dot right after a "+" sign closes it as well — the
        // sign is read as "pos", whose dot is otherwise an abbreviation's; adv21 — the question
        // after it made the findings before it uncertain)
        // ("Feber/vekttap/nattesmerter/tidl kreft: neg. Nevro ua.": an answer after a label's colon
        // or dash closes it too; adv24 — the sentence ran on, the list's denial was not seen and
        // three red flags were read as present, an opposite-class reading)
        const closing =
          abbrev &&
          ((tFlags[n - 1] & F_NEG_AFTER) !== 0 || (tWord[n - 1] === 'pos' && tStart[n - 1] === i - 1 && lower.charCodeAt(i - 1) === 43)) &&
          n > 1 &&
          (tClause[n - 2] === clause || labelGap(lower, tEnd[n - 2], tStart[n - 1])) &&
          !forNext(lower, i + 1);
        if (!abbrev || closing) {
          newClause(false);
          // a heading line ending in a dot keeps its subject for the "Label: value" lines under it
          let k = i + 1;
          while (k < len && k < i + 4 && lower.charCodeAt(k) === 32) k++;
          if (!(k < len && lower.charCodeAt(k) === 10 && labelLineAt(lower, k + 1))) newSentence();
        }
      } else if (c === 63) {
        // A question answered in the note ("Traume? Nei.", "Wells? 1.", "Kan belaste? Ja."): the
        // answer stays with the question's words, as after a label's colon, and nothing is hedged.
        if (answeredAt(lower, i + 1)) {
          // (the colon or dash of "Bevisstløs?: nei", "Oppkast? – nei" is the question's, not a
          // new clause's: go on at the answer; advice19)
          // (a question of two to four words answered "Nei" is a short label answered: the answer
          // reaches each of its items, "Låsninger eller hydrops? Nei." — adv30, the first item was
          // read as present)
          if (n > 1 && tClause[n - 1] === clause && shortLabel(n - 1)) clauseLabel[clause] = 1;
          i = answerStart;
          continue;
        }
        // "?menisk", "(?artrose)": a question mark right before a word makes what follows a question
        const next = i + 1 < len ? lower.charCodeAt(i + 1) : 32;
        if (isLetter(next) || isDigit(next)) {
          newClause(false);
          clauseQuestion[clause] = 1;
        } else {
          newClause(true);
          newSentence();
        }
      } else if (c === 10 && n > 0 && tClause[n - 1] === clause && softWrap(lower, original, i, tWord[n - 1], tEnd[n - 1])) {
        // A line broken inside a sentence ("Ingen hevelse\neller låsninger", "Ingen\nhevelse"): read
        // as a space (adv31 — the denial ended at the break and the item after it was read as present)
      } else if (c === 10 && labelLineAt(lower, i + 1)) {
        // A "Label: value" line under a heading ("Ovarialcyste ve.\nStørrelse: 3 cm\nUtseende:
        // enkel") goes on with the heading's sentence: its findings stay bound to that subject.
        newClause(false);
      } else if (c === 10 || c === 33 || c === 59) {
        newClause(false);
        newSentence();
      } else if (c === 44 || c === 40 || c === 41 || c === 58) {
        if (c === 44 && n > 0 && tClause[n - 1] === clause) {
          clauseComma[clause] = 1;
          // (a comma after a negation or an auxiliary: spliceInsertions has something to look at)
          if (tFlags[n - 1] & F_NEG || CARRIER_END.has(tWord[n - 1])) carrierComma = true;
        }
        // A one-word label before a colon stays with its value: "Kraft: ua", "Feber: nei" (also
        // after an abbreviation's dot: "4 mnd. Kraft: ua"). Not a subject: "Rtg: ikke artrose"
        // is a finding about the X-ray, not an X-ray not taken.
        // (also after an abbreviation's dot: "Nevr.: ua", "Faste med.: ingen"; adv19)
        const labelEnd = n > 0 && (tEnd[n - 1] === i || (tEnd[n - 1] === i - 1 && lower.charCodeAt(i - 1) === 46 && (tFlags[n - 1] & F_ABBREV) !== 0));
        // (a label's answer of more words: "Traume: ikke noe", "Vekttap: ukjent"; adv20)
        const answer = c === 58 && n > 0 && tClause[n - 1] === clause ? labelAnswer(lower, i + 1) : ANSWER_NONE;
        if (
          c === 58 &&
          n > 0 &&
          tClause[n - 1] === clause &&
          (tSubjBits[n - 1] === 0 || NOT_TAKEN.test(lower.slice(i + 1, i + 20)) || treatmentDenied(n - 1, lower, i + 1, answer)) &&
          labelEnd &&
          !sectionHeader(n - 1)
        ) {
          let j = tStart[n - 1] - 1;
          while (j >= 0 && lower.charCodeAt(j) === 32) j--;
          if (n === 1 || tClause[n - 2] !== clause || (j >= 0 && lower.charCodeAt(j) === 46)) {
            clauseAnswer[clause] = answer;
            clauseAnswerColon[clause] = i;
            i++;
            continue;
          }
          // (a label and its side: "Tåhev ve: nedsatt", "Akilles hø: bortfalt"; advice18)
          if (LABEL_SIDES.has(tWord[n - 1]) && tSubjBits[n - 2] === 0) {
            j = tStart[n - 2] - 1;
            while (j >= 0 && lower.charCodeAt(j) === 32) j--;
            if (n === 2 || tClause[n - 3] !== clause || (j >= 0 && lower.charCodeAt(j) === 46)) {
              clauseAnswer[clause] = answer;
              clauseAnswerColon[clause] = i;
              i++;
              continue;
            }
          }
        }
        // A label of two to four words that opens its clause, answered by one word
        // ("Utstråling arm: nei", "Blære/tarm: ua", "Hevelse rundt øyet: nei", "Septa: nei"): the
        // answer stays with the label (adv19: "Utstråling arm: nei" was read as radiating pain, and
        // "Blære/tarm: ua" as a bladder disturbance). Only before a one-word answer that ends its
        // clause; a label naming a subject (an X-ray, a cyst) keeps the colon's clause break.
        // (or answered in more words that deny it or leave it unknown: "Utstråling arm: ikke nå",
        // "Traume i forkant: ikke noe", "Vekttap siste år: ukjent"; adv20 — read as present)
        if (
          c === 58 &&
          n > 1 &&
          tClause[n - 1] === clause &&
          tEnd[n - 1] <= i &&
          shortLabel(n - 1) &&
          (answer !== ANSWER_NONE || SHORT_ANSWER.test(lower.slice(i + 1, i + 16)))
        ) {
          clauseLabel[clause] = 1;
          clauseAnswer[clause] = answer;
          clauseAnswerColon[clause] = i;
          i++;
          continue;
        }
        newClause(false);
      }
      // (A colon ends a clause but not a sentence: subject findings after it stay bound, "Rtg: artrose".)
      else if (c === 45 && (i === 0 || lower.charCodeAt(i - 1) === 32) && i + 1 < len && lower.charCodeAt(i + 1) === 32) newClause(false);
      // "+" after a word in its clause is "pos" ("Lasègue +", "Lachman +", "Hydrops +"); between two
      // items it is still read as "pos", which names no finding by itself ("fysio + øvelser") (advice14).
      else if (c === 43 && n > 0 && tClause[n - 1] === clause && !(tFlags[n - 1] & F_NUM)) pushSign(i, 'pos', plusAfter(), plusAfter().flags);
      // "÷" is the Norwegian minus: after a finding it is "neg" ("Hydrops ÷, låsning ÷", "Lasègue ÷",
      // "Feber: ÷"), negating backwards only ("Hydrops ÷ låsning +" keeps the locking); opening a
      // clause it negates what follows as "uten" does ("÷ feber, ÷ vekttap") (advice14). A list the
      // first "÷" opened keeps that style: in "÷ feber ÷ vekttap ÷ nattsmerter ÷ blære/tarm" every
      // "÷" negates what follows, however long the list (advice15; was read as "neg" after "nattsmerter"
      // and left the last item positive).
      else if (c === 0xf7) {
        if (n === 0 || tClause[n - 1] !== clause || prefixSignClause === clause) {
          prefixSignClause = clause;
          pushSign(i, 'uten', divideBefore(), divideBefore().flags);
        } else pushSign(i, 'neg', divideAfter(), divideAfter().flags & ~F_NEG);
      }
      i++;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Insertions between commas (advice16)

/** The verbs such a clause may end with (its object comes after the insertion). */
const CARRIER_END = new Set([
  'har',
  'hadde',
  'er',
  'var',
  'ønsker',
  'ønskjer',
  'vil',
  'finnes',
  'fins',
  'finst',
  'foreligger',
  'føreligg',
  'ses',
  'sees',
  'påvises',
]);
/** Words a clause may consist of when an insertion follows it: "Det er ikke, …", "Han har, …", "Ønsker ikke, …". */
const CARRIER = new Set([
  ...['det', 'der', 'han', 'hun', 'ho', 'hen', 'pas', 'pasienten', 'pt', 'eg', 'jeg', 'vi', 'me', 'man'],
  ...CARRIER_END,
  ...['ville', 'nok', 'heller', 'altså'],
]);
/** At most this many words in the clause before an insertion, and in the insertion itself. */
const CARRIER_MAX = 4;
const INSERTION_MAX = 7;
/** Whether spliceInsertions moved tokens in this call (then byStart gives the tokens in text order). */
let spliced = false;
/** Whether the note has a comma right after a negation or an auxiliary (set by tokenize; else no insertion to splice). */
let carrierComma = false;
/** When spliced: the token that is i-th in text order. */
let byStart = new Int32Array(0);
const ordered = (i: number) => (spliced ? byStart[i] : i);

/** Moves the tokens [from, mid) after the tokens [mid, to) (a rotation through a scratch copy). */
function rotate(from: number, mid: number, to: number) {
  const k = to - mid;
  const move = <T>(a: { [i: number]: T }) => {
    const head: T[] = [];
    for (let i = from; i < mid; i++) head.push(a[i]);
    for (let i = mid; i < to; i++) a[i - (mid - from)] = a[i];
    for (let i = 0; i < head.length; i++) a[from + k + i] = head[i];
  };
  move(tStart);
  move(tEnd);
  move(tSent);
  move(tWord);
  move(tFirst);
  move(tLen);
  move(tFlags);
  move(tSubjBits);
  move(tCands);
  steps += 9 * (to - from);
}

/**
 * A short insertion between commas right after a clause that holds only a subject, an auxiliary or
 * wish verb and a negation ("Det er ikke, verken ved anamnese eller us., holdepunkter for
 * nevrologiske utfall"; "Ønsker ikke, slik situasjonen er nå, noen operasjon"; "Han har, etter det
 * eg forstår, verken hatt hevelse …"): the insertion is read as its own clause before the two, and
 * the clause after it goes on the first one, so the negation and the verb reach their object
 * (the first was read as a deficit present, the second not at all). Only at a sentence's start or
 * after a clause that did not end at a comma (the two are no list's items). One pass over the
 * clauses; each token moves at most once: linear.
 */
function spliceInsertions() {
  spliced = false;
  if (!carrierComma) return;
  let s0 = 0;
  while (s0 < n) {
    steps++;
    const a = tClause[s0];
    let e0 = s0;
    while (e0 < n && tClause[e0] === a) e0++;
    let e1 = e0;
    while (e1 < n && tClause[e1] === a + 1) e1++;
    let e2 = e1;
    while (e2 < n && e2 < e1 + 1 && tClause[e2] === a + 2) e2++;
    steps += e1 - s0;
    const lenA = e0 - s0;
    const lenB = e1 - e0;
    let ok =
      lenA <= CARRIER_MAX &&
      lenB >= 1 &&
      lenB <= INSERTION_MAX &&
      e2 > e1 &&
      clauseComma[a] === 1 &&
      clauseComma[a + 1] === 1 &&
      clauseQuestion[a] === 0 &&
      clauseQuestion[a + 1] === 0 &&
      tSent[s0] === tSent[e1] &&
      (s0 === 0 || tSent[s0 - 1] !== tSent[s0] || clauseComma[a - 1] === 0) &&
      ((tFlags[e0 - 1] & F_NEG) !== 0 || CARRIER_END.has(tWord[e0 - 1]));
    for (let t = s0; ok && t < e0; t++) ok = CARRIER.has(tWord[t]) || (tFlags[t] & F_NEG) !== 0;
    if (!ok) {
      s0 = e0;
      continue;
    }
    if (!spliced) {
      spliced = true;
      if (byStart.length < cap) byStart = new Int32Array(cap);
      for (let i = 0; i < n; i++) byStart[i] = i;
      steps += n;
    }
    // text order A B C → token order B A C; B keeps clause a, A joins C's clause a + 2
    rotate(s0, e0, e1);
    for (let i = 0; i < lenA; i++) byStart[s0 + i] = s0 + lenB + i;
    for (let j = 0; j < lenB; j++) byStart[s0 + lenA + j] = s0 + j;
    for (let t = s0; t < s0 + lenB; t++) tClause[t] = a;
    for (let t = s0 + lenB; t < e1; t++) tClause[t] = a + 2;
    clauseQuestion[a] = 0;
    clauseComma[a] = 1;
    clauseComma[a + 1] = 0;
    s0 = e1;
  }
}

/** Whether the subject word at token t is itself negated ("ikke tatt rtg", "rtg ikke tatt", "uten rtg"). */
/** Words before a subject that make it not (yet) done: "henvist til fysioterapi", "planlagt rtg" (advice12). */
const NOT_YET = new Set([
  'henvist',
  'henvises',
  'henviser',
  'planlagt',
  'planlegges',
  'skal',
  'søkt',
  'bestilt',
  'venter',
  'ventar',
  'starter',
  'startar',
  'begynner',
  'byrjar',
  'avventer',
  'ønsker',
  'ønskjer',
  'referred',
]);
function subjectNegated(t: number): boolean {
  // (a treatment or X-ray named in a plan section is planned, not done; adv22)
  if (anyCond && (tCond[t] & COND_PLAN) !== 0) return true;
  const cl = tClause[t];
  for (let k = t - 1; k >= 0 && k >= t - 3 && tClause[k] === cl; k--) if (tFlags[k] & F_NEG || NOT_YET.has(tWord[k])) return true;
  const x = t + 1 < n && tClause[t + 1] === cl ? tWord[t + 1] : '';
  return x === 'ikke' || x === 'ikkje';
}

/**
 * Function words that mark a note written in English (none is a Norwegian word: "no", "at", "is" and
 * "her" are, so they are not counted).
 */
const ENGLISH_MARKERS = new Set([
  'the',
  'and',
  'with',
  'of',
  'was',
  'has',
  'had',
  'are',
  'his',
  'she',
  'he',
  'patient',
  'pain',
  'since',
  'ago',
  'weeks',
  'months',
  'days',
  'years',
  'left',
  'right',
  'not',
  'without',
  'denies',
  'on',
  'from',
  'after',
  'history',
  // advice13: clinical English words that are no Norwegian words (CDS Hooks notes are short and
  // telegraphic: "twisted L knee playing netball yesterday", "sinusitis sx x 10/7, facial pain")
  'yesterday',
  'swelling',
  'tenderness',
  'injury',
  'requests',
  'request',
  'weakness',
  'numbness',
  'headache',
  'headaches',
  'vomiting',
  'fever',
  'worse',
  'stiffness',
  'onset',
  'twisted',
  'playing',
  'knee',
  'shoulder',
  'neck',
  'chest',
  'facial',
  'discharge',
  'purulent',
  'able',
  'unable',
  'bear',
  'tender',
  'intact',
  'known',
  'previous',
  'prior',
  'suspected',
  'query',
  'incidental',
  'asymptomatic',
  'cyst',
  'sob',
  'hx',
  'pmh',
  'xr', // advice14: "XR knee 2025: no OA"
  // adv19: short CDS notes with few function words ("Fall from standing, hit head. GCS 15. Vomited
  // x3. No anticoagulants, no antiplatelets."); none is a Norwegian word
  'head',
  'standing',
  'vomited',
  'requested',
  'sciatica',
  'surgical',
  'candidate',
  'radiating',
  'gradual',
  'weak',
  'reduced',
  'vision',
  'explains',
  'symptoms',
  'urgent',
  'pls',
  'please',
  'brain',
  'pattern',
  'mornings',
  'ovary',
  'rollover',
  // adv22: "Low back pain for 10/7"
  'back',
  'lbp',
  // adv24: short CDS notes with no function word ("Maxillary sinusitis sx 2 wks, no orbital or
  // neuro signs. Wants CT."; "no" was read as nynorsk "now" and the complication as present)
  'wants',
  'wks',
  'wk',
  'maxillary',
  'sinusitis',
  'sprain',
  'sprained',
]);
/**
 * Words after "no" that make it the English negation even in a note written mostly in Norwegian
 * ("No LOC", "No red flags"): none of them follows nynorsk "no" (= "now"), which is followed by a
 * verb or a Norwegian word ("GCS 15 no", "no har ho vondt"). advice13.
 */
/**
 * Words after "no" that make it the English negation only in a note with an English marker word
 * and no Norwegian one, or when "no" begins the sentence ("Head. No warfarin.", "Fall. No DOAC.",
 * "Falt i trappa. No warfarin.": read as taking it — opposite class; adv24): nynorsk "no" (now)
 * stands after its verb before a drug ("Ho brukar no warfarin", "i går, no Marevan"), so
 * elsewhere they do not decide.
 */
const ENGLISH_AFTER_NO_WEAK = new Set([
  'warfarin',
  'doac',
  'doacs',
  'noac',
  'noacs',
  'apixaban',
  'rivaroxaban',
  'edoxaban',
  'dabigatran',
  // brand names and antiplatelets, read the same way at a sentence start ("Fall. No Marevan.")
  'marevan',
  'eliquis',
  'xarelto',
  'pradaxa',
  'lixiana',
  'aspirin',
  'albyl',
  'clopidogrel',
  'plavix',
  'ticagrelor',
  'brilique',
  'dvt',
  'ascites',
  'aura',
]);
const ENGLISH_AFTER_NO = new Set([
  ...ENGLISH_MARKERS,
  // adv24: sinus complications in English ("No diplopia": read as present; not "orbital", which
  // nynorsk "no" (now) may stand before: "har no orbital hevelse"), and other English findings a
  // short note may deny ("Knee. No giving way." was read as instability: opposite class)
  'diplopia',
  'giving',
  'instability',
  'emesis',
  'eye',
  'papilloedema',
  'papilledema',
  'septations',
  'septation',
  // ("Back. No urinary retention." read as cauda equina, "Head. No skull fracture signs." as a
  // fracture sign: opposite class; adv24)
  'urinary',
  'retention',
  'incontinence',
  'skull',
  'amnesia',
  'paraesthesia',
  'paresthesia',
  'tingling',
  'thunderclap',
  'new',
  'mechanical',
  'neurology',
  'proptosis',
  'complication',
  'complications',
  'polyps',
  'intracranial',
  'meningism',
  'loc',
  'red',
  'locking',
  'signs',
  'sign',
  'evidence',
  'focal',
  'midline',
  'bony',
  'neuro',
  'neurological',
  'radiation',
  'radiating',
  'radicular',
  'weight',
  'visual',
  'periorbital',
  'patellar',
  'fibular',
  'nausea',
  'seizure',
  'seizures',
  'deficit',
  'deficits',
  'trauma',
  'imaging',
  'bladder',
  'bowel',
  'saddle',
  'night',
  'cancer',
  'malignancy',
  'anticoagulants',
  'anticoagulation',
  'anticoagulant',
  // (adv19: "No anticoagulants, no antiplatelets" read antiplatelets as taken)
  'antiplatelet',
  'antiplatelets',
  'antithrombotics',
  'aspirin',
  'clopidogrel',
  'blood',
  'thinners',
  'regular',
  'medication',
  'medications',
  'meds',
  'loss',
  'limb',
  'leg',
  'arm',
  // X-ray findings in English ("XR knee: no OA, no fracture"; advice14)
  'oa',
  'osteoarthritis',
  'osteophytes',
  'fracture',
  'fractures',
  'degenerative',
  'effusion',
  // "No other red flags", "no further neurology" (advice16: read as red flags present)
  'other',
  'further',
  'additional',
  'significant',
  'obvious',
  'apparent',
  'associated',
  // (adv21: "no complications", "no anterior knee pain", "no focal weakness", "no solid component")
  'complications',
  'complication',
  'anterior',
  'weakness',
  'solid',
  'complex',
  'physio',
  'physiotherapy',
]);
/** Function words that mark a note written in Norwegian (bokmål or nynorsk). */
const NORWEGIAN_MARKERS = new Set([
  'og',
  'med',
  'i',
  'på',
  'ikke',
  'ikkje',
  'har',
  'er',
  'etter',
  'av',
  'som',
  'det',
  'til',
  'ingen',
  'inga',
  'siden',
  'sidan',
  'uker',
  'veker',
  'mnd',
  'hø',
  've',
  'pas',
  'smerter',
  'ved',
  'fra',
  'frå',
  'kan',
  'ein',
  'en',
  'et',
]);
/**
 * "som" right after a negation word compares, it does not start a relative clause: "ikke som
 * tordenskrall", "ikkje som før" negate what follows (advice15; "som" otherwise ends a
 * negation's scope: "ingen som har …"). One pass over the tokens: linear.
 */
function markNegatedComparison() {
  for (let t = 1; t < n; t++) {
    if (tWord[t] !== 'som' || tClause[t - 1] !== tClause[t] || (tFlags[t - 1] & F_NEG) === 0) continue;
    const w = tWord[t - 1];
    if (w === 'ikke' || w === 'ikkje') tFlags[t] &= ~F_SCOPE;
  }
  steps += n;
}

/**
 * English "no" negates what follows it, but only in a note written in English: in nynorsk "no"
 * is "now" ("GCS 15 no"), so it is not in NEGATION_BEFORE. A note counts as English when it has
 * at least two English function words and more of them than Norwegian ones (advice12: notes
 * from a CDS Hooks client may be wholly English). One pass over the tokens: linear.
 */
/** Whether the note is written in English (markEnglishNo's test), counted once per note on first use. */
let englishMemo = -1;
function englishNote(): boolean {
  if (englishMemo < 0) {
    let en = 0;
    let nb = 0;
    for (let t = 0; t < n; t++) {
      if (ENGLISH_MARKERS.has(tWord[t])) en++;
      else if (NORWEGIAN_MARKERS.has(tWord[t])) nb++;
    }
    steps += n;
    englishMemo = en >= 2 && en > nb ? 1 : 0;
  }
  return englishMemo === 1;
}
/** Whether token `t` begins its sentence and no colon follows it ("Fall. No warfarin.": nynorsk "no" (now) follows its verb, "Ho brukar no warfarin"). */
const sentenceStart = (t: number) => (t === 0 || tSent[t - 1] !== tSent[t]) && nextChar(tEnd[t]) !== 58; // "No: warfarin" is nynorsk "Now:" (the present episode)
function markEnglishNo() {
  englishMemo = -1;
  // Only a note with the word "no" has anything to mark (most have none: no pass, no look-ups).
  if ((noteFlags & F_NO) === 0) {
    steps += n;
    return;
  }
  let en = 0;
  let nb = 0;
  for (let t = 0; t < n; t++) {
    const w = tWord[t];
    if (ENGLISH_MARKERS.has(w)) en++;
    else if (NORWEGIAN_MARKERS.has(w)) nb++;
  }
  steps += n;
  const english = en >= 2 && en > nb;
  // (nynorsk "no" = "now" ends a negation's scope; English "no" starts one). In a Norwegian note
  // "no" negates only before a word nynorsk "no" is never followed by ("No LOC", "no red flags").
  for (let t = 0; t < n; t++)
    if (
      tFlags[t] & F_NO &&
      (english ||
        (t + 1 < n &&
          tClause[t + 1] === tClause[t] &&
          (ENGLISH_AFTER_NO.has(tWord[t + 1]) || (ENGLISH_AFTER_NO_WEAK.has(tWord[t + 1]) && ((en > 0 && nb === 0) || sentenceStart(t))))))
    )
      tFlags[t] = (tFlags[t] | F_NEG) & ~F_SCOPE;
}

/**
 * One forward pass that makes every later look-back O(1): per token, the last uncertainty word
 * and whether someone else was named earlier in its clause, the last subject word per group,
 * the first token of each sentence; and clears the per-token fixed-finding marks.
 */
const LAST_SUBJ = new Int32Array(G);
/** Words for the patient as the one who tells ("Pasienten forteller at mor hadde …": the mother's history). */
const PATIENT_WORDS = new Set(['pasienten', 'pasient', 'pas', 'pt', 'han', 'hun', 'ho', 'patient', 'he', 'she', 'jeg', 'eg']);
/** Auxiliaries that keep a negation's scope when they follow it directly ("ikke har kastet opp"). */
const AUX_AFTER_NEG = new Set(['har', 'hadde', 'has', 'had']);
const CHILD_WORDS = new Set(['datter', 'datteren', 'dotter', 'dottera', 'sønn', 'sønnen', 'son', 'sonen']);
const PARENT_WORDS = new Set(['mor', 'moren', 'mora', 'far', 'faren']);
/** A child telling about a parent or a parent about a child ("Datter: mor falt …"): the second is the patient (advice18). "Mor: far hadde kreft" stays family history. */
const parentAndChild = (label: string, told: string) =>
  (CHILD_WORDS.has(label) && PARENT_WORDS.has(told)) || (PARENT_WORDS.has(label) && CHILD_WORDS.has(told));
/** Words for the patient after a relative's label ("Kona: han …", "Mor: gutten …"; advice18). */
const PATIENT_WORDS_AFTER_LABEL = new Set([...PATIENT_WORDS, 'jenta', 'gutten', 'guten', 'barnet', 'ungen']);
const PLAIN_NOT = new Set(['ikke', 'ikkje', 'not']);
/** Verbs of belief ("mener", "tror", "thinks", "er overbevist om"): what a patient believes is no finding (adv31). */
const BELIEF_WORDS = new Set(['mener', 'meiner', 'tror', 'trur', 'synes', 'syns', 'overbevist', 'thinks', 'believes', 'feels', 'convinced']);
/**
 * Who may hold such a belief in a note: the patient (not the writer, "jeg"/"eg"). A relative's
 * "mener" stays a report of what they saw ("Kona mener han var borte", REPORTING_VERBS; advice17).
 */
const BELIEVERS = new Set([...[...PATIENT_WORDS].filter((w) => w !== 'jeg' && w !== 'eg'), 'selv', 'sjølv', 'himself', 'herself']);
/** Whether the belief word at t has a believer (BELIEVERS) among the three words before it in its clause ("Pas. mener", "Pasienten er overbevist", "Hun selv tror"). */
function heldByPatient(t: number, clause: number): boolean {
  for (let k = t - 1; k >= 0 && k >= t - 3 && tClause[k] === clause; k--) if (BELIEVERS.has(tWord[k])) return true;
  return false;
}
/** Before a relative's word in a label, these make the relative the one who tells ("Per daughter:", "Fra datter:", "According to his wife:"; adv28). */
const LABEL_TELLER = new Set(['per', 'fra', 'frå', 'from', 'to', 'by', 'via']);
/** Whether the relative's word at t is the teller of its label (LABEL_TELLER before it, past a possessive). */
function labelTeller(t: number): boolean {
  let k = t - 1;
  if (k >= 0 && tClause[k] === tClause[t] && RELATIVE_POSSESSIVE.has(tWord[k])) k--;
  return k >= 0 && tClause[k] === tClause[t] && LABEL_TELLER.has(tWord[k]);
}
/**
 * Whether the someone-else word at `at` heads a label whose value runs to `t`: a colon anywhere
 * after it, or a dash right after it ("Familiehistorie – hjerneslag, brystkreft"). Reads only the
 * text between them.
 */
function otherLabelMark(at: number, t: number): boolean {
  if (lower_.slice(tEnd[at], tStart[t]).includes(':')) return true;
  return at + 1 < n && /^\s+[-–]\s+$/.test(lower_.slice(tEnd[at], tStart[at + 1]));
}
function prepare() {
  for (const t of fixTouched) {
    tFixAll[t] = 0;
    tFixFacts[t] = undefined;
    tNegHead[t] = 0;
  }
  fixTouched.length = 0;
  let curClause = -1;
  let lastUnc = -1;
  let other = 0;
  // (1 after a label naming someone else ends at its colon: the rest of the sentence is that
  // person's — "Mors medisiner: Marevan, Albyl-E", "Familieanamnese: brystkreft, hjerneslag";
  // adv28 — read as the patient's anticoagulant, cancer or stroke)
  let otherLabel = 0;
  // (the someone-else word that made its clause someone else's, -1 none)
  let otherAt = -1;
  const lastSubj = LAST_SUBJ.fill(-1);
  let curSent = -1;
  for (let t = 0; t < n; t++) {
    steps++;
    if (tSent[t] !== curSent) otherLabel = 0;
    // (the label's colon may stand inside the clause — a one-word label stays with its value —
    // so the colon is looked for anywhere after the someone-else word: "Hereditet: hjerneslag,
    // brystkreft", "Familieanamnese: diabetes, tarmkreft"; adv33 — the second item was read as the
    // patient's cancer, an opposite-class rating; linear: each clause's text is looked at once)
    else if (tClause[t] !== curClause && otherAt >= 0 && !labelTeller(otherAt) && otherLabelMark(otherAt, t)) otherLabel = 1;
    // (the patient named at a clause's start ends the label's reach: "Hereditet: mor brystkreft,
    // selv operert for melanom 2020")
    if (otherLabel === 1 && tClause[t] !== curClause && (PATIENT_WORDS.has(tWord[t]) || tWord[t] === 'selv' || tWord[t] === 'sjølv')) otherLabel = 0;
    if (tClause[t] !== curClause) {
      curClause = tClause[t];
      lastUnc = -1;
      other = otherLabel;
      otherAt = -1;
    }
    if (tSent[t] !== curSent) {
      curSent = tSent[t];
      sentStart[curSent] = t;
    }
    tUncPos[t] = lastUnc;
    tOther[t] = other;
    // ("at han ikke har kastet opp", "som ikkje hadde feber": an auxiliary right after the
    // negation is the subordinate clause's word order, it does not end the scope; advice17)
    // ("aldri har hatt hodepine før" is a new headache: "aldri" keeps its own reading)
    if (tFlags[t] & F_SCOPE && t > 0 && tClause[t - 1] === curClause && PLAIN_NOT.has(tWord[t - 1]) && AUX_AFTER_NEG.has(tWord[t])) tFlags[t] &= ~F_SCOPE;
    // ("uten at hun har skadet seg": the auxiliary of the clause "uten at" opens keeps the
    // negation's scope; advice18 — was read as an injury)
    if (
      tFlags[t] & F_SCOPE &&
      t > 2 &&
      tClause[t - 3] === curClause &&
      AUX_AFTER_NEG.has(tWord[t]) &&
      PATIENT_WORDS.has(tWord[t - 1]) &&
      tWord[t - 2] === 'at' &&
      (tWord[t - 3] === 'uten' || tWord[t - 3] === 'utan')
    )
      tFlags[t] &= ~F_SCOPE;
    const f = tFlags[t];
    if (f & F_UNC) lastUnc = t;
    // ("Ikke sikkert om han hadde kramper", "ikkje klart om ho har feber": what the hedge's "om"
    // opens is uncertain to its clause's end — the verb "hadde"/"har" ended the negation scan
    // before it reached "ikke sikkert", and the seizure or fever was read as present; adv29)
    else if (HEDGE_OM.has(tWord[t]) && t >= 2 && tClause[t - 2] === curClause && PLAIN_NOT.has(tWord[t - 2]) && HEDGE.has(tWord[t - 1])) lastUnc = t;
    // ("Det kan være kreft", "Kan det være en prolaps", "It could be cancer": a possibility, not a
    // finding — "Smertene kan være verst om natten" keeps its reading; adv29)
    else if (BE_WORDS.has(tWord[t]) && t >= 2 && tClause[t - 2] === curClause && isPossibility(tWord[t - 2], tWord[t - 1])) lastUnc = t;
    // ("Pas. mener det er kronisk bihulebetennelse", "Pasienten er overbevist om at det er en rift",
    // "Patient thinks it is a slipped disc": the patient's belief is no finding —
    // the referrer's own "Jeg mener"/"Ortoped mener" stays an assessment; adv31)
    else if (BELIEF_WORDS.has(tWord[t]) && heldByPatient(t, curClause)) lastUnc = t;
    if (f & F_OTHER && !(t > 0 && tClause[t - 1] === curClause && REPORTED.has(tWord[t - 1])) && !tellsAbout(t)) {
      if (other === 0) otherAt = t;
      other = 1;
    }
    if (anySubject) {
      const bits = tSubjBits[t];
      if (bits !== 0 && !subjectNegated(t)) for (let g = 0; g < G; g++) if (bits & (1 << g)) lastSubj[g] = t;
      for (let g = 0; g < G; g++) tSubj[t * G + g] = lastSubj[g];
    }
  }
  listContexts();
}

/**
 * Whether the OTHER_PERSON word at t tells about the patient instead of being told about: a
 * reporting verb follows it ("Kona forteller at han …", "Mor har merket at …"), or it opens what
 * such a relative tells ("Datteren forteller at far har gått ned 8 kg": the father is the patient).
 * A patient who tells about a relative ("Pasienten forteller at mor hadde …") keeps the relative's
 * history (advice17).
 */
function tellsAbout(t: number): boolean {
  const a = t + 1 < n && tClause[t + 1] === tClause[t] ? tWord[t + 1] : '';
  if (REPORTING.has(a)) return true;
  // ("Kona: han var borte et halvt minutt", "Mor: jenta har hatt feber i 3 dagar": a relative
  // as a label, then the patient named — what the relative tells; "Mor: brystkreft" stays the
  // relative's history; advice18)
  // ("Datter: mor falt og var borte": a relative word right after a relative's label is the
  // patient, and the label the teller)
  if (a !== '' && (PATIENT_WORDS_AFTER_LABEL.has(a) || parentAndChild(tWord[t], a)) && lower_.slice(tEnd[t], tStart[t + 1]).includes(':')) return true;
  if (t > 0 && tClause[t - 1] === tClause[t] && parentAndChild(tWord[t - 1], tWord[t]) && lower_.slice(tEnd[t - 1], tStart[t]).includes(':')) return true;
  if ((a === 'har' || a === 'hadde' || a === 'has' || a === 'had') && t + 2 < n && tClause[t + 2] === tClause[t] && REPORTING.has(tWord[t + 2])) return true;
  // (the patient named by a relative word right after a relative's "… forteller at")
  if (t >= 3 && tWord[t - 1] === 'at' && tClause[t - 1] === tClause[t]) {
    for (let k = t - 2; k >= t - 4 && k >= 0 && tClause[k] === tClause[t]; k--)
      if (REPORTING.has(tWord[k])) {
        // (the teller: the word before the verb, or before "har" + verb)
        const teller = k > 0 && tClause[k - 1] === tClause[t] ? (AUX_AFTER_NEG.has(tWord[k - 1]) && k > 1 ? tWord[k - 2] : tWord[k - 1]) : '';
        return teller !== '' && !PATIENT_WORDS.has(teller);
      }
  }
  return false;
}

/** Negation words that deny a whole list ("benekter feber, vekttap og …", "neg. for …", "verken … eller"). */
const LIST_DENIALS = new Set([
  'benekter',
  'benektar',
  'benektes',
  'nekter',
  'nektar',
  'neg',
  'negativ',
  'negative',
  'verken',
  'korkje',
  'hverken',
  'neither',
  'denies',
  'denied',
]);
/** Words between a negation and a list's first item that do not count toward LIST_HEAD_WORDS ("Ikke holdepunkt for cauda equina, feber eller …"; adv21). */
const LIST_HEAD_FILLER = new Set(['holdepunkt', 'holdepunkter', 'haldepunkt', 'haldepunkter', 'tegn', 'teikn', 'signs', 'evidence']);
const LIST_HEAD_PREP = new Set(['for', 'til', 'på', 'om', 'of']);
/** A clause that goes on a list has at most this many words ("vekttap og vannlatingsplager"). */
const LIST_ITEM_WORDS = 4;
/** The same under a list denial for the item holding its closing "eller" ("låsingar eller at kneet sviktar"). */
const LIST_DENIAL_ITEM_WORDS = 6;
/** A list head ends at most this many words after its negation ("Ingen kjent kreft,"). */
const LIST_HEAD_WORDS = 3;
// Per-clause scratch for listContexts (grown with the clause count).
let lcHead = new Uint8Array(cap); // 0 none, 1 ends under a negation, 2 under a list denial
let lcJoin = new Uint8Array(cap); // 0 none, 1 "og", 2 "eller"/"verken"/"korkje"
let lcLen = new Int32Array(cap);
let lcItem = new Int32Array(cap); // the longest run of words between the clause's "og"/"eller" joiners
let lcRun = new Int32Array(cap); // the current such run
let lcRel = new Uint8Array(cap); // 1 after a relative "som" in the item "eller" closes
let lcRelPos = new Int32Array(cap); // that relative "som"'s token (-1 none)
let lcBad = new Uint8Array(cap); // holds a scope-ending, uncertainty or negation word of its own
let lcCont = new Uint8Array(cap); // 0 not a list item, else the head's strength (1 or 2)
let lcSentEnd = new Uint8Array(cap); // 1 when the clause's last word ends its sentence
let lcOpensScope = new Uint8Array(cap); // 1 when the clause starts with a scope-ending word ("men …")
let lcOpensNeg = new Uint8Array(cap); // 1 when the clause starts with "ingen"/"ikke" and that heads its list
let lcNum = new Uint8Array(cap); // 1 when the clause holds a number
let lcVerdict = new Uint8Array(cap); // 1 when the clause is a short item with its own verdict ("D-dimer neg", "CRP 3"; advice18)
let lcNegInside = new Uint8Array(cap); // 1 when a negation word stands before the clause's last word, or a hedge or scope end in it
/** Words that close a short item as its own verdict ("CRP normal", "B27 neg"; advice18). */
/** Words that close a clause as a normal finding of its own ("kraft og sensibilitet normal"; adv24). */
const NORMAL_VERDICT = new Set(['normal', 'normale', 'normalt', 'intakt', 'intakte', 'bevart', 'bevarte', 'intact']);
const VERDICT_WORDS = new Set(['normal', 'normale', 'normalt', 'pos', 'positiv', 'positive', 'forhøyet', 'forhøya', 'forhøgd', 'lav', 'låg', 'høy', 'høg']);

/**
 * Negated comma lists (issue 6: negation written as a list). A clause that ended at a comma under
 * a negation ("Benekter feber,", "Ingen feber,") may be followed by short clauses that go on the
 * list. The list counts only when it is closed by "og" or "eller" in one of its items:
 * - closed by "eller", or headed by a list denial (benekter, neg., verken): the items are negated
 *   ("Ingen feber, vekttap eller nattesvette"; "Benekter feber, vekttap og vannlatingsplager");
 * - closed by "og" after a plain negation: ambiguous ("Ingen feber, hoste og tungpust" may name
 *   two positive findings) — the items are left out (a wrong reading is worse than a missing one).
 * Without "og"/"eller" the next clause is read on its own ("Ingen utstråling, parese hø fot").
 * Two passes over the clauses: linear.
 */
function listContexts() {
  const clauses = n > 0 ? tClause[n - 1] + 1 : 0;
  if (lcHead.length < clauses + 1) {
    const size = Math.max(clauses + 1, lcHead.length * 2);
    lcHead = new Uint8Array(size);
    lcJoin = new Uint8Array(size);
    lcLen = new Int32Array(size);
    lcItem = new Int32Array(size);
    lcRun = new Int32Array(size);
    lcRel = new Uint8Array(size);
    lcRelPos = new Int32Array(size);
    lcBad = new Uint8Array(size);
    lcCont = new Uint8Array(size);
    lcSentEnd = new Uint8Array(size);
    lcOpensScope = new Uint8Array(size);
    lcOpensNeg = new Uint8Array(size);
    lcNum = new Uint8Array(size);
    lcVerdict = new Uint8Array(size);
    lcNegInside = new Uint8Array(size);
  }
  for (let c = 0; c < clauses; c++) {
    lcHead[c] = 0;
    lcJoin[c] = 0;
    lcLen[c] = 0;
    lcItem[c] = 0;
    lcRun[c] = 0;
    lcRel[c] = 0;
    lcRelPos[c] = -1;
    lcBad[c] = 0;
    lcSentEnd[c] = 0;
    lcOpensScope[c] = 0;
    lcOpensNeg[c] = 0;
    lcNum[c] = 0;
    lcVerdict[c] = 0;
    lcNegInside[c] = 0;
    clauseList[c] = LIST_NONE;
  }
  let lastNeg = -1;
  for (let t = 0; t < n; t++) {
    steps++;
    const c = tClause[t];
    if (t === 0 || tClause[t - 1] !== c) {
      lastNeg = -1;
      if (tFlags[t] & F_SCOPE) lcOpensScope[c] = 1;
    }
    lcLen[c]++;
    // (English "nor" joins the items of "neither …" as "eller" joins those of "verken …": a joiner
    // here, not a negation of its own inside the item; adv26)
    const f = tWord[t] === 'nor' ? (tFlags[t] & ~F_NEG) | F_ELLER : tFlags[t];
    // (a relative "som" after the item "eller" closes qualifies that item and ends the list's
    // items: "Ingen feber, vekttap eller nattesmerter som vekker henne" — the list runs to it, the
    // relative clause's words count toward no item; adv26 — "som" ended the list's scope and the
    // weight loss and night pain were read as present, opposite-class readings)
    const relative = f & F_SCOPE && tWord[t] === 'som' && lcJoin[c] === 2 && lcRun[c] > 0 && lcRel[c] === 0;
    if (relative) {
      lcRel[c] = 1;
      lcRelPos[c] = t;
    } else if (lcRel[c] === 0 && f & (F_OG | F_ELLER)) lcRun[c] = 0;
    else if (lcRel[c] === 0 && ++lcRun[c] > lcItem[c]) lcItem[c] = lcRun[c];
    if (f & F_SCOPE && !relative) {
      lastNeg = -1;
      lcBad[c] = 1;
    }
    if (f & (F_UNC | F_NEG)) lcBad[c] = 1;
    // (a negation before the last word, a hedge or a scope end: no item with its own verdict)
    if ((f & F_NEG && t + 1 < n && tClause[t + 1] === c) || f & (F_UNC | F_SCOPE)) lcNegInside[c] = 1;
    // (a clause with its own verdict after the finding is no item of a plain negation's list:
    // "Inga utstråling, kraft og sensibilitet ua" — the strength is normal, not denied; advice17)
    else if (f & F_NEG_AFTER && lcBad[c] === 0) lcBad[c] = 2;
    if (f & F_NEG) {
      const nextFlags = t + 1 < n && tClause[t + 1] === c ? tFlags[t + 1] : 0;
      // a list head names findings ("Ingen feber,"), not an act ("Ikke tatt rtg, hovent kne og …")
      if (!(nextFlags & F_NOT_LIST_HEAD)) lastNeg = t;
    }
    if (f & F_NUM) lcNum[c] = 1;
    if (f & F_OG) lcJoin[c] = Math.max(lcJoin[c], 1);
    else if (f & F_ELLER) lcJoin[c] = 2;
    if (t + 1 === n || tClause[t + 1] !== c) {
      // (a clause of two words or more closed by a normal verdict is no item of a plain negation's
      // list either: "Inga utstråling, kraft og sensibilitet normal" — as "… ua" above; adv24, the
      // strength was left out and the neck topic asked for a deficit)
      if (lcBad[c] === 0 && lcLen[c] >= 2 && NORMAL_VERDICT.has(tWord[t])) lcBad[c] = 2;
      lcSentEnd[c] = t + 1 === n || tSent[t + 1] !== tSent[t] ? 1 : 0;
      // (a short item closed by its own verdict or holding a value: "D-dimer neg", "CRP 3", "SR normal")
      lcVerdict[c] = lcLen[c] <= LIST_ITEM_WORDS && !lcNegInside[c] && (lcNum[c] === 1 || (f & F_NEG_AFTER) !== 0 || VERDICT_WORDS.has(tWord[t])) ? 1 : 0;
      // (a trailing "negativ" closes its own finding, "B27 negativ, SR og CRP normale": not a list head)
      const trailing = lastNeg === t && (tFlags[t] & F_NEG_AFTER) !== 0;
      // ("Ingen: feber, vekttap, nattesmerter": a negation as a list's label denies the list, advice16)
      const filler = lastNeg >= 0 && lastNeg + 2 < t && LIST_HEAD_FILLER.has(tWord[lastNeg + 1]) && LIST_HEAD_PREP.has(tWord[lastNeg + 2]) ? 2 : 0;
      if (lastNeg >= 0 && t - lastNeg - filler <= LIST_HEAD_WORDS && !trailing) {
        lcHead[c] = LIST_DENIALS.has(tWord[lastNeg]) || lower_.charCodeAt(tEnd[lastNeg]) === 58 ? 2 : 1;
        const w = tWord[lastNeg];
        // (opening the clause, or after a subject and verb only: "Pas. har ingen feber, …")
        let k = lastNeg - 1;
        while (k >= 0 && tClause[k] === c && CARRIER.has(tWord[k])) k--;
        steps += lastNeg - k;
        if ((k < 0 || tClause[k] !== c) && (w === 'ingen' || w === 'inga' || w === 'ikke' || w === 'ikkje')) lcOpensNeg[c] = 1;
      }
    }
  }
  // Forward: which clauses go on a negated list, and the strength of its head.
  for (let c = 0; c < clauses; c++) {
    steps++;
    lcCont[c] = 0;
    if (c === 0 || !clauseComma[c - 1] || lcBad[c] === 1) continue;
    const head = lcCont[c - 1] || lcHead[c - 1];
    if (lcBad[c] === 2 && head !== 2) continue;
    // ("verken hatt hevelse, låsingar eller at kneet sviktar": the last item of a list a list
    // denial heads and "eller" closes may be a longer clause; advice16)
    // (also "og"/"and" under a list denial: "Negative for fever, weight loss and night pain"; adv21)
    // (a clause that "eller" joins holds two items, each counted on its own: "…, låsninger eller
    // følelse av at kneet svikter" — the closing item may be the longer clause under a plain
    // negation too: "eller" after "ingen"/"ikke" denies every item; adv26 — the locking and the
    // giving way were read as present, an opposite-class reading on MR knee)
    if (lcJoin[c] === 2 ? lcItem[c] > LIST_DENIAL_ITEM_WORDS : lcLen[c] > (head === 2 && lcJoin[c] >= 1 ? LIST_DENIAL_ITEM_WORDS : LIST_ITEM_WORDS)) continue;
    lcCont[c] = head;
  }
  // Backward: a list item counts only when the list is closed by "og"/"eller", or, under a list
  // denial, when the list runs to its sentence's end ("Benekter feber, vekttap, blære/tarmforstyrrelser.":
  // the verb governs every item; advice12).
  let closer = 0;
  let atRunEnd = true;
  for (let c = clauses - 1; c >= 0; c--) {
    steps++;
    if (!lcCont[c]) {
      closer = 0;
      atRunEnd = true;
      continue;
    }
    // (a last item with its own verdict, "…, SR og CRP normale.", is read on its own: its "og"
    // does not close the list before it; advice18)
    if (atRunEnd && c > 0 && lcCont[c - 1] && verdictEnds(c)) continue;
    if (atRunEnd) {
      atRunEnd = false;
      if (lcCont[c] === 2 && !clauseComma[c] && lcSentEnd[c]) closer = 2;
      // ("Benekter feber, vekttap, D-dimer neg.": a last item with its own verdict ends the list at
      // its sentence's end; the verb still governs the items before it; advice18)
      else if (lcCont[c] === 2 && clauseComma[c] && verdictEnds(c + 1)) closer = 2;
    }
    closer = lcJoin[c] || closer;
    if (closer) clauseList[c] = closer === 2 || lcCont[c] === 2 ? LIST_NEG : LIST_AMBIGUOUS;
    if (c > 0 && !lcCont[c - 1]) {
      closer = 0;
      atRunEnd = true;
    }
  }
  // A plain negation's list with no "og"/"eller" that runs to its sentence's end (advice16):
  // "Ingen feber, vekttap, nattesmerter." — when a clause opens with "ingen"/"ikke", two items or
  // more of at most two words each (no number) are denied with the head (both were read as
  // present); one single word ("Ingen feber, vekttap.") may be a finding of its own: an abnormal
  // finding there is left out, a normal one ("Ingen låsninger, stabilt") read. Longer items stay read on their own ("Ingen utstråling, parese hø fot"). One pass over the
  // clauses: linear.
  for (let c = 0; c < clauses;) {
    steps++;
    if (!lcCont[c] || clauseList[c] !== LIST_NONE) {
      c++;
      continue;
    }
    let e = c;
    while (e < clauses && lcCont[e] && clauseList[e] === LIST_NONE) e++;
    // ("Ingen feber, vekttap, nattesmerter, CRP 3.": a last item with its own verdict or value is
    // read on its own and the list ends before it, at the sentence's end; advice18)
    const tail = e - 1 > c && lcVerdict[e - 1] === 1 && !clauseComma[e - 1] && lcSentEnd[e - 1] === 1;
    const runEnd = e;
    if (tail) e--;
    let longest = 0;
    let open = false;
    for (let k = c; k < e; k++) {
      steps++;
      longest = Math.max(longest, lcLen[k]);
      if (lcJoin[k] || lcNum[k]) open = true;
    }
    // (only a list a clause opens with "ingen"/"ikke": not "uten hjelm, slo hodet, GCS 13")
    if (c === 0 || !lcOpensNeg[c - 1]) open = true;
    // (to the sentence's end, or to a "men …" clause: "Ingen feber, vekttap, nattesmerter, men utstråling")
    const toEnd = tail || (clauseComma[e - 1] ? e < clauses && (lcOpensScope[e] === 1 || (!lcCont[e] && verdictEnds(e))) : lcSentEnd[e - 1] === 1);
    if (lcCont[c] === 1 && !open && toEnd && (e - c >= 2 ? longest <= 2 : longest === 1)) {
      const v = e - c >= 2 ? LIST_NEG : LIST_SINGLE;
      for (let k = c; k < e; k++) clauseList[k] = v;
    }
    c = runEnd;
  }
}

/** Whether clause c is a short item with its own verdict that ends its sentence ("…, D-dimer neg."). */
function verdictEnds(c: number): boolean {
  return c < lcVerdict.length && lcVerdict[c] === 1 && lcSentEnd[c] === 1 && !clauseComma[c];
}

/**
 * Whether a finding at tokens [from, …) is about the entry's subject: the subject was named
 * earlier in the same sentence, or in the sentence just before when the finding opens its
 * sentence (within its first three words: "Beskrevet som enkel").
 */
function subjectOk(subject: keyof typeof SUBJECTS, from: number): boolean {
  if (from === 0 || !anySubject) return false;
  const s = tSubj[(from - 1) * G + SUBJECT_KEYS.indexOf(subject)];
  if (s < 0) return false;
  if (tSent[s] === tSent[from]) return true;
  if (tSent[s] !== tSent[from] - 1) return false;
  return from - sentStart[tSent[from]] <= 2 || imagingLabelBefore(tSent[from], from);
}

/**
 * Whether sentence `sent` opens with an imaging report's label before token `from`: an imaging
 * word among its first three words, and a colon after it (at most two words on) before `from` —
 * "Ny UL nå: 5 cm, septert, med solid komponent", "Kontroll-MR: …". The findings after it are
 * about the subject of the sentence before (a follow-up's new report of a named cyst; adv26 —
 * "Cyste ve ovarium 4 cm. Ny UL nå: 5 cm, septert" left the septa unread). At most five tokens
 * are looked at.
 */
function imagingLabelBefore(sent: number, from: number): boolean {
  const s0 = sentStart[sent];
  for (let k = s0; k < s0 + 3 && k < from; k++) {
    if (!(tFlags[k] & F_IMG)) continue;
    for (let j = k; j < k + 3 && j + 1 <= from && j + 1 < n; j++) if (lower_.slice(tEnd[j], tStart[j + 1]).includes(':')) return true;
    return false;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Phrase matching

function altMatches(alt: Alt, w: string, flags: number): boolean {
  switch (alt.kind) {
    case Kind.Exact:
      return w === alt.s;
    case Kind.Prefix:
      return w.startsWith(alt.s);
    case Kind.Suffix:
      return w.endsWith(alt.s);
    case Kind.Any:
      return (flags & (F_NEG | F_SCOPE)) === 0;
  }
}
function specMatches(spec: Spec, t: number): boolean {
  if ((spec.firstMask & tFirst[t]) === 0 || (spec.lenMask & tLen[t]) === 0) return false;
  const w = tWord[t];
  if (spec.exact !== null && spec.exact.has(w)) return true;
  const rest = spec.rest;
  const f = tFlags[t];
  for (let i = 0; i < rest.length; i++) if (altMatches(rest[i], w, f)) return true;
  return spec.fuzzy !== null && fuzzyMatches(spec.fuzzy, w, f);
}
/** Flags of words never read as a typo: negation, scope, uncertainty, numbers, durations, spoken punctuation. */
const F_NO_TYPO = F_NEG | F_NEG_AFTER | F_SCOPE | F_UNC | F_UNC_AFTER | F_NUM | F_DUR | F_SPOKEN;
/**
 * Whether word w, a later word of a phrase, is a typo of one of the phrase's exact words `list`:
 * both at least LATER_FUZZY_MIN letters, the same first two letters (so a negating prefix is never
 * "fixed"), one edit apart (see withinOneEdit), and w no word the lexicon knows, no negation,
 * scope, uncertainty, number or spoken-punctuation word (adv26 — "Ny type hodepie" was unread: the
 * typo look-up tried only a phrase's first word; a word-level correction, tried in adv25, broke
 * dictation reading, so the look-up stays inside phrase matching).
 */
function fuzzyMatches(list: string[], w: string, f: number): boolean {
  if (w.length < LATER_FUZZY_MIN || f & F_NO_TYPO) return false;
  const c0 = w.charCodeAt(0);
  const c1 = w.charCodeAt(1);
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (s.charCodeAt(0) === c0 && s.charCodeAt(1) === c1 && withinOneEdit(w, s)) return !KNOWN_WORDS.has(w) && !NOT_TYPOS.has(w);
  }
  return false;
}

/** The index after the last token of the phrase matched at token t (first spec already matched), or -1. */
function matchFrom(specs: Spec[], k: number, t: number, clause: number): number {
  steps++;
  if (k === specs.length) return t;
  const spec = specs[k];
  if (spec.gap > 0) {
    for (let g = 0; g <= spec.gap; g++) {
      const r = matchFrom(specs, k + 1, t + g, clause);
      if (r >= 0) return r;
      if (t + g >= n || tClause[t + g] !== clause || !altMatches(spec.alts[0], tWord[t + g], tFlags[t + g])) break;
    }
    return -1;
  }
  if (t < n && tClause[t] === clause && specMatches(spec, t)) {
    const r = matchFrom(specs, k + 1, t + 1, clause);
    if (r >= 0) return r;
  }
  return spec.optional ? matchFrom(specs, k + 1, t, clause) : -1;
}

// Raw matches (reused buffers)
const mC: Compiled[] = [];
const mFrom: number[] = [];
const mTo: number[] = [];
let m = 0;

function pushMatch(c: Compiled, from: number, to: number) {
  mC[m] = c;
  mFrom[m] = from;
  mTo[m] = to;
  m++;
}

function tryCompiled(c: Compiled, t: number) {
  const to = matchFrom(c.specs, 1, t + 1, tClause[t]);
  if (to >= 0) pushMatch(c, t, to);
}

/** The phrases that may start at a word (exact, prefix and suffix first words), cached per word. */
const EMPTY: Compiled[] = [];
function candidatesFor(w: string): Compiled[] {
  const found: Compiled[] = [];
  const ex = EXACT.get(w);
  if (ex) found.push(...ex);
  if (w.length >= 3) {
    const pre = PREFIX.get(w.slice(0, 3));
    if (pre) for (const p of pre) if (w.startsWith(p.alt.s)) found.push(p.c);
    const suf = SUFFIX.get(w.slice(-3));
    if (suf) for (const p of suf) if (w.endsWith(p.alt.s)) found.push(p.c);
  }
  for (const p of SHORT_AFFIX) if (p.alt.kind === Kind.Prefix ? w.startsWith(p.alt.s) : w.endsWith(p.alt.s)) found.push(p.c);
  if (found.length === 0 && w.length >= FUZZY_MIN && !FLAG_CACHE.has(w) && !DURATION_TRIGGERS.has(w) && !NOT_TYPOS.has(w)) {
    // Typos (notes are typed fast): a word that starts no phrase and is no negation, scope,
    // uncertainty or number word may start the phrases of a first word it is one edit away from
    // (a letter missing, extra or wrong, or two neighbours swapped: "hydros", "låsnigner",
    // "Eliqus"). Both must share their first two letters, so a negating prefix is never "fixed"
    // ("traumatisk" is not "atraumatisk", "stabil" not "ustabil"). Once per distinct word.
    const fz = FUZZY.get(w.slice(0, 2));
    if (fz)
      for (const p of fz) {
        const s = p.alt.s;
        if (p.alt.kind === Kind.Exact ? withinOneEdit(w, s) : prefixWithinOneEdit(w, s)) found.push(p.c);
      }
  }
  // keep lexicon order, so the earlier entry wins an overlap; drop duplicates
  return found.length === 0 ? EMPTY : [...new Set(found)].sort((a, b) => a.index - b.index);
}

/** Whether a and b are at most one edit apart (insert, delete, substitute, or swap two neighbours). */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === la && i === lb) return true;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
/** Whether the word starts with something at most one edit from the prefix p. */
function prefixWithinOneEdit(w: string, p: string): boolean {
  for (let k = p.length - 1; k <= p.length + 1 && k <= w.length; k++) if (withinOneEdit(w.slice(0, k), p)) return true;
  return false;
}

/** What the reader needs to know about a word, computed once per distinct word (one look-up per token). */
interface WordInfo {
  flags: number;
  subj: number;
  cands: Compiled[];
  /** The word read with "å" for "aa" and its info, when it has "aa" (else null). */
  aa: { word: string; info: WordInfo } | null;
  /** Which of NEEDLES the word holds (a bit each): see `needles`. */
  needles: number;
  /** The CONTEXT_WORDS it holds (indices; see noteContextGen). */
  context: number[];
  /** As the first part of a split compound ("hode" of "hode pine"; see COMPOUND_EXACT): the second parts that complete a lexicon word, or null. */
  tails: Set<string> | null;
  /** The same for lexicon stems ("word*"): second parts a following word must begin with, or null. */
  stems: string[] | null;
}
const WORD_INFO = new Map<string, WordInfo>();
const DIALECT = new Map(Object.entries(DIALECT_SPELLINGS));

/**
 * Split compounds (advice17): voice dictation and "særskriving" write a compound the lexicon names
 * as one word in two ("hode pine", "ut stråling", "bevisst løs", "ut fall", "lase gue"). Per first
 * part (at least 2 letters), the second parts (at least 3) that complete a lexicon word exactly
 * (COMPOUND_EXACT) or begin the rest of a lexicon stem "word*" (COMPOUND_STEM). The tokenizer
 * joins two adjacent words of one clause, one space or hyphen apart, when they complete one
 * ("Ingen nevrologiske ut fall" read "fall" as a fall before).
 */
const COMPOUND_EXACT = new Map<string, Set<string>>();
const COMPOUND_STEM = new Map<string, string[]>();
/** Word pairs a lexicon phrase names as two words ("foot drop", "rear ended"): never joined. */
const PHRASE_PAIRS = new Set<string>();
{
  const isWord = /^\p{L}+$/u;
  const words = (slot: string) => slot.replace(/^\[|\]$/g, '').split('|');
  for (const e of LEXICON)
    for (const phrase of e.phrases) {
      const slots = phrase.split(' ');
      for (let k = 0; k + 1 < slots.length; k++) for (const a of words(slots[k])) for (const b of words(slots[k + 1])) PHRASE_PAIRS.add(`${a} ${b}`);
    }
  for (const e of LEXICON)
    for (const phrase of e.phrases)
      for (const slot of phrase.split(' '))
        for (let w of slot.replace(/^\[|\]$/g, '').split('|')) {
          const stem = w.endsWith('*');
          if (stem) w = w.slice(0, -1);
          if (w.length < 6 || !isWord.test(w)) continue;
          for (let i = 2; i <= w.length - 3; i++) {
            const head = w.slice(0, i);
            const tail = w.slice(i);
            if (stem) {
              const tails = COMPOUND_STEM.get(head) ?? [];
              if (!tails.includes(tail)) tails.push(tail);
              COMPOUND_STEM.set(head, tails);
            } else {
              const tails = COMPOUND_EXACT.get(head) ?? new Set<string>();
              tails.add(tail);
              COMPOUND_EXACT.set(head, tails);
            }
          }
        }
}
/** Whether words a and b written apart are one lexicon word ("hode" + "pine"). */
function completesCompound(a: WordInfo, aw: string, b: string): boolean {
  let found = a.tails !== null && a.tails.has(b);
  if (!found && a.stems !== null) for (let k = 0; k < a.stems.length && !found; k++) found = b.startsWith(a.stems[k]);
  // (rare: only for a pair that completes a word)
  return found && !PHRASE_PAIRS.has(`${aw} ${b}`);
}

/**
 * Letter strings whose presence anywhere in the note turns on the "numbers and tests" pass of
 * extractFacts (a cyst, GCS, eGFR, D-dimer, CRP, Wells, pre-test probability, knee flexion, a
 * medication list). Each is letters only, so it can only occur inside one run of letters: the
 * tokenizer ORs the bits of each run's (cached) word info into `needles` instead of searching the
 * note once per string.
 */
// ("mistanke": "Lav klinisk mistanke om LE" with no other test word in the note; adv33)
const NEEDLES = [
  'cyst',
  'gcs',
  'gfr',
  'dimer',
  'crp',
  'wells',
  'sannsyn',
  'pretest',
  'mistanke',
  'bøy',
  'flek',
  'flex',
  'medi',
  'meds',
  'legemid',
  'dd',
] as const;
/** The bit of "wells" in `needles`. */
const NEEDLE_WELLS = 1 << NEEDLES.indexOf('wells');
const NEEDLE_CYST = 1;
/** The NEEDLES found in the note by the last tokenize() (a bit each). */
let needles = 0;
/**
 * Whether "DD" at t is the D-dimer ("Wells 1, DD neg", "DD 0,3"; adv22): in a note about a
 * pulmonary embolism (a Wells score named, or a chest exam ordered), not as a label before a colon
 * ("DD: migrene" is a differential diagnosis).
 */
function ddIsDimer(t: number): boolean {
  if (nextChar(tEnd[t]) === 58) return false;
  return (needles & NEEDLE_WELLS) !== 0 || context_.includes('lunge') || context_.includes('thora') || context_.includes('tora');
}
/** Whether the "numbers and tests" pass of extractFacts reads this word (other than a number). */
function isTestWord(w: string): boolean {
  return (
    MEDICATION_LABELS.has(w) ||
    FLEXION_WORDS.has(w) ||
    w === 'gcs' ||
    w === 'egfr' ||
    w === 'gfr' ||
    w === 'dimer' ||
    w === 'dd' ||
    w === 'ddimer' ||
    w === 'crp' ||
    w === 'wells' ||
    w === 'sum' ||
    w === 'summen' ||
    w === 'totalt' ||
    w === 'sannsynlighet' ||
    // (nynorsk "låg klinisk sannsynlegheit"; adv33)
    w === 'sannsynlegheit' ||
    w === 'sannsyn' ||
    w === 'pretest' ||
    w === 'mistanke'
  );
}
/*
 * The token table: an open-addressing hash table from a word's letters to its interned string and
 * WordInfo, probed with the hash tokenize() computes while scanning, and compared letter by letter
 * against the note, so a word seen before costs no new string and no Map look-up. Bounded: when
 * half full, or when its letter store is full, it starts over (a note's words repeat; rare words do not).
 */
const INTERN_SIZE = 1 << 14;
const INTERN_MASK = INTERN_SIZE - 1;
/** Longer letter runs are not kept in the table (looked up in WORD_INFO instead). */
const INTERN_MAX_LEN = 64;
const internHash = new Int32Array(INTERN_SIZE);
/** Per slot: the word's length (0: an empty slot) and where its letters start in internChars. */
const internLen = new Int32Array(INTERN_SIZE);
const internPos = new Int32Array(INTERN_SIZE);
/** The letters of the table's words, one after another (compared without touching the strings); 256 kB. */
const internChars = new Uint16Array(1 << 17);
let internUsed = 0;
let internKey: (string | undefined)[] = new Array<string | undefined>(INTERN_SIZE);
let internInfo: (WordInfo | undefined)[] = new Array<WordInfo | undefined>(INTERN_SIZE);
let internCount = 0;

/** The table slot of the word lower[from, to) (1 to INTERN_MAX_LEN letters) with letter hash h, filled on first sight. */
function internedSlot(h: number, lower: string, from: number, to: number): number {
  const len = to - from;
  let slot = h & INTERN_MASK;
  for (;;) {
    const l = internLen[slot];
    if (l === 0) break;
    if (l === len && internHash[slot] === h) {
      const p = internPos[slot];
      let k = 0;
      while (k < len && internChars[p + k] === lower.charCodeAt(from + k)) k++;
      if (k === len) return slot;
    }
    slot = (slot + 1) & INTERN_MASK;
  }
  if (internCount >= INTERN_SIZE >> 1 || internUsed + len > internChars.length) {
    internLen.fill(0);
    internKey = new Array<string | undefined>(INTERN_SIZE);
    internInfo = new Array<WordInfo | undefined>(INTERN_SIZE);
    internCount = 0;
    internUsed = 0;
    slot = h & INTERN_MASK;
  }
  // A copy, not a slice: the table must not keep the whole note alive.
  const word = Array.from(lower.slice(from, to)).join('');
  for (let k = 0; k < len; k++) internChars[internUsed + k] = lower.charCodeAt(from + k);
  internPos[slot] = internUsed;
  internUsed += len;
  internLen[slot] = len;
  internKey[slot] = word;
  internInfo[slot] = wordInfo(word);
  internHash[slot] = h;
  internCount++;
  return slot;
}

function wordInfo(w: string): WordInfo {
  let info = WORD_INFO.get(w);
  if (info !== undefined) return info;
  const flags =
    (FLAG_CACHE.get(w) ?? 0) |
    durationFlag(w) |
    (isImagingWord(w) ? F_IMG : 0) |
    (ABBREV.has(w) ? F_ABBREV : 0) |
    (SENTENCE_FINAL_ABBREV.has(w) ? F_SENT_ABBREV : 0) |
    (isTestWord(w) ? F_TEST : 0) |
    // (English "and"/"or" join a list as "og"/"eller" do: "Negative for fever, weight loss and night
    // pain" denied the fever only; adv21)
    (w === 'og' || w === 'and' ? F_OG : 0) |
    (w === 'eller' || w === 'or' ? F_ELLER | F_OR : 0) |
    (w === 'no' ? F_NO : 0) |
    (SPOKEN_MARKS[w] !== undefined || SPOKEN_SECOND.has(w) ? F_SPOKEN : 0) |
    (COND_WORDS.has(w) || COND_CLAUSE_WORDS.has(w) || COND_OTHER.has(w) ? F_COND : 0) |
    (NEGATED_VERBS.has(w) ? F_NEGVERB : 0) |
    // ("Har ikke hatt feber, vekttap eller …", "verken hatt hevelse, låsingar eller …": "hatt" names findings, it heads a list; advice16)
    (HEDGE.has(w) || PSEUDO.has(w) || (CONFIRMING.has(w) && w !== 'hatt') || w === 'tatt' || w === 'teke' || w === 'gjort' ? F_NOT_LIST_HEAD : 0);
  let needleBits = 0;
  for (let k = 0; k < NEEDLES.length; k++) if (w.includes(NEEDLES[k])) needleBits |= 1 << k;
  // (a dialect spelling of a known word, "itj" for "ikke"; adv22)
  const aaWord = DIALECT.get(w) ?? nordicSpelling(w);
  const aaInfo = aaWord === null ? null : wordInfo(aaWord);
  info = {
    flags,
    subj: subjectBits(w),
    cands: candidatesFor(w),
    aa: aaWord === null ? null : { word: aaWord, info: aaInfo! },
    // (the respelled word's needles too: "D-dimmer" is read as "D-dimer"; adv30)
    needles: needleBits | (aaInfo?.needles ?? 0),
    context: contextWordsIn(w),
    tails: COMPOUND_EXACT.get(w) ?? null,
    stems: COMPOUND_STEM.get(w) ?? null,
  };
  if (WORD_INFO.size > 100_000) WORD_INFO.clear(); // bounded: a note's words repeat, rare words do not
  WORD_INFO.set(w, info);
  return info;
}

/** The words "÷" stands for opening a clause ("uten") and after a finding ("neg"), and "+" ("pos"), looked up once. */
let DIV_BEFORE: WordInfo | undefined;
let DIV_AFTER: WordInfo | undefined;
let PLUS_AFTER: WordInfo | undefined;
const divideBefore = () => (DIV_BEFORE ??= wordInfo('uten'));
const divideAfter = () => (DIV_AFTER ??= wordInfo('neg'));
const plusAfter = () => (PLUS_AFTER ??= wordInfo('pos'));

/** A one-character sign read as a word ("÷" as "neg"/"uten", "+" as "pos") at character i, with that word's phrases and the given flags. */
function pushSign(i: number, word: 'neg' | 'uten' | 'pos', info: WordInfo, flags: number) {
  if (n >= cap) grow();
  tStart[n] = i;
  tEnd[n] = i + 1;
  tClause[n] = clause;
  tSent[n] = sentence;
  tWord[n] = word;
  tFirst[n] = firstBit(word);
  tLen[n] = lenBit(word);
  tFlags[n] = flags;
  tSubjBits[n] = 0;
  noteFlags |= flags;
  tCands[n] = info.cands;
  n++;
}

function matchAll() {
  m = 0;
  for (let t = 0; t < n; t++) {
    steps++;
    const list = tCands[t];
    for (let j = 0; j < list.length; j++) {
      const c = list[j];
      // (a phrase whose required second word cannot be the next word: rejected by its masks, no call)
      const s = c.second;
      if (s !== null && (t + 1 >= n || (s.firstMask & tFirst[t + 1]) === 0 || (s.lenMask & tLen[t + 1]) === 0)) continue;
      tryCompiled(c, t);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Negation and uncertainty

const CTX_PLAIN = 0;
const CTX_NEG = 1;
const CTX_UNC = 2;
const CTX_OTHER = 3;
/** In a list whose negation may or may not reach it (see listContexts): left out. */
const CTX_AMBIGUOUS = 4;
/** Words after a trailing negation that keep it about the finding before ("hydrops ikke påvist"). */
/** Words after a postposed "ikke" that close what it negates ("besvimte ikke og …"; advice18). */
const NEG_CLOSERS = new Set(['og', 'eller', 'men', 'samt', 'and', 'or', 'but']);
/** Particles of phrasal verbs a postposed "ikke" stands before ("hovnet ikke opp", "låste seg ikke"; advice18). */
const VERB_PARTICLES = new Set(['opp', 'ut', 'av', 'inn', 'ned', 'sammen', 'seg']);
const CONFIRMING = new Set([
  'påvist',
  'påvises',
  'funnet',
  'funne',
  'sett',
  'tilstede',
  'til',
  'forekommet',
  'beskrevet',
  'beskrive',
  'observert',
  'registrert',
  'hatt',
  'vært',
  'vore',
  'aktuelt',
  'aktuell',
  // "Fysioterapi ikke forsøkt", "hydrops ikkje funne"
  'forsøkt',
  'prøvd',
  'prøvt',
  'gitt',
  'startet',
  'starta',
  'gjennomført',
  'igangsatt',
  'igangsett',
]);

/**
 * A minus sign right after a finding, as in a telegraphic list ("Feber -, vekttap -",
 * "Ømhet patella: -", "Hydrops: –"): a "-" (or an en or em dash) after an optional colon and at most three spaces, followed by the end of the note, a line break or , . ; ) or a space.
 * Bounded: looks at most four characters ahead.
 */
function minusAfter(end: number): boolean {
  let i = end;
  const len = lower_.length;
  // ("Ømhet patella: -": the minus after a label's colon)
  if (i < len && lower_.charCodeAt(i) === 58) i++;
  while (i < len && i < end + 3 && lower_.charCodeAt(i) === 32) i++;
  // (the en or em dash a record system or word processor writes for "-": "Hydrops: –"; adv25 —
  // read as effusion present)
  const dash = i < len ? lower_.charCodeAt(i) : 0;
  if (dash !== 45 && dash !== 0x2013 && dash !== 0x2014) return false;
  const c = i + 1 < len ? lower_.charCodeAt(i + 1) : 10;
  if (c === 10 || c === 44 || c === 46 || c === 59 || c === 41 || c === 13) return true;
  if (c !== 32) return false;
  // "feber - vekttap": a dash between words is a clause break, not a minus
  const d = i + 2 < len ? lower_.charCodeAt(i + 2) : 10;
  return !(isLetter(d) || isDigit(d));
}

/**
 * A negative answer written right after a finding and closing its clause, in the forms the clause
 * breaks cut off (adv21 — each was read as present: an opposite-class reading): in parentheses
 * ("Hydrops (-)", "feber (nei)", "(÷)", "(neg)"), after a dash ("Feber - nei", "Vekttap – neg"),
 * or as a label's answer the one-word label rule does not see ("Låsninger: aldri", "Hydrops: 0",
 * "Solid komponent: ÷"). "0" only when `zero` (not after a test's name: "Wells: 0" is a score).
 * Bounded: a few characters are looked at.
 */
function negativeAnswerAfter(end: number, zero: boolean): boolean {
  // (quick reject: the answer starts with ':', '?', '(' or a dash within two spaces)
  let i = end;
  while (i < lower_.length && i < end + 2 && lower_.charCodeAt(i) === 32) i++;
  const c = i < lower_.length ? lower_.charCodeAt(i) : 0;
  if (c !== 58 && c !== 63 && c !== 40 && c !== 45 && c !== 0x2013) return false;
  const s = lower_.slice(end, end + 16);
  const m = NEGATIVE_ANSWER.exec(s);
  if (m === null) return false;
  return zero || m[1] !== '0';
}
// (not "no": nynorsk "Feber: no, men ikkje før" is "now"; English "Fever: no" is read by labelNo)
const NEGATIVE_ANSWER =
  /^\s{0,2}(?::\s{0,3}|\?\s{0,3}|\(\s{0,2}|[-–]\s{1,2}|:\s{0,3}\(\s{0,2})(-|÷|0|nei|neg|negativ|ingen|inga|aldri|never|none|nil)\s{0,2}\)?\s*(?:[.,;\n\r)]|$)/;

/** List joiners: "Hydrops, låsninger og instabilitet: nei". */
const LIST_JOINERS = new Set(['og', 'eller', 'samt', 'and', 'or']);
/** A one-word answer that closes a list after a colon or dash ("…: nei", "… - ingen"). */
const LIST_SHORT_NO = new Set(['nei', 'neg', 'negativ', 'negative', 'ingen', 'inga', 'none', 'nil']);
/** Tails that deny every item of the list before them, closing the sentence. */
const LIST_DENIED_TAILS: readonly (readonly string[])[] = [
  ['alle', 'negative'],
  ['alle', 'neg'],
  ['alt', 'negativt'],
  ['begge', 'negative'],
  ['all', 'negative'],
  ['benektes'],
  ['benektast'],
  ['benektet'],
  ['benekta'],
  ['avkreftet'],
  ['avkrefta'],
  ['fraværende'],
  ['fråverande'],
  ['denied'],
  ['absent'],
  ['er', 'ikke', 'til', 'stede'],
  ['ikke', 'til', 'stede'],
  ['er', 'ikkje', 'til', 'stades'],
  ['ikkje', 'til', 'stades'],
  ['not', 'present'],
  ['are', 'absent'],
];
/** The first words of LIST_DENIED_TAILS (one look-up per word before the tails are tried). */
const LIST_TAIL_FIRST = new Set(LIST_DENIED_TAILS.map((t) => t[0]));
/** Whether the text between two tokens (from, to) is a label's colon or dash (": ", " - ", " – "), at most 4 characters. */
function labelGap(lower: string, from: number, to: number): boolean {
  if (to - from > 4) return false;
  for (let i = from; i < to; i++) {
    const c = lower.charCodeAt(i);
    if (c === 58 || c === 45 || c === 0x2013) return true;
  }
  return false;
}
/** Whether the characters between tokens k-1 and k hold the character code c (a gap is a few characters). */
function gapHas(k: number, c: number): boolean {
  for (let i = tEnd[k - 1]; i < tStart[k]; i++) if (lower_.charCodeAt(i) === c) return true;
  return false;
}
/** Whether tokens k.. are `tail` and the tail closes the sentence of token k. */
function tailAt(k: number, tail: readonly string[]): boolean {
  if (k + tail.length > n) return false;
  for (let j = 0; j < tail.length; j++) if (tWord[k + j] !== tail[j] || tSent[k + j] !== tSent[k]) return false;
  const after = k + tail.length;
  return after >= n || tSent[after] !== tSent[k];
}
/**
 * Whether the finding at [from, to) is an item of a list whose denial comes after it and closes
 * the sentence (adv21 — only the last item, or none, was denied: opposite-class readings):
 * "Hydrops, låsninger og instabilitet: nei", "Feber, vekttap, nattesmerter: alle negative",
 * "Hydrops og låsninger benektes", "… - alt negativt", "… er ikke til stede". Items are at most
 * three words, with no number, negation or scope-ending word; after a one-word answer ("nei",
 * "ingen") behind a colon or dash, the items must be single words, joined by "og"/"eller", or at
 * least three of at most two words, so "Slo hodet, LOC: nei" denies the unconsciousness only. At
 * most 16 words are looked at.
 */
function listDeniedAfter(from: number, to: number): boolean {
  const sent = tSent[from];
  // (a line of its own is no item of the next line's label: "UTSEENDE: enkel, anekogen\nMENOPAUSE:
  // nei", "Feber.\nTraume: nei"; adv25 — the next line's "nei" denied the line before it)
  const lineStop = (k: number) => gapHas(k + 1, 10) && lineClosed(k);
  let items = 1;
  let words = to - from;
  let longest = words;
  let joined = false;
  // (the items before the finding count too: "Septa, solide komponenter, vaskularisering: nei")
  let back = 0;
  for (let k = from - 1; k >= 0 && k > from - 16 && tSent[k] === sent; k--) {
    steps++;
    if (tFlags[k] & (F_NUM | F_NEG | F_SCOPE) || lineStop(k)) break;
    if (LIST_JOINERS.has(tWord[k])) {
      joined = true;
      continue;
    }
    const slash = gapHas(k + 1, 47);
    if (tClause[k] !== tClause[k + 1] || slash || LIST_JOINERS.has(tWord[k + 1])) {
      if (slash) joined = true;
      items++;
      back = 0;
    }
    if (++back > 3) {
      items--;
      break;
    }
    if (back > longest) longest = back;
  }
  for (let k = to; k < n && k < to + 16 && tSent[k] === sent; k++) {
    steps++;
    if (k > 0 && lineStop(k - 1)) return false;
    const w = tWord[k];
    if (LIST_TAIL_FIRST.has(w)) for (const tail of LIST_DENIED_TAILS) if (tailAt(k, tail)) return true;
    if (LIST_SHORT_NO.has(w) && (k + 1 >= n || tSent[k + 1] !== sent)) {
      if (!gapHas(k, 58) && !gapHas(k, 45) && !gapHas(k, 0x2013)) return false;
      return items >= 2 && (joined || longest === 1 || (items >= 3 && longest <= 2));
    }
    if (tFlags[k] & (F_NUM | F_NEG | F_SCOPE)) return false;
    if (LIST_JOINERS.has(w)) {
      joined = true;
      items++;
      words = 0;
      continue;
    }
    const slash = gapHas(k, 47);
    if (tClause[k] !== tClause[k - 1] || slash) {
      if (slash) joined = true;
      if (words > 0) items++;
      words = 0;
    }
    if (++words > 3) return false;
    if (words > longest) longest = words;
  }
  return false;
}

/**
 * Whether the line of token k (which a line break follows) is closed in itself: it holds a
 * label's colon or ends with a dot ("UTSEENDE: enkel, anekogen", "Feber."). Bounded: at most 120
 * characters back are looked at (a longer line counts as closed).
 */
function lineClosed(k: number): boolean {
  if (tEnd[k] < lower_.length && lower_.charCodeAt(tEnd[k]) === 46) return true;
  for (let j = tEnd[k] - 1, m = 0; j >= 0; j--, m++) {
    const c = lower_.charCodeAt(j);
    if (c === 10) return false;
    if (c === 58 || m > 120) return true;
  }
  return false;
}

/** Verbs a negation is about ("har ikke hjulpet"): a finding after them is not negated by it. */
const NEGATED_VERBS = new Set(['hjulpet', 'hjelpt', 'virket', 'verka', 'fungert', 'fungerte', 'bedret', 'betra']);

/** Verbs of remembering: a negation after them is about the memory ("husker ikke fallet"; advice18). */
const MEMORY_VERBS = new Set(['husker', 'husket', 'huska', 'hugsar', 'hugsa', 'minnes', 'mintes', 'remember', 'remembers', 'recall', 'recalls']);

/** Verbs of denial a negation before or after cancels ("benekter ikke", "kan ikke benekte"). */
const DENY_VERBS = new Set(['benekter', 'benektar', 'benekte', 'benektes', 'benektet', 'benekta', 'nekter', 'nektar']);
/** Hedges that a negation right before turns into a suspicion ("ikke usannsynlig"). */
const UNLIKELY = new Set(['usannsynlig', 'usannsynleg', 'neppe']);
/** After a finding: unlikely, neither stated nor suspected (adv21). */
const UNLIKELY_AFTER = new Set(['usannsynlig', 'usannsynleg', 'unlikely', 'tvilsomt', 'tvilsamt']);
/** After "lite": "lite sannsynlig", "lite trolig" (unlikely). */
const LIKELY_WORDS = new Set(['sannsynlig', 'sannsynleg', 'trolig', 'truleg']);

/** Whether "eller" comes between tokens t and from (at most NEGATION_WINDOW words: bounded). */
function ellerBetween(t: number, from: number): boolean {
  for (let k = t + 1; k < from; k++) if (tFlags[k] & F_ELLER) return true;
  return false;
}

/**
 * The reading of a match at tokens [from, to): CTX_NEG negated, CTX_UNC uncertain (a question,
 * a suspicion, "ikke sikkert"), CTX_OTHER someone else's history, CTX_PLAIN stated. For a
 * suspicion entry (`accept`), a negation before the uncertainty word negates the suspicion
 * ("ikke mistanke om LE"). Bounded work per match: the clause-wide look-back is precomputed
 * (prepare), the negation look-back is at most NEGATION_WINDOW + 1 words. `abnormal`: the
 * entry names an abnormal finding (its value is true), which a one-word item after "Ingen X,"
 * leaves out (see listContexts).
 */
/** Where the last contextOf found the negation before its match (-1: none), and whether a negated list negated it. */
let ctxNegPos = -1;
let ctxNegByList = false;
/**
 * Whether a normal finding (an entry whose value is false: "stabilt", "går normalt") negated by
 * the last contextOf is a conjunct of its own: an "og" between the negation and the finding, or
 * negated only as an item of a list ("Ikke hovent og er stabilt", "Ingen hydrops og stabilt": the
 * knee is stable, not unstable; advice18 — both were read as unstable, an opposite-class risk).
 * Bounded: the negation is at most 2 × NEGATION_WINDOW words back.
 */
function normalConjunct(from: number): boolean {
  if (ctxNegByList) return true;
  if (ctxNegPos < 0) return false;
  for (let k = ctxNegPos + 1; k < from; k++) if (tFlags[k] & F_OG) return true;
  return false;
}
/**
 * Words that may stand between a negation and the suspicion it denies ("ingen klinisk mistanke om
 * LE", "ikke sterk mistanke"). Bounded: at most two such words are looked at.
 */
const SUSPICION_MODIFIERS = new Set([
  'klinisk',
  'kliniske',
  'sterk',
  'sterkt',
  'sterke',
  'noen',
  'nokon',
  'noe',
  'noko',
  'særlig',
  'særleg',
  'stor',
  'begrunnet',
  'grunn',
  'til',
  'clinical',
  'any',
  'strong',
  'real',
]);
/**
 * Whether the negation at negPos denies the suspicion word at uncPos: right before it, or with only
 * SUSPICION_MODIFIERS between. In a note without punctuation ("kan ikkje strekkje heilt ut spm
 * meniskskade", "wells ikke regnet ut spm lungeemboli") the negation is another verb's and the
 * question that follows is asked, not denied (adv21: both were read as a denied suspicion).
 */
function deniesSuspicion(negPos: number, uncPos: number): boolean {
  if (uncPos - negPos > 3) return false;
  for (let k = negPos + 1; k < uncPos; k++) if (!SUSPICION_MODIFIERS.has(tWord[k])) return false;
  return true;
}
/** Words of an exception after a negation ("ingen andre … enn", "other than", "apart from", "utenom"). */
// ("foruten"/"forutan": adv28 — "Ingen andre plager foruten nattesmerter" was read as denied)
const EXCEPTION_WORDS = new Set(['enn', 'utenom', 'utanom', 'foruten', 'forutan', 'than', 'apart', 'except', 'besides', 'excluding']);
/** Negations that deny the noun after them (a relative clause on that noun is denied too). */
const DENYING_DETERMINER = new Set(['ingen', 'inga', 'ingi', 'intet', 'uten', 'utan', 'verken', 'korkje', 'hverken', 'fravær', 'fråvær', 'without', 'neither']);
/** Words that end the noun a relative "som" may qualify ("Ingen bedring av smertene som …", "pga smerter som …"). */
// (also the words of an exception: "Ingen andre plager enn smerter som stråler …" tells the pain)
const RELATIVE_NOUN_STOP = new Set([
  'av',
  'i',
  'på',
  'ved',
  'med',
  'pga',
  'etter',
  'under',
  'over',
  'fra',
  'frå',
  'til',
  'for',
  'om',
  'hos',
  'mot',
  'enn',
  'utenom',
  'utanom',
  'unntatt',
  'bortsett',
  'andre',
  'anna',
  'annet',
  'other',
  'than',
  'except',
  'besides',
]);
/** A relative "som" qualifies at most this many words before it ("feber eller smerter som"). */
const RELATIVE_NOUN_WORDS = 4;
/**
 * Whether the relative "som" at token t qualifies a denied finding, so the negation reaches the
 * relative clause: "som" closing a denied list's last item (listContexts; the item's words after
 * its "eller", with the same stops as below), or "som" after a short
 * noun phrase that a denying determiner opens ("Ingen smerter som stråler", "ingen feber eller
 * smerter som …", "uten smerter som …"). Not after a preposition ("Ingen bedring av smertene som
 * stråler": the pain is told), not right after the negation ("ingen som har …"), not after a
 * verb's "ikke" ("Kan ikke gå pga smerter som …"), not past a number. Bounded look-back.
 */
function relativeOfDenied(t: number, clause: number): boolean {
  if (tWord[t] !== 'som') return false;
  const listItem = lcRelPos[clause] === t && clauseList[clause] === LIST_NEG;
  for (let k = t - 1; k >= 0 && tClause[k] === clause && t - k <= RELATIVE_NOUN_WORDS + 1; k--) {
    steps++;
    const f = tFlags[k];
    // (the item of a denied list that "eller" closes: its words up to the joiner)
    if (listItem && f & (F_OR | F_OG | F_ELLER)) return k < t - 1;
    // ("Ikke lenger smerter som stråler …": a stopped finding's relative clause stopped with it; adv28)
    if (f & F_NEG)
      return (
        k < t - 1 &&
        ((DENYING_DETERMINER.has(tWord[k]) && !PSEUDO.has(tWord[k + 1])) ||
          // ("Ikke smerter som stråler …", "Har ikke smerter som …": a plain "ikke" opening its
          // clause, or after "har", denies the noun; adv28)
          (PLAIN_NOT.has(tWord[k]) &&
            !PSEUDO.has(tWord[k + 1]) &&
            !HEDGE.has(tWord[k + 1]) &&
            (k === 0 || tClause[k - 1] !== clause || AUX_AFTER_NEG.has(tWord[k - 1]))) ||
          (PLAIN_NOT.has(tWord[k]) && STOPPED.has(tWord[k + 1]) && k + 2 < t && !PSEUDO.has(tWord[k + 2])))
      );
    if (f & (F_SCOPE | F_NUM | F_NEGVERB) || RELATIVE_NOUN_STOP.has(tWord[k])) return false;
  }
  return false;
}
/** After a negation word and right before a finding: the finding has stopped ("ikke lenger utstråling"). */
const STOPPED = new Set(['lenger', 'lengre', 'mer', 'meir']);
/** Auxiliaries before a word telling a finding has stopped ("Utstrålingen har gått over", "er borte", "has resolved"). */
const RESOLVED_AUX = new Set(['har', 'er', 'has', 'is', 'have']);
/** One word telling a finding has stopped, after RESOLVED_AUX ("forsvunnet", "borte", "resolved"). */
const RESOLVED_ONE = new Set([
  'forsvunnet',
  'forsvunne',
  'forsvunni',
  'borte',
  'vekk',
  'vekke',
  'opphørt',
  'opphøyrt',
  'resolved',
  'gone',
  'settled',
  'stopped',
]);
/**
 * Whether the words right after the match ending before `to` tell it has stopped: "har gått
 * over", "har gått bort", "har sluttet/slutta", "har gitt seg", "er borte/vekk/vekke", "har
 * forsvunnet", "has resolved/gone/stopped" (adv28 — "Utstrålinga har gått over" was read as
 * radiating pain now). Present tense only: "Hodepinen var borte etter 10 min" tells a past
 * complaint. Not "gått over i/til" (turned into). "Har gått tilbake" (receded, wholly or in part)
 * is RESOLVED_PARTLY. Constant work.
 */
function resolvedAfter(to: number, clause: number): number {
  if (to + 1 >= n || tClause[to] !== clause || tClause[to + 1] !== clause || !RESOLVED_AUX.has(tWord[to])) return RESOLVED_NO;
  let k = to + 1;
  if ((tWord[k] === 'nå' || tWord[k] === 'no' || tWord[k] === 'now') && k + 1 < n && tClause[k + 1] === clause) k++;
  const w = tWord[k];
  const after = k + 1 < n && tClause[k + 1] === clause ? tWord[k + 1] : '';
  const after2 = k + 2 < n && tClause[k + 2] === clause ? tWord[k + 2] : '';
  if (RESOLVED_ONE.has(w)) return after !== 'i' && after !== 'til' && after !== 'into' ? RESOLVED_YES : RESOLVED_NO;
  if (w === 'sluttet' || w === 'slutta') return after === '' || after === 'å' || after === 'helt' || after === 'heilt' ? RESOLVED_YES : RESOLVED_NO;
  if ((w === 'gitt' || w === 'gjeve' || w === 'gjevi') && after === 'seg') return RESOLVED_YES;
  if (w !== 'gått' && w !== 'gjenge' && w !== 'gjengi') return RESOLVED_NO;
  if (after2 === 'i' || after2 === 'til') return RESOLVED_NO;
  if (after === 'over' || after === 'bort') return RESOLVED_YES;
  // ("Lammelsen har gått tilbake": receded — wholly or in part; left out, neither present nor denied)
  return after === 'tilbake' ? RESOLVED_PARTLY : RESOLVED_NO;
}
const RESOLVED_NO = 0;
const RESOLVED_YES = 1;
const RESOLVED_PARTLY = 2;
/** Words for the family as a whole after "i"/"in" ("Brystkreft i familien", "Stroke in the family"). */
const FAMILY_WORDS = new Set(['familien', 'familia', 'familie', 'slekta', 'slekten', 'slekt', 'family']);
/** Possessives between "in" and the relative ("in his mother"). */
const RELATIVE_POSSESSIVE = new Set(['his', 'her', 'the', 'hans', 'hennes', 'sin']);
/**
 * Whether the match ending before token `to` is named as someone else's right after it: "hos" and
 * a relative ("Brystkreft hos mor", "Hjerneslag hos far"), "i familien"/"i slekta", English "in"
 * and a relative ("Breast cancer in his mother", "Stroke in the family") (adv28 — read as the
 * patient's cancer or stroke). Only directly after the match: "Falt hjemme hos mor" names a place.
 * Constant work.
 */
function otherAfter(to: number, clause: number): boolean {
  if (to + 1 >= n || tClause[to] !== clause || tClause[to + 1] !== clause) return false;
  const p = tWord[to];
  let k = to + 1;
  if (p === 'hos') {
    if (RELATIVE_POSSESSIVE.has(tWord[k]) && k + 1 < n && tClause[k + 1] === clause) k++;
    return (tFlags[k] & F_OTHER) !== 0 || FAMILY_WORDS.has(tWord[k]);
  }
  if (p !== 'i' && p !== 'in') return false;
  if (RELATIVE_POSSESSIVE.has(tWord[k]) && k + 1 < n && tClause[k + 1] === clause) k++;
  if (FAMILY_WORDS.has(tWord[k])) return true;
  return p === 'in' && (tFlags[k] & F_OTHER) !== 0;
}
/** "være"/"vere"/"be" after a modal and "det"/"it" (see isPossibility). */
const BE_WORDS = new Set(['være', 'vere', 'be']);
const MODAL_WORDS = new Set(['kan', 'kunne', 'could', 'may', 'might', 'can']);
const IT_WORDS = new Set(['det', 'dette', 'it', 'this']);
/** Whether the two words before a "være" make it a possibility: "det kan (være)", "kan det (være)", "it could (be)", "could it (be)". */
function isPossibility(a: string, b: string): boolean {
  return (IT_WORDS.has(a) && MODAL_WORDS.has(b)) || (MODAL_WORDS.has(a) && IT_WORDS.has(b));
}
/** The word that opens what a hedge is unsure of ("ikke sikkert om …", "usikkert om …"). */
const HEDGE_OM = new Set(['om', 'if', 'whether']);
/** One-word hedges before such an "om" ("uklart om …", "unclear whether …"). */
const HEDGE_ALONE = new Set(['usikkert', 'usikker', 'uklart', 'uklar', 'uvisst', 'tvilsomt', 'unclear', 'uncertain', 'unsure']);
/** Whether the relative "som" at t qualifies a noun that "ikke sikkert"/"not sure" opens ("Ikke sikkert smerter som stråler"). Bounded look-back. */
function relativeOfHedged(t: number, clause: number): boolean {
  if (tWord[t] !== 'som') return false;
  for (let k = t - 2; k >= 0 && tClause[k] === clause && t - k <= RELATIVE_NOUN_WORDS + 2; k--) {
    steps++;
    // ("Ikke sikkert om det er smerter som stråler …", "Usikkert om det er smerter som …": the
    // hedge's "om" opens the noun's clause; adv29 — read as radiating pain)
    if (HEDGE_OM.has(tWord[k])) {
      const h = k - 1;
      return (
        h >= 0 &&
        tClause[h] === clause &&
        ((tFlags[h] & F_UNC) !== 0 || HEDGE_ALONE.has(tWord[h]) || (h > 0 && tClause[h - 1] === clause && PLAIN_NOT.has(tWord[h - 1]) && HEDGE.has(tWord[h])))
      );
    }
    if (tFlags[k] & F_NEG) return PLAIN_NOT.has(tWord[k]) && HEDGE.has(tWord[k + 1]) && k + 2 < t;
    if (tFlags[k] & (F_SCOPE | F_NUM | F_NEGVERB) || RELATIVE_NOUN_STOP.has(tWord[k])) return false;
  }
  return false;
}
/** Words between "som"/"like" and what it compares with ("som et slag", "som å bli slått", "som om noen slo", "like being hit", "as if"). */
const SIMILE_FILL = new Set(['et', 'en', 'ei', 'eit', 'ein', 'a', 'an', 'being', 'om', 'å', 'bli', 'if', 'noen', 'nokon', 'someone', 'somebody']);
/**
 * Whether the match at `from` is what a comparison compares with: "som", "liksom", "like" or "as"
 * before it in its clause with only SIMILE_FILL words between, at least one ("som et slag i
 * hodet"; a relative "som" right before a verb, "gutt som slo hodet", is no comparison). At most
 * four words back.
 */
function simileBefore(from: number): boolean {
  const clause = tClause[from];
  for (let k = from - 1; k >= 0 && k >= from - 4 && tClause[k] === clause; k--) {
    const w = tWord[k];
    if ((w === 'som' || w === 'liksom' || w === 'like' || (w === 'as' && tWord[k + 1] === 'if')) && k < from - 1) return true;
    if (!SIMILE_FILL.has(w)) return false;
  }
  return false;
}
/** Past verbs of an injury that, right after "og"/"and", open their own predicate (see contextOf; adv33). */
const INJURY_VERBS_AFTER_OG = new Set([
  'falt',
  'datt',
  'ramlet',
  'ramla',
  'slo',
  'sklei',
  'skled',
  'snublet',
  'snubla',
  'vred',
  'vrei',
  'vreid',
  'skadet',
  'skada',
  'skadde',
  'landet',
  'landa',
  'fell',
  'tripped',
  'slipped',
  'twisted',
  'injured',
]);
function contextOf(from: number, to: number, accept: boolean, abnormal = false): number {
  const clause = tClause[from];
  if (tOther[from] || otherAfter(to, clause)) return CTX_OTHER;
  // A finding in a label answered after its colon in more words ("Traume: ikke noe", "Feber: ikke
  // målt"): the answer decides — denied, or unknown (left out); a circumstance in the label
  // ("Bevisstløs etter fallet: ikke noe") is left out (adv20).
  if (clauseAnswer[clause] !== ANSWER_NONE && tEnd[to - 1] <= clauseAnswerColon[clause]) {
    if (clauseAnswer[clause] === ANSWER_UNKNOWN) return CTX_UNC;
    if (
      clauseLabel[clause] === 1 &&
      (LABEL_CIRCUMSTANCE.has(tWord[from]) || (from > 0 && tClause[from - 1] === clause && LABEL_CIRCUMSTANCE.has(tWord[from - 1])))
    )
      return CTX_UNC;
    return CTX_NEG;
  }
  const uncPos = tUncPos[from];
  const unc = clauseQuestion[clause] === 1 || uncPos >= 0;
  // Before: negation reaches NEGATION_WINDOW words and stops at a scope-ending word.
  let negPos = -1;
  let reachedStart = true;
  let joined = false;
  // (a relative "som" of a denied finding was passed: "Ikke lenger smerter som stråler …")
  let viaRelative = false;
  for (let t = from - 1, dist = 0; t >= 0 && tClause[t] === clause; t--, dist++) {
    steps++;
    // "uten tegn på ømhet over patella eller fibulahodet": an item joined by "eller" is denied
    // with the item before it; the window doubles once an "eller" is passed (bounded).
    if (tFlags[t] & F_OR) joined = true;
    if (dist > (joined ? 2 * NEGATION_WINDOW : NEGATION_WINDOW)) {
      reachedStart = false;
      break;
    }
    const f = tFlags[t];
    // ("fysioterapi har ikke hjulpet ortoped vurderer operasjon": the negation is the verb's)
    if (f & (F_SCOPE | F_NEGVERB)) {
      // (a relative clause on a denied finding is denied with it: "Ingen smerter som stråler ned
      // i benet", "Ingen feber, vekttap eller smerter som stråler ned i benet"; adv27 — the
      // radiating pain was read as present)
      if (!(f & F_NEGVERB) && relativeOfDenied(t, clause)) {
        viaRelative = true;
        continue;
      }
      // ("Ikke sikkert smerter som stråler …": the hedge reaches the relative clause; adv28 — read as present)
      if (!(f & F_NEGVERB) && relativeOfHedged(t, clause)) return CTX_UNC;
      reachedStart = false;
      break;
    }
    // ("Syklet uten hjelm og falt", "Gikk uten krykker og datt igjen": a past verb of injury right
    // after "og" opens a new predicate — the "uten" was the helmet's; adv33 — read as no injury)
    if (t === from - 1 && (tWord[t] === 'og' || tWord[t] === 'and') && INJURY_VERBS_AFTER_OG.has(tWord[from])) {
      reachedStart = false;
      break;
    }
    // ("Ingen andre plager enn nattesmerter", "No symptoms other than night pain": what follows an
    // exception word is told, not denied; adv27 — the night pain was read as denied)
    if (EXCEPTION_WORDS.has(tWord[t])) {
      reachedStart = false;
      break;
    }
    if (f & F_NEG && (!(f & F_DEAD) || (tNegHead[t] === 1 && ellerBetween(t, from)))) {
      const next = tWord[t + 1];
      const w = tWord[t];
      // ("Han husker ikke fallet": the negation is the memory's, not the fall's; "husker ikke om
      // han var bevisstløs" leaves the finding uncertain; advice18)
      if (t > 0 && tClause[t - 1] === clause && MEMORY_VERBS.has(tWord[t - 1]) && (w === 'ikke' || w === 'ikkje' || w === 'not')) {
        if (next === 'om' || next === 'hvorvidt' || next === 'if' || next === 'whether') return CTX_UNC;
        reachedStart = false;
        break;
      }
      if ((w === 'fri' || w === 'fritt' || w === 'frie') && next !== 'for') continue;
      // A double negative: "ikke fritt for hydrops", "ikkje heilt fri for smerter", "ikke uten
      // smerter" name the finding (advice16: "kneet er ikke fritt for hydrops" was read as no effusion).
      if (w === 'fri' || w === 'fritt' || w === 'frie' || w === 'uten' || w === 'utan') {
        let k = t - 1;
        if (k >= 0 && tClause[k] === clause && (tWord[k] === 'helt' || tWord[k] === 'heilt')) k--;
        if (k >= 0 && tClause[k] === clause && (tWord[k] === 'ikke' || tWord[k] === 'ikkje')) {
          reachedStart = false;
          break;
        }
      }
      // "Han benekter ikke nattsmerter", "kan ikke benekte": not denied is stated (advice16: was read as denied)
      if (
        t > 0 &&
        tClause[t - 1] === clause &&
        (((w === 'ikke' || w === 'ikkje') && (DENY_VERBS.has(tWord[t - 1]) || DENY_VERBS.has(tWord[t + 1]))) ||
          (DENY_VERBS.has(w) && (tWord[t - 1] === 'ikke' || tWord[t - 1] === 'ikkje')))
      ) {
        reachedStart = false;
        break;
      }
      // "ikke sikkert traume", "ikkje klart om": a hedge, not a negation
      if (HEDGE.has(next)) return CTX_UNC;
      // "ingen bedring, …": the negation is about the improvement; but "ingen endring i hodepinen"
      // negates the finding that starts with that word
      // ("Ikke lenger smerter som stråler", "har ikkje lenger utstråling": a finding that has
      // stopped is not present now — "lenger" takes the negation's force only when a verb or
      // more follows it, "klarer ikke lenger å løfte armen"; adv28 — read as present)
      if (PSEUDO.has(next) && t + 1 !== from && !(STOPPED.has(next) && (t + 2 === from || viaRelative))) continue;
      negPos = t;
      break;
    }
  }
  // ("ikke usannsynlig menisk": not unlikely is a suspicion, not its denial; "usannsynlig/lite trolig
  // menisk" is neither a suspicion nor a denial: left out, also for a suspicion entry; advice16)
  if (
    unc &&
    uncPos >= 0 &&
    !(negPos >= 0 && negPos === uncPos - 1) &&
    (UNLIKELY.has(tWord[uncPos]) || (uncPos > 0 && tWord[uncPos - 1] === 'lite' && tClause[uncPos - 1] === clause))
  )
    return CTX_AMBIGUOUS;
  if (unc)
    return accept && negPos >= 0 && negPos < uncPos && !(negPos === uncPos - 1 && UNLIKELY.has(tWord[uncPos])) && deniesSuspicion(negPos, uncPos)
      ? CTX_NEG
      : CTX_UNC;
  // (a suspicion phrase that opens with its question word, "spm LE": the same nearness as above —
  // "D-dimer ikke tatt spm LE" asks, it does not deny; adv21)
  if (accept && negPos >= 0 && tFlags[from] & F_UNC && !deniesSuspicion(negPos, from)) return CTX_UNC;
  let negated = negPos >= 0;
  ctxNegPos = negPos;
  ctxNegByList = false;
  // An item of a negated comma list ("Benekter feber, vekttap og …").
  if (!negated && reachedStart) {
    const list = clauseList[clause];
    if (list === LIST_NEG) negated = ctxNegByList = true;
    else if (list === LIST_AMBIGUOUS || (list === LIST_SINGLE && abnormal)) return CTX_AMBIGUOUS;
  }
  // (a finding after a preposition in a short label answered after its colon is the label's
  // circumstance, not what is answered: "Bevisstløs etter fallet: nei" denies the unconsciousness,
  // not the fall — the circumstance is left out, neither told nor denied; adv19)
  if (
    clauseLabel[clause] === 1 &&
    (LABEL_CIRCUMSTANCE.has(tWord[from]) || (from > 0 && tClause[from - 1] === clause && LABEL_CIRCUMSTANCE.has(tWord[from - 1])))
  )
    return negated ? CTX_NEG : CTX_UNC;
  if (minusAfter(tEnd[to - 1]) || negativeAnswerAfter(tEnd[to - 1], (tFlags[from] & F_TEST) === 0)) negated = true;
  // ("Utstrålingen har gått over", "The sciatica has resolved": stopped, not present now; adv28)
  if (!negated) {
    const resolved = resolvedAfter(to, clause);
    if (resolved === RESOLVED_YES) return CTX_NEG;
    if (resolved === RESOLVED_PARTLY) return CTX_AMBIGUOUS;
  }
  // Right after: "falt ikke", "hydrops ikke påvist", "Røde flagg: ingen" (but "feber ikke målt" is unknown).
  // Only when the negation closes its clause or is followed by a confirming verb: in "rtg viser
  // ingen artrose" and "rtg viser ikke artrose" it is about the next finding, not the X-ray.
  if (to < n && (tClause[to] === clause || linked(to - 1, to))) {
    const w = tWord[to];
    // English "Fever: no", "Radiating pain: none" — the label's answer after its colon, closing the
    // clause (nynorsk "no" is "now", never a label's whole value; adv19: read as present)
    if (labelNo(to) && (to + 1 >= n || tClause[to + 1] !== tClause[to]) && lower_.slice(tEnd[to - 1], tStart[to]).includes(':')) return CTX_NEG;
    if ((w === 'ikke' || w === 'ikkje' || w === 'ingen' || w === 'inga' || w === 'nei') && !(tFlags[to] & F_DEAD)) {
      const x = to + 1 < n && tClause[to + 1] === tClause[to] ? tWord[to + 1] : '';
      if (
        x === 'målt' ||
        x === 'tatt' ||
        x === 'teke' ||
        x === 'undersøkt' ||
        x === 'vurdert' ||
        x === 'kjent' ||
        x === 'kjend' ||
        x === 'spurt' ||
        x === 'avklart' ||
        HEDGE.has(x)
      )
        return CTX_UNC;
      // ("Kneet låser seg ikke lenger": stopped; adv28)
      if (x === '' || CONFIRMING.has(x) || (STOPPED.has(x) && (to + 2 >= n || tClause[to + 2] !== tClause[to]))) return CTX_NEG;
      // ("besvimte ikke og har …", "hovnet ikke opp", "låste seg ikke, men …": the negation after
      // a finite verb, before a conjunction or the verb's particle and the clause end; advice18 —
      // both were read as present)
      if (NEG_CLOSERS.has(x)) return CTX_NEG;
      if (VERB_PARTICLES.has(x)) {
        const y = to + 2 < n && tClause[to + 2] === tClause[to] ? tWord[to + 2] : '';
        if (y === '' || NEG_CLOSERS.has(y) || CONFIRMING.has(y)) return CTX_NEG;
      }
    }
  }
  // A short label answered after its colon ("Utstråling til arm: nei", "Hevelse rundt øyet: nei"):
  // the answer, the clause's last word, is the label's however far from the finding (adv19).
  if (clauseLabel[clause] === 1) {
    // (only tokens of this note: past n the arrays hold an earlier note's words)
    let last = to - 1;
    while (last + 1 < n && tClause[last + 1] === clause && last < to + 4) last++;
    if (last >= to && ((tFlags[last] & F_NEG_AFTER && !(tFlags[last] & F_DEAD)) || labelNo(last))) return CTX_NEG;
  }
  // An unlikely-hedge closing the clause up to four words on ("Utstråling til armen lite
  // sannsynlig", "PE unlikely"): neither stated nor suspected (adv21 — read as present). Stops at
  // a negation or a scope-ending word, which start another statement.
  for (let t = to; t < n && t < to + 4 && tClause[t] === clause; t++) {
    steps++;
    if (tFlags[t] & (F_NEG | F_SCOPE)) break;
    if (UNLIKELY_AFTER.has(tWord[t])) return CTX_AMBIGUOUS;
    if (tWord[t] === 'lite' && t + 1 < n && tClause[t + 1] === clause && LIKELY_WORDS.has(tWord[t + 1])) return CTX_AMBIGUOUS;
  }
  // After: two words.
  for (let t = to; t < n && t < to + 2 && tClause[t] === clause; t++) {
    steps++;
    const f = tFlags[t];
    if (f & F_UNC_AFTER) return CTX_UNC;
    // ("… hø. Neg. for ridebukseanestesi": "neg. for" negates what follows it, not what came before)
    if (f & F_NEG_AFTER && !(f & F_DEAD) && !(t + 1 < n && tWord[t + 1] === 'for')) negated = true;
    if (
      (tWord[t] === 'ikke' || tWord[t] === 'ikkje') &&
      t + 1 < n &&
      (tWord[t + 1] === 'utelukket' || tWord[t + 1] === 'utelukkes' || tWord[t + 1] === 'utelukka')
    )
      return CTX_UNC;
  }
  if (!negated && listDeniedAfter(from, to)) negated = true;
  return negated ? CTX_NEG : CTX_PLAIN;
}

// ---------------------------------------------------------------------------------------------
// Numbers and durations

/** Number words too vague to be a score ("par", "noen", "flere"): never a GCS or Wells value. */
/** "null" and English number words as a score ("Wells null", "GCS fourteen", "Wells score seven"; adv23). */
const ENGLISH_SCORE_WORDS = new Map(
  Object.entries({
    null: 0,
    zero: 0,
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
    thirteen: 13,
    fourteen: 14,
    fifteen: 15,
  }),
);
/** A cyst size's unit as written ("cm", "centimeter", "millimeter"; adv23) → "cm" or "mm". */
const SIZE_UNITS = new Map(
  Object.entries({
    cm: 'cm',
    centimeter: 'cm',
    centimeters: 'cm',
    centimetre: 'cm',
    centimetres: 'cm',
    mm: 'mm',
    millimeter: 'mm',
    millimeters: 'mm',
    millimetre: 'mm',
    millimetres: 'mm',
  }),
);
/** Number words that are also function words ("to", "en"): a Wells score only before "poeng". */
const SHORT_NUMBER_WORDS = new Set(['to', 'en', 'ei', 'ein', 'ett', 'eitt', 'én']);
const VAGUE_NUMBER_WORDS = new Set(['par', 'noen', 'nokre', 'nokon', 'flere', 'fleire']);
/**
 * The value of a score written in digits or as an exact number word ("GCS fjorten", "Wells-skår
 * sju", "Wells null"; adv23); NaN for anything else, vague counts included.
 */
function scoreAt(t: number): number {
  if (tFlags[t] & F_NUM) return Number(tWord[t].replace(',', '.'));
  const english = ENGLISH_SCORE_WORDS.get(tWord[t]);
  if (english !== undefined) return english;
  if (!(tFlags[t] & F_NUMWORD) || VAGUE_NUMBER_WORDS.has(tWord[t])) return NaN;
  return NUMBER_WORD.get(tWord[t])!;
}

function numberAt(t: number): number {
  if (tFlags[t] & F_NUM) return Number(tWord[t].replace(',', '.'));
  if (!(tFlags[t] & F_NUMWORD)) return NaN;
  return NUMBER_WORD.get(tWord[t])!;
}

/** Whole days from `from` to now's calendar date, in weeks. */
const weeksSince = (now: Date, from: Date) =>
  Math.floor((Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - from.getTime()) / 86_400_000) / 7;

/** Latest date on or before now with this month/day. */
function lastOccurrence(now: Date, month: number, day: number): Date {
  const y = now.getUTCFullYear();
  const d = new Date(Date.UTC(y, month, day));
  return d.getTime() <= now.getTime() ? d : new Date(Date.UTC(y - 1, month, day));
}

/** How a duration was given: a number and unit beats a date it counts from, which beats a vague word. */
const EXPLICIT = 2;
const ANCHORED = 1;
/** An injury's calendar date ("Falt 20.11"): below every other dated or stated reading, above a vague one (adv33). */
const INJURY_DATED = 0.5;
const VAGUE = 0;
/** A duration given as a correction ("i 8 uker, nei 8 dager", "korrigert: 14 dager"): it replaces any other (advice18). */
const CORRECTED = 9;
/** Words that correct what was said just before ("nei, 8 dager", "korrigert: 14 dager"); the first four only after a comma or dash. */
const CORRECTION_WORDS = new Set([
  'nei',
  'unnskyld',
  'beklager',
  'sorry',
  'korrigert',
  'korrigering',
  'korreksjon',
  'rettelse',
  'retting',
  'rettet',
  'retta',
  'mente',
  'meinte',
  'rettere',
]);
const CORRECTION_AFTER_MARK = new Set(['nei', 'unnskyld', 'beklager', 'sorry']);
/** "skal være 5 dager", "skulle vore 5 dagar". */
const SHOULD_BE = new Set(['være', 'vere', 'vært', 'vore']);
/** Words between a correction and its duration ("nei, i 8 dager", "korrigert: ca 5 dager"). */
const DURATION_FILLERS = new Set(['i', 'x', 'ca', 'cirka', 'omtrent']);
const WRITTEN_AFTER =
  /^\s*(?:som\s+)?(?:jeg\s+|eg\s+|vi\s+)?(?:har\s+|hadde\s+)?(?:skrevet|skrev|skreiv|oppgitt|oppgav|nevnt|nemnt|angitt|angav|stated|written)/;
/** The word ending at or before char j (skipping non-letters, at most back to char `limit`) as [start, end), in cwStart/cwEnd; false when none. */
let cwStart = 0;
let cwEnd = 0;
function wordBefore(j: number, limit: number): boolean {
  let e = j;
  while (e > limit && !isLetter(lower_.charCodeAt(e - 1))) e--;
  let b = e;
  while (b > limit && isLetter(lower_.charCodeAt(b - 1))) b--;
  if (b === e) return false;
  cwStart = b;
  cwEnd = e;
  return true;
}
/**
 * How the words just before a duration at char `from` frame it (advice18): CORRECTED when they
 * correct what came before ("3 uker, nei 3 dager", "– unnskyld, 5 dager", "korrigert: 5 dager",
 * "rettelse: …", "skal være 5 dager"; "nei" only after a comma or dash, not "Traume? Nei. 3 uker"),
 * -1 when "ikke"/"ikkje" stands before it and "som (jeg) skrev …" after it ("ikke 3 dager som
 * skrevet": taken back), else 0. Looks at most four words and 48 chars back: constant work.
 */
function correctionBefore(from: number, to: number): number {
  const limit = Math.max(0, from - 48);
  let j = from;
  let w = '';
  for (let k = 0; k < 4; k++) {
    if (!wordBefore(j, limit)) return 0;
    w = lower_.slice(cwStart, cwEnd);
    j = cwStart;
    if (!DURATION_FILLERS.has(w)) break;
  }
  if (w === 'ikke' || w === 'ikkje' || w === 'not') return WRITTEN_AFTER.test(lower_.slice(to, to + 40)) ? -1 : 0;
  if (SHOULD_BE.has(w)) {
    if (!wordBefore(j, limit)) return 0;
    const v = lower_.slice(cwStart, cwEnd);
    return v === 'skal' || v === 'skulle' ? CORRECTED : 0;
  }
  if (!CORRECTION_WORDS.has(w)) return 0;
  if (!CORRECTION_AFTER_MARK.has(w)) return CORRECTED;
  // (the mark before the word: "…, nei", "– unnskyld")
  for (let c = j - 1; c >= limit; c--) {
    const ch = lower_.charCodeAt(c);
    if (ch === 44 || ch === 0x2013 || ch === 45) return CORRECTED;
    if (ch !== 32 && ch !== 9) return 0;
  }
  return 0;
}
/** Words of a complaint or its start that date it when "sist uke" follows ("Vond nakke sist uke"; adv24). */
const COMPLAINT_WORDS = new Set([
  'vond',
  'vondt',
  'vont',
  'verk',
  'løft',
  'løfting',
  'akutt',
  'kink',
  'hekseskudd',
  // an injury dates the complaint as well ("Nakkesleng etter påkjørsel bakfra sist uke")
  'nakkesleng',
  'skade',
  'skadet',
  'skadde',
  'vridd',
  'vred',
  'vreid',
  'falt',
  'datt',
  'påkjørt',
  'påkjørsel',
  'påkøyrd',
]);
/** Endings of complaint words beside SYMPTOM_TAIL ("bihulebetennelse", "rhinosinusitt", "sinusitis"). */
const COMPLAINT_TAIL = /(?:betennelse|betennelsen|sinusitt|sinusitis)$/;
/**
 * Whether a complaint word (ONSET_SYMPTOM_WORDS, a word ending in "smerter", COMPLAINT_WORDS)
 * stands at most 8 words before t in its sentence. Bounded look-back: linear.
 */
function complaintBefore(t: number): boolean {
  for (let k = t - 1; k >= 0 && k >= t - 8 && tSent[k] === tSent[t]; k--) {
    steps++;
    const w = tWord[k];
    // (also "bihulebetennelse", "rhinosinusitt", "hovudpine", "ryggplager"; adv33)
    if (ONSET.has(w) || COMPLAINT_WORDS.has(w) || w.endsWith('smerter') || w.endsWith('smerte') || SYMPTOM_TAIL.test(w) || COMPLAINT_TAIL.test(w)) return true;
  }
  return false;
}
/** Words of a past event that a duration in its clause dates (a stopped drug, an operation; adv29). */
const PAST_EVENT_WORDS = new Set(['operert', 'opererte', 'operated']);
/** Whether the clause of the duration at char `from` names a past event within eight words of it. Constant work. */
function datesPastEvent(from: number): boolean {
  if (n === 0) return false;
  const a = tokenAt(from);
  for (let j = Math.max(0, a - 8); j < n && j <= a + 8; j++) {
    steps++;
    if (tClause[j] === tClause[a] && (PAST_EVENT_WORDS.has(tWord[j]) || STOPPED_WORDS.has(tWord[j]))) return true;
  }
  return false;
}
interface Dur {
  weeks: number;
  from: number;
  to: number;
  tier: number;
  /** A range's lower end in weeks ("4–6 uker": 4; `weeks` is its upper end); NaN when not a range. */
  low: number;
}

let best: Dur | null = null;
function consider(weeks: number, from: number, to: number, tier = EXPLICIT, low = NaN) {
  if (!(weeks >= 0) || !Number.isFinite(weeks)) return;
  // (a duration inside text copied from an earlier record entry is not the present complaint's, advice17)
  if (copiedRanges.length !== 0 && inCopied(from)) return;
  // (nor one in a conditional statement: "hvis ikke bedring i løpet av 6 uker"; adv22)
  if (anyCond && inConditional(from)) return;
  // (nor one that dates a stopped drug or an operation: "Sluttet med Albyl-E for 2 år siden",
  // "Operert for prolaps for 5 år siden" beside "Ryggsmerter siden mandag"; adv29)
  if (datesPastEvent(from)) return;
  // (taken back: "ikke 3 dager som skrevet"; corrected: "nei, 8 dager" replaces what came before; advice18)
  const framed = correctionBefore(from, to);
  if (framed < 0) return;
  if (framed === CORRECTED) tier = CORRECTED;
  // A better-tier duration wins; among equals the first given wins, except that of two vague
  // lower bounds ("kroniske smerter i mange år") the larger says more.
  if (!best || tier > best.tier) best = { weeks, from, to, tier, low };
  else if (tier === best.tier) {
    if (tier === VAGUE && weeks >= VAGUE_DURATION.chronic && best.weeks >= VAGUE_DURATION.chronic) {
      if (weeks > best.weeks) best = { weeks, from, to, tier, low };
    } else if (from < best.from) best = { weeks, from, to, tier, low };
  }
}
/** Words of a change in a complaint ("verre siste mnd", "forverring siste døgn", "endret karakter siste måned"). */
const CHANGE_WORDS = new Set([
  'verre',
  'verst',
  'forverret',
  'forverra',
  'forverring',
  'forverringen',
  'forverringa',
  // (not "økende"/"tiltagende": "gradvis økende smerter siste år" grew over that year)
  'bedre',
  'betre',
  'endret',
  'endra',
  'oftere',
  'oftare',
  'hyppigere',
  'hyppigare',
  'mer',
  'meir',
  'worse',
]);
/** Words of a count of episodes ("Fem episoder … siste år", "mange antibiotikakurer siste år"). */
const COUNT_WORDS = new Set(['episoder', 'episodar', 'episode', 'ganger', 'gonger', 'gang', 'gong', 'anfall', 'tilfeller', 'tilfelle', 'kurer', 'kurar']);
/**
 * Whether "siste <unit>" at t dates a change or bounds a count, not the complaint's onset: a change
 * word at most five words before it in its clause ("Smerter i flere år, verre siste mnd"), or a
 * count word (or "…kurer") at most eight words before it in its sentence ("Fem episoder med
 * sinusitt siste år"). Bounded look-back.
 */
function changeOrCountBefore(t: number): boolean {
  for (let k = t - 1; k >= 0 && k >= t - 8 && tSent[k] === tSent[t]; k--) {
    const w = tWord[k];
    if (k >= t - 5 && tClause[k] === tClause[t] && CHANGE_WORDS.has(w)) return true;
    if (COUNT_WORDS.has(w) || w.endsWith('kurer') || w.endsWith('kurar')) return true;
  }
  return false;
}
/** A unit told in the singular after "siste" ("siste uke", "siste måneden", "siste året"): its length in weeks, read as a vague duration. */
const LAST_UNIT: Record<string, number> = {
  uke: 1,
  uka: 1,
  uken: 1,
  veke: 1,
  veka: 1,
  døgn: 1 / 7,
  døgnet: 1 / 7,
  måned: 4.345,
  måneden: 4.345,
  månad: 4.345,
  månaden: 4.345,
  mnd: 4.345,
  år: 52.18,
  året: 52.18,
};
/** Words for a week number ("uke 40", "veke 46", "week 42"). */
const WEEK_WORDS = new Set(['uke', 'veke', 'veka', 'uka', 'week', 'wk', 'u']);
/** The day of the month a part of it starts, conservatively late ("midten av oktober" = the 15th). */
const PART_OF_MONTH: Record<string, number> = {
  begynnelsen: 1,
  starten: 1,
  byrjinga: 1,
  midten: 15,
  midt: 15,
  tidlig: 1,
  tidleg: 1,
  sist: 25,
  seint: 25,
  sent: 25,
  slutten: 25,
  slutet: 25,
  enden: 25,
};
/** The Monday of ISO week `w` in now's year, or the year before when that Monday is after now; null for no such week. */
function isoWeekStart(now: Date, w: number): Date | null {
  if (!(w >= 1 && w <= 53)) return null;
  for (const y of [now.getUTCFullYear(), now.getUTCFullYear() - 1]) {
    const jan4 = Date.UTC(y, 0, 4);
    const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86400000 + (w - 1) * 7 * 86400000;
    if (monday <= now.getTime()) return new Date(monday);
  }
  return null;
}
const isSince = (w: string) => w === 'siden' || w === 'sidan' || w === 'sia';
/**
 * Whether English "since" before token k opens an onset (adv30, adv31): a weekday, a month's name
 * (ENGLISH_MONTHS), a year (19xx/20xx), a season or Christmas (optionally after "the"/"early"),
 * or "last year". Not "since then", "since he fell", "since 3 weeks".
 */
function englishSince(k: number): boolean {
  let x = tWord[k];
  if ((x === 'the' || x === 'early') && k + 1 < n && tClause[k + 1] === tClause[k]) x = tWord[k + 1];
  if (WEEKDAYS[x] !== undefined || ENGLISH_MONTHS[x] !== undefined || ENGLISH_SEASONS[x] !== undefined) return true;
  if (tFlags[k] & F_NUM && /^(19|20)\d\d$/.test(x)) return true;
  return x === 'last' && k + 1 < n && tWord[k + 1] === 'year';
}
/** The dash between a range's two numbers ("2–3", "2 - 3"). */
const RANGE_DASH = /^\s?[-–]\s?$/;
/**
 * The lower end of a range whose upper end is the count at token `upper` ("4–6 uker", "4 - 6
 * uker", "fire til seks veker", "for 2–3 uker siden"), or NaN when it is no range (adv20). Looks
 * at most two tokens back.
 */
function rangeLowerEnd(upper: number, clause: number): number {
  const k = rangeStart(upper, clause);
  return k >= 0 ? numberAt(k) : NaN;
}
/** The token of a range's lower end whose upper end is at token `upper` (see rangeLowerEnd), or -1. */
function rangeStart(upper: number, clause: number): number {
  const k = upper - 1;
  if (k < 0 || tClause[k] !== clause) return -1;
  let at = -1;
  if (tFlags[k] & F_NUM && RANGE_DASH.test(lower_.slice(tEnd[k], tStart[upper]))) at = k;
  else if ((tWord[k] === 'til' || tWord[k] === 'to') && k > 0 && tClause[k - 1] === clause && tFlags[k - 1] & (F_NUM | F_NUMWORD)) at = k - 1;
  if (at < 0) return -1;
  const lo = numberAt(at);
  return lo >= 0 && lo < numberAt(upper) ? at : -1;
}
/** Words that date a complaint's onset when a date follows ("Bihulesmerter, start 24.11.", "symptomdebut 3.11."; adv19). */
const ONSET_DATE = new Set(['start', 'debut', 'oppstart', 'symptomstart', 'symptomdebut', 'debuterte', 'startet', 'starta', 'begynte', 'byrja', 'onset']);
/** A symptom word ("bihulesmerter", "hodepine", "plager"): the onset words above date it. */
const SYMPTOM_TAIL = /(?:smerter|smerte|smertene|pine|verk|plager|plagene|plagane)$/;
/**
 * Whether the onset word at t dates the complaint: "symptomstart"/"symptomdebut" always, the others
 * right after a symptom word in the same sentence ("Bihulesmerter, start 24.11.", "hodepine debuterte
 * 3.11."), never after a treatment ("Fysioterapi start 24.11." dates the treatment). The date itself
 * is read as after "fra" (a calendar date, a month or a year only).
 */
const INJURY_DATE_SET = new Set(INJURY_DATE_WORDS);
/**
 * Whether the injury word at t is dated by a calendar date in its clause: the next word, or the one
 * after a place or "den" ("Falt 20.11", "Påkjørt bakfra 27.11.26", "Skadet kneet 3. november",
 * "Fall på sykkel 20.11"), at most three words on. A year or a month alone is no such date
 * ("Skadet kneet 2015" dates an old injury, not the complaint), nor is a date over a year back.
 */
function injuryDateWord(t: number): number {
  if (!INJURY_DATE_SET.has(tWord[t])) return -1;
  for (let k = t + 1; k < n && k <= t + 4 && tClause[k] === tClause[t]; k++) {
    const x = tWord[k];
    if (tFlags[k] & F_NUM) {
      if (/^\d{1,2}\.\d{1,2}(\.(\d\d|\d{4}))?$/.test(x)) return k;
      if (/^\d{1,2}$/.test(x) && k + 1 < n && tClause[k + 1] === tClause[t] && MONTHS[tWord[k + 1]] !== undefined) return k;
      return -1;
    }
  }
  return -1;
}
function onsetDateWord(t: number): boolean {
  const w = tWord[t];
  if (!ONSET_DATE.has(w)) return false;
  if (w === 'symptomstart' || w === 'symptomdebut') return true;
  if (t === 0 || tSent[t - 1] !== tSent[t]) return false;
  const p = tWord[t - 1];
  return ONSET.has(p) || SYMPTOM_TAIL.test(p);
}
/** How many words after an imaging word a date or an "ago" still dates that exam ("Røntgen av venstre kne for 2 mnd sidan"). */
const EXAM_DATE_WINDOW = 5;
/** An imaging word: an exam named in the note ("rtg", "røntgen", "MR", "CT", "UL", "X-ray", "scan"). */
function isImagingWord(w: string): boolean {
  return (
    w === 'rtg' ||
    w === 'mr' ||
    w === 'mri' ||
    w === 'ct' ||
    w === 'ul' ||
    w === 'ultralyd' ||
    w === 'xray' ||
    w === 'ray' ||
    w === 'scan' ||
    w === 'røntget' ||
    w === 'røntga' ||
    w.startsWith('røntgen') ||
    w.startsWith('rontgen')
  );
}
/** Whether a stiffness word ("morgenstivhet", "stiv", "stiffness") comes at most three words before t in its clause. */
function stiffnessBefore(t: number, clause: number): boolean {
  for (let k = t - 1; k >= 0 && k >= t - 3 && tClause[k] === clause; k--) {
    const w = tWord[k];
    if (w.startsWith('morgenstiv') || w.startsWith('stiv') || w === 'stiffness') return true;
  }
  return false;
}
/** Words of an approximate count between "for" and the number ("for ca 3 uker siden"). */
const APPROX = new Set(['ca', 'cirka', 'omtrent', 'omlag', 'drøyt', 'snaut', 'knapt', 'nesten', 'vel']);
/** Time words before a "3/12"-style duration that make it a duration, not a date. */
const FRACTION_CUES = new Set(['i', 'x', 'ca', 'siste', 'over', 'på', 'sidan', 'siden', 'varighet', 'varigheit', 'nesten', 'minst']);

function readDuration(now: Date): Dur | null {
  best = null;
  // The last imaging word seen ("Rtg bekken for 3 uker siden: ua", "MR LS 2019"): a date or an
  // "ago" just after it dates the exam, not the complaint (advice13).
  let lastImg = -1;
  const datesExam = (from: number) => lastImg >= 0 && tClause[lastImg] === tClause[from] && from - lastImg <= EXAM_DATE_WINDOW;
  for (let t = 0; t < n; t++) {
    steps++;
    if (tFlags[t] & F_IMG) lastImg = t;
    // Only numbers, number words and the trigger words below can start a reading (F_DUR lists them).
    if ((tFlags[t] & (F_NUM | F_NUMWORD | F_DUR)) === 0) continue;
    const w = tWord[t];
    const clause = tClause[t];
    const prev = t > 0 && tClause[t - 1] === clause ? tWord[t - 1] : '';
    // <number> <unit>, "et par uker", "1/2 år", "halvannet år"
    let value = numberAt(t);
    let numFrom = t;
    if (w === 'par' && (prev === 'et' || prev === 'eit' || prev === 'ett')) numFrom = t - 1;
    // Clinical fraction notation: "2/52" two weeks, "3/12" three months, "5/7" five days. "/52"
    // is never a date; "/12" and "/7" are read only after a time word ("i 3/12", "x 5/7") or as
    // "for 3/12 siden" — "3/12" alone may be 3 December.
    if (tFlags[t] & F_NUM && t + 1 < n && tClause[t + 1] === clause && tStart[t + 1] === tEnd[t] + 1 && lower_.charCodeAt(tEnd[t]) === 47) {
      const den = tWord[t + 1];
      const perWeek = den === '52' ? 1 : den === '12' ? 52 / 12 : den === '7' ? 1 / 7 : 0;
      const after = t + 2 < n && tClause[t + 2] === clause ? tWord[t + 2] : '';
      // (English "for 10/7", "for 6/12": a note written in English names no date after "for"; adv22)
      const forEnglish = prev === 'for' && !isSince(after) && englishNote();
      const cued = den === '52' || FRACTION_CUES.has(prev) || (prev === 'for' && isSince(after)) || forEnglish;
      // "x 10/7" (ten days), "x 18/12": after the telegraphic "x" the count may pass the denominator
      // (advice13); elsewhere "10/7" may be 10 July
      const limit = (prev === 'x' || forEnglish) && den !== '52' ? 2 * Number(den) : Number(den);
      if (perWeek > 0 && value > 0 && value < limit && cued && (t + 2 >= n || lower_.charCodeAt(tEnd[t + 1]) !== 47)) {
        consider(value * perWeek, tStart[t], tEnd[t + 1], EXPLICIT);
        continue;
      }
    }
    if (!Number.isNaN(value) && t + 1 < n && tClause[t + 1] === clause) {
      let u = t + 1;
      // "1 1/2 mnd", "2 1/2 uke": a whole number and a half (advice16: read as "1/2 mnd")
      if (
        u + 1 < n &&
        tWord[u] === '1' &&
        tWord[u + 1] === '2' &&
        tClause[u + 1] === clause &&
        tStart[u] > tEnd[t] &&
        tStart[u + 1] === tEnd[u] + 1 &&
        lower_.charCodeAt(tEnd[u]) === 47 &&
        tFlags[t] & F_NUM
      ) {
        value += 0.5;
        u += 2;
      }
      // "1/2 år" (a slash: "1-2 mnd" is a range, adv20 — it was read as half a month)
      if (value === 1 && tWord[u] === '2' && tStart[u] === tEnd[t] + 1 && lower_.charCodeAt(tEnd[t]) === 47) {
        value = 0.5;
        u++;
      }
      if (u < n && tClause[u] === clause) {
        const unitWeeks = UNIT.get(tWord[u]);
        const gap = tStart[u] - tEnd[u - 1];
        if (unitWeeks !== undefined && gap <= 2) {
          const unit = tWord[u];
          // (the word before a range's lower end: "i 1-2 år" is framed by "i"; adv20)
          const rs = rangeStart(numFrom, clause);
          const first = rs >= 0 ? rs : numFrom;
          const before = first > 0 && tClause[first - 1] === clause ? tWord[first - 1] : '';
          const after = u + 1 < n && tClause[u + 1] === clause ? tWord[u + 1] : '';
          const isNum = (tFlags[t] & F_NUM) !== 0;
          const between = lower_.slice(tEnd[u - 1], tStart[u]);
          // "x 3 uker", "x 10 d": telegraphic "for"; but "2 x 10 dager" counts courses, not the history
          const timesFor = before === 'x' && !(numFrom > 1 && tClause[numFrom - 2] === clause && tFlags[numFrom - 2] & (F_NUM | F_NUMWORD));
          let ok = between.trim() === '' && (timesFor || !NOT_DUR_BEFORE.has(before));
          // "for 2 dager siden" is a duration; "68 år gammel", "10 uker gravid" and "siste
          // menstruasjon for 3 år siden" are not
          if (after === 'ago') ok = ok && isNum && !datesExam(numFrom);
          else if (isSince(after)) {
            // ("for 2–3 uker siden": a range's lower end before the count — read from the upper
            // end, as "i 2–3 uker" is; adv19)
            const lo = numFrom - 1;
            const ranged = lo > 0 && tClause[lo] === clause && (tFlags[lo] & F_NUM) !== 0 && RANGE_DASH.test(lower_.slice(tEnd[lo], tStart[numFrom]));
            const first = ranged ? lo : numFrom;
            const bef = ranged ? (first > 0 && tClause[first - 1] === clause ? tWord[first - 1] : '') : before;
            // ("for ca 3 uker siden", "for omtrent 2 mnd sidan": an approximate count, advice16)
            const approx = APPROX.has(bef) && first > 1 && tClause[first - 2] === clause && tWord[first - 2] === 'for';
            const forAt = approx ? first - 2 : first - 1;
            // (also without "for": "akutt forverring 4 d siden"; not after an event's word, see NOT_DURATION_TWO_BEFORE)
            ok =
              ok &&
              (bef === 'for' || approx || (!NOT_DUR_TWO_BEFORE.has(bef) && !(first > 0 && tFlags[first - 1] & F_NUM))) &&
              !(forAt > 0 && tClause[forAt - 1] === clause && NOT_DUR_TWO_BEFORE.has(tWord[forAt - 1])) &&
              !datesExam(first);
          } else if (NOT_DUR_AFTER.has(after)) ok = false;
          // single letters and years need a time word in front ("i 2 år", "siste 3 år", "over 1 år")
          // ("3 u.", "for 3 u. siden"; but "fysio x 10 u/effekt" is "uten effekt", advice16)
          if (unit === 'u') ok = ok && isNum && value <= 52 && !timesFor && lower_.charCodeAt(tEnd[u]) !== 47;
          if ((unit === 'd' || unit === 'u') && !isSince(after)) {
            // "Sinusitt 5 d", "i 3 d": a number of days, not a D-dimer ("Wells 0 D-dimer neg"),
            // a score or an age
            ok =
              ok &&
              isNum &&
              value <= 90 &&
              after !== 'dimer' &&
              before !== 'wells' &&
              before !== 'gcs' &&
              before !== 'score' &&
              before !== 'skår' &&
              before !== 'vitamin';
          } else if (unit === 'years' || unit === 'year' || unit === 'yrs' || unit === 'yr') {
            ok = ok && (before === 'for' || before === 'over' || before === 'past' || after === 'ago');
          } else if ((unit === 'år' || unit === 'åra' || unit === 't') && !isSince(after)) {
            const prevNum = lower_.slice(Math.max(0, tStart[numFrom] - 2), tStart[numFrom]);
            ok =
              ok &&
              (value === 0.5 ||
                before === 'i' ||
                before === 'siste' ||
                before === 'over' ||
                before === 'enn' ||
                // "varighet 1,5 år" (a duration's label)
                before === 'varighet' ||
                before === 'varigheit' ||
                before === 'duration' ||
                // "Hoftesmerter ve 1 år", "Ryggsmerter: 2 år" (a side word or a label's colon before a small number)
                ((before === 've' || before === 'hø' || before === 'bilat' || lower_.slice(tEnd[numFrom - 1] ?? 0, tStart[numFrom]).trim() === ':') &&
                  numFrom > 0 &&
                  tClause[numFrom - 1] === clause &&
                  value <= 20) ||
                before === 'ca' ||
                before === 'nesten' ||
                before === 'minst' ||
                // "Ryggsmerter 1 år", "Plager 2 år": a complaint word right before a small number (advice15)
                ((ONSET.has(before) || before.endsWith('smerter') || before.endsWith('plager')) &&
                  value <= 10 &&
                  numFrom > 0 &&
                  tClause[numFrom - 1] === clause) ||
                timesFor ||
                prevNum.includes('>'));
            if (unit === 't') ok = ok && isNum && (gap === 0 || timesFor);
          }
          if (!isNum && (w === 'en' || w === 'ei' || w === 'ett' || w === 'ein' || w === 'eitt') && unitWeeks < 1) {
            // "en dag", "ei tid" are also ordinary phrases ("en dag falt hun"): a time word in front
            ok =
              ok &&
              (value === 0.5 ||
                before === 'i' ||
                before === 'siste' ||
                before === 'over' ||
                before === 'for' ||
                before === 'ca' ||
                before === 'snart' ||
                before === 'nesten');
          }
          // "morgenstivhet over 1 time", "morning stiffness 1 hour": how long the stiffness lasts each
          // morning, not how long the complaint has lasted (advice13)
          if (unitWeeks < 1 / 7 && stiffnessBefore(numFrom, clause)) ok = false;
          const vagueYears = unitWeeks > 50 && (w === 'flere' || w === 'fleire' || w === 'noen' || w === 'nokre' || w === 'par');
          if (!vagueYears) {
            // (a range, "4–6 uker": the upper end is the value, the lower end kept with it, so the
            // engine can tell whether the range straddles a rule's threshold; adv20)
            if (ok) consider(value * unitWeeks, tStart[numFrom], tEnd[u], EXPLICIT, rangeLowerEnd(numFrom, clause) * unitWeeks);
            continue;
          }
        }
      }
    }
    // "et halvt år", "halvår", "halvannet år", "halvannen uke"
    if (w === 'halvt' && t + 1 < n && tWord[t + 1] === 'år' && tClause[t + 1] === clause)
      consider(VAGUE_DURATION.halfYear, tStart[t > 0 && (prev === 'et' || prev === 'eit') ? t - 1 : t], tEnd[t + 1]);
    else if (w === 'halvår' || w === 'halvåret') consider(VAGUE_DURATION.halfYear, tStart[t], tEnd[t]);
    else if ((w === 'halvannet' || w === 'halvanna' || w === 'halvannen') && t + 1 < n && tClause[t + 1] === clause && UNIT.has(tWord[t + 1]))
      consider(1.5 * UNIT.get(tWord[t + 1])!, tStart[t], tEnd[t + 1]);
    // "i går", "i forgårs", "i dag", "i natt", "i morges", "i kveld", "i går kveld"
    else if (
      prev === 'i' &&
      (w === 'går' || w === 'gar' || w === 'forgårs' || w === 'dag' || w === 'natt' || w === 'morges' || w === 'kveld' || w === 'gårkveld')
    ) {
      const weeks =
        w === 'går' || w === 'gar' || w === 'gårkveld' ? VAGUE_DURATION.yesterday : w === 'forgårs' ? VAGUE_DURATION.dayBeforeYesterday : VAGUE_DURATION.today;
      // "i dag" is often about the visit, not the onset: only a vague reading
      consider(weeks, tStart[t - 1], tEnd[t], w === 'dag' ? VAGUE : EXPLICIT);
    }
    // "sist uke", "forrige uke", "førre veke" after a complaint or an injury in its sentence ("Vond
    // nakke sist uke etter maling", "Akutt lumbago etter løft sist uke"): one to two weeks, a vague
    // reading any stated duration overrides (adv24 — unread; the engine asked for the duration).
    // Also "fra sist uke" (the "fra" branch below reads only dates). Not after "siden" (read below) or an imaging word ("MR sist uke" dates the exam), and not
    // without a complaint before it ("Var hos fysio sist uke").
    else if (
      (w === 'sist' || w === 'forrige' || w === 'førre') &&
      t + 1 < n &&
      tClause[t + 1] === clause &&
      LAST_WEEK.has(tWord[t + 1]) &&
      !isSince(prev) &&
      !datesExam(t) &&
      complaintBefore(t)
    )
      consider(VAGUE_DURATION.lastWeek, tStart[t], tEnd[t + 1], VAGUE);
    // "Sinusitt siste uke", "Hodepine den siste måneden", "Smerter siste året": one such unit, after
    // a complaint in its sentence, as a vague reading every other one overrides (not "Fysio siste
    // måned", not an exam's date, not a change or a count's window: "verre siste mnd", "fem episoder
    // siste år"; adv33 — unread, the sinus topic asked for the duration)
    else if (
      (w === 'siste' || w === 'seneste' || w === 'seinaste') &&
      t + 1 < n &&
      tClause[t + 1] === clause &&
      LAST_UNIT[tWord[t + 1]] !== undefined &&
      !(t + 2 < n && tClause[t + 2] === clause && tFlags[t + 2] & F_NUM) &&
      !datesExam(t) &&
      complaintBefore(t) &&
      !changeOrCountBefore(t)
    )
      consider(LAST_UNIT[tWord[t + 1]], tStart[t], tEnd[t + 1], VAGUE);
    // "siden mars", "siden jul", "siden påske", "siden 2023", "siden i fjor", "siden forrige uke";
    // "fra oktober", "fra 1.10.", "frå sommaren" (advice13: "fra" only before a month, season,
    // calendar date or year; never after an imaging word, where it dates the exam)
    else if (
      (w === 'siden' ||
        w === 'sidan' ||
        w === 'sia' ||
        w === 'fra' ||
        w === 'frå' ||
        w === 'fom' ||
        onsetDateWord(t) ||
        // ("since Monday": English, before a weekday only; adv30)
        // ("since March", "since 2024", "since the summer", "since last year": a month's name, a
        // year, a season or last year; adv31)
        (w === 'since' && t + 1 < n && englishSince(t + 1))) &&
      t + 1 < n &&
      tClause[t + 1] === clause &&
      !datesExam(t)
    ) {
      const fra = w === 'fra' || w === 'frå' || w === 'fom' || !isSince(w);
      let k = t + 1;
      if ((tWord[k] === 'i' || (w === 'since' && (tWord[k] === 'the' || tWord[k] === 'early'))) && k + 1 < n && tClause[k + 1] === clause) k++;
      const x = tWord[k];
      let from: Date | null = null;
      const month = w === 'since' ? ENGLISH_MONTHS[x] : MONTHS[x];
      const season = w === 'since' ? ENGLISH_SEASONS[x] : SEASONS[x];
      const weekday = WEEKDAYS[x];
      if (month !== undefined) {
        from = lastOccurrence(now, month, 1);
        // ("siden mars 2025", "since March 2025": the month of that year; adv31 — read as last March)
        if (k + 1 < n && tClause[k + 1] === clause && tFlags[k + 1] & F_NUM && /^(19|20)\d\d$/.test(tWord[k + 1])) {
          const at = new Date(Date.UTC(Number(tWord[k + 1]), month, 1));
          if (at.getTime() <= now.getTime()) from = at;
          k++;
        }
      } else if (WEEK_WORDS.has(x) && k + 1 < n && tClause[k + 1] === clause && tFlags[k + 1] & F_NUM && /^\d{1,2}$/.test(tWord[k + 1])) {
        // "sidan veke 46", "siden uke 40": the Monday of that ISO week (ISO 8601), this year or,
        // when still ahead, last year (advice17)
        from = isoWeekStart(now, Number(tWord[k + 1]));
        k++;
      } else if (
        tFlags[k] & F_NUM &&
        /^\d{1,2}$/.test(x) &&
        k + 1 < n &&
        tClause[k + 1] === clause &&
        tFlags[k + 1] & F_NUM &&
        /^\d{1,2}$/.test(tWord[k + 1]) &&
        lower_.slice(tEnd[k], tStart[k + 1]) === '/' &&
        !(k + 2 < n && lower_.charCodeAt(tEnd[k + 1]) === 47)
      ) {
        // "siden 3/10": a day/month date in the past (advice17; "x/12" after "i" or "x" is a duration)
        const d = Number(x);
        const mo = Number(tWord[k + 1]);
        if (d >= 1 && d <= 31 && mo >= 1 && mo <= 12) from = lastOccurrence(now, mo - 1, d);
        k++;
      } else if (
        PART_OF_MONTH[x] !== undefined &&
        k + 2 < n &&
        tClause[k + 2] === clause &&
        (tWord[k + 1] === 'av' || tWord[k + 1] === 'i') &&
        MONTHS[tWord[k + 2]] !== undefined
      ) {
        // "siden midten av oktober", "sidan slutten av august", "siden begynnelsen av juni",
        // "sidan sist i september", "siden midt i oktober" (advice17)
        from = lastOccurrence(now, MONTHS[tWord[k + 2]], PART_OF_MONTH[x]);
        k += 2;
      } else if (weekday !== undefined) {
        // "siden fredag": the last such day before today (a week ago when today is that day)
        const back = (now.getUTCDay() - weekday + 7) % 7 || 7;
        from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - back));
      } else if (season !== undefined) from = lastOccurrence(now, season[0], season[1]);
      else if (fra && !(tFlags[k] & F_NUM) && !(w === 'since' && x === 'last')) from = null;
      else if (x === 'påske' || x === 'påsken' || x === 'påska') {
        const e = easterSunday(now.getUTCFullYear());
        from = e.getTime() <= now.getTime() ? e : easterSunday(now.getUTCFullYear() - 1);
      } else if (x === 'fjor' || x === 'fjoråret' || (w === 'since' && x === 'last' && tWord[k + 1] === 'year'))
        from = new Date(Date.UTC(now.getUTCFullYear() - 1, 11, 31));
      else if (
        (LAST_WEEK.has(x) && x.startsWith('helg')) ||
        ((x === 'forrige' || x === 'førre' || x === 'sist' || (x === 'før' && tWord[k + 1]?.startsWith('helg'))) &&
          k + 1 < n &&
          tClause[k + 1] === clause &&
          (LAST_WEEK.has(tWord[k + 1]) || WEEKDAYS[tWord[k + 1]] !== undefined))
      ) {
        // "siden forrige uke", "sidan førre veke": one to two weeks; the upper bound is below
        // every duration threshold the topics use (6 and 12 weeks). Also "sidan sist veke",
        // "siden sist helg", "sidan før helga", "siden helga", "siden sist fredag" (adv23: unread,
        // the engine asked for the duration)
        consider(VAGUE_DURATION.lastWeek, tStart[t], tEnd[LAST_WEEK.has(x) ? k : k + 1], ANCHORED);
      } else if (tFlags[k] & F_NUM && /^\d{1,2}$/.test(x) && k + 1 < n && tClause[k + 1] === clause && MONTHS[tWord[k + 1]] !== undefined) {
        // "siden 1. november", "fra 3. okt": a day and a month's name (advice16)
        const d = Number(x);
        if (d >= 1 && d <= 31) from = lastOccurrence(now, MONTHS[tWord[k + 1]], d);
      } else if (tFlags[k] & F_NUM && /^\d{1,2}\.\d{1,2}(\.(\d\d|\d{4}))?$/.test(x)) {
        // "siden 02.11.26", "siden 15.10": a calendar date (day.month[.year]) in the past
        const [d, mo, y] = x.split('.').map(Number);
        if (d >= 1 && d <= 31 && mo >= 1 && mo <= 12) {
          const date = y === undefined ? lastOccurrence(now, mo - 1, d) : new Date(Date.UTC(y < 100 ? 2000 + y : y, mo - 1, d));
          if (date.getTime() <= now.getTime()) from = date;
        }
      } else if (tFlags[k] & F_NUM && /^(19|20)\d\d$/.test(x)) {
        // "siden 2023": counted from the end of that year (the lower bound)
        const y = Number(x);
        if (y < now.getUTCFullYear()) from = new Date(Date.UTC(y, 11, 31));
      }
      if (from) consider(weeksSince(now, from), tStart[t], tEnd[k], ANCHORED);
    }
    // "Påkjørt bakfra 27.11", "Falt på sykkel 20.11", "Skadet kneet 3. november": the injury's
    // date dates the complaint, below every other reading (INJURY_DATED; adv33)
    else if (tFlags[t] & F_DUR && !datesExam(t) && injuryDateWord(t) >= 0) {
      const k = injuryDateWord(t);
      const x = tWord[k];
      let from: Date | null = null;
      if (x.includes('.')) {
        const [d, mo, y] = x.split('.').map(Number);
        if (d >= 1 && d <= 31 && mo >= 1 && mo <= 12)
          from = y === undefined ? lastOccurrence(now, mo - 1, d) : new Date(Date.UTC(y < 100 ? 2000 + y : y, mo - 1, d));
      } else {
        const d = Number(x);
        if (d >= 1 && d <= 31) from = lastOccurrence(now, MONTHS[tWord[k + 1]], d);
      }
      // (an injury dated over a year back is earlier history, not the complaint's onset)
      if (from && from.getTime() <= now.getTime() && weeksSince(now, from) <= 52) consider(weeksSince(now, from), tStart[t], tEnd[k], INJURY_DATED);
    }
    // "i flere år", "i mange år", "i årevis"
    else if (
      (w === 'flere' || w === 'fleire' || w === 'mange' || w === 'noen' || w === 'nokre') &&
      t + 1 < n &&
      tClause[t + 1] === clause &&
      (tWord[t + 1] === 'år' || tWord[t + 1] === 'åra' || tWord[t + 1] === 'årene')
    ) {
      if (prev === 'i' || prev === 'siste' || prev === 'gjennom' || prev === 'over') consider(VAGUE_DURATION.manyYears, tStart[t - 1], tEnd[t + 1], VAGUE);
    } else if (w === 'årevis') consider(VAGUE_DURATION.manyYears, tStart[t], tEnd[t], VAGUE);
    // "kroniske ryggsmerter", "langvarige plager", "akutte smerter", "akutt innsettende"
    else if (w.startsWith('kronisk') || w.startsWith('langvarig') || w === 'akutt' || w === 'akutte' || w === 'akuttinnsettende') {
      const next = t + 1 < n && tClause[t + 1] === clause ? tWord[t + 1] : '';
      const symptom = w === 'akuttinnsettende' || ONSET.has(next) || next.endsWith('smerter') || next.endsWith('smerte') || next.endsWith('hodepine');
      if (symptom)
        consider(w.startsWith('akutt') ? VAGUE_DURATION.acute : VAGUE_DURATION.chronic, tStart[t], tEnd[t + (w === 'akuttinnsettende' ? 0 : 1)], VAGUE);
    }
  }
  return best;
}

let lower_ = '';
let text_ = '';
/** Lower-cased words of what the note is about (the ordered exam's name), read only for entries' context. */
let context_ = '';
let spans: FactSpan[] = [];
/** Spans of `residual` lexicon entries in this call (see LexEntry.residual); reused, usually empty. */
const residual: FactSpan[] = [];

/**
 * Sorts spans by start, then end, keeping the order of equal ones (as the stable Array#sort with
 * that comparator does). A note has a few dozen spans added in a few ordered runs: an insertion
 * sort without a comparator closure; above SMALL_SORT spans, Array#sort (bounded work).
 */
function sortSpans(a: FactSpan[]) {
  if (a.length > SMALL_SORT) {
    a.sort((x, y) => x.start - y.start || x.end - y.end);
    return;
  }
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= 0 && (a[j].start > x.start || (a[j].start === x.start && a[j].end > x.end))) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}
const SMALL_SORT = 64;
function add(factId: FactId, value: FactValue, from: number, to: number, negated = false) {
  if (anyHist && EPISODE_FACTS.has(factId) && inHistory(from)) return;
  // (nothing in a conditional or safety-net statement is the patient's: adv22)
  if (anyCond && (inConditional(from) || (DONE_FACTS.has(factId) && inPlan(from)))) return;
  // (a reason argued away: held back until the note's other readings are known; adv30)
  if (anyArgued && (tCond[tokenAt(from)] & COND_ARGUED) !== 0) {
    argued.push({ factId, value, start: from, end: to, text: text_.slice(from, to), negated });
    return;
  }
  // (a drug told as stopped is not taken: adv23)
  if (anyStopped && value === true && (factId === 'anticoagulants' || factId === 'antiplatelets') && stoppedDrug(from, to)) return;
  spans.push({ factId, value, start: from, end: to, text: text_.slice(from, to), negated });
}
/**
 * Findings of the present episode: told in earlier history ("Tidligere: Hjernerystelse 2019 med
 * bevissthetstap", "MR kne 2019 viste låsninger") they are not the patient's current findings.
 * What stays true over time (cancer, an X-ray taken, medication, menopause) is read everywhere.
 */
const EPISODE_FACTS = new Set<FactId>([
  'trauma',
  'whiplash',
  'head_injury',
  'loss_of_consciousness',
  'vomiting',
  'seizure',
  'skull_fracture_signs',
  'gcs',
  'knee_locking',
  'knee_effusion',
  'knee_instability',
  'suspected_meniscal_tear',
  'anterior_knee_pain',
  'dangerous_mechanism',
  'radiating_pain',
  'neuro_deficit',
  'cauda_equina',
  'unable_to_bear_weight',
  'patella_tenderness',
  'fibular_head_tenderness',
  'knee_flexion_limited',
  'neck_midline_tenderness',
  'intoxication',
  'shoulder_weakness',
  'thunderclap',
  'headache_pattern_change',
  'sinusitis_complication',
  'fever',
  'weight_loss',
  'night_pain',
]);
/** Labels that open a section of earlier history ("Tidligere:", "Tidl. sykdommer:", "PMH:", "Past medical history:"). */
const HISTORY_LABELS = new Set(['tidligere', 'tidlegare', 'tidl', 'forhistorie', 'pmh', 'past', 'previous']);
/**
 * Words of a label that introduces text copied from the record ("Fra journal 2023:", "Tidligere
 * notat (2021):", "Kopi fra notat 03.06.25:"); with a past year or an "earlier" word in the label
 * the copied text is an earlier episode (advice17).
 */
const COPY_WORDS = new Set([
  'journal',
  'journalen',
  'journalnotat',
  'notat',
  'notatet',
  'epikrise',
  'epikrisen',
  'henvisning',
  'henvisningen',
  'tilvising',
  'tilvisinga',
  'konsultasjon',
  'kopi',
  'legevaktsnotat',
  'legevaktnotat',
  'poliklinikknotat',
  'sykehusnotat',
  'utskrift',
  'journalkopi',
  'utdrag',
  'sitat',
  'kopiert',
]);
/** Words in a copy label that make the copied text earlier history ("Tidligere notat:", "Forrige journal:"). */
const EARLIER_WORDS = new Set([
  'tidligere',
  'tidlegare',
  'tidl',
  'forrige',
  'førre',
  'gammelt',
  'gamalt',
  'eldre',
  'fjor',
  'fjoråret',
  'earlier',
  'previous',
  'old',
]);
/**
 * Whether the label of tokens [t, label] (the colon after `label`) introduces copied earlier text:
 * a copy word and an earlier word, a year before `year` or a date whose year is before it.
 */
function copiedEarlier(t: number, label: number, year: number): boolean {
  let copy = false;
  let earlier = false;
  for (let k = t; k <= label; k++) {
    const w = tWord[k];
    if (COPY_WORDS.has(w)) copy = true;
    else if (EARLIER_WORDS.has(w)) earlier = true;
    else if (tFlags[k] & F_NUM) {
      // "2023", "(2021)", "03.06.25", "3/6-25": the year part of a number or date
      const parts = w.split(/[./-]/);
      const last = parts[parts.length - 1];
      const y = last.length === 4 ? Number(last) : last.length === 2 && parts.length === 3 ? 2000 + Number(last) : NaN;
      if (y >= 1950 && y < year) earlier = true;
    }
  }
  return copy && earlier;
}
/** The end (char index) of a quotation opened at char p by « or a double quote, or -1. Memoised per note so repeated labels stay linear. */
function quoteEnd(p: number): number {
  while (p < lower_.length && (lower_.charCodeAt(p) === 32 || lower_.charCodeAt(p) === 10 || lower_.charCodeAt(p) === 13)) p++;
  const c = lower_.charCodeAt(p);
  const close = c === 171 ? '»' : c === 34 ? '"' : c === 8220 ? '”' : '';
  if (close === '') return -1;
  if (quoteMemoFrom >= 0 && quoteMemoClose === close && p >= quoteMemoFrom && (quoteMemoAt < 0 || p < quoteMemoAt)) return quoteMemoAt;
  quoteMemoFrom = p;
  quoteMemoClose = close;
  quoteMemoAt = lower_.indexOf(close, p + 1);
  return quoteMemoAt;
}
/** Token indices of the sentences that open the present episode (see markHistory), and a read pointer. */
let presentAt = new Int32Array(16);
let presentCount = 0;
let presentPtr = 0;
/**
 * Words that place a sentence in the present episode when an unquoted copy has no "Nå:" after it
 * ("Fra notat 2021: Vred kneet, hydrops. Gradvis verre siste 4 mnd": "siste"; advice18). The
 * writer's own voice ("henvises", "ønsker") and "again" words count too.
 */
const PRESENT_WORDS = new Set([
  'nå',
  'idag',
  'aktuelt',
  'aktuell',
  'fortsatt',
  'framleis',
  'fremdeles',
  'igjen',
  'atter',
  'siste',
  'nylig',
  'nyleg',
  'henvises',
  'henvist',
  'henvisast',
  'tilvises',
  'tilvisast',
  'tilvist',
  'ønsker',
  'ønskjer',
  // (an onset that runs to now: "vondt sidan august", "siden i sommer")
  'siden',
  'sidan',
  'sia',
  'since',
  'now',
  'currently',
  'today',
  'recently',
]);
/** The last answer of presentSentenceAfter: for labels after psFrom, up to the token psAt (memo: repeated copy labels stay linear). */
let psFrom = -1;
let psAt = -1;
/**
 * The first token of the first sentence after the label at token `label` that holds a
 * PRESENT_WORDS word (or "i dag") and starts before char `lineEnd`, or -1. Only asked for an
 * unquoted copy without a later "Nå:"; a later label before the last answer has the same answer,
 * so each token is scanned at most once per note.
 */
function presentSentenceAfter(label: number, lineEnd: number): number {
  if (psFrom >= 0 && label >= psFrom && label < (psAt < 0 ? psScanned : psAt)) return psAt >= 0 && tSent[psAt] !== tSent[label] ? psAt : -1;
  psFrom = label;
  psAt = -1;
  let t = label + 1;
  while (t < n && tSent[t] === tSent[label]) t++;
  let first = t;
  for (; t < n && tStart[t] < lineEnd; t++) {
    steps++;
    if (tSent[t] !== tSent[t - 1]) first = t;
    const w = tWord[t];
    if (PRESENT_WORDS.has(w) || (w === 'dag' && tWord[t - 1] === 'i')) {
      psAt = first;
      return first;
    }
  }
  psScanned = t;
  return -1;
}
/** How far the last fruitless presentSentenceAfter scan went (token index). */
let psScanned = -1;
/** The next line break at or after a char index, memoised so repeated copy labels stay linear (-1: none). */
let nlMemoFrom = -1;
let nlMemoAt = -1;
function nextLineBreak(from: number): number {
  if (nlMemoFrom >= 0 && from >= nlMemoFrom && (nlMemoAt < 0 || from <= nlMemoAt)) return nlMemoAt;
  nlMemoFrom = from;
  nlMemoAt = lower_.indexOf('\n', from);
  return nlMemoAt;
}
/** Whether a bracket closes right at char i and a colon follows it ("notat (2021):"). */
function colonAfterBracket(i: number): boolean {
  let j = i;
  while (j < lower_.length && lower_.charCodeAt(j) === 32) j++;
  if (lower_.charCodeAt(j) !== 41) return false;
  j++;
  while (j < lower_.length && lower_.charCodeAt(j) === 32) j++;
  return lower_.charCodeAt(j) === 58;
}
/** Char ranges [start, end) pairs of quoted text copied from earlier record entries (advice17); at most 16 kept. */
const copiedRanges: number[] = [];
/** Whether char i lies inside copied earlier text. */
function inCopied(i: number): boolean {
  for (let k = 0; k < copiedRanges.length; k += 2) if (i >= copiedRanges[k] && i < copiedRanges[k + 1]) return true;
  return false;
}
let quoteMemoFrom = -1;
let quoteMemoAt = -1;
let quoteMemoClose = '';
/** Words before a year that make it the start of the present complaint ("siden 2019", "fra 2023"). */
const YEAR_ONSET = new Set(['siden', 'sidan', 'sia', 'fra', 'frå', 'since', 'from']);

/** The last non-blank character before i (-1 at the start); looks back over blanks only. */
function charBefore(i: number): number {
  for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
    const c = lower_.charCodeAt(j);
    if (c !== 32 && c !== 9) return c;
  }
  return -1;
}
/** The first non-blank character at or after i (-1 at the end). */
function nextChar(i: number): number {
  while (i < lower_.length) {
    const c = lower_.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 46) return c;
    i++;
  }
  return -1;
}
/** How many line breaks lie between chars a and b (counting stops at two). */
function lineBreaksBetween(a: number, b: number): number {
  let k = 0;
  for (let i = a; i < b && k < 2; i++) if (lower_.charCodeAt(i) === 10) k++;
  return k;
}
/**
 * Marks earlier history (advice13), one pass over the tokens. A history label and a colon at a
 * sentence start ("Tidligere: Hjernerystelse 2019 med bevissthetstap.") make that sentence
 * history; a label alone on its line ("Tidligere:" then a list) makes the lines after it history
 * up to a blank line or the next "Label:" ("Aktuelt:", "Nå:"). A clause naming a past year not as
 * an onset ("MR kne 2019 viste …", but not "siden 2019") is history too.
 */
function markHistory(now: Date) {
  copiedRanges.length = 0;
  // History needs a "Label:" heading or a year in the note; most notes have neither, and then
  // no token is history (the passes below would mark none).
  if (!anyColon && !anyYear) {
    for (let t = 0; t < n; t++) tHist[t] = 0;
    anyHist = false;
    steps += n;
    return;
  }
  const year = now.getUTCFullYear();
  let inSection = false;
  let block = false;
  // (text copied from an earlier record entry in quotes: history up to the closing quote, advice17)
  let quoted = -1;
  quoteMemoFrom = -1;
  // The sentences that open the present episode ("Nå: …", "No: …", "Aktuelt: …", "Nå ny episode"), in order.
  presentCount = 0;
  presentPtr = 0;
  nlMemoFrom = -1;
  psFrom = -1;
  psScanned = -1;
  for (let t = 0; t < n; t++) {
    steps++;
    if (t !== 0 && tSent[t - 1] === tSent[t] && lineBreaksBetween(tEnd[t - 1], tStart[t]) === 0) continue;
    const w = tWord[t];
    const colon = nextChar(tEnd[t]) === 58;
    if (
      w === 'nå' ||
      w === 'aktuelt' ||
      w === 'idag' ||
      w === 'currently' ||
      ((w === 'no' || w === 'now') && colon) ||
      (w === 'i' && t + 1 < n && tWord[t + 1] === 'dag')
    ) {
      if (presentCount >= presentAt.length) {
        const grown = new Int32Array(presentAt.length * 2);
        grown.set(presentAt);
        presentAt = grown;
      }
      presentAt[presentCount++] = t;
    }
  }
  for (let t = 0; t < n; t++) {
    steps++;
    tHist[t] = 0;
    clauseYear[tClause[t]] = 0;
    // (a "Label: value" line goes on with the sentence above it, so a line start counts too)
    const breaks = t === 0 ? 1 : lineBreaksBetween(tEnd[t - 1], tStart[t]);
    const first = t === 0 || tSent[t - 1] !== tSent[t] || breaks > 0;
    if (block && breaks >= 2) inSection = block = false;
    if (first && tStart[t] >= quoted) {
      let label = -1;
      // (a copy label may carry a date or a bracket: "Tidlegare notat (hjernerysting 2022):")
      for (let k = t; k < t + 6 && k < n && tSent[k] === tSent[t] && (k === t || lineBreaksBetween(tEnd[k - 1], tStart[k]) === 0); k++)
        if (nextChar(tEnd[k]) === 58 || (k > t && colonAfterBracket(tEnd[k]))) {
          label = k;
          break;
        }
      if (label >= 0 && label >= t + 3 && !copiedEarlier(t, label, year)) label = -1;
      if (label >= 0) {
        const copied = copiedEarlier(t, label, year);
        inSection = copied || HISTORY_LABELS.has(tWord[t]);
        block = inSection && (label + 1 >= n || lineBreaksBetween(tEnd[label], tStart[label + 1]) > 0);
        if (copied) {
          quoted = quoteEnd(lower_.indexOf(':', tEnd[label]) + 1);
          // (unquoted: up to the sentence that opens the present episode, "Nå: …", "Aktuelt: …",
          // when one follows in the same paragraph; else the label's sentence only)
          if (quoted < 0) {
            while (presentPtr < presentCount && presentAt[presentPtr] <= label) presentPtr++;
            const next = presentPtr < presentCount ? presentAt[presentPtr] : -1;
            if (next > label && lineBreaksBetween(tEnd[label], tStart[next]) < 2) quoted = tStart[next];
            // (no "Nå:" after it: up to the first later sentence on the label's line that places
            // itself in the present ("siste 4 mnd", "henvises", "fortsatt"), else to the line's
            // end — the copy is not read as the present episode; advice18)
            if (quoted < 0) {
              const nl = nextLineBreak(tEnd[label]);
              const lineEnd = nl < 0 ? lower_.length : nl;
              const ps = presentSentenceAfter(label, lineEnd);
              quoted = ps > label ? tStart[ps] : lineEnd;
            }
          }
          if (quoted > 0 && copiedRanges.length < 32) copiedRanges.push(tEnd[label], quoted);
        }
      } else if (!block) inSection = false;
    }
    if (inSection || tStart[t] < quoted) tHist[t] = 1;
  }
  for (let t = 0; t < n; t++) {
    steps++;
    const w = tWord[t];
    if (w.length === 4 && tFlags[t] & F_NUM && /^(19|20)\d\d$/.test(w)) {
      const y = Number(w);
      const prev = t > 0 && tClause[t - 1] === tClause[t] ? tWord[t - 1] : '';
      if (y < year && !YEAR_ONSET.has(prev)) clauseYear[tClause[t]] = 1;
    }
  }
  // (an imaging label with a past year and a colon, "MR 2021: prolaps med rotaffeksjon L5", "Rtg
  // kne 2022: artrose": the report after the colon, to its sentence's end, is that earlier
  // imaging's as "MR 2021 viste …" is; adv26 — the 2021 root affection was read as today's
  // radiating pain). One pass: linear.
  let imgClause = -1;
  let yearColonSent = -1;
  for (let t = 0; t < n; t++) {
    const c = tClause[t];
    if (tSent[t] === yearColonSent && !clauseYear[c]) clauseYear[c] = 1;
    if (tFlags[t] & F_IMG) imgClause = c;
    if (clauseYear[c] && imgClause === c && (t + 1 >= n || tClause[t + 1] !== c) && nextChar(tEnd[t]) === 58 && tFlags[t] & F_NUM) yearColonSent = tSent[t];
  }
  steps += n;
  anyHist = false;
  for (let t = 0; t < n; t++)
    if (clauseYear[tClause[t]] || tHist[t]) {
      tHist[t] = 1;
      anyHist = true;
    }
  steps += n;
}
const SAFETY_BEFORE_VED = new Set(SAFETY_NET_BEFORE_VED);
const SAFETY_ACTIONS = new Set(SAFETY_NET_ACTIONS);
const SAFETY_EXAMS = new Set(SAFETY_NET_EXAMS);
const VED_NOT = new Set(VED_NOT_CONDITIONAL);
const OM_NOT = new Set(OM_NOT_CONDITIONAL);
/** How far a clause-opening "Ved …" looks ahead in its sentence for an action ("Ved forverring: ny vurdering"). */
const VED_ACTION_WINDOW = 24;
/** Whether any token of the note lies in a conditional statement (most notes have none: no look-up then). */
let anyCond = false;
/**
 * Marks conditional and safety-net statements (adv22), one pass over the tokens: from a word that
 * opens one (see CONDITIONAL_WORDS in lexicon.ts) to the end of its sentence or line, nothing is
 * read as the patient's finding or duration ("Informert om å ta kontakt ved feber …", "Hvis ikke
 * bedring om 4 uker eller utvikling av kraftsvikt, ny vurdering"). A clause-opening "Ved" looks at
 * most VED_ACTION_WINDOW words ahead for an action: linear in the note's length.
 */
function markConditional() {
  anyCond = false;
  // (only a note with such a word has anything to mark: most have none — no pass then)
  if ((noteFlags & F_COND) === 0) return;
  let cond = 0;
  let plan = 0;
  for (let t = 0; t < n; t++) {
    steps++;
    const lineFirst = t === 0 || lineBreaksBetween(tEnd[t - 1], tStart[t]) > 0;
    const sentFirst = lineFirst || tSent[t - 1] !== tSent[t];
    if (sentFirst) cond = 0;
    if (lineFirst) plan = 0;
    if (cond === 0 && conditionalAt(t, sentFirst)) {
      cond = 1;
      anyCond = true;
    }
    // ("Plan: Fysioterapi, MR." — a plan section, to its line's end: a treatment or X-ray named
    // there is planned, not done; adv22)
    if ((tWord[t] === 'plan' || tWord[t] === 'p' || tWord[t] === 'tiltak') && sectionHeader(t) && nextChar(tEnd[t]) === 58) {
      plan = COND_PLAN;
      anyCond = true;
    }
    tCond[t] = cond | plan;
  }
}
/** tCond's bit for a reason argued away (see markArguedAway). */
const COND_ARGUED = 4;
/** Whether markArguedAway marked anything in this note. */
let anyArgued = false;
/** Readings held back in an argued-away reason: kept unless the note takes the same fact back (see add). */
const argued: FactSpan[] = [];
/** Verbs of weighing an exam ("Vurderte MR pga. …", "Considered CT because of …"; adv30). */
const WEIGHED = new Set(['vurderte', 'vurderer', 'vurdert', 'vurdere', 'considered', 'considering', 'tenkte', 'tenkt']);
/** Words that give the reason for weighing it ("pga.", "på grunn av", "fordi", "because of", "due to"). */
const REASON_WORDS = new Set(['pga', 'grunn', 'grunna', 'fordi', 'because', 'due']);
/** Words in the "men" clause that take the reason back: a denial or a normal finding ("men vekten er stabil"). */
const TAKEN_BACK = new Set([
  'ikke',
  'ikkje',
  'ingen',
  'inga',
  'stabil',
  'stabilt',
  'stabile',
  'normal',
  'normalt',
  'normale',
  'uendret',
  'uforandret',
  'god',
  'godt',
  'negativ',
  'neg',
  'not',
  'no',
  'stable',
  'unchanged',
  'negative',
]);
/**
 * A note that argues for an exam and then against it, the finding named first ("Vurderte MR pga.
 * vekttap, men vekten er stabil"; adv29 left it open — the weight loss was read and the stable
 * weight, told as "the rest", could not undo it: opposite class): the reason after a verb of
 * weighing an exam and a reason word, up to a "men"/"but" in the same sentence whose clause takes
 * something back (a denial or a normal finding), is marked; a reading there is held back, and
 * dropped only when the note reads the same fact otherwise (add, extractFacts' end). A "men"
 * clause that takes nothing back ("men pasienten vil vente") or takes back another fact ("men det
 * er ikke ledig time") leaves the reason read. One pass over the tokens.
 */
function markArguedAway() {
  anyArgued = false;
  argued.length = 0;
  let weighed = -1;
  let reason = -1;
  for (let t = 0; t < n; t++) {
    steps++;
    if (t > 0 && tSent[t - 1] !== tSent[t]) weighed = reason = -1;
    const w = tWord[t];
    if (WEIGHED.has(w)) weighed = t;
    else if (weighed >= 0 && reason < 0 && REASON_WORDS.has(w) && (w !== 'grunn' || (t > 0 && tWord[t - 1] === 'på'))) reason = t;
    else if (reason >= 0 && (w === 'men' || w === 'but')) {
      let back = false;
      for (let k = t + 1; k < n && tSent[k] === tSent[t] && tClause[k] === tClause[t + 1 < n ? t + 1 : t] && k <= t + 8; k++)
        if (TAKEN_BACK.has(tWord[k])) back = true;
      if (back) {
        // (markConditional left tCond unwritten in a note with no conditional word: clear it first)
        if (!anyCond && !anyArgued) tCond.fill(0, 0, n);
        for (let k = reason + 1; k < t; k++) tCond[k] |= COND_ARGUED;
        anyArgued = true;
      }
      weighed = reason = -1;
    }
  }
}
/** tCond's bit for a token in a plan section ("Plan:", "P:", "Tiltak:" to the line's end). */
const COND_PLAN = 2;
function conditionalAt(t: number, sentFirst: boolean): boolean {
  const w = tWord[t];
  if (COND_WORDS.has(w)) return true;
  const clauseFirst = sentFirst || tClause[t - 1] !== tClause[t];
  if (clauseFirst && COND_CLAUSE_WORDS.has(w)) {
    if (w !== 'om') return true;
    // ("Om natta", "Om lag 3 veker", "Om 2 uker": time, not "if")
    return t + 1 < n && tSent[t + 1] === tSent[t] && !OM_NOT.has(tWord[t + 1]) && (tFlags[t + 1] & (F_NUM | F_NUMWORD)) === 0;
  }
  const prev = !sentFirst && tClause[t - 1] === tClause[t] ? tWord[t - 1] : '';
  // "med mindre …" (unless)
  if (w === 'mindre' && prev === 'med') return true;
  // "i tilfelle …", "in case of …", "in the event of …"
  if ((w === 'tilfelle' && prev === 'i') || (w === 'case' && prev === 'in') || (w === 'event' && prev === 'the')) return true;
  if (w !== 'ved') return false;
  // "ta kontakt (straks) ved …", "oppsøke legevakt ved …", "ny vurdering ved …"
  for (let k = t - 1; k >= 0 && k >= t - 3 && tSent[k] === tSent[t]; k--) {
    steps++;
    if (SAFETY_BEFORE_VED.has(tWord[k]) || (tWord[k] === 'vurdering' && k > 0 && (tWord[k - 1] === 'ny' || tWord[k - 1] === 'nye'))) return true;
  }
  // "Ved progresjon av kraftsvikt: ø.hj.", "Ved nye utfall vil vi henvise på nytt"
  if (!clauseFirst || t + 1 >= n || tSent[t + 1] !== tSent[t] || VED_NOT.has(tWord[t + 1])) return false;
  for (let k = t + 1; k < n && k <= t + VED_ACTION_WINDOW && tSent[k] === tSent[t]; k++) {
    steps++;
    if (SAFETY_ACTIONS.has(tWord[k]) || (SAFETY_EXAMS.has(tWord[k]) && charBefore(tStart[k]) === 58)) return true;
  }
  return false;
}
/** Whether any token of the note is earlier history (most notes have none: no look-up then). */
let anyHist = false;
/**
 * Whether the token starting at char `from` (or the one containing it) is earlier history. A
 * binary search over the token starts, only in a note with history and only for a present-episode
 * finding: O(log n) per such reading.
 */
function inHistory(from: number): boolean {
  if (!anyHist) return false;
  return n > 0 && tHist[tokenAt(from)] === 1;
}
/** Whether the token starting at char `from` (or the one containing it) lies in a conditional statement (see markConditional). */
function inConditional(from: number): boolean {
  return n > 0 && (tCond[tokenAt(from)] & 1) === 1;
}
/** Whether the token at char `from` lies in a plan section ("Plan:", "P:"; see markConditional). */
function inPlan(from: number): boolean {
  return n > 0 && (tCond[tokenAt(from)] & COND_PLAN) !== 0;
}
/** Facts of what was done: in a plan section they are planned ("Plan: Fysioterapi, rtg kne"; adv22). */
const DONE_FACTS = new Set<FactId>(['conservative_treatment_tried', 'physiotherapy_failed', 'prior_xray', 'prior_imaging']);
/** The token starting at char `from` or containing it, by a binary search over the token starts (n > 0). */
/** Whether the note has a word of stopping a drug (set per note; see stoppedDrug). */
let anyStopped = false;
/** Words that tell a drug was stopped ("Albyl-E seponert i fjor", "sluttet med Marevan", "apixaban stopped"). */
const STOPPED_WORDS = new Set([
  'seponert',
  'seponerte',
  'seponera',
  'sepponert',
  'sluttet',
  'slutta',
  'stoppet',
  'stoppa',
  'avsluttet',
  'avslutta',
  'stopped',
  'discontinued',
  'ceased',
]);
/** Words for "earlier" right before a drug: the drug was taken before, not now ("Tidligere Marevan"; adv29). */
const EARLIER_DRUG = new Set(['tidligere', 'tidlegare', 'tidl', 'previously', 'formerly', 'prior']);
/** Words that may stand between an "earlier" word and its drug ("tidligere brukt Marevan", "previously on warfarin"). */
const EARLIER_DRUG_GAP = new Set(['brukt', 'behandlet', 'behandla', 'med', 'på', 'hatt', 'fått', 'on', 'used', 'taken', 'taking', 'took']);
/** Words for "until" after a drug ("Brukte Marevan fram til 2023"; adv30). */
const UNTIL_WORDS = new Set(['til', 'inntil', 'until', 'till']);
/** The calendar year of the note's "now" (set per note): a drug used until an earlier year is stopped. */
let nowYear = 0;
/** Pronouns after "sluttet med" that point back at the drug before the comma ("Marevan, sluttet med den i 2023"). */
const REFERS_BACK = new Set(['det', 'den', 'dette', 'denne', 'it', 'this', 'that']);
/** Words that may stand between a drug's comma and its stop word ("Marevan, nå seponert", "warfarin, since stopped"). */
const STOPPED_GAP = new Set(['nå', 'no', 'ble', 'vart', 'er', 'blei', 'now', 'was', 'since', 'later', 'senere', 'seinare']);
/**
 * Whether the drug named at [from, to) is told as stopped: a stop word within three words before it
 * or six after it, in its clause or in a bracket right after it ("Albyl-E 75 mg x1 (seponert i
 * fjor)", "Sluttet med Albyl-E", "Xarelto stoppet for 2 mnd siden"; adv23 — a stopped antiplatelet
 * drug was read as taken, rating a minimal-risk head injury appropriate); or right after a comma or
 * dash that follows the drug ("Tidligere Marevan, seponert 2023", "warfarin – stopped"; adv29 — the
 * comma ended the clause and the warfarin stopped in 2023 was read as taken: opposite class); or
 * told as earlier by "tidligere"/"previously" just before it, past "brukt", "på", "on" only
 * ("Tidligere Marevan", "tidligere brukt Eliquis", "previously on warfarin"; adv29 — not "Tidligere
 * TIA på Albyl-E", where "tidligere" dates the TIA). Not read at all, so the engine asks when it
 * matters (a stopped drug alone is not read as "no antithrombotics"). Constant work.
 */
function stoppedDrug(from: number, to: number): boolean {
  const a = tokenAt(from);
  const b = tokenAt(Math.max(from, to - 1));
  for (let j = Math.max(0, a - 3); j < n && j <= b + 6; j++) {
    if (tSent[j] !== tSent[a]) {
      if (j > b) break;
      continue;
    }
    const sameClause = tClause[j] === tClause[a] || (j > b && lower_.slice(tEnd[b], tStart[j]).includes('('));
    if (sameClause && STOPPED_WORDS.has(tWord[j])) return true;
  }
  // the stop word opening the clause right after the drug's comma or dash
  let j = b + 1;
  if (j < n && tSent[j] === tSent[b] && tClause[j] !== tClause[b] && /^[\s,;–—-]*$/.test(lower_.slice(tEnd[b], tStart[j]))) {
    if (j + 1 < n && STOPPED_GAP.has(tWord[j]) && tClause[j + 1] === tClause[j]) j++;
    // (not the stopping of another drug: "Bruker Marevan, sluttet med Albyl-E")
    const other = j + 2 < n && tClause[j + 1] === tClause[j] && (tWord[j + 1] === 'med' || tWord[j + 1] === 'with') && !REFERS_BACK.has(tWord[j + 2]);
    if (STOPPED_WORDS.has(tWord[j]) && !other) return true;
  }
  // used "until" a year before this one, in its clause ("Brukte Marevan fram til 2023", "on warfarin
  // until 2024"; adv30 — read as taken: opposite class). "Brukte Marevan i går" stays taken.
  for (let u = b + 1; u < n && u <= b + 4 && tClause[u] === tClause[b]; u++) {
    if (!UNTIL_WORDS.has(tWord[u]) || u + 1 >= n || tClause[u + 1] !== tClause[b]) continue;
    const w = tWord[u + 1];
    if (/^(19|20)\d\d$/.test(w) && Number(w) < nowYear) return true;
    if (w === 'ifjor' || (w === 'i' && tWord[u + 2] === 'fjor') || (w === 'last' && tWord[u + 2] === 'year')) return true;
  }
  // an "earlier" word just before the drug, in its clause
  let k = a - 1;
  for (let gap = 0; k >= 0 && gap < 2 && tClause[k] === tClause[a] && EARLIER_DRUG_GAP.has(tWord[k]); gap++) k--;
  return k >= 0 && tClause[k] === tClause[a] && EARLIER_DRUG.has(tWord[k]);
}
function tokenAt(from: number): number {
  let lo = 0;
  let hi = n - 1;
  // (in text order: spliceInsertions may have moved an insertion's tokens)
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tStart[ordered(mid)] <= from) lo = mid;
    else hi = mid - 1;
  }
  return ordered(lo);
}
/** Marks tokens [from, to) as covered by a blocker (fact null) or a fixed finding of `fact`. */
function fix(fact: FactId | null, from: number, to: number) {
  for (let t = from; t < to; t++) {
    steps++;
    tFlags[t] |= F_DEAD;
    fixTouched.push(t);
    if (fact === null) tFixAll[t] = 1;
    else (tFixFacts[t] ??= []).push(fact);
  }
}
/** Whether a blocker or a fixed finding of the same fact covers any of the tokens [from, to). */
/** Words that place a GCS value in time ("på stedet", "ved ankomst", "initialt", "nå"; advice19). */
const GCS_MOMENTS = new Set([
  'stedet',
  'skadestedet',
  'skadestaden',
  'staden',
  'ankomst',
  'innkomst',
  'mottak',
  'mottaket',
  'akuttmottak',
  'akuttmottaket',
  'legevakt',
  'legevakta',
  'legevakten',
  'ambulanse',
  'ambulansen',
  'initialt',
  'først',
  'fyrst',
  'senere',
  'seinare',
  'seinere',
  'etterpå',
  'nå',
  'no',
  'deretter',
  'scene',
  'arrival',
  'initially',
  'later',
  'now',
]);
/** Words that may join two GCS values besides the moment words ("GCS 14 på stedet, og 15 ved ankomst"; adv21). */
const GCS_LINKS = new Set([
  'på',
  'ved',
  'i',
  'etter',
  'og',
  'men',
  'før',
  'under',
  'til',
  'var',
  'er',
  'vart',
  'blei',
  'ble',
  'gcs',
  'on',
  'at',
  'in',
  'the',
  'and',
  'but',
  'then',
  'was',
  'is',
  'after',
  'prior',
  'to',
]);
/** Words a small number after a GCS value is a count or a time with, not a second GCS ("3 timer"). */
const GCS_NOT_VALUE = new Set([
  't',
  'timer',
  'time',
  'min',
  'minutt',
  'minutter',
  'dager',
  'døgn',
  'uker',
  'år',
  'ganger',
  'gonger',
  'gang',
  'gong',
  'x',
  'kg',
  'cm',
  'mm',
  'h',
  'hours',
  'hrs',
  'times',
]);
/**
 * A second GCS value told with its moment right after the first, without its own "GCS" ("GCS 14 på
 * stedet, 15 ved ankomst", "GCS 13 initialt, nå 14", "GCS 15 ved ankomst, 14 på skadestedet"): the
 * number within the next six words of the sentence, from 3 to 15, not a count or a time, with a
 * moment word between the two values or right after the second. Added as its own GCS span; the
 * lowest value counts (extractFacts). Source: hodeskade.yaml rates GCS 14 as low risk and GCS 15
 * as minimal (SNC 2013, Undén et al.), and names no moment; NICE CG176 counts GCS < 15 at 2 h after
 * the injury, so a lower value before arrival is not wiped out by a later 15. Clinical editor to
 * confirm (advice19).
 */
function readSecondGcs(t: number, k: number): void {
  let moment = false;
  // (a third or fourth value goes on the same way from the one before it: "GCS 15 på stedet, 15 i
  // ambulansen, 13 ved ankomst" — the lowest of them all counts; adv19. At most four values.)
  let values = 1;
  for (let j = k + 1; j < n && j <= k + 6 && tSent[j] === tSent[t]; j++) {
    steps++;
    const x = tWord[j];
    if (GCS_MOMENTS.has(x)) moment = true;
    if (x === 'gcs' || tFlags[j] & F_TEST) return;
    // (only moment and link words stand between two values: in "GCS 13 on arrival, confused,
    // vomited x3" the 3 is a count of another finding, not a GCS; adv21 — was read as GCS 3)
    if (!(tFlags[j] & F_NUM)) {
      if (!GCS_MOMENTS.has(x) && !GCS_LINKS.has(x)) return;
      continue;
    }
    const v = Number(x);
    const after = j + 1 < n && tSent[j + 1] === tSent[t] ? tWord[j + 1] : '';
    // ("GCS: 14/15" is a score out of 15, not two values)
    const gap = lower_.slice(tEnd[j - 1], tStart[j]);
    if (!Number.isInteger(v) || v < 3 || v > 15 || GCS_NOT_VALUE.has(after) || gap.includes('/')) return;
    if (!moment && !GCS_MOMENTS.has(after) && !(j + 2 < n && tSent[j + 2] === tSent[t] && GCS_MOMENTS.has(tWord[j + 2]))) return;
    if (retracted(j, j + 1)) return;
    add('gcs', v, tStart[j], tEnd[j]);
    if (++values === 4) return;
    k = j;
    moment = GCS_MOMENTS.has(after);
  }
}
/**
 * The token of a GCS value that corrects the value at k ("GCS 14, nei 15", "GCS 14 – unnskyld, 15",
 * "GCS 14, korrigert: 15", "GCS 14, skal være 15"): the next number within four words of the same
 * sentence, 3 to 15, framed as a correction (correctionBefore); -1 when none. Constant work.
 */
function correctedGcs(t: number, k: number): number {
  for (let j = k + 1; j < n && j <= k + 4 && tSent[j] === tSent[t]; j++) {
    steps++;
    if (tWord[j] === 'gcs') continue;
    if (!(tFlags[j] & F_NUM)) continue;
    const v = Number(tWord[j]);
    if (!Number.isInteger(v) || v < 3 || v > 15) return -1;
    return correctionBefore(tStart[j], tEnd[j]) === CORRECTED ? j : -1;
  }
  return -1;
}
/** A GCS value stated as a correction of the note's earlier one ("GCS 14. Korrigert: GCS 15"); -1 none. */
let gcsOverride = -1;
/** Words that may stand before a phrase that must open its clause (LexEntry.opensClause). */
const CLAUSE_OPENERS = new Set([
  'han',
  'hun',
  'ho',
  'pasienten',
  'pas',
  'pt',
  'er',
  'var',
  'blir',
  'virker',
  'virket',
  'verkar',
  'verka',
  'fremstår',
  'framstår',
  'fremsto',
  'framsto',
  'og',
  'klinisk',
]);
/** Whether word `from` opens its clause or follows only CLAUSE_OPENERS (at most three words back). */
function opensClause(from: number): boolean {
  for (let t = from - 1; t >= 0 && tClause[t] === tClause[from]; t--) {
    steps++;
    if (from - t > 3 || !CLAUSE_OPENERS.has(tWord[t])) return false;
  }
  return true;
}
/**
 * Whether the phrase at `from` may be read given LexEntry.notAfter: false when the word right
 * before it in its clause is one of `words` (the phrase's subject, not the patient: "Hodepinen
 * var borte"; adv21). Constant work.
 */
/** Per call: the facts of abnormal findings named only with a hedge or a question (Extraction.hedged; adv29). Reused. */
const hedgedFacts: FactId[] = [];
/** Per call: for each LexEntry.notNear list already looked up, whether the note holds one of its stems. */
const notNearSeen = new Map<readonly string[], boolean>();
/**
 * Whether a word of the note outside [from, to) starts with one of `stems` (LexEntry.notNear). The
 * note's words are walked once per list and call (cached in notNearSeen): linear.
 */
function nearWord(stems: readonly string[], from: number, to: number): boolean {
  const seen = notNearSeen.get(stems);
  if (seen !== undefined) return seen;
  let found = false;
  for (let j = 0; j < n && !found; j++) {
    steps++;
    if (j >= from && j < to) continue;
    const w = tWord[j];
    for (const s of stems) if (w.startsWith(s)) found = true;
  }
  notNearSeen.set(stems, found);
  return found;
}
function notAfterOk(words: readonly string[], from: number): boolean {
  return !(from > 0 && tClause[from - 1] === tClause[from] && words.includes(tWord[from - 1]));
}
/** Whether the phrase ending before word `to` may be read given LexEntry.notThen: false when the word right after it, in its clause, is one of `words`. */
function notThenOk(words: readonly string[], to: number): boolean {
  return !(to < n && to > 0 && tClause[to] === tClause[to - 1] && words.includes(tWord[to]));
}
/** Whether a blocker (a lexicon entry with no fact) has taken any of words from..to-1. */
function fixedByBlocker(from: number, to: number): boolean {
  for (let t = from; t < to; t++) {
    steps++;
    if (tFixAll[t]) return true;
  }
  return false;
}
function blocked(fact: FactId, from: number, to: number): boolean {
  for (let t = from; t < to; t++) {
    steps++;
    if (tFixAll[t] || tFixFacts[t]?.includes(fact)) return true;
  }
  return false;
}
/** Whether word k belongs with word t: same clause, or right after a "label:" colon ("GCS: 15"). */
function linked(t: number, k: number): boolean {
  if (k >= n) return false;
  if (tClause[k] === tClause[t]) return true;
  if (k !== t + 1 || tStart[k] < tEnd[t]) return false;
  for (let i = tEnd[t]; i < tStart[k]; i++) {
    const c = lower_.charCodeAt(i);
    if (c !== 32 && c !== 58 && c !== 61) return false;
  }
  return true;
}
// Per call, whether each lexicon entry's context words occur in the note: computed once per
// entry and call (a generation counter), so a note of repeated matches is not rescanned.
const ctxGen = new Int32Array(LEXICON.length);
const ctxVal = new Uint8Array(LEXICON.length);
let gen = 0;
function hasContext(c: Compiled): boolean {
  const e = c.entry;
  if (!e.context) return true;
  if (ctxGen[c.entryIndex] !== gen) {
    ctxGen[c.entryIndex] = gen;
    ctxVal[c.entryIndex] = 0;
    const indexed = ENTRY_CONTEXT[c.entryIndex];
    const exam = examContext_;
    for (let k = 0; k < indexed.length; k++) if (noteContextGen[indexed[k]] === gen || exam[indexed[k]] === 1) ctxVal[c.entryIndex] = 1;
    for (const s of ENTRY_CONTEXT_OTHER[c.entryIndex]) if (lower_.includes(s) || context_.includes(s)) ctxVal[c.entryIndex] = 1;
  }
  return ctxVal[c.entryIndex] === 1;
}
/** A context string is found through the words when it is letters only and too long for a dotted word's part. */
const indexableContext = (s: string) => s.length >= 3 && [...s].every((ch) => isLetter(ch.charCodeAt(0)));
/**
 * Every lexicon context string that the words can find (see indexableContext), once each. Such a
 * string can only occur inside one run of letters, so the note holds it exactly when one of its
 * letter runs does: the tokenizer stamps each run's (cached) CONTEXT_WORDS with the call's `gen`
 * in noteContextGen instead of hasContext searching the note once per string.
 */
const CONTEXT_WORDS: string[] = [...new Set(LEXICON.flatMap((e) => e.context ?? []).filter(indexableContext))];
const CONTEXT_INDEX = new Map(CONTEXT_WORDS.map((s, i) => [s, i]));
/** Per lexicon entry: its context strings as CONTEXT_WORDS indices, and the others (searched in the note). */
const ENTRY_CONTEXT: number[][] = LEXICON.map((e) => (e.context ?? []).filter(indexableContext).map((s) => CONTEXT_INDEX.get(s)!));
const ENTRY_CONTEXT_OTHER: string[][] = LEXICON.map((e) => (e.context ?? []).filter((s) => !indexableContext(s)));
/** Per CONTEXT_WORDS index: the `gen` of the last call whose note holds it. */
const noteContextGen = new Int32Array(CONTEXT_WORDS.length);
/** The CONTEXT_WORDS indices inside a word (or run of letters). */
function contextWordsIn(w: string): number[] {
  const found: number[] = [];
  for (let k = 0; k < CONTEXT_WORDS.length; k++) if (w.includes(CONTEXT_WORDS[k])) found.push(k);
  return found.length === 0 ? NO_CONTEXT : found;
}
const NO_CONTEXT: number[] = [];
/** opts.context of the last call as given, and its examContext. */
let rawContext_ = '';
let examContext_: Uint8Array = new Uint8Array(0);
/** Per exam context string (opts.context): 1 for each CONTEXT_WORDS string it holds. Bounded cache. */
const EXAM_CONTEXT = new Map<string, Uint8Array>();
function examContext(context: string): Uint8Array {
  let found = EXAM_CONTEXT.get(context);
  if (found === undefined) {
    found = new Uint8Array(CONTEXT_WORDS.length);
    for (let k = 0; k < CONTEXT_WORDS.length; k++) if (context.includes(CONTEXT_WORDS[k])) found[k] = 1;
    if (EXAM_CONTEXT.size > 1000) EXAM_CONTEXT.clear();
    EXAM_CONTEXT.set(context, found);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------

const DDIMER_NEG = new Set(['neg', 'negativ', 'negative', 'normal', 'ua', 'lav']);
const DDIMER_POS = new Set(['pos', 'positiv', 'positive', 'forhøyet', 'forhøya', 'forhøgd', 'høy', 'høg', 'økt', 'auka', 'raised', 'elevated']);
/** Words after which a D-dimer's result may come only after where and when it was taken ("tatt på legevakt, …"; adv26). */
// (nynorsk "D-dimer teken: normal"; adv33)
const DDIMER_TAKEN = new Set(['tatt', 'teke', 'teken', 'tekne', 'målt', 'taken', 'measured', 'done']);
/** Words that deny a raised D-dimer before "forhøyet"/"raised" ("ikke forhøyet", "not raised"). */
const DDIMER_TAKEN_NOT = new Set(['ikke', 'ikkje', 'not']);
/** After "tatt": the test named again and comment words ("og den var heldigvis ikke forhøyet", "and it was not raised"). */
const DDIMER_TAKEN_FILLER = new Set(['og', 'den', 'det', 'heldigvis', 'dessverre', 'and', 'it', 'fortunately']);
/** Words that name a knee flexion whose degrees follow ("bøyer 120°"). */
/** Labels of a medication list ("Faste medisiner:", "Medikamenter:", "Meds:"). */
// (nynorsk "Faste medisinar:"; adv27)
const MEDICATION_LABELS = new Set(['medisiner', 'medisinar', 'medisin', 'medikamenter', 'legemidler', 'legemiddel', 'medication', 'medications', 'meds']);
/** Words that, alone after a label's colon, say there is none ("Faste medisiner: ingen"). */
const NONE_VALUES = new Set(['ingen', 'inga', 'nei', 'none', 'nil', 'nothing']);
/** Whether the label at t is followed by a colon and one "none" word that ends its sentence. */
function labelSaysNone(t: number): boolean {
  if (t + 1 >= n || tSent[t + 1] !== tSent[t] || !NONE_VALUES.has(tWord[t + 1])) return false;
  // (the value closes its line or sentence: "Medisiner: ingen.\nPlan: …" — the next line's label
  // may join the sentence above it; adv22, was unread)
  if (t + 2 < n && tSent[t + 2] === tSent[t] && !/[.\n]/.test(lower_.slice(tEnd[t + 1], tStart[t + 2]))) return false;
  return lower_.slice(tEnd[t], tStart[t + 1]).includes(':');
}
/** Words in a medication list that say it is not the whole list, or not known ("m.fl.", "bl.a.", "se kurve", "ukjent"). */
const PARTIAL_LIST = new Set([
  'm',
  'fl',
  'bl',
  'blant',
  'annet',
  'etc',
  'osv',
  'mm',
  'se',
  'see',
  'kurve',
  'liste',
  'lista',
  'vedlagt',
  'ukjent',
  'usikker',
  'uklart',
  'ikke',
  'ikkje',
  'including',
  'incl',
  'inkl',
]);
/** "m.fl.", "m. fl.", "bl.a." however the tokenizer splits them. */
const PARTIAL_LIST_TEXT = /\bm\. ?fl\b|\bmfl\b|\bbl\. ?a\b/;
/**
 * Words (stems) of anticoagulant drugs and their class anywhere in a note: a complete medication
 * list is then not read as naming no anticoagulant (linear regex, no backtracking). "Blodfortynnende",
 * "blood thinner" and "antitrombotisk" cover both classes and are in both words.
 */
const ANTICOAGULANT_WORD =
  /marevan|warfarin|eliquis|apixaban|xarelto|rivaroks|rivarox|pradaxa|dabigatran|lixiana|edoks|edox|fragmin|dalteparin|klexane|enoksaparin|enoxaparin|heparin|antikoag|anticoag|blodfortynn|blodtynn|\bak\b|doak|noak|doac|noac|thinner|antitrombot/;
/** The same for antiplatelet drugs and their class (SNC 2013 counts them apart, from 65 years). */
const ANTIPLATELET_WORD =
  /albyl|aspirin|acetylsalisyl|\basa\b|plavix|klopidogrel|clopidogrel|brilique|tikagrelor|ticagrelor|efient|prasugrel|platehem|antiplatelet|dipyridamol|persantin|blodfortynn|blodtynn|thinner|antitrombot/;
/**
 * A complete regular-medication list: a label ("Faste medisiner:", "Faste med.:", "Medisiner:",
 * "Eneste faste medisin:", "Legemidler:", "Meds:", "Medications:") with a colon, then at least one
 * drug word up to its sentence's or line's end, with no word saying the list is partial or unknown
 * ("m.fl.", "bl.a.", "se kurve"), no question mark or hedge, not another person's and not in
 * earlier history. Returns the label's token, or -1. The referrer's list of regular medicines is
 * read as complete, as "Faste medisiner: ingen" is (adv27; for the clinical editor: a list copied
 * from the record is taken to hold every regular drug). One pass over the tokens: linear.
 */
/**
 * The token of an osteoarthritis word ("artrose", "gonartrose", "coxartrose") that a parenthesis
 * right after it dates with an X-ray and a year or date ("gonartrose (rtg 2024)", "artrose (røntgen
 * 03.25)"), told plainly (not denied, hedged or someone else's); -1 none. One pass: linear.
 */
function arthritisWithXrayInParenthesis(): number {
  for (let i = 1; i + 1 < n; i++) {
    steps++;
    const img = tWord[i];
    if (!(img === 'rtg' || img === 'røntgen' || img === 'xray') || !(tFlags[i + 1] & F_NUM) || tClause[i + 1] !== tClause[i]) continue;
    if (lower_.charCodeAt(tStart[i] - 1) !== 40 && !/\(\s*$/.test(lower_.slice(Math.max(0, tStart[i] - 3), tStart[i]))) continue;
    // (the arthritis word at most four words before the parenthesis, in its sentence: "gonartrose bilat (rtg 2024)")
    for (let t = i - 1; t >= 0 && t >= i - 4 && tSent[t] === tSent[i]; t--) {
      steps++;
      if (!tWord[t].endsWith('artrose')) continue;
      return contextOf(t, t + 1, false, true) === CTX_PLAIN ? t : -1;
    }
  }
  return -1;
}
/** "kun"/"bare"/"only" after a verb of taking: the drug named is the only one ("Bruker kun Albyl-E"). */
const ONLY_WORDS = new Set(['kun', 'bare', 'berre', 'only']);
const TAKES_WORDS = new Set(['bruker', 'brukar', 'tar', 'takes', 'taking', 'on']);
function completeMedicationList(): number {
  let label = -1;
  for (let t = 0; t + 1 < n && label < 0; t++) {
    steps++;
    const w = tWord[t];
    const isLabel =
      MEDICATION_LABELS.has(w) ||
      ((w === 'med' || w === 'medikament') &&
        t > 0 &&
        tSent[t - 1] === tSent[t] &&
        (tWord[t - 1] === 'faste' || tWord[t - 1] === 'daglige' || tWord[t - 1] === 'dagleg'));
    // ("Bruker kun Albyl-E", "Brukar berre Eliquis", "Takes only aspirin": the patient's one drug
    // named as the only one, an antithrombotic — the other class is not taken; adv33)
    const only =
      ONLY_WORDS.has(w) &&
      t > 0 &&
      tClause[t - 1] === tClause[t] &&
      TAKES_WORDS.has(tWord[t - 1]) &&
      tClause[t + 1] === tClause[t] &&
      (ANTIPLATELET_WORD.test(tWord[t + 1]) || ANTICOAGULANT_WORD.test(tWord[t + 1]));
    if ((!only && (!isLabel || !lower_.slice(tEnd[t], tStart[t + 1]).includes(':'))) || tOther[t] || (anyHist && tHist[t])) continue;
    let words = 0;
    let k = t + 1;
    for (; k < n && tSent[k] === tSent[t + 1] && !lower_.slice(tEnd[k - 1], tStart[k]).includes('\n'); k++) {
      steps++;
      if (PARTIAL_LIST.has(tWord[k]) || NONE_VALUES.has(tWord[k]) || tFlags[k] & (F_UNC | F_NEG)) return -1;
      if (!(tFlags[k] & F_NUM)) words++;
    }
    // ("Metformin m.fl.": the abbreviation's dot may end the sentence before its last word)
    const listText = lower_.slice(tStart[t], k < n ? tEnd[k] : lower_.length);
    if (words === 0 || (k < n && PARTIAL_LIST.has(tWord[k])) || listText.includes('?') || PARTIAL_LIST_TEXT.test(listText)) return -1;
    label = t;
  }
  return label;
}
/**
 * Whether a word of the note names an antithrombotic drug or class that is the patient's and not
 * told as stopped or earlier outside the list at `label` ("Faste medisiner: Metformin. Tidligere
 * Marevan, seponert 2023." and "Mors medisiner: Marevan" do not keep a complete medication list
 * from reading as none; adv29). A stopped drug inside the list itself ("Medisiner: Albyl-E
 * (seponert i fjor), Paracet") still does, as before (adv23: a stopped drug alone is not read as
 * "no antithrombotics"). One regex test per word: linear.
 */
function namesCurrentAntithrombotic(label: number, drugWord: RegExp): boolean {
  const listSent = tSent[label + 1];
  for (let t = 0; t < n; t++) {
    steps++;
    if (!drugWord.test(tWord[t])) continue;
    if (tOther[t] || (anyStopped && tSent[t] !== listSent && stoppedDrug(tStart[t], tEnd[t]))) continue;
    return true;
  }
  return false;
}
const FLEXION_WORDS = new Set([
  // ("Bøy >90", "bøyning til 80°"; adv19)
  'bøy',
  'bøyning',
  'bøyer',
  'bøyar',
  'bøye',
  'bøyd',
  'bøying',
  'fleksjon',
  'fleksjonen',
  'flekterer',
  'flekterar',
  'flektere',
  'flekteres',
  // advice13: English ("flexes to 110", "flexion 120")
  'flexes',
  'flexion',
  'flexed',
]);
/** Words that introduce a laboratory reference limit ("ref < 0,5", "referanse < 0,5"). */
/** "D-dimer over/innenfor referanse": words placing an unwritten value against the laboratory's limit (adv21). */
const DDIMER_ABOVE = new Set(['over', 'høyere', 'høgare', 'above']);
const DDIMER_WITHIN = new Set(['under', 'innenfor', 'innanfor', 'below', 'within']);
const REFERENCE_RANGE = new Set(['referanseområdet', 'referanseområde', 'normalområdet', 'normalområde', 'reference', 'normal']);
// ("D-dimer under grensen", "under normalgrensa", "below the threshold": the definite forms; adv27 — unread)
const REFERENCE_WORDS = new Set([
  'ref',
  'referanse',
  'refverdi',
  'referanseverdi',
  'grense',
  'grensa',
  'grensen',
  'grenseverdi',
  'grenseverdien',
  'normalgrense',
  'normalgrensa',
  'normalgrensen',
  'referansegrense',
  'referansegrensa',
  'referansegrensen',
  'cutoff',
  'off',
  'limit',
  'threshold',
]);
/** Words before a laboratory limit that say it is age-adjusted ("aldersjustert grense 0,76", advice17). */
const AGE_ADJUSTED = new Set(['aldersjustert', 'aldersjustera', 'alderjustert', 'aldersjusterte', 'age', 'adjusted', 'cut']);
/** CRP in mg/L: a bare value at or above this is raised in every laboratory (upper limits in use are 4–10 mg/L; advice17, clinical editor). */
const CRP_RAISED = 10;
/** CRP in mg/L: a bare value at or below this is normal in every laboratory. */
const CRP_NORMAL = 4;
/** D-dimer in mg/L FEU: a bare value at or above this is positive at any age (age-adjusted cut-off age × 0.01 up to 100 years, Righini 2014). */
const DDIMER_POSITIVE = 1.0;
/** D-dimer in mg/L FEU: a bare value below this is negative at any age (the conventional cut-off, which age adjustment only raises). */
const DDIMER_NEGATIVE = 0.5;
/** Spoken punctuation words where they stand as words (not inside another word). */
const SPOKEN_RE = /(^|[\s])(punktum|komma|spørsmålstegn|semikolon|utropstegn|ny linje|ny line|nytt avsnitt|ny setning)(?=$|[\s.,;:!?])/g;
/**
 * A dictated note's spoken punctuation as marks, each word replaced by its mark and spaces (the
 * text keeps its length). "komma" after "å" is a verb ("å komma", nynorsk), not a comma;
 * "semikolon" only in a note that also says "punktum" (dictated). "kolon" is not read as a mark
 * (it is also the bowel: "kolon cancer").
 */
/** Box characters of a pasted form: ☐ □ (empty), ☑ ☒ (ticked). */
const BOX_CHARS_RE = /[\u2610\u25a1\u2611\u2612]/;
/** A tick box: "[ ]", "[]", "[x]", "[v]", "[✓]", or a box character with the space before it; group 1 is what is inside the brackets. */
const TICK_BOX_RE = /\[( {0,2}|x|v|\u2713|\u2714)\]| ?[\u2610\u25a1\u2611\u2612]/g;
/**
 * Tick boxes of a pasted form ("[x] feber [ ] vekttap", "☑ Nattesmerter ☐ Kjent kreft"; adv23 —
 * every finding after a box was read as present, an empty box included: an opposite-class risk).
 * Rewritten in place, with the same length so spans keep their places: an empty box before its
 * item becomes ".÷" (a new sentence whose "÷" denies the item, as "÷ feber" does, advice14); a
 * ticked one becomes "." (the item is told as present, and no denial before it reaches it). A box
 * that ends its line belongs to the words before it ("Feber [ ]"): an empty one becomes " ÷" after
 * them (negating backwards, as "Feber ÷" does), a ticked one blank. One pass over the note.
 */
function tickBoxes(lower: string): string {
  return lower.replace(TICK_BOX_RE, (box: string, inside: string | undefined, at: number) => {
    const mark = box.charCodeAt(box.length - 1);
    const empty = mark === 0x2610 || mark === 0x25a1 || (inside !== undefined && inside.trim() === '');
    let j = at + box.length;
    while (j < lower.length && (lower.charCodeAt(j) === 32 || lower.charCodeAt(j) === 9)) j++;
    const endsLine = j === lower.length || lower.charCodeAt(j) === 10 || lower.charCodeAt(j) === 13;
    const after = endsLine && at > 0 && lower.charCodeAt(at - 1) !== 10;
    if (after) return empty ? (' ÷' + ' '.repeat(box.length)).slice(0, Math.max(box.length, 1)) : ' '.repeat(box.length);
    if (!empty) return ('.' + ' '.repeat(box.length)).slice(0, box.length);
    return box.length === 1 ? '÷' : ('.÷' + ' '.repeat(box.length)).slice(0, box.length);
  });
}

/**
 * A line that only denies ("Ikke:", "Ingen", "Benekter:", "Neg.:", "Ingen av følgende:", "Negativ
 * for:", "Denies:", "None of the following:"), before a bulleted list. Group 1: its words and colon.
 */
const NEGATED_HEADING_RE =
  /^[ \t]*((?:ingen|inga|ikke|ikkje|intet|neg\.?|negativ|negative|benekter|benektar|nekter|neitar|uten|utan|denies|denied|no|none|without)(?:[ \t]+(?:av|for|of|noe|noko|til|the|følgende|følgjande|disse|desse|dette|following))*[ \t]*:?)[ \t]*$/;
/** Headings kept as written: the reader denies a comma list after each of them ("Ikke: a, b"). */
const PLAIN_HEADINGS = new Set([
  'ingen',
  'inga',
  'ikke',
  'ikkje',
  'intet',
  'neg',
  'negativ',
  'no',
  'none',
  'denies',
  'benekter',
  'benektar',
  'uten',
  'utan',
  'without',
]);
/** A list line's bullet: a dash, an en dash, a bullet or an asterisk, then a space. */
const BULLET_RE = /^[ \t]*[-\u2013\u2022*\u00b7][ \t]/;
/**
 * A denial heading a bulleted list over lines ("Ikke:\n- traume\n- hevelse\n- låsninger",
 * "Benekter:\n- ny type hodepine\n- kreft", "Ingen av følgende:\n- feber"): rewritten in place, with
 * the same length so spans keep their places, as the one comma list the reader already denies item
 * by item ("Ikke: traume, hevelse, låsninger"). A heading of more words ("Ingen av følgende:",
 * "Negativ for:") becomes "ingen:" and blanks; a heading without a colon gets one in place of its
 * line break; each later item's line break and bullet become a comma and a blank. The line break
 * after the last item stays, so the denial ends with the list (adv31: each item was read as present
 * — "Ikke:\n- traume\n- hevelse" on MR knee was rated appropriate, an opposite-class reading). One
 * pass over the note's lines; a line is tested only when it is short.
 */
function negatedListLines(lower: string): string {
  let out: string[] | null = null;
  let lineStart = 0;
  let inList = false;
  let first = false;
  let colon = false;
  let heading: RegExpExecArray | null = null;
  let headingAt = 0;
  let copied = 0;
  while (lineStart <= lower.length) {
    let lineEnd = lower.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = lower.length;
    if (inList && lineStart > 0) {
      const m = lineEnd - lineStart <= 200 ? BULLET_RE.exec(lower.slice(lineStart, lineEnd)) : null;
      if (m) {
        out ??= [];
        if (first && heading !== null) {
          // the heading: "ingen:" and blanks for a heading of more words, a colon when it has none
          const words = heading[1];
          const at = headingAt + heading[0].indexOf(words);
          const bare = words.replace(/[ \t]*:$/, '').replace(/\.$/, '');
          out.push(lower.slice(copied, at));
          const plain = PLAIN_HEADINGS.has(bare) || words.length < 6;
          out.push(plain ? words : ('ingen:' + ' '.repeat(words.length)).slice(0, words.length));
          copied = at + words.length;
          colon = words.endsWith(':') || !plain;
        }
        out.push(lower.slice(copied, lineStart - 1));
        const bullet = lineStart + m[0].length - 2;
        out.push(first ? (colon ? ' ' : ':') : ',');
        out.push(lower.slice(lineStart, bullet), ' ');
        copied = bullet + 1;
        first = false;
      } else inList = false;
    }
    if (!inList && lineEnd - lineStart <= 40) {
      heading = NEGATED_HEADING_RE.exec(lower.slice(lineStart, lineEnd));
      if (heading !== null) {
        inList = true;
        first = true;
        headingAt = lineStart;
      }
    }
    lineStart = lineEnd + 1;
  }
  if (out === null) return lower;
  out.push(lower.slice(copied));
  return out.join('');
}

/** A line that is only a family-history label and its colon ("Hereditet:", "Hered.:", "Familiær disposisjon:", "FH:"). */
const FAMILY_LABEL_LINE_RE =
  /^[ \t]*(?:hereditet|heriditet|hered\.?|arvelighet|familieanamnese|familiehistorie|familiehistorikk|familiær[ \t]+disposisjon|fam\.?[ \t]*disp\.?|fh|family[ \t]+history)[ \t]*:[ \t]*$/;
/**
 * A family-history label on a line of its own, its value on the next ("Familiær
 * disposisjon:\nbrystkreft", "Hereditet:\n- brystkreft (mor)"): the line break (and a bullet
 * opening the next line) become blanks, in place with the same length, so the value is read after
 * its label as on one line — the relative's finding, not the patient's (adv32: the line break ended
 * the label and the relative's cancer was read as the patient's). Only the first line after the
 * label. One pass over the note's lines; a line is tested only when it is short.
 */
function familyLabelLines(lower: string): string {
  let out: string[] | null = null;
  let copied = 0;
  let lineStart = 0;
  while (lineStart < lower.length) {
    const lineEnd = lower.indexOf('\n', lineStart);
    if (lineEnd < 0) break;
    if (lineEnd - lineStart <= 40 && FAMILY_LABEL_LINE_RE.test(lower.slice(lineStart, lineEnd))) {
      const next = lineEnd + 1;
      let nextEnd = lower.indexOf('\n', next);
      if (nextEnd < 0) nextEnd = lower.length;
      if (lower.slice(next, nextEnd).trim() !== '') {
        out ??= [];
        const bullet = nextEnd - next <= 200 ? BULLET_RE.exec(lower.slice(next, nextEnd)) : null;
        out.push(lower.slice(copied, lineEnd), ' ');
        if (bullet) out.push(' '.repeat(bullet[0].length));
        copied = next + (bullet ? bullet[0].length : 0);
      }
    }
    lineStart = lineEnd + 1;
  }
  if (out === null) return lower;
  out.push(lower.slice(copied));
  return out.join('');
}

function spokenPunctuation(lower: string): string {
  const dictated = lower.includes('punktum');
  return lower.replace(SPOKEN_RE, (all: string, before: string, word: string, at: number) => {
    if (!dictated && word === 'semikolon') return all;
    if (word === 'komma' && /(?:^|\s)å\s+$/.test(lower.slice(Math.max(0, at - 3), at + before.length))) return all;
    return before + SPOKEN_MARKS[word] + ' '.repeat(word.length - 1);
  });
}
/** Words that say a value was written before ("ikke 15 som skrevet", "ikkje 2 som eg skreiv sist"). */
const WRITTEN_WORDS = new Set([
  'skrevet',
  'skrev',
  'skreiv',
  'skrive',
  'skrivi',
  'oppgitt',
  'oppgitte',
  'oppgav',
  'nevnt',
  'nemnt',
  'sto',
  'stod',
  'angitt',
  'angav',
  'written',
  'stated',
]);
/**
 * Whether the value at tokens [t, end) is taken back: a negation just before it and "som
 * (jeg) skrev/oppgitt …" right after it ("cysten er 5,5 cm, ikke 3,5 cm som skrevet tidligere";
 * a corrected referral, advice17).
 */
function retracted(t: number, end: number): boolean {
  const b = t > 0 && tSent[t - 1] === tSent[t] ? tWord[t - 1] : '';
  if (b !== 'ikke' && b !== 'ikkje' && b !== 'not') return false;
  for (let k = end; k < end + 6 && k < n && tSent[k] === tSent[t]; k++) if (WRITTEN_WORDS.has(tWord[k])) return true;
  return false;
}
/**
 * A weight now and an earlier, higher one in the same sentence: "Vekt 71 kg (78 kg i august)",
 * "vekt i dag 71 kg, var 78 kg", "vekt ned fra 78 til 71 kg", "veide 78 kg i mai, nå 71 kg". The
 * earlier weight must be marked as earlier (var/fra/før/tidligere before it, or a time after it:
 * "i august", "ved kontroll", "for 3 mnd siden"). A loss of 5 % or more is read as weight loss (a
 * common threshold for clinically significant unintended weight loss; clinical editor to confirm;
 * advice18). Bounded gaps: linear in the text.
 */
const WEIGHT_NOW_THEN =
  /\b(?:vekt|vekta|vekten|veier|veg|vektkontroll|weight)\b[^.\n\d]{0,20}?(\d{2,3}(?:[.,]\d)?)\s*kg\b[^.\n\d]{0,12}?[(,;]\s*(var\s+|ned fra\s+|fra\s+|frå\s+|tidligere\s+|tidlegare\s+|før\s+|was\s+)?(?:ca\.?\s+)?(\d{2,3}(?:[.,]\d)?)\s*kg\b([^.\n)]{0,30})/g;
const WEIGHT_THEN_NOW =
  /\b(?:fra|frå|from|veide|vog|vegde|weighed)\s+(?:ca\.?\s+)?(\d{2,3}(?:[.,]\d)?)\s*(?:kg\s*)?[^.\n\d]{0,25}?(?:\btil\b|\bto\b|→|->|\bnå(?=\s)|\bno\b|\bi dag\b|\bnow\b)\s*(?:\w+\s+)?(?:ca\.?\s+)?(\d{2,3}(?:[.,]\d)?)\s*kg\b/g;
/** After an earlier weight: a time that dates it ("i august", "ved kontroll", "for 3 mnd siden", "i fjor"). */
const WEIGHT_WHEN = /^\s*(?:i|ved|for|in|at|på)\s+\S+|^\s*\d/;
function readWeightChange(lower: string) {
  const num = (x: string) => Number(x.replace(',', '.'));
  WEIGHT_NOW_THEN.lastIndex = 0;
  for (let m = WEIGHT_NOW_THEN.exec(lower); m; m = WEIGHT_NOW_THEN.exec(lower)) {
    steps += 8;
    const now = num(m[1]);
    const then = num(m[3]);
    if ((m[2] !== undefined || WEIGHT_WHEN.test(m[4])) && then >= now * 1.05) add('weight_loss', true, m.index, m.index + m[0].length);
  }
  WEIGHT_THEN_NOW.lastIndex = 0;
  for (let m = WEIGHT_THEN_NOW.exec(lower); m; m = WEIGHT_THEN_NOW.exec(lower)) {
    steps += 8;
    if (num(m[1]) >= num(m[2]) * 1.05) add('weight_loss', true, m.index, m.index + m[0].length);
  }
}
/** Words before a size that make it an earlier measurement ("var 1,8 cm", "tidligere 2 cm"; advice18). */
const EARLIER_SIZE = new Set(['var', 'tidligere', 'tidlegare', 'forrige', 'førre', 'før', 'sist', 'was', 'previously', 'prior']);
/** Words after a size that date it to before now ("3 cm for et halvt år siden", "2 cm tidligere"; advice18). */
const SIZE_DATED = new Set(['siden', 'sidan', 'sia', 'tidligere', 'tidlegare', 'ago', 'previously']);
const HEDGE_SIZE = new Set(['ca', 'cirka', 'omtrent', 'om', 'rundt']);
/** Words for "now" that may open a follow-up size's sentence ("Cyste 3 cm i 2024. Nå 4,5 cm"; adv27). */
// (and the verbs of a follow-up measurement or growth: "Nå målt til 4,5 cm", "Har vokst til 4,5
// cm", "Now measures 4.5 cm", "Ved kontroll i dag 4,5 cm"; adv28 — the earlier size was read)
const SIZE_NOW = new Set([
  'nå',
  'no',
  'now',
  'idag',
  'today',
  'i',
  'dag',
  'ca',
  'cirka',
  'omtrent',
  'about',
  'approx',
  'målt',
  'målte',
  'måler',
  'måles',
  'målast',
  'measures',
  'measured',
  'measuring',
  'til',
  'to',
  'vokst',
  'økt',
  'auka',
  'grown',
  'increased',
  'har',
  'has',
  'ved',
  'kontroll',
  'at',
]);
/** Words of SIZE_NOW that tell the size is today's by themselves ("Har vokst til 4,5 cm", "Now measures …"). */
const SIZE_NOW_MARK = new Set(['nå', 'no', 'now', 'idag', 'today', 'dag', 'vokst', 'økt', 'auka', 'grown', 'increased', 'måler', 'measures']);
/**
 * Whether the size at token t opens its sentence after words for "now" only ("Nå 4,5 cm", "No ca.
 * 5 cm", "I dag 4 cm", "Now 4.5 cm"): a follow-up size that binds to the cyst of the sentence
 * before, as a size opening its sentence does (adv27 — it was left out and the earlier size read).
 * "i" and "dag" count only as "i dag"; a "now" word or a verb of growth or of a present measure
 * must be there ("Har vokst til 4,5 cm", "Now measures 4.5 cm"; adv28). Bounded: at most five words.
 */
function sizeOpensAfterNow(t: number): boolean {
  const s0 = sentStart[tSent[t]];
  if (t - s0 > 5) return false;
  let now = false;
  for (let k = s0; k < t; k++) {
    const w = tWord[k];
    if (!SIZE_NOW.has(w)) return false;
    if (w === 'i' && tWord[k + 1] !== 'dag') return false;
    if (w === 'dag' && (k === s0 || tWord[k - 1] !== 'i')) return false;
    if (SIZE_NOW_MARK.has(w)) now = true;
  }
  return now;
}
/** Words that may stand after a follow-up size and still describe the cyst ("Nå 4,5 cm stor"). */
const SIZE_SIZE_WORDS = new Set(['stor', 'store', 'large', 'big']);
/** Whether nothing but a size word or a cyst word follows the unit at token k in its clause ("Nå 4,5 cm stor myom" names another thing; adv27). */
function sizeEndsClause(k: number): boolean {
  let j = k + 1;
  if (j < n && tClause[j] === tClause[k] && SIZE_SIZE_WORDS.has(tWord[j])) j++;
  return j >= n || tClause[j] !== tClause[k] || (tSubjBits[j] & CYST_BIT) !== 0;
}
/** An earlier cyst size (see EARLIER_SIZE), kept until the note is read: char span and size in cm (-1: none). */
let earlierCystAt = -1;
/** A cyst size told as a range ("2-3 cm", "3–5 cm"): its ends in cm, and the value read (the upper end); NaN none (adv21). */
let cystRangeLo = NaN;
let cystRangeHi = NaN;
let earlierCystEnd = -1;
let earlierCystCm = 0;
// ("µg/L": the micro sign is no letter, so the unit is read as "g", "l"; advice18)
const DDIMER_UNIT = new Set(['mg', 'l', 'feu', 'µg', 'ug', 'ml', 'ng', 'mikrog', 'g']);
const CYST_GROUP = SUBJECT_KEYS.indexOf('cyst');
const CYST_BIT = 1 << CYST_GROUP;
/** Words for pulmonary embolism after "mistanke om" ("lav klinisk mistanke om LE"). */
const PE_WORDS = new Set(['le', 'lungeemboli', 'lungeemboliar', 'lungeembolier', 'lungeembolisme', 'pe', 'pulmonary']);
/** Whether "mistanke" at t is followed by "om"/"for"/"of" and a word for pulmonary embolism, in its clause. */
function suspicionOfPe(t: number): boolean {
  return t + 2 < n && tClause[t + 2] === tClause[t] && (tWord[t + 1] === 'om' || tWord[t + 1] === 'for' || tWord[t + 1] === 'of') && PE_WORDS.has(tWord[t + 2]);
}
const WELLS: Record<string, string> = {
  lav: 'low',
  låg: 'low',
  low: 'low',
  moderat: 'intermediate',
  middels: 'intermediate',
  intermediær: 'intermediate',
  intermediate: 'intermediate',
  høy: 'high',
  høg: 'high',
  high: 'high',
};

/**
 * The facts a referral note states. `opts.now` anchors relative dates (default: now);
 * `opts.context` names what the note is about, e.g. the ordered exam's catalogue name and body
 * part ("Røntgen kne kne", see advise.ts readingContext): its words count as context words of lexicon entries (a knee X-ray note
 * that says only "ømhet over caput fibulae" is about the knee), never as findings.
 */
export function extractFacts(text: string, opts: { now?: Date; context?: string } = {}): Extraction {
  // (the exam's context repeats from call to call: lower-cased and looked up once per change)
  const rawContext = opts.context ?? '';
  if (rawContext !== rawContext_) {
    rawContext_ = rawContext;
    context_ = rawContext.toLowerCase();
    examContext_ = examContext(context_);
  }
  let lower = text.toLowerCase();
  if (lower.length !== text.length) lower = Array.from(text, (ch) => (ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch)).join('');
  // (tick boxes of a pasted form, read as marks of the same length before the words are split; adv23)
  if (lower.includes('[') || BOX_CHARS_RE.test(lower)) lower = tickBoxes(lower);
  // (a denial heading a bulleted list over lines, "Ikke:\n- traume\n- hevelse", read as one
  // comma list after it; adv31 — each item was read as present, an opposite-class reading)
  if (lower.includes('\n')) lower = familyLabelLines(negatedListLines(lower));
  lower_ = lower;
  steps = 0;
  gen = (gen + 1) | 0;
  tokenize(lower, text);
  // Voice dictation writes the punctuation it was told as words ("… i helgen punktum hydrops
  // komma låsninger"): read as the marks (advice17; same length, so spans keep their places).
  // Found through the words' cached flags, so other notes pay nothing; a dictated note is
  // tokenized twice.
  if (noteFlags & F_SPOKEN) {
    lower = spokenPunctuation(lower);
    lower_ = lower;
    gen = (gen + 1) | 0;
    tokenize(lower, text);
  }
  spliceInsertions();
  markHistory(opts.now ?? new Date());
  markConditional();
  anyArgued = false;
  if (lower.includes('vurder') || lower.includes('consider') || lower.includes('tenkt')) markArguedAway();
  // (a note with no word of stopping pays only these substring checks; adv23)
  anyStopped =
    lower.includes('sepon') ||
    lower.includes('slutt') ||
    lower.includes('stopp') ||
    lower.includes('avslutt') ||
    lower.includes('discontinu') ||
    lower.includes('ceased') ||
    lower.includes('tidl') ||
    lower.includes('previous') ||
    lower.includes('formerly') ||
    lower.includes('prior') ||
    lower.includes('til ') ||
    lower.includes('until');
  nowYear = (opts.now ?? new Date()).getUTCFullYear();
  markEnglishNo();
  markNegatedComparison();
  prepare();
  matchAll();

  spans = [];
  earlierCystAt = -1;
  cystRangeLo = NaN;
  cystRangeHi = NaN;
  gcsOverride = -1;
  residual.length = 0;
  hedgedFacts.length = 0;
  notNearSeen.clear();
  text_ = text;

  // Fixed findings and blockers first: they take the force from negation words inside them and
  // stop other readings of the same words.
  for (let i = 0; i < m; i++) {
    steps++;
    const e = mC[i].entry;
    if (e.fact !== null && e.negatable !== false) continue;
    if (!hasContext(mC[i])) continue;
    if (e.subject && !subjectOk(e.subject, mFrom[i])) continue;
    // (of overlapping fixed findings of one fact, the first — the longest from the same word —
    // counts: "klarer ikke gå uten støtte" is not also "gå uten støtte"; adv20)
    if (e.fact !== null && blocked(e.fact, mFrom[i], mTo[i])) continue;
    if (e.fact !== null) {
      const ctx = contextOf(mFrom[i], mTo[i], false);
      if (ctx >= CTX_UNC) continue;
      // (a blocker over the same words wins: "upåvirket allmenntilstand" is no "upåvirket"; advice19)
      if (fixedByBlocker(mFrom[i], mTo[i])) continue;
      if (e.opensClause && !opensClause(mFrom[i])) continue;
      if (e.notAfter !== undefined && !notAfterOk(e.notAfter, mFrom[i])) continue;
      if (e.notThen !== undefined && !notThenOk(e.notThen, mTo[i])) continue;
      if (e.notNear !== undefined && nearWord(e.notNear, mFrom[i], mTo[i])) continue;
    }
    fix(e.fact, mFrom[i], mTo[i]);
    if (e.fact !== null && e.value === false) for (let k = mFrom[i]; k < mTo[i]; k++) if (tFlags[k] & F_NEG) tNegHead[k] = 1;
    if (e.fact !== null) {
      const before = spans.length;
      add(e.fact, e.value ?? true, tStart[mFrom[i]], tEnd[mTo[i] - 1], e.value === false);
      if (e.residual && spans.length > before) residual.push(spans[before]);
    }
  }

  // Negatable findings. Of overlapping matches for the same fact, the first (longest from the
  // same word) counts.
  let lastFact: FactId | null = null;
  let lastTo = -1;
  for (let i = 0; i < m; i++) {
    const e = mC[i].entry;
    if (e.fact === null || e.negatable === false) continue;
    steps++;
    if (e.fact === lastFact && mFrom[i] < lastTo) continue;
    if (!hasContext(mC[i])) continue;
    if (e.subject && !subjectOk(e.subject, mFrom[i])) continue;
    if (blocked(e.fact, mFrom[i], mTo[i])) continue;
    if (e.notAfter !== undefined && notAfterOk(e.notAfter, mFrom[i]) === false) continue;
    if (e.notThen !== undefined && !notThenOk(e.notThen, mTo[i])) continue;
    // (a comparison is no injury: "hodepine som et slag i hodet", "like being hit on the head";
    // adv33 — a thunderclap headache was read as a head injury and the headache topic stepped aside)
    if ((e.fact === 'trauma' || e.fact === 'head_injury') && simileBefore(mFrom[i])) continue;
    let ctx = contextOf(mFrom[i], mTo[i], e.uncertain === 'accept', (e.value ?? true) === true);
    // (an abnormal finding named with a hedge or a question: no default may read it as absent; adv29)
    if (ctx === CTX_UNC && e.uncertain !== 'accept' && (e.value ?? true) === true && !e.negatedOnly && !hedgedFacts.includes(e.fact)) hedgedFacts.push(e.fact);
    if (ctx >= CTX_OTHER || (ctx === CTX_UNC && e.uncertain !== 'accept')) continue;
    const value = e.value ?? true;
    if (ctx === CTX_NEG && typeof value !== 'boolean') continue;
    // (a normal finding after "og" keeps its reading: see normalConjunct)
    if (ctx === CTX_NEG && value === false && normalConjunct(mFrom[i])) ctx = CTX_PLAIN;
    // (a symptom whose denial only is read: "ingen nummenhet", advice16)
    if (e.negatedOnly && ctx !== CTX_NEG) continue;
    // (a finding that implies the fact one way only: "ingen polypper", "ikke luksert"; adv24)
    if (e.positiveOnly && ctx === CTX_NEG) continue;
    lastFact = e.fact;
    lastTo = mTo[i];
    const before = spans.length;
    add(e.fact, ctx === CTX_NEG ? !value : value, tStart[mFrom[i]], tEnd[mTo[i] - 1], ctx === CTX_NEG);
    // (a denied finding of an X-ray report denies that finding, not the report: "Rtg: moderat
    // artrose, ingen fraktur" keeps the arthrosis that explains the complaint — the denial is read
    // as "the rest", as "ellers ua" is; adv22, was read as an X-ray that does not explain)
    // (a denied sprain, dislocation or whiplash is "the rest" too: "Falt. Ikke luksert." keeps the fall; adv24)
    if ((e.residual || (ctx === CTX_NEG && (e.subject === 'xray' || e.deniedAsRest))) && spans.length > before) residual.push(spans[before]);
  }

  // An osteoarthritis named with its X-ray in a parenthesis after it ("Kjent gonartrose (rtg
  // 2024)", "Artrose hø kne (røntgen 03.25)"): the X-ray was taken and shows what explains the
  // complaint, as "artrose kjent fra rtg 2024" (adv33 — the parenthesis ended the clause, and the
  // knee topic asked for an X-ray)
  if (!spans.some((sp) => sp.factId === 'xray_explains_symptoms' || sp.factId === 'prior_xray')) {
    const at = arthritisWithXrayInParenthesis();
    if (at >= 0) {
      add('prior_xray', true, tStart[at], tEnd[at]);
      add('xray_explains_symptoms', true, tStart[at], tEnd[at]);
    }
  }

  // Durations
  const dur = readDuration(opts.now ?? new Date());
  let durLow = NaN;
  if (dur) {
    const d = dur as Dur;
    add('symptom_duration_weeks', Math.round(d.weeks * 100) / 100, d.from, d.to);
    durLow = Math.round(d.low * 100) / 100;
  }

  // Numbers and tests, word by word (only in a note that names one of the NEEDLES)
  const hasCyst = (needles & NEEDLE_CYST) !== 0;
  const needTests = needles !== 0;
  // (the first "Wells" and whether a score was read from it: for a checklist's "Sum:", adv23)
  let wellsAt = -1;
  let wellsRead = false;
  for (let t = 0; needTests && t < n; t++) {
    steps++;
    // (only test words and numbers are read below)
    // (in a cyst note a number word may be a size too: "tjuefem millimeter", adv23)
    if ((tFlags[t] & (F_TEST | F_NUM | (hasCyst ? F_NUMWORD : 0))) === 0) continue;
    const w = tWord[t];
    const clause = tClause[t];
    if (MEDICATION_LABELS.has(w) && labelSaysNone(t)) {
      // "Faste medisiner: ingen", "Meds: nil": no regular medication, so no anticoagulant or
      // antiplatelet drug (advice13; as "ingen faste medisiner" in the lexicon)
      add('anticoagulants', false, tStart[t], tEnd[t + 1], true);
      add('antiplatelets', false, tStart[t], tEnd[t + 1], true);
    } else if (FLEXION_WORDS.has(w)) {
      // Knee flexion in degrees (Ottawa knee rule: unable to flex to 90°): "bøyer 120°",
      // "fleksjon til 80 grader", "bøyer under 90". A negated clause is left to the lexicon
      // ("kan ikke bøye over 90°"); only in a knee note (or a knee exam).
      const knee = (lower.includes('kne') || lower.includes('knær') || context_.includes('kne')) && contextOf(t, t + 1, false) === CTX_PLAIN;
      for (let k = t + 1; knee && k < t + 5 && k < n && tClause[k] === clause; k++) {
        steps++;
        const x = tWord[k];
        if (x === 'ikke' || x === 'ikkje' || x === 'ingen') break;
        if (!(tFlags[k] & F_NUM)) continue;
        const deg = Number(x.replace(',', '.'));
        const unit = lower.slice(tEnd[k], tEnd[k] + 8);
        const before = tWord[k - 1];
        // English "flexes to 110" often has no unit (advice13)
        // ("Bøy >90", "fleksjon > 100", "bøy <90": a bound sign before the number is "over"/"under"
        // and needs no unit; adv19)
        const sign = charBefore(tStart[k]);
        const over = before === 'over' || sign === 62 || sign === 0x2265;
        const unitOk = /^\s*(°|grader|gradar|gr\b|deg)/.test(unit) || (before === 'to' && deg >= 30) || (over && deg >= 90) || (sign === 60 && deg <= 90);
        if (!unitOk || !(deg >= 0 && deg <= 180)) break;
        const limited = before === 'under' || sign === 60 ? deg <= 90 : over ? false : deg < 90;
        add('knee_flexion_limited', limited, tStart[t], tEnd[k]);
        break;
      }
    } else if (w === 'gcs') {
      // "GCS 15", "GCS: 14/15", "GCS 14-15" (a range is not read); "GCS var 13", "GCS er 15"
      // (advice17); a value the note takes back ("ikke 15 som skrevet") is never the first one
      const k =
        t + 2 < n && (tWord[t + 1] === 'var' || tWord[t + 1] === 'er' || tWord[t + 1] === 'was' || tWord[t + 1] === 'is') && tClause[t + 1] === clause
          ? t + 2
          : t + 1;
      // ("GCS fjorten", "GCS tolv (E3V4M5)": a number word is a value too, adv23)
      if (linked(t, k) && (tFlags[k] & F_NUM || scoreAt(k) >= 3)) {
        const v = scoreAt(k);
        const rest = lower.slice(tEnd[k], tEnd[k] + 3);
        if (Number.isInteger(v) && v >= 3 && v <= 15 && !/^\s*[-–]\s*\d/.test(rest) && !/^\s*(?:til|el|eller)\b/.test(lower.slice(tEnd[k], tEnd[k] + 6))) {
          // A value corrected right after it ("GCS 14, nei 15", "GCS 14 – unnskyld, 15", "GCS 14,
          // korrigert: 15"): only the corrected value is read (adv19; the lowest-value rule is about
          // values at different moments, not about a slip of the pen).
          const c = correctedGcs(t, k);
          const j = c >= 0 ? c : k;
          // ("Korrigert: GCS 15" after an earlier "GCS 14": this statement replaces every other)
          const value = j === k ? v : Number(tWord[j]);
          if (correctionBefore(tStart[t], tEnd[k]) === CORRECTED) gcsOverride = value;
          add('gcs', value, tStart[t], tEnd[j]);
          readSecondGcs(t, j);
        }
      }
    } else if (w === 'egfr' || w === 'gfr') {
      const k = t + 1;
      if (linked(t, k) && tFlags[k] & F_NUM) {
        const between = lower.slice(tEnd[t], tStart[k]);
        const v = Number(tWord[k].replace(',', '.'));
        if (!between.includes('<') && v > 0 && v < 200) add('egfr', v, tStart[t], tEnd[k]);
      }
    } else if (w === 'dimer' || w === 'ddimer' || (w === 'dd' && ddIsDimer(t))) {
      const from = t > 0 && tWord[t - 1] === 'd' && tClause[t - 1] === clause ? t - 1 : t;
      let v: string | null = null;
      let s = from;
      let e = t + 1;
      const b = from > 0 && tClause[from - 1] === clause ? tWord[from - 1] : '';
      const bb = from > 1 && tClause[from - 2] === clause ? tWord[from - 2] : '';
      if (DDIMER_NEG.has(b)) {
        v = 'negative';
        s = from - 1;
      } else if (DDIMER_POS.has(b)) {
        v = bb === 'ikke' || bb === 'ikkje' ? 'negative' : 'positive';
        s = from - (bb === 'ikke' || bb === 'ikkje' ? 2 : 1);
      } else {
        // "D-dimer negativ", "D-dimer 0,3 (neg)", "D-dimer 0,3 mg/L FEU: neg" — the value's label
        // in the same sentence, within a few words; a bare number is not read (cut-offs vary).
        let measured = NaN;
        // "D-dimer < 0,5" (or "< 500" µg/L): below the conventional cut-off of 0.5 mg/L FEU, which
        // the age-adjusted cut-off only raises, so negative at any age unless a label says otherwise
        // (advice15; as "CRP < 5" is normal).
        let below = -1;
        let measuredAt = -1;
        // (after "tatt"/"taken" the words of where and when are passed over to the next clause, a
        // colon or "var": "D-dimer tatt på legevakt, og den var heldigvis ikke forhøyet", "D-dimer
        // tatt hos fastlege i går var 0,3" — a number there is no value, another test stops it;
        // adv26 — unread, the PE topic asked for the D-dimer)
        let skipping = false;
        let taken = false;
        for (let k = t + 1; k < t + (taken ? 13 : 7) && k < n && tSent[k] === tSent[t]; k++) {
          steps++;
          const x = tWord[k];
          if (skipping) {
            // (a value right after "tatt" is the value: "D-dimer tatt 1,2")
            if (tClause[k] !== tClause[k - 1] || lower_.slice(tEnd[k - 1], tStart[k]).includes(':') || (tFlags[k] & F_NUM && DDIMER_TAKEN.has(tWord[k - 1])))
              skipping = false;
            else if (x === 'var' || x === 'er' || x === 'was' || x === 'is') {
              skipping = false;
              continue;
            } else if (tFlags[k] & (F_TEST | F_SCOPE | F_UNC)) break;
            else if (!DDIMER_NEG.has(x) && !DDIMER_POS.has(x) && !DDIMER_TAKEN_NOT.has(x)) continue;
            else skipping = false;
          }
          if (DDIMER_TAKEN.has(x) && !taken) {
            skipping = taken = true;
            continue;
          }
          // (the test told again as "den"/"det"/"it", with "og" and a comment word, after "tatt")
          if (taken && DDIMER_TAKEN_FILLER.has(x)) continue;
          if (tFlags[k] & F_NUM && Number.isNaN(measured)) {
            measured = Number(x.replace(',', '.'));
            measuredAt = k;
            if (charBefore(tStart[k]) === 60 && (measured <= 0.5 || measured === 500)) below = k;
          }
          // "D-dimer 0,9 (ref < 0,5)": the laboratory's own upper limit, written beside the value, decides
          if (REFERENCE_WORDS.has(x) && !Number.isNaN(measured)) {
            let upper = k + 1 < n && tSent[k + 1] === tSent[t] && tFlags[k + 1] & F_NUM ? Number(tWord[k + 1].replace(',', '.')) : NaN;
            // a range "ref 0-0,5": its upper end
            if (k + 2 < n && tFlags[k + 2] & F_NUM && /^\s*[-–]\s*$/.test(lower_.slice(tEnd[k + 1], tStart[k + 2])))
              upper = Number(tWord[k + 2].replace(',', '.'));
            const gap = k + 1 < n ? lower_.slice(tEnd[k], tStart[k + 1]) : '';
            if (!Number.isNaN(upper) && /^[\s.:]*<?\s*$/.test(gap)) {
              v = measured > upper ? 'positive' : 'negative';
              e = k + 2;
            }
            break;
          }
          // ("D-dimer på 1,4": advice18)
          if (
            x === 'er' ||
            x === 'var' ||
            x === 'på' ||
            x === 'was' ||
            x === 'is' ||
            x === 'test' ||
            x === 'verdi' ||
            DDIMER_UNIT.has(x) ||
            AGE_ADJUSTED.has(x) ||
            tFlags[k] & F_NUM
          )
            continue;
          if (DDIMER_TAKEN_NOT.has(x)) {
            if (k + 1 < n && tSent[k + 1] === tSent[t] && DDIMER_POS.has(tWord[k + 1])) {
              v = 'negative';
              e = k + 2;
            }
            break;
          }
          if (DDIMER_NEG.has(x)) {
            v = 'negative';
            e = k + 1;
          } else if (DDIMER_POS.has(x)) {
            v = 'positive';
            e = k + 1;
          } else if (DDIMER_ABOVE.has(x) || DDIMER_WITHIN.has(x)) {
            // "D-dimer over referanse(området)", "innenfor referanseområdet" (adv21: unread)
            // (also after the value and an age-adjusted limit: "D-dimer 0,6, under aldersjustert
            // grense"; adv27)
            let j = k + 1;
            while (
              j < k + 4 &&
              j < n &&
              tSent[j] === tSent[t] &&
              (tWord[j] === 'øvre' || tWord[j] === 'upper' || tWord[j] === 'the' || AGE_ADJUSTED.has(tWord[j]))
            )
              j++;
            if (j < n && tSent[j] === tSent[t] && (REFERENCE_WORDS.has(tWord[j]) || REFERENCE_RANGE.has(tWord[j]))) {
              v = DDIMER_ABOVE.has(x) ? 'positive' : 'negative';
              e = j + 1;
            } else if (Number.isNaN(measured) && j === k + 1 && j < n && tSent[j] === tSent[t] && tFlags[j] & F_NUM) {
              // "D-dimer under 0,5" as "< 0,5" (negative at any age: the age-adjusted cut-off only
              // raises it); "over 1,0" as a bare 1.0 or more (positive at any age); other limits
              // are the laboratory's and the age's: not read (adv27)
              const lim = Number(tWord[j].replace(',', '.'));
              const limMgL = lim < 20 ? lim : lim / 1000;
              if (DDIMER_WITHIN.has(x) && x !== 'innenfor' && x !== 'innanfor' && x !== 'within' && limMgL > 0 && limMgL <= DDIMER_NEGATIVE) v = 'negative';
              else if (DDIMER_ABOVE.has(x) && limMgL >= DDIMER_POSITIVE) v = 'positive';
              if (v) e = j + 1;
            }
          }
          break;
        }
        if (!v && below >= 0) {
          v = 'negative';
          e = below + 1;
        }
        // A bare value with no label or limit beside it (advice17): "D-dimer 1,2". At or above
        // 1.0 mg/L (1000 µg/L) it is above the conventional 0.5 mg/L FEU cut-off and above the
        // age-adjusted one (age × 0.01 mg/L over 50 years, Righini 2014) at any age up to 100:
        // positive. Below 0.5 mg/L (500 µg/L) negative at any age, as "D-dimer < 0,5" (the unit
        // is taken to be FEU, as Norwegian laboratories report; clinical editor). Between, the
        // patient's age and the laboratory decide: not read.
        if (!v && !Number.isNaN(measured) && measuredAt > 0 && !retracted(measuredAt, measuredAt + 1)) {
          const bound = charBefore(tStart[measuredAt]);
          const range = /^\s*[-–]\s*\d/.test(lower_.slice(tEnd[measuredAt], tEnd[measuredAt] + 4));
          const mgL = measured < 20 ? measured : measured / 1000;
          if (!range && bound !== 60 && bound !== 62 && measured > 0) {
            if (mgL >= DDIMER_POSITIVE) v = 'positive';
            else if (mgL < DDIMER_NEGATIVE) v = 'negative';
            if (v) e = measuredAt + 1;
          }
        }
      }
      if (v) add('d_dimer', v, tStart[s], tEnd[e - 1]);
    } else if (w === 'crp') {
      // "CRP 30 (forhøyet)", "CRP 3 mg/L (normal)": the value's label in the same sentence, as
      // for D-dimer. A bare value (advice17): at or above CRP_RAISED mg/L it is raised and at or
      // below CRP_NORMAL normal whatever the laboratory (upper limits in use are 4–10 mg/L);
      // between them the laboratory's own limit decides and nothing is read.
      let first = -1;
      let verdict = false;
      for (let k = t + 1; k < t + 6 && k < n && tSent[k] === tSent[t]; k++) {
        steps++;
        const x = tWord[k];
        if (tFlags[k] & F_NUM) {
          // "CRP <5", "CRP < 3": below the laboratory's usual upper limit (5 mg/L) is normal (advice13)
          if (first < 0 && charBefore(tStart[k]) === 60 && Number(x.replace(',', '.')) <= 5) {
            add('crp_raised', false, tStart[t], tEnd[k]);
            verdict = true;
            break;
          }
          if (first < 0) first = k;
          continue;
        }
        if (x === 'er' || x === 'var' || x === 'på' || x === 'verdi' || DDIMER_UNIT.has(x)) continue;
        if (first < 0) break; // "CRP forhøyet", "CRP normal": the lexicon reads these
        if (x === 'ikke' || x === 'ikkje') {
          if (k + 1 < n && tSent[k + 1] === tSent[t] && DDIMER_POS.has(tWord[k + 1])) {
            add('crp_raised', false, tStart[t], tEnd[k + 1]);
            verdict = true;
          }
        } else if (DDIMER_POS.has(x)) {
          add('crp_raised', true, tStart[t], tEnd[k]);
          verdict = true;
        } else if (DDIMER_NEG.has(x)) {
          add('crp_raised', false, tStart[t], tEnd[k]);
          verdict = true;
        }
        break;
      }
      if (!verdict && first >= 0 && linked(t, first === t + 1 ? first : t + 1) && !retracted(first, first + 1)) {
        const v = Number(tWord[first].replace(',', '.'));
        // (not a range "CRP 5-10", not a ">"/"<" bound other than the one read above)
        const bound = charBefore(tStart[first]);
        const range = /^\s*[-–]\s*\d/.test(lower_.slice(tEnd[first], tEnd[first] + 4));
        if (!range && bound !== 60 && bound !== 62 && v >= 0 && v < 1000) {
          if (v >= CRP_RAISED) add('crp_raised', true, tStart[t], tEnd[first]);
          else if (v <= CRP_NORMAL) add('crp_raised', false, tStart[t], tEnd[first]);
        }
      }
    } else if (w === 'wells') {
      if (wellsAt < 0) wellsAt = t;
      // "Wells lav", "Wells 1,5 (lav)", "Wells-skår 7", "Wells score: 3 poeng". The score (0–12.5 in
      // steps of 0.5) is kept as wells_score; its three-tier class (Wells et al. 1998: < 2 low,
      // 2–6 intermediate, > 6 high) gives pe_probability unless the note names the class itself.
      // A range ("Wells 2–3", "Wells 1-1,5") gives no score, but its class when both ends fall in
      // the same tier (adv19: "Wells 2–3 (usikker)" is intermediate whichever end is right).
      let score = NaN;
      let word: string | undefined;
      let end = t;
      let rangeTier: string | undefined;
      for (let k = t + 1; k < t + 6 && k < n && tSent[k] === tSent[t]; k++) {
        steps++;
        const x = tWord[k];
        // ("Wells score of 7", "Wells score was 4", "Wells score is 1": adv23, were unread)
        if (
          x === 'score' ||
          x === 'skår' ||
          x === 'skåre' ||
          x === 'er' ||
          x === 'var' ||
          x === 'kriterier' ||
          x === 'poeng' ||
          x === 'på' ||
          x === 'of' ||
          x === 'was' ||
          x === 'is'
        )
          continue;
        if (WELLS[x] && (tClause[k] === tClause[t] || !Number.isNaN(score))) {
          word = WELLS[x];
          end = k;
          break;
        }
        if (tFlags[k] & F_NUM && Number.isNaN(score)) {
          if (/^\s*[-–]\s*\d/.test(lower.slice(tEnd[k], tEnd[k] + 4))) {
            const lo = Number(x.replace(',', '.'));
            const hi = k + 1 < n && tFlags[k + 1] & F_NUM ? Number(tWord[k + 1].replace(',', '.')) : NaN;
            const tier = (v: number) => (v >= 0 && v <= 12.5 && Number.isInteger(v * 2) ? (v < 2 ? 'low' : v <= 6 ? 'intermediate' : 'high') : '');
            if (hi > lo && tier(lo) !== '' && tier(lo) === tier(hi)) {
              rangeTier = tier(lo);
              end = k + 1;
            }
            break;
          }
          score = Number(x.replace(',', '.'));
          end = k;
          continue;
        }
        // ("Wells-skår sju", "Wells fem poeng", "Wells null": a number word is a score, adv23; "to",
        // "en", "ei", "ein" only before "poeng", as they are also English and Norwegian function words)
        if (Number.isNaN(score) && !Number.isNaN(scoreAt(k))) {
          const v = scoreAt(k);
          if (!Number.isNaN(v) && (!SHORT_NUMBER_WORDS.has(x) || (k + 1 < n && tWord[k + 1] === 'poeng'))) {
            score = v;
            end = k;
            continue;
          }
        }
        break;
      }
      // ("Wells > 6", "Wells <2": a bound, not a score — its class when the bound decides it; adv21:
      // "Wells > 6" was read as 6, intermediate)
      const before = !Number.isNaN(score) && end > t ? lower.slice(tEnd[end - 1], tStart[end]) : '';
      const sign = before.includes('>') ? 1 : before.includes('<') ? -1 : 0;
      if (sign !== 0) {
        const bound = sign > 0 ? (score >= 6 ? 'high' : undefined) : score <= 2 ? 'low' : undefined;
        if (word ?? bound) add('pe_probability', (word ?? bound)!, tStart[t], tEnd[end]);
        wellsRead = true;
        continue;
      }
      const validScore = score >= 0 && score <= 12.5 && Number.isInteger(score * 2);
      if (validScore) add('wells_score', score, tStart[t], tEnd[end]);
      if (validScore || rangeTier || word) wellsRead = true;
      const p = word ?? (validScore ? (score < 2 ? 'low' : score <= 6 ? 'intermediate' : 'high') : rangeTier);
      if (p) add('pe_probability', p, tStart[t], tEnd[end]);
    } else if ((w === 'sum' || w === 'summen' || w === 'totalt') && needles & NEEDLE_WELLS && !wellsRead && wellsAt >= 0 && tStart[t] - tStart[wellsAt] < 600) {
      // The total of a pasted Wells checklist ("Wells-kriterier: [x] Kliniske tegn på DVT (3) …
      // Sum: 7,5"; adv23): a score after "Sum"/"Totalt" within a few lines after "Wells", when the
      // note gives no Wells score of its own. Its class as for "Wells 7,5" (Wells et al. 1998).
      const k = t + 1 < n && tWord[t + 1] === 'poeng' ? t + 2 : t + 1;
      const v = k < n && tSent[k] === tSent[t] ? scoreAt(k) : NaN;
      if (v >= 0 && v <= 12.5 && Number.isInteger(v * 2) && !/^\s*[-–]\s*\d/.test(lower.slice(tEnd[k], tEnd[k] + 4))) {
        add('wells_score', v, tStart[t], tEnd[k]);
        add('pe_probability', v < 2 ? 'low' : v <= 6 ? 'intermediate' : 'high', tStart[t], tEnd[k]);
        wellsRead = true;
      }
    } else if (w === 'sannsynlighet' || w === 'sannsynlegheit' || w === 'sannsyn' || w === 'pretest' || w === 'mistanke') {
      // "lav klinisk sannsynlighet [for LE]", "klinisk lav sannsynlighet"
      let k = t - 1;
      if (k >= 0 && tClause[k] === clause && (tWord[k] === 'klinisk' || tWord[k] === 'kliniske')) k--;
      // ("Lav klinisk mistanke om LE", "Låg klinisk mistanke om lungeemboli": a suspicion's degree
      // is the pretest probability only when PE is named right after it; adv33 — unread)
      if (k >= 0 && tClause[k] === clause && WELLS[tWord[k]] && (w !== 'mistanke' || suspicionOfPe(t))) {
        const neg = k > 0 && tClause[k - 1] === clause && (tFlags[k - 1] & F_NEG) !== 0;
        if (!neg) add('pe_probability', WELLS[tWord[k]], tStart[k], tEnd[t]);
      }
    } else if (hasCyst && (tFlags[t] & F_NUM || !Number.isNaN(scoreAt(t))) && linked(t, t + 1)) {
      // "cyste 3 cm", "3,5 cm stor cyste", "35 mm", "4 x 3 cm" (largest); "tre centimeter",
      // "tjuefem millimeter" (adv23: a number word and a unit spelled out were unread)
      let k = t + 1;
      let v = scoreAt(t);
      // ("1 1/2 cm": a whole number and a half; the "2" of "1/2" is no size of its own, advice16)
      if (tStart[t] > 0 && lower.charCodeAt(tStart[t] - 1) === 47) continue;
      if (k + 1 < n && tWord[k] === '1' && tWord[k + 1] === '2' && tStart[k + 1] === tEnd[k] + 1 && lower.charCodeAt(tEnd[k]) === 47 && linked(t, k)) {
        v += 0.5;
        k += 2;
      }
      // A size range ("2-3 cm", "3–5 cm", "25-35 mm"): the value read is the upper end, and the
      // range goes with it, so a rule whose threshold lies inside it asks for the size (adv21 —
      // the upper end alone was read, as for durations before adv20)
      let lo = NaN;
      if (
        linked(t, k + 1) &&
        tFlags[k] & F_NUM &&
        /^\s*[-–]\s*$/.test(lower.slice(tEnd[t], tStart[k])) &&
        (tWord[k + 1] === 'cm' || tWord[k + 1] === 'mm') &&
        Number(tWord[k].replace(',', '.')) > v
      ) {
        lo = v;
        v = Number(tWord[k].replace(',', '.'));
        k += 1;
      }
      while (linked(t, k + 1) && tWord[k] === 'x' && tFlags[k + 1] & F_NUM) {
        v = Math.max(v, Number(tWord[k + 1].replace(',', '.')));
        k += 2;
      }
      const unit = linked(t, k) ? (SIZE_UNITS.get(tWord[k]) ?? '') : '';
      if (unit !== 'cm' && unit !== 'mm') continue;
      // the cyst named earlier in the sentence (or opening the sentence before) or just after
      const named = t > 0 ? tSubj[(t - 1) * G + CYST_GROUP] : -1;
      // (or the sentence just before when the size opens its sentence: "Ovarialcyste. 3 cm, enkel", advice15)
      // (or after an imaging report's label: "Cyste ve ovarium 4 cm. Ny UL nå: 5 cm, septert"; adv26)
      // (or after words for "now" only: "Cyste 3 cm i 2024. Nå 4,5 cm"; adv27)
      const opens = t === 0 || tSent[t - 1] !== tSent[t] || imagingLabelBefore(tSent[t], t) || (sizeOpensAfterNow(t) && sizeEndsClause(k));
      let near = named >= 0 && (tSent[named] === tSent[t] || (opens && tSent[named] === tSent[t] - 1));
      // (English puts the size first and more words between: "1.5 cm simple L ovarian cyst")
      for (let j = t + 1; j < Math.min(n, k + 5) && !near; j++) if (tSent[j] === tSent[t] && tSubjBits[j] & CYST_BIT) near = true;
      if (near && v > 0 && !retracted(t, k)) {
        // ("nå 3 cm (var 1,8 cm i mars)": a size told as an earlier one counts only when the note
        // gives no other; advice18)
        const b1 = t > 0 && tClause[t - 1] === tClause[t] ? tWord[t - 1] : '';
        const b2 = t > 1 && tClause[t - 2] === tClause[t] ? tWord[t - 2] : '';
        // (or dated after it: "4,5 cm nå (3 cm for et halvt år siden)")
        let dated = false;
        for (let j = k + 1; j < k + 6 && j < n && tClause[j] === tClause[t] && !dated; j++) if (SIZE_DATED.has(tWord[j])) dated = true;
        if (EARLIER_SIZE.has(b1) || (HEDGE_SIZE.has(b1) && EARLIER_SIZE.has(b2)) || dated) {
          if (earlierCystAt < 0) {
            earlierCystAt = tStart[t];
            earlierCystEnd = tEnd[k];
            earlierCystCm = unit === 'mm' ? v / 10 : v;
          }
        } else {
          const cm = unit === 'mm' ? v / 10 : v;
          add('ovarian_cyst_cm', cm, tStart[t], tEnd[k]);
          if (lo > 0) {
            cystRangeLo = unit === 'mm' ? lo / 10 : lo;
            cystRangeHi = cm;
          }
        }
      }
      t = k;
    }
  }

  if (lower.includes('kg')) readWeightChange(lower);
  if (earlierCystAt >= 0 && !spans.some((sp) => sp.factId === 'ovarian_cyst_cm')) add('ovarian_cyst_cm', earlierCystCm, earlierCystAt, earlierCystEnd);
  // A complete medication list that names no antithrombotic drug ("Faste med: Metoprolol, Furix"):
  // neither anticoagulants nor antiplatelets (adv27; as "Faste medisiner: ingen"). One that names
  // an antiplatelet drug and no anticoagulant ("Eneste faste medisin: Albyl-E 75 mg"): no
  // anticoagulant (adv33 — the head-injury topic asked for it), and the other way round.
  const hasAc = spans.some((sp) => sp.factId === 'anticoagulants');
  const hasAp = spans.some((sp) => sp.factId === 'antiplatelets');
  if (!hasAc || !hasAp) {
    const list = completeMedicationList();
    if (list >= 0) {
      if (!hasAc && !(ANTICOAGULANT_WORD.test(lower) && namesCurrentAntithrombotic(list, ANTICOAGULANT_WORD)))
        add('anticoagulants', false, tStart[list], tEnd[list], true);
      if (!hasAp && !(ANTIPLATELET_WORD.test(lower) && namesCurrentAntithrombotic(list, ANTIPLATELET_WORD)))
        add('antiplatelets', false, tStart[list], tEnd[list], true);
    }
  }
  // A reason argued away ("Vurderte MR pga. vekttap, men vekten er stabil") stays read unless the
  // note reads its fact otherwise too (adv30)
  if (anyArgued) for (const a of argued) if (!spans.some((sp) => sp.factId === a.factId && sp.value !== a.value)) spans.push(a);
  // Later statements win over earlier ones for the same fact (the duration: the one chosen above),
  // except GCS: of several values told ("GCS 14 på stedet, 15 ved ankomst"), the lowest counts
  // (advice19; see readSecondGcs).
  sortSpans(spans);
  const facts: Facts = {};
  for (const s of spans) {
    if (s.factId === 'gcs' && gcsOverride >= 0) {
      facts.gcs = gcsOverride;
      continue;
    }
    if (s.factId === 'gcs' && typeof facts.gcs === 'number' && (s.value as number) > facts.gcs) continue;
    // ("Parese hø fot. Nevrologisk ellers ua": "the rest is normal" keeps the deficit named before it)
    if (residual.length !== 0 && facts[s.factId] === true && residual.includes(s)) continue;
    (facts as Record<string, FactValue>)[s.factId] = s.value;
  }
  // A duration told as a range ("4–6 uker"): the value read is its upper end; the range goes with
  // it, so a rule whose threshold lies inside it treats the duration as unknown (adv20).
  const weeks = facts.symptom_duration_weeks;
  let ranges: FactRanges | undefined;
  if (durLow >= 0 && typeof weeks === 'number' && durLow < weeks) ranges = { symptom_duration_weeks: [durLow, weeks] };
  // (a cyst size range, when its upper end is the size read; adv21)
  if (facts.ovarian_cyst_cm === cystRangeHi && cystRangeLo < cystRangeHi) (ranges ??= {}).ovarian_cyst_cm = [cystRangeLo, cystRangeHi];
  const out: Extraction = ranges ? { facts, spans, ranges } : { facts, spans };
  // (a hedged fact read as stated or denied elsewhere in the note is not hedged)
  const hedged = hedgedFacts.filter((f) => facts[f] === undefined);
  if (hedged.length > 0) out.hedged = hedged;
  return out;
}
