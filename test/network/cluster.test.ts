import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNetworkCsv } from '../../src/io/network-csv.ts';
import {
  BROKERAGE_ROLES,
  brokerage,
  globalMoments,
  liaisonTripleSum,
} from '../../src/network/cluster/brokerage.ts';
import { cognitiveRoles } from '../../src/network/cluster/cognitive-roles.ts';
import { insideCluster } from '../../src/network/cluster/common.ts';
import { corePeriphery, corePeripheryFit } from '../../src/network/cluster/core-periphery.ts';
import { eiIndex } from '../../src/network/cluster/ei-index.ts';
import { concentration, fragmentation, openness } from '../../src/network/cluster/openness.ts';
import { buildGraph, type Graph, toUndirected } from '../../src/network/graph.ts';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'networks');
const cluster = loadNetworkCsv(join(DIR, 'cluster200_nodes.csv'), join(DIR, 'cluster200_edges.csv'), {
  directed: true,
});
const g = cluster.graph;
const attr = (name: string) => cluster.attributes.get(name) as string[];
// biome-ignore lint/suspicious/noExplicitAny: reference JSON, read as written by the reference scripts
type Json = any;
const R = JSON.parse(readFileSync(join(DIR, 'reference', 'cluster200.R.json'), 'utf8')) as Record<
  string,
  Json
>;
const OWN = JSON.parse(readFileSync(join(DIR, 'reference', 'cluster200.own.json'), 'utf8')) as Record<
  string,
  Json
>;

/** A graph from `[source, target(, weight)]` triples on nodes named by their index. */
function graphOf(n: number, edges: [number, number, number?][], directed: boolean): Graph {
  const ids = Array.from({ length: n }, (_, i) => `n${i}`);
  const weighted = edges.some((e) => e[2] !== undefined);
  return buildGraph(
    ids,
    {
      source: Int32Array.from(edges, (e) => e[0]),
      target: Int32Array.from(edges, (e) => e[1]),
      weight: weighted ? Float64Array.from(edges, (e) => e[2] ?? 1) : null,
    },
    directed,
  );
}

/** The same graph with node v renamed to position perm[v]. */
function relabel(h: Graph, perm: number[]): Graph {
  const ids = new Array<string>(h.n);
  for (let v = 0; v < h.n; v++) ids[perm[v] as number] = h.ids[v] as string;
  const src: number[] = [];
  const dst: number[] = [];
  const wt: number[] = [];
  for (let u = 0; u < h.n; u++)
    for (let p = h.outOffsets[u] as number; p < (h.outOffsets[u + 1] as number); p++) {
      const v = h.outTargets[p] as number;
      if (!h.directed && v < u) continue;
      src.push(perm[u] as number);
      dst.push(perm[v] as number);
      wt.push(h.outWeights[p] as number);
    }
  return buildGraph(
    ids,
    {
      source: Int32Array.from(src),
      target: Int32Array.from(dst),
      weight: h.weighted ? Float64Array.from(wt) : null,
    },
    h.directed,
  );
}

/** A fixed pseudo-random permutation (LCG), so the test is reproducible. */
function permutation(n: number, seed: number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  let s = seed;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [p[i], p[j]] = [p[j] as number, p[i] as number];
  }
  return p;
}

