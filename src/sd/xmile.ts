import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '../io/problems.ts';
import { type Expr, ExprSyntaxError, parseExpr, printExpr } from './expr.ts';
import { sdText } from './messages.ts';
import { parseSdModel, type SdModel } from './model.ts';

/** XMILE function names that differ from Climb's. */
const XMILE_FUNCTIONS: Record<string, string> = {
  SMTH1: 'SMOOTH',
  SMTH3: 'SMOOTH3',
  PULSE: 'PULSE_TRAIN',
  IF_THEN_ELSE: 'IF_THEN_ELSE',
};

type Node = Record<string, unknown>;

const ARRAYS = new Set(['model', 'stock', 'flow', 'aux', 'gf', 'inflow', 'outflow']);

/** XMILE names: whitespace (and the literal \n Stella writes) become _, other characters outside [A-Za-z0-9_] too. */
export function xmileName(raw: string): string {
  let s = raw
    .replace(/\\n/g, ' ')
    .trim()
    .replace(/[\s_]+/g, '_')
    .replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z_]/.test(s)) s = `_${s}`;
  return s;
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return String(v).trim();
  if (typeof v === 'object' && '#text' in (v as Node)) return String((v as Node)['#text']).trim();
  return undefined;
}

function numbers(v: unknown): number[] {
  const s = text(v);
  const sep = typeof v === 'object' && v !== null ? ((v as Node)['@_sep'] as string | undefined) : undefined;
  if (!s) return [];
  return s.split(sep ?? ',').map((x) => Number(x.trim()));
}

/**
 * Imports an OASIS XMILE 1.0 model (as exported by Stella / iThink): stocks, flows, auxiliaries, graphical
 * functions (standalone or embedded in an aux or flow) and sim_specs. Auxiliaries whose equation is a plain
 * number become constants, so runs can override them. Names are matched without regard to case.
 */
