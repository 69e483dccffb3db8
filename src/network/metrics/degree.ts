/**
 * Degree, strength and density.
 *
 * Directed graphs: `degree = inDegree + outDegree` (a reciprocated pair counts twice, as networkx and
 * igraph `mode='all'`), `strength = inStrength + outStrength`. Undirected graphs: every edge counts once
 * at each end, and the in/out arrays equal the total ones. Strength is the sum of tie weights (= degree
 * when unweighted).
 */
import type { Graph } from '../graph.ts';

export interface Degrees {
  degree: Float64Array;
  inDegree: Float64Array;
  outDegree: Float64Array;
  strength: Float64Array;
  inStrength: Float64Array;
  outStrength: Float64Array;
}

export function degrees(g: Graph): Degrees {
  const n = g.n;
  const outDegree = new Float64Array(n);
  const outStrength = new Float64Array(n);
  rowSums(g.outOffsets, g.outWeights, outDegree, outStrength);
  if (!g.directed)
    return {
      degree: outDegree,
      inDegree: outDegree,
      outDegree,
      strength: outStrength,
      inStrength: outStrength,
      outStrength,
    };
  const inDegree = new Float64Array(n);
  const inStrength = new Float64Array(n);
  rowSums(g.inOffsets, g.inWeights, inDegree, inStrength);
  const degree = new Float64Array(n);
  const strength = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    degree[v] = (inDegree[v] as number) + (outDegree[v] as number);
    strength[v] = (inStrength[v] as number) + (outStrength[v] as number);
  }
  return { degree, inDegree, outDegree, strength, inStrength, outStrength };
}

function rowSums(offsets: Int32Array, weights: Float64Array, count: Float64Array, sum: Float64Array): void {
  for (let v = 0; v < count.length; v++) {
    const start = offsets[v] as number;
    const end = offsets[v + 1] as number;
    count[v] = end - start;
    let s = 0;
    for (let p = start; p < end; p++) s += weights[p] as number;
    sum[v] = s;
  }
}

/**
 * Share of possible ties present: m / (n(n−1)) for directed graphs, 2m / (n(n−1)) for undirected ones
 * (no self-loops). 0 when n < 2 (networkx). Weights are ignored.
 */
export function density(g: Graph): number {
  const n = g.n;
  if (n < 2) return 0;
  return (g.directed ? g.m : 2 * g.m) / (n * (n - 1));
}

/**
 * Degree centrality: degree / (n − 1) (networkx `degree_centrality`; in + out for directed graphs, so
 * values can exceed 1). A graph of one node gives 1, as networkx.
 */
export function degreeCentrality(g: Graph): Float64Array {
  if (g.n <= 1) return new Float64Array(g.n).fill(1);
  const { degree } = degrees(g);
  const out = new Float64Array(g.n);
  const s = 1 / (g.n - 1);
  for (let v = 0; v < g.n; v++) out[v] = (degree[v] as number) * s;
  return out;
}
