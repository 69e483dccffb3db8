/**
 * PLS-SEM model specification (issue 5 §1) and its validator.
 *
 * The YAML shape (loaded elsewhere into a plain object) is:
 *
 * ```yaml
 * constructs:
 *   Image:        { mode: A, items: [IMAG1, IMAG2] }
 *   Quality:      { mode: B, items: [PERQ1, PERQ2] }
 *   Satisfaction: { mode: A, items: [CUSA1, CUSA2], reflective: true }   # reflective → PLSc
 *   CUSAxSC:      { interaction: [Satisfaction, Quality], method: two-stage }
 * paths:
 *   - { from: Image, to: [Quality, Satisfaction] }
 * ```
 *
 * `parsePlsModel` never throws: it returns every problem found, each with a path such as
 * `constructs.Image.items[2]` and a message naming the construct or item concerned.
 */

// The PLS messages are read directly (not through i18n/index.ts, which lists the locale folder at run
// time): the engine also runs in bundled bootstrap workers, where there is no folder to list.
import plsEn from '../../i18n/locales/pls.en.json' with { type: 'json' };
import plsZh from '../../i18n/locales/pls.zh-CN.json' with { type: 'json' };

export type MeasurementMode = 'A' | 'B';

/** A construct measured by items (a composite; Mode A with `reflective` is estimated as PLSc). */
export interface CompositeConstruct {
  kind: 'composite';
  name: string;
  mode: MeasurementMode;
  items: string[];
  /** seminr's `reflective()`: Mode A weights, then consistent-PLS disattenuation. */
  reflective: boolean;
}

/** A two-stage interaction term (seminr's `two_stage`): the product of the stage-1 scores of `of`. */
export interface InteractionConstruct {
  kind: 'interaction';
  name: string;
  of: [string, string];
  method: 'two-stage';
}

export type ConstructSpec = CompositeConstruct | InteractionConstruct;

export interface PathSpec {
  from: string;
  to: string;
}

export interface PlsModel {
  /** Every declared construct, in declaration order. */
  constructs: ConstructSpec[];
  /** Structural paths, one per (from, to) pair, in declaration order (`to` lists expanded). */
  paths: PathSpec[];
}

export interface ModelProblem {
  /** Where in the specification, e.g. `constructs.Image.items[1]` or `paths[3].to[0]`. */
  path: string;
  /** English. */
  message: string;
  /** The same message in Chinese (every problem of the parser and the estimator has one). */
  zh?: string;
}

/** A parameter shown as the offending value ("a list", `"C"`, 7) in the language of the message. */
interface Shown {
  shown: unknown;
}
type Params = Record<string, string | number | Shown>;

const isShown = (v: unknown): v is Shown => typeof v === 'object' && v !== null && 'shown' in v;

/**
 * A message of locales/pls.<lang>.json by its key below `pls` (e.g. `model.mode`), with `{{name}}`
 * placeholders filled in; an unknown key is returned as `pls.<key>` (as i18next does).
 */
export function plsMessage(
  lang: 'en' | 'zh',
  key: string,
  params: Record<string, string | number> = {},
): string {
  let node: unknown = lang === 'zh' ? plsZh : plsEn;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') return `pls.${key}`;
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

/** A problem in English and Chinese from the `pls.model.<key>` messages (locales/pls.*.json). */
export function modelProblem(path: string, key: string, params: Params = {}): ModelProblem {
  const text = (lang: 'en' | 'zh') =>
    plsMessage(
      lang,
      `model.${key}`,
      Object.fromEntries(
        Object.entries(params).map(([k, v]) => [k, isShown(v) ? describe(v.shown, lang) : v]),
      ),
    );
  return { path, message: text('en'), zh: text('zh') };
}

export type ParseResult = { ok: true; model: PlsModel } | { ok: false; problems: ModelProblem[] };

/** Raised by `assertPlsModel` and by the estimator when a model cannot be used. */
export class PlsModelError extends Error {
  readonly problems: ModelProblem[];
  constructor(problems: ModelProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    this.name = 'PlsModelError';
    this.problems = problems;
  }
}

const COMPOSITE_KEYS = new Set(['mode', 'items', 'reflective']);
const INTERACTION_KEYS = new Set(['interaction', 'method']);
const PATH_KEYS = new Set(['from', 'to']);

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(x: unknown, lang: 'en' | 'zh'): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return lang === 'zh' ? '一个列表' : 'a list';
  if (typeof x === 'string') return lang === 'zh' ? `“${x}”` : `"${x}"`;
  return typeof x === 'object' ? (lang === 'zh' ? '一个映射' : 'a mapping') : String(x);
}

