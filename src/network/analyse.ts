import type { NetworkData } from './assemble.ts';
import { type BrokerageResult, brokerage } from './cluster/brokerage.ts';
import { type CognitiveRolesResult, cognitiveRoles } from './cluster/cognitive-roles.ts';
import { type CorePeripheryResult, corePeriphery } from './cluster/core-periphery.ts';
import { type EiResult, eiIndex } from './cluster/ei-index.ts';
import { fragmentation, type OpennessResult, openness } from './cluster/openness.ts';
import { attributeAssortativity, categoryCodes, degreeAssortativity } from './metrics/assortativity.ts';
import { betweenness } from './metrics/betweenness.ts';
import { closeness, harmonic } from './metrics/closeness.ts';
import { averageClustering, localClustering, transitivity } from './metrics/clustering.ts';
import { reciprocity, strongComponents, weakComponents } from './metrics/components.ts';
import { type Degrees, degrees, density } from './metrics/degree.ts';
import { eigenvector } from './metrics/eigenvector.ts';
import { coreNumbers } from './metrics/kcore.ts';
import { type LouvainResult, louvain } from './metrics/louvain.ts';
import { pagerank } from './metrics/pagerank.ts';
import type { WeightMode } from './metrics/paths.ts';
import { structuralHoles } from './metrics/structural-holes.ts';

/** Choices where the reference libraries differ (docs/network-centrality.md, docs/network-structure.md). */
export interface NetworkAnalysisOptions {
  /** How path-based metrics read weights: ignore them (hops), tie strength → distance 1/w, or as distances. */
  pathWeights?: WeightMode;
  /** Closeness: Wasserman–Faust correction for disconnected graphs (networkx default) or plain (igraph). */
  closenessWF?: boolean;
  /** Attribute that separates the cluster (core, auxiliary) from its environment (external). */
  layerAttribute?: string;
  /** Attribute whose groups define brokerage roles and the E-I index. */
  groupAttribute?: string;
  /** Seed of the Louvain community detection. */
  seed?: number;
}

export interface NetworkAnalysis {
  data: NetworkData;
  options: Required<NetworkAnalysisOptions>;
  graph: {
    n: number;
    m: number;
    directed: boolean;
    weighted: boolean;
    density: number;
    reciprocity: number | null;
    components: number;
    strongComponents: number | null;
    largestComponent: number;
    transitivity: number;
    averageClustering: number;
    degreeAssortativity: number;
    layerAssortativity: number | null;
    modularity: number;
    communities: number;
    fragmentation: number | null;
  };
  degrees: Degrees;
  betweenness: Float64Array;
  betweennessNormalized: Float64Array;
  closeness: Float64Array;
  harmonic: Float64Array;
  eigenvector: Float64Array;
  pagerank: Float64Array;
  clustering: Float64Array;
  coreNumber: Int32Array;
  constraint: Float64Array;
  effectiveSize: Float64Array;
  louvain: LouvainResult;
  /** Present when the network has the layer attribute. */
  layered: {
    inside: Uint8Array;
    openness: OpennessResult;
    cognitive: CognitiveRolesResult;
  } | null;
  brokerage: BrokerageResult | null;
  ei: EiResult | null;
  corePeriphery: CorePeripheryResult;
}

const DEFAULTS: Required<NetworkAnalysisOptions> = {
  pathWeights: 'none',
  closenessWF: true,
  layerAttribute: 'layer',
  groupAttribute: 'layer',
  seed: 42,
};

/** Every metric of the network module on one network, under the chosen conventions. */
export function analyseNetwork(data: NetworkData, options: NetworkAnalysisOptions = {}): NetworkAnalysis {
  const o = { ...DEFAULTS, ...options };
  const g = data.graph;
  const weights: WeightMode = g.weighted ? o.pathWeights : 'none';
  const weak = weakComponents(g);
  const local = localClustering(g);
  const holes = structuralHoles(g, { weighted: g.weighted });
  const communities = louvain(g, { seed: o.seed, weighted: g.weighted });
  const between = betweenness(g, { weights, normalized: false });
  // Normalisation over ordered pairs (directed) or unordered pairs (undirected), as networkx and igraph.
  const pairs = g.n > 2 ? (g.n - 1) * (g.n - 2) : 1;
  const scale = (g.directed ? 1 : 2) / pairs;
  const layers = data.attributes.get(o.layerAttribute);
  const groups = data.attributes.get(o.groupAttribute);

  let layered: NetworkAnalysis['layered'] = null;
  if (layers) {
    const inside = Uint8Array.from(layers, (l) => (l === 'external' ? 0 : 1));
    layered = {
      inside,
      openness: openness(g, inside),
      cognitive: cognitiveRoles(g, inside),
    };
  }
  return {
    data,
    options: o,
    graph: {
      n: g.n,
      m: g.m,
      directed: g.directed,
      weighted: g.weighted,
      density: density(g),
      reciprocity: g.directed ? reciprocity(g) : null,
      components: weak.count,
      strongComponents: g.directed ? strongComponents(g).count : null,
      largestComponent: weak.sizes.reduce((a, b) => Math.max(a, b), 0),
      transitivity: transitivity(g),
      averageClustering: averageClustering(g, local, 'count-zeros'),
      degreeAssortativity: degreeAssortativity(g),
      layerAssortativity: layers ? attributeAssortativity(g, categoryCodes(layers).codes) : null,
      modularity: communities.modularity,
      communities: communities.communities,
      fragmentation: fragmentation(g),
    },
    degrees: degrees(g),
    betweenness: between,
    betweennessNormalized: between.map((b) => b * scale),
    closeness: closeness(g, { mode: g.directed ? 'in' : 'all', wf: o.closenessWF, weights }),
    harmonic: harmonic(g, { mode: g.directed ? 'in' : 'all', weights }),
    eigenvector: eigenvector(g, { weighted: g.weighted }),
    pagerank: pagerank(g, { weighted: g.weighted }),
    clustering: local,
    coreNumber: coreNumbers(g),
    constraint: holes.constraint,
    effectiveSize: holes.effectiveSize,
    louvain: communities,
    layered,
    brokerage: groups ? brokerage(g, groups) : null,
    ei: groups ? eiIndex(g, groups) : null,
    corePeriphery: corePeriphery(g),
  };
}