describe('Gould–Fernandez brokerage matches R sna::brokerage on cluster200', () => {
  for (const attribute of ['layer', 'role']) {
    const ref = R[`brokerage_${attribute}`];
    const b = brokerage(g, attr(attribute));

    it(`raw counts by ${attribute} equal sna's for every node and role`, () => {
      let compared = 0;
      for (let v = 0; v < g.n; v++)
        for (const r of BROKERAGE_ROLES) {
          expect(b.raw[r][v], `${g.ids[v]} ${r}`).toBe(ref.raw_nli[g.ids[v] as string][r]);
          compared++;
        }
      expect(compared).toBe(200 * 6);
      for (const r of BROKERAGE_ROLES) expect(b.global.raw[r]).toBe(ref.raw_gli[r]);
    });

    it(`expectations, standard deviations and z-scores by ${attribute} to 1e-9`, () => {
      const keys = [
        ['expected', 'exp'],
        ['sd', 'sd'],
        ['z', 'z'],
      ] as const;
      for (const [ours, theirs] of keys) {
        for (let v = 0; v < g.n; v++)
          for (const r of BROKERAGE_ROLES) {
            const want = ref[`${theirs}_nli`][g.ids[v] as string][r] as number;
            expect(Math.abs((b[ours][r][v] as number) - want), `${ours} ${g.ids[v]} ${r}`).toBeLessThan(1e-9);
          }
        for (const r of BROKERAGE_ROLES) {
          const want = ref[`${theirs}_gli`][r] as number;
          expect(Math.abs(b.global[ours][r] - want), `global ${ours} ${r}`).toBeLessThan(1e-9);
        }
      }
    });
  }

  it('counts a two-path only when the source has no direct arc to the target (a back arc is allowed)', () => {
    // 0 → 1 → 2 with groups A, B, B: node 1 is a gatekeeper (A → B → B).
    const labels = ['A', 'B', 'B'];
    const open = brokerage(
      graphOf(
        3,
        [
          [0, 1],
          [1, 2],
        ],
        true,
      ),
      labels,
    );
    expect(open.raw.b_OI[1]).toBe(1);
    expect(open.raw.t[1]).toBe(1);
    // A back arc 2 → 0 does not close the path (sna checks i → k only) …
    const back = brokerage(
      graphOf(
        3,
        [
          [0, 1],
          [1, 2],
          [2, 0],
        ],
        true,
      ),
      labels,
    );
    expect(back.raw.b_OI[1]).toBe(1);
    // … but a direct arc 0 → 2 does.
    const closed = brokerage(
      graphOf(
        3,
        [
          [0, 1],
          [1, 2],
          [0, 2],
        ],
        true,
      ),
      labels,
    );
    expect(closed.raw.t[1]).toBe(0);
    // The five roles, one two-path each, all brokered by node 1.
    const roles = brokerage(
      graphOf(
        7,
        [
          [0, 1],
          [1, 2],
          [3, 1],
          [1, 4],
          [1, 5],
          [6, 1],
        ],
        true,
      ),
      ['A', 'A', 'A', 'B', 'B', 'C', 'B'],
    );
    expect(roles.raw.w_I[1]).toBe(1); // 0→1→2
    expect(roles.raw.b_IO[1]).toBe(2); // 0→1→4, 0→1→5
    expect(roles.raw.b_OI[1]).toBe(2); // 3→1→2, 6→1→2
    expect(roles.raw.w_O[1]).toBe(2); // 3→1→4, 6→1→4
    expect(roles.raw.b_O[1]).toBe(2); // 3→1→5, 6→1→5
    expect(roles.raw.t[1]).toBe(9);
  });

  it('reads an undirected graph as a symmetric digraph (as sna does with a symmetric matrix)', () => {
    const labels = ['A', 'B', 'B', 'C'];
    const und = brokerage(
      graphOf(
        4,
        [
          [0, 1],
          [1, 2],
          [1, 3],
        ],
        false,
      ),
      labels,
    );
    const sym = brokerage(
      graphOf(
        4,
        [
          [0, 1],
          [1, 0],
          [1, 2],
          [2, 1],
          [1, 3],
          [3, 1],
        ],
        true,
      ),
      labels,
    );
    expect(und.density).toBeCloseTo(6 / 12, 15);
    for (const r of BROKERAGE_ROLES) {
      expect(Array.from(und.raw[r])).toEqual(Array.from(sym.raw[r]));
      expect(Array.from(und.z[r])).toEqual(Array.from(sym.z[r]));
    }
    // Node 1 (B) brokers all 6 ordered pairs of its neighbours: 0→1→2 gatekeeper, 2→1→0 representative,
    // 0→1→3 and 3→1→0 liaison, 2→1→3 representative, 3→1→2 gatekeeper.
    expect([und.raw.b_OI[1], und.raw.b_IO[1], und.raw.b_O[1], und.raw.t[1]]).toEqual([2, 2, 2, 6]);
  });

  it("the liaison variance's closed form equals sna's triple loop", () => {
    const sizes = [85, 38, 12, 10, 10, 8, 7, 6, 6, 4, 4, 4, 3, 3];
    const loop = liaisonTripleSum(sizes, 200, 0.0358, false);
    const closed = liaisonTripleSum(sizes, 200, 0.0358, true);
    expect(Math.abs(closed - loop) / Math.abs(loop)).toBeLessThan(1e-12);
    expect(globalMoments(sizes, 200, 0.0358).v[4]).toBeGreaterThan(0);
  });
});

