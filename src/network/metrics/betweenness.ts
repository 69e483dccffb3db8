/**
 * Betweenness centrality (Brandes 2001): for each node v, the sum over pairs (s, t), s ≠ v ≠ t, of the
 * share of shortest s–t paths that pass through v.
 *
 * Conventions (those of networkx and igraph, which agree — see docs/network-centrality.md):
 * - Directed graphs count ordered pairs; undirected graphs count each unordered pair ONCE (the
 *   per-source sums are halved).
 * - `normalized`: raw / ((n−1)(n−2)) for directed graphs, raw · 2 / ((n−1)(n−2)) for undirected ones
 *   (networkx `normalized=True`; igraph/R `normalized=TRUE`); unchanged when n ≤ 2.
 * - Disconnected graphs: unreachable pairs contribute nothing.
 * - Weights (tie strengths) become lengths by `weights`: `'none'` (hops, BFS), `'inverse'` (1/w),
 *   `'distance'` (w). Weighted lengths use Dijkstra, and two path lengths count as equal when they
 *   differ by at most `PATH_EPSILON` (1e-10) relatively, as igraph does. networkx compares float sums
 *   exactly, so with 1/w lengths it misses ties such as 1/3 + 1/6 vs 1/2; our results equal the
 *   mathematically exact values (networkx on integer lengths L/w, and igraph), not networkx's float ones.
 * - `sample = k < n`: only k distinct sources, drawn without replacement by a seeded generator
 *   (deterministic for a seed), and the result is scaled by n/k — an unbiased estimate of the exact value,
 *   as networkx's `k` option (networkx 2.8 omits the n/k factor for raw directed values; we do not).
 */
import type { Graph } from '../graph.ts';
import {
  type Adjacency,
  adjacency,
  dijkstra,
  PathWorkspace,
  resetDist,
  tight,
  type WeightMode,
} from './paths.ts';

export interface BetweennessOptions {
  /** How tie strengths become path lengths (default `'none'`: hop counts). */
  weights?: WeightMode;
  /** Divide by the number of pairs not involving the node (default false: raw pair counts). */
  normalized?: boolean;
  /** Use only this many source nodes (sampled) and scale by n/k; ≥ n means exact. */
  sample?: number;
  /** Seed for the source sample (default 0). */
  seed?: number;
}

export function betweenness(g: Graph, opts: BetweennessOptions = {}): Float64Array {
  const n = g.n;
  const a = adjacency(g, 'out', opts.weights ?? 'none');
  let sources: Int32Array | null = null;
  if (opts.sample !== undefined) {
    const k = opts.sample;
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`sample must be a positive integer, got ${k}`);
    if (k < n) sources = sampleSources(n, k, opts.seed ?? 0);
  }
  const bc = new Float64Array(n);
  const ws = new PathWorkspace(n);
  const sigma = new Float64Array(n);
  const delta = new Float64Array(n);
  const count = sources ? sources.length : n;
  for (let i = 0; i < count; i++) {
    const s = sources ? (sources[i] as number) : i;
    if (a.lengths) accumulateWeighted(a, s, ws, sigma, delta, bc);
    else accumulateHops(a, s, ws, sigma, delta, bc);
  }
  let scale = 1;
  if (opts.normalized) {
    if (n > 2) scale = 1 / ((n - 1) * (n - 2));
  } else if (!g.directed) scale = 0.5;
  if (sources) scale *= n / sources.length;
  if (scale !== 1) for (let v = 0; v < n; v++) bc[v] = (bc[v] as number) * scale;
  return bc;
}

