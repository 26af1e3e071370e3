// A readable diff between two versions of a topic (issue 11: "show a readable diff between any
// two versions"). Not a line diff of YAML: each change is named by the part of the topic it is in
// (a rule by its summary, a source by its title, a test case by its name) with the value before and
// after; rule conditions are also given in words (describe-rule.ts). Pure.
import { describeRule } from '../describe-rule.ts';
import type { TopicDocument } from './document.ts';

export interface DiffEntry {
  /** Where: keys of the document; a rule, source or test case is named by its id or name, not index. */
  path: string[];
  /** Which list item it is, in words, when the change is inside a rule, source or test case. */
  item?: string;
  kind: 'added' | 'removed' | 'changed' | 'reordered';
  before?: string;
  after?: string;
  /** For a rule condition: before and after in words (bokmål). */
  beforeWords?: string;
  afterWords?: string;
}

type Flat = Map<string, { path: string[]; item?: string; value: string }>;

const KEYED: Record<string, (x: Record<string, unknown>) => string | undefined> = {
  rules: (x) => (typeof x.id === 'string' ? x.id : typeof x.include === 'string' ? `include:${x.include}` : undefined),
  sources: (x) => (typeof x.id === 'string' ? x.id : undefined),
  tests: (x) => (typeof x.name === 'string' ? x.name : undefined),
  defaults: (x) => (typeof x.fact === 'string' ? x.fact : undefined),
};

function itemName(list: string, x: Record<string, unknown>): string | undefined {
  if (list === 'rules') {
    const o = x.outcome as Record<string, unknown> | undefined;
    const s = o?.summary as Record<string, unknown> | undefined;
    return typeof s?.nb === 'string' ? s.nb : typeof x.include === 'string' ? `felles regler ${x.include}` : undefined;
  }
  if (list === 'sources') return typeof x.title === 'string' ? x.title : undefined;
  if (list === 'tests') return typeof x.name === 'string' ? x.name : undefined;
  return undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const scalar = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function flatten(v: unknown, path: string[], out: Flat, item?: string) {
  if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) flatten(x, [...path, k], out, item);
    return;
  }
  if (Array.isArray(v)) {
    const key = path.length === 1 ? KEYED[path[0]] : undefined;
    if (key && v.every((x) => isObj(x) && key(x) !== undefined)) {
      for (const x of v as Record<string, unknown>[]) flatten(x, [...path, key(x)!], out, itemName(path[0], x) ?? item);
      return;
    }
    out.set(path.join('\u0000'), { path, item, value: v.every((x) => !isObj(x) && !Array.isArray(x)) ? v.map(scalar).join(', ') : JSON.stringify(v) });
    return;
  }
  if (v === undefined) return;
  out.set(path.join('\u0000'), { path, item, value: scalar(v) });
}

function words(path: string[], value: string | undefined): string | undefined {
  if (value === undefined || path[path.length - 1] !== 'when') return undefined;
  try {
    return describeRule(value).nb;
  } catch {
    return undefined;
  }
}

/**
 * The changes from `a` to `b`, in document order of `b` (removals last). Fields the workflow sets
 * (version, status) are left out: every version differs there.
 */
export function diffDocuments(a: TopicDocument, b: TopicDocument): DiffEntry[] {
  const strip = ({ version: _v, status: _s, ...rest }: TopicDocument) => rest;
  const fa: Flat = new Map();
  const fb: Flat = new Map();
  flatten(strip(a), [], fa);
  flatten(strip(b), [], fb);
  const out: DiffEntry[] = [];
  for (const [k, y] of fb) {
    const x = fa.get(k);
    if (!x) out.push({ path: y.path, item: y.item, kind: 'added', after: y.value, afterWords: words(y.path, y.value) });
    else if (x.value !== y.value)
      out.push({
        path: y.path,
        item: y.item,
        kind: 'changed',
        before: x.value,
        after: y.value,
        beforeWords: words(x.path, x.value),
        afterWords: words(y.path, y.value),
      });
  }
  for (const [k, x] of fa) if (!fb.has(k)) out.push({ path: x.path, item: x.item, kind: 'removed', before: x.value, beforeWords: words(x.path, x.value) });
  // The order of rules decides (the first that holds wins): a new order is a change of its own.
  const order = (d: TopicDocument) => (Array.isArray(d.rules) ? (d.rules as unknown[]).map((r) => (isObj(r) ? KEYED.rules(r) : undefined)) : []);
  const oa = order(a).filter((id) => order(b).includes(id));
  const ob = order(b).filter((id) => order(a).includes(id));
  if (oa.join('\u0000') !== ob.join('\u0000')) out.push({ path: ['rules'], kind: 'reordered', before: oa.join(', '), after: ob.join(', ') });
  return out;
}