describe('E-I index matches reference/cluster200.own.json', () => {
  const cases = [
    ['layer', false],
    ['role', false],
    ['layer', true],
    ['role', true],
  ] as const;
  for (const [attribute, undirected] of cases) {
    it(`${attribute}, ${undirected ? 'undirected' : 'directed'}: whole, per group, per node to 1e-12`, () => {
      const ref = OWN.ei_index[undirected ? `${attribute}_undirected` : attribute];
      const res = eiIndex(undirected ? toUndirected(g) : g, attr(attribute));
      expect(res.groups).toEqual(ref.groups);
      expect(res.tiesCounted).toBe(ref.ties_counted);
      expect(res.whole.E).toBe(ref.whole.E);
      expect(res.whole.I).toBe(ref.whole.I);
      expect(Math.abs((res.whole.ei as number) - ref.whole.ei)).toBeLessThan(1e-12);
      expect(Math.abs((res.whole.eiMaxPossible as number) - ref.whole.ei_max_possible_ties)).toBeLessThan(
        1e-12,
      );
      for (const row of res.group) {
        const want = ref.group[row.group];
        expect(row.size).toBe(want.size);
        expect(row.E).toBe(want.E);
        expect(row.I).toBe(want.I);
        expect(Math.abs((row.ei as number) - want.ei)).toBeLessThan(1e-12);
        if (!undirected) {
          expect(row.E_out).toBe(want.E_out);
          expect(row.E_in).toBe(want.E_in);
          expect(Math.abs((row.ei_out as number) - want.ei_out)).toBeLessThan(1e-12);
          expect(Math.abs((row.ei_in as number) - want.ei_in)).toBeLessThan(1e-12);
        }
      }
      let nulls = 0;
      for (let v = 0; v < g.n; v++) {
        const want = ref.node[g.ids[v] as string] as number | null;
        const got = res.node.ei[v] as number;
        if (want === null) {
          nulls++;
          expect(Number.isNaN(got)).toBe(true);
        } else expect(Math.abs(got - want), g.ids[v]).toBeLessThan(1e-12);
      }
      expect(nulls).toBe(3); // the three isolates
    });
  }

  it('weighted E-I sums tie strengths', () => {
    const h = graphOf(
      3,
      [
        [0, 1, 2],
        [1, 2, 5],
      ],
      false,
    );
    const res = eiIndex(h, ['A', 'A', 'B'], { weighted: true });
    expect(res.whole).toMatchObject({ E: 5, I: 2 });
    expect(res.whole.ei).toBeCloseTo(3 / 7, 15);
  });
});

