/**
 * Units of measure as products of powers of named base units: `firms/year` = {firms: 1, year: -1}.
 * The empty product is dimensionless (`dmnl`, `1`, `dimensionless`, or an empty string).
 */
export type Dim = ReadonlyMap<string, number>;

export const DMNL: Dim = new Map();

const DIMENSIONLESS = new Set(['dmnl', 'dimensionless', 'unitless', '1', '']);

/** Plural and singular spellings of the usual time units are the same unit. */
const TIME_WORDS = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second'];
const ALIASES: Record<string, string> = { yr: 'year', yrs: 'year' };
for (const w of TIME_WORDS) {
  ALIASES[w] = w;
  ALIASES[`${w}s`] = w;
}

/** Time units in any case and number (Days, day, years) are one unit; other names are case-sensitive. */
function canonicalUnit(name: string): string {
  return ALIASES[name.toLowerCase()] ?? name;
}

export class UnitSyntaxError extends Error {
  constructor(
    readonly text: string,
    readonly pos: number,
  ) {
    super(`cannot read units "${text}" at character ${pos + 1}`);
  }
}

/** Parses `a*b/c^2`, `1/year`, `(people*year)/firm`, `dmnl`. */
export function parseUnits(text: string): Dim {
  const s = text.trim();
  if (DIMENSIONLESS.has(s.toLowerCase())) return DMNL;
  let i = 0;
  const skip = () => {
    while (i < s.length && s[i] === ' ') i++;
  };
  const product = (): Map<string, number> => {
    let acc = factor();
    for (;;) {
      skip();
      const op = s[i];
      if (op !== '*' && op !== '/') return acc;
      i++;
      const f = factor();
      acc = combine(acc, f, op === '*' ? 1 : -1);
    }
  };
  const factor = (): Map<string, number> => {
    skip();
    let base: Map<string, number>;
    if (s[i] === '(') {
      i++;
      base = product();
      skip();
      if (s[i] !== ')') throw new UnitSyntaxError(text, i);
      i++;
    } else {
      const m = /^[A-Za-z_$%][A-Za-z0-9_$%]*|^1(?![0-9.])/.exec(s.slice(i));
      if (!m) throw new UnitSyntaxError(text, i);
      i += m[0].length;
      const name = m[0];
      base = DIMENSIONLESS.has(name.toLowerCase()) ? new Map() : new Map([[canonicalUnit(name), 1]]);
    }
    skip();
    if (s[i] === '^') {
      i++;
      skip();
      const m = /^-?\d+(\.\d+)?/.exec(s.slice(i));
      if (!m) throw new UnitSyntaxError(text, i);
      i += m[0].length;
      base = scale(base, Number(m[0]));
    }
    return base;
  };
  const out = product();
  skip();
  if (i < s.length) throw new UnitSyntaxError(text, i);
  return out;
}

function combine(a: Dim, b: Dim, sign: number): Map<string, number> {
  const out = new Map(a);
  for (const [k, e] of b) {
    const v = (out.get(k) ?? 0) + sign * e;
    if (Math.abs(v) < 1e-12) out.delete(k);
    else out.set(k, v);
  }
  return out;
}

export function mulDim(a: Dim, b: Dim): Dim {
  return combine(a, b, 1);
}

export function divDim(a: Dim, b: Dim): Dim {
  return combine(a, b, -1);
}

export function scale(a: Dim, k: number): Map<string, number> {
  const out = new Map<string, number>();
  if (k === 0) return out;
  for (const [name, e] of a) out.set(name, e * k);
  return out;
}

export function sameDim(a: Dim, b: Dim): boolean {
  if (a.size !== b.size) return false;
  for (const [k, e] of a) if (Math.abs((b.get(k) ?? 0) - e) > 1e-12) return false;
  return true;
}

export function isDmnl(a: Dim): boolean {
  return a.size === 0;
}

/** Canonical text: `firms/year`, `1/year`, `dmnl`, `people*year^2/firm`. */
export function formatDim(a: Dim): string {
  const names = [...a.keys()].sort();
  const part = (k: string, e: number) => (e === 1 ? k : `${k}^${e}`);
  const num = names.filter((k) => (a.get(k) ?? 0) > 0).map((k) => part(k, a.get(k) ?? 0));
  const den = names.filter((k) => (a.get(k) ?? 0) < 0).map((k) => part(k, -(a.get(k) ?? 0)));
  if (num.length === 0 && den.length === 0) return 'dmnl';
  const top = num.length ? num.join('*') : '1';
  if (den.length === 0) return top;
  return `${top}/${den.length > 1 ? `(${den.join('*')})` : den[0]}`;
}
