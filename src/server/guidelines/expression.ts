// The rule language of the referral-advice content, compiled once at load time into closures.
//
//   expr    := or
//   or      := and ('or' and)*
//   and     := unary ('and' unary)*
//   unary   := 'not' unary | compare
//   compare := term (('<' | '<=' | '>' | '>=' | '=' | '!=') term | 'in' '[' term (',' term)* ']')?
//   term    := number | 'true' | 'false' | 'string' | identifier | 'known' '(' identifier ')' | '(' expr ')'
//
// Identifiers are fact ids (src/shared/facts.ts) plus `age` and `sex`. Logic is three-valued
// (Kleene): a missing fact is *unknown*, and unknown propagates — `false and unknown` is false,
// `true or unknown` is true, anything else with unknown is unknown. The engine turns an unknown
// rule into "needs information" naming the missing facts, never into a silent match or miss.

export type Value = boolean | number | string;
/** true, false, or undefined for unknown. */
export type Truth = boolean | undefined;
export type Context = Readonly<Record<string, Value | undefined>>;

export interface Compiled {
  source: string;
  /** Every identifier the expression reads. */
  identifiers: string[];
  /** Facts read through `known(…)`: the rule applies only when the referrer mentions them. */
  knownGuarded: string[];
  /** For each identifier, the constants it is compared with (`gcs <= 13`, `pe_probability = 'low'`). */
  constants: Map<string, Value[]>;
  evaluate(ctx: Context): Truth;
}

export class ExpressionError extends Error {}

type Tok = { kind: 'num'; v: number } | { kind: 'str'; v: string } | { kind: 'id'; v: string } | { kind: 'op'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|'([^']*)'|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|!=|[<>=()[\],]))/y;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new ExpressionError(`unexpected character at position ${i}: "${src.slice(i, i + 10)}"`);
    if (m[1] !== undefined) out.push({ kind: 'num', v: Number(m[1]) });
    else if (m[2] !== undefined) out.push({ kind: 'str', v: m[2] });
    else if (m[3] !== undefined) out.push({ kind: 'id', v: m[3] });
    else out.push({ kind: 'op', v: m[4] });
    i = re.lastIndex;
  }
  return out;
}

type Node = (ctx: Context) => Value | undefined;

