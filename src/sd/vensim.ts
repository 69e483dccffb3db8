/**
 * Vensim `.mdl` import (docs/sd.md, "Vensim import"): the equation section (`name = expression ~ units ~
 * comment |`), INTEG stocks with flows inferred from the rate's top-level + and − terms, constants,
 * lookups (standalone and WITH LOOKUP), the control section (INITIAL TIME, FINAL TIME, TIME STEP,
 * SAVEPER), names with spaces or quotes, and the common Vensim functions. The sketch section is ignored.
 * Anything else is a located error naming the line.
 */
import type { LocalizedText } from '../domain/common.ts';
import { InputError } from '../io/problems.ts';
import { type Expr, ExprSyntaxError, parseExpr, printExpr } from './expr.ts';
import { parseSdModel, type SdModel } from './model.ts';

/** Vensim functions and their Climb names (same semantics; docs/sd.md). */
const FUNCTIONS: Record<string, string> = {
  IF_THEN_ELSE: 'IF_THEN_ELSE',
  MIN: 'MIN',
  MAX: 'MAX',
  SMOOTH: 'SMOOTH',
  SMOOTHI: 'SMOOTH',
  SMOOTH3: 'SMOOTH3',
  SMOOTH3I: 'SMOOTH3',
  DELAY1: 'DELAY1',
  DELAY1I: 'DELAY1',
  DELAY3: 'DELAY3',
  DELAY3I: 'DELAY3',
  STEP: 'STEP',
  PULSE: 'PULSE',
  RAMP: 'RAMP',
  ABS: 'ABS',
  EXP: 'EXP',
  LN: 'LN',
  SQRT: 'SQRT',
  INTEGER: 'INT',
  MODULO: 'MOD',
  POWER: 'POW',
};

const CONTROL = ['INITIAL_TIME', 'FINAL_TIME', 'TIME_STEP', 'SAVEPER'] as const;
type Control = (typeof CONTROL)[number];

const MESSAGES = {
  unsupported: (what: string): LocalizedText => ({
    en: `Not supported in Vensim import: ${what}.`,
    zh: `Vensim 导入不支持：${what}。`,
  }),
  unsupportedFix: {
    en: 'Rewrite it with the supported elements (docs/sd.md, "Vensim import"), or export the model as XMILE.',
    zh: '请改用支持的元素（docs/sd.md“Vensim 导入”），或将模型导出为 XMILE。',
  },
  syntax: (detail: string): LocalizedText => ({
    en: `Cannot read this Vensim equation: ${detail}.`,
    zh: `无法读取该 Vensim 方程：${detail}。`,
  }),
  syntaxFix: {
    en: 'Write equations as `name = expression ~ units ~ comment |`.',
    zh: '方程的写法为 `名称 = 表达式 ~ 单位 ~ 说明 |`。',
  },
  control: (name: string): LocalizedText => ({
    en: `The control section lacks ${name} (or it is not a number).`,
    zh: `控制部分缺少 ${name}（或其值不是数字）。`,
  }),
  controlFix: {
    en: 'Give INITIAL TIME, FINAL TIME and TIME STEP as numbers (SAVEPER may be a number or TIME STEP).',
    zh: '请以数字给出 INITIAL TIME、FINAL TIME 和 TIME STEP（SAVEPER 可为数字或 TIME STEP）。',
  },
};

class VensimError extends Error {
  constructor(
    readonly line: number,
    readonly message_: LocalizedText,
    readonly fix: LocalizedText,
  ) {
    super(message_.en);
  }
}

/**
 * A Vensim name as a Climb name: whitespace and _ runs become one _, other ASCII punctuation _, and a
 * non-ASCII character (e.g. a Chinese name) `u<code point in hex>` so that names stay distinct.
 */
export function vensimName(raw: string): string {
  let s = '';
  for (const ch of raw.trim().replace(/[\s_]+/g, '_')) {
    const c = ch.codePointAt(0) as number;
    if (/[A-Za-z0-9_]/.test(ch)) s += ch;
    else if (c > 127) s += `${s && !s.endsWith('_') ? '_' : ''}u${c.toString(16)}_`;
    else s += '_';
  }
  s = s.replace(/_+/g, '_');
  if (s.length > 1 && s.endsWith('_') && !/_$/.test(raw.trim())) s = s.slice(0, -1);
  if (!/^[A-Za-z_]/.test(s)) s = `_${s}`;
  return s;
}

