// A rule's condition in words, for people: "age >= 45 and not trauma and not prior_xray" →
// "Alder 45 år eller mer, ikke traume og ikke tatt røntgen" (bokmål) / "Age 45 years or more, no
// trauma and no previous X-ray" (English). The public advice pages (/henvisningsrad) show this,
// never the formula or the fact ids. Labels come from the fact catalogue (src/shared/facts.ts).
//
// It reads the rule language of expression.ts (same grammar: or, and, not, comparisons, `in`,
// known()) from the compiled rule's source into a small tree, so it depends on the language, not
// on how the engine evaluates it.
import { FACT_BY_ID, FACTS } from '../../shared/facts.ts';
import type { Compiled } from './expression.ts';

export interface Words {
  nb: string;
  en: string;
}

type Lit = { k: 'num'; v: number } | { k: 'str'; v: string } | { k: 'bool'; v: boolean };
type Node =
  | { k: 'or' | 'and'; parts: Node[] }
  | { k: 'not'; inner: Node }
  | { k: 'id'; id: string }
  | { k: 'known'; id: string }
  | { k: 'cmp'; op: string; left: Node | Lit; right: Node | Lit }
  | { k: 'in'; left: Node | Lit; items: (Node | Lit)[] }
  | Lit;

type Tok = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokens(src: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|'([^']*)'|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|!=|[<>=()[\],]))/y;
  let i = 0;
  while (i < src.length && !/^\s*$/.test(src.slice(i))) {
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new Error(`cannot read the rule at position ${i}: ${src}`);
    if (m[1] !== undefined) out.push({ t: 'num', v: Number(m[1]) });
    else if (m[2] !== undefined) out.push({ t: 'str', v: m[2] });
    else if (m[3] !== undefined) out.push({ t: 'id', v: m[3] });
    else out.push({ t: 'op', v: m[4] });
    i = re.lastIndex;
  }
  return out;
}

function parse(src: string): Node {
  const ts = tokens(src);
  let p = 0;
  const kw = (v: string) => ts[p]?.t === 'id' && ts[p].v === v;
  const op = (v: string) => ts[p]?.t === 'op' && ts[p].v === v;
  const expect = (v: string) => {
    if (!op(v)) throw new Error(`expected "${v}" in: ${src}`);
    p++;
  };
  const list = (k: 'or' | 'and', next: () => Node): Node => {
    const parts = [next()];
    while (kw(k)) {
      p++;
      parts.push(next());
    }
    return parts.length === 1 ? parts[0] : { k, parts };
  };
  const orExpr = (): Node => list('or', andExpr);
  const andExpr = (): Node => list('and', unary);
  const unary = (): Node => {
    if (kw('not')) {
      p++;
      return { k: 'not', inner: unary() };
    }
    return compare();
  };
  const compare = (): Node => {
    const left = term();
    const t = ts[p];
    if (t?.t === 'op' && ['<', '<=', '>', '>=', '=', '!='].includes(t.v)) {
      p++;
      return { k: 'cmp', op: t.v, left, right: term() };
    }
    if (kw('in')) {
      p++;
      expect('[');
      const items = [term()];
      while (op(',')) {
        p++;
        items.push(term());
      }
      expect(']');
      return { k: 'in', left, items };
    }
    return left;
  };
  const term = (): Node => {
    const t = ts[p++];
    if (!t) throw new Error(`unexpected end of: ${src}`);
    if (t.t === 'num') return { k: 'num', v: t.v };
    if (t.t === 'str') return { k: 'str', v: t.v };
    if (t.t === 'op' && t.v === '(') {
      const e = orExpr();
      expect(')');
      return e;
    }
    if (t.t === 'id') {
      if (t.v === 'true' || t.v === 'false') return { k: 'bool', v: t.v === 'true' };
      if (t.v === 'known') {
        expect('(');
        const id = ts[p++];
        if (id?.t !== 'id') throw new Error(`known() needs a fact in: ${src}`);
        expect(')');
        return { k: 'known', id: id.v };
      }
      return { k: 'id', id: t.v };
    }
    throw new Error(`unexpected "${t.v}" in: ${src}`);
  };
  const tree = orExpr();
  if (p !== ts.length) throw new Error(`unexpected text after the rule: ${src}`);
  return tree;
}

type Lang = 'nb' | 'en';

// Enum values in words: the fact catalogue's value labels (shared/facts.ts), lower case as they
// stand inside a sentence, and the two values of `sex`.
const VALUE_WORDS: Record<string, Words> = {
  ...Object.fromEntries(FACTS.flatMap((f) => Object.entries(f.valueLabels ?? {})).map(([v, l]) => [v, { nb: l.nb.toLowerCase(), en: l.en.toLowerCase() }])),
  F: { nb: 'kvinne', en: 'woman' },
  M: { nb: 'mann', en: 'man' },
};

const OPS: Record<string, Words> = {
  '<': { nb: 'under', en: 'under' },
  '<=': { nb: 'høyst', en: 'at most' },
  '>': { nb: 'over', en: 'over' },
  '>=': { nb: 'minst', en: 'at least' },
  '=': { nb: '', en: '' },
  '!=': { nb: 'ikke', en: 'not' },
};

