import type { Knowledge } from '../domain/knowledge-base.ts';
import { GOVERNANCE_TYPES, type GovernanceType, POSITIONS, type PolicyLever } from '../domain/vocabulary.ts';
import { bundledKnowledge } from '../io/knowledge.ts';
import { type FirmTemplate, initPopulation } from './init.ts';
import { allocateState, type ClusterState, observe, S, SERIES_KEYS, type SeriesKey, step } from './model.ts';
import { type ClusterParams, defaultParams, positionValues, type ScalarId } from './params.ts';
import { seedKey } from './rng.ts';
import { wattsStrogatz } from './small-world.ts';

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

/** Parameters for a run: defaults from knowledge/abm, the chain's value shares, then the options. */
export function runParams(o: ClusterRunOptions, kb: Knowledge): ClusterParams {
  const segments =
    o.segments ??
    kb.chains.get(
      (() => {
        // the parameter file names the default chain preset
        return 'generic';
      })(),
    )?.segments;
  if (!segments) throw new Error('chain preset "generic" is missing from the knowledge base');
  const p = defaultParams(positionValues(segments, kb.coverage.coverage));
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

export function runCluster(o: ClusterRunOptions): ClusterRun {
  const kb = o.kb ?? bundledKnowledge();
  const p = runParams(o, kb);
  const c0 = o.timing ? cpuMs() : 0;
  const w0 = o.timing ? performance.now() : 0;
  const st = allocateState(o.firms, p, o.seed);
  const graph = wattsStrogatz(Math.max(3, o.firms), st.K, p.scalars.rewire, o.seed ^ 0x2545f491);
  // The parameter file's default governance for a cluster without a workspace: captive, "typical for
  // developing-country clusters" (Humphrey & Schmitz 2002; THEORY §2.4).
  initPopulation(st, p, graph, o.firms, o.templates, 'captive');
  if (o.dynamicsSeed !== undefined) st.key = seedKey(o.dynamicsSeed) ^ 0x6a09e667;
  const W = SERIES_KEYS.length;
  const keep = o.series !== false;
  const series = keep ? new Float64Array((o.steps + 1) * W) : null;
  const final = new Float64Array(W);
  observe(st, p, series ?? final, 0);
  const c1 = o.timing ? cpuMs() : 0;
  const w1 = o.timing ? performance.now() : 0;
  const ghs = kb.ghs;
  const events = [...(o.events ?? [])].sort((a, b) => a.step - b.step);
  let ev = 0;
  for (let t = 0; t < o.steps; t++) {
    while (ev < events.length && (events[ev] as ClusterEvent).step === t)
      applyEvent(st, p, events[ev++] as ClusterEvent);
    if (series) step(st, p, ghs, series, (t + 1) * W);
    else step(st, p, ghs);
  }
  if (series) final.set(series.subarray(o.steps * W, (o.steps + 1) * W));
  else observe(st, p, final, 0);
  const c2 = o.timing ? cpuMs() : 0;
  const w2 = o.timing ? performance.now() : 0;
  return {
    seed: o.seed,
    firms: o.firms,
    steps: o.steps,
    params: p,
    state: st,
    series,
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
  if (e.kind === 'scale-capabilities') {
    for (let i = 0; i < st.n; i++) {
      st.prod[i] = (st.prod[i] as number) * e.factor;
      st.design[i] = (st.design[i] as number) * e.factor;
    }
    return;
  }
  // cut-pipelines: gatekeepers lose their external ties, or as many random firms exit (ABM-NOTES §8.5).
  if (e.target === 'gatekeepers') {
    // The `count` local firms with external ties and the highest absorptive capacity.
    const idx: number[] = [];
    for (let i = 0; i < st.n; i++) if (st.alive[i] && st.local[i] && st.ext[i]) idx.push(i);
    idx.sort((a, b) => (st.absorb[b] as number) - (st.absorb[a] as number) || a - b);
    for (const i of idx.slice(0, e.count)) {
      st.ext[i] = 0;
      st.platform[i] = 0;
    }
    // Pipelines are not reopened during the experiment.
    p.scalars.pExtGain = 0;
    return;
  }
  let left = e.count;
  for (let i = 0; i < st.n && left > 0; i += 7) {
    const j = (i * 2654435761) % st.n;
    if (st.alive[j] && st.local[j] && !st.ext[j]) {
      st.alive[j] = 0;
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
