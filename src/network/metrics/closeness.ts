/**
 * Closeness and harmonic centrality.
 *
 * For node v, let r = number of other nodes at finite distance and S = sum of those distances, where
 * "distance" follows `mode`: `'in'` = d(u, v) (paths INTO v; networkx's convention on digraphs, igraph
 * `mode='in'`), `'out'` = d(v, u) (igraph `mode='out'`), `'all'` = directions ignored (the underlying
 * undirected graph, reciprocated weights summed). Undirected graphs give the same for every mode.
 *
 * Closeness (default `wf: true`, networkx default `wf_improved=True`):
 *   (r / S) · (r / (n − 1))   — Wasserman & Faust (1994) scaling: a node reaching few others scores low.
 * Closeness with `wf: false` (igraph `normalized=True`, networkx `wf_improved=False`):
 *   r / S   — the inverse mean distance to the nodes it can reach; 1/S with `normalized: false`
 *   (igraph `normalized=False`).
 * Both agree on connected graphs. A node reaching nobody (r = 0) scores 0, as networkx (igraph returns
 * NaN there).
 *
 * Harmonic centrality: Σ_{u ≠ v, reachable} 1 / d (networkx `harmonic_centrality`, igraph
 * `harmonic_centrality` unnormalised); `normalized: true` divides by n − 1 (igraph `normalized=True`).
 *
 * Weights are tie strengths; `weights` turns them into lengths (`'none'` hops, `'inverse'` 1/w,
 * `'distance'` w) as in `paths.ts`.
 */
import type { Graph } from '../graph.ts';
import { modeAdjacency, PathWorkspace, resetSearch, search, type WeightMode } from './paths.ts';

export type PathMode = 'in' | 'out' | 'all';

export interface ClosenessOptions {
  /** Which distances (default `'in'`, networkx's; irrelevant on undirected graphs). */
  mode?: PathMode;
  /** Wasserman–Faust scaling r/(n−1) (default true, networkx). False: igraph's reachable-only closeness. */
  wf?: boolean;
  /**
   * Only with `wf: false`: false gives igraph's raw 1/S instead of r/S (default true). Ignored when `wf`
   * is true (that value is normalised by construction).
   */
  normalized?: boolean;
  /** How tie strengths become lengths (default `'none'`). */
  weights?: WeightMode;
}

export function closeness(g: Graph, opts: ClosenessOptions = {}): Float64Array {
  const n = g.n;
  const a = modeAdjacency(g, opts.mode ?? 'in', opts.weights ?? 'none');
  const wf = opts.wf ?? true;
  const raw = !wf && opts.normalized === false;
  const ws = new PathWorkspace(n);
  const out = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const count = search(a, v, ws);
    let sum = 0;
    for (let i = 1; i < count; i++) sum += ws.dist[ws.order[i] as number] as number;
    resetSearch(a, ws, count);
    const r = count - 1;
    if (r === 0 || sum === 0) continue;
    if (raw) out[v] = 1 / sum;
    else {
      let c = r / sum;
      if (wf) c *= r / (n - 1);
      out[v] = c;
    }
  }
  return out;
}

export interface HarmonicOptions {
  /** Which distances (default `'in'`, networkx's; irrelevant on undirected graphs). */
  mode?: PathMode;
  /** How tie strengths become lengths (default `'none'`). */
  weights?: WeightMode;
  /** Divide by n − 1 (igraph `normalized=True`; default false, networkx). */
  normalized?: boolean;
}

export function harmonic(g: Graph, opts: HarmonicOptions = {}): Float64Array {
  const n = g.n;
  const a = modeAdjacency(g, opts.mode ?? 'in', opts.weights ?? 'none');
  const ws = new PathWorkspace(n);
  const out = new Float64Array(n);
  const scale = opts.normalized && n > 1 ? 1 / (n - 1) : 1;
  for (let v = 0; v < n; v++) {
    const count = search(a, v, ws);
    let sum = 0;
    for (let i = 1; i < count; i++) sum += 1 / (ws.dist[ws.order[i] as number] as number);
    resetSearch(a, ws, count);
    out[v] = sum * scale;
  }
  return out;
}
