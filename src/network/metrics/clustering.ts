import type { Graph } from '../graph.ts';

/**
 * The simple undirected view of a graph as CSR rows (sorted by neighbour): u–v whenever u→v or v→u.
 * `weights` holds the summed weight of the arcs between the pair (w_uv + w_vu; for an undirected graph
 * the edge weight) and `arcs` how many arcs join them (1, or 2 for a reciprocated pair). This is the
 * view networkx and igraph use for the undirected metrics of a directed graph (it reproduces their
 * weighted results on cluster-200 exactly, and equals `toUndirected(g, 'sum')`).
 */
export interface Adjacency {
  n: number;
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
  arcs: Uint8Array;
}

export function undirectedAdjacency(g: Graph): Adjacency {
  const n = g.n;
  if (!g.directed)
    return {
      n,
      offsets: g.outOffsets,
      targets: g.outTargets,
      weights: g.outWeights,
      arcs: new Uint8Array(g.outTargets.length).fill(1),
    };
  const { outOffsets, outTargets, outWeights, inOffsets, inSources, inWeights } = g;
  const offsets = new Int32Array(n + 1);
  const cap = outTargets.length + inSources.length;
  const targets = new Int32Array(cap);
  const weights = new Float64Array(cap);
  const arcs = new Uint8Array(cap);
  let k = 0;
  for (let u = 0; u < n; u++) {
    let p = outOffsets[u] as number;
    const pe = outOffsets[u + 1] as number;
    let q = inOffsets[u] as number;
    const qe = inOffsets[u + 1] as number;
    while (p < pe || q < qe) {
      const a = p < pe ? (outTargets[p] as number) : 0x7fffffff;
      const b = q < qe ? (inSources[q] as number) : 0x7fffffff;
      if (a === b) {
        targets[k] = a;
        weights[k] = (outWeights[p] as number) + (inWeights[q] as number);
        arcs[k++] = 2;
        p++;
        q++;
      } else if (a < b) {
        targets[k] = a;
        weights[k] = outWeights[p] as number;
        arcs[k++] = 1;
        p++;
      } else {
        targets[k] = b;
        weights[k] = inWeights[q] as number;
        arcs[k++] = 1;
        q++;
      }
    }
    offsets[u + 1] = k;
  }
  return {
    n,
    offsets,
    targets: targets.slice(0, k),
    weights: weights.slice(0, k),
    arcs: arcs.slice(0, k),
  };
}

/** Per-node sums over the triangles through each node of the simple undirected view. */
interface TriangleSums {
  /** Triangles through v. */
  count: Float64Array;
  /** Σ over triangles (v, j, h) of w_vj + w_vh (Barrat). */
  barrat: Float64Array | null;
  /** Σ over triangles of (ŵ_vj ŵ_vh ŵ_jh)^(1/3), ŵ = w / max w (Onnela). */
  onnela: Float64Array | null;
  /** Σ over triangles of b_vj b_vh b_jh, b = number of arcs between the pair (Fagiolo). */
  directed: Float64Array | null;
}

/**
 * Enumerates every triangle once (the "forward" algorithm: nodes ranked by degree, each triangle found
 * from its lowest-ranked node along edges to higher-ranked ones), O(m^1.5), and accumulates the sums.
 */
