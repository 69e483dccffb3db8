import { findArc, type Graph } from '../graph.ts';
import { groupBy } from './common.ts';

/**
 * Gould & Fernandez (1989) brokerage roles by a categorical attribute, computed exactly as R
 * `sna::brokerage` (sna 2.7, R/gli.R and src/gli.c) does, including its expectations, standard
 * deviations and z-scores.
 *
 * Counting rule (sna): the graph is read as its 0/1 adjacency (weights ignored; an undirected graph is a
 * symmetric digraph). For every two-path i → j → k with i, j, k distinct and **no arc i → k** (an arc
 * k → i does not matter), broker j scores one, classified by the groups of (i, j, k):
 *   w_I  coordinator            A → A → A   (all three in one group)
 *   w_O  itinerant / consultant A → B → A   (source and target share a group, the broker does not)
 *   b_IO representative         A → A → B   (broker in the source's group, target outside)
 *   b_OI gatekeeper             A → B → B   (broker in the target's group, source outside)
 *   b_O  liaison                A → B → C   (three different groups)
 *   t    total
 * Expected values and variances are those of sna's null model: a Bernoulli graph with the observed
 * density d = arcs / (N (N − 1)), with sna's closed-form (approximate) moments. A standard deviation of 0
 * (e.g. w_I for a group of fewer than 3 nodes) gives a z-score of NaN or ±Infinity, as in R.
 */

export const BROKERAGE_ROLES = ['w_I', 'w_O', 'b_IO', 'b_OI', 'b_O', 't'] as const;
export type BrokerageRole = (typeof BROKERAGE_ROLES)[number];

/** Reader-facing names of the roles. */
export const BROKERAGE_ROLE_NAMES: Record<BrokerageRole, { en: string; zh: string }> = {
  w_I: { en: 'coordinator', zh: '协调者' },
  w_O: { en: 'itinerant (consultant)', zh: '巡回者（顾问）' },
  b_IO: { en: 'representative', zh: '代表者' },
  b_OI: { en: 'gatekeeper', zh: '守门人' },
  b_O: { en: 'liaison', zh: '联络者' },
  t: { en: 'total', zh: '合计' },
};

export type RoleValues<T> = Record<BrokerageRole, T>;

export interface BrokerageResult {
  /** Group labels (sorted) and the group index of each node. */
  groups: readonly string[];
  groupOf: Int32Array;
  groupSize: Int32Array;
  /** Density used by the null model: arcs / (N (N − 1)). */
  density: number;
  /** Per node (indexed like the graph): raw counts, expectations, standard deviations, z-scores. */
  raw: RoleValues<Float64Array>;
  expected: RoleValues<Float64Array>;
  sd: RoleValues<Float64Array>;
  z: RoleValues<Float64Array>;
  /** Per group (indexed like `groups`): expectation and standard deviation of a broker in that group. */
  groupExpected: RoleValues<Float64Array>;
  groupSd: RoleValues<Float64Array>;
  /** Whole network: totals over all brokers and their null-model moments. */
  global: {
    raw: RoleValues<number>;
    expected: RoleValues<number>;
    sd: RoleValues<number>;
    z: RoleValues<number>;
  };
}

const W_I = 0;
const W_O = 1;
const B_IO = 2;
const B_OI = 3;
const B_O = 4;
const T = 5;

/** Raw brokerage counts: a 6 × n row-major array (roles in BROKERAGE_ROLES order). */
export function brokerageCounts(g: Graph, groupOf: Int32Array): Float64Array {
  const n = g.n;
  const out = new Float64Array(6 * n);
  for (let j = 0; j < n; j++) {
    const cj = groupOf[j] as number;
    const inEnd = g.inOffsets[j + 1] as number;
    const outStart = g.outOffsets[j] as number;
    const outEnd = g.outOffsets[j + 1] as number;
    for (let p = g.inOffsets[j] as number; p < inEnd; p++) {
      const i = g.inSources[p] as number;
      if (i === j) continue;
      const ci = groupOf[i] as number;
      for (let q = outStart; q < outEnd; q++) {
        const k = g.outTargets[q] as number;
        if (k === i || k === j) continue;
        if (findArc(g, i, k) >= 0) continue;
        const ck = groupOf[k] as number;
        let role: number;
        if (ci === cj) role = cj === ck ? W_I : B_IO;
        else if (cj === ck) role = B_OI;
        else if (ci === ck) role = W_O;
        else role = B_O;
        out[role * n + j] = (out[role * n + j] as number) + 1;
      }
    }
  }
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let r = 0; r < 5; r++) s += out[r * n + j] as number;
    out[T * n + j] = s;
  }
  return out;
}

const choose2 = (x: number) => (x * (x - 1)) / 2;