export function compile(source: string, isKnownIdentifier: (id: string) => boolean): Compiled {
  const toks = tokenize(source);
  let p = 0;
  const identifiers = new Set<string>();
  const knownGuarded = new Set<string>();
  const constants = new Map<string, Value[]>();
  // Which identifier a term reads and which constant it is, so comparisons can be recorded.
  const termInfo = new WeakMap<Node, { id?: string; constant?: Value }>();
  const noteCompare = (a: Node, b: Node) => {
    const x = termInfo.get(a);
    const y = termInfo.get(b);
    for (const [l, r] of [
      [x, y],
      [y, x],
    ]) {
      if (l?.id !== undefined && r?.constant !== undefined) {
        const list = constants.get(l.id) ?? [];
        if (!list.includes(r.constant)) list.push(r.constant);
        constants.set(l.id, list);
      }
    }
  };
  const peek = () => toks[p];
  const isKw = (v: string) => peek()?.kind === 'id' && peek()!.v === v;
  const isOp = (v: string) => peek()?.kind === 'op' && peek()!.v === v;
  const expectOp = (v: string) => {
    if (!isOp(v)) throw new ExpressionError(`expected "${v}" at token ${p + 1} in: ${source}`);
    p++;
  };

  const truth = (v: Value | undefined): Truth => (v === undefined ? undefined : typeof v === 'boolean' ? v : v !== 0 && v !== '');

  function parseOr(): Node {
    const parts = [parseAnd()];
    while (isKw('or')) {
      p++;
      parts.push(parseAnd());
    }
    if (parts.length === 1) return parts[0];
    return (ctx) => {
      let unknown = false;
      for (const f of parts) {
        const t = truth(f(ctx));
        if (t === true) return true;
        if (t === undefined) unknown = true;
      }
      return unknown ? undefined : false;
    };
  }
  function parseAnd(): Node {
    const parts = [parseUnary()];
    while (isKw('and')) {
      p++;
      parts.push(parseUnary());
    }
    if (parts.length === 1) return parts[0];
    return (ctx) => {
      let unknown = false;
      for (const f of parts) {
        const t = truth(f(ctx));
        if (t === false) return false;
        if (t === undefined) unknown = true;
      }
      return unknown ? undefined : true;
    };
  }
  function parseUnary(): Node {
    if (isKw('not')) {
      p++;
      const inner = parseUnary();
      return (ctx) => {
        const t = truth(inner(ctx));
        return t === undefined ? undefined : !t;
      };
    }
    return parseCompare();
  }
  function parseCompare(): Node {
    const left = parseTerm();
    const t = peek();
    if (t?.kind === 'op' && ['<', '<=', '>', '>=', '=', '!='].includes(t.v)) {
      p++;
      const right = parseTerm();
      noteCompare(left, right);
      const op = t.v;
      return (ctx) => {
        const a = left(ctx);
        const b = right(ctx);
        if (a === undefined || b === undefined) return undefined;
        switch (op) {
          case '<':
            return a < b;
          case '<=':
            return a <= b;
          case '>':
            return a > b;
          case '>=':
            return a >= b;
          case '=':
            return a === b;
          default:
            return a !== b;
        }
      };
    }
    if (isKw('in')) {
      p++;
      expectOp('[');
      const items = [parseTerm()];
      while (isOp(',')) {
        p++;
        items.push(parseTerm());
      }
      expectOp(']');
      for (const item of items) noteCompare(left, item);
      return (ctx) => {
        const a = left(ctx);
        if (a === undefined) return undefined;
        return items.some((f) => f(ctx) === a);
      };
    }
    return left;
  }
  function parseTerm(): Node {
    const t = toks[p++];
    if (!t) throw new ExpressionError(`unexpected end of expression: ${source}`);
    if (t.kind === 'num' || t.kind === 'str') {
      const node: Node = () => t.v;
      termInfo.set(node, { constant: t.v });
      return node;
    }
    if (t.kind === 'op' && t.v === '(') {
      const inner = parseOr();
      expectOp(')');
      return inner;
    }
    if (t.kind === 'id') {
      if (t.v === 'true') {
        const node: Node = () => true;
        termInfo.set(node, { constant: true });
        return node;
      }
      if (t.v === 'false') {
        const node: Node = () => false;
        termInfo.set(node, { constant: false });
        return node;
      }
      if (t.v === 'known') {
        expectOp('(');
        const id = toks[p++];
        if (id?.kind !== 'id' || !isKnownIdentifier(id.v)) throw new ExpressionError(`known() needs a fact id in: ${source}`);
        expectOp(')');
        knownGuarded.add(id.v);
        // known() reads the fact but is never unknown itself.
        return (ctx) => ctx[id.v] !== undefined;
      }
      if (['and', 'or', 'not', 'in'].includes(t.v)) throw new ExpressionError(`unexpected "${t.v}" in: ${source}`);
      if (!isKnownIdentifier(t.v)) throw new ExpressionError(`unknown fact "${t.v}" in: ${source}`);
      identifiers.add(t.v);
      const name = t.v;
      const node: Node = (ctx) => ctx[name];
      termInfo.set(node, { id: name });
      return node;
    }
    throw new ExpressionError(`unexpected "${t.v}" in: ${source}`);
  }

  const root = parseOr();
  if (p < toks.length) throw new ExpressionError(`unexpected "${String(toks[p].v)}" after the end of: ${source}`);
  return { source, identifiers: [...identifiers], knownGuarded: [...knownGuarded], constants, evaluate: (ctx) => truth(root(ctx)) };
}
