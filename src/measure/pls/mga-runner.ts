/**
 * The re-estimation tasks of the PLS multigroup analysis (mga.ts), run in this thread or in a worker
 * (mga-worker.ts). Kept apart from mga.ts so that a worker bundle carries no message catalogue.
 */
import { createLeanPlsEstimator, type InnerScheme, type PlsData } from './estimate.ts';
import type { PlsModel } from './model.ts';
import { counterStream } from './random.ts';

/** What a task runner (in this thread or a worker) needs. */
export interface MgaWorkerInit {
  data: PlsData;
  model: PlsModel;
  options: { scheme?: InnerScheme; missing?: 'mean' | 'listwise'; maxIter?: number; stopCriterion?: number };
  seed: number;
  /** Row indices of each usable group. */
  groupRows: Int32Array[];
  /** Pairs [a, b] of group indices. */
  pairs: [number, number][];
  resamples: number;
  permutations: number;
  /** Values per task: paths then loadings (lean layout). */
  Q: number;
}

export interface MgaTaskOutput {
  start: number;
  end: number;
  /** (end − start) × Q: a bootstrap estimate, or a permutation's differences A − B. */
  values: Float64Array;
  /** 0 converged, 1 not converged, 2 failed. */
  status: Uint8Array;
  messages: [number, string][];
}

/** A sub-seed for a purpose (1: bootstrap, 2: permutations) and an index, from the user's seed. */
export function subSeed(seed: number, purpose: number, index: number): number {
  const s = counterStream(seed, (0x80000000 + purpose * 0x100000 + index) >>> 0);
  return (s.uint32() & 0x1fffff) * 4294967296 + s.uint32();
}

/**
 * Task t < G·B is bootstrap resample t mod B of group ⌊t/B⌋; the next pairs·P tasks are permutation
 * t' mod P of pair ⌊t'/P⌋ (t' = t − G·B).
 */
export function createMgaRunner(init: MgaWorkerInit): (start: number, end: number) => MgaTaskOutput {
  const est = createLeanPlsEstimator(init.data, init.model, init.options);
  const { Q, resamples: B, permutations: P, groupRows, pairs, seed } = init;
  const G = groupRows.length;
  const buf = new Float64Array(est.size);
  const bufB = new Float64Array(est.size);
  const bootSeeds = groupRows.map((_, g) => subSeed(seed, 1, g));
  const permSeeds = pairs.map((_, k) => subSeed(seed, 2, k));
  const maxN = Math.max(...groupRows.map((r) => r.length));
  const rows = new Int32Array(maxN);
  const pooled = new Int32Array(2 * maxN);
  return (start, end) => {
    const values = new Float64Array((end - start) * Q);
    const status = new Uint8Array(end - start);
    const messages: [number, string][] = [];
    for (let t = start; t < end; t++) {
      const off = (t - start) * Q;
      try {
        let converged: boolean;
        if (t < G * B) {
          const g = Math.floor(t / B);
          const src = groupRows[g] as Int32Array;
          const n = src.length;
          const s = counterStream(bootSeeds[g] as number, t % B);
          const sub = rows.subarray(0, n);
          for (let i = 0; i < n; i++) sub[i] = src[s.int(n)] as number;
          converged = est.estimate(sub, buf, 0);
          for (let q = 0; q < Q; q++) values[off + q] = buf[q] as number;
        } else {
          const u = t - G * B;
          const k = Math.floor(u / P);
          const [a, b] = pairs[k] as [number, number];
          const ra = groupRows[a] as Int32Array;
          const rb = groupRows[b] as Int32Array;
          const nA = ra.length;
          const m = nA + rb.length;
          const all = pooled.subarray(0, m);
          all.set(ra, 0);
          all.set(rb, nA);
          // Partial Fisher–Yates: the first nA positions become group A.
          const s = counterStream(permSeeds[k] as number, u % P);
          for (let i = 0; i < nA; i++) {
            const j = i + s.int(m - i);
            const x = all[i] as number;
            all[i] = all[j] as number;
            all[j] = x;
          }
          const cA = est.estimate(all.subarray(0, nA), buf, 0);
          const cB = est.estimate(all.subarray(nA), bufB, 0);
          converged = cA && cB;
          for (let q = 0; q < Q; q++) values[off + q] = (buf[q] as number) - (bufB[q] as number);
        }
        status[t - start] = converged ? 0 : 1;
      } catch (e) {
        status[t - start] = 2;
        for (let q = 0; q < Q; q++) values[off + q] = Number.NaN;
        messages.push([t, e instanceof Error ? e.message : String(e)]);
      }
    }
    return { start, end, values, status, messages };
  };
}