function triangles(
  adj: Adjacency,
  want: { barrat?: boolean; onnela?: boolean; directed?: boolean },
): TriangleSums {
  const { n, offsets, targets, weights, arcs } = adj;
  // Rank by (degree, index) via a counting sort on degree.
  let maxDeg = 0;
  for (let v = 0; v < n; v++) {
    const d = (offsets[v + 1] as number) - (offsets[v] as number);
    if (d > maxDeg) maxDeg = d;
  }
  const start = new Int32Array(maxDeg + 2);
  for (let v = 0; v < n; v++) {
    const d = (offsets[v + 1] as number) - (offsets[v] as number);
    start[d + 1] = (start[d + 1] as number) + 1;
  }
  for (let d = 0; d <= maxDeg; d++) start[d + 1] = (start[d + 1] as number) + (start[d] as number);
  const rank = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const d = (offsets[v + 1] as number) - (offsets[v] as number);
    rank[v] = start[d] as number;
    start[d] = (start[d] as number) + 1;
  }
  // Forward adjacency: for each v, its neighbours of higher rank.
  const fOff = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    let c = 0;
    const rv = rank[v] as number;
    for (let p = offsets[v] as number, e = offsets[v + 1] as number; p < e; p++)
      if ((rank[targets[p] as number] as number) > rv) c++;
    fOff[v + 1] = (fOff[v] as number) + c;
  }
  const fTo = new Int32Array(fOff[n] as number);
  const fPos = new Int32Array(fOff[n] as number); // position of the edge in the full rows
  for (let v = 0; v < n; v++) {
    let k = fOff[v] as number;
    const rv = rank[v] as number;
    for (let p = offsets[v] as number, e = offsets[v + 1] as number; p < e; p++)
      if ((rank[targets[p] as number] as number) > rv) {
        fTo[k] = targets[p] as number;
        fPos[k++] = p;
      }
  }
  let maxW = 0;
  if (want.onnela)
    for (let p = 0; p < weights.length; p++) if ((weights[p] as number) > maxW) maxW = weights[p] as number;
  const count = new Float64Array(n);
  const barrat = want.barrat ? new Float64Array(n) : null;
  const onnela = want.onnela ? new Float64Array(n) : null;
  const directed = want.directed ? new Float64Array(n) : null;
  const mark = new Int32Array(n).fill(-1);
  const markPos = new Int32Array(n);
  for (let u = 0; u < n; u++) {
    const fs = fOff[u] as number;
    const fe = fOff[u + 1] as number;
    if (fe - fs < 2) continue;
    for (let k = fs; k < fe; k++) {
      const v = fTo[k] as number;
      mark[v] = u;
      markPos[v] = fPos[k] as number;
    }
    for (let k = fs; k < fe; k++) {
      const v = fTo[k] as number;
      const puv = fPos[k] as number;
      for (let l = fOff[v] as number, le = fOff[v + 1] as number; l < le; l++) {
        const x = fTo[l] as number;
        if (mark[x] !== u) continue;
        const pux = markPos[x] as number;
        const pvx = fPos[l] as number;
        count[u] = (count[u] as number) + 1;
        count[v] = (count[v] as number) + 1;
        count[x] = (count[x] as number) + 1;
        if (barrat) {
          const wuv = weights[puv] as number;
          const wux = weights[pux] as number;
          const wvx = weights[pvx] as number;
          barrat[u] = (barrat[u] as number) + wuv + wux;
          barrat[v] = (barrat[v] as number) + wuv + wvx;
          barrat[x] = (barrat[x] as number) + wux + wvx;
        }
        if (onnela) {
          const t = Math.cbrt(
            ((weights[puv] as number) / maxW) *
              ((weights[pux] as number) / maxW) *
              ((weights[pvx] as number) / maxW),
          );
          onnela[u] = (onnela[u] as number) + t;
          onnela[v] = (onnela[v] as number) + t;
          onnela[x] = (onnela[x] as number) + t;
        }
        if (directed) {
          const t = (arcs[puv] as number) * (arcs[pux] as number) * (arcs[pvx] as number);
          directed[u] = (directed[u] as number) + t;
          directed[v] = (directed[v] as number) + t;
          directed[x] = (directed[x] as number) + t;
        }
      }
    }
  }
  return { count, barrat, onnela, directed };
}

/**
 * Local clustering coefficient on the simple undirected view (direction and weights ignored): the share
 * of pairs of v's neighbours that are themselves tied, 2t / (k(k−1)); 0 when k < 2 (networkx; igraph
 * `transitivity_local_undirected(mode="zero")`; R igraph `transitivity(type="local", isolates="zero")`).
 */
export function localClustering(g: Graph): Float64Array {
  const adj = undirectedAdjacency(g);
  const { count } = triangles(adj, {});
  const out = new Float64Array(adj.n);
  for (let v = 0; v < adj.n; v++) {
    const k = (adj.offsets[v + 1] as number) - (adj.offsets[v] as number);
    out[v] = k < 2 ? 0 : (2 * (count[v] as number)) / (k * (k - 1));
  }
  return out;
}

/**
 * Barrat et al. (2004) weighted local clustering on the undirected view (igraph
 * `transitivity_local_undirected(weights=…)`, R igraph `transitivity(type="barrat")`):
 * c_v = Σ_{triangles v,j,h} (w_vj + w_vh) / (s_v (k_v − 1)); 0 when k < 2. For a directed graph the
 * weight of a reciprocated pair is the sum of both arcs (what igraph does). Unweighted graphs give the
 * unweighted coefficient.
 */
export function barratClustering(g: Graph): Float64Array {
  const adj = undirectedAdjacency(g);
  const { barrat } = triangles(adj, { barrat: true });
  const out = new Float64Array(adj.n);
  for (let v = 0; v < adj.n; v++) {
    const s0 = adj.offsets[v] as number;
    const s1 = adj.offsets[v + 1] as number;
    const k = s1 - s0;
    if (k < 2) continue;
    let s = 0;
    for (let p = s0; p < s1; p++) s += adj.weights[p] as number;
    out[v] = (barrat?.[v] as number) / (s * (k - 1));
  }
  return out;
}

