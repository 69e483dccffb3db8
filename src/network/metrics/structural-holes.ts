import type { Graph } from '../graph.ts';
import { undirectedAdjacency } from './clustering.ts';

/** Burt's structural-hole measures of every node. Isolates get NaN (not defined: no contacts). */
export interface StructuralHoles {
  constraint: Float64Array;
  effectiveSize: Float64Array;
}

export interface StructuralHolesOptions {
  /** Use tie strengths (default: `g.weighted`); otherwise every arc counts 1. */
  weighted?: boolean;
}

/**
 * Burt's (1992) constraint and effective size with networkx's conventions (igraph agrees on
 * constraint; it has no effective size). Contacts are all neighbours, in or out; the tie between i and
 * j is the mutual weight a_ij = w_ij + w_ji, so in a directed graph a reciprocated tie counts twice
 * (unweighted: 2 arcs vs 1). Proportional strength p_ij = a_ij / Σ_k a_ik; marginal strength
 * m_jq = a_jq / max_k a_jk.
 *   constraint_i = Σ_j (p_ij + Σ_q p_iq p_qj)²
 *   effective size_i = Σ_j (1 − Σ_q p_iq m_jq)
 * (q ranges over i's contacts other than j). On an undirected unweighted graph effective size equals
 * Borgatti's n − 2t/n, which networkx uses there. For the undirected view of a directed graph pass
 * `toUndirected(g)` (with `weighted: false` for the unweighted variant).
 *
 * networkx 2.8.8 returns NaN also for directed nodes with in-arcs but no out-arcs (it tests `G[v]`);
 * here such a node is measured over its in-contacts (igraph does the same for constraint).
 */
export function structuralHoles(g: Graph, opts: StructuralHolesOptions = {}): StructuralHoles {
  const weighted = opts.weighted ?? g.weighted;
  const adj = undirectedAdjacency(g);
  const { n, offsets, targets } = adj;
  const a = weighted ? adj.weights : Float64Array.from(adj.arcs);
  const total = new Float64Array(n);
  const maxA = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    let s = 0;
    let mx = 0;
    for (let p = offsets[v] as number, e = offsets[v + 1] as number; p < e; p++) {
      const w = a[p] as number;
      s += w;
      if (w > mx) mx = w;
    }
    total[v] = s;
    maxA[v] = mx;
  }
  const constraint = new Float64Array(n);
  const effectiveSize = new Float64Array(n);
  const stamp = new Int32Array(n).fill(-1);
  const pi = new Float64Array(n); // p_iq of the current ego i, scattered by q
  for (let i = 0; i < n; i++) {
    const s0 = offsets[i] as number;
    const s1 = offsets[i + 1] as number;
    if (s0 === s1) {
      constraint[i] = Number.NaN;
      effectiveSize[i] = Number.NaN;
      continue;
    }
    const ti = total[i] as number;
    for (let p = s0; p < s1; p++) {
      const q = targets[p] as number;
      stamp[q] = i;
      pi[q] = (a[p] as number) / ti;
    }
    let c = 0;
    let es = 0;
    for (let p = s0; p < s1; p++) {
      const j = targets[p] as number;
      let indirect = 0;
      let redundancy = 0;
      for (let r = offsets[j] as number, e = offsets[j + 1] as number; r < e; r++) {
        const q = targets[r] as number;
        if (stamp[q] !== i) continue;
        const ajq = a[r] as number;
        const piq = pi[q] as number;
        indirect += (piq * ajq) / (total[q] as number);
        redundancy += (piq * ajq) / (maxA[j] as number);
      }
      const direct = pi[j] as number;
      c += (direct + indirect) * (direct + indirect);
      es += 1 - redundancy;
    }
    constraint[i] = c;
    effectiveSize[i] = es;
  }
  return { constraint, effectiveSize };
}

/** Burt's constraint alone (see `structuralHoles`). */
export function constraint(g: Graph, opts: StructuralHolesOptions = {}): Float64Array {
  return structuralHoles(g, opts).constraint;
}

/** Burt's effective size alone (see `structuralHoles`). */
export function effectiveSize(g: Graph, opts: StructuralHolesOptions = {}): Float64Array {
  return structuralHoles(g, opts).effectiveSize;
}