/** Splits at `sep` outside double quotes and (when `depth`) outside parentheses and brackets. */
function splitTop(s: string, sep: string, depth = false): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  let level = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '(' || ch === '[')) level++;
    else if (!quoted && (ch === ')' || ch === ']')) level--;
    else if (!quoted && ch === sep && (!depth || level === 0)) {
      out.push({ text: s.slice(start, i), at: start });
      start = i + 1;
    }
  }
  out.push({ text: s.slice(start), at: start });
  return out;
}

/** The (x, y) points of a Vensim table, without its `[(xmin,ymin)-(xmax,ymax)]` range. */
function tablePoints(body: string, line: number): [number, number][] {
  const pts: [number, number][] = [];
  const num = '([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)';
  const pair = new RegExp(`\\(\\s*${num}\\s*,\\s*${num}\\s*\\)`, 'g');
  for (const m of body.replace(/\[[^\]]*\]/g, ' ').matchAll(pair)) pts.push([Number(m[1]), Number(m[2])]);
  if (pts.length === 0)
    throw new VensimError(line, MESSAGES.syntax('a lookup without (x, y) points'), MESSAGES.syntaxFix);
  return pts;
}

interface Entry {
  name: string;
  raw: string;
  line: number;
  units: string | undefined;
  doc: string;
  kind: 'aux' | 'stock' | 'lookup' | 'withLookup' | 'control';
  /** Vensim expression text (aux), or rate and initial value (stock), or input (with lookup). */
  expr?: string;
  rate?: string;
  init?: string;
  points?: [number, number][];
}

/** Climb units from Vensim units: `[min, max]` ranges dropped, Dmnl → dmnl, unreadable units left out. */
function units(raw: string): string | undefined {
  const u = raw.replace(/\[[^\]]*\]/g, '').trim();
  if (!u) return undefined;
  if (/^dmnl$/i.test(u)) return 'dmnl';
  return /^[A-Za-z0-9_*/^().\s-]+$/.test(u) && !/[A-Za-z0-9)]\s+[A-Za-z(]/.test(u)
    ? u.replace(/\s+/g, '')
    : undefined;
}