/** Validates a plain JS object (parsed YAML/JSON) against the model shape of issue 5 §1. */
export function parsePlsModel(raw: unknown): ParseResult {
  const problems: ModelProblem[] = [];
  const add = (path: string, key: string, params: Params = {}) =>
    problems.push(modelProblem(path, key, params));

  if (!isRecord(raw))
    return { ok: false, problems: [modelProblem('', 'notMapping', { got: { shown: raw } })] };
  for (const key of Object.keys(raw)) {
    if (key !== 'constructs' && key !== 'paths') add(key, 'unknownTopKey', { key });
  }

  const constructs: ConstructSpec[] = [];
  const itemOwner = new Map<string, string>();
  const rawConstructs = raw.constructs;
  if (!isRecord(rawConstructs) || Object.keys(rawConstructs).length === 0) {
    add('constructs', 'constructsEmpty');
  } else {
    for (const [name, spec] of Object.entries(rawConstructs)) {
      const at = `constructs.${name}`;
      if (name.trim() === '') {
        add(at, 'nameEmpty');
        continue;
      }
      if (!isRecord(spec)) {
        add(at, 'constructNotMapping', { name, got: { shown: spec } });
        continue;
      }
      if ('interaction' in spec) {
        for (const key of Object.keys(spec)) {
          if (!INTERACTION_KEYS.has(key)) add(`${at}.${key}`, 'interactionUnknownKey', { key, name });
        }
        const of = spec.interaction;
        let pair: [string, string] | undefined;
        if (!Array.isArray(of) || of.length !== 2 || !of.every((x) => typeof x === 'string' && x !== '')) {
          add(`${at}.interaction`, 'interactionPair', { name });
        } else {
          pair = [of[0] as string, of[1] as string];
          if (pair[0] === pair[1]) add(`${at}.interaction`, 'interactionSame', { name });
        }
        const method = spec.method ?? 'two-stage';
        if (method !== 'two-stage')
          add(`${at}.method`, 'interactionMethod', { name, got: { shown: method } });
        if (pair) constructs.push({ kind: 'interaction', name, of: pair, method: 'two-stage' });
        continue;
      }
      for (const key of Object.keys(spec)) {
        if (!COMPOSITE_KEYS.has(key)) add(`${at}.${key}`, 'unknownKey', { key, name });
      }
      const mode = spec.mode;
      if (mode !== 'A' && mode !== 'B') add(`${at}.mode`, 'mode', { name, got: { shown: mode } });
      const reflective = spec.reflective ?? false;
      if (typeof reflective !== 'boolean') {
        add(`${at}.reflective`, 'reflectiveType', { name, got: { shown: reflective } });
      } else if (reflective && mode === 'B') {
        add(`${at}.reflective`, 'reflectiveModeB', { name });
      }
      const items = spec.items;
      const okItems: string[] = [];
      if (!Array.isArray(items) || items.length === 0) {
        add(`${at}.items`, 'itemsEmpty', { name });
      } else {
        items.forEach((item, i) => {
          if (typeof item !== 'string' || item.trim() === '') {
            add(`${at}.items[${i}]`, 'itemNotString', { name, n: i + 1, got: { shown: item } });
            return;
          }
          const owner = itemOwner.get(item);
          if (owner === name) {
            add(`${at}.items[${i}]`, 'itemTwice', { name, item });
          } else if (owner !== undefined) {
            add(`${at}.items[${i}]`, 'itemShared', { item, owner, name });
          } else {
            itemOwner.set(item, name);
            okItems.push(item);
          }
        });
      }
      if (mode === 'A' || mode === 'B') {
        constructs.push({
          kind: 'composite',
          name,
          mode,
          items: okItems,
          reflective: reflective === true,
        });
      }
    }
  }

  const declared = isRecord(rawConstructs) ? new Set(Object.keys(rawConstructs)) : new Set<string>();
  for (const c of constructs) {
    if (c.kind !== 'interaction') continue;
    c.of.forEach((part, i) => {
      const target = constructs.find((x) => x.name === part);
      if (!declared.has(part)) {
        add(`constructs.${c.name}.interaction[${i}]`, 'interactionUndeclared', { name: c.name, part });
      } else if (target?.kind === 'interaction') {
        add(`constructs.${c.name}.interaction[${i}]`, 'interactionNested', { name: c.name, part });
      }
    });
  }
  const interactions = new Set(constructs.filter((c) => c.kind === 'interaction').map((c) => c.name));

  const paths: PathSpec[] = [];
  const seen = new Set<string>();
  const rawPaths = raw.paths;
  if (!Array.isArray(rawPaths) || rawPaths.length === 0) {
    add('paths', 'pathsEmpty');
  } else {
    rawPaths.forEach((p, i) => {
      const at = `paths[${i}]`;
      const n = i + 1;
      if (!isRecord(p)) {
        add(at, 'pathNotMapping', { n, got: { shown: p } });
        return;
      }
      for (const key of Object.keys(p)) {
        if (!PATH_KEYS.has(key)) add(`${at}.${key}`, 'pathUnknownKey', { key, n });
      }
      const from = p.from;
      let fromOk = false;
      if (typeof from !== 'string' || from === '') {
        add(`${at}.from`, 'fromType', { n, got: { shown: from } });
      } else if (!declared.has(from)) {
        add(`${at}.from`, 'undeclared', { n, name: from });
      } else fromOk = true;
      const rawTo = p.to;
      const tos: unknown[] = typeof rawTo === 'string' ? [rawTo] : Array.isArray(rawTo) ? rawTo : [];
      if (tos.length === 0) add(`${at}.to`, 'toEmpty', { n });
      tos.forEach((to, j) => {
        const toAt = typeof rawTo === 'string' ? `${at}.to` : `${at}.to[${j}]`;
        if (typeof to !== 'string' || to === '') {
          add(toAt, 'toType', { n, got: { shown: to } });
          return;
        }
        if (!declared.has(to)) {
          add(toAt, 'undeclared', { n, name: to });
          return;
        }
        if (interactions.has(to)) {
          add(toAt, 'interactionTarget', { n, name: to });
          return;
        }
        if (!fromOk) return;
        const f = from as string;
        if (f === to) {
          add(toAt, 'selfLoop', { n, name: to });
          return;
        }
        const key = `${f}\u0000${to}`;
        if (seen.has(key)) {
          add(toAt, 'duplicate', { from: f, to });
          return;
        }
        seen.add(key);
        paths.push({ from: f, to });
      });
    });
  }

  // The structural model must be recursive (no cycles): total effects and seminr assume it.
  const cycle = findCycle(paths);
  if (cycle) add('paths', 'cycle', { cycle: cycle.join(' → ') });

  const inPaths = new Set(paths.flatMap((p) => [p.from, p.to]));
  for (const c of constructs) {
    if (!inPaths.has(c.name) && problems.length === 0)
      add(`constructs.${c.name}`, 'unconnected', { name: c.name });
  }
  // Two-stage: the first stage estimates the model without the interaction terms, so both parts of each
  // interaction must be in a path that does not involve an interaction (their main effects).
  if (problems.length === 0) {
    const mainPaths = paths.filter((p) => !interactions.has(p.from));
    const inMain = new Set(mainPaths.flatMap((p) => [p.from, p.to]));
    for (const c of constructs) {
      if (c.kind !== 'interaction' || !inPaths.has(c.name)) continue;
      c.of.forEach((part, i) => {
        if (!inMain.has(part))
          add(`constructs.${c.name}.interaction[${i}]`, 'interactionPartUnconnected', { name: c.name, part });
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, model: { constructs, paths } };
}

/** Like `parsePlsModel` but throws a `PlsModelError` carrying every problem. */
export function assertPlsModel(raw: unknown): PlsModel {
  const r = parsePlsModel(raw);
  if (!r.ok) throw new PlsModelError(r.problems);
  return r.model;
}

function findCycle(paths: PathSpec[]): string[] | undefined {
  const out = new Map<string, string[]>();
  for (const p of paths) {
    const list = out.get(p.from);
    if (list) list.push(p.to);
    else out.set(p.from, [p.to]);
  }
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 1);
    stack.push(node);
    for (const next of out.get(node) ?? []) {
      const s = state.get(next);
      if (s === 1) return [...stack.slice(stack.indexOf(next)), next];
      if (s === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 2);
    return undefined;
  };
  for (const node of out.keys()) {
    if (!state.has(node)) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return undefined;
}
