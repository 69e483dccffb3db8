import type { Knowledge } from '../domain/knowledge-base.ts';
import { bundledKnowledge } from '../io/knowledge.ts';
import {
  type ClusterState,
  firmFlag,
  firmValue,
  S,
  SERIES_KEYS,
  type SeriesKey,
  U_ALIVE,
  U_LOCAL,
  U_POS,
} from './model.ts';
import { type ClusterRun, type ClusterRunOptions, runCluster } from './run.ts';

/**
 * Pattern-oriented validation (Grimm et al. 2005; ABM-NOTES §8): each stylised fact is an experiment that
 * contrasts runs (captive vs market, with vs without an intervention…) with the same seeds, so every seed
 * gives one paired difference. Over the seeds we report the mean difference and its 95 % confidence
 * interval (Student t); a fact holds when the interval lies entirely on the predicted side of zero (and
 * any extra condition of the fact is met). Some facts have further paired signatures (`checks`), each of
 * which must also have its interval above zero.
 */
export interface FactsOptions {
  seeds: number;
  firms: number;
  steps: number;
  /** First seed; seed k of the experiment is firstSeed + k. */
  firstSeed?: number;
  kb?: Knowledge;
  /** Run only these facts (default: all ten). */
  only?: readonly number[];
  onProgress?: (fact: number, done: number, total: number) => void;
}

export interface FactResult {
  id: number;
  key: string;
  signature: string;
  /** Mean paired difference over the seeds, and its 95 % CI. */
  mean: number;
  ci: [number, number];
  seeds: number;
  /** Extra numbers that describe the experiment (means over seeds). */
  details: Record<string, number>;
  /** Further paired signatures that must hold too (interval above 0). */
  checks: { name: string; mean: number; ci: [number, number]; pass: boolean }[];
  implemented: boolean;
  pass: boolean;
}

/** Two-sided 97.5 % quantiles of Student's t for 1…30 degrees of freedom; 1.96 beyond. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function meanCi(xs: readonly number[]): { mean: number; ci: [number, number] } {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / Math.max(1, n);
  if (n < 2) return { mean, ci: [mean, mean] };
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const t = T975[n - 2] ?? 1.96;
  const h = (t * sd) / Math.sqrt(n);
  return { mean, ci: [mean - h, mean + h] };
}

const fin = (r: ClusterRun, k: SeriesKey) => r.final[S[k]] as number;
const row = (r: ClusterRun, t: number, k: SeriesKey) =>
  (r.series as Float64Array)[t * SERIES_KEYS.length + S[k]] as number;
const high = (r: ClusterRun) => fin(r, 'ODM') + fin(r, 'OBM');

interface Experiment {
  id: number;
  key: string;
  signature: string;
  /** One paired difference per seed, plus details. */
  run(base: ClusterRunOptions): {
    value: number;
    details: Record<string, number>;
    checks?: Record<string, number>;
  };
  /** Extra condition on the means of the details. */
  extra?: (d: Record<string, number>) => boolean;
  /** Predicted sign of the difference. */
  sign: 1 | -1;
}

