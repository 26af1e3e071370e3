// Pure helpers of the advice editor: reading and changing a topic document by path, moving a
// rule, and naming a place in the document in words (for errors and the diff).
import type { MessageKey } from '../../shared/i18n/index.ts';

export type Doc = Record<string, unknown>;
type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** The value at `path` (keys and array indexes as strings), or undefined. */
export function getIn(doc: unknown, path: readonly string[]): unknown {
  let node = doc;
  for (const k of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[k];
  }
  return node;
}

/**
 * A copy of `doc` with `value` at `path` (creating objects on the way; arrays copied). A value
 * of undefined or '' removes the key from an object.
 */
export function setIn<D>(doc: D, path: readonly string[], value: unknown): D {
  if (path.length === 0) return value as D;
  const [k, ...rest] = path;
  if (Array.isArray(doc)) {
    const copy = [...doc];
    copy[Number(k)] = setIn(copy[Number(k)], rest, value);
    return copy as D;
  }
  const obj = { ...((typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>) };
  const next = setIn(obj[k], rest, value);
  if (next === undefined || next === '') delete obj[k];
  else obj[k] = next;
  return obj as D;
}

/** Moves item `i` of the array at `path` by `delta` places (no change at the ends). */
export function moveIn<D>(doc: D, path: readonly string[], i: number, delta: number): D {
  const list = getIn(doc, path);
  if (!Array.isArray(list)) return doc;
  const j = i + delta;
  if (j < 0 || j >= list.length) return doc;
  const copy = [...list];
  [copy[i], copy[j]] = [copy[j], copy[i]];
  return setIn(doc, path, copy);
}

/** Removes item `i` of the array at `path`. */
export function removeAt<D>(doc: D, path: readonly string[], i: number): D {
  const list = getIn(doc, path);
  if (!Array.isArray(list)) return doc;
  return setIn(
    doc,
    path,
    list.filter((_, k) => k !== i),
  );
}

/** Whether an error at `errorPath` belongs to the field at `fieldPath` (the same place or inside it). */
export function isUnder(errorPath: readonly string[], fieldPath: readonly string[]): boolean {
  return fieldPath.length <= errorPath.length && fieldPath.every((k, i) => errorPath[i] === k);
}

const FIELD: Record<string, MessageKey> = {
  title: 'au.f.titleNb',
  applies_to: 'au.f.applies',
  exam_codes: 'au.f.exams',
  facts: 'au.f.questions',
  sources: 'au.f.sources',
  rules: 'au.f.rules',
  when: 'au.f.when',
  rating: 'au.f.rating',
  score: 'au.f.score',
  radiation: 'au.f.radiation',
  summary: 'au.f.summaryNb',
  explanation: 'au.f.explanationNb',
  alternative: 'au.f.alternative',
  otherwise: 'au.f.otherwise',
  tests: 'au.f.testName',
  url: 'au.f.url',
  year: 'au.f.year',
  publisher: 'au.f.publisher',
  // Written by the approval step (who approved the version, and when).
  reviewed: 'au.f.reviewed',
  by: 'au.f.reviewedBy',
  date: 'au.f.reviewedDate',
};

/**
 * A place in the document in words: "Regler (…) › traume › Vurdering". Keys the editor names
 * get their label; others (a rule's short name, a language) are shown as they are.
 */
export function fieldLabel(path: readonly string[], t: T): string {
  return path
    .filter((k) => k !== 'nb' && k !== 'en' && k !== 'outcome')
    .map((k) => (FIELD[k] ? t(FIELD[k]).replace(/\s*\(.*\)$/, '') : /^\d+$/.test(k) ? `#${Number(k) + 1}` : k))
    .join(' › ');
}

/** "L86, L84 ,n80" → ["L86", "L84", "N80"]: codes as an editor types them, comma or space separated. */
export function parseCodes(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}

/** The server's document-loader messages (English, src/server/guidelines/loader.ts) an editor meets most, as message keys. */
const PROBLEMS: readonly [RegExp, MessageKey, (m: RegExpMatchArray) => Record<string, string | number>][] = [
  [/^(is required|must be a non-empty string)$/, 'au.err.required', () => ({})],
  [/^must be at most (\d+) characters \(is (\d+)\)$/, 'au.err.tooLong', (m) => ({ max: m[1], n: m[2] })],
  [/^must be a whole number 1–9$/, 'au.err.score', () => ({})],
  [/^(\d+) does not fit rating \S+ \((\d+)–(\d+)\)$/, 'au.err.scoreBand', (m) => ({ score: m[1], from: m[2], to: m[3] })],
  [/^must be one of /, 'au.err.choice', () => ({})],
  [/^must be an http\(s\) URL$/, 'au.err.url', () => ({})],
  [/^must be lowercase letters, digits and dashes$/, 'au.err.id', () => ({})],
  [/^duplicate rule id$/, 'au.err.duplicateRule', () => ({})],
  [/^must list at least one source id$/, 'au.err.oneSource', () => ({})],
  [/^must list at least one rule$/, 'au.err.oneRule', () => ({})],
  [/^must be a positive number$/, 'au.err.positive', () => ({})],
];

/**
 * A validation problem of the advice document in the editor's language: the loader's common
 * English messages ("is required", "must be at most 140 characters (is 152)") become messages
 * from the message files; a rule-language position (`column`, 0-based) is added as a character
 * number. Messages not in the table are shown as the server wrote them. Pure.
 */
export function problemText(e: { message: string; column?: number }, t: T): string {
  const hit = PROBLEMS.map(([re, key, vars]) => {
    const m = e.message.match(re);
    return m ? t(key, vars(m)) : null;
  }).find((x) => x !== null);
  const text = hit ?? e.message;
  return e.column === undefined ? text : t('au.err.column', { message: text, n: e.column + 1 });
}
