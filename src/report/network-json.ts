import type { NetworkAnalysis } from '../network/analyse.ts';
import { BROKERAGE_ROLE_NAMES, BROKERAGE_ROLES, type BrokerageRole } from '../network/cluster/brokerage.ts';

/** JSON cannot hold NaN or ±Infinity (e.g. sna's z-score of an empty group): they become null. */
const finite = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : x;

const ROLE_KEYS: Record<Exclude<BrokerageRole, 't'>, string> = {
  w_I: 'coordinator',
  w_O: 'itinerant',
  b_IO: 'representative',
  b_OI: 'gatekeeper',
  b_O: 'liaison',
};
const roleKey = (r: BrokerageRole) => (r === 't' ? 'total' : ROLE_KEYS[r]);

/** Conventions of the default analysis, stated in the output so a reader knows what the numbers mean. */
function conventions(a: NetworkAnalysis): Record<string, string> {
  const w = a.options.pathWeights;
  return {
    betweenness: `Brandes; ${a.graph.directed ? 'directed paths' : 'undirected, each pair counted once'}; ${
      w === 'none'
        ? 'hop distances (weights ignored)'
        : w === 'inverse'
          ? 'distance = 1/weight'
          : 'weight = distance'
    }; normalised by ${a.graph.directed ? '(n−1)(n−2)' : '(n−1)(n−2)/2'} (networkx, igraph)`,
    closeness: `${a.graph.directed ? 'incoming distances (networkx DiGraph convention)' : 'all paths'}; ${
      a.options.closenessWF
        ? 'Wasserman–Faust correction (r−1)/(n−1) for unreachable nodes (networkx default)'
        : 'no correction (igraph normalized)'
    }; isolates 0`,
    harmonic: 'sum of 1/distance over reachable nodes (networkx)',
    eigenvector: `${a.graph.directed ? 'in-edges' : 'undirected'}${a.graph.weighted ? ', weighted' : ''}; scaled so the maximum is 1 (igraph)`,
    pagerank: `damping 0.85${a.graph.weighted ? ', weighted' : ''}; dangling mass spread uniformly (networkx, igraph)`,
    clustering:
      'local clustering of the undirected view, 0 for degree < 2; transitivity = global (networkx, igraph)',
    coreNumber: `k-core on ${a.graph.directed ? 'in + out degree' : 'degree'} (networkx, igraph)`,
    constraint: `Burt's constraint and effective size${a.graph.weighted ? ', weighted' : ''} (networkx)`,
    community: `Louvain, seed ${a.options.seed}, resolution 1; heuristic`,
    brokerage: `Gould & Fernandez roles by "${a.options.groupAttribute}", counts and z-scores as R sna::brokerage`,
    cognitiveRoles:
      'Giuliani & Bell (2005): internal in/out-degree and external openness against the cluster means',
  };
}

/** `climb network metrics --format json`: fixed keys graph, nodes, brokerage, cognitiveRoles (extended freely). */
export function networkJson(a: NetworkAnalysis): Record<string, unknown> {
  const g = a.data.graph;
  const attrs = a.data.attributes;
  const nodes: Record<string, Record<string, unknown>> = {};
  for (let v = 0; v < g.n; v++) {
    const node: Record<string, unknown> = {
      degree: a.degrees.degree[v],
      inDegree: a.degrees.inDegree[v],
      outDegree: a.degrees.outDegree[v],
      strength: a.degrees.strength[v],
      betweenness: finite(a.betweenness[v]),
      betweennessNormalized: finite(a.betweennessNormalized[v]),
      closeness: finite(a.closeness[v]),
      harmonic: finite(a.harmonic[v]),
      eigenvector: finite(a.eigenvector[v]),
      pagerank: finite(a.pagerank[v]),
      clustering: finite(a.clustering[v]),
      coreNumber: a.coreNumber[v],
      constraint: finite(a.constraint[v]),
      effectiveSize: finite(a.effectiveSize[v]),
      community: a.louvain.labels[v],
      coreness: finite(a.corePeriphery.coreness[v]),
    };
    for (const [k, values] of attrs) node[k] = values[v];
    if (a.layered) {
      node.cognitiveRole = a.layered.cognitive.role[v];
      node.embeddedness = finite(a.layered.openness.embeddedness[v]);
      node.externalTies = a.layered.openness.externalTies.node[v];
    }
    if (a.brokerage) {
      const b = a.brokerage;
      node.brokerage = Object.fromEntries(
        BROKERAGE_ROLES.map((r) => [roleKey(r), { raw: b.raw[r][v], z: finite(b.z[r][v] as number) }]),
      );
    }
    nodes[g.ids[v] as string] = node;
  }
  const o = a.layered?.openness;
  const { degreeAssortativity, layerAssortativity, ...graph } = a.graph;
  return {
    graph: {
      ...graph,
      assortativity: { degree: finite(degreeAssortativity), layer: finite(layerAssortativity) },
      openness: finite(o?.openness),
      meanEmbeddedness: finite(o?.meanEmbeddedness),
      externalConcentration: o
        ? {
            top1Share: finite(o.externalTies.top1Share),
            top3Share: finite(o.externalTies.top3Share),
            hhi: finite(o.externalTies.hhi),
            holders: o.externalTies.holders,
          }
        : null,
      corePeriphery: { fit: finite(a.corePeriphery.fit), converged: a.corePeriphery.converged },
      eiIndex: a.ei
        ? { attribute: a.options.groupAttribute, whole: finite(a.ei.whole.ei), groups: a.ei.group }
        : null,
    },
    nodes,
    brokerage: a.brokerage
      ? {
          attribute: a.options.groupAttribute,
          groups: a.brokerage.groups,
          roles: Object.fromEntries(BROKERAGE_ROLES.map((r) => [roleKey(r), BROKERAGE_ROLE_NAMES[r]])),
          global: Object.fromEntries(
            BROKERAGE_ROLES.map((r) => {
              const gl = a.brokerage?.global;
              return [
                roleKey(r),
                {
                  raw: gl?.raw[r],
                  expected: finite(gl?.expected[r]),
                  sd: finite(gl?.sd[r]),
                  z: finite(gl?.z[r]),
                },
              ];
            }),
          ),
        }
      : null,
    cognitiveRoles: a.layered
      ? {
          cutoffs: a.layered.cognitive.cutoffs,
          counts: a.layered.cognitive.counts,
          gatekeepers: g.ids.filter((_, v) => a.layered?.cognitive.role[v] === 'gatekeeper'),
        }
      : null,
    conventions: conventions(a),
    notices: a.data.notices.map((p) => ({ line: p.line ?? null, path: p.path, message: p.message })),
  };
}

