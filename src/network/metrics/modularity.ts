import type { Graph } from '../graph.ts';

export interface ModularityOptions {
  /** Use tie strengths (default: `g.weighted`); otherwise every edge counts 1. */
  weighted?: boolean;
  /** Resolution γ (default 1). */
  resolution?: number;
}

/**
 * Modularity of a partition (labels: any non-negative integers, one per node).
 * Undirected (Newman 2004): Q = Σ_c [ L_c / m − γ (d_c / 2m)² ], L_c the weight inside c, d_c its total
 * degree (strength), m the total weight.
 * Directed (Leicht & Newman 2008; networkx, igraph and graphology on directed graphs):
 * Q = Σ_c [ L_c / m − γ d⁺_c d⁻_c / m² ] with out- and in-strengths.
 * For the undirected view of a directed graph pass `toUndirected(g)` (summed weights, as the references).
 * NaN for a graph without edges.
 */
export function modularity(g: Graph, labels: Int32Array, opts: ModularityOptions = {}): number {
  const weighted = opts.weighted ?? g.weighted;
  const gamma = opts.resolution ?? 1;
  const { outOffsets, outTargets, outWeights } = g;
  let k = 0;
  for (let v = 0; v < g.n; v++) if ((labels[v] as number) + 1 > k) k = (labels[v] as number) + 1;
  const inside = new Float64Array(k);
  const outTotal = new Float64Array(k);
  const inTotal = new Float64Array(k);
  let total = 0;
  for (let u = 0; u < g.n; u++) {
    const cu = labels[u] as number;
    for (let p = outOffsets[u] as number, e = outOffsets[u + 1] as number; p < e; p++) {
      const w = weighted ? (outWeights[p] as number) : 1;
      const cv = labels[outTargets[p] as number] as number;
      outTotal[cu] = (outTotal[cu] as number) + w;
      inTotal[cv] = (inTotal[cv] as number) + w;
      if (cu === cv) inside[cu] = (inside[cu] as number) + w;
      total += w;
    }
  }
  // `total` is the arc weight: m for a directed graph, 2m for an undirected one (each edge in both
  // rows); with it both formulas read Q = Σ_c [ inside_c / total − γ out_c in_c / total² ].
  if (total === 0) return Number.NaN;
  let q = 0;
  for (let c = 0; c < k; c++)
    q +=
      (inside[c] as number) / total -
      (gamma * (outTotal[c] as number) * (inTotal[c] as number)) / (total * total);
  return q;
}
