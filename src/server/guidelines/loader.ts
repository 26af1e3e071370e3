// Loads and validates the referral-advice content (content/guidelines/*.yaml) and the
// referral-rights catalogue. A bad file is refused with a message naming file, rule and field.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYamlText } from 'yaml';
import { FACT_BY_ID, RED_FLAG_FACTS } from '../../shared/facts.ts';
import type { ReferrerKind } from '../db/schema.ts';
import { readReferenceData } from '../directory/reference-data.ts';
import { compile, ExpressionError } from './expression.ts';
import type { GuidelinePack, Outcome, ReferralRights, Rule, Source, Text, Topic, TopicDefault, TopicTest } from './types.ts';

/** YAML texts already parsed in this process, by text (the content is read again by every app built; at most 500). */
const parsedYaml = new Map<string, unknown>();

/**
 * `yaml`'s parse, remembered per text: the same content file parsed again (each app and each test file
 * loads the content) costs a structured clone instead of a YAML parse (~5× less). The caller gets its
 * own copy, so it may change it. Errors are thrown as by `yaml` and not remembered.
 */
function parse(text: string): unknown {
  let doc = parsedYaml.get(text);
  if (doc === undefined) {
    doc = parseYamlText(text) as unknown;
    // Bounded: editors' drafts are parsed here too, each a new text.
    if (parsedYaml.size >= 500) parsedYaml.clear();
    parsedYaml.set(text, doc);
  }
  return structuredClone(doc);
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const GUIDELINES_DIR = path.join(ROOT, 'content/guidelines');
export const RIGHTS_FILE = path.join(ROOT, 'content/codes/referral-rights.yaml');

/**
 * Invalid content. `message` names file, place and problem ("kne.yaml › rules › r1 › when: …");
 * `path` is the place as a list of keys (rule ids stand for their index), `problem` the bare
 * problem — the authoring editor (guidelines/authoring) marks the field from them.
 */
export class ContentError extends Error {
  constructor(
    message: string,
    readonly path: string[] = [],
    readonly problem: string = message,
  ) {
    super(message);
  }
}

/** Identifiers the rule language knows: every fact, plus the patient's age and sex. */
export const isRuleIdentifier = (id: string) => id === 'age' || id === 'sex' || FACT_BY_ID.has(id);

const RATINGS = ['appropriate', 'may_be_appropriate', 'usually_not_appropriate'];
const RADIATION = ['none', 'low', 'medium', 'high'];
const ALTERNATIVES = ['exam', 'xray_first', 'watchful_waiting', 'clinical'];
const REFERRER_KINDS = ['gp', 'hospital_doctor', 'private_specialist', 'chiropractor', 'manual_therapist'];

type Obj = Record<string, unknown>;

class Ctx {
  constructor(
    readonly file: string,
    readonly where: string[] = [],
  ) {}
  at(...more: string[]) {
    return new Ctx(this.file, [...this.where, ...more]);
  }
  fail(msg: string): ContentError {
    return new ContentError(`${this.file}${this.where.length ? ` › ${this.where.join(' › ')}` : ''}: ${msg}`, this.where, msg);
  }
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(c: Ctx, o: Obj, key: string, opts: { optional?: boolean; max?: number } = {}): string {
  const v = o[key];
  if (v === undefined || v === null) {
    if (opts.optional) return '';
    throw c.at(key).fail('is required');
  }
  if (typeof v !== 'string' || v.trim() === '') throw c.at(key).fail('must be a non-empty string');
  if (opts.max && v.length > opts.max) throw c.at(key).fail(`must be at most ${opts.max} characters (is ${v.length})`);
  return v;
}

function text(c: Ctx, o: Obj, key: string, max?: number): Text {
  const v = o[key];
  if (!isObj(v)) throw c.at(key).fail('must be { nb: …, en: … }');
  const nb = str(c.at(key), v, 'nb', { max });
  const en = str(c.at(key), v, 'en', { optional: true, max });
  return en ? { nb, en } : { nb };
}

function checkExamCode(c: Ctx, code: unknown, known: Set<string>) {
  if (typeof code !== 'string' || !known.has(code)) throw c.fail(`exam code "${String(code)}" is not in content/codes/ncrp.csv`);
}

function outcome(c: Ctx, o: unknown, sourceIds: Set<string>, known: Set<string>): Outcome {
  if (!isObj(o)) throw c.fail('must be an object');
  const rating = str(c, o, 'rating');
  if (!RATINGS.includes(rating)) throw c.at('rating').fail(`must be one of ${RATINGS.join(', ')}`);
  const score = o.score;
  if (typeof score !== 'number' || !Number.isInteger(score) || score < 1 || score > 9) throw c.at('score').fail('must be a whole number 1–9');
  const band = rating === 'appropriate' ? [7, 9] : rating === 'may_be_appropriate' ? [4, 6] : [1, 3];
  if (score < band[0] || score > band[1]) throw c.at('score').fail(`${score} does not fit rating ${rating} (${band[0]}–${band[1]})`);
  const radiation = str(c, o, 'radiation');
  if (!RADIATION.includes(radiation)) throw c.at('radiation').fail(`must be one of ${RADIATION.join(', ')}`);
  const sources = o.sources;
  if (!Array.isArray(sources) || sources.length === 0) throw c.at('sources').fail('must list at least one source id');
  for (const s of sources) if (!sourceIds.has(String(s))) throw c.at('sources').fail(`unknown source id "${String(s)}"`);
  let alternative: Outcome['alternative'];
  if (o.alternative !== undefined) {
    const a = o.alternative;
    const ca = c.at('alternative');
    if (!isObj(a)) throw ca.fail('must be an object');
    const kind = str(ca, a, 'kind');
    if (!ALTERNATIVES.includes(kind)) throw ca.at('kind').fail(`must be one of ${ALTERNATIVES.join(', ')}`);
    if (a.exam_code !== undefined) checkExamCode(ca.at('exam_code'), a.exam_code, known);
    if ((kind === 'exam' || kind === 'xray_first') && a.exam_code === undefined) throw ca.at('exam_code').fail(`is required for kind ${kind}`);
    if (a.weeks !== undefined && (typeof a.weeks !== 'number' || a.weeks <= 0)) throw ca.at('weeks').fail('must be a positive number');
    alternative = {
      kind: kind as NonNullable<Outcome['alternative']>['kind'],
      examCode: a.exam_code as string | undefined,
      weeks: a.weeks as number | undefined,
      text: text(ca, a, 'text'),
    };
  }
  return {
    rating: rating as Outcome['rating'],
    score,
    summary: text(c, o, 'summary', 140),
    explanation: text(c, o, 'explanation'),
    alternative,
    radiation: radiation as Outcome['radiation'],
    sources: sources.map(String),
  };
}

/**
 * Shared rule blocks (issue 6): a rules item `{ include: _name.yaml }` inserts the `rules` of that
 * file (in content/guidelines, never loaded as a topic because of the leading underscore) at that
 * place; its `sources` and `defaults` join the topic's, and its `red_flags` apply when the topic
 * lists none. The spine topics share their red-flag logic this way.
 */
const INCLUDED = Symbol('included from a shared file');

function expandIncludes(c: Ctx, doc: Obj, readShared: ((name: string) => string) | undefined): Obj {
  if (!Array.isArray(doc.rules) || !doc.rules.some((r) => isObj(r) && r.include !== undefined)) return doc;
  const out: Obj = {
    ...doc,
    rules: [] as unknown[],
    sources: Array.isArray(doc.sources) ? [...doc.sources] : doc.sources,
    defaults: Array.isArray(doc.defaults) ? [...doc.defaults] : doc.defaults,
  };
  for (const [i, r] of doc.rules.entries()) {
    if (!isObj(r) || r.include === undefined) {
      (out.rules as unknown[]).push(r);
      continue;
    }
    const cr = c.at('rules', String(i), 'include');
    const name = String(r.include);
    if (!/^_[a-z0-9-]+\.yaml$/.test(name)) throw cr.fail('must name a shared file like _ryggrad.yaml');
    if (!readShared) throw cr.fail('shared files can only be read when loading from a folder');
    let shared: unknown;
    try {
      shared = parse(readShared(name));
    } catch (e) {
      throw cr.fail(`cannot read ${name}: ${(e as Error).message}`);
    }
    if (!isObj(shared) || !Array.isArray(shared.rules)) throw cr.fail(`${name} must have rules`);
    // Rules of a shared file are kept only for the exams of the including topic.
    for (const sr of shared.rules) (out.rules as unknown[]).push(isObj(sr) ? { ...sr, [INCLUDED]: true } : sr);
    if (Array.isArray(shared.sources) && Array.isArray(out.sources)) {
      const have = new Set((out.sources as Obj[]).map((x) => (isObj(x) ? x.id : undefined)));
      for (const s of shared.sources) if (isObj(s) && !have.has(s.id)) (out.sources as unknown[]).push(s);
    }
    if (Array.isArray(shared.defaults)) out.defaults = [...(Array.isArray(out.defaults) ? out.defaults : []), ...shared.defaults];
    if (out.red_flags === undefined && shared.red_flags !== undefined) out.red_flags = shared.red_flags;
  }
  return out;
}

export function parseTopic(file: string, raw: string, knownCodes: Set<string>, readShared?: (name: string) => string): Topic {
  const c = new Ctx(file);
  let parsed: unknown;
  try {
    parsed = parse(raw);
  } catch (e) {
    throw c.fail(`is not valid YAML: ${(e as Error).message}`);
  }
  if (!isObj(parsed)) throw c.fail('must be a YAML mapping');
  const doc = expandIncludes(c, parsed, readShared);
  const id = str(c, doc, 'id');
  if (!/^[a-z0-9-]+$/.test(id)) throw c.at('id').fail('must be lowercase letters, digits and dashes');
  const version = str(c, doc, 'version');
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw c.at('version').fail('must be a semantic version like 1.0.0');
  const status = str(c, doc, 'status');
  if (status !== 'draft' && status !== 'published') throw c.at('status').fail('must be draft or published');
  let reviewed: Topic['reviewed'] = null;
  if (doc.reviewed !== null && doc.reviewed !== undefined) {
    if (!isObj(doc.reviewed)) throw c.at('reviewed').fail('must be null or { by, date }');
    reviewed = { by: str(c.at('reviewed'), doc.reviewed, 'by'), date: str(c.at('reviewed'), doc.reviewed, 'date') };
  }
  const sourcesRaw = doc.sources;
  if (!Array.isArray(sourcesRaw) || sourcesRaw.length === 0) throw c.at('sources').fail('must list the sources');
  const sources: Source[] = sourcesRaw.map((s, i) => {
    const cs = c.at('sources', String(i));
    if (!isObj(s)) throw cs.fail('must be an object');
    const url = str(cs, s, 'url');
    if (!/^https?:\/\//.test(url)) throw cs.at('url').fail('must be an http(s) URL');
    const year = s.year;
    if (typeof year !== 'number') throw cs.at('year').fail('must be a year');
    return { id: str(cs, s, 'id'), title: str(cs, s, 'title'), publisher: str(cs, s, 'publisher'), url, year };
  });
  const sourceIds = new Set(sources.map((s) => s.id));
  if (sourceIds.size !== sources.length) throw c.at('sources').fail('has duplicate ids');

  const ap = doc.applies_to;
  if (!isObj(ap)) throw c.at('applies_to').fail('is required');
  const codes = ap.exam_codes;
  if (!Array.isArray(codes) || codes.length === 0) throw c.at('applies_to', 'exam_codes').fail('must list NCRP codes');
  codes.forEach((code, i) => checkExamCode(c.at('applies_to', 'exam_codes', String(i)), code, knownCodes));
  const kinds = ap.referrer_kinds;
  if (kinds !== undefined && (!Array.isArray(kinds) || kinds.some((k) => !REFERRER_KINDS.includes(String(k)))))
    throw c.at('applies_to', 'referrer_kinds').fail(`must list of ${REFERRER_KINDS.join(', ')}`);
  const appliesTo: Topic['appliesTo'] = {
    examCodes: codes.map(String),
    indications: Array.isArray(ap.indications) ? (ap.indications as { system: 'ICPC-2' | 'ICD-10'; codes: string[] }[]) : undefined,
    age: isObj(ap.age) ? (ap.age as { min?: number; max?: number }) : undefined,
    sex: ap.sex === 'M' || ap.sex === 'F' ? ap.sex : undefined,
    referrerKinds: kinds as ReferrerKind[] | undefined,
    engagedBy: Array.isArray(ap.engaged_by) ? ap.engaged_by.map(String) : undefined,
    excludedBy: Array.isArray(ap.excluded_by) ? ap.excluded_by.map(String) : undefined,
  };
  for (const f of appliesTo.engagedBy ?? []) if (!FACT_BY_ID.has(f)) throw c.at('applies_to', 'engaged_by').fail(`unknown fact "${f}"`);
  for (const f of appliesTo.excludedBy ?? []) if (!FACT_BY_ID.has(f)) throw c.at('applies_to', 'excluded_by').fail(`unknown fact "${f}"`);

  const facts = doc.facts;
  if (!Array.isArray(facts)) throw c.at('facts').fail('must list the fact ids the topic needs');
  facts.forEach((f, i) => {
    if (!FACT_BY_ID.has(String(f))) throw c.at('facts', String(i)).fail(`unknown fact "${String(f)}" (see src/shared/facts.ts)`);
  });

  const rulesRaw = doc.rules;
  if (!Array.isArray(rulesRaw) || rulesRaw.length === 0) throw c.at('rules').fail('must list at least one rule');
  const ruleIds = new Set<string>();
  const rules: Rule[] = rulesRaw
    .map((r, i): Rule | null => {
      const cr = c.at('rules', isObj(r) && typeof r.id === 'string' ? r.id : String(i));
      if (!isObj(r)) throw cr.fail('must be an object');
      const rid = str(cr, r, 'id');
      if (ruleIds.has(rid)) throw cr.at('id').fail('duplicate rule id');
      ruleIds.add(rid);
      const whenSrc = str(cr, r, 'when');
      let when;
      try {
        when = compile(whenSrc, isRuleIdentifier);
      } catch (e) {
        if (e instanceof ExpressionError) throw cr.at('when').fail(e.message);
        throw e;
      }
      let examCodes: string[] | undefined;
      if (r.exam_codes !== undefined) {
        if (!Array.isArray(r.exam_codes) || r.exam_codes.length === 0) throw cr.at('exam_codes').fail('must list NCRP codes of the topic');
        examCodes = r.exam_codes.map(String);
        if ((r as Record<symbol, unknown>)[INCLUDED]) {
          examCodes.forEach((code, j) => checkExamCode(cr.at('exam_codes', String(j)), code, knownCodes));
          examCodes = examCodes.filter((code) => appliesTo.examCodes.includes(code));
          if (examCodes.length === 0) return null;
        } else
          for (const code of examCodes)
            if (!appliesTo.examCodes.includes(code)) throw cr.at('exam_codes').fail(`"${code}" is not one of the topic's exam codes`);
      }
      return { id: rid, when, outcome: outcome(cr.at('outcome'), r.outcome, sourceIds, knownCodes), examCodes };
    })
    .filter((r): r is Rule => r !== null);
  const otherwise = outcome(c.at('otherwise'), doc.otherwise, sourceIds, knownCodes);

  let redFlags: string[] = [...RED_FLAG_FACTS];
  if (doc.red_flags !== undefined) {
    if (!Array.isArray(doc.red_flags)) throw c.at('red_flags').fail("must list the fact ids of the topic's red flags");
    redFlags = doc.red_flags.map(String);
    redFlags.forEach((f, i) => {
      const d = FACT_BY_ID.get(f);
      if (!d || d.type !== 'boolean' || f === 'red_flags') throw c.at('red_flags', String(i)).fail(`"${f}" is not a yes/no fact (see src/shared/facts.ts)`);
    });
  }
  const defaults: TopicDefault[] = [];
  if (doc.defaults !== undefined) {
    if (!Array.isArray(doc.defaults)) throw c.at('defaults').fail('must list { fact, value, when?, source, because }');
    doc.defaults.forEach((d, i) => {
      const cd = c.at('defaults', String(i));
      if (!isObj(d)) throw cd.fail('must be an object');
      const fact = str(cd, d, 'fact');
      const def = FACT_BY_ID.get(fact);
      if (!def) throw cd.at('fact').fail(`unknown fact "${fact}"`);
      const value = d.value;
      const okType =
        def.type === 'boolean'
          ? typeof value === 'boolean'
          : def.type === 'number'
            ? typeof value === 'number'
            : typeof value === 'string' && (def.values ?? []).includes(value);
      if (!okType) throw cd.at('value').fail(`must be a ${def.type} value of "${fact}"`);
      const source = str(cd, d, 'source');
      if (!sourceIds.has(source)) throw cd.at('source').fail(`unknown source id "${source}"`);
      let when;
      if (d.when !== undefined) {
        try {
          when = compile(str(cd, d, 'when'), isRuleIdentifier);
        } catch (e) {
          if (e instanceof ExpressionError) throw cd.at('when').fail(e.message);
          throw e;
        }
      }
      if (d.unless_hedged !== undefined && d.unless_hedged !== true) throw cd.at('unless_hedged').fail('must be true when given');
      const def1: TopicDefault = { fact, value: value as TopicDefault['value'], when, source, because: text(cd, d, 'because') };
      if (d.unless_hedged === true) def1.unlessHedged = true;
      defaults.push(def1);
    });
  }

  const tests: TopicTest[] = Array.isArray(doc.tests) ? (doc.tests as TopicTest[]) : [];
  tests.forEach((t, i) => {
    const ct = c.at('tests', String(i));
    if (!isObj(t) || !isObj(t.input) || !isObj(t.expect)) throw ct.fail('must have input and expect');
    for (const k of Object.keys(t.input.facts ?? {})) if (!FACT_BY_ID.has(k)) throw ct.at('input', 'facts').fail(`unknown fact "${k}"`);
    if (t.expect.rule && t.expect.rule !== 'otherwise' && !ruleIds.has(t.expect.rule)) throw ct.at('expect', 'rule').fail(`no rule "${t.expect.rule}"`);
  });

  return {
    id,
    file,
    version,
    status: status as Topic['status'],
    reviewed,
    title: text(c, doc, 'title'),
    appliesTo,
    facts: facts.map(String),
    redFlags,
    defaults,
    rules,
    otherwise,
    sources,
    tests,
  };
}

export function parseRights(file: string, raw: string, knownCodes: Set<string>): ReferralRights {
  const c = new Ctx(file);
  const doc: unknown = parse(raw);
  if (!isObj(doc) || !isObj(doc.limited)) throw c.fail('must have a "limited" mapping of referrer kinds');
  const limited: ReferralRights['limited'] = {};
  for (const [kind, v] of Object.entries(doc.limited)) {
    const ck = c.at('limited', kind);
    if (!REFERRER_KINDS.includes(kind)) throw ck.fail('unknown referrer kind');
    if (!isObj(v) || !Array.isArray(v.exam_codes)) throw ck.fail('must have exam_codes');
    v.exam_codes.forEach((code, i) => checkExamCode(ck.at('exam_codes', String(i)), code, knownCodes));
    limited[kind as ReferrerKind] = { examCodes: new Set(v.exam_codes.map(String)), source: str(ck, v, 'source') };
  }
  return { limited };
}

/** The NCRP codes of content/codes/ncrp.csv (read once per process). */
let knownCodesCache: Set<string> | undefined;
export function knownExamCodes(): Set<string> {
  knownCodesCache ??= new Set(readReferenceData().examCodes.map((e) => e.code));
  return knownCodesCache;
}

/** Reads a shared rule block (`_name.yaml`) from the content folder. */
export const readSharedBlock = (name: string, dir = GUIDELINES_DIR) => fs.readFileSync(path.join(dir, name), 'utf8');

/**
 * A pack from parsed topics: the published ones are indexed by exam code (file order kept, which
 * decides ties between topics). Throws ContentError when two topics share an id.
 */
export function packOf(topics: Topic[], rights: ReferralRights): GuidelinePack {
  const ids = new Set<string>();
  for (const t of topics) {
    if (ids.has(t.id)) throw new ContentError(`${t.file}: topic id "${t.id}" is used by another file`);
    ids.add(t.id);
  }
  const byExam = new Map<string, Topic[]>();
  for (const t of topics) if (t.status === 'published') for (const code of t.appliesTo.examCodes) byExam.set(code, [...(byExam.get(code) ?? []), t]);
  return { topics, byExam, rights };
}

/** The referral-rights catalogue (content/codes/referral-rights.yaml). */
export function loadRights(rightsFile = RIGHTS_FILE): ReferralRights {
  return parseRights('content/codes/referral-rights.yaml', fs.readFileSync(rightsFile, 'utf8'), knownExamCodes());
}

export function loadGuidelinePack(dir = GUIDELINES_DIR, rightsFile = RIGHTS_FILE): GuidelinePack {
  const knownCodes = knownExamCodes();
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !f.startsWith('_'))
    .sort();
  const readShared = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
  const topics = files.map((f) => parseTopic(`content/guidelines/${f}`, fs.readFileSync(path.join(dir, f), 'utf8'), knownCodes, readShared));
  const rights = parseRights('content/codes/referral-rights.yaml', fs.readFileSync(rightsFile, 'utf8'), knownCodes);
  return packOf(topics, rights);
}
