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

/** A two-stage interaction term (declared; this version refuses to estimate it). */
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
  message: string;
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

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'string') return `"${x}"`;
  return typeof x === 'object' ? 'a mapping' : String(x);
}

/** Validates a plain JS object (parsed YAML/JSON) against the model shape of issue 5 §1. */
export function parsePlsModel(raw: unknown): ParseResult {
  const problems: ModelProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  if (!isRecord(raw)) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          message: `the model must be a mapping with "constructs" and "paths", got ${describe(raw)}`,
        },
      ],
    };
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'constructs' && key !== 'paths')
      add(key, `unknown key "${key}" (expected "constructs" and "paths")`);
  }

  const constructs: ConstructSpec[] = [];
  const itemOwner = new Map<string, string>();
  const rawConstructs = raw.constructs;
  if (!isRecord(rawConstructs) || Object.keys(rawConstructs).length === 0) {
    add('constructs', 'constructs must be a non-empty mapping of construct name → { mode, items }');
  } else {
    for (const [name, spec] of Object.entries(rawConstructs)) {
      const at = `constructs.${name}`;
      if (name.trim() === '') {
        add(at, 'a construct name must not be empty');
        continue;
      }
      if (!isRecord(spec)) {
        add(
          at,
          `construct "${name}" must be a mapping like { mode: A, items: [...] }, got ${describe(spec)}`,
        );
        continue;
      }
      if ('interaction' in spec) {
        for (const key of Object.keys(spec)) {
          if (!INTERACTION_KEYS.has(key)) {
            add(
              `${at}.${key}`,
              `unknown key "${key}" in interaction "${name}" (allowed: interaction, method)`,
            );
          }
        }
        const of = spec.interaction;
        let pair: [string, string] | undefined;
        if (!Array.isArray(of) || of.length !== 2 || !of.every((x) => typeof x === 'string' && x !== '')) {
          add(`${at}.interaction`, `interaction "${name}" must list exactly two construct names`);
        } else {
          pair = [of[0] as string, of[1] as string];
          if (pair[0] === pair[1])
            add(`${at}.interaction`, `interaction "${name}" must combine two different constructs`);
        }
        const method = spec.method ?? 'two-stage';
        if (method !== 'two-stage') {
          add(
            `${at}.method`,
            `interaction "${name}": method ${describe(method)} is not supported (use two-stage)`,
          );
        }
        if (pair) constructs.push({ kind: 'interaction', name, of: pair, method: 'two-stage' });
        continue;
      }
      for (const key of Object.keys(spec)) {
        if (!COMPOSITE_KEYS.has(key)) {
          add(
            `${at}.${key}`,
            `unknown key "${key}" in construct "${name}" (allowed: mode, items, reflective)`,
          );
        }
      }
      const mode = spec.mode;
      if (mode !== 'A' && mode !== 'B') {
        add(`${at}.mode`, `construct "${name}": mode must be A or B, got ${describe(mode)}`);
      }
      const reflective = spec.reflective ?? false;
      if (typeof reflective !== 'boolean') {
        add(
          `${at}.reflective`,
          `construct "${name}": reflective must be true or false, got ${describe(reflective)}`,
        );
      } else if (reflective && mode === 'B') {
        add(
          `${at}.reflective`,
          `construct "${name}" is Mode B but reflective: true (consistent PLS needs Mode A weights)`,
        );
      }
      const items = spec.items;
      const okItems: string[] = [];
      if (!Array.isArray(items) || items.length === 0) {
        add(`${at}.items`, `construct "${name}" must list at least one item`);
      } else {
        items.forEach((item, i) => {
          if (typeof item !== 'string' || item.trim() === '') {
            add(
              `${at}.items[${i}]`,
              `construct "${name}": item ${i + 1} must be a column name, got ${describe(item)}`,
            );
            return;
          }
          const owner = itemOwner.get(item);
          if (owner === name) {
            add(`${at}.items[${i}]`, `construct "${name}" lists item "${item}" twice`);
          } else if (owner !== undefined) {
            add(`${at}.items[${i}]`, `item "${item}" is used by both "${owner}" and "${name}"`);
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
        add(
          `constructs.${c.name}.interaction[${i}]`,
          `interaction "${c.name}" uses undeclared construct "${part}"`,
        );
      } else if (target?.kind === 'interaction') {
        add(
          `constructs.${c.name}.interaction[${i}]`,
          `interaction "${c.name}" cannot use another interaction "${part}"`,
        );
      }
    });
  }

  const paths: PathSpec[] = [];
  const seen = new Set<string>();
  const rawPaths = raw.paths;
  if (!Array.isArray(rawPaths) || rawPaths.length === 0) {
    add('paths', 'paths must be a non-empty list of { from, to: [...] }');
  } else {
    rawPaths.forEach((p, i) => {
      const at = `paths[${i}]`;
      if (!isRecord(p)) {
        add(at, `path ${i + 1} must be a mapping { from, to }, got ${describe(p)}`);
        return;
      }
      for (const key of Object.keys(p)) {
        if (!PATH_KEYS.has(key))
          add(`${at}.${key}`, `unknown key "${key}" in path ${i + 1} (allowed: from, to)`);
      }
      const from = p.from;
      let fromOk = false;
      if (typeof from !== 'string' || from === '') {
        add(`${at}.from`, `path ${i + 1}: from must be a construct name, got ${describe(from)}`);
      } else if (!declared.has(from)) {
        add(`${at}.from`, `path ${i + 1}: construct "${from}" is not declared under constructs`);
      } else fromOk = true;
      const rawTo = p.to;
      const tos: unknown[] = typeof rawTo === 'string' ? [rawTo] : Array.isArray(rawTo) ? rawTo : [];
      if (tos.length === 0) {
        add(`${at}.to`, `path ${i + 1}: to must be a construct name or a non-empty list of them`);
      }
      tos.forEach((to, j) => {
        const toAt = typeof rawTo === 'string' ? `${at}.to` : `${at}.to[${j}]`;
        if (typeof to !== 'string' || to === '') {
          add(toAt, `path ${i + 1}: target must be a construct name, got ${describe(to)}`);
          return;
        }
        if (!declared.has(to)) {
          add(toAt, `path ${i + 1}: construct "${to}" is not declared under constructs`);
          return;
        }
        if (!fromOk) return;
        const f = from as string;
        if (f === to) {
          add(toAt, `path ${i + 1}: "${to}" cannot point to itself`);
          return;
        }
        const key = `${f}\u0000${to}`;
        if (seen.has(key)) {
          add(toAt, `path ${f} → ${to} is declared twice`);
          return;
        }
        seen.add(key);
        paths.push({ from: f, to });
      });
    });
  }

  // The structural model must be recursive (no cycles): total effects and seminr assume it.
  const cycle = findCycle(paths);
  if (cycle) add('paths', `the structural model has a cycle: ${cycle.join(' → ')}`);

  const inPaths = new Set(paths.flatMap((p) => [p.from, p.to]));
  for (const c of constructs) {
    if (!inPaths.has(c.name) && problems.length === 0) {
      add(`constructs.${c.name}`, `construct "${c.name}" is not in any path; remove it or connect it`);
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