/** `climb network metrics --format csv`: one row per node. */
export function networkCsv(a: NetworkAnalysis): string {
  const json = networkJson(a) as { nodes: Record<string, Record<string, unknown>> };
  const rows = Object.entries(json.nodes);
  const columns = [...new Set(rows.flatMap(([, n]) => Object.keys(n).filter((k) => k !== 'brokerage')))];
  const brokerCols = a.brokerage ? BROKERAGE_ROLES.map((r) => `brokerage_${roleKey(r)}`) : [];
  const cell = (x: unknown) => {
    if (x === null || x === undefined) return '';
    const s = String(x);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [['id', ...columns, ...brokerCols].join(',')];
  for (const [id, n] of rows) {
    const b = n.brokerage as Record<string, { raw: number }> | undefined;
    lines.push(
      [
        cell(id),
        ...columns.map((c) => cell(n[c])),
        ...BROKERAGE_ROLES.filter(() => b).map((r) => cell(b?.[roleKey(r)]?.raw)),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The network part of a diagnosis: the measures the rules read, the gatekeepers and the brokerage. */
export function networkSummary(a: NetworkAnalysis) {
  const g = a.data.graph;
  const name = (v: number) => a.data.attributes.get('name')?.[v] || (g.ids[v] as string);
  const gatekeepers: {
    id: string;
    name: string;
    externalTies: number;
    inDegree: number;
    outDegree: number;
  }[] = [];
  if (a.layered) {
    const c = a.layered.cognitive;
    for (let v = 0; v < g.n; v++)
      if (c.role[v] === 'gatekeeper')
        gatekeepers.push({
          id: g.ids[v] as string,
          name: name(v),
          externalTies: c.externalOpenness[v] as number,
          inDegree: c.inDegree[v] as number,
          outDegree: c.outDegree[v] as number,
        });
    gatekeepers.sort((x, y) => y.externalTies - x.externalTies || x.id.localeCompare(y.id));
  }
  const b = a.brokerage;
  const topBrokers = (r: BrokerageRole) => {
    if (!b) return [];
    const order = Array.from({ length: g.n }, (_, v) => v)
      .filter((v) => (b.raw[r][v] as number) > 0)
      .sort((x, y) => (b.raw[r][y] as number) - (b.raw[r][x] as number) || x - y)
      .slice(0, 5);
    return order.map((v) => ({
      id: g.ids[v] as string,
      name: name(v),
      count: b.raw[r][v] as number,
      z: finite(b.z[r][v]),
    }));
  };
  return {
    n: g.n,
    m: g.m,
    directed: g.directed,
    density: a.graph.density,
    transitivity: a.graph.transitivity,
    fragmentation: finite(a.graph.fragmentation),
    communities: a.graph.communities,
    modularity: a.graph.modularity,
    coreFit: finite(a.corePeriphery.fit),
    openness: finite(a.layered?.openness.openness),
    externalConcentration: finite(a.layered?.openness.externalTies.top3Share),
    externalHhi: finite(a.layered?.openness.externalTies.hhi),
    eiIndex: finite(a.ei?.whole.ei),
    cognitiveRoles: a.layered ? a.layered.cognitive.counts : null,
    gatekeepers,
    brokerage: b
      ? {
          attribute: a.options.groupAttribute,
          roles: Object.fromEntries(
            BROKERAGE_ROLES.map((r) => [
              roleKey(r),
              {
                name: BROKERAGE_ROLE_NAMES[r],
                raw: b.global.raw[r],
                expected: finite(b.global.expected[r]),
                z: finite(b.global.z[r]),
                top: topBrokers(r),
              },
            ]),
          ),
        }
      : null,
  };
}