const EXPERIMENTS: Experiment[] = [
  {
    id: 1,
    key: 'captive-blocks-functional',
    signature:
      'captive − market (fixed governance, 5 % domestic sales): production capability > 0, and market − captive ODM+OBM share > 0',
    sign: 1,
    run(base) {
      const cap = runCluster({ ...base, governance: 'captive', domesticShare: 0.05, series: false });
      const mkt = runCluster({ ...base, governance: 'market', domesticShare: 0.05, series: false });
      const dProd = fin(cap, 'production') - fin(mkt, 'production');
      return {
        value: high(mkt) - high(cap),
        details: {
          productionCaptiveMinusMarket: dProd,
          highShareCaptive: high(cap),
          highShareMarket: high(mkt),
          movesUpCaptive: fin(cap, 'movesUp') / base.firms,
          movesUpMarket: fin(mkt, 'movesUp') / base.firms,
        },
      };
    },
    extra: (d) => (d.productionCaptiveMinusMarket ?? 0) > 0,
  },
  {
    id: 2,
    key: 'domestic-chains-enable-functional',
    signature:
      'ODM+OBM share at 50 % domestic sales − at 5 % (captive export buyers); check: multi-chain (50 %) − domestic-only (95 %)',
    sign: 1,
    run(base) {
      const lo = runCluster({ ...base, governance: 'captive', domesticShare: 0.05, series: false });
      const mid = runCluster({ ...base, governance: 'captive', domesticShare: 0.5, series: false });
      const dom = runCluster({ ...base, governance: 'captive', domesticShare: 0.95, series: false });
      return {
        value: high(mid) - high(lo),
        details: {
          highShareExport: high(lo),
          highShareMultiChain: high(mid),
          highShareDomestic: high(dom),
          productionExport: fin(lo, 'production'),
          productionMultiChain: fin(mid, 'production'),
          productionDomestic: fin(dom, 'production'),
        },
        checks: { multiChainMinusDomesticOnly: high(mid) - high(dom) },
      };
    },
  },
  {
    id: 3,
    key: 'governance-coevolves',
    signature:
      'co-evolving buyers starting captive: mean captive share in the window after a capability shock (×0.4) at mid-run (mid + 1 … mid + T/5) − at mid-run; and the captive share falls before the shock',
    sign: 1,
    run(base) {
      const mid = Math.floor(base.steps / 2);
      const r = runCluster({
        ...base,
        governance: 'captive',
        coevolve: true,
        events: [{ step: mid, kind: 'scale-capabilities', factor: 0.4 }],
      });
      const before = row(r, mid, 'captive');
      // The response is read in the window after the shock (mid + 1 … mid + T/5): later, capabilities
      // recover and governance moves up again.
      const w = Math.max(1, Math.floor(base.steps / 5));
      let after = 0;
      for (let t = mid + 1; t <= mid + w; t++) after += row(r, t, 'captive');
      after /= w;
      return {
        value: after - before,
        details: {
          captiveStart: row(r, 0, 'captive'),
          captiveMid: before,
          captiveAfterShock: after,
          captiveEnd: fin(r, 'captive'),
        },
      };
    },
    extra: (d) => (d.captiveMid ?? 1) < (d.captiveStart ?? 0) - 0.2,
  },
  {
    id: 4,
    key: 'ladder-skewed',
    signature: 'default run: OEA+OEM share − OBM share at the end (most stay low; OBM < 10 %, ODM > OBM)',
    sign: 1,
    run(base) {
      const r = runCluster({ ...base, series: false });
      const low = fin(r, 'OEA') + fin(r, 'OEM');
      return {
        value: low - fin(r, 'OBM'),
        details: { lowShare: low, odm: fin(r, 'ODM'), obm: fin(r, 'OBM') },
      };
    },
    extra: (d) => (d.lowShare ?? 0) > 0.5 && (d.obm ?? 1) < 0.1 && (d.odm ?? 0) > (d.obm ?? 0),
  },
  {
    id: 5,
    key: 'selective-spillovers-gatekeepers',
    signature:
      'capability loss from cutting the pipelines of the top gatekeepers − loss from removing as many random firms (at one third of the run); plus in-degree skew and its correlation with capability',
    sign: 1,
    run(base) {
      const at = Math.floor(base.steps / 3);
      const count = Math.max(1, Math.round(base.firms * 0.05));
      const ref = runCluster({ ...base, scalars: { pExtGain: 0 }, series: false });
      const gk = runCluster({
        ...base,
        scalars: { pExtGain: 0 },
        series: false,
        events: [{ step: at, kind: 'cut-pipelines', count, target: 'gatekeepers' }],
      });
      const rnd = runCluster({
        ...base,
        scalars: { pExtGain: 0 },
        series: false,
        events: [{ step: at, kind: 'cut-pipelines', count, target: 'random-firms' }],
      });
      const capOf = (r: ClusterRun) => fin(r, 'production') + fin(r, 'design') + fin(r, 'rnd');
      const deg = inDegreeStats(ref);
      return {
        value: capOf(ref) - capOf(gk) - (capOf(ref) - capOf(rnd)),
        details: {
          inDegreeCv: deg.cv,
          inDegreeCapabilityCorr: deg.corr,
          maxOverMeanInDegree: deg.maxOverMean,
        },
      };
    },
    extra: (d) => (d.inDegreeCapabilityCorr ?? 0) > 0 && (d.inDegreeCv ?? 0) > 0.3,
  },
  {
    id: 6,
    key: 'platform-through-gatekeepers',
    signature:
      'gain in mean production+R&D from the common-technology platform (intensity 1) with 20 % gatekeepers − with 2 %',
    sign: 1,
    run(base) {
      const gain = (extShare: number) => {
        const off = runCluster({ ...base, scalars: { extShare, pExtGain: 0 }, series: false });
        const on = runCluster({
          ...base,
          scalars: { extShare, pExtGain: 0 },
          policy: { 'common-tech-platform': 1 },
          series: false,
        });
        return fin(on, 'production') + fin(on, 'rnd') - fin(off, 'production') - fin(off, 'rnd');
      };
      const hi = gain(0.2);
      const lo = gain(0.02);
      return { value: hi - lo, details: { gainHighDensity: hi, gainLowDensity: lo } };
    },
  },
  {
    id: 8,
    key: 'regional-brand-commons',
    signature:
      'brand reputation with a small membership − with a 10× larger one, without monitoring (and the gap closes with certification)',
    sign: 1,
    run(base) {
      // Fixed sizes: the fact is about membership, not about the experiment's --firms.
      const small = 20;
      const large = 200;
      // Agglomeration economies off: the contrast is about membership, not about critical mass.
      const o = {
        ...base,
        steps: Math.min(base.steps, 60),
        series: false as const,
        scalars: { criticalMass: 0 },
      };
      const a = runCluster({ ...o, firms: small });
      const b = runCluster({ ...o, firms: large });
      const ae = runCluster({ ...o, firms: small, scalars: { criticalMass: 0, enforcement: 0.8 } });
      const be = runCluster({ ...o, firms: large, scalars: { criticalMass: 0, enforcement: 0.8 } });
      return {
        value: fin(a, 'reputation') - fin(b, 'reputation'),
        details: {
          reputationSmall: fin(a, 'reputation'),
          reputationLarge: fin(b, 'reputation'),
          gapWithCertification: fin(ae, 'reputation') - fin(be, 'reputation'),
          shirkingLarge: fin(b, 'shirking'),
        },
      };
    },
    extra: (d) =>
      Math.abs(d.gapWithCertification ?? 1) < Math.abs((d.reputationSmall ?? 0) - (d.reputationLarge ?? 0)),
  },
  {
    id: 9,
    key: 'relocation-with-upgrading',
    signature:
      'under rising costs (2 %/step): share of OEA/OEM firms that left − share of ODM/OBM firms that left; check: local value retained (end/start) with upgrading open (market buyers) − with upgrading blocked (captive buyers)',
    sign: 1,
    run(base) {
      const rising = { costGrowth: 0.02 };
      const r = runCluster({ ...base, scalars: rising, series: false });
      const st = r.state;
      let lowN = 0;
      let lowGone = 0;
      let highN = 0;
      let highGone = 0;
      for (let i = 0; i < st.n; i++) {
        if (!firmFlag(st, i, U_ALIVE)) continue;
        const gone = firmFlag(st, i, U_LOCAL) ? firmValue(st, i, 'reloc') : 1;
        if (firmFlag(st, i, U_POS) <= 1) {
          lowN++;
          lowGone += gone;
        } else {
          highN++;
          highGone += gone;
        }
      }
      // Hollowing out: the local value (Σ size × (value share − relocated manufacturing) of local firms)
      // kept at the end relative to the start, when upgrading is open vs blocked.
      const retained = (x: ClusterRun) => fin(x, 'localValue') / Math.max(1e-9, row(x, 0, 'localValue'));
      const open = runCluster({ ...base, governance: 'market', scalars: rising });
      const blocked = runCluster({ ...base, governance: 'captive', scalars: rising });
      return {
        value: lowGone / Math.max(1, lowN) - highGone / Math.max(1, highN),
        details: {
          lowEndRelocated: lowGone / Math.max(1, lowN),
          highEndRelocated: highGone / Math.max(1, highN),
          localValueRetainedOpen: retained(open),
          localValueRetainedBlocked: retained(blocked),
          highShareOpen: high(open),
          highShareBlocked: high(blocked),
          localFirmsOpen: fin(open, 'localFirms') / base.firms,
          localFirmsBlocked: fin(blocked, 'localFirms') / base.firms,
        },
        checks: { hollowingWhenUpgradingLags: retained(open) - retained(blocked) },
      };
    },
  },
  {
    id: 7,
    key: 'lock-in',
    signature:
      'local output (Σ size of local firms per initial firm), closed strong-tie specialised − open weak-tie diversified cluster: under stable demand − after a demand shock at T/3 (demand domain 0.5 → 0.9); checks: advantage under stable demand > 0, disadvantage after the shock > 0',
    sign: 1,
    run(base) {
      const locked = { extShare: 0, pExtGain: 0, pTieSearch: 0.005, pTriadic: 1, techSpread: 0.02 };
      const open = { extShare: 0.15, pTieSearch: 0.1, pTriadic: 0.3, techSpread: 0.3 };
      const tShock = Math.floor(base.steps / 3);
      const shock = [
        {
          step: tShock,
          kind: 'set-scalar' as const,
          id: 'demandTech' as const,
          value: 0.9,
        },
      ];
      const out = (x: ClusterRun) => fin(x, 'localOutput') / base.firms;
      const ls = runCluster({ ...base, scalars: locked });
      const os = runCluster({ ...base, scalars: open });
      // Under stable demand, the closed cluster's lead at T/10 and at T/3 (the shock step), for the record.
      const early = (t: number) => (row(ls, t, 'localOutput') - row(os, t, 'localOutput')) / base.firms;
      const lx = runCluster({ ...base, scalars: locked, series: false, events: shock });
      const ox = runCluster({ ...base, scalars: open, series: false, events: shock });
      const stable = out(ls) - out(os);
      const shocked = out(ox) - out(lx);
      return {
        value: stable + shocked,
        details: {
          outputLockedStable: out(ls),
          outputOpenStable: out(os),
          outputLockedShock: out(lx),
          outputOpenShock: out(ox),
          lockedAdvantageStableAtT10: early(Math.floor(base.steps / 10)),
          lockedAdvantageStableAtShock: early(tShock),
          highShareLockedStable: high(ls),
          highShareOpenStable: high(os),
          localFirmsLockedShock: fin(lx, 'localFirms') / base.firms,
          localFirmsOpenShock: fin(ox, 'localFirms') / base.firms,
        },
        checks: { lockedAdvantageStable: stable, lockedDisadvantageShock: shocked },
      };
    },
  },
  {
    id: 10,
    key: 'path-dependence',
    signature:
      'growth (local firms at the end / seeded firms) of a nascent cluster seeded with 60 firms − with 12 (critical mass: seeding works only above a threshold); check: two histories of the same cluster seeded at its tipping point (the smallest seeding, on a grid 12, 15, …, 60, from which one history holds its size) diverge more than two of the same cluster seeded at twice that size',
    sign: 1,
    run(base) {
      const nascent = (firms: number, dynamicsSeed?: number) =>
        runCluster({
          ...base,
          firms,
          series: false,
          scalars: { headroom: 4 },
          ...(dynamicsSeed !== undefined ? { dynamicsSeed } : {}),
        });
      const growth = (x: ClusterRun) => fin(x, 'localFirms') / x.firms;
      const small = nascent(12);
      const large = nascent(60);
      // The tipping point is emergent (critical-mass sigmoid, exits, spin-offs), so the experiment finds it
      // rather than assuming it: the smallest seeding from which a probe history holds its size.
      let tip = 60;
      for (let firms = 12; firms <= 60; firms += 3) {
        if (growth(nascent(firms, base.seed * 7919 + 3)) >= 1) {
          tip = firms;
          break;
        }
      }
      // Two further histories (other dynamics seeds than the probe) at the tipping point and at twice it.
      const h = (firms: number) => {
        const a = growth(nascent(firms, base.seed * 7919 + 1));
        const b = growth(nascent(firms, base.seed * 7919 + 2));
        return { a, b, d: Math.abs(a - b) };
      };
      const near = h(tip);
      const far = h(2 * tip);
      return {
        value: growth(large) - growth(small),
        details: {
          growthSeeded12: growth(small),
          growthSeeded60: growth(large),
          tippingPoint: tip,
          growthAtTip: (near.a + near.b) / 2,
          growthAtTwiceTip: (far.a + far.b) / 2,
          divergenceNear: near.d,
          divergenceAbove: far.d,
        },
        checks: { divergenceNearMinusAbove: near.d - far.d },
      };
    },
    extra: (d) => (d.growthSeeded12 ?? 1) < 1 && (d.growthSeeded60 ?? 0) >= 1,
  },
];

