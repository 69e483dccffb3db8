import type { GhsTable } from '../domain/knowledge.ts';
import type { Knowledge } from '../domain/knowledge-base.ts';
import { GOVERNANCE_TYPES, type GovernanceType, POSITIONS, type PolicyLever } from '../domain/vocabulary.ts';
import { bundledKnowledge } from '../io/knowledge.ts';
import { type FirmTemplate, initPopulation } from './init.ts';
import {
  allocateState,
  type ClusterState,
  F_ABSORB,
  F_DESIGN,
  F_PROD,
  FS,
  observe,
  removeFirm,
  S,
  SERIES_KEYS,
  type SeriesKey,
  step,
  U_ALIVE,
  U_EXT,
  U_LOCAL,
  U_PLATFORM,
  US,
} from './model.ts';
import { type ClusterParams, defaultParams, positionValues, type ScalarId } from './params.ts';
import { seedKey } from './rng.ts';
import { smallWorldAdjacency } from './small-world.ts';
import type { NetworkTemplate } from './workspace.ts';

export interface ClusterRunOptions {
  firms: number;
  steps: number;
  seed: number;
  /**
   * Seed of the dynamics only: the initial population (and network) come from `seed`, the draws of the
   * steps from this one — the same initial cluster with another history (path dependence, fact 10).
   */
  dynamicsSeed?: number;
  /** Holds every buyer at this type; with `coevolve`, it is only the starting type. */
  governance?: GovernanceType;
  coevolve?: boolean;
  /** Mean initial domestic-market share (overrides the parameter `domShare`). */
  domesticShare?: number;
  policy?: Partial<Record<PolicyLever, number>>;
  /** Parameter overrides. */
  scalars?: Partial<Record<ScalarId, number>>;
  /** Initial population from a workspace (see src/abm/workspace.ts). */
  templates?: readonly FirmTemplate[];
  /** Initial knowledge network cloned from a workspace network (src/abm/workspace.ts `networkTemplate`). */
  network?: NetworkTemplate;
  /** Chain segments for the smile-curve value shares (default: the parameter file's chain preset). */
  segments?: readonly { function: string; valueShare: number }[];
  /** Measure CPU and wall time of initialisation and of the steps. */
  timing?: boolean;
  /** Keep per-step series (default true). */
  series?: boolean;
  /** Interventions at given steps (experiments). */
  events?: readonly ClusterEvent[];
  kb?: Knowledge;
}

/** An intervention applied before the given step. */
export type ClusterEvent =
  | { step: number; kind: 'scale-capabilities'; factor: number }
  | { step: number; kind: 'cut-pipelines'; count: number; target: 'gatekeepers' | 'random-firms' }
  | { step: number; kind: 'set-scalar'; id: ScalarId; value: number };

