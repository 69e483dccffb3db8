import type { Graph } from '../graph.ts';
import { createRandom, type Random } from '../random.ts';
import { modularity } from './modularity.ts';

export interface LouvainOptions {
  /** Seed of the node-visiting order (default 0). The same seed gives the same partition. */
  seed?: number;
  /** Use tie strengths (default: `g.weighted`). */
  weighted?: boolean;
  /** Resolution γ (default 1). */
  resolution?: number;
  /**
   * Refinement rounds, at most (default 8): after the hierarchy converges, single nodes of the original
   * graph are moved between the final communities and, if any moved, the hierarchy is climbed again
   * from that partition; rounds stop when one gains less than 1e-7 in modularity. 0 = plain Louvain.
   */
  refinements?: number;
}

export interface LouvainLevel {
  /** Community of every original node after this level, numbered 0…communities−1. */
  labels: Int32Array;
  communities: number;
  modularity: number;
}

export interface LouvainResult {
  /** Final community of every node, numbered in order of each community's smallest node index. */
  labels: Int32Array;
  communities: number;
  modularity: number;
  /**
   * The partition after each aggregation, in order: the Louvain hierarchy (finest first), then the
   * levels of any refinement round. Modularity never decreases along the list; the last is the result.
   */
  levels: LouvainLevel[];
}

/** One level of the hierarchy: a (multi)graph of communities with self-loops, on CSR arrays. */
interface Level {
  n: number;
  /** True when every arc has its reverse with the same weight (undirected input): in-rows = out-rows. */
  symmetric: boolean;
  outOff: Int32Array;
  outTo: Int32Array;
  /** Arc weights; null = every arc weighs 1 (the unweighted input level). */
  outW: Float64Array | null;
  inOff: Int32Array;
  inFrom: Int32Array;
  inW: Float64Array | null;
  /** Out- and in-strength of each node, self-loops included. */
  kOut: Float64Array;
  kIn: Float64Array;
}

/**
 * Louvain community detection (Blondel et al. 2008) on CSR arrays: local moving (each node, in a seeded
 * random order, joins the neighbouring community with the largest modularity gain; nodes whose
 * neighbourhood changed are revisited until no move gains) alternates with aggregation (communities
 * become nodes) until nothing moves; then refinement rounds (see `LouvainOptions.refinements`) move
 * single nodes of the input graph and climb again. Undirected graphs optimise Newman modularity,
 * directed graphs the directed modularity (Dugué & Perez 2015, as networkx and graphology); weights are
 * tie strengths. Deterministic for a seed (own PRNG, `random.ts`): ties keep a node where it is, then
 * the first community met along its row wins. Heuristic: compare the best of several seeds.
 */
export function louvain(g: Graph, opts: LouvainOptions = {}): LouvainResult {
  const weighted = opts.weighted ?? g.weighted;
  const gamma = opts.resolution ?? 1;
  const rng = createRandom(opts.seed ?? 0);
  const maxRefinements = opts.refinements ?? 8;
  const n = g.n;
  const base = baseLevel(g, weighted);
  const labels = new Int32Array(n);
  for (let v = 0; v < n; v++) labels[v] = v;
  const levels: LouvainLevel[] = [];
  let total = 0;
  for (let v = 0; v < n; v++) total += base.kOut[v] as number;
  let level = base;
  // After moving the nodes of `from` into communities `comm`: relabel, aggregate, record the level.
  const climb = (from: Level, comm: Int32Array, relabel: boolean): void => {
    const k = renumber(comm);
    if (relabel) for (let v = 0; v < n; v++) labels[v] = comm[labels[v] as number] as number;
    else labels.set(comm);
    level = aggregate(from, comm, k);
    levels.push({ labels: labels.slice(), communities: k, modularity: levelModularity(level, gamma, total) });
  };
  let refinements = 0;
  let roundStart = Number.NEGATIVE_INFINITY;
  while (total > 0) {
    const comm = new Int32Array(level.n);
    for (let v = 0; v < level.n; v++) comm[v] = v;
    if (localMoving(level, comm, rng, gamma, total)) {
      climb(level, comm, true);
      if (level.n > 1) continue;
    }
    // The hierarchy has converged. Refinement: move single nodes of the original graph between the
    // final communities; if any moves, aggregate by the refined partition and climb again.
    if (level === base || refinements >= maxRefinements) break;
    const q = (levels[levels.length - 1] as LouvainLevel).modularity;
    if (q - roundStart < 1e-7) break; // the previous round gained (almost) nothing
    roundStart = q;
    refinements++;
    const refined = labels.slice();
    if (!localMoving(base, refined, rng, gamma, total)) break;
    climb(base, refined, false);
  }
  const last = levels[levels.length - 1];
  if (!last)
    return {
      labels,
      communities: n,
      modularity: modularity(g, labels, { weighted, resolution: gamma }),
      levels,
    };
  // The levels' modularity comes from the community graphs; the result's is recomputed on the input.
  const q = modularity(g, last.labels, { weighted, resolution: gamma });
  return { labels: last.labels, communities: last.communities, modularity: q, levels };
}