export function importXmile(xml: string, file: string): SdModel {
  const fail = (key: string, values: Record<string, unknown> = {}, line?: number): never => {
    throw new InputError([{ file, path: '', ...(line ? { line } : {}), message: sdText(key, values) }]);
  };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) fail('xmile.badXml', { detail: valid.err.msg }, valid.err.line);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => ARRAYS.has(name),
  });
  const doc = parser.parse(xml) as Node;
  const root = doc.xmile as Node | undefined;
  if (!root) return fail('xmile.noRoot');
  const specs = (root.sim_specs ?? {}) as Node;
  const models = (root.model ?? []) as Node[];
  const main = models.find((m) => !m['@_name']) ?? models[0];
  if (!main) return fail('xmile.noModel');
  const vars = (main.variables ?? {}) as Node;
  const stocks = (vars.stock ?? []) as Node[];
  const flows = (vars.flow ?? []) as Node[];
  const auxes = (vars.aux ?? []) as Node[];
  const gfs = (vars.gf ?? []) as Node[];

  const canon = new Map<string, string>();
  for (const el of [...stocks, ...flows, ...auxes, ...gfs]) {
    const n = xmileName(String(el['@_name'] ?? ''));
    canon.set(n.toLowerCase(), n);
  }
  const used = new Set(canon.values());
  const fresh = (base: string) => {
    let n = base;
    for (let i = 2; used.has(n); i++) n = `${base}${i}`;
    used.add(n);
    return n;
  };
  const rename = (e: Expr): Expr => {
    switch (e.k) {
      case 'name':
        return { ...e, name: canon.get(e.name.toLowerCase()) ?? e.name };
      case 'call': {
        const up = e.fn.toUpperCase();
        const fn = canon.get(e.fn.toLowerCase()) ?? XMILE_FUNCTIONS[up] ?? e.fn;
        return { ...e, fn, args: e.args.map(rename) };
      }
      case 'un':
        return { ...e, a: rename(e.a) };
      case 'bin':
        return { ...e, a: rename(e.a), b: rename(e.b) };
      default:
        return e;
    }
  };
  const equation = (el: Node, what: string): string => {
    const src = text(el.eqn);
    const name = String(el['@_name'] ?? '');
    if (src === undefined || src === '') return fail('xmile.noEquation', { name, what });
    try {
      return printExpr(rename(parseExpr(src.replace(/\\n/g, ' '))));
    } catch (err) {
      if (err instanceof ExprSyntaxError) {
        const values = { name, eqn: src, column: err.pos + 1 };
        const detail = sdText(err.key, err.values);
        throw new InputError([
          {
            file,
            path: `${what}[name="${name}"].eqn`,
            message: {
              en: sdText('xmile.badEquation', { ...values, detail: detail.en }).en,
              zh: sdText('xmile.badEquation', { ...values, detail: detail.zh }).zh,
            },
          },
        ]);
      }
      throw err;
    }
  };
  const lookups: { name: string; points: [number, number][] }[] = [];
  const readGf = (gf: Node, name: string): void => {
    const ys = numbers(gf.ypts);
    let xs = numbers(gf.xpts);
    if (xs.length === 0) {
      const sc = (gf.xscale ?? {}) as Node;
      const lo = Number(sc['@_min'] ?? 0);
      const hi = Number(sc['@_max'] ?? ys.length - 1);
      xs = ys.map((_, i) => (ys.length === 1 ? lo : lo + ((hi - lo) * i) / (ys.length - 1)));
    }
    if (xs.length !== ys.length || ys.length === 0 || [...xs, ...ys].some((x) => !Number.isFinite(x)))
      fail('xmile.badGf', { name });
    lookups.push({ name, points: xs.map((x, i) => [x, ys[i] as number]) });
  };
  for (const g of gfs) readGf(g, xmileName(String(g['@_name'] ?? '')));
  const withGf = (el: Node, name: string, eqn: string): string => {
    const gf = (el.gf as Node[] | undefined)?.[0];
    if (!gf) return eqn;
    const table = fresh(`${name}_lookup`);
    readGf(gf, table);
    return `${table}(${eqn})`;
  };
  const units = (el: Node) => {
    const u = text(el.units);
    return u ? { units: u } : {};
  };
  const docOf = (el: Node) => {
    const d = text(el.doc);
    return d ? { doc: d } : {};
  };

  const constants: Node[] = [];
  const auxiliaries: Node[] = [];
  for (const a of auxes) {
    const name = xmileName(String(a['@_name'] ?? ''));
    const eqn = equation(a, 'aux');
    const value = Number(eqn);
    if (!a.gf && /^-?[\d.]+(e[+-]?\d+)?$/i.test(eqn) && Number.isFinite(value))
      constants.push({ name, value, ...units(a), ...docOf(a) });
    else auxiliaries.push({ name, equation: withGf(a, name, eqn), ...units(a), ...docOf(a) });
  }
  const names = (list: unknown) =>
    ((list ?? []) as unknown[]).map(
      (f) => canon.get(xmileName(text(f) ?? '').toLowerCase()) ?? xmileName(text(f) ?? ''),
    );
  const raw = {
    name: xmileName(
      text((root.header as Node | undefined)?.name) ?? (String(main['@_name'] ?? '') || 'xmile_model'),
    ),
    time: {
      start: Number(text(specs.start) ?? 0),
      stop: Number(text(specs.stop) ?? 100),
      dt: (() => {
        const d = Number(text(specs.dt) ?? 1);
        const reciprocal = typeof specs.dt === 'object' && (specs.dt as Node)['@_reciprocal'] === 'true';
        return reciprocal ? 1 / d : d;
      })(),
      units: String(specs['@_time_units'] ?? 'time'),
      method: (() => {
        const m = String(specs['@_method'] ?? 'euler').toLowerCase();
        return m === 'rk45' ? 'rk45' : m.startsWith('rk') ? 'rk4' : 'euler';
      })(),
    },
    constants,
    stocks: stocks.map((s) => ({
      name: xmileName(String(s['@_name'] ?? '')),
      initial: equation(s, 'stock'),
      inflows: names(s.inflow),
      outflows: names(s.outflow),
      nonNegative: s.non_negative !== undefined,
      ...units(s),
      ...docOf(s),
    })),
    flows: flows.map((f) => {
      const name = xmileName(String(f['@_name'] ?? ''));
      return {
        name,
        equation: withGf(f, name, equation(f, 'flow')),
        nonNegative: f.non_negative !== undefined,
        ...units(f),
        ...docOf(f),
      };
    }),
    auxiliaries,
    lookups,
  };
  return parseSdModel(raw, { file });
}