/** A fact's label without its unit in parentheses, starting lower case unless it is an abbreviation (GCS, eGFR, D-dimer). */
function label(id: string, lang: Lang): string {
  if (id === 'age') return lang === 'nb' ? 'alder' : 'age';
  if (id === 'sex') return lang === 'nb' ? 'kjønn' : 'sex';
  const d = FACT_BY_ID.get(id);
  const raw = (d ? d.label[lang] : id.replace(/_/g, ' ')).replace(/\s*\([^)]*\)\s*$/, '');
  return /^[A-Z][A-Z-]/.test(raw) || /^[a-z][A-Z]/.test(raw) ? raw : raw.charAt(0).toLowerCase() + raw.slice(1);
}

function unit(id: string, lang: Lang): string {
  if (id === 'age') return lang === 'nb' ? ' år' : ' years';
  const u = FACT_BY_ID.get(id)?.unit;
  if (!u) return '';
  if (u === 'uker') return lang === 'nb' ? ' uker' : ' weeks';
  return ` ${u}`;
}

function num(n: number, lang: Lang): string {
  return lang === 'nb' ? String(n).replace('.', ',') : String(n);
}

function value(x: Node | Lit, lang: Lang): string {
  if (x.k === 'num') return num(x.v, lang);
  if (x.k === 'str') return VALUE_WORDS[x.v]?.[lang] ?? x.v;
  if (x.k === 'bool') return x.v ? (lang === 'nb' ? 'ja' : 'yes') : lang === 'nb' ? 'nei' : 'no';
  return say(x, lang, false);
}

function joinWords(items: string[], word: string): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

function say(n: Node | Lit, lang: Lang, nested: boolean): string {
  switch (n.k) {
    case 'id':
      return label(n.id, lang);
    case 'known':
      return lang === 'nb' ? `${label(n.id, lang)} er oppgitt` : `${label(n.id, lang)} is stated`;
    case 'not': {
      const inner = n.inner;
      // "label: nei" reads right for every label ("ikke røntgen forklarer plagene" would not).
      if (inner.k === 'id') return `${label(inner.id, lang)}: ${lang === 'nb' ? 'nei' : 'no'}`;
      if (inner.k === 'known') return lang === 'nb' ? `${label(inner.id, lang)} er ikke oppgitt` : `${label(inner.id, lang)} is not stated`;
      return lang === 'nb' ? `ikke (${say(inner, lang, false)})` : `not (${say(inner, lang, false)})`;
    }
    case 'and':
    case 'or': {
      // "known(x) and x": x being named already says it is stated.
      const named = new Set(n.parts.filter((x) => x.k === 'id').map((x) => (x as { id: string }).id));
      const parts = n.parts.filter((x) => !(n.k === 'and' && x.k === 'known' && named.has(x.id))).map((x) => say(x, lang, true));
      const text = joinWords(parts, n.k === 'and' ? (lang === 'nb' ? 'og' : 'and') : lang === 'nb' ? 'eller' : 'or');
      return nested && parts.length > 1 ? `(${text})` : text;
    }
    case 'cmp': {
      const left = n.left;
      const right = n.right;
      if (left.k === 'id' && (right.k === 'num' || right.k === 'str' || right.k === 'bool')) {
        if (right.k === 'bool') return say(right.v === (n.op === '=') ? left : { k: 'not', inner: left }, lang, nested);
        if (left.id === 'sex' && right.k === 'str' && n.op === '=') return value(right, lang);
        if (right.k === 'num') {
          const o = OPS[n.op][lang];
          return `${label(left.id, lang)} ${o ? `${o} ` : ''}${num(right.v, lang)}${unit(left.id, lang)}`;
        }
        return n.op === '='
          ? `${label(left.id, lang)}: ${value(right, lang)}`
          : `${label(left.id, lang)}: ${lang === 'nb' ? 'ikke' : 'not'} ${value(right, lang)}`;
      }
      return `${value(left, lang)} ${OPS[n.op][lang] || '='} ${value(right, lang)}`;
    }
    case 'in':
      return `${value(n.left, lang)}: ${joinWords(
        n.items.map((i) => value(i, lang)),
        lang === 'nb' ? 'eller' : 'or',
      )}`;
    case 'num':
    case 'str':
    case 'bool':
      return value(n, lang);
  }
}

export interface RuleWords extends Words {
  /** The conditions that must all hold (the parts of a top-level "and"; one item otherwise). */
  conditions: { nb: string[]; en: string[] };
}

/**
 * A rule's condition (a compiled `when`, or its source text) in bokmål and English, with the
 * fact catalogue's labels and no ids, operators or formulas, as one sentence and as the list of
 * conditions that must all hold: "age >= 45 and not trauma" → { nb: "Alder minst 45 år; traume:
 * nei", conditions: { nb: ["Alder minst 45 år", "Traume: nei"], … } }. Throws on text that is
 * not the rule language (the loader has already refused such rules).
 */
export function describeRule(when: Compiled | string): RuleWords {
  const tree = parse(typeof when === 'string' ? when : when.source);
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  let parts: Node[] = [tree];
  if (tree.k === 'and') {
    const named = new Set(tree.parts.filter((x) => x.k === 'id').map((x) => (x as { id: string }).id));
    parts = tree.parts.filter((x) => !(x.k === 'known' && named.has(x.id)));
  }
  const said = (lang: Lang) => parts.map((x) => say(x, lang, false));
  const nb = said('nb');
  const en = said('en');
  return { nb: cap(nb.join('; ')), en: cap(en.join('; ')), conditions: { nb: nb.map(cap), en: en.map(cap) } };
}
