/**
 * Shortest-path kernels shared by the centrality metrics (betweenness, closeness, harmonic) and the
 * path statistics of a graph (average shortest path and diameter of the largest component).
 *
 * Everything runs on the CSR arrays of `Graph`; per-source work reuses buffers the caller allocates
 * once (`PathWorkspace`), so the inner loops allocate nothing.
 *
 * Weights in `Graph` are tie strengths. Path metrics need lengths, and the caller says how to get them:
 * - `'none'`: every arc has length 1 (hop count; breadth-first search);
 * - `'inverse'`: length = 1 / weight (a strong tie is a short distance; Brandes 2001, Opsahl et al. 2010);
 * - `'distance'`: length = weight (the weight column already holds a distance or cost).
 * On an unweighted graph all three are the hop count.
 */
import { type Graph, toUndirected } from '../graph.ts';

export type WeightMode = 'none' | 'inverse' | 'distance';

/** Which arcs a traversal follows: out-arcs (distances from the source) or in-arcs (distances to it). */
export type Direction = 'out' | 'in';

/**
 * Relative tolerance under which two path lengths count as equal. Floating-point sums of the same
 * lengths taken in different orders differ by a few ulps (e.g. 1/3 + 1/6 vs 1/2), so comparing exactly
 * (as networkx does) splits true ties; 1e-10 is igraph's `IGRAPH_SHORTEST_PATH_EPSILON` and is far
 * above the rounding error of any realistic path (≈ hops × 1.1e-16) and far below any genuine
 * difference between integer-ratio weights.
 */
export const PATH_EPSILON = 1e-10;

/** The arrays a traversal walks: a CSR adjacency and its arc lengths (null = all 1). */
export interface Adjacency {
  readonly n: number;
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly lengths: Float64Array | null;
}

/** Arc lengths from tie strengths under a weight mode; null when every length is 1. */
export function arcLengths(weights: Float64Array, weighted: boolean, mode: WeightMode): Float64Array | null {
  if (!weighted || mode === 'none') return null;
  if (mode === 'distance') return weights;
  const out = new Float64Array(weights.length);
  for (let i = 0; i < weights.length; i++) out[i] = 1 / (weights[i] as number);
  return out;
}

/**
 * The adjacency a traversal follows. `'out'` walks arcs forwards (d(s, v)), `'in'` walks them backwards
 * (d(v, s)); on an undirected graph both are the same arrays.
 */
export function adjacency(g: Graph, direction: Direction, weights: WeightMode): Adjacency {
  const out = direction === 'out' || !g.directed;
  return {
    n: g.n,
    offsets: out ? g.outOffsets : g.inOffsets,
    targets: out ? g.outTargets : g.inSources,
    lengths: arcLengths(out ? g.outWeights : g.inWeights, g.weighted, weights),
  };
}

/**
 * The graph a metric with `mode` runs on: `'all'` ignores directions (the underlying undirected graph;
 * the weight of a reciprocated pair is the SUM of both arcs — `toUndirected(g, 'sum')` — which is what
 * the reference results for the directed cluster network use), `'in'` and `'out'` keep them.
 */
export function modeAdjacency(g: Graph, mode: 'in' | 'out' | 'all', weights: WeightMode): Adjacency {
  if (mode === 'all') return adjacency(toUndirected(g, 'sum'), 'out', weights);
  return adjacency(g, mode, weights);
}

/**
 * Buffers for one traversal at a time: distances, visit order and the heap. Allocate once per metric,
 * reuse for every source.
 */
export class PathWorkspace {
  readonly hops: Int32Array;
  readonly dist: Float64Array;
  readonly order: Int32Array;
  readonly heap: IndexedHeap;
  constructor(n: number) {
    this.hops = new Int32Array(n).fill(-1);
    this.dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.order = new Int32Array(n);
    this.heap = new IndexedHeap(n, this.dist);
  }
}

/**
 * Breadth-first search from `s`: `ws.hops[v]` = hop distance (−1 when unreachable), `ws.order` the
 * nodes in visit order (non-decreasing distance). Returns how many nodes were reached (s included).
 * The caller resets `hops` for the visited nodes (`resetHops`) before the next search.
 */
