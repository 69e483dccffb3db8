import type { Graph } from '../graph.ts';
import { checkMask } from './common.ts';

/**
 * Cognitive roles of cluster members after Giuliani & Bell (2005), from internal centrality (in- and
 * out-degree within the cluster: ties among core and auxiliary members only) and external openness
 * (ties to the external layer). Cut-offs: see docs/network-cluster.md.
 *
 * Direction follows the knowledge-network convention of the fixtures: an arc u → v means u passes
 * knowledge to v, so out-degree measures a member's role as a source of knowledge for the cluster and
 * in-degree its absorption of cluster knowledge. In an undirected graph in- and out-degree coincide.
 *
 * - internal in/out-degree: number of distinct cluster members the member receives from / gives to
 *   (binary; with `weighted`, the summed tie strength);
 * - external openness: number of distinct external-layer alters (tie in either direction; with
 *   `weighted`, the summed strength of those ties);
 * - "high" means strictly above the mean over all cluster members (isolates included).
 *
 * Roles, in order of precedence:
 *   gatekeeper       high in and high out, high external openness (technological gatekeeper)
 *   mutualExchanger  high in and high out, low external openness (active mutual exchanger)
 *   source           high out only
 *   absorber         high in only
 *   externalStar     neither high in nor high out, but high external openness
 *   weaklyConnected  some internal tie, neither high, low external openness
 *   isolated         no internal tie, low external openness
 * Nodes outside the cluster get null.
 */

export const COGNITIVE_ROLES = [
  'gatekeeper',
  'mutualExchanger',
  'source',
  'absorber',
  'externalStar',
  'weaklyConnected',
  'isolated',
] as const;
export type CognitiveRole = (typeof COGNITIVE_ROLES)[number];

export const COGNITIVE_ROLE_NAMES: Record<CognitiveRole, { en: string; zh: string }> = {
  gatekeeper: { en: 'technological gatekeeper', zh: '技术守门人' },
  mutualExchanger: { en: 'active mutual exchanger', zh: '活跃的相互交流者' },
  source: { en: 'knowledge source', zh: '知识源' },
  absorber: { en: 'knowledge absorber', zh: '知识吸收者' },
  externalStar: { en: 'external star', zh: '外部明星' },
  weaklyConnected: { en: 'weakly connected', zh: '弱连接' },
  isolated: { en: 'isolated', zh: '孤立' },
};

export interface CognitiveRolesResult {
  weighted: boolean;
  /** Per node: internal in-degree, internal out-degree, external openness (0 outside the cluster). */
  inDegree: Float64Array;
  outDegree: Float64Array;
  externalOpenness: Float64Array;
  /** The cut-offs used: means over cluster members. */
  cutoffs: { inDegree: number; outDegree: number; externalOpenness: number };
  role: (CognitiveRole | null)[];
  counts: Record<CognitiveRole, number>;
}

export function cognitiveRoles(
  g: Graph,
  inside: Uint8Array,
  opts: { weighted?: boolean } = {},
): CognitiveRolesResult {
  checkMask(g, inside);
  const weighted = opts.weighted === true;
  const n = g.n;
  const indeg = new Float64Array(n);
  const outdeg = new Float64Array(n);
  const open = new Float64Array(n);
  let members = 0;
  for (let v = 0; v < n; v++) {
    if (inside[v] !== 1) continue;
    members++;
    // Out-row and in-row are sorted: merge them to count each external alter once.
    let p = g.outOffsets[v] as number;
    const pe = g.outOffsets[v + 1] as number;
    let q = g.inOffsets[v] as number;
    const qe = g.inOffsets[v + 1] as number;
    while (p < pe || q < qe) {
      const a = p < pe ? (g.outTargets[p] as number) : n;
      const b = q < qe ? (g.inSources[q] as number) : n;
      const u = Math.min(a, b);
      let wi = 0;
      let wo = 0;
      if (a === u) {
        wo = weighted ? (g.outWeights[p] as number) : 1;
        p++;
      }
      if (b === u) {
        wi = weighted ? (g.inWeights[q] as number) : 1;
        q++;
      }
      if (inside[u] === 1) {
        outdeg[v] = (outdeg[v] as number) + wo;
        indeg[v] = (indeg[v] as number) + wi;
      } else {
        // Undirected rows hold each edge once per endpoint: out and in are the same tie there.
        open[v] = (open[v] as number) + (weighted ? (g.directed ? wo + wi : wo) : 1);
      }
    }
  }
  const mean = (x: Float64Array) => {
    let s = 0;
    for (let v = 0; v < n; v++) if (inside[v] === 1) s += x[v] as number;
    return members > 0 ? s / members : 0;
  };
  const cutoffs = { inDegree: mean(indeg), outDegree: mean(outdeg), externalOpenness: mean(open) };
  const counts = Object.fromEntries(COGNITIVE_ROLES.map((r) => [r, 0])) as Record<CognitiveRole, number>;
  const role: (CognitiveRole | null)[] = new Array(n).fill(null);
  for (let v = 0; v < n; v++) {
    if (inside[v] !== 1) continue;
    const hi = (indeg[v] as number) > cutoffs.inDegree;
    const ho = (outdeg[v] as number) > cutoffs.outDegree;
    const he = (open[v] as number) > cutoffs.externalOpenness;
    const connected = (indeg[v] as number) + (outdeg[v] as number) > 0;
    const r: CognitiveRole =
      hi && ho
        ? he
          ? 'gatekeeper'
          : 'mutualExchanger'
        : ho
          ? 'source'
          : hi
            ? 'absorber'
            : he
              ? 'externalStar'
              : connected
                ? 'weaklyConnected'
                : 'isolated';
    role[v] = r;
    counts[r]++;
  }
  return { weighted, inDegree: indeg, outDegree: outdeg, externalOpenness: open, cutoffs, role, counts };
}