/** Reads the equation section into entries (one per `|`-terminated equation). */
function readEntries(text: string): Entry[] {
  const sketch = text.indexOf('\\\\\\---///');
  const body = sketch >= 0 ? text.slice(0, sketch) : text;
  const entries: Entry[] = [];
  const lineAt = (offset: number) => body.slice(0, offset).split('\n').length;
  for (const chunk of splitTop(body, '|')) {
    // the equation's first line: skip leading blank lines and the {UTF-8} marker
    const lead = /^(\s|\{UTF-8\})*/.exec(chunk.text)?.[0].length ?? 0;
    const line = lineAt(chunk.at + lead);
    const eq = chunk.text.slice(lead).replace(/\\\s*\n/g, ' ');
    if (!eq.trim()) continue;
    const [def = '', u = '', ...rest] = splitTop(eq, '~').map((p) => p.text);
    const d = def.trim();
    if (d.startsWith('*') || d === '') continue; // a group marker (****** .Control ******)
    if (/^:MACRO:/i.test(d))
      throw new VensimError(line, MESSAGES.unsupported('macros (:MACRO:)'), MESSAGES.unsupportedFix);
    const doc = rest.join('~').trim();
    const eqAt = splitTop(d, '=', true);
    if (eqAt.length === 1) {
      // a standalone lookup: name( [(0,0)-(2,1)], (0,0), (1,0.5), … )
      const m = /^([^([]+?)\s*\(([\s\S]*)\)\s*$/.exec(d);
      if (!m)
        throw new VensimError(
          line,
          MESSAGES.syntax('no "=" and not a lookup definition'),
          MESSAGES.syntaxFix,
        );
      const raw = (m[1] as string).trim();
      entries.push({
        name: vensimName(raw),
        raw,
        line,
        units: units(u),
        doc,
        kind: 'lookup',
        points: tablePoints(m[2] as string, line),
      });
      continue;
    }
    let lhs = (eqAt[0] as { text: string }).text;
    let rhs = d.slice(lhs.length + 1);
    if (lhs.endsWith(':') || rhs.startsWith('='))
      throw new VensimError(
        line,
        MESSAGES.unsupported('data equations (:=) and == equations'),
        MESSAGES.unsupportedFix,
      );
    lhs = lhs.trim();
    rhs = rhs.trim();
    if (/[[\]]/.test(lhs))
      throw new VensimError(line, MESSAGES.unsupported(`subscripts (${lhs})`), MESSAGES.unsupportedFix);
    if (
      /^:|:(INTERPOLATE|RAW|HOLD BACKWARD|LOOK FORWARD|EXCEPT|AND|OR|NOT):\s*$/i.test(rhs) &&
      !/^:NOT:/i.test(rhs)
    )
      throw new VensimError(line, MESSAGES.unsupported(`the keyword in "${rhs}"`), MESSAGES.unsupportedFix);
    const raw = lhs.replace(/^"|"$/g, '');
    const name = vensimName(raw);
    const base = { name, raw, line, units: units(u), doc };
    const ctl = name.toUpperCase();
    if ((CONTROL as readonly string[]).includes(ctl)) {
      entries.push({ ...base, name: ctl, kind: 'control', expr: rhs });
      continue;
    }
    const integ = /^INTEG\s*\(([\s\S]*)\)\s*$/i.exec(rhs);
    if (integ) {
      const args = splitTop(integ[1] as string, ',', true).map((a) => a.text.trim());
      if (args.length !== 2)
        throw new VensimError(line, MESSAGES.syntax('INTEG takes (rate, initial value)'), MESSAGES.syntaxFix);
      entries.push({ ...base, kind: 'stock', rate: args[0] as string, init: args[1] as string });
      continue;
    }
    const withLookup = /^WITH\s+LOOKUP\s*\(([\s\S]*)\)\s*$/i.exec(rhs);
    if (withLookup) {
      const args = splitTop(withLookup[1] as string, ',', true).map((a) => a.text.trim());
      if (args.length !== 2)
        throw new VensimError(line, MESSAGES.syntax('WITH LOOKUP takes (input, table)'), MESSAGES.syntaxFix);
      entries.push({
        ...base,
        kind: 'withLookup',
        expr: args[0] as string,
        points: tablePoints(args[1] as string, line),
      });
      continue;
    }
    if (/A\s+FUNCTION\s+OF/i.test(rhs))
      throw new VensimError(
        line,
        MESSAGES.unsupported('an incomplete equation (A FUNCTION OF)'),
        MESSAGES.unsupportedFix,
      );
    if (!rhs) throw new VensimError(line, MESSAGES.syntax(`no expression for ${raw}`), MESSAGES.syntaxFix);
    entries.push({ ...base, kind: 'aux', expr: rhs });
  }
  return entries;
}

/** Translates a Vensim expression to Climb's language, with names resolved case-insensitively. */
function translate(
  src: string,
  line: number,
  resolve: (name: string) => string,
  lookups: Set<string>,
): string {
  let out = '';
  let i = 0;
  const ident =
    /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$'\u0080-\uffff]*(?:[ \t\r\n]+[A-Za-z0-9_\u0080-\uffff][A-Za-z0-9_$'\u0080-\uffff]*)*/;
  const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/;
  while (i < src.length) {
    const rest = src.slice(i);
    const ch = src[i] as string;
    if (/\s/.test(ch)) {
      out += ' ';
      i++;
      continue;
    }
    const logic = /^:(AND|OR|NOT):/i.exec(rest);
    if (logic) {
      out += ` ${(logic[1] as string).toLowerCase()} `;
      i += logic[0].length;
      continue;
    }
    const num = number.exec(rest);
    if (num) {
      out += num[0];
      i += num[0].length;
      continue;
    }
    let raw: string | undefined;
    if (ch === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0)
        throw new VensimError(line, MESSAGES.syntax('a quoted name is not closed'), MESSAGES.syntaxFix);
      raw = src.slice(i + 1, end);
      i = end + 1;
    } else {
      const id = ident.exec(rest);
      if (id) {
        raw = id[0];
        i += id[0].length;
      }
    }
    if (raw !== undefined) {
      const call = /^\s*\(/.test(src.slice(i));
      const upper = vensimName(raw).toUpperCase();
      if (call) {
        const fn = FUNCTIONS[upper];
        const name = resolve(raw);
        if (fn) out += fn;
        else if (lookups.has(name)) out += name;
        else
          throw new VensimError(
            line,
            MESSAGES.unsupported(`the function ${raw.trim()}`),
            MESSAGES.unsupportedFix,
          );
      } else if (
        upper === 'TIME' ||
        upper === 'TIME_STEP' ||
        upper === 'INITIAL_TIME' ||
        upper === 'FINAL_TIME'
      )
        out += upper;
      else out += resolve(raw);
      continue;
    }
    const op = /^(<>|<=|>=|[-+*/^(),<>=])/.exec(rest);
    if (op) {
      out += op[0];
      i += op[0].length;
      continue;
    }
    throw new VensimError(line, MESSAGES.syntax(`the character "${ch}"`), MESSAGES.syntaxFix);
  }
  try {
    parseExpr(out);
  } catch (e) {
    if (e instanceof ExprSyntaxError)
      throw new VensimError(
        line,
        MESSAGES.syntax(`${e.key.split('.').pop()} near "${out.slice(Math.max(0, e.pos - 10), e.pos + 10)}"`),
        MESSAGES.syntaxFix,
      );
    throw e;
  }
  return out.trim().replace(/\s+/g, ' ');
}