/**
 * The sna null-model moments of a broker in each group: [expectation, variance] per role, given group
 * sizes n, order N and density d (sna R/gli.R, `brokerage`).
 */
export function groupMoments(
  n: readonly number[],
  N: number,
  d: number,
): { e: Float64Array; v: Float64Array } {
  const K = n.length;
  const e = new Float64Array(6 * K);
  const v = new Float64Array(6 * K);
  const p = d * d * (1 - d);
  const q3 = d ** 3 * (1 - d) ** 3;
  for (let i = 0; i < K; i++) {
    const ni = n[i] as number;
    let s2 = 0; // Σ_{others} n(n−1)
    let s3 = 0; // Σ_{others} n(n−1)(n−2)
    let so = 0; // Σ_{others} n
    let sq = 0; // Σ_{others} n²
    let lia = 0; // Σ_{others} n·C(N−n−n_i, 2)
    for (let k = 0; k < K; k++) {
      if (k === i) continue;
      const nk = n[k] as number;
      s2 += nk * (nk - 1);
      s3 += nk * (nk - 1) * (nk - 2);
      so += nk;
      sq += nk * nk;
      lia += nk * choose2(N - nk - ni);
    }
    const at = (r: number) => r * K + i;
    e[at(W_I)] = p * (ni - 1) * (ni - 2);
    v[at(W_I)] = (e[at(W_I)] as number) * (1 - p) + 2 * (ni - 1) * (ni - 2) * (ni - 3) * q3;
    e[at(W_O)] = p * s2;
    v[at(W_O)] = (e[at(W_O)] as number) * (1 - p) + 2 * s3 * q3;
    e[at(B_IO)] = p * (N - ni) * (ni - 1);
    v[at(B_IO)] =
      (e[at(B_IO)] as number) * (1 - p) + 2 * ((ni - 1) * choose2(N - ni) + (N - ni) * choose2(ni - 1)) * q3;
    e[at(B_OI)] = e[at(B_IO)] as number;
    v[at(B_OI)] = v[at(B_IO)] as number;
    e[at(B_O)] = p * (so * so - sq);
    v[at(B_O)] = (e[at(B_O)] as number) * (1 - p) + 4 * lia * q3;
    e[at(T)] = p * (N - 1) * (N - 2);
    v[at(T)] = (e[at(T)] as number) * (1 - p) + 2 * (N - 1) * (N - 2) * (N - 3) * q3;
  }
  return { e, v };
}

/**
 * The liaison variance's triple sum over ordered triples of distinct groups (sna's explicit loop, used
 * up to 256 groups), or the same sum in closed form through power sums of the group sizes.
 */
export function liaisonTripleSum(
  n: readonly number[],
  N: number,
  d: number,
  closedForm = n.length > 256,
): number {
  const q3 = d ** 3 * (1 - d) ** 3;
  const q4 = d ** 4 * (1 - d) ** 2;
  const q5 = d ** 5 * (1 - d);
  const K = n.length;
  if (!closedForm) {
    let s = 0;
    for (let i = 0; i < K; i++)
      for (let j = 0; j < K; j++)
        for (let k = 0; k < K; k++) {
          if (i === j || j === k || i === k) continue;
          const a = n[i] as number;
          const b = n[j] as number;
          const c = n[k] as number;
          s +=
            a *
            b *
            c *
            ((4 * (N - b) - 2 * (a + c + 1)) * q3 -
              (4 * (N - c) - 2 * (a + b + 1)) * q4 +
              (N - (a + c + 1)) * q5);
        }
    return s;
  }
  // Σ over distinct ordered triples of n_i n_j n_k (S111) and of n_i² n_j n_k (S211), by symmetry.
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  let p4 = 0;
  for (const x of n) {
    p1 += x;
    p2 += x * x;
    p3 += x ** 3;
    p4 += x ** 4;
  }
  const s111 = p1 ** 3 - 3 * p1 * p2 + 2 * p3;
  const s211 = p2 * p1 * p1 - 2 * p1 * p3 + 2 * p4 - p2 * p2;
  return (
    q3 * ((4 * N - 2) * s111 - 8 * s211) -
    q4 * ((4 * N - 2) * s111 - 8 * s211) +
    q5 * ((N - 1) * s111 - 2 * s211)
  );
}