/** Modularity of the partition whose communities are the nodes of `lv` (internal weight = loops). */
function levelModularity(lv: Level, gamma: number, total: number): number {
  let q = 0;
  for (let c = 0; c < lv.n; c++) {
    let loop = 0;
    for (let p = lv.outOff[c] as number, e = lv.outOff[c + 1] as number; p < e; p++)
      if (lv.outTo[p] === c) loop += lv.outW ? (lv.outW[p] as number) : 1;
    q += loop / total - (gamma * (lv.kOut[c] as number) * (lv.kIn[c] as number)) / (total * total);
  }
  return q;
}

/** The input graph as a level (weights 1 when unweighted). */
function baseLevel(g: Graph, weighted: boolean): Level {
  const n = g.n;
  const outW = weighted ? g.outWeights : null;
  const inW = weighted ? g.inWeights : null;
  const strength = (off: Int32Array, w: Float64Array | null): Float64Array => {
    const k = new Float64Array(n);
    for (let v = 0; v < n; v++) {
      let s = 0;
      if (w) for (let q = off[v] as number, e = off[v + 1] as number; q < e; q++) s += w[q] as number;
      else s = (off[v + 1] as number) - (off[v] as number);
      k[v] = s;
    }
    return k;
  };
  const kOut = strength(g.outOffsets, outW);
  return {
    n,
    symmetric: !g.directed,
    outOff: g.outOffsets,
    outTo: g.outTargets,
    outW,
    inOff: g.inOffsets,
    inFrom: g.inSources,
    inW,
    kOut,
    kIn: g.directed ? strength(g.inOffsets, inW) : kOut,
  };
}

/**
 * Moves nodes between communities until no move raises modularity ("fast local moving", Traag 2019, as
 * graphology): every node is queued once in a seeded random order; a node that changes community
 * re-queues its neighbours outside its new community. Returns whether any node moved. The gain of
 * putting node i (taken out of its community) into C, times the total arc weight M, is
 * w(i→C) + w(C→i) − γ (k⁺_i K⁻_C + k⁻_i K⁺_C) / M  (undirected: the usual 2 [w_iC − γ k_i K_C / 2m]);
 * self-loops move with the node and do not enter it. A move must gain more than rounding noise.
 */
function localMoving(lv: Level, comm: Int32Array, rng: Random, gamma: number, total: number): boolean {
  const { n, symmetric, outOff, outTo, outW, inOff, inFrom, inW, kOut, kIn } = lv;
  // Per community c, side by side (one cache line): acc[S c] = weight from the visited node to c
  // (0 = not seen in this visit; arc weights are positive and entries are reset after each visit),
  // acc[S c + 1] = total out-strength, acc[S c + 2] = total in-strength (directed only).
  const S = symmetric ? 2 : 4;
  const IN = symmetric ? 1 : 2;
  const acc = new Float64Array(S * n);
  for (let v = 0; v < n; v++) {
    const c = S * (comm[v] as number);
    acc[c + 1] = (acc[c + 1] as number) + (kOut[v] as number);
    if (!symmetric) acc[c + 2] = (acc[c + 2] as number) + (kIn[v] as number);
  }
  // Circular queue holding each node at most once, initially all nodes in random order.
  const queue = new Int32Array(n);
  for (let v = 0; v < n; v++) queue[v] = v;
  rng.shuffle(queue);
  const queued = new Uint8Array(n).fill(1);
  let head = 0;
  let size = n;
  const touched = new Int32Array(symmetric ? n : 2 * n);
  const factor = symmetric ? 2 : 1;
  const gm = gamma / total;
  const noise = 1e-13 * total;
  let moves = 0;
  while (size > 0) {
    const i = queue[head] as number;
    head = head + 1 === n ? 0 : head + 1;
    size--;
    queued[i] = 0;
    const ci = S * (comm[i] as number);
    let nt = 0;
    for (let p = outOff[i] as number, e = outOff[i + 1] as number; p < e; p++) {
      const j = outTo[p] as number;
      if (j === i) continue;
      const c = S * (comm[j] as number);
      const w = acc[c] as number;
      if (w === 0) touched[nt++] = c;
      acc[c] = w + (outW ? (outW[p] as number) : 1);
    }
    if (!symmetric)
      for (let p = inOff[i] as number, e = inOff[i + 1] as number; p < e; p++) {
        const j = inFrom[p] as number;
        if (j === i) continue;
        const c = S * (comm[j] as number);
        const w = acc[c] as number;
        if (w === 0) touched[nt++] = c;
        acc[c] = w + (inW ? (inW[p] as number) : 1);
      }
    const ko = kOut[i] as number;
    const ki = kIn[i] as number;
    acc[ci + 1] = (acc[ci + 1] as number) - ko;
    if (!symmetric) acc[ci + 2] = (acc[ci + 2] as number) - ki;
    const stay =
      factor * (acc[ci] as number) - gm * (ko * (acc[ci + IN] as number) + ki * (acc[ci + 1] as number));
    let best = ci;
    let bestGain = stay + noise;
    for (let t = 0; t < nt; t++) {
      const c = touched[t] as number;
      const wc = acc[c] as number;
      acc[c] = 0;
      if (c === ci) continue;
      const gc = factor * wc - gm * (ko * (acc[c + IN] as number) + ki * (acc[c + 1] as number));
      if (gc > bestGain) {
        bestGain = gc;
        best = c;
      }
    }
    acc[best + 1] = (acc[best + 1] as number) + ko;
    if (!symmetric) acc[best + 2] = (acc[best + 2] as number) + ki;
    if (best === ci) continue;
    const cb = best / S;
    comm[i] = cb;
    moves++;
    // Neighbours outside the new community may now prefer to move: queue them.
    for (let side = 0; side < (symmetric ? 1 : 2); side++) {
      const off = side === 0 ? outOff : inOff;
      const nb = side === 0 ? outTo : inFrom;
      for (let p = off[i] as number, e = off[i + 1] as number; p < e; p++) {
        const j = nb[p] as number;
        if (queued[j] || comm[j] === cb) continue;
        queued[j] = 1;
        let tail = head + size;
        if (tail >= n) tail -= n;
        queue[tail] = j;
        size++;
      }
    }
  }
  return moves > 0;
}