describe('cognitive roles (Giuliani & Bell 2005) on cluster200', () => {
  const layers = attr('layer');
  const roleOf = attr('role');
  const inside = insideCluster(layers);
  const res = cognitiveRoles(g, inside);
  // Distinct global buyers each cluster member is tied to (either direction).
  const buyers = new Array<Set<number>>(g.n);
  for (let v = 0; v < g.n; v++) buyers[v] = new Set();
  for (let u = 0; u < g.n; u++)
    for (let p = g.outOffsets[u] as number; p < (g.outOffsets[u + 1] as number); p++) {
      const v = g.outTargets[p] as number;
      if (roleOf[u] === 'global_buyer' && inside[v]) buyers[v]?.add(u);
      if (roleOf[v] === 'global_buyer' && inside[u]) buyers[u]?.add(v);
    }
  const gatekeepers = g.ids.filter((_, v) => res.role[v] === 'gatekeeper');

  it('the firms the global buyers rely on are technological gatekeepers', () => {
    // The generator ties each global buyer to 2–6 gatekeeper firms: the members tied to ≥ 3 buyers.
    const hubs = g.ids.filter((_, v) => (buyers[v]?.size ?? 0) >= 3);
    expect(hubs.length).toBeGreaterThanOrEqual(6);
    for (const id of hubs) expect(res.role[g.index.get(id) as number], id).toBe('gatekeeper');
    // The four lead firms are among them.
    const lead = attr('lead_firm');
    for (let v = 0; v < g.n; v++) if (lead[v] === '1') expect(res.role[v], g.ids[v]).toBe('gatekeeper');
    // Every global buyer reaches the cluster through at least one gatekeeper.
    for (let b = 0; b < g.n; b++) {
      if (roleOf[b] !== 'global_buyer') continue;
      const viaGatekeeper = g.ids.some((_, v) => res.role[v] === 'gatekeeper' && buyers[v]?.has(b));
      expect(viaGatekeeper, g.ids[b]).toBe(true);
    }
  });

  it('gatekeepers are few, internally central, open, and hold most external ties', () => {
    expect(gatekeepers.length).toBeGreaterThan(0);
    expect(gatekeepers.length).toBeLessThan(0.1 * 182);
    for (const id of gatekeepers) {
      const v = g.index.get(id) as number;
      expect(res.inDegree[v]).toBeGreaterThan(res.cutoffs.inDegree);
      expect(res.outDegree[v]).toBeGreaterThan(res.cutoffs.outDegree);
      expect(res.externalOpenness[v]).toBeGreaterThan(0);
    }
    const op = openness(g, inside);
    let held = 0;
    for (const id of gatekeepers) held += op.externalTies.node[g.index.get(id) as number] as number;
    expect(held / op.externalTies.total).toBeGreaterThan(0.75);
    // Intermediaries tied to buyers but peripheral inside the cluster are not gatekeepers.
    for (const id of ['INT002', 'INT004', 'INT006', 'INT007'])
      expect(res.role[g.index.get(id) as number], id).not.toBe('gatekeeper');
  });

  it('classifies every member exactly once; external nodes get none; isolates are isolated', () => {
    const members = inside.reduce((s, x) => s + x, 0);
    expect(Object.values(res.counts).reduce((s, x) => s + x, 0)).toBe(members);
    for (let v = 0; v < g.n; v++) expect(res.role[v] === null).toBe(inside[v] === 0);
    for (const id of ['MAN032', 'MAN052', 'MAN070'])
      expect(res.role[g.index.get(id) as number]).toBe('isolated');
    expect(res.cutoffs.inDegree).toBeCloseTo(1320 / 182, 12);
    expect(res.cutoffs.outDegree).toBeCloseTo(1320 / 182, 12);
  });

  it('assigns each role on a hand-built cluster', () => {
    // Members 0–7, external 8–9. Mean in = mean out = 10/8 = 1.25; mean openness = 4/8 = 0.5.
    const h = graphOf(
      10,
      [
        [0, 1],
        [1, 0],
        [0, 2],
        [2, 0],
        [1, 2],
        [2, 1],
        [3, 4],
        [3, 5],
        [6, 3],
        [5, 6],
        [0, 8],
        [9, 0],
        [4, 8],
        [7, 9],
      ],
      true,
    );
    const inside2 = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    const r = cognitiveRoles(h, inside2);
    expect(r.cutoffs).toEqual({ inDegree: 1.25, outDegree: 1.25, externalOpenness: 0.5 });
    expect(r.externalOpenness[0]).toBe(2);
    expect(r.role).toEqual([
      'gatekeeper', // in 2, out 2, two external alters
      'mutualExchanger', // in 2, out 2, closed
      'mutualExchanger',
      'source', // in 1, out 2
      'externalStar', // in 1, out 0, one external alter
      'weaklyConnected', // in 1, out 1
      'weaklyConnected',
      'externalStar', // no internal tie, one external alter
      null,
      null,
    ]);
  });
});

