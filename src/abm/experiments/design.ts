/**
 * Experiment designs for the cluster ABM (docs/abm-experiments.md): a YAML/JSON file with base run
 * options (as `climb abm run`), factors with levels (full factorial) or ranges (Latin hypercube,
 * Saltelli/Sobol', Morris — the last two through src/sensitivity), and seeds per design point. Reading
 * validates everything and reports every problem with its location, in both languages.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Knowledge } from '../../domain/knowledge-base.ts';
import {
  GOVERNANCE_TYPES,
  type GovernanceType,
  POLICY_LEVERS,
  type PolicyLever,
} from '../../domain/vocabulary.ts';
import type { Problem } from '../../io/problems.ts';
import { InputError } from '../../io/problems.ts';
import { readDocument } from '../../io/read-document.ts';
import { float53, xoshiro128 } from '../../numeric/xoshiro.ts';
import { morrisSample, type ParameterSpace, saltelliSample } from '../../sensitivity/index.ts';
import { toScale } from '../../sensitivity/space.ts';
import { SERIES_KEYS } from '../model.ts';
import { SCALAR_IDS, type ScalarId } from '../params.ts';
import { problem, type Vars } from './errors.ts';

export const DESIGN_KINDS = ['factorial', 'lhs', 'saltelli', 'morris'] as const;
export type DesignKind = (typeof DESIGN_KINDS)[number];

/** Outputs a row can carry: the series aggregates (docs/abm.md §4 Observation) and `upgraded` = ODM + OBM. */
export const OUTPUT_KEYS = [...SERIES_KEYS.filter((k) => k !== 'step'), 'upgraded'] as const;
export type OutputKey = (typeof OUTPUT_KEYS)[number];

/** One run's options (what `climb abm run` takes, without the seed). */
export interface RunSpec {
  firms: number;
  steps: number;
  governance?: GovernanceType;
  coevolve?: boolean;
  domesticShare?: number;
  policy: Partial<Record<PolicyLever, number>>;
  scalars: Partial<Record<ScalarId, number>>;
}

type FactorType = 'int' | 'real' | 'share' | 'governance' | 'bool';
export type Level = number | string | boolean;

export interface Factor {
  /** As written in the design (the column name in the results). */
  name: string;
  /** Normalised: firms, steps, governance, coevolve, domesticShare, policy.<lever>, scalars.<id>. */
  id: string;
  type: FactorType;
  /** Factorial designs. */
  levels?: Level[];
  /** Sampling designs (uniform unless `dist` says otherwise, as in src/sensitivity/space.ts). */
  lower?: number;
  upper?: number;
  dist?: NonNullable<ParameterSpace['dist']>[number];
}

export interface ExperimentDesign {
  file: string;
  name?: string;
  /** Resolved path of the workspace whose firms seed the population, if any. */
  workspace?: string;
  /** As written (case id or path). */
  workspaceArg?: string;
  base: RunSpec;
  kind: DesignKind;
  factors: Factor[];
  /** lhs: points; saltelli: base samples N; morris: trajectories. */
  size: number;
  samplingSeed: number;
  secondOrder: boolean;
  morrisLevels: number;
  seeds: number[];
  output: { rows: 'run' | 'step'; every: number; columns: OutputKey[] };
}

export interface ExpandedDesign {
  /** Factor values per design point (factor order). */
  points: Level[][];
  /** For saltelli/morris: the space and the unit-free sample the points came from. */
  space?: ParameterSpace;
  x?: Float64Array;
}

interface FactorDef {
  id: string;
  type: FactorType;
  min?: number;
  max?: number;
}

function factorDef(name: string): FactorDef | undefined {
  if (name === 'firms') return { id: 'firms', type: 'int', min: 3 };
  if (name === 'steps') return { id: 'steps', type: 'int', min: 1 };
  if (name === 'governance') return { id: 'governance', type: 'governance' };
  if (name === 'coevolve') return { id: 'coevolve', type: 'bool' };
  if (name === 'domesticShare' || name === 'domestic-share')
    return { id: 'domesticShare', type: 'share', min: 0, max: 1 };
  const lever = name.startsWith('policy.') ? name.slice(7) : undefined;
  if (lever !== undefined)
    return (POLICY_LEVERS as readonly string[]).includes(lever)
      ? { id: `policy.${lever}`, type: 'share', min: 0, max: 1 }
      : undefined;
  const sc = name.startsWith('scalars.') ? name.slice(8) : name;
  if ((SCALAR_IDS as readonly string[]).includes(sc)) return { id: `scalars.${sc}`, type: 'real' };
  return undefined;
}