/** The top-level + and − terms of an expression, with their signs. */
function terms(e: Expr, sign: 1 | -1, out: { sign: 1 | -1; e: Expr }[]): void {
  if (e.k === 'bin' && (e.op === '+' || e.op === '-')) {
    terms(e.a, sign, out);
    terms(e.b, e.op === '-' ? (-sign as 1 | -1) : sign, out);
  } else if (e.k === 'un' && e.op === '-') terms(e.a, -sign as 1 | -1, out);
  else if (e.k === 'un' && e.op === '+') terms(e.a, sign, out);
  else out.push({ sign, e });
}

/**
 * Imports a Vensim model. Constants are auxiliaries whose equation is a plain number; a stock's flows are
 * the auxiliaries named alone in the top-level + and − terms of its INTEG rate (each flow into one stock
 * and out of one stock at most); other terms make an anonymous net inflow `<stock>_net_flow`.
 */
export function importVensim(text: string, file: string): SdModel {
  try {
    return build(text, file);
  } catch (e) {
    if (e instanceof VensimError)
      throw new InputError([{ file, path: '', line: e.line, message: e.message_, fix: e.fix }]);
    throw e;
  }
}

function build(text: string, file: string): SdModel {
  const entries = readEntries(text);
  const byKey = new Map<string, Entry>();
  for (const e of entries) {
    const key = e.name.toLowerCase();
    const prev = byKey.get(key);
    if (prev && e.kind !== 'control')
      throw new VensimError(
        e.line,
        MESSAGES.syntax(`${e.raw} is defined twice (also on line ${prev.line})`),
        MESSAGES.syntaxFix,
      );
    byKey.set(key, e);
  }
  const resolve = (raw: string) => {
    const n = vensimName(raw);
    return byKey.get(n.toLowerCase())?.name ?? n;
  };
  const lookupNames = new Set(entries.filter((e) => e.kind === 'lookup').map((e) => e.name));

  // control section
  const control = new Map<Control, number>();
  const controlLine = new Map<Control, Entry>();
  for (const e of entries) if (e.kind === 'control') controlLine.set(e.name as Control, e);
  const value = (c: Control, seen: Control[] = []): number | undefined => {
    const e = controlLine.get(c);
    if (!e?.expr) return undefined;
    const x = e.expr.trim();
    if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(x)) return Number(x);
    const ref = vensimName(x).toUpperCase() as Control;
    if ((CONTROL as readonly string[]).includes(ref) && !seen.includes(ref)) return value(ref, [...seen, c]);
    return undefined;
  };
  for (const c of CONTROL) {
    const v = value(c);
    if (v !== undefined) control.set(c, v);
    else if (c !== 'SAVEPER') {
      const e = controlLine.get(c);
      throw new VensimError(e?.line ?? 1, MESSAGES.control(c.replace('_', ' ')), MESSAGES.controlFix);
    }
  }
  const timeUnits = controlLine.get('FINAL_TIME')?.units ?? controlLine.get('TIME_STEP')?.units;

  const notes = (e: Entry) => ({
    ...(e.units ? { units: e.units } : {}),
    ...(e.doc ? { doc: e.doc } : {}),
    ...([...e.raw].some((c) => (c.codePointAt(0) as number) > 127)
      ? { title: { zh: e.raw.trim(), en: e.raw.trim() } }
      : {}),
  });
  const constants: Record<string, unknown>[] = [];
  const auxiliaries: (Record<string, unknown> & { name: string; equation: string })[] = [];
  const lookups: Record<string, unknown>[] = [];
  const stocks: (Record<string, unknown> & { name: string; inflows: string[]; outflows: string[] })[] = [];
  const flows: Record<string, unknown>[] = [];
  const tr = (src: string, line: number) => translate(src, line, resolve, lookupNames);
  for (const e of entries) {
    if (e.kind === 'control') continue;
    if (e.kind === 'lookup') lookups.push({ name: e.name, points: e.points, ...notes(e) });
    else if (e.kind === 'withLookup') {
      const table = `${e.name}_lookup`;
      lookups.push({ name: table, points: e.points });
      lookupNames.add(table);
      auxiliaries.push({ name: e.name, equation: `${table}(${tr(e.expr as string, e.line)})`, ...notes(e) });
    } else if (e.kind === 'aux') {
      const x = (e.expr as string).trim();
      if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(x))
        constants.push({ name: e.name, value: Number(x), ...notes(e) });
      else auxiliaries.push({ name: e.name, equation: tr(x, e.line), ...notes(e) });
    } else
      stocks.push({
        name: e.name,
        initial: tr(e.init as string, e.line),
        inflows: [],
        outflows: [],
        ...notes(e),
        rate: tr(e.rate as string, e.line),
      });
  }

  // flows: auxiliaries named alone in a stock's rate
  const auxByName = new Map(auxiliaries.map((a) => [a.name, a]));
  const used = { inflows: new Set<string>(), outflows: new Set<string>() };
  const asFlow = new Set<string>();
  const names = new Set(entries.map((e) => e.name));
  for (const s of stocks) {
    const parts: { sign: 1 | -1; e: Expr }[] = [];
    terms(parseExpr(s.rate as string), 1, parts);
    const rest: string[] = [];
    for (const p of parts) {
      const dir = p.sign > 0 ? 'inflows' : 'outflows';
      if (p.e.k === 'name' && auxByName.has(p.e.name) && !used[dir].has(p.e.name)) {
        used[dir].add(p.e.name);
        asFlow.add(p.e.name);
        s[dir].push(p.e.name);
      } else rest.push(`${p.sign < 0 ? '- ' : rest.length ? '+ ' : ''}${printExpr(p.e, 6)}`);
    }
    if (rest.length > 0) {
      let net = `${s.name}_net_flow`;
      while (names.has(net)) net = `${net}_`;
      names.add(net);
      flows.push({ name: net, equation: rest.join(' ') });
      s.inflows.push(net);
    }
    delete s.rate;
  }
  for (const name of asFlow) {
    const a = auxByName.get(name) as (typeof auxiliaries)[number];
    flows.push(a);
  }
  const modelName = vensimName(
    file
      .split(/[\\/]/)
      .pop()
      ?.replace(/\.mdl$/i, '') ?? 'vensim',
  );
  const saveEvery = control.get('SAVEPER');
  return parseSdModel(
    {
      name: modelName,
      time: {
        start: control.get('INITIAL_TIME'),
        stop: control.get('FINAL_TIME'),
        dt: control.get('TIME_STEP'),
        ...(timeUnits ? { units: timeUnits } : {}),
        method: 'euler',
        ...(saveEvery !== undefined ? { saveEvery } : {}),
      },
      constants,
      stocks,
      flows,
      auxiliaries: auxiliaries.filter((a) => !asFlow.has(a.name)),
      lookups,
    },
    { file },
  );
}
