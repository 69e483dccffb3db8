import type { Graph } from '../graph.ts';

/**
 * Which degree defines the cores of a directed graph: 'all' = in + out degree (a reciprocated pair
 * counts twice — networkx `core_number` on a DiGraph, igraph `coreness(mode="all")`, graphology);
 * 'in' / 'out' = igraph `coreness(mode="in" | "out")`. Ignored for undirected graphs.
 */
export type CoreMode = 'all' | 'in' | 'out';

/**
 * Core numbers (k-core decomposition) by the Batagelj–Zaversnik bucket algorithm, O(n + m): the core
 * number of v is the largest k such that v belongs to a subgraph in which every node has degree ≥ k.
 * Isolates have core number 0. For the undirected view of a directed graph, pass `toUndirected(g)`.
 */
export function coreNumbers(g: Graph, mode: CoreMode = 'all'): Int32Array {
  const n = g.n;
  const { outOffsets, outTargets, inOffsets, inSources } = g;
  const useOut = !g.directed || mode !== 'out'; // removing v lowers the degree of its out-neighbours
  const useIn = g.directed && mode !== 'in'; // … and of its in-neighbours
  const deg = new Int32Array(n);
  let maxDeg = 0;
  for (let v = 0; v < n; v++) {
    let d = 0;
    if (!g.directed || mode !== 'out') d += (inOffsets[v + 1] as number) - (inOffsets[v] as number);
    if (g.directed && mode !== 'in') d += (outOffsets[v + 1] as number) - (outOffsets[v] as number);
    deg[v] = d;
    if (d > maxDeg) maxDeg = d;
  }
  // bin[d] = first position of degree d in `vert` (nodes sorted by degree); pos[v] = position of v.
  const bin = new Int32Array(maxDeg + 2);
  for (let v = 0; v < n; v++) bin[(deg[v] as number) + 1] = (bin[(deg[v] as number) + 1] as number) + 1;
  for (let d = 0; d <= maxDeg; d++) bin[d + 1] = (bin[d + 1] as number) + (bin[d] as number);
  const pos = new Int32Array(n);
  const vert = new Int32Array(n);
  const fill = bin.slice();
  for (let v = 0; v < n; v++) {
    const d = deg[v] as number;
    const p = fill[d] as number;
    fill[d] = p + 1;
    pos[v] = p;
    vert[p] = v;
  }
  const lower = (v: number, u: number): void => {
    const du = deg[u] as number;
    if (du <= (deg[v] as number)) return;
    const pu = pos[u] as number;
    const pw = bin[du] as number;
    const w = vert[pw] as number;
    if (u !== w) {
      pos[u] = pw;
      vert[pu] = w;
      pos[w] = pu;
      vert[pw] = u;
    }
    bin[du] = pw + 1;
    deg[u] = du - 1;
  };
  for (let i = 0; i < n; i++) {
    const v = vert[i] as number;
    if (useOut)
      for (let p = outOffsets[v] as number, e = outOffsets[v + 1] as number; p < e; p++)
        lower(v, outTargets[p] as number);
    if (useIn)
      for (let p = inOffsets[v] as number, e = inOffsets[v + 1] as number; p < e; p++)
        lower(v, inSources[p] as number);
  }
  return deg;
}