/** The sna null-model moments of the whole-network totals: [expectation, variance] per role. */
export function globalMoments(
  n: readonly number[],
  N: number,
  d: number,
): { e: Float64Array; v: Float64Array } {
  const p = d * d * (1 - d);
  const q3 = d ** 3 * (1 - d) ** 3;
  const q4 = d ** 4 * (1 - d) ** 2;
  const q5 = d ** 5 * (1 - d);
  const e = new Float64Array(6);
  const v = new Float64Array(6);
  let a1 = 0;
  let a1v = 0;
  let a2 = 0;
  let a3v = 0;
  let wOdiag = 0;
  let lia1 = 0;
  let lia2 = 0;
  for (const x of n) {
    a1 += x * (x - 1) * (x - 2);
    a1v += x * (x - 1) * (x - 2) * ((4 * x - 10) * q3 - 4 * (x - 3) * q4 + (x - 3) * q5);
    a2 += x * (N - x) * (x - 1);
    a3v += x * (N - x) * (x - 1) * ((N - 3) * q3 + (x - 2) * q5);
    wOdiag += x * x * (x - 1) * ((4 * x - 6) * q3 + (N - x - 1) * q5);
    lia2 += x * x * (N - 2 * x);
  }
  let wOouter = 0;
  for (const x of n)
    for (const y of n) {
      wOouter += x * y * (x - 1) * ((2 * x + 2 * y - 6) * q3 + (N - x - 1) * q5);
      lia1 += x * y * (N - x - y);
    }
  e[W_I] = p * a1;
  v[W_I] = (e[W_I] as number) * (1 - p) + a1v;
  e[W_O] = p * a2;
  v[W_O] = (e[W_O] as number) * (1 - p) + (wOouter - wOdiag);
  e[B_IO] = p * a2;
  v[B_IO] = (e[B_IO] as number) * (1 - p) + a3v;
  e[B_OI] = e[B_IO] as number;
  v[B_OI] = v[B_IO] as number;
  e[B_O] = p * (lia1 - lia2);
  v[B_O] = (e[B_O] as number) * (1 - p) + liaisonTripleSum(n, N, d);
  e[T] = p * N * (N - 1) * (N - 2);
  v[T] =
    (e[T] as number) * (1 - p) +
    N * (N - 1) * (N - 2) * ((4 * N - 10) * q3 - 4 * (N - 3) * q4 + (N - 3) * q5);
  return { e, v };
}

function roleRecord<T>(make: (r: number) => T): RoleValues<T> {
  return Object.fromEntries(BROKERAGE_ROLES.map((name, r) => [name, make(r)])) as RoleValues<T>;
}

/**
 * Gould–Fernandez brokerage of every node by a categorical attribute (one label per node, e.g.
 * `attributes.get('layer')`), with sna's expectations, standard deviations and z-scores.
 */
export function brokerage(g: Graph, labels: readonly string[]): BrokerageResult {
  const N = g.n;
  const { groups, of, size } = groupBy(labels, N);
  const arcs = g.outOffsets[N] as number;
  const d = N > 1 ? arcs / (N * (N - 1)) : 0;
  const counts = brokerageCounts(g, of);
  const sizes = Array.from(size);
  const gm = groupMoments(sizes, N, d);
  const K = groups.length;
  const raw = roleRecord((r) => counts.subarray(r * N, (r + 1) * N));
  const expected = roleRecord((r) => {
    const a = new Float64Array(N);
    for (let v = 0; v < N; v++) a[v] = gm.e[r * K + (of[v] as number)] as number;
    return a;
  });
  const sd = roleRecord((r) => {
    const a = new Float64Array(N);
    for (let v = 0; v < N; v++) a[v] = Math.sqrt(gm.v[r * K + (of[v] as number)] as number);
    return a;
  });
  const z = roleRecord((r) => {
    const a = new Float64Array(N);
    const name = BROKERAGE_ROLES[r] as BrokerageRole;
    for (let v = 0; v < N; v++)
      a[v] = ((raw[name][v] as number) - (expected[name][v] as number)) / (sd[name][v] as number);
    return a;
  });
  const glob = globalMoments(sizes, N, d);
  const graw = roleRecord((r) => {
    let s = 0;
    for (let v = 0; v < N; v++) s += counts[r * N + v] as number;
    return s;
  });
  const gexp = roleRecord((r) => glob.e[r] as number);
  const gsd = roleRecord((r) => Math.sqrt(glob.v[r] as number));
  const gz = roleRecord((r) => {
    const name = BROKERAGE_ROLES[r] as BrokerageRole;
    return (graw[name] - gexp[name]) / gsd[name];
  });
  return {
    groups,
    groupOf: of,
    groupSize: size,
    density: d,
    raw,
    expected,
    sd,
    z,
    groupExpected: roleRecord((r) => gm.e.slice(r * K, (r + 1) * K)),
    groupSd: roleRecord((r) => gm.v.slice(r * K, (r + 1) * K).map(Math.sqrt)),
    global: { raw: graw, expected: gexp, sd: gsd, z: gz },
  };
}
