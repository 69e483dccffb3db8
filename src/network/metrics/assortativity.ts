import type { Graph } from '../graph.ts';

/** Category codes 0…k−1 for a categorical attribute, in order of first appearance. */
export interface Categories {
  codes: Int32Array;
  categories: string[];
}

/** Encodes a node attribute (one value per node index) as category codes; '' is a category too. */
export function categoryCodes(values: readonly string[]): Categories {
  const map = new Map<string, number>();
  const codes = new Int32Array(values.length);
  values.forEach((value, i) => {
    let c = map.get(value);
    if (c === undefined) {
      c = map.size;
      map.set(value, c);
    }
    codes[i] = c;
  });
  return { codes, categories: [...map.keys()] };
}

export interface DegreeAssortativityOptions {
  /** Degree taken at the source of each arc of a directed graph (default 'out'). */
  source?: 'out' | 'in';
  /** Degree taken at the target (default 'in'). */
  target?: 'out' | 'in';
}

/**
 * Degree assortativity (Newman 2002): the Pearson correlation of the degrees at the two ends of the
 * edges. Undirected: every edge counted in both orientations (networkx `degree_assortativity_coefficient`,
 * igraph `assortativity_degree(directed=False)`). Directed: source out-degree vs target in-degree by
 * default (networkx x='out', y='in'; igraph `assortativity_degree(directed=True)`). Unweighted. For the
 * undirected view of a directed graph pass `toUndirected(g)`. NaN when a side has zero variance.
 */
export function degreeAssortativity(g: Graph, opts: DegreeAssortativityOptions = {}): number {
  const { outOffsets, outTargets, inOffsets } = g;
  const n = g.n;
  const srcOffsets = !g.directed || (opts.source ?? 'out') === 'out' ? outOffsets : inOffsets;
  const dstOffsets = !g.directed || (opts.target ?? 'in') === 'in' ? inOffsets : outOffsets;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    xs[v] = (srcOffsets[v + 1] as number) - (srcOffsets[v] as number);
    ys[v] = (dstOffsets[v + 1] as number) - (dstOffsets[v] as number);
  }
  // Two passes (means, then centred moments) for accuracy.
  let arcs = 0;
  let sx = 0;
  let sy = 0;
  for (let u = 0; u < n; u++) {
    const s = outOffsets[u] as number;
    const e = outOffsets[u + 1] as number;
    sx += (e - s) * (xs[u] as number);
    for (let p = s; p < e; p++) sy += ys[outTargets[p] as number] as number;
    arcs += e - s;
  }
  if (arcs === 0) return Number.NaN;
  const mx = sx / arcs;
  const my = sy / arcs;
  let cxy = 0;
  let cxx = 0;
  let cyy = 0;
  for (let u = 0; u < n; u++) {
    const dx = (xs[u] as number) - mx;
    for (let p = outOffsets[u] as number, e = outOffsets[u + 1] as number; p < e; p++) {
      const dy = (ys[outTargets[p] as number] as number) - my;
      cxy += dx * dy;
      cxx += dx * dx;
      cyy += dy * dy;
    }
  }
  return cxy / Math.sqrt(cxx * cyy);
}

/**
 * Attribute mixing matrix: counts[a·k + b] = number of arcs from a node of category a to one of
 * category b (undirected: each edge in both orientations, so the matrix is symmetric), k = number of
 * categories (networkx `attribute_mixing_matrix(normalized=False)` with categories in code order).
 */
export function mixingMatrix(g: Graph, codes: Int32Array): { k: number; counts: Float64Array } {
  const { outOffsets, outTargets } = g;
  let k = 0;
  for (let v = 0; v < g.n; v++) if ((codes[v] as number) + 1 > k) k = (codes[v] as number) + 1;
  const counts = new Float64Array(k * k);
  for (let u = 0; u < g.n; u++) {
    const row = (codes[u] as number) * k;
    for (let p = outOffsets[u] as number, e = outOffsets[u + 1] as number; p < e; p++) {
      const cell = row + (codes[outTargets[p] as number] as number);
      counts[cell] = (counts[cell] as number) + 1;
    }
  }
  return { k, counts };
}

/**
 * Attribute (categorical) assortativity (Newman 2003): r = (Σ_i e_ii − Σ_i a_i b_i) / (1 − Σ_i a_i b_i),
 * e the mixing matrix normalised to sum 1, a and b its row and column sums (networkx
 * `attribute_assortativity_coefficient`, igraph `assortativity_nominal`). Unweighted. NaN when every
 * arc lies in one category (0/0) or there are no arcs.
 */
export function attributeAssortativity(g: Graph, codes: Int32Array): number {
  const { k, counts } = mixingMatrix(g, codes);
  let arcs = 0;
  for (let c = 0; c < counts.length; c++) arcs += counts[c] as number;
  if (arcs === 0) return Number.NaN;
  let trace = 0;
  let ab = 0;
  for (let a = 0; a < k; a++) {
    let row = 0;
    let col = 0;
    for (let b = 0; b < k; b++) {
      row += counts[a * k + b] as number;
      col += counts[b * k + a] as number;
    }
    trace += (counts[a * k + a] as number) / arcs;
    ab += (row / arcs) * (col / arcs);
  }
  return (trace - ab) / (1 - ab);
}
