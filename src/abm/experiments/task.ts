/**
 * The runs of an experiment as pool tasks (src/numeric/worker-pool.ts): task t is run `runOffset + t`,
 * i.e. design point ⌊run / seeds⌋ with seed seeds[run mod seeds]. Runs in a bundled worker, so it imports
 * only the model core (no knowledge files): the parent passes the base parameters, the GHS table and the
 * workspace templates. A run here equals `runCluster` (src/abm/run.ts) with the same options and seed —
 * test/abm/experiments.test.ts checks this.
 */
import type { GhsTable } from '../../domain/knowledge.ts';
import type { FirmTemplate } from '../init.ts';
import { initPopulation } from '../init.ts';
import { allocateState, observe, S, SERIES_KEYS, step } from '../model.ts';
import type { ClusterParams } from '../params.ts';
import { wattsStrogatz } from '../small-world.ts';
import type { RunSpec } from './design.ts';

/** Column code for the derived output `upgraded` (ODM + OBM share). */
export const UPGRADED = -1;

export interface ExperimentInit {
  /** Default parameters with the chain's value shares (runParams with no overrides). */
  params: ClusterParams;
  ghs: GhsTable;
  templates?: FirmTemplate[];
  /** Run options per design point. */
  specs: RunSpec[];
  seeds: number[];
  /** Run index of task 0 (resumed experiments skip the finished runs). */
  runOffset: number;
  rows: 'run' | 'step';
  every: number;
  /** Series column per output (SERIES_KEYS index, or UPGRADED). */
  columns: number[];
}

export interface ExperimentChunk {
  /** Per run of the range, its rows × columns values, concatenated in run order. */
  values: Float64Array;
}

/** The steps written for a run in 'step' mode: 0, every, 2·every, …, and always the last. */
export function stepRows(steps: number, every: number): number[] {
  const out: number[] = [];
  for (let t = 0; t <= steps; t += every) out.push(t);
  if (out[out.length - 1] !== steps) out.push(steps);
  return out;
}

export function rowsOfRun(init: Pick<ExperimentInit, 'rows' | 'every'>, spec: RunSpec): number {
  return init.rows === 'run' ? 1 : stepRows(spec.steps, init.every).length;
}

/** The parameters of a run: what `runParams` (src/abm/run.ts) does with the same options. */
export function paramsFor(base: ClusterParams, o: RunSpec): ClusterParams {
  const p = structuredClone(base);
  for (const [k, v] of Object.entries(o.scalars))
    if (v !== undefined) p.scalars[k as keyof typeof p.scalars] = v;
  if (o.domesticShare !== undefined) p.scalars.domShare = o.domesticShare;
  if (Object.keys(o.policy).length > 0) p.policy = { ...o.policy };
  if (o.governance)
    p.governance = o.coevolve
      ? { kind: 'coevolve', initial: o.governance }
      : { kind: 'fixed', type: o.governance };
  return p;
}

/** Runs one simulation into `series` ((steps + 1) × SERIES_KEYS); as runCluster. */
export function simulate(
  init: Pick<ExperimentInit, 'params' | 'ghs' | 'templates'>,
  spec: RunSpec,
  seed: number,
  series: Float64Array,
): void {
  const p = paramsFor(init.params, spec);
  const st = allocateState(spec.firms, p, seed);
  const graph = wattsStrogatz(Math.max(3, spec.firms), st.K, p.scalars.rewire, seed ^ 0x2545f491);
  initPopulation(st, p, graph, spec.firms, init.templates, 'captive');
  const W = SERIES_KEYS.length;
  observe(st, p, series, 0);
  for (let t = 0; t < spec.steps; t++) step(st, p, init.ghs, series, (t + 1) * W);
}

export function createExperimentRunner(
  init: ExperimentInit,
): (start: number, end: number) => ExperimentChunk {
  const W = SERIES_KEYS.length;
  const C = init.columns.length;
  const nSeeds = init.seeds.length;
  let series = new Float64Array(0);
  const odm = S.ODM;
  const obm = S.OBM;
  return (start, end) => {
    const rows: number[][] = [];
    let total = 0;
    for (let t = start; t < end; t++) {
      const run = init.runOffset + t;
      const spec = init.specs[Math.floor(run / nSeeds)] as RunSpec;
      const r = init.rows === 'run' ? [spec.steps] : stepRows(spec.steps, init.every);
      rows.push(r);
      total += r.length;
    }
    const values = new Float64Array(total * C);
    let o = 0;
    for (let t = start; t < end; t++) {
      const run = init.runOffset + t;
      const spec = init.specs[Math.floor(run / nSeeds)] as RunSpec;
      const need = (spec.steps + 1) * W;
      if (series.length < need) series = new Float64Array(need);
      simulate(init, spec, init.seeds[run % nSeeds] as number, series);
      for (const row of rows[t - start] as number[]) {
        const b = row * W;
        for (let c = 0; c < C; c++) {
          const j = init.columns[c] as number;
          values[o++] =
            j === UPGRADED
              ? (series[b + odm] as number) + (series[b + obm] as number)
              : (series[b + j] as number);
        }
      }
    }
    return { values };
  };
}