/** One source of Brandes' algorithm with breadth-first search; adds the dependencies of s to `bc`. */
function accumulateHops(
  a: Adjacency,
  s: number,
  ws: PathWorkspace,
  sigma: Float64Array,
  delta: Float64Array,
  bc: Float64Array,
): void {
  const { offsets, targets } = a;
  const hops = ws.hops;
  const order = ws.order;
  hops[s] = 0;
  sigma[s] = 1;
  order[0] = s;
  let head = 0;
  let tail = 1;
  // Search and path counts in one pass: every predecessor of w is dequeued before w.
  while (head < tail) {
    const v = order[head++] as number;
    const next = (hops[v] as number) + 1;
    const sv = sigma[v] as number;
    const end = offsets[v + 1] as number;
    for (let p = offsets[v] as number; p < end; p++) {
      const w = targets[p] as number;
      const hw = hops[w] as number;
      if (hw < 0) {
        hops[w] = next;
        order[tail++] = w;
        sigma[w] = sv;
      } else if (hw === next) sigma[w] = (sigma[w] as number) + sv;
    }
  }
  // Dependencies in reverse visit order: delta[v] = sigma[v] · Σ_{successors w} (1 + delta[w]) / sigma[w].
  for (let i = tail - 1; i >= 0; i--) {
    const v = order[i] as number;
    const next = (hops[v] as number) + 1;
    let acc = 0;
    const end = offsets[v + 1] as number;
    for (let p = offsets[v] as number; p < end; p++) {
      const w = targets[p] as number;
      if (hops[w] === next) acc += (1 + (delta[w] as number)) / (sigma[w] as number);
    }
    const dv = (sigma[v] as number) * acc;
    delta[v] = dv;
    if (v !== s) bc[v] = (bc[v] as number) + dv;
  }
  for (let i = 0; i < tail; i++) {
    const v = order[i] as number;
    hops[v] = -1;
    sigma[v] = 0;
    delta[v] = 0;
  }
}

/**
 * One source of Brandes' algorithm with Dijkstra. Path counts and dependencies both follow the arcs that
 * are `tight` under the final distances, so ties are decided once, with one tolerance.
 */
function accumulateWeighted(
  a: Adjacency,
  s: number,
  ws: PathWorkspace,
  sigma: Float64Array,
  delta: Float64Array,
  bc: Float64Array,
): void {
  const { offsets, targets } = a;
  const lengths = a.lengths as Float64Array;
  const dist = ws.dist;
  const order = ws.order;
  const count = dijkstra(a, s, ws);
  sigma[s] = 1;
  for (let i = 0; i < count; i++) {
    const v = order[i] as number;
    const dv = dist[v] as number;
    const sv = sigma[v] as number;
    const end = offsets[v + 1] as number;
    for (let p = offsets[v] as number; p < end; p++) {
      const w = targets[p] as number;
      if (tight(dv, lengths[p] as number, dist[w] as number)) sigma[w] = (sigma[w] as number) + sv;
    }
  }
  for (let i = count - 1; i >= 0; i--) {
    const v = order[i] as number;
    const dv = dist[v] as number;
    let acc = 0;
    const end = offsets[v + 1] as number;
    for (let p = offsets[v] as number; p < end; p++) {
      const w = targets[p] as number;
      if (tight(dv, lengths[p] as number, dist[w] as number))
        acc += (1 + (delta[w] as number)) / (sigma[w] as number);
    }
    const d = (sigma[v] as number) * acc;
    delta[v] = d;
    if (v !== s) bc[v] = (bc[v] as number) + d;
  }
  for (let i = 0; i < count; i++) {
    const v = order[i] as number;
    sigma[v] = 0;
    delta[v] = 0;
  }
  resetDist(ws, count);
}

/**
 * k distinct node indices drawn uniformly without replacement (partial Fisher–Yates driven by
 * SplitMix32 from `seed`), returned in ascending order. The same (n, k, seed) always gives the same set.
 */
export function sampleSources(n: number, k: number, seed: number): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const next = splitmix32(seed);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(next() * (n - i));
    const t = perm[i] as number;
    perm[i] = perm[j] as number;
    perm[j] = t;
  }
  return perm.slice(0, k).sort();
}

/** SplitMix32: a small, well-mixed 32-bit generator; returns floats in [0, 1). */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 4294967296;
  };
}
