// A topic as the editors write it: the content file's shape (content/guidelines/*.yaml, described
// in content/guidelines/README.md) held as a JSON object, validated by the same loader that reads
// the files (loader.ts parseTopic), so a topic written in the browser and a topic written in git
// are checked by one set of rules. Pure: no database, no HTTP.
import { parse, stringify } from 'yaml';
import { ExpressionError } from '../expression.ts';
import { ContentError, knownExamCodes, parseTopic, readSharedBlock } from '../loader.ts';
import type { Topic } from '../types.ts';

/** A topic document: the parsed YAML of one topic file. */
export type TopicDocument = Record<string, unknown>;

/**
 * Where a document is wrong. `path` points into the document (keys and array indexes as strings,
 * e.g. ["rules", "2", "when"]); `column` is the 0-based character in a rule condition when the
 * problem has one; `message` is the problem in English (the editor shows it beside the field).
 */
export interface DocumentError {
  path: string[];
  message: string;
  column?: number;
}

export type Validation = { ok: true; topic: Topic; errors: [] } | { ok: false; topic: null; errors: DocumentError[] };

/** The document as the topic file's text (YAML, no line wrapping, keys in the document's order). */
export function toYaml(doc: TopicDocument): string {
  return stringify(doc, { lineWidth: 0 });
}

/** A topic file's text as a document. Throws ContentError when it is not a YAML mapping. */
export function fromYaml(text: string, file = 'topic.yaml'): TopicDocument {
  let v: unknown;
  try {
    v = parse(text);
  } catch (e) {
    throw new ContentError(`${file}: is not valid YAML: ${(e as Error).message}`, [], `is not valid YAML: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ContentError(`${file}: must be a YAML mapping`, [], 'must be a YAML mapping');
  return v as TopicDocument;
}

/**
 * The loader names a rule by its id where it can ("rules › traume › when"); the editor needs the
 * rule's index. Maps rule ids in a path to their index in `doc.rules`.
 */
function toDocumentPath(doc: TopicDocument, where: string[]): string[] {
  const out = [...where];
  if (out[0] === 'rules' && out[1] !== undefined && Array.isArray(doc.rules)) {
    const i = (doc.rules as unknown[]).findIndex((r) => typeof r === 'object' && r !== null && (r as { id?: unknown }).id === out[1]);
    if (i >= 0) out[1] = String(i);
  }
  return out;
}

/** The character a rule-language problem points at, when the message names it. */
function columnOf(doc: TopicDocument, path: string[], problem: string): number | undefined {
  const pos = /at position (\d+)/.exec(problem);
  if (pos) return Number(pos[1]);
  let node: unknown = doc;
  for (const k of path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[k] : undefined;
  if (typeof node !== 'string') return undefined;
  const named = /(?:unknown fact|unexpected) "([^"]+)"/.exec(problem);
  if (named) {
    const m = new RegExp(`(^|[^A-Za-z0-9_])${named[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`).exec(node);
    if (m) return m.index + m[1].length;
  }
  if (/unexpected end/.test(problem)) return node.length;
  return undefined;
}

/**
 * Validates a document with the content loader (the same checks as `npm test` runs on the files):
 * fields, ratings and scores, sources cited, NCRP codes in content/codes/ncrp.csv, facts in the
 * fact catalogue, rule conditions in the rule language, test cases naming existing rules. Shared
 * rule blocks (`include: _ryggrad.yaml`) are read from content/guidelines. Returns the parsed
 * topic, or the first error with its place (the loader stops at the first problem).
 */
export function validateDocument(doc: unknown, file = 'topic.yaml'): Validation {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { ok: false, topic: null, errors: [{ path: [], message: 'must be an object' }] };
  const d = doc as TopicDocument;
  try {
    const topic = parseTopic(file, toYaml(d), knownExamCodes(), (name) => readSharedBlock(name));
    return { ok: true, topic, errors: [] };
  } catch (e) {
    if (e instanceof ContentError) {
      const path = toDocumentPath(d, e.path);
      const column = columnOf(d, path, e.problem);
      return { ok: false, topic: null, errors: [{ path, message: e.problem, ...(column !== undefined ? { column } : {}) }] };
    }
    if (e instanceof ExpressionError) return { ok: false, topic: null, errors: [{ path: [], message: e.message }] };
    throw e;
  }
}

/** The next version after the highest of `versions` (semantic versions): minor + 1, patch 0. "1.1.0" → "1.2.0". */
export function nextVersion(versions: string[]): string {
  let best = '0.0.0';
  for (const v of versions) if (/^\d+\.\d+\.\d+$/.test(v) && compareVersions(v, best) > 0) best = v;
  const p = best.split('.').map(Number);
  return `${p[0]}.${p[1] + 1}.0`;
}

/** Compares semantic versions: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/**
 * The document with the fields the workflow owns set: id, version and status (the file format's
 * `status: published` marks a topic that advises; a version not yet published is `draft`). Keys
 * keep the file's order: id, version, status first.
 */
export function withWorkflowFields(doc: TopicDocument, f: { id: string; version: string; status: 'draft' | 'published' }): TopicDocument {
  const { id: _i, version: _v, status: _s, ...rest } = doc;
  return { id: f.id, version: f.version, status: f.status, ...rest };
}

/** The body region of a topic for the public catalogue: the NCRP body part of its first exam code ("kne", "korsrygg"). */
export function bodyRegionOf(topic: Topic, bodyPartOf: (code: string) => string | undefined): string {
  for (const c of topic.appliesTo.examCodes) {
    const b = bodyPartOf(c);
    if (b) return b;
  }
  return 'annet';
}
