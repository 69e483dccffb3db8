import { buildGraph, type Graph } from '../network/graph.ts';
import { createRandom } from '../network/random.ts';

/** Out-neighbour lists in CSR form: node u's neighbours are targets[offsets[u] … offsets[u+1]). */
export interface Adjacency {
  n: number;
  outOffsets: Int32Array;
  outTargets: Int32Array;
}

/**
 * A Watts–Strogatz small-world graph (Watts & Strogatz 1998), built as networkx's
 * `watts_strogatz_graph(n, k, p)` does: a ring where each node is tied to its k/2 nearest neighbours on
 * each side; then, for each offset j = 1…k/2 and each node u, the edge (u, u+j) is rewired with probability
 * p to (u, w), w uniform among the other nodes. networkx re-draws w while u–w already exists; here w is
 * re-drawn while it is u or within ring distance k/2 of u (the lattice ties, almost all still present when
 * p is small), and the rare duplicates two rewirings can create (probability ≈ p·k/n per edge) are dropped.
 *
 * Returned as the undirected adjacency with each node's neighbours in ascending order — without node ids,
 * which the ABM does not need (at 1M nodes the string ids and their index map cost more than the graph).
 */
export function smallWorldAdjacency(n: number, k: number, p: number, seed: number): Adjacency {
  if (!Number.isInteger(n) || n < 3) throw new RangeError('a small-world graph needs n ≥ 3 nodes');
  const half = Math.max(1, Math.floor(k / 2));
  if (2 * half >= n) throw new RangeError(`k = ${k} is too large for n = ${n}`);
  const rng = createRandom(seed);
  const m = n * half;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const degree = new Int32Array(n + 1);
  let e = 0;
  for (let j = 1; j <= half; j++) {
    for (let u = 0; u < n; u++) {
      let v = (u + j) % n;
      if (rng.uint32() * 2.3283064365386963e-10 < p) {
        for (;;) {
          const w = Math.floor(rng.uint32() * 2.3283064365386963e-10 * n);
          const d = Math.abs(w - u);
          if (w !== u && Math.min(d, n - d) > half) {
            v = w;
            break;
          }
        }
      }
      src[e] = u;
      dst[e] = v;
      degree[u + 1] = (degree[u + 1] as number) + 1;
      degree[v + 1] = (degree[v + 1] as number) + 1;
      e++;
    }
  }
  // Both directions of every edge by counting sort, then each (short) list sorted and de-duplicated in
  // place — the same neighbour sets, in the same order, as sorting and de-duplicating the edge list first.
  const start = degree;
  for (let u = 0; u < n; u++) start[u + 1] = (start[u + 1] as number) + (start[u] as number);
  const fill = start.slice(0, n);
  const nbr = new Int32Array(2 * m);
  for (let i = 0; i < m; i++) {
    const a = src[i] as number;
    const b = dst[i] as number;
    nbr[fill[a] as number] = b;
    fill[a] = (fill[a] as number) + 1;
    nbr[fill[b] as number] = a;
    fill[b] = (fill[b] as number) + 1;
  }
  const outOffsets = new Int32Array(n + 1);
  let out = 0;
  for (let u = 0; u < n; u++) {
    const lo = start[u] as number;
    const hi = start[u + 1] as number;
    // Insertion sort: lists hold ~k entries.
    for (let x = lo + 1; x < hi; x++) {
      const v = nbr[x] as number;
      let y = x - 1;
      while (y >= lo && (nbr[y] as number) > v) {
        nbr[y + 1] = nbr[y] as number;
        y--;
      }
      nbr[y + 1] = v;
    }
    outOffsets[u] = out;
    for (let x = lo; x < hi; x++) {
      const v = nbr[x] as number;
      if (x > lo && v === nbr[x - 1]) continue;
      nbr[out++] = v;
    }
  }
  outOffsets[n] = out;
  return { n, outOffsets, outTargets: nbr.subarray(0, out) };
}

/**
 * The same small-world graph as a project Graph (src/network/graph.ts; ids "0"…"n−1") for network metrics
 * and the reference model.
 */
export function wattsStrogatz(n: number, k: number, p: number, seed: number): Graph {
  const adj = smallWorldAdjacency(n, k, p, seed);
  // Each undirected edge once (u < v), in ascending order.
  const src: number[] = [];
  const dst: number[] = [];
  for (let u = 0; u < n; u++)
    for (let x = adj.outOffsets[u] as number; x < (adj.outOffsets[u + 1] as number); x++) {
      const v = adj.outTargets[x] as number;
      if (u < v) {
        src.push(u);
        dst.push(v);
      }
    }
  return buildGraph(
    numericIds(n),
    { source: Int32Array.from(src), target: Int32Array.from(dst), weight: null },
    false,
  );
}

/** Ids "0"…"n−1" for generated graphs. */
export function numericIds(n: number): string[] {
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i++) ids[i] = String(i);
  return ids;
}
