import { buildGraph, type Graph } from '../network/graph.ts';
import { createRandom } from '../network/random.ts';

/**
 * A Watts–Strogatz small-world graph (Watts & Strogatz 1998), built as networkx's
 * `watts_strogatz_graph(n, k, p)` does: a ring where each node is tied to its k/2 nearest neighbours on
 * each side; then, for each offset j = 1…k/2 and each node u, the edge (u, u+j) is rewired with probability
 * p to (u, w), w uniform among the other nodes. networkx re-draws w while u–w already exists; here w is
 * re-drawn while it is u or within ring distance k/2 of u (the lattice ties, almost all still present when
 * p is small), and the rare duplicates two rewirings can create (probability ≈ p·k/n per edge) are dropped
 * afterwards. Returned in the project's CSR form (src/network/graph.ts); ids are "0"…"n−1".
 */
export function wattsStrogatz(n: number, k: number, p: number, seed: number): Graph {
  if (!Number.isInteger(n) || n < 3) throw new RangeError('a small-world graph needs n ≥ 3 nodes');
  const half = Math.max(1, Math.floor(k / 2));
  if (2 * half >= n) throw new RangeError(`k = ${k} is too large for n = ${n}`);
  const rng = createRandom(seed);
  const m = n * half;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
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
      e++;
    }
  }
  // Canonical keys (min·n + max), sorted; duplicates dropped.
  const keys = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const a = src[i] as number;
    const b = dst[i] as number;
    keys[i] = a < b ? a * n + b : b * n + a;
  }
  keys.sort();
  let out = 0;
  for (let i = 0; i < m; i++) {
    const key = keys[i] as number;
    if (i > 0 && key === keys[i - 1]) continue;
    const a = Math.floor(key / n);
    src[out] = a;
    dst[out] = key - a * n;
    out++;
  }
  return buildGraph(
    numericIds(n),
    { source: src.subarray(0, out), target: dst.subarray(0, out), weight: null },
    false,
  );
}

/** Ids "0"…"n−1" for generated graphs. */
export function numericIds(n: number): string[] {
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i++) ids[i] = String(i);
  return ids;
}