const capSum = (st: ClusterState, i: number) =>
  firmValue(st, i, 'prod') + firmValue(st, i, 'design') + firmValue(st, i, 'rnd');

/** In-degree of the knowledge network (how many firms use a firm as a source): CV, max/mean, correlation with capability. */
export function inDegreeStats(r: ClusterRun): { cv: number; maxOverMean: number; corr: number } {
  const st = r.state;
  const deg = new Float64Array(st.n);
  for (let i = 0; i < st.n; i++) {
    if (!firmFlag(st, i, U_ALIVE)) continue;
    for (let s = 0; s < st.K; s++) {
      const j = st.ties[i * st.K + s] as number;
      if (j >= 0 && firmFlag(st, j, U_ALIVE)) deg[j] = (deg[j] as number) + 1;
    }
  }
  let n = 0;
  let sd = 0;
  let sc = 0;
  let max = 0;
  for (let i = 0; i < st.n; i++) {
    if (!firmFlag(st, i, U_ALIVE)) continue;
    n++;
    sd += deg[i] as number;
    sc += capSum(st, i);
    if ((deg[i] as number) > max) max = deg[i] as number;
  }
  const md = sd / Math.max(1, n);
  const mc = sc / Math.max(1, n);
  let vd = 0;
  let vc = 0;
  let cov = 0;
  for (let i = 0; i < st.n; i++) {
    if (!firmFlag(st, i, U_ALIVE)) continue;
    const x = (deg[i] as number) - md;
    const y = capSum(st, i) - mc;
    vd += x * x;
    vc += y * y;
    cov += x * y;
  }
  return {
    cv: md > 0 ? Math.sqrt(vd / Math.max(1, n - 1)) / md : 0,
    maxOverMean: md > 0 ? max / md : 0,
    corr: vd > 0 && vc > 0 ? cov / Math.sqrt(vd * vc) : 0,
  };
}

