import type { Graph } from '../graph.ts';
import { eiRatio, groupBy } from './common.ts';

/**
 * Krackhardt & Stern (1988) E-I index by a categorical attribute: EI = (E − I) / (E + I), where E counts
 * ties between groups (external) and I ties within a group (internal); −1 = all ties inside groups
 * (closure, homophily), +1 = all ties across groups.
 *
 * Conventions (they reproduce test/fixtures/networks/reference/cluster200.own.json):
 * - Ties are arcs in a directed graph (a reciprocated pair counts twice) and edges in an undirected one;
 *   pass `toUndirected(g)` for the undirected reading of a directed network. Weights are ignored unless
 *   `weighted` is set, in which case E and I are sums of tie weights.
 * - Whole network: E, I over all ties. `eiMaxPossible` is the E-I index of the complete graph on the same
 *   groups — the baseline that the group sizes alone imply (ordered and unordered pairs give the same
 *   ratio).
 * - Group g: I = ties with both ends in g, E = ties with exactly one end in g; directed graphs split E
 *   into E_out (from g to other groups) and E_in (into g), with EI_out = (E_out − I)/(E_out + I) and
 *   EI_in likewise.
 * - Node v: E, I = v's ties (directed: out- plus in-arcs) to alters in other groups / its own group;
 *   null for a node without ties.
 */

export interface EiGroup {
  group: string;
  size: number;
  E: number;
  I: number;
  ei: number | null;
  /** Directed graphs only. */
  E_out?: number;
  E_in?: number;
  ei_out?: number | null;
  ei_in?: number | null;
}

export interface EiResult {
  groups: readonly string[];
  /** 'arcs' for a directed graph, 'edges' for an undirected one. */
  tiesCounted: 'arcs' | 'edges';
  weighted: boolean;
  whole: { E: number; I: number; ei: number | null; eiMaxPossible: number | null };
  group: EiGroup[];
  /** Per node (indexed like the graph): E, I and the index (NaN where the node has no tie). */
  node: { E: Float64Array; I: Float64Array; ei: Float64Array };
}

export function eiIndex(g: Graph, labels: readonly string[], opts: { weighted?: boolean } = {}): EiResult {
  const weighted = opts.weighted === true;
  const n = g.n;
  const { groups, of, size } = groupBy(labels, n);
  const K = groups.length;
  const gI = new Float64Array(K);
  const gOut = new Float64Array(K);
  const gIn = new Float64Array(K);
  const nodeE = new Float64Array(n);
  const nodeI = new Float64Array(n);
  let E = 0;
  let I = 0;
  for (let u = 0; u < n; u++) {
    const cu = of[u] as number;
    for (let p = g.outOffsets[u] as number; p < (g.outOffsets[u + 1] as number); p++) {
      const v = g.outTargets[p] as number;
      // An undirected edge sits in both rows: take it once, from its smaller endpoint.
      if (!g.directed && v < u) continue;
      const w = weighted ? (g.outWeights[p] as number) : 1;
      const cv = of[v] as number;
      if (cu === cv) {
        I += w;
        gI[cu] = (gI[cu] as number) + w;
        nodeI[u] = (nodeI[u] as number) + w;
        nodeI[v] = (nodeI[v] as number) + w;
      } else {
        E += w;
        gOut[cu] = (gOut[cu] as number) + w;
        gIn[cv] = (gIn[cv] as number) + w;
        nodeE[u] = (nodeE[u] as number) + w;
        nodeE[v] = (nodeE[v] as number) + w;
      }
    }
  }
  // Complete-graph baseline over unordered pairs.
  let within = 0;
  for (let k = 0; k < K; k++) within += ((size[k] as number) * ((size[k] as number) - 1)) / 2;
  const pairs = (n * (n - 1)) / 2;
  const group: EiGroup[] = groups.map((name, k) => {
    const gi = gI[k] as number;
    const eo = gOut[k] as number;
    const ein = gIn[k] as number;
    const row: EiGroup = {
      group: name,
      size: size[k] as number,
      E: eo + ein,
      I: gi,
      ei: eiRatio(eo + ein, gi),
    };
    if (g.directed) {
      row.E_out = eo;
      row.E_in = ein;
      row.ei_out = eiRatio(eo, gi);
      row.ei_in = eiRatio(ein, gi);
    }
    return row;
  });
  const ei = new Float64Array(n);
  for (let v = 0; v < n; v++) ei[v] = eiRatio(nodeE[v] as number, nodeI[v] as number) ?? Number.NaN;
  return {
    groups,
    tiesCounted: g.directed ? 'arcs' : 'edges',
    weighted,
    whole: { E, I, ei: eiRatio(E, I), eiMaxPossible: eiRatio(pairs - within, within) },
    group,
    node: { E: nodeE, I: nodeI, ei },
  };
}