export function bfs(a: Adjacency, s: number, ws: PathWorkspace): number {
  const { offsets, targets } = a;
  const hops = ws.hops;
  const order = ws.order;
  hops[s] = 0;
  order[0] = s;
  let head = 0;
  let tail = 1;
  while (head < tail) {
    const v = order[head++] as number;
    const dv = (hops[v] as number) + 1;
    const end = offsets[v + 1] as number;
    for (let p = offsets[v] as number; p < end; p++) {
      const w = targets[p] as number;
      if ((hops[w] as number) < 0) {
        hops[w] = dv;
        order[tail++] = w;
      }
    }
  }
  return tail;
}

/** Marks the `count` nodes of the last search unvisited again. */
export function resetHops(ws: PathWorkspace, count: number): void {
  for (let i = 0; i < count; i++) ws.hops[ws.order[i] as number] = -1;
}

/**
 * Dijkstra's algorithm from `s` with a binary heap on typed arrays: `ws.dist[v]` = length of a shortest
 * path (Infinity when unreachable), `ws.order` the nodes in the order they were settled (non-decreasing
 * distance). Lengths must be positive. `dist[v]` is the smallest floating-point sum found, so for every
 * arc v→w, `dist[v] + len ≥ dist[w]` holds exactly. Returns how many nodes were settled; the caller
 * resets `dist` for them (`resetDist`).
 */
export function dijkstra(a: Adjacency, s: number, ws: PathWorkspace): number {
  const { offsets, targets } = a;
  const lengths = a.lengths as Float64Array;
  const dist = ws.dist;
  const order = ws.order;
  const heap = ws.heap;
  dist[s] = 0;
  heap.push(s);
  let settled = 0;
  while (heap.size > 0) {
    const v = heap.pop();
    order[settled++] = v;
    const dv = dist[v] as number;
    const end = offsets[v + 1] as number;
    for (let p = offsets[v] as number; p < end; p++) {
      const w = targets[p] as number;
      const nd = dv + (lengths[p] as number);
      const dw = dist[w] as number;
      if (nd < dw) {
        dist[w] = nd;
        if (dw === Number.POSITIVE_INFINITY) heap.push(w);
        else heap.decrease(w);
      }
    }
  }
  return settled;
}

/** Marks the `count` nodes of the last search unreached again. */
export function resetDist(ws: PathWorkspace, count: number): void {
  for (let i = 0; i < count; i++) ws.dist[ws.order[i] as number] = Number.POSITIVE_INFINITY;
}

/**
 * Whether arc v→w (length `len`) lies on a shortest path from the last Dijkstra source: dist[v] + len
 * equals dist[w] within the relative tolerance `PATH_EPSILON`. The strict `dist[v] < dist[w]` keeps the
 * tight arcs acyclic and consistent with the settle order.
 */
export function tight(dv: number, len: number, dw: number): boolean {
  return dv < dw && dv + len - dw <= PATH_EPSILON * dw;
}

/**
 * A binary min-heap of node indices keyed by an external distance array, with decrease-key. Positions
 * live in a typed array, so pushes and pops allocate nothing.
 */
export class IndexedHeap {
  private readonly items: Int32Array;
  private readonly pos: Int32Array;
  private readonly key: Float64Array;
  size = 0;
  constructor(n: number, key: Float64Array) {
    this.items = new Int32Array(n);
    this.pos = new Int32Array(n).fill(-1);
    this.key = key;
  }
  push(v: number): void {
    const i = this.size++;
    this.items[i] = v;
    this.pos[v] = i;
    this.up(i);
  }
  /** Restores the heap after `key[v]` decreased. */
  decrease(v: number): void {
    this.up(this.pos[v] as number);
  }
  pop(): number {
    const items = this.items;
    const top = items[0] as number;
    this.pos[top] = -1;
    const last = items[--this.size] as number;
    if (this.size > 0) {
      items[0] = last;
      this.pos[last] = 0;
      this.down(0);
    }
    return top;
  }
  private up(i: number): void {
    const { items, pos, key } = this;
    const v = items[i] as number;
    const kv = key[v] as number;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const u = items[parent] as number;
      if ((key[u] as number) <= kv) break;
      items[i] = u;
      pos[u] = i;
      i = parent;
    }
    items[i] = v;
    pos[v] = i;
  }
  private down(i: number): void {
    const { items, pos, key } = this;
    const size = this.size;
    const v = items[i] as number;
    const kv = key[v] as number;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      const r = c + 1;
      if (r < size && (key[items[r] as number] as number) < (key[items[c] as number] as number)) c = r;
      const u = items[c] as number;
      if ((key[u] as number) >= kv) break;
      items[i] = u;
      pos[u] = i;
      i = c;
    }
    items[i] = v;
    pos[v] = i;
  }
}

