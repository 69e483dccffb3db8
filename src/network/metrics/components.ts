import type { Graph } from '../graph.ts';

/**
 * A partition of the nodes into components. Components are numbered 0…count−1 in the order of their
 * smallest node index, so the numbering is deterministic; `sizes[c]` is the number of nodes in c.
 */
export interface Components {
  count: number;
  labels: Int32Array;
  sizes: Int32Array;
}

/**
 * Weakly connected components: u and v belong together when a path joins them ignoring direction
 * (for undirected graphs, the connected components). Isolates are components of size 1, as in
 * networkx, igraph and R igraph. Breadth-first search on the CSR rows; O(n + m).
 */
export function weakComponents(g: Graph): Components {
  const n = g.n;
  const labels = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const sizes: number[] = [];
  const { outOffsets, outTargets, inOffsets, inSources } = g;
  let count = 0;
  for (let s = 0; s < n; s++) {
    if ((labels[s] as number) >= 0) continue;
    labels[s] = count;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const v = queue[head++] as number;
      for (let p = outOffsets[v] as number, end = outOffsets[v + 1] as number; p < end; p++) {
        const w = outTargets[p] as number;
        if ((labels[w] as number) < 0) {
          labels[w] = count;
          queue[tail++] = w;
        }
      }
      if (g.directed)
        for (let p = inOffsets[v] as number, end = inOffsets[v + 1] as number; p < end; p++) {
          const w = inSources[p] as number;
          if ((labels[w] as number) < 0) {
            labels[w] = count;
            queue[tail++] = w;
          }
        }
    }
    sizes.push(tail);
    count++;
  }
  return { count, labels, sizes: Int32Array.from(sizes) };
}

/**
 * Strongly connected components (mutually reachable along arcs): Tarjan's algorithm run iteratively
 * with an explicit call stack, so it handles graphs of millions of nodes without recursion; O(n + m).
 * Every node is in exactly one component (singletons included, as igraph counts them; networkx lists
 * them too). For an undirected graph these are the connected components.
 */
export function strongComponents(g: Graph): Components {
  if (!g.directed) return weakComponents(g);
  const n = g.n;
  const { outOffsets, outTargets } = g;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callPos = new Int32Array(n);
  const raw = new Int32Array(n);
  let sp = 0;
  let counter = 0;
  let found = 0;
  for (let s = 0; s < n; s++) {
    if ((index[s] as number) >= 0) continue;
    let csp = 0;
    index[s] = low[s] = counter++;
    stack[sp++] = s;
    onStack[s] = 1;
    callNode[csp] = s;
    callPos[csp] = outOffsets[s] as number;
    csp++;
    while (csp > 0) {
      const v = callNode[csp - 1] as number;
      const p = callPos[csp - 1] as number;
      if (p < (outOffsets[v + 1] as number)) {
        callPos[csp - 1] = p + 1;
        const w = outTargets[p] as number;
        if ((index[w] as number) < 0) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          callNode[csp] = w;
          callPos[csp] = outOffsets[w] as number;
          csp++;
        } else if (onStack[w] && (index[w] as number) < (low[v] as number)) low[v] = index[w] as number;
        continue;
      }
      csp--;
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--sp] as number;
          onStack[w] = 0;
          raw[w] = found;
        } while (w !== v);
        found++;
      }
      if (csp > 0) {
        const u = callNode[csp - 1] as number;
        if ((low[v] as number) < (low[u] as number)) low[u] = low[v] as number;
      }
    }
  }
  return renumber(raw, found);
}

/** Renumbers component ids in the order of each component's smallest node index. */
function renumber(raw: Int32Array, count: number): Components {
  const map = new Int32Array(count).fill(-1);
  const labels = new Int32Array(raw.length);
  const sizes = new Int32Array(count);
  let next = 0;
  for (let v = 0; v < raw.length; v++) {
    const r = raw[v] as number;
    let c = map[r] as number;
    if (c < 0) {
      c = next++;
      map[r] = c;
    }
    labels[v] = c;
    sizes[c] = (sizes[c] as number) + 1;
  }
  return { count, labels, sizes };
}

/**
 * Reciprocity of a directed graph: the share of arcs u→v whose reverse v→u also exists (networkx
 * `reciprocity`, igraph `reciprocity()` default mode). An undirected graph is fully reciprocal (1);
 * a graph without edges gives NaN. Merges each node's sorted out- and in-rows; O(n + m).
 */
export function reciprocity(g: Graph): number {
  if (g.m === 0) return Number.NaN;
  if (!g.directed) return 1;
  return reciprocatedArcs(g) / g.m;
}

/** Number of arcs u→v with v→u also present (each reciprocated pair counts 2). */
export function reciprocatedArcs(g: Graph): number {
  const { outOffsets, outTargets, inOffsets, inSources } = g;
  let mutual = 0;
  for (let u = 0; u < g.n; u++) {
    let p = outOffsets[u] as number;
    const pe = outOffsets[u + 1] as number;
    let q = inOffsets[u] as number;
    const qe = inOffsets[u + 1] as number;
    while (p < pe && q < qe) {
      const a = outTargets[p] as number;
      const b = inSources[q] as number;
      if (a === b) {
        mutual++;
        p++;
        q++;
      } else if (a < b) p++;
      else q++;
    }
  }
  return mutual;
}