/** Renumbers community ids to 0…k−1 in order of first appearance; returns k. */
function renumber(comm: Int32Array): number {
  const map = new Int32Array(comm.length).fill(-1);
  let k = 0;
  for (let v = 0; v < comm.length; v++) {
    const c = comm[v] as number;
    let r = map[c] as number;
    if (r < 0) {
      r = k++;
      map[c] = r;
    }
    comm[v] = r;
  }
  return k;
}

/** Builds the graph of communities: arc weights between communities summed, internal arcs as loops. */
function aggregate(lv: Level, comm: Int32Array, k: number): Level {
  // Members of each community (counting sort).
  const memOff = new Int32Array(k + 1);
  for (let v = 0; v < lv.n; v++)
    memOff[(comm[v] as number) + 1] = (memOff[(comm[v] as number) + 1] as number) + 1;
  for (let c = 0; c < k; c++) memOff[c + 1] = (memOff[c + 1] as number) + (memOff[c] as number);
  const fill = memOff.slice(0, k);
  const members = new Int32Array(lv.n);
  for (let v = 0; v < lv.n; v++) {
    const c = comm[v] as number;
    members[fill[c] as number] = v;
    fill[c] = (fill[c] as number) + 1;
  }
  const kOut = new Float64Array(k);
  const kIn = lv.symmetric ? kOut : new Float64Array(k);
  for (let v = 0; v < lv.n; v++) {
    const c = comm[v] as number;
    kOut[c] = (kOut[c] as number) + (lv.kOut[v] as number);
    if (!lv.symmetric) kIn[c] = (kIn[c] as number) + (lv.kIn[v] as number);
  }
  const out = collapse(lv.outOff, lv.outTo, lv.outW, comm, k, memOff, members);
  const inn = lv.symmetric ? out : collapse(lv.inOff, lv.inFrom, lv.inW, comm, k, memOff, members);
  return {
    n: k,
    symmetric: lv.symmetric,
    outOff: out.off,
    outTo: out.to,
    outW: out.w,
    inOff: inn.off,
    inFrom: inn.to,
    inW: inn.w,
    kOut,
    kIn,
  };
}

/** Rows of the community graph from one side's rows of the node graph (loops kept as arcs c→c). */
function collapse(
  off: Int32Array,
  to: Int32Array,
  w: Float64Array | null,
  comm: Int32Array,
  k: number,
  memOff: Int32Array,
  members: Int32Array,
): { off: Int32Array; to: Int32Array; w: Float64Array } {
  const newOff = new Int32Array(k + 1);
  const newTo = new Int32Array(to.length);
  const newW = new Float64Array(to.length);
  const slot = new Int32Array(k).fill(-1);
  let q = 0;
  for (let c = 0; c < k; c++) {
    const rowStart = q;
    for (let m = memOff[c] as number, me = memOff[c + 1] as number; m < me; m++) {
      const v = members[m] as number;
      for (let p = off[v] as number, e = off[v + 1] as number; p < e; p++) {
        const d = comm[to[p] as number] as number;
        let s = slot[d] as number;
        if (s < rowStart) {
          s = q++;
          slot[d] = s;
          newTo[s] = d;
          newW[s] = 0;
        }
        newW[s] = (newW[s] as number) + (w ? (w[p] as number) : 1);
      }
    }
    newOff[c + 1] = q;
  }
  return { off: newOff, to: newTo.slice(0, q), w: newW.slice(0, q) };
}