/**
 * Single-source distances as floats into `ws.dist`, whichever search the adjacency needs (BFS when all
 * lengths are 1). Returns the number of nodes reached; their indices are `ws.order[0…count)`. Call
 * `resetSearch` afterwards.
 */
export function search(a: Adjacency, s: number, ws: PathWorkspace): number {
  if (a.lengths) return dijkstra(a, s, ws);
  const count = bfs(a, s, ws);
  for (let i = 0; i < count; i++) {
    const v = ws.order[i] as number;
    ws.dist[v] = ws.hops[v] as number;
  }
  return count;
}

export function resetSearch(a: Adjacency, ws: PathWorkspace, count: number): void {
  if (!a.lengths) resetHops(ws, count);
  resetDist(ws, count);
}

export interface PathStatsOptions {
  /** How arc lengths are derived from weights (default `'none'`: hop counts, as the references). */
  weights?: WeightMode;
}

export interface PathStats {
  /** Nodes in the largest (weakly) connected component; the first such component when sizes tie. */
  largestComponentSize: number;
  /**
   * Mean shortest-path length over ordered pairs of distinct nodes in the largest component
   * (networkx `average_shortest_path_length` on that component). 0 when it has one node.
   */
  averageShortestPath: number;
  /** Longest shortest path in the largest component (networkx `diameter` on that component). */
  diameter: number;
  /**
   * Mean over every ordered pair that is connected, whatever its component (igraph
   * `average_path_length(unconn=True)`). 0 when no pair is connected.
   */
  averageShortestPathAll: number;
}

/**
 * Average shortest path and diameter of the largest component, plus igraph's all-components average.
 * Directions are ignored (a directed graph is read as its underlying undirected graph, weights of
 * reciprocated pairs summed), as the reference results do. Costs one search per node: O(n·m) unweighted.
 */
export function pathStats(g: Graph, opts: PathStatsOptions = {}): PathStats {
  const a = modeAdjacency(g, 'all', opts.weights ?? 'none');
  const n = g.n;
  const ws = new PathWorkspace(n);
  // Components by BFS on the undirected adjacency.
  const comp = new Int32Array(n).fill(-1);
  let best = -1;
  let bestSize = 0;
  let c = 0;
  const unit: Adjacency = { n, offsets: a.offsets, targets: a.targets, lengths: null };
  for (let s = 0; s < n; s++) {
    if ((comp[s] as number) >= 0) continue;
    const count = bfs(unit, s, ws);
    for (let i = 0; i < count; i++) comp[ws.order[i] as number] = c;
    resetHops(ws, count);
    if (count > bestSize) {
      bestSize = count;
      best = c;
    }
    c++;
  }
  let sumLargest = 0;
  let sumAll = 0;
  let pairsAll = 0;
  let diameter = 0;
  for (let s = 0; s < n; s++) {
    const count = search(a, s, ws);
    let sum = 0;
    let far = 0;
    for (let i = 1; i < count; i++) {
      const d = ws.dist[ws.order[i] as number] as number;
      sum += d;
      if (d > far) far = d;
    }
    resetSearch(a, ws, count);
    sumAll += sum;
    pairsAll += count - 1;
    if (comp[s] === best) {
      sumLargest += sum;
      if (far > diameter) diameter = far;
    }
  }
  return {
    largestComponentSize: bestSize,
    averageShortestPath: bestSize > 1 ? sumLargest / (bestSize * (bestSize - 1)) : 0,
    diameter,
    averageShortestPathAll: pairsAll > 0 ? sumAll / pairsAll : 0,
  };
}
