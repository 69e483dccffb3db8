import type { Graph } from '../graph.ts';
import { checkMask } from './common.ts';

/**
 * The cluster boundary read off a network (THEORY §4: core and auxiliary layers inside, the external
 * layer outside; `inside` from `insideCluster(layers)`).
 *
 * Ties are arcs in a directed graph and edges in an undirected one, counted (or, with `weighted`,
 * summed by tie strength). Classes: internal (both ends inside), boundary (one end inside, one outside —
 * directed graphs split it into outbound inside → outside and inbound outside → inside) and externalOnly
 * (both ends outside; not part of the cluster's own ties).
 *
 * - openness = boundary / (internal + boundary): the share of the cluster members' ties that cross the
 *   boundary (Bathelt, Malmberg & Maskell 2004: "global pipelines" against "local buzz").
 * - embeddedness of a node = its ties to cluster members / all its ties (directed: in- plus out-arcs);
 *   NaN for a node without ties. `meanEmbeddedness` averages it over cluster members that have ties.
 * - external-tie concentration: each member's boundary ties; the shares held by the top 1 and top 3
 *   members, and the Herfindahl–Hirschman index Σ s_i² of the shares (1 = one member holds every external
 *   tie; 1/k when k members hold equal shares). `equivalentHolders` = 1 / HHI.
 */

export interface OpennessResult {
  weighted: boolean;
  ties: { internal: number; boundary: number; externalOnly: number; outbound?: number; inbound?: number };
  openness: number | null;
  embeddedness: Float64Array;
  meanEmbeddedness: number | null;
  externalTies: ExternalConcentration;
}

export interface ExternalConcentration {
  /** Boundary ties of each node (0 for nodes outside the cluster). */
  node: Float64Array;
  total: number;
  /** Cluster members holding at least one external tie. */
  holders: number;
  /** Node indices of the holders, most external ties first (ties broken by index). */
  ranking: Int32Array;
  top1Share: number | null;
  top3Share: number | null;
  hhi: number | null;
  equivalentHolders: number | null;
}

export function openness(g: Graph, inside: Uint8Array, opts: { weighted?: boolean } = {}): OpennessResult {
  checkMask(g, inside);
  const weighted = opts.weighted === true;
  const n = g.n;
  let internal = 0;
  let outbound = 0;
  let inbound = 0;
  let externalOnly = 0;
  const toInside = new Float64Array(n);
  const all = new Float64Array(n);
  const ext = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    const iu = inside[u] === 1;
    for (let p = g.outOffsets[u] as number; p < (g.outOffsets[u + 1] as number); p++) {
      const v = g.outTargets[p] as number;
      if (!g.directed && v < u) continue;
      const w = weighted ? (g.outWeights[p] as number) : 1;
      const iv = inside[v] === 1;
      all[u] = (all[u] as number) + w;
      all[v] = (all[v] as number) + w;
      if (iv) toInside[u] = (toInside[u] as number) + w;
      if (iu) toInside[v] = (toInside[v] as number) + w;
      if (iu && iv) internal += w;
      else if (iu) {
        outbound += w;
        ext[u] = (ext[u] as number) + w;
      } else if (iv) {
        inbound += w;
        ext[v] = (ext[v] as number) + w;
      } else externalOnly += w;
    }
  }
  const boundary = outbound + inbound;
  const embeddedness = new Float64Array(n);
  let sum = 0;
  let count = 0;
  for (let v = 0; v < n; v++) {
    const a = all[v] as number;
    embeddedness[v] = a > 0 ? (toInside[v] as number) / a : Number.NaN;
    if (inside[v] === 1 && a > 0) {
      sum += embeddedness[v] as number;
      count++;
    }
  }
  return {
    weighted,
    ties: g.directed
      ? { internal, boundary, externalOnly, outbound, inbound }
      : { internal, boundary, externalOnly },
    openness: internal + boundary > 0 ? boundary / (internal + boundary) : null,
    embeddedness,
    meanEmbeddedness: count > 0 ? sum / count : null,
    externalTies: concentration(ext, inside),
  };
}

/** Concentration of per-member amounts (e.g. external ties) among cluster members. */
export function concentration(amount: Float64Array, inside: Uint8Array): ExternalConcentration {
  const holders: number[] = [];
  let total = 0;
  for (let v = 0; v < amount.length; v++) {
    const a = inside[v] === 1 ? (amount[v] as number) : 0;
    if (a > 0) {
      holders.push(v);
      total += a;
    }
  }
  holders.sort((x, y) => (amount[y] as number) - (amount[x] as number) || x - y);
  const ranking = Int32Array.from(holders);
  if (total === 0)
    return {
      node: amount,
      total,
      holders: 0,
      ranking,
      top1Share: null,
      top3Share: null,
      hhi: null,
      equivalentHolders: null,
    };
  let hhi = 0;
  let top3 = 0;
  holders.forEach((v, r) => {
    const s = (amount[v] as number) / total;
    hhi += s * s;
    if (r < 3) top3 += s;
  });
  return {
    node: amount,
    total,
    holders: holders.length,
    ranking,
    top1Share: (amount[holders[0] as number] as number) / total,
    top3Share: top3,
    hhi,
    equivalentHolders: 1 / hhi,
  };
}

/**
 * Borgatti's (2006) fragmentation: the share of pairs of nodes that cannot reach each other, ignoring tie
 * direction (weak components): F = 1 − Σ_k s_k (s_k − 1) / (n (n − 1)). With `include`, the measure is
 * taken on the subgraph induced by the included nodes (e.g. the cluster without its external layer).
 * Null for fewer than 2 nodes.
 */
export function fragmentation(g: Graph, include?: Uint8Array): number | null {
  if (include) checkMask(g, include);
  const n = g.n;
  const parent = new Int32Array(n);
  for (let v = 0; v < n; v++) parent[v] = v;
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[x] !== r) {
      const next = parent[x] as number;
      parent[x] = r;
      x = next;
    }
    return r;
  };
  let k = 0;
  for (let u = 0; u < n; u++) {
    if (include && include[u] !== 1) continue;
    k++;
    for (let p = g.outOffsets[u] as number; p < (g.outOffsets[u + 1] as number); p++) {
      const v = g.outTargets[p] as number;
      if (include && include[v] !== 1) continue;
      const a = find(u);
      const b = find(v);
      if (a !== b) parent[a < b ? b : a] = a < b ? a : b;
    }
  }
  if (k < 2) return null;
  const size = new Float64Array(n);
  for (let v = 0; v < n; v++) if (!include || include[v] === 1) size[find(v)] = (size[find(v)] as number) + 1;
  let reach = 0;
  for (let v = 0; v < n; v++) reach += (size[v] as number) * ((size[v] as number) - 1);
  return 1 - reach / (k * (k - 1));
}
