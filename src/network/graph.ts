/**
 * A compact graph in compressed sparse row (CSR) form on typed arrays: the one structure every network
 * metric reads. Nodes are 0…n−1; `ids` maps them back to the user's ids. Rows are sorted by neighbour
 * index, so algorithms can merge or binary-search neighbour lists.
 *
 * Undirected graphs store each edge in both endpoints' rows and share one array set for "out" and "in".
 * Directed graphs keep separate out- and in-adjacency. Weights are tie strengths (1 when unweighted);
 * metrics that need distances derive them (e.g. 1/w) and say so.
 */
export interface Graph {
  readonly n: number;
  /** Edges: arcs when directed, unordered pairs when undirected. */
  readonly m: number;
  readonly directed: boolean;
  readonly weighted: boolean;
  readonly ids: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly outOffsets: Int32Array;
  readonly outTargets: Int32Array;
  readonly outWeights: Float64Array;
  readonly inOffsets: Int32Array;
  readonly inSources: Int32Array;
  readonly inWeights: Float64Array;
}

/** An edge list on typed arrays (node indices), as importers produce it. */
export interface EdgeList {
  source: Int32Array;
  target: Int32Array;
  /** Null when the graph is unweighted (all weights 1). */
  weight: Float64Array | null;
}

/**
 * Builds a CSR graph. The edge list must hold no self-loops and no duplicate edges (importers resolve
 * those and report the policy they applied); for undirected graphs (u, v) and (v, u) are the same edge.
 */
export function buildGraph(ids: readonly string[], edges: EdgeList, directed: boolean): Graph {
  const n = ids.length;
  const m = edges.source.length;
  const w = edges.weight;
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    index.set(id, i);
  });
  if (directed) {
    const out = csr(n, edges.source, edges.target, w);
    const inn = csr(n, edges.target, edges.source, w);
    return {
      n,
      m,
      directed,
      weighted: w !== null,
      ids,
      index,
      outOffsets: out.offsets,
      outTargets: out.neighbours,
      outWeights: out.weights,
      inOffsets: inn.offsets,
      inSources: inn.neighbours,
      inWeights: inn.weights,
    };
  }
  // Undirected: each edge in both rows.
  const from = new Int32Array(2 * m);
  const to = new Int32Array(2 * m);
  const ww = w ? new Float64Array(2 * m) : null;
  for (let e = 0; e < m; e++) {
    const u = edges.source[e] as number;
    const v = edges.target[e] as number;
    from[2 * e] = u;
    to[2 * e] = v;
    from[2 * e + 1] = v;
    to[2 * e + 1] = u;
    if (ww && w) {
      ww[2 * e] = w[e] as number;
      ww[2 * e + 1] = w[e] as number;
    }
  }
  const adj = csr(n, from, to, ww);
  return {
    n,
    m,
    directed,
    weighted: w !== null,
    ids,
    index,
    outOffsets: adj.offsets,
    outTargets: adj.neighbours,
    outWeights: adj.weights,
    inOffsets: adj.offsets,
    inSources: adj.neighbours,
    inWeights: adj.weights,
  };
}

/** Counting sort of (row, col, weight) triples into CSR with each row sorted by column. */
function csr(
  n: number,
  row: Int32Array,
  col: Int32Array,
  weight: Float64Array | null,
): { offsets: Int32Array; neighbours: Int32Array; weights: Float64Array } {
  const k = row.length;
  // Sort by column first (stable counting sort), then by row: rows end up sorted by column.
  const byCol = countingOrder(n, col, null);
  const order = countingOrder(n, row, byCol);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < k; i++) {
    const r = (row[i] as number) + 1;
    offsets[r] = (offsets[r] as number) + 1;
  }
  for (let v = 0; v < n; v++) offsets[v + 1] = (offsets[v + 1] as number) + (offsets[v] as number);
  const neighbours = new Int32Array(k);
  const weights = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const e = order[i] as number;
    neighbours[i] = col[e] as number;
    weights[i] = weight ? (weight[e] as number) : 1;
  }
  return { offsets, neighbours, weights };
}

/** Stable counting sort of positions by key; `within` gives the order to keep among equal keys. */
export function countingOrder(n: number, key: Int32Array, within: Int32Array | null): Int32Array {
  const k = key.length;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < k; i++) {
    const r = (key[i] as number) + 1;
    start[r] = (start[r] as number) + 1;
  }
  for (let v = 0; v < n; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
  const out = new Int32Array(k);
  for (let j = 0; j < k; j++) {
    const i = within ? (within[j] as number) : j;
    const slot = key[i] as number;
    out[start[slot] as number] = i;
    start[slot] = (start[slot] as number) + 1;
  }
  return out;
}

export function outDegree(g: Graph, v: number): number {
  return (g.outOffsets[v + 1] as number) - (g.outOffsets[v] as number);
}

export function inDegree(g: Graph, v: number): number {
  return (g.inOffsets[v + 1] as number) - (g.inOffsets[v] as number);
}

/** Index of the arc u→v in the out-adjacency arrays, or −1 (binary search in u's sorted row). */
export function findArc(g: Graph, u: number, v: number): number {
  let lo = g.outOffsets[u] as number;
  let hi = (g.outOffsets[u + 1] as number) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const t = g.outTargets[mid] as number;
    if (t === v) return mid;
    if (t < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The undirected graph underlying a directed one: u–v whenever u→v or v→u. The weight of a reciprocated
 * pair is combined by `combine` ('sum' of both arcs, 'max', or 'mean'); the choice is the caller's
 * documented convention. An undirected graph is returned as it is.
 */
export function toUndirected(g: Graph, combine: 'sum' | 'max' | 'mean' = 'sum'): Graph {
  if (!g.directed) return g;
  const src: number[] = [];
  const dst: number[] = [];
  const wt: number[] = [];
  for (let u = 0; u < g.n; u++) {
    for (let p = g.outOffsets[u] as number; p < (g.outOffsets[u + 1] as number); p++) {
      const v = g.outTargets[p] as number;
      const w = g.outWeights[p] as number;
      const back = findArc(g, v, u);
      if (back >= 0) {
        if (v < u) continue; // the pair is emitted once, from its smaller endpoint
        const wb = g.outWeights[back] as number;
        src.push(u);
        dst.push(v);
        wt.push(combine === 'sum' ? w + wb : combine === 'max' ? Math.max(w, wb) : (w + wb) / 2);
      } else {
        src.push(u);
        dst.push(v);
        wt.push(w);
      }
    }
  }
  return buildGraph(
    g.ids,
    {
      source: Int32Array.from(src),
      target: Int32Array.from(dst),
      weight: g.weighted ? Float64Array.from(wt) : null,
    },
    false,
  );
}