/** Runs the ten facts over `seeds` seeds each; returns them in order. */
export function runFacts(o: FactsOptions): FactResult[] {
  const kb = o.kb ?? bundledKnowledge();
  const first = o.firstSeed ?? 1;
  const out: FactResult[] = [];
  for (const e of EXPERIMENTS) {
    if (o.only && !o.only.includes(e.id)) continue;
    const values: number[] = [];
    const sums: Record<string, number> = {};
    const checkValues: Record<string, number[]> = {};
    for (let k = 0; k < o.seeds; k++) {
      const r = e.run({ firms: o.firms, steps: o.steps, seed: first + k, kb });
      values.push(r.value);
      for (const [name, v] of Object.entries(r.details)) sums[name] = (sums[name] ?? 0) + v;
      for (const [name, v] of Object.entries(r.checks ?? {})) {
        checkValues[name] ??= [];
        checkValues[name].push(v);
      }
      o.onProgress?.(e.id, k + 1, o.seeds);
    }
    const details = Object.fromEntries(Object.entries(sums).map(([k2, v]) => [k2, v / o.seeds]));
    const { mean, ci } = meanCi(values);
    const sideOk = e.sign > 0 ? ci[0] > 0 : ci[1] < 0;
    const checks = Object.entries(checkValues).map(([name, xs]) => {
      const m = meanCi(xs);
      return { name, mean: m.mean, ci: m.ci, pass: m.ci[0] > 0 };
    });
    out.push({
      id: e.id,
      key: e.key,
      signature: e.signature,
      mean,
      ci,
      seeds: o.seeds,
      details,
      checks,
      implemented: true,
      pass: sideOk && (e.extra ? e.extra(details) : true) && checks.every((c) => c.pass),
    });
  }
  return out.sort((a, b) => a.id - b.id);
}
