/**
 * The runs of an experiment as pool tasks (src/numeric/worker-pool.ts): task t is run `runOffset + t`,
 * i.e. design point ⌊run / seeds⌋ with seed seeds[run mod seeds]. Runs in a bundled worker; the parent
 * reads the knowledge base once and passes the base parameters, the GHS table and the workspace templates,
 * and each run goes through runCluster's own core (`runWithParams`, src/abm/run.ts), so a run here equals
 * `runCluster` with the same options and seed — test/abm/experiments.test.ts checks this.
 */
import type { GhsTable } from '../../domain/knowledge.ts';
import type { FirmTemplate } from '../init.ts';
import { S, SERIES_KEYS } from '../model.ts';
import type { ClusterParams } from '../params.ts';
import { runWithParams, withOptions } from '../run.ts';
import type { NetworkTemplate } from '../workspace.ts';
import type { RunSpec } from './design.ts';

/** Column code for the derived output `upgraded` (ODM + OBM share). */
export const UPGRADED = -1;

export interface ExperimentInit {
  /** Default parameters with the chain's value shares (runParams with no overrides). */
  params: ClusterParams;
  ghs: GhsTable;
  templates?: FirmTemplate[];
  /** Initial knowledge network from the workspace's network. */
  network?: NetworkTemplate;
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

/** The parameters of a run: what `runParams` (src/abm/run.ts) gives with the same options. */
export function paramsFor(base: ClusterParams, o: RunSpec): ClusterParams {
  return withOptions(base, o);
}

/** Runs one simulation into `series` ((steps + 1) × SERIES_KEYS at least): runCluster's own core. */
export function simulate(
  init: Pick<ExperimentInit, 'params' | 'ghs' | 'templates' | 'network'>,
  spec: RunSpec,
  seed: number,
  series: Float64Array,
): void {
  runWithParams(
    {
      ...spec,
      seed,
      ...(init.templates ? { templates: init.templates } : {}),
      ...(init.network ? { network: init.network } : {}),
    },
    paramsFor(init.params, spec),
    init.ghs,
    series,
  );
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