export interface ClusterRun {
  seed: number;
  firms: number;
  steps: number;
  params: ClusterParams;
  state: ClusterState;
  /** (steps + 1) rows × SERIES_KEYS columns, row 0 the initial state. */
  series: Float64Array | null;
  final: Float64Array;
  timing?: { initCpuMs: number; stepsCpuMs: number; initWallMs: number; stepsWallMs: number };
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The options of a run that change parameters. */
export type ParameterOptions = Pick<
  ClusterRunOptions,
  'governance' | 'coevolve' | 'domesticShare' | 'policy' | 'scalars'
>;

/** A copy of `base` with a run's parameter options applied (`base` is not changed). */
export function withOptions(base: ClusterParams, o: ParameterOptions): ClusterParams {
  const p = structuredClone(base);
  if (o.scalars)
    for (const [k, v] of Object.entries(o.scalars)) if (v !== undefined) p.scalars[k as ScalarId] = v;
  if (o.domesticShare !== undefined) p.scalars.domShare = o.domesticShare;
  if (o.policy) p.policy = { ...o.policy };
  if (o.governance)
    p.governance = o.coevolve
      ? { kind: 'coevolve', initial: o.governance }
      : { kind: 'fixed', type: o.governance };
  return p;
}

/** Base parameters of a run: defaults from knowledge/abm with the chain's value shares, no options. */
export function baseParams(o: Pick<ClusterRunOptions, 'segments'>, kb: Knowledge): ClusterParams {
  // The parameter file names the default chain preset.
  const segments = o.segments ?? kb.chains.get('generic')?.segments;
  if (!segments) throw new Error('chain preset "generic" is missing from the knowledge base');
  return defaultParams(positionValues(segments, kb.coverage.coverage));
}

/** Parameters for a run: defaults from knowledge/abm, the chain's value shares, then the options. */
export function runParams(o: ClusterRunOptions, kb: Knowledge): ClusterParams {
  return withOptions(baseParams(o, kb), o);
}

export function runCluster(o: ClusterRunOptions): ClusterRun {
  const kb = o.kb ?? bundledKnowledge();
  return runWithParams(o, runParams(o, kb), kb.ghs);
}

/**
 * The core of a run from ready parameters (`runParams`), without the knowledge base: runCluster and the
 * experiment workers (src/abm/experiments/task.ts) both run through it. `series`, when given, receives the
 * per-step rows (it may be longer than needed; it is reused across runs), and the options' `series` flag is
 * then ignored. `p` is used (and changed by events) as it is.
 */
export function runWithParams(
  o: Omit<ClusterRunOptions, 'kb' | 'segments'>,
  p: ClusterParams,
  ghs: GhsTable | undefined,
  series?: Float64Array,
): ClusterRun {
  const c0 = o.timing ? cpuMs() : 0;
  const w0 = o.timing ? performance.now() : 0;
  const st = allocateState(o.firms, p, o.seed);
  const graph = smallWorldAdjacency(Math.max(3, o.firms), st.K, p.scalars.rewire, o.seed ^ 0x2545f491);
  // The parameter file's default governance for a cluster without a workspace: captive, "typical for
  // developing-country clusters" (Humphrey & Schmitz 2002; THEORY §2.4).
  initPopulation(st, p, graph, o.firms, o.templates, 'captive', o.network);
  if (o.dynamicsSeed !== undefined) st.key = seedKey(o.dynamicsSeed) ^ 0x6a09e667;
  const W = SERIES_KEYS.length;
  const rows = series ?? (o.series !== false ? new Float64Array((o.steps + 1) * W) : null);
  if (rows && rows.length < (o.steps + 1) * W) throw new RangeError('the series buffer is too short');
  const final = new Float64Array(W);
  observe(st, p, rows ?? final, 0);
  const c1 = o.timing ? cpuMs() : 0;
  const w1 = o.timing ? performance.now() : 0;
  const events = [...(o.events ?? [])].sort((a, b) => a.step - b.step);
  let ev = 0;
  for (let t = 0; t < o.steps; t++) {
    while (ev < events.length && (events[ev] as ClusterEvent).step === t)
      applyEvent(st, p, events[ev++] as ClusterEvent);
    if (rows) step(st, p, ghs, rows, (t + 1) * W);
    else step(st, p, ghs);
  }
  if (rows) final.set(rows.subarray(o.steps * W, (o.steps + 1) * W));
  else observe(st, p, final, 0);
  const c2 = o.timing ? cpuMs() : 0;
  const w2 = o.timing ? performance.now() : 0;
  return {
    seed: o.seed,
    firms: o.firms,
    steps: o.steps,
    params: p,
    state: st,
    series: rows,
    final,
    ...(o.timing
      ? { timing: { initCpuMs: c1 - c0, stepsCpuMs: c2 - c1, initWallMs: w1 - w0, stepsWallMs: w2 - w1 } }
      : {}),
  };
}

function applyEvent(st: ClusterState, p: ClusterParams, e: ClusterEvent): void {
  // The start-of-step aggregates are recomputed before the next step.
  st.aggStale = true;
  if (e.kind === 'set-scalar') {
    p.scalars[e.id] = e.value;
    return;
  }
  const { f, u, cur } = st;
  if (e.kind === 'scale-capabilities') {
    for (let i = 0; i < st.n; i++) {
      if (u[i * US + U_ALIVE] !== 1) continue;
      const fc = i * FS + cur;
      f[fc + F_PROD] = (f[fc + F_PROD] as number) * e.factor;
      f[fc + F_DESIGN] = (f[fc + F_DESIGN] as number) * e.factor;
    }
    return;
  }
  const ok = (i: number) => u[i * US + U_ALIVE] === 1 && u[i * US + U_LOCAL] === 1;
  // cut-pipelines: gatekeepers lose their external ties, or as many random firms exit (ABM-NOTES §8.5).
  if (e.target === 'gatekeepers') {
    // The `count` local firms with external ties and the highest absorptive capacity.
    const idx: number[] = [];
    for (let i = 0; i < st.n; i++) if (ok(i) && u[i * US + U_EXT]) idx.push(i);
    const absorb = (i: number) => f[i * FS + F_ABSORB] as number;
    idx.sort((a, b) => absorb(b) - absorb(a) || a - b);
    for (const i of idx.slice(0, e.count)) {
      u[i * US + U_EXT] = 0;
      u[i * US + U_PLATFORM] = 0;
    }
    // Pipelines are not reopened during the experiment.
    p.scalars.pExtGain = 0;
    return;
  }
  let left = e.count;
  for (let i = 0; i < st.n && left > 0; i += 7) {
    const j = (i * 2654435761) % st.n;
    if (ok(j) && !u[j * US + U_EXT]) {
      removeFirm(st, j);
      left--;
    }
  }
  p.scalars.pExtGain = 0;
}

/** A series value of a run at a row. */
export function at(run: ClusterRun, row: number, key: SeriesKey): number {
  const W = SERIES_KEYS.length;
  const src = run.series ?? run.final;
  const r = run.series ? row : 0;
  return src[r * W + S[key]] as number;
}

const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;

/** The JSON document of `climb abm run`. */
export function runJson(run: ClusterRun, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const f = (k: SeriesKey) => round(run.final[S[k]] as number);
  const W = SERIES_KEYS.length;
  const series: Record<string, number>[] = [];
  if (run.series)
    for (let r = 0; r <= run.steps; r++) {
      const row: Record<string, number> = {};
      SERIES_KEYS.forEach((k, j) => {
        row[k] = round(run.series?.[r * W + j] as number);
      });
      series.push(row);
    }
  return {
    model: 'climb-abm-cluster',
    version: 1,
    seed: run.seed,
    firms: run.firms,
    steps: run.steps,
    ...extra,
    parameters: {
      governance: run.params.governance,
      policy: run.params.policy,
      positionValue: run.params.positionValue.map((x) => round(x)),
      manufacturingValue: run.params.manufacturingValue.map((x) => round(x)),
      scalars: run.params.scalars,
      byGovernance: run.params.byGovernance,
      byPosition: run.params.byPosition,
    },
    final: {
      firms: f('firms'),
      localFirms: f('localFirms'),
      positions: Object.fromEntries(POSITIONS.map((p) => [p, f(p)])),
      capabilities: { production: f('production'), design: f('design'), rnd: f('rnd'), brand: f('brand') },
      valueCapture: f('valueCapture'),
      localValueCapture: f('localValueCapture'),
      margin: f('margin'),
      reputation: f('reputation'),
      relocated: f('relocated'),
      domesticShare: f('domesticShare'),
      gatekeepers: f('gatekeepers'),
      governance: Object.fromEntries(GOVERNANCE_TYPES.map((g) => [g, f(g)])),
      movesUp: f('movesUp'),
    },
    series,
  };
}

/** Tidy CSV: one row per step, SERIES_KEYS columns. */
export function runCsv(run: ClusterRun): string {
  const W = SERIES_KEYS.length;
  const lines = [['seed', ...SERIES_KEYS].join(',')];
  const src = run.series ?? run.final;
  const rows = run.series ? run.steps + 1 : 1;
  for (let r = 0; r < rows; r++) {
    const cells = [String(run.seed)];
    for (let j = 0; j < W; j++) cells.push(String(round(src[r * W + j] as number)));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}
