import { availableParallelism } from 'node:os';
/**
 * A case under several governance types (`climb abm report --compare captive,market`): the same
 * population (a workspace's firms, or the default mix) and the same seeds under each type (common random
 * numbers, so differences are paired by seed), run on the shared worker pool with full series. Gives mean
 * series per type and, for the final step, means with 95 % CIs and paired differences against the first
 * type.
 */

import type { LocalizedText } from '../../domain/common.ts';
import type { Knowledge } from '../../domain/knowledge-base.ts';
import type { GovernanceType } from '../../domain/vocabulary.ts';
import { bundledKnowledge } from '../../io/knowledge.ts';
import { loadWorkspace } from '../../io/load-workspace.ts';
import { runPool } from '../../numeric/worker-pool.ts';
import type { RunSpec } from '../experiments/design.ts';
import { createExperimentRunner, type ExperimentChunk, type ExperimentInit } from '../experiments/task.ts';
import { meanCi } from '../facts.ts';
import { S, SERIES_KEYS, type SeriesKey } from '../model.ts';
import { runParams } from '../run.ts';
import { workspaceNetworkTemplate, workspaceSegments, workspaceTemplates } from '../workspace.ts';

/** Final-state measures compared (series keys, plus `upgraded` = ODM + OBM). */
export const MEASURES = [
  'OEA',
  'OEM',
  'ODM',
  'OBM',
  'upgraded',
  'production',
  'design',
  'rnd',
  'brand',
  'valueCapture',
  'localValueCapture',
  'margin',
  'reputation',
  'relocated',
  'localFirms',
] as const;
export type Measure = (typeof MEASURES)[number];

export interface Estimate {
  mean: number;
  ci: [number, number];
}

export interface GovernanceResult {
  governance: GovernanceType;
  /** Mean over seeds of each series value: (steps + 1) × SERIES_KEYS. */
  series: Float64Array;
  final: Record<Measure, Estimate>;
  /** Paired (same seed) difference from the first governance type; absent for the first. */
  diff?: Record<Measure, Estimate>;
}

export interface Comparison {
  workspace?: { id: string; name: LocalizedText };
  firms: number;
  steps: number;
  seeds: number[];
  results: GovernanceResult[];
}

export interface CompareOptions {
  governances: GovernanceType[];
  /** Resolved workspace file. */
  workspace?: string;
  firms: number;
  steps: number;
  seeds: number;
  firstSeed?: number;
  workers?: number;
  kb?: Knowledge;
}

/**
 * Worker threads a comparison uses when none are asked for: one below ABM_WORKER_FIRM_STEPS firm-steps in
 * all (measured on 2 cores: starting threads cost more than the default 500 firms × 100 steps × 20 runs),
 * else one per core up to the number of runs.
 */
export const ABM_WORKER_FIRM_STEPS = 10_000_000;
export function defaultCompareWorkers(runs: number, firms: number, steps: number): number {
  return runs * firms * steps >= ABM_WORKER_FIRM_STEPS ? Math.min(availableParallelism(), runs) : 1;
}

const measureOf = (row: Float64Array, o: number, m: Measure): number =>
  m === 'upgraded'
    ? (row[o + S.ODM] as number) + (row[o + S.OBM] as number)
    : (row[o + S[m as SeriesKey]] as number);

export async function compareGovernance(o: CompareOptions): Promise<Comparison> {
  const kb = o.kb ?? bundledKnowledge();
  let templates: ExperimentInit['templates'];
  let network: ExperimentInit['network'];
  let segments: ReturnType<typeof workspaceSegments>;
  let wsInfo: Comparison['workspace'];
  if (o.workspace) {
    const { workspace: ws } = loadWorkspace(o.workspace, kb);
    templates = workspaceTemplates(ws, kb);
    network = workspaceNetworkTemplate(ws, o.workspace);
    segments = workspaceSegments(ws, kb);
    wsInfo = { id: ws.id, name: ws.name };
  }
  const params = runParams(
    { firms: o.firms, steps: o.steps, seed: 0, ...(segments ? { segments } : {}) },
    kb,
  );
  const specs: RunSpec[] = o.governances.map((g) => ({
    firms: o.firms,
    steps: o.steps,
    governance: g,
    policy: {},
    scalars: {},
  }));
  const first = o.firstSeed ?? 1;
  const seeds = Array.from({ length: o.seeds }, (_, i) => first + i);
  const W = SERIES_KEYS.length;
  const width = (o.steps + 1) * W;
  const init: ExperimentInit = {
    params,
    ghs: kb.ghs,
    ...(templates ? { templates } : {}),
    ...(network ? { network } : {}),
    specs,
    seeds,
    runOffset: 0,
    rows: 'step',
    every: 1,
    columns: SERIES_KEYS.map((_, j) => j),
  };
  const runs = specs.length * seeds.length;
  const all = new Float64Array(runs * width);
  await runPool<ExperimentInit, ExperimentChunk>({
    entry: new URL(
      import.meta.url.endsWith('.ts') ? '../experiments/worker.ts' : '../experiments/worker.js',
      import.meta.url,
    ),
    create: createExperimentRunner,
    init,
    tasks: runs,
    chunk: 1,
    workers: o.workers ?? 1,
    name: 'ABM report worker',
    absorb: (c, r) => all.set(c.values, r.start * width),
  });
  const nS = seeds.length;
  const finalOff = o.steps * W;
  const results: GovernanceResult[] = o.governances.map((g, gi) => {
    const series = new Float64Array(width);
    for (let s = 0; s < nS; s++) {
      const base = (gi * nS + s) * width;
      for (let j = 0; j < width; j++) series[j] = (series[j] as number) + (all[base + j] as number) / nS;
    }
    const val = (gj: number, s: number, m: Measure) => measureOf(all, (gj * nS + s) * width + finalOff, m);
    const final = {} as Record<Measure, Estimate>;
    const diff = {} as Record<Measure, Estimate>;
    for (const m of MEASURES) {
      final[m] = meanCi(seeds.map((_, s) => val(gi, s, m)));
      if (gi > 0) diff[m] = meanCi(seeds.map((_, s) => val(gi, s, m) - val(0, s, m)));
    }
    return { governance: g, series, final, ...(gi > 0 ? { diff } : {}) };
  });
  return { ...(wsInfo ? { workspace: wsInfo } : {}), firms: o.firms, steps: o.steps, seeds, results };
}

/** A mean series of one governance result. */
export function seriesOf(r: GovernanceResult, steps: number, key: SeriesKey | 'upgraded'): Float64Array {
  const W = SERIES_KEYS.length;
  const out = new Float64Array(steps + 1);
  for (let t = 0; t <= steps; t++) out[t] = measureOf(r.series, t * W, key as Measure);
  return out;
}