/** A copy of `spec` with one factor set. */
export function withFactor(spec: RunSpec, f: Pick<Factor, 'id' | 'type'>, v: Level): RunSpec {
  const s: RunSpec = { ...spec, policy: { ...spec.policy }, scalars: { ...spec.scalars } };
  const num = f.type === 'int' ? Math.round(Number(v)) : Number(v);
  if (f.id === 'firms') s.firms = Math.max(3, num);
  else if (f.id === 'steps') s.steps = Math.max(1, num);
  else if (f.id === 'governance') s.governance = v as GovernanceType;
  else if (f.id === 'coevolve') s.coevolve = v === true;
  else if (f.id === 'domesticShare') s.domesticShare = num;
  else if (f.id.startsWith('policy.')) s.policy[f.id.slice(7) as PolicyLever] = num;
  else s.scalars[f.id.slice(8) as ScalarId] = num;
  return s;
}

/** The run options of a design point. */
export function pointSpec(d: ExperimentDesign, values: readonly Level[]): RunSpec {
  let s = d.base;
  d.factors.forEach((f, i) => {
    s = withFactor(s, f, values[i] as Level);
  });
  return s;
}

/** Resolves a workspace argument: a path (relative to the design file first), or a bundled case id. */
export function resolveDesignWorkspace(arg: string, designDir: string, kb: Knowledge): string | undefined {
  for (const p of [resolve(designDir, arg), arg]) if (existsSync(p)) return p;
  const c = kb.cases.get(arg);
  if (c?.workspace) return resolve(dirname(c.file), c.workspace);
  return undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Reads and validates a design file; throws InputError with every problem located. */
export function readDesign(file: string, kb: Knowledge): ExperimentDesign {
  const doc = readDocument(file);
  const problems: Problem[] = [];
  const fmt = (path: readonly (string | number)[]) =>
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
  const add = (key: string, vars: Vars, path: (string | number)[]) => {
    // The line of the deepest part of the path that exists.
    let line: number | undefined;
    for (let n = path.length; n >= 0 && line === undefined; n--) line = doc.locate(path.slice(0, n))?.line;
    problems.push(problem(key, vars, { file, path: fmt(path), line }));
  };
  const data = doc.data;
  if (!isObj(data)) throw new InputError([problem('designFormat', {}, { file, path: '' })]);
  const known = (obj: Record<string, unknown>, allowed: readonly string[], at: (string | number)[]) => {
    for (const k of Object.keys(obj))
      if (!allowed.includes(k)) add('unknownKey', { key: k, allowed: allowed.join(', ') }, [...at, k]);
  };
  known(data, ['name', 'description', 'workspace', 'base', 'design', 'seeds', 'seed', 'output'], []);

  const int = (v: unknown, min: number, path: (string | number)[], fallback: number): number => {
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      add('badInteger', { value: String(v), min }, path);
      return fallback;
    }
    return v;
  };
  const num = (
    v: unknown,
    path: (string | number)[],
    min = -Infinity,
    max = Infinity,
  ): number | undefined => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      add('badNumber', { value: String(v), min: String(min), max: String(max) }, path);
      return undefined;
    }
    return v;
  };

  // Workspace.
  let workspace: string | undefined;
  const wsArg = data.workspace;
  if (wsArg !== undefined) {
    if (typeof wsArg !== 'string' || !wsArg.trim())
      add('badWorkspace', { value: String(wsArg) }, ['workspace']);
    else {
      workspace = resolveDesignWorkspace(wsArg, dirname(file), kb);
      if (!workspace) add('badWorkspace', { value: wsArg }, ['workspace']);
    }
  }

  // Base options.
  const base: RunSpec = { firms: 1000, steps: 100, policy: {}, scalars: {} };
  const b = data.base ?? {};
  if (!isObj(b)) add('notMapping', { key: 'base' }, ['base']);
  else {
    known(
      b,
      ['firms', 'steps', 'governance', 'coevolve', 'domesticShare', 'domestic-share', 'policy', 'scalars'],
      ['base'],
    );
    base.firms = int(b.firms, 3, ['base', 'firms'], 1000);
    base.steps = int(b.steps, 1, ['base', 'steps'], 100);
    if (b.governance !== undefined) {
      if (!(GOVERNANCE_TYPES as readonly unknown[]).includes(b.governance))
        add('badGovernance', { value: String(b.governance), allowed: GOVERNANCE_TYPES.join(', ') }, [
          'base',
          'governance',
        ]);
      else base.governance = b.governance as GovernanceType;
    }
    if (b.coevolve !== undefined) {
      if (typeof b.coevolve !== 'boolean')
        add('badBoolean', { value: String(b.coevolve) }, ['base', 'coevolve']);
      else base.coevolve = b.coevolve;
    }
    const ds = b.domesticShare ?? b['domestic-share'];
    if (ds !== undefined) {
      const v = num(ds, ['base', b.domesticShare !== undefined ? 'domesticShare' : 'domestic-share'], 0, 1);
      if (v !== undefined) base.domesticShare = v;
    }
    if (b.policy !== undefined) {
      const entries: [string, unknown, (string | number)[]][] = isObj(b.policy)
        ? Object.entries(b.policy).map(([k, v]) => [k, v, ['base', 'policy', k]])
        : Array.isArray(b.policy)
          ? b.policy.map((s, i) => {
              const [k, v] = String(s).split('=');
              return [k ?? '', v === undefined ? 1 : Number(v), ['base', 'policy', i]];
            })
          : [];
      if (!isObj(b.policy) && !Array.isArray(b.policy))
        add('notMapping', { key: 'policy' }, ['base', 'policy']);
      for (const [k, v, path] of entries) {
        if (!(POLICY_LEVERS as readonly string[]).includes(k)) {
          add('badLever', { lever: k, allowed: POLICY_LEVERS.join(', ') }, path);
          continue;
        }
        const x = num(v, path, 0, 1);
        if (x !== undefined) base.policy[k as PolicyLever] = x;
      }
    }
    if (b.scalars !== undefined) {
      if (!isObj(b.scalars)) add('notMapping', { key: 'scalars' }, ['base', 'scalars']);
      else
        for (const [k, v] of Object.entries(b.scalars)) {
          if (!(SCALAR_IDS as readonly string[]).includes(k)) {
            add('badScalar', { name: k }, ['base', 'scalars', k]);
            continue;
          }
          const x = num(v, ['base', 'scalars', k]);
          if (x !== undefined) base.scalars[k as ScalarId] = x;
        }
    }
  }

  // Design.
  const dsn = data.design;
  let kind: DesignKind = 'factorial';
  const factors: Factor[] = [];
  let size = 0;
  let samplingSeed = 1;
  let secondOrder = false;
  let morrisLevels = 4;
  if (!isObj(dsn)) add('noDesign', {}, ['design']);
  else {
    known(
      dsn,
      ['kind', 'factors', 'points', 'n', 'trajectories', 'levels', 'seed', 'secondOrder'],
      ['design'],
    );
    if (dsn.kind !== undefined && !(DESIGN_KINDS as readonly unknown[]).includes(dsn.kind))
      add('badKind', { kind: String(dsn.kind), allowed: DESIGN_KINDS.join(', ') }, ['design', 'kind']);
    else if (dsn.kind !== undefined) kind = dsn.kind as DesignKind;
    samplingSeed = int(dsn.seed, 0, ['design', 'seed'], 1);
    if (kind === 'lhs') size = int(dsn.points, 2, ['design', 'points'], 10);
    if (kind === 'saltelli') {
      size = int(dsn.n, 2, ['design', 'n'], 16);
      if (dsn.secondOrder !== undefined) secondOrder = dsn.secondOrder === true;
    }
    if (kind === 'morris') {
      size = int(dsn.trajectories, 2, ['design', 'trajectories'], 10);
      morrisLevels = int(dsn.levels, 2, ['design', 'levels'], 4);
      if (morrisLevels % 2) add('badInteger', { value: morrisLevels, min: 2 }, ['design', 'levels']);
    }
    for (const [key, need] of [
      ['points', 'lhs'],
      ['n', 'saltelli'],
      ['trajectories', 'morris'],
    ] as const)
      if (dsn[key] !== undefined && kind !== need) add('keyForKind', { key, kind: need }, ['design', key]);
    const fs = dsn.factors;
    if (!isObj(fs) || Object.keys(fs).length === 0) add('noFactors', {}, ['design', 'factors']);
    else
      for (const [name, spec] of Object.entries(fs)) {
        const at: (string | number)[] = ['design', 'factors', name];
        const def = factorDef(name);
        if (!def) {
          add('unknownFactor', { name }, at);
          continue;
        }
        if (factors.some((f) => f.id === def.id)) {
          add('duplicateFactor', { name }, at);
          continue;
        }
        const f: Factor = { name, id: def.id, type: def.type };
        if (kind === 'factorial') {
          const levels = Array.isArray(spec)
            ? spec
            : isObj(spec) && Array.isArray(spec.levels)
              ? spec.levels
              : null;
          if (!levels || levels.length === 0) {
            add('badLevels', { name }, at);
            continue;
          }
          const ok: Level[] = [];
          levels.forEach((v, i) => {
            const lp = Array.isArray(spec) ? [...at, i] : [...at, 'levels', i];
            if (def.type === 'governance') {
              if ((GOVERNANCE_TYPES as readonly unknown[]).includes(v)) ok.push(v as string);
              else add('badGovernance', { value: String(v), allowed: GOVERNANCE_TYPES.join(', ') }, lp);
            } else if (def.type === 'bool') {
              if (typeof v === 'boolean') ok.push(v);
              else add('badBoolean', { value: String(v) }, lp);
            } else if (def.type === 'int') {
              if (typeof v === 'number' && Number.isInteger(v) && v >= (def.min ?? 0)) ok.push(v);
              else add('badInteger', { value: String(v), min: def.min ?? 0 }, lp);
            } else {
              const x = num(v, lp, def.min, def.max);
              if (x !== undefined) ok.push(x);
            }
          });
          if (new Set(ok.map(String)).size !== ok.length) add('repeatedLevel', { name }, at);
          f.levels = ok;
        } else {
          if (def.type === 'governance' || def.type === 'bool') {
            add('categoricalInSampling', { name, kind }, at);
            continue;
          }
          const r: Record<string, unknown> | null = Array.isArray(spec)
            ? { lower: spec[0], upper: spec[1] }
            : isObj(spec)
              ? spec
              : null;
          if (!r) {
            add('badRange', { name }, at);
            continue;
          }
          known(r, ['lower', 'upper', 'dist', 'mode', 'mean', 'sd'], at);
          const lo = num(r.lower, [...at, 'lower'], def.min, def.max);
          const hi = num(r.upper, [...at, 'upper'], def.min, def.max);
          if (lo === undefined || hi === undefined) continue;
          if (!(lo < hi)) {
            add('badRange', { name }, at);
            continue;
          }
          f.lower = lo;
          f.upper = hi;
          const dist = r.dist ?? 'uniform';
          if (dist === 'uniform' || dist === 'loguniform') f.dist = dist;
          else if (dist === 'triangular') {
            const m = num(r.mode, [...at, 'mode'], lo, hi);
            if (m !== undefined) f.dist = { kind: 'triangular', mode: m };
          } else if (dist === 'normal') {
            const m = num(r.mean, [...at, 'mean']);
            const sd = num(r.sd, [...at, 'sd'], 0);
            if (m !== undefined && sd !== undefined) f.dist = { kind: 'normal', mean: m, sd };
          } else add('badDist', { name, dist: String(dist) }, [...at, 'dist']);
          if (dist === 'loguniform' && !(lo > 0)) add('badRange', { name }, at);
        }
        factors.push(f);
      }
  }

  // Seeds: a count (seed, seed + 1, …; the same seeds at every point: common random numbers) or a list.
  let seeds: number[] = [1];
  const first = int(data.seed, 0, ['seed'], 1);
  if (data.seeds === undefined) seeds = [first];
  else if (typeof data.seeds === 'number') {
    const n = int(data.seeds, 1, ['seeds'], 1);
    seeds = Array.from({ length: n }, (_, i) => first + i);
  } else if (Array.isArray(data.seeds) && data.seeds.length > 0) {
    seeds = data.seeds.map((s, i) => int(s, 0, ['seeds', i], 0));
    if (new Set(seeds).size !== seeds.length) add('repeatedSeed', {}, ['seeds']);
  } else add('badSeeds', {}, ['seeds']);

  // Output.
  const output: ExperimentDesign['output'] = { rows: 'run', every: 1, columns: [...OUTPUT_KEYS] };
  const o = data.output;
  if (o !== undefined) {
    if (!isObj(o)) add('notMapping', { key: 'output' }, ['output']);
    else {
      known(o, ['rows', 'every', 'columns'], ['output']);
      if (o.rows !== undefined) {
        if (o.rows !== 'run' && o.rows !== 'step')
          add('badRows', { value: String(o.rows) }, ['output', 'rows']);
        else output.rows = o.rows;
      }
      output.every = int(o.every, 1, ['output', 'every'], 1);
      if (o.columns !== undefined) {
        if (!Array.isArray(o.columns) || o.columns.length === 0) add('badColumns', {}, ['output', 'columns']);
        else {
          const cols: OutputKey[] = [];
          o.columns.forEach((c, i) => {
            if ((OUTPUT_KEYS as readonly unknown[]).includes(c)) cols.push(c as OutputKey);
            else
              add('badColumn', { name: String(c), allowed: OUTPUT_KEYS.join(', ') }, [
                'output',
                'columns',
                i,
              ]);
          });
          output.columns = [...new Set(cols)];
        }
      }
    }
  }
  if (problems.length) throw new InputError(problems);
  return {
    file,
    ...(typeof data.name === 'string' ? { name: data.name } : {}),
    ...(workspace ? { workspace, workspaceArg: wsArg as string } : {}),
    base,
    kind,
    factors,
    size,
    samplingSeed,
    secondOrder,
    morrisLevels,
    seeds,
    output,
  };
}

