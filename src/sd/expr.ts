/**
 * The expression language of SD equations: numbers, names, calls, + - * / ^, comparisons
 * (< <= > >= = == <> !=), logic (and or not, && || !), and `IF c THEN a ELSE b` as well as
 * IF_THEN_ELSE(c, a, b). `pos` is the 0-based character offset of a node in its source text.
 */
export type BinOp = '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

export type Expr =
  | { k: 'num'; v: number; pos: number }
  | { k: 'name'; name: string; pos: number }
  | { k: 'call'; fn: string; args: Expr[]; pos: number }
  | { k: 'un'; op: '-' | '+' | 'not'; a: Expr; pos: number }
  | { k: 'bin'; op: BinOp; a: Expr; b: Expr; pos: number };

/** A syntax error: where (0-based offset) and what (an i18n key under `sd.` with its values). */
export class ExprSyntaxError extends Error {
  constructor(
    readonly pos: number,
    readonly key: string,
    readonly values: Record<string, string | number> = {},
  ) {
    super(`${key} at ${pos + 1}`);
  }
}

type Tok =
  | { t: 'num'; v: number; pos: number; end: number }
  | { t: 'id'; v: string; pos: number; end: number }
  | { t: 'op'; v: string; pos: number; end: number }
  | { t: 'eof'; pos: number; end: number };

const OPS = [
  '<=',
  '>=',
  '<>',
  '!=',
  '==',
  '&&',
  '||',
  '+',
  '-',
  '*',
  '/',
  '^',
  '(',
  ')',
  ',',
  '<',
  '>',
  '=',
  '!',
];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]), pos: i, end: i + num[0].length });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0], pos: i, end: i + id[0].length });
      i += id[0].length;
      continue;
    }
    if (c === '"') {
      // XMILE quoted names: "birth rate" → birth_rate.
      const close = src.indexOf('"', i + 1);
      if (close < 0) throw new ExprSyntaxError(i, 'syntax.unclosedQuote');
      const name = src
        .slice(i + 1, close)
        .trim()
        .replace(/[\s_]+/g, '_');
      out.push({ t: 'id', v: name, pos: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExprSyntaxError(i, 'syntax.badChar', { char: c });
    out.push({ t: 'op', v: op, pos: i, end: i + op.length });
    i += op.length;
  }
  out.push({ t: 'eof', pos: src.length, end: src.length });
  return out;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'if', 'then', 'else']);

