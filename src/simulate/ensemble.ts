/**
 * Ensembles over parameter uncertainty and batches of GUM runs, on worker_threads (issue 3 items 5–7).
 *
 * A job is a base constant vector plus either distributions (member m draws its constants from the
 * stream (seed, m), random.ts) or an explicit matrix of constant rows (sensitivity designs). Tasks are
 * member ranges; each result lands in its member's slot, so the output is bit-identical for any number of
 * workers. Workers compile the model once and integrate with the allocation-free `runInto`.
 */
import { extname } from 'node:path';
import { runPool, type TaskRange } from '../numeric/worker-pool.ts';
import type { CompiledSdModel } from '../sd/index.ts';
import { gumModel } from './gum.ts';
import { type Distribution, draw, memberStream, quantileSorted } from './random.ts';
import { GUM_DT } from './run.ts';

export interface BatchJob {
  base: Float64Array;
  members: number;
  /** Distributions by constant index, drawn in this order from the member's stream. */
  dists?: [number, Distribution][];
  seed?: number;
  /** Explicit rows: members × columns.length values for the constants at `columns`. */
  matrix?: Float64Array;
  columns?: Int32Array;
}

export interface BatchInit {
  jobs: BatchJob[];
  years: number;
  saveEvery: number;
  /** Variables written for every member (names of the model). */
  vars: string[];
}

export interface BatchChunk {
  job: number;
  start: number;
  end: number;
  /** (end − start) × saves × vars. */
  values: Float64Array;
}

export interface BatchProgress {
  done: number;
  total: number;
}

/** First task index of each job: tasks number the members of all jobs one after the other. */
function jobOffsets(jobs: readonly BatchJob[]): number[] {
  const offsets = [0];
  for (const j of jobs) offsets.push((offsets[offsets.length - 1] as number) + j.members);
  return offsets;
}

/**
 * Runs tasks [start, end) — members of one job, numbered across jobs (see jobOffsets) — into a fresh
 * array. A range never crosses jobs (runBatch hands out ranges per job).
 */
export function createBatchRunner(
  init: BatchInit,
  model: CompiledSdModel = gumModel(),
): (start: number, end: number) => BatchChunk {
  const offsets = jobOffsets(init.jobs);
  const vars = Int32Array.from(
    init.vars.map((v) => {
      const i = model.variableIndex(v);
      if (i < 0) throw new Error(`GUM model has no variable "${v}"`);
      return i;
    }),
  );
  const opts = { method: 'rk4' as const, dt: GUM_DT, start: 0, stop: init.years, saveEvery: init.saveEvery };
  const saves = model.saveCount(opts);
  const width = saves * vars.length;
  const c = new Float64Array(model.constantNames.length);
  return (taskStart, taskEnd) => {
    let job = 0;
    while ((offsets[job + 1] as number) <= taskStart) job++;
    const start = taskStart - (offsets[job] as number);
    const end = taskEnd - (offsets[job] as number);
    const j = init.jobs[job] as BatchJob;
    const values = new Float64Array((end - start) * width);
    for (let m = start; m < end; m++) {
      c.set(j.base);
      if (j.matrix && j.columns) {
        const k = j.columns.length;
        for (let q = 0; q < k; q++) c[j.columns[q] as number] = j.matrix[m * k + q] as number;
      } else if (j.dists && j.dists.length > 0) {
        const u = memberStream(j.seed ?? 42, m);
        for (const [i, d] of j.dists) c[i] = draw(d, u);
      }
      model.runInto(c, vars, values.subarray((m - start) * width, (m - start + 1) * width), opts);
    }
    return { job, start, end, values };
  };
}

/** Runs every member of every job; returns per job a members × saves × vars array. */
export async function runBatch(
  init: BatchInit,
  options: { workers?: number; onProgress?: (p: BatchProgress) => void } = {},
): Promise<{ saves: number; values: Float64Array[] }> {
  const model = gumModel();
  const opts = { method: 'rk4' as const, dt: GUM_DT, start: 0, stop: init.years, saveEvery: init.saveEvery };
  const saves = model.saveCount(opts);
  const width = saves * init.vars.length;
  const values = init.jobs.map((j) => new Float64Array(j.members * width));
  const total = init.jobs.reduce((a, j) => a + j.members, 0);
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  let done = 0;
  const absorb = (ch: BatchChunk) => {
    (values[ch.job] as Float64Array).set(ch.values, ch.start * width);
    done += ch.end - ch.start;
    options.onProgress?.({ done, total });
  };
  const tasks: TaskRange[] = [];
  const chunk = Math.max(1, Math.min(500, Math.ceil(total / (workers * 16))));
  const offsets = jobOffsets(init.jobs);
  init.jobs.forEach((j, job) => {
    const o = offsets[job] as number;
    for (let s = 0; s < j.members; s += chunk)
      tasks.push({ start: o + s, end: o + Math.min(j.members, s + chunk) });
  });
  await runPool({
    entry: new URL(`./ensemble-worker${extname(import.meta.url)}`, import.meta.url),
    create: (i: BatchInit) => createBatchRunner(i, i === init ? model : undefined),
    init,
    tasks,
    workers: tasks.length === 1 ? 1 : workers,
    absorb,
    name: 'GUM ensemble',
  });
  return { saves, values };
}

export interface Band {
  median: Float64Array;
  p5: Float64Array;
  p95: Float64Array;
}

/** Median and 5–95 % band of each variable at each save, over the members. */
export function bands(
  values: Float64Array,
  members: number,
  saves: number,
  vars: string[],
): Record<string, Band> {
  const out: Record<string, Band> = {};
  const col = new Float64Array(members);
  const V = vars.length;
  vars.forEach((name, v) => {
    const b: Band = {
      median: new Float64Array(saves),
      p5: new Float64Array(saves),
      p95: new Float64Array(saves),
    };
    for (let s = 0; s < saves; s++) {
      for (let m = 0; m < members; m++) col[m] = values[(m * saves + s) * V + v] as number;
      col.sort();
      b.median[s] = quantileSorted(col, 0.5);
      b.p5[s] = quantileSorted(col, 0.05);
      b.p95[s] = quantileSorted(col, 0.95);
    }
    out[name] = b;
  });
  return out;
}
