import type { Graph } from '../network/graph.ts';
import { createRandom } from '../network/random.ts';
import { wattsStrogatz } from './small-world.ts';

/**
 * The reference "firm-learning" model of ABM-NOTES §4, the benchmark spec shared with the Mesa
 * implementation there: n firms on a Watts–Strogatz graph (k = 8, rewiring 0.1); capability c ~ U(0,1);
 * each step every firm is activated once, in a fresh random order (or in index order): with probability p
 * it learns from a random neighbour j (if c_j > c_i then c_i += rate·(c_j − c_i)), and, independently, with
 * probability q it innovates (c_i += size·U(0,1)). Updates are asynchronous (in place), as in Mesa's
 * `shuffle_do`. The mean and the maximum of c are recorded after every step.
 *
 * Random numbers: one xoshiro128** stream (src/numeric/xoshiro.ts via createRandom) seeded with `seed`
 * for the initial capabilities, the activation order and the firms' draws; the graph has its own stream
 * (seed + 1). Uniforms use 32 bits (u = uint32 / 2^32).
 */
export interface ReferenceOptions {
  firms: number;
  steps: number;
  seed: number;
  k?: number;
  rewire?: number;
  p?: number;
  q?: number;
  rate?: number;
  size?: number;
  order?: 'random' | 'index';
  /** A graph to reuse (must have `firms` nodes); otherwise one is generated from the seed. */
  graph?: Graph;
}

export interface ReferenceModel {
  graph: Graph;
  c: Float64Array;
  /** Runs `steps` steps, filling `mean` and `max` (length ≥ steps). */
  run(mean: Float64Array, max: Float64Array): void;
}

const U32 = 2.3283064365386963e-10;

export function referenceModel(o: ReferenceOptions): ReferenceModel {
  const n = o.firms;
  const graph = o.graph ?? wattsStrogatz(n, o.k ?? 8, o.rewire ?? 0.1, o.seed + 1);
  if (graph.n !== n) throw new RangeError(`the graph has ${graph.n} nodes, not ${n}`);
  const rng = createRandom(o.seed);
  const next = rng.uint32;
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) c[i] = next() * U32;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const p = o.p ?? 0.3;
  const q = o.q ?? 0.05;
  const rate = o.rate ?? 0.5;
  const size = o.size ?? 0.05;
  const shuffled = (o.order ?? 'random') === 'random';
  const off = graph.outOffsets;
  const nb = graph.outTargets;
  const run = (mean: Float64Array, max: Float64Array): void => {
    for (let t = 0; t < o.steps; t++) {
      if (shuffled) {
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(next() * U32 * (i + 1));
          const x = order[i] as number;
          order[i] = order[j] as number;
          order[j] = x;
        }
      }
      for (let a = 0; a < n; a++) {
        const i = order[a] as number;
        if (next() * U32 < p) {
          const lo = off[i] as number;
          const deg = (off[i + 1] as number) - lo;
          if (deg > 0) {
            const j = nb[lo + Math.floor(next() * U32 * deg)] as number;
            const cj = c[j] as number;
            const ci = c[i] as number;
            if (cj > ci) c[i] = ci + rate * (cj - ci);
          }
        }
        if (next() * U32 < q) c[i] = (c[i] as number) + size * next() * U32;
      }
      let s = 0;
      let mx = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < n; i++) {
        const v = c[i] as number;
        s += v;
        if (v > mx) mx = v;
      }
      mean[t] = s / n;
      max[t] = mx;
    }
  };
  return { graph, c, run };
}