describe('Borgatti–Everett continuous core–periphery', () => {
  it('recovers a planted valued pattern a_ij = c_i c_j exactly (fit 1), under both criteria', () => {
    const planted = [1, 0.9, 0.8, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05, 0.02];
    const edges: [number, number, number][] = [];
    for (let i = 0; i < planted.length; i++)
      for (let j = i + 1; j < planted.length; j++)
        edges.push([i, j, (planted[i] as number) * (planted[j] as number)]);
    const h = graphOf(planted.length, edges, false);
    const norm = Math.hypot(...planted);
    for (const criterion of ['minres', 'correlation'] as const) {
      const res = corePeriphery(h, { weighted: true, criterion });
      expect(res.converged).toBe(true);
      expect(res.degenerate).toBe(false);
      expect(Math.abs((res.fit as number) - 1)).toBeLessThan(1e-12);
      planted.forEach((x, i) => {
        expect(Math.abs((res.coreness[i] as number) - x / norm), `${criterion} ${i}`).toBeLessThan(1e-9);
      });
    }
  });

  // A perfect binary core–periphery graph: a 5-clique core, 15 periphery nodes each tied to 2 core
  // nodes and never to each other. By symmetry the optimum has one value x for the core and y for the
  // periphery; the reference values solve the two-variable problems exactly (mpmath, 40 digits).
  const core = 5;
  const periphery = 15;
  const cpEdges: [number, number][] = [];
  for (let i = 0; i < core; i++) for (let j = i + 1; j < core; j++) cpEdges.push([i, j]);
  for (let k = 0; k < periphery; k++) {
    cpEdges.push([core + k, k % core]);
    cpEdges.push([core + k, (k + 2) % core]);
  }
  const cp = graphOf(core + periphery, cpEdges, false);
  const split = (c: Float64Array) => {
    let minCore = Number.POSITIVE_INFINITY;
    let maxCore = 0;
    let minPeriphery = Number.POSITIVE_INFINITY;
    let maxPeriphery = 0;
    for (let v = 0; v < cp.n; v++) {
      const x = c[v] as number;
      if (v < core) {
        minCore = Math.min(minCore, x);
        maxCore = Math.max(maxCore, x);
      } else {
        minPeriphery = Math.min(minPeriphery, x);
        maxPeriphery = Math.max(maxPeriphery, x);
      }
    }
    return { minCore, maxCore, minPeriphery, maxPeriphery };
  };

  it('minres: core nodes above periphery nodes, fit equal to the exact two-value solution', () => {
    const res = corePeriphery(cp);
    expect(res.criterion).toBe('minres');
    expect(res.converged).toBe(true);
    const s = split(res.coreness);
    expect(s.minCore).toBeGreaterThan(s.maxPeriphery);
    expect(s.maxCore - s.minCore).toBeLessThan(1e-9);
    expect(s.maxPeriphery - s.minPeriphery).toBeLessThan(1e-9);
    // Minimiser of 20(1−x²)² + 60(1−xy)² + 90(xy)² + 210y⁴: y/x = 0.29560470980788677, fit 0.62560391668889206 (to 17 digits).
    expect(Math.abs(s.minPeriphery / s.minCore - 0.2956047098078868)).toBeLessThan(1e-9);
    expect(Math.abs((res.fit as number) - 0.625603916688892)).toBeLessThan(1e-12);
  });

  it('correlation: reaches the maximum correlation of the two-value pattern (y/x = 2/3)', () => {
    const res = corePeriphery(cp, { criterion: 'correlation' });
    expect(res.degenerate).toBe(false);
    expect(res.converged).toBe(true);
    const s = split(res.coreness);
    expect(s.minCore).toBeGreaterThan(s.maxPeriphery);
    expect(Math.abs(s.minPeriphery / s.minCore - 2 / 3)).toBeLessThan(1e-6);
    expect(Math.abs((res.fit as number) - 0.6557438524302002)).toBeLessThan(1e-12);
    // Better than the minres pattern, the additive baseline and the ideal discrete pattern (core 1, periphery 0).
    expect(res.fit as number).toBeGreaterThan(corePeriphery(cp).fit as number);
    expect(res.fit as number).toBeGreaterThan(res.additiveFit as number);
    const ideal = Float64Array.from({ length: cp.n }, (_, v) => (v < core ? 1 : 0));
    expect(res.fit as number).toBeGreaterThan(corePeripheryFit(cp, ideal) as number);
    // A local maximum: no small move of one coreness raises the fit.
    for (let v = 0; v < cp.n; v++)
      for (const step of [1e-4, -1e-4]) {
        const c = Float64Array.from(res.coreness);
        c[v] = Math.max(0, (c[v] as number) + step);
        expect(corePeripheryFit(cp, c) as number).toBeLessThanOrEqual((res.fit as number) + 1e-15);
      }
  });

  it('is invariant to node relabeling (fit and coreness), under both criteria', () => {
    for (const [h, seed] of [
      [cp, 7],
      [g, 11],
    ] as const)
      for (const criterion of ['minres', 'correlation'] as const) {
        const perm = permutation(h.n, seed);
        const a = corePeriphery(h, { criterion });
        const b = corePeriphery(relabel(h, perm), { criterion });
        expect(Math.abs((a.fit as number) - (b.fit as number))).toBeLessThan(1e-12);
        for (let v = 0; v < h.n; v++)
          expect(
            Math.abs((a.coreness[v] as number) - (b.coreness[perm[v] as number] as number)),
          ).toBeLessThan(1e-9);
      }
  });

  it('on cluster200 matches an independent optimiser and puts the lead firms at the core', () => {
    const minres = corePeriphery(g);
    // scipy L-BFGS-B on Σ_{i≠j}(a_ij − c_i c_j)² from the degree start: correlation 0.25693437044.
    expect(Math.abs((minres.fit as number) - 0.25693437044)).toBeLessThan(1e-9);
    const corr = corePeriphery(g, { criterion: 'correlation' });
    expect(corr.degenerate).toBe(false);
    // scipy L-BFGS-B on −corr from five starts (degree and four random) reached at most 0.2582986956.
    expect(corr.fit as number).toBeGreaterThan(0.2582986955);
    for (const res of [minres, corr]) {
      const order = Array.from(res.coreness.keys()).sort(
        (x, y) => (res.coreness[y] as number) - (res.coreness[x] as number),
      );
      expect(order.slice(0, 4).map((v) => g.ids[v])).toEqual(['MAN014', 'MAN044', 'MAN024', 'MAN058']);
      expect(res.concentration as number).toBeGreaterThan(1 / g.n);
    }
    // Minres gives isolates no coreness. (Under the correlation criterion they may get some: with a
    // negative intercept, lifting every c_i c_j uniformly costs nothing.)
    for (const id of ['MAN032', 'MAN052', 'MAN070'])
      expect(minres.coreness[g.index.get(id) as number]).toBe(0);
  });

  it('flags the correlation criterion as degenerate when no finite maximum exists', () => {
    // Karate: the additive degree pattern k_i + k_j out-correlates every finite c_i c_j.
    const karate = loadNetworkCsv(join(DIR, 'karate_nodes.csv'), join(DIR, 'karate_edges.csv')).graph;
    const k = corePeriphery(karate, { criterion: 'correlation' });
    expect(k.degenerate).toBe(true);
    expect(k.additiveFit as number).toBeGreaterThan(corePeriphery(karate).fit as number);
    // Florentine families: the supremum is a star around the Medici (their c → ∞, all others → 0).
    const flo = loadNetworkCsv(join(DIR, 'florentine_nodes.csv'), join(DIR, 'florentine_edges.csv')).graph;
    const f = corePeriphery(flo, { criterion: 'correlation' });
    expect(f.degenerate).toBe(true);
    // The fallback is the minres solution.
    const m = corePeriphery(flo);
    expect(f.fit).toBe(m.fit);
    expect(Array.from(f.coreness)).toEqual(Array.from(m.coreness));
    expect(flo.ids[m.coreness.indexOf(Math.max(...m.coreness))]).toBe('Medici');
  });

  it('returns no fit for an empty graph', () => {
    const res = corePeriphery(graphOf(4, [], false));
    expect(res.fit).toBeNull();
  });
});