/**
 * Onnela et al. (2005) weighted local clustering on the undirected view (networkx
 * `clustering(G, weight=…)` on an undirected graph): c_v = 2 Σ_{triangles} (ŵ_vj ŵ_vh ŵ_jh)^(1/3) /
 * (k_v (k_v − 1)), ŵ = w / max(w) over the whole graph; 0 when k < 2. For a directed graph the weight of
 * a reciprocated pair is the sum of both arcs (networkx on `to_undirected` with summed weights; this
 * reproduces the references).
 */
export function onnelaClustering(g: Graph): Float64Array {
  const adj = undirectedAdjacency(g);
  const { onnela } = triangles(adj, { onnela: true });
  const out = new Float64Array(adj.n);
  for (let v = 0; v < adj.n; v++) {
    const k = (adj.offsets[v + 1] as number) - (adj.offsets[v] as number);
    out[v] = k < 2 ? 0 : (2 * (onnela?.[v] as number)) / (k * (k - 1));
  }
  return out;
}

/**
 * Fagiolo (2007) directed clustering, unweighted (networkx `clustering` on a DiGraph): with B = A + Aᵀ,
 * c_v = (B³)_vv / (2 (d_v (d_v − 1) − 2 d↔_v)), d = in + out degree, d↔ = reciprocated pairs; 0 when the
 * denominator is 0. An undirected graph gives the ordinary local clustering.
 */
export function directedClustering(g: Graph): Float64Array {
  if (!g.directed) return localClustering(g);
  const adj = undirectedAdjacency(g);
  const { directed } = triangles(adj, { directed: true });
  const out = new Float64Array(adj.n);
  for (let v = 0; v < adj.n; v++) {
    const d =
      (g.outOffsets[v + 1] as number) -
      (g.outOffsets[v] as number) +
      (g.inOffsets[v + 1] as number) -
      (g.inOffsets[v] as number);
    let recip = 0;
    for (let p = adj.offsets[v] as number, e = adj.offsets[v + 1] as number; p < e; p++)
      if (adj.arcs[p] === 2) recip++;
    const denom = d * (d - 1) - 2 * recip;
    // (B³)_vv counts each triangle (v, j, h) twice (j, h in both orders): 2 Σ b_vj b_vh b_jh.
    out[v] = denom > 0 ? (2 * (directed?.[v] as number)) / (2 * denom) : 0;
  }
  return out;
}

/**
 * How to average local coefficients: 'count-zeros' = over all nodes (networkx `average_clustering`
 * default; igraph `transitivity_avglocal_undirected(mode="zero")`); 'exclude-low-degree' = over nodes
 * with at least two neighbours (igraph default mode="nan"; R igraph `transitivity(type="average")`);
 * 'exclude-zeros' = over nodes whose coefficient is not 0 (networkx `count_zeros=False`).
 */
export type AverageMode = 'count-zeros' | 'exclude-low-degree' | 'exclude-zeros';

/**
 * Mean of local coefficients (any of the functions above) under `mode`; degrees are those of the
 * simple undirected view. NaN when no node qualifies.
 */
export function averageClustering(g: Graph, local: Float64Array, mode: AverageMode = 'count-zeros'): number {
  let sum = 0;
  let count = 0;
  const adj = mode === 'exclude-low-degree' ? undirectedAdjacency(g) : null;
  for (let v = 0; v < g.n; v++) {
    const c = local[v] as number;
    if (mode === 'exclude-zeros' && c === 0) continue;
    if (adj && (adj.offsets[v + 1] as number) - (adj.offsets[v] as number) < 2) continue;
    sum += c;
    count++;
  }
  return count === 0 ? Number.NaN : sum / count;
}

/**
 * Global transitivity on the simple undirected view: 3 × triangles / connected triples (networkx
 * `transitivity`, igraph `transitivity_undirected`). 0 when there is no connected triple (networkx;
 * igraph gives NaN).
 */
export function transitivity(g: Graph): number {
  const adj = undirectedAdjacency(g);
  const { count } = triangles(adj, {});
  let closed = 0;
  let triples = 0;
  for (let v = 0; v < adj.n; v++) {
    const k = (adj.offsets[v + 1] as number) - (adj.offsets[v] as number);
    closed += count[v] as number;
    triples += (k * (k - 1)) / 2;
  }
  return triples === 0 ? 0 : closed / triples;
}