/** Parses one equation; throws ExprSyntaxError with the offset of the offending token. */
export function parseExpr(src: string): Expr {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i] as Tok;
  const next = () => toks[i++] as Tok;
  const isOp = (v: string) => {
    const t = peek();
    return t.t === 'op' && t.v === v;
  };
  const isKw = (v: string) => {
    const t = peek();
    return t.t === 'id' && t.v.toLowerCase() === v;
  };
  const describe = (t: Tok) => (t.t === 'eof' ? 'end' : t.t === 'num' ? String(t.v) : t.v);
  const expect = (v: string) => {
    const t = peek();
    if (t.t === 'op' && t.v === v) return next();
    throw new ExprSyntaxError(t.pos, t.t === 'eof' ? 'syntax.unexpectedEnd' : 'syntax.expected', {
      expected: v,
      got: describe(t),
    });
  };

  const orExpr = (): Expr => {
    let a = andExpr();
    while (isKw('or') || isOp('||')) {
      const pos = next().pos;
      a = { k: 'bin', op: 'or', a, b: andExpr(), pos };
    }
    return a;
  };
  const andExpr = (): Expr => {
    let a = notExpr();
    while (isKw('and') || isOp('&&')) {
      const pos = next().pos;
      a = { k: 'bin', op: 'and', a, b: notExpr(), pos };
    }
    return a;
  };
  const notExpr = (): Expr => {
    if (isKw('not') || isOp('!')) {
      const pos = next().pos;
      return { k: 'un', op: 'not', a: notExpr(), pos };
    }
    return cmpExpr();
  };
  const CMP: Record<string, BinOp> = {
    '<': '<',
    '<=': '<=',
    '>': '>',
    '>=': '>=',
    '=': '==',
    '==': '==',
    '<>': '!=',
    '!=': '!=',
  };
  const cmpExpr = (): Expr => {
    let a = addExpr();
    for (;;) {
      const t = peek();
      const op = t.t === 'op' ? CMP[t.v] : undefined;
      if (!op) return a;
      next();
      a = { k: 'bin', op, a, b: addExpr(), pos: t.pos };
    }
  };
  const addExpr = (): Expr => {
    let a = mulExpr();
    while (isOp('+') || isOp('-')) {
      const t = next() as { v: '+' | '-'; pos: number };
      a = { k: 'bin', op: t.v, a, b: mulExpr(), pos: t.pos };
    }
    return a;
  };
  const mulExpr = (): Expr => {
    let a = unaryExpr();
    while (isOp('*') || isOp('/')) {
      const t = next() as { v: '*' | '/'; pos: number };
      a = { k: 'bin', op: t.v, a, b: unaryExpr(), pos: t.pos };
    }
    return a;
  };
  const unaryExpr = (): Expr => {
    if (isOp('-') || isOp('+')) {
      const t = next() as { v: '-' | '+'; pos: number };
      return { k: 'un', op: t.v, a: unaryExpr(), pos: t.pos };
    }
    return powExpr();
  };
  const powExpr = (): Expr => {
    const a = primary();
    if (isOp('^')) {
      const pos = next().pos;
      // Right-associative; the exponent may carry its own sign: 2 ^ -1.
      return { k: 'bin', op: '^', a, b: unaryExpr(), pos };
    }
    return a;
  };
  const primary = (): Expr => {
    const t = peek();
    if (t.t === 'num') {
      next();
      return { k: 'num', v: t.v, pos: t.pos };
    }
    if (t.t === 'op' && t.v === '(') {
      next();
      const e = orExpr();
      expect(')');
      return e;
    }
    if (t.t === 'id') {
      const low = t.v.toLowerCase();
      next();
      if (low === 'if' && !isOp('(')) {
        const c = orExpr();
        if (!isKw('then'))
          throw new ExprSyntaxError(peek().pos, 'syntax.expected', {
            expected: 'THEN',
            got: describe(peek()),
          });
        next();
        const a = orExpr();
        if (!isKw('else'))
          throw new ExprSyntaxError(peek().pos, 'syntax.expected', {
            expected: 'ELSE',
            got: describe(peek()),
          });
        next();
        const b = orExpr();
        return { k: 'call', fn: 'IF_THEN_ELSE', args: [c, a, b], pos: t.pos };
      }
      if (KEYWORDS.has(low)) throw new ExprSyntaxError(t.pos, 'syntax.unexpected', { got: t.v });
      if (isOp('(')) {
        next();
        const args: Expr[] = [];
        if (!isOp(')')) {
          args.push(orExpr());
          while (isOp(',')) {
            next();
            args.push(orExpr());
          }
        }
        expect(')');
        return { k: 'call', fn: t.v, args, pos: t.pos };
      }
      return { k: 'name', name: t.v, pos: t.pos };
    }
    throw new ExprSyntaxError(t.pos, t.t === 'eof' ? 'syntax.unexpectedEnd' : 'syntax.unexpected', {
      got: describe(t),
    });
  };

  const e = orExpr();
  const rest = peek();
  if (rest.t !== 'eof') throw new ExprSyntaxError(rest.pos, 'syntax.unexpected', { got: describe(rest) });
  return e;
}

const PREC: Record<BinOp, number> = {
  or: 1,
  and: 2,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '==': 4,
  '!=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '^': 8,
};

/** Prints an expression back in Climb syntax (used by the importers). */
export function printExpr(e: Expr, parent = 0): string {
  switch (e.k) {
    case 'num':
      return String(e.v);
    case 'name':
      return e.name;
    case 'call':
      return `${e.fn}(${e.args.map((a) => printExpr(a)).join(', ')})`;
    case 'un': {
      const inner = printExpr(e.a, 7);
      const s = e.op === 'not' ? `not ${printExpr(e.a, 3)}` : `${e.op}${inner}`;
      const p = e.op === 'not' ? 3 : 7;
      return p < parent ? `(${s})` : s;
    }
    case 'bin': {
      const p = PREC[e.op];
      const op = e.op === 'and' || e.op === 'or' ? ` ${e.op} ` : ` ${e.op} `;
      // Left-associative operators: the right operand needs brackets at equal precedence; ^ the reverse.
      const left = printExpr(e.a, e.op === '^' ? p + 1 : p);
      const right = printExpr(e.b, e.op === '^' ? p : p + 1);
      const s = `${left}${op}${right}`;
      return p < parent ? `(${s})` : s;
    }
  }
}

/** Every name an expression refers to (not the called function names). */
export function namesIn(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.k) {
    case 'name':
      out.add(e.name);
      break;
    case 'call':
      for (const a of e.args) namesIn(a, out);
      break;
    case 'un':
      namesIn(e.a, out);
      break;
    case 'bin':
      namesIn(e.a, out);
      namesIn(e.b, out);
      break;
    default:
      break;
  }
  return out;
}