/** The parameter space of a sampling design (for src/sensitivity). */
export function designSpace(d: ExperimentDesign): ParameterSpace {
  return {
    names: d.factors.map((f) => f.name),
    lower: d.factors.map((f) => f.lower as number),
    upper: d.factors.map((f) => f.upper as number),
    dist: d.factors.map((f) => f.dist ?? 'uniform'),
    source: d.file,
  };
}

/**
 * Latin hypercube sample: n points in k dimensions; in every dimension each of the n equal strata holds
 * exactly one point (McKay, Beckman & Conover 1979), at a uniform position inside it; strata are paired
 * by independent random permutations. Seeded (xoshiro128**); unit values mapped through the factors'
 * distributions (src/sensitivity/space.ts).
 */
export function latinHypercube(space: ParameterSpace, n: number, seed: number): Float64Array {
  const k = space.names.length;
  const s = seed >>> 0;
  const next = xoshiro128([0x9e3779b9 ^ s, 0x243f6a88, 0xb7e15162 ^ Math.imul(s, 0x85ebca6b), 0x7f4a7c15]);
  for (let i = 0; i < 16; i++) next();
  const u = new Float64Array(n * k);
  const perm = new Int32Array(n);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const r = Math.floor(float53(next) * (i + 1));
      const t = perm[i] as number;
      perm[i] = perm[r] as number;
      perm[r] = t;
    }
    for (let i = 0; i < n; i++) u[i * k + j] = ((perm[i] as number) + float53(next)) / n;
  }
  return toScale(space, u, k);
}