describe('openness, embeddedness, fragmentation and external-tie concentration', () => {
  // Members 0–4, external 5–6.
  // Arcs: 0→1, 1→2, 2→0, 3→4 (internal 4); 0→5, 6→0, 1→5 (boundary: 2 outbound, 1 inbound); 5→6 (external only).
  const h = graphOf(
    7,
    [
      [0, 1],
      [1, 2],
      [2, 0],
      [3, 4],
      [0, 5],
      [6, 0],
      [1, 5],
      [5, 6],
    ],
    true,
  );
  const inside = Uint8Array.from([1, 1, 1, 1, 1, 0, 0]);

  it('counts tie classes and openness by hand', () => {
    const res = openness(h, inside);
    expect(res.ties).toEqual({ internal: 4, boundary: 3, externalOnly: 1, outbound: 2, inbound: 1 });
    expect(res.openness).toBeCloseTo(3 / 7, 15);
    // Node 0: ties 0→1, 2→0 inside, 0→5, 6→0 outside → 2/4. Node 5: ties 0→5, 1→5 (inside), 5→6 → 2/3.
    expect(res.embeddedness[0]).toBeCloseTo(0.5, 15);
    expect(res.embeddedness[1]).toBeCloseTo(2 / 3, 15);
    expect(res.embeddedness[3]).toBe(1);
    expect(res.embeddedness[5]).toBeCloseTo(2 / 3, 15);
    expect(res.meanEmbeddedness).toBeCloseTo((0.5 + 2 / 3 + 1 + 1 + 1) / 5, 15);
  });

  it('sums tie strengths when weighted', () => {
    const w = graphOf(
      3,
      [
        [0, 1, 3],
        [1, 2, 1],
      ],
      false,
    );
    const res = openness(w, Uint8Array.from([1, 1, 0]), { weighted: true });
    expect(res.ties).toEqual({ internal: 3, boundary: 1, externalOnly: 0 });
    expect(res.openness).toBeCloseTo(0.25, 15);
    expect(res.embeddedness[1]).toBeCloseTo(0.75, 15);
  });

  it('measures the concentration of external ties in few members', () => {
    const ext = openness(h, inside).externalTies;
    expect(Array.from(ext.node)).toEqual([2, 1, 0, 0, 0, 0, 0]);
    expect(ext.total).toBe(3);
    expect(ext.holders).toBe(2);
    expect(Array.from(ext.ranking)).toEqual([0, 1]);
    expect(ext.top1Share).toBeCloseTo(2 / 3, 15);
    expect(ext.top3Share).toBe(1);
    expect(ext.hhi).toBeCloseTo(4 / 9 + 1 / 9, 15);
    expect(ext.equivalentHolders).toBeCloseTo(9 / 5, 14);
    // Equal shares among four holders: HHI 1/4; ties in the ranking go to the lower index.
    const even = concentration(Float64Array.from([3, 3, 3, 3, 5]), Uint8Array.from([1, 1, 1, 1, 0]));
    expect(even.hhi).toBeCloseTo(0.25, 15);
    expect(even.top3Share).toBeCloseTo(0.75, 15);
    expect(Array.from(even.ranking)).toEqual([0, 1, 2, 3]);
    expect(concentration(new Float64Array(3), Uint8Array.from([1, 1, 1])).hhi).toBeNull();
  });

  it('computes Borgatti fragmentation over weak components', () => {
    // Whole graph: {0,1,2,5,6} and {3,4} → reachable ordered pairs 5·4 + 2·1 = 22 of 42.
    expect(fragmentation(h)).toBeCloseTo(1 - 22 / 42, 15);
    // Cluster only: {0,1,2}, {3,4} → 6 + 2 = 8 of 20.
    expect(fragmentation(h, inside)).toBeCloseTo(1 - 8 / 20, 15);
    // Undirected path plus an isolate: 1 − 6/12.
    expect(
      fragmentation(
        graphOf(
          4,
          [
            [0, 1],
            [1, 2],
          ],
          false,
        ),
      ),
    ).toBeCloseTo(0.5, 15);
    expect(
      fragmentation(
        graphOf(
          3,
          [
            [0, 1],
            [1, 2],
          ],
          false,
        ),
      ),
    ).toBe(0);
    expect(fragmentation(graphOf(1, [], false))).toBeNull();
  });

  it('reads cluster200: few boundary ties, concentrated in lead firms', () => {
    const inside200 = insideCluster(attr('layer'));
    const res = openness(g, inside200);
    expect(res.ties.internal + res.ties.boundary + res.ties.externalOnly).toBe(g.m);
    expect(res.ties.boundary).toBe(OWN.ei_index.layer.group.external.E);
    expect(res.openness).toBeCloseTo(105 / 1425, 15);
    expect(g.ids[res.externalTies.ranking[0] as number]).toBe('MAN014');
    expect(res.externalTies.hhi as number).toBeGreaterThan(1 / res.externalTies.holders);
    // Undirected reading counts each reciprocated pair once.
    const und = openness(toUndirected(g), inside200);
    expect(und.ties.boundary).toBe(OWN.ei_index.layer_undirected.group.external.E);
  });
});