/** The design points (and, for sensitivity designs, the sample they came from). */
export function expandDesign(d: ExperimentDesign): ExpandedDesign {
  if (d.kind === 'factorial') {
    let points: Level[][] = [[]];
    for (const f of d.factors) {
      const next: Level[][] = [];
      for (const p of points) for (const l of f.levels ?? []) next.push([...p, l]);
      points = next;
    }
    return { points };
  }
  const space = designSpace(d);
  const k = d.factors.length;
  let x: Float64Array;
  if (d.kind === 'lhs') x = latinHypercube(space, d.size, d.samplingSeed);
  else if (d.kind === 'saltelli')
    x = saltelliSample(space, d.size, { seed: d.samplingSeed, secondOrder: d.secondOrder }).x;
  else x = morrisSample(space, { trajectories: d.size, levels: d.morrisLevels, seed: d.samplingSeed }).x;
  const rows = x.length / k;
  const points: Level[][] = [];
  for (let r = 0; r < rows; r++)
    points.push(
      d.factors.map((f, j) => {
        const v = x[r * k + j] as number;
        return f.type === 'int' ? Math.round(v) : v;
      }),
    );
  return { points, space, x };
}

/** A hash of everything that decides the results file (design, points, seeds, output, workspace file). */
export function designHash(d: ExperimentDesign, e: ExpandedDesign): string {
  const h = createHash('sha256');
  h.update(
    JSON.stringify({
      base: d.base,
      kind: d.kind,
      factors: d.factors,
      size: d.size,
      samplingSeed: d.samplingSeed,
      secondOrder: d.secondOrder,
      morrisLevels: d.morrisLevels,
      seeds: d.seeds,
      output: d.output,
      points: e.points,
    }),
  );
  if (d.workspace) h.update(readFileSync(d.workspace));
  return h.digest('hex');
}
