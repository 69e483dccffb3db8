/**
 * The synthetic GUM survey (issue 5 item 9): a documented population model of the firms of a Zhejiang
 * export cluster with known parameters, from which `scripts/make-synthetic-survey.ts` draws the bundled
 * data set `knowledge/surveys/synthetic-gum.csv`. Everything is seeded (counter streams on xoshiro128**),
 * so the files are reproduced byte for byte. The model is described in docs/survey.md.
 *
 * Structure (latent variables, one per construct of knowledge/instrument/gum-model.yaml):
 * - UpgradingPolicy and LeadingFirms are standard normal with correlation 0.3;
 * - every other construct is a linear function of its predecessors in gum-model.yaml with the
 *   coefficients of POPULATION.paths plus a normal disturbance whose variance makes the construct's
 *   variance 1 in the model without governance effects;
 * - governance (drawn first, shares POPULATION.governanceShares) shifts GVC insertion (captive, modular,
 *   relational and hierarchy firms serve global buyers; market firms sell mostly through traders and the
 *   professional market), and carries the Humphrey–Schmitz effect: in captive relationships the path
 *   GvcInsertion → OutsideCorrelationUpgrading is weaker and the level of outside-correlation (functional)
 *   upgrading is lower (THEORY §2.4: buyers protect design, brand and marketing).
 * Items: y = λ·η + √(1−λ²)·ε, answer = round(location + spread·y) clipped to 1–7 (thresholds at k + ½);
 * a reverse-coded item records 8 − answer.
 */
import { type Instrument, templateColumns } from '../../domain/instrument.ts';
import type { GovernanceType } from '../../domain/vocabulary.ts';
import { counterStream, type Stream } from '../pls/random.ts';

export const SYNTHETIC_ID = 'synthetic-gum';

export interface PopulationModel {
  seed: number;
  firms: number;
  governanceShares: Record<GovernanceType, number>;
  exogenousCorrelation: number;
  /** Structural coefficients for firms that are not captive (the GUM paths of gum-model.yaml). */
  paths: { from: string; to: string; coef: number }[];
  /** Shift of GvcInsertion by governance type (latent SD units). */
  gvcShift: Record<GovernanceType, number>;
  /** The Humphrey–Schmitz effect on OutsideCorrelationUpgrading. */
  captive: { gvcToOcu: number; ocuLevel: number };
  /** Level shift of OutsideCorrelationUpgrading for hierarchy (functions kept by the parent company). */
  hierarchyOcuLevel: number;
  /** Location of the continuous response (1–7 scale) at latent 0, by construct. */
  location: Record<string, number>;
  spread: number;
  /** Standardised loading of each item. */
  loadings: Record<string, number>;
  /** Monte Carlo draws for the population values in the truth file. */
  monteCarlo: number;
}

const p = (from: string, to: string, coef: number) => ({ from, to, coef });

export const POPULATION: PopulationModel = {
  seed: 20260501,
  firms: 300,
  governanceShares: { market: 0.36, captive: 0.32, relational: 0.14, modular: 0.12, hierarchy: 0.06 },
  exogenousCorrelation: 0.3,
  paths: [
    p('UpgradingPolicy', 'ClusterLearning', 0.15),
    p('UpgradingPolicy', 'ClusterInnovation', 0.2),
    p('UpgradingPolicy', 'GvcInsertion', 0.2),
    p('UpgradingPolicy', 'SocialCapital', 0.3),
    p('LeadingFirms', 'ClusterLearning', 0.15),
    p('LeadingFirms', 'ClusterInnovation', 0.1),
    p('LeadingFirms', 'GvcInsertion', 0.3),
    p('LeadingFirms', 'SocialCapital', 0.35),
    p('SocialCapital', 'ClusterLearning', 0.3),
    p('SocialCapital', 'ClusterInnovation', 0.25),
    p('SocialCapital', 'SocialCapitalUpgrading', 0.55),
    p('GvcInsertion', 'ClusterLearning', 0.3),
    p('GvcInsertion', 'OutsideCorrelationUpgrading', 0.5),
    p('GvcInsertion', 'TechCapabilityUpgrading', 0.35),
    p('ClusterLearning', 'ClusterInnovation', 0.35),
    p('ClusterLearning', 'TechCapabilityUpgrading', 0.4),
    p('ClusterLearning', 'InnovationCapabilityUpgrading', 0.35),
    p('ClusterInnovation', 'InnovationCapabilityUpgrading', 0.4),
    p('TechCapabilityUpgrading', 'ValueCapture', 0.25),
    p('InnovationCapabilityUpgrading', 'ValueCapture', 0.25),
    p('OutsideCorrelationUpgrading', 'ValueCapture', 0.35),
    p('SocialCapitalUpgrading', 'ValueCapture', 0.15),
  ],
  gvcShift: { market: -0.35, modular: 0.3, relational: 0.2, captive: 0.35, hierarchy: 0.4 },
  captive: { gvcToOcu: 0.15, ocuLevel: -0.6 },
  hierarchyOcuLevel: -0.3,
  // A cluster strong in GVC insertion, leading firms and process upgrading, weak in social capital,
  // innovation and functional upgrading (a typical Zhejiang OEM cluster; THEORY §6).
  location: {
    UpgradingPolicy: 4.2,
    LeadingFirms: 4.6,
    SocialCapital: 3.3,
    GvcInsertion: 5.0,
    ClusterLearning: 3.8,
    ClusterInnovation: 3.4,
    TechCapabilityUpgrading: 4.8,
    InnovationCapabilityUpgrading: 3.5,
    OutsideCorrelationUpgrading: 3.6,
    SocialCapitalUpgrading: 3.5,
    ValueCapture: 3.5,
  },
  spread: 1.3,
  // biome-ignore format: a table of loadings, one construct a line
  loadings: {
    POL1: 0.8, POL2: 0.78, POL3: 0.75, POL4: 0.72, POL5: 0.62,
    LEAD1: 0.82, LEAD2: 0.74, LEAD3: 0.8, LEAD4: 0.7,
    SOC1: 0.72, SOC2: 0.82, SOC3: 0.78, SOC4: 0.76, SOC5: 0.74, SOC6: 0.65,
    GVC1: 0.8, GVC2: 0.78, GVC3: 0.8, GVC4: 0.72, GVC5: 0.64,
    LRN1: 0.78, LRN2: 0.82, LRN3: 0.8, LRN4: 0.7, LRN5: 0.72, LRN6: 0.62,
    INN1: 0.8, INN2: 0.74, INN3: 0.72, INN4: 0.76, INN5: 0.8,
    TCU1: 0.82, TCU2: 0.8, TCU3: 0.78, TCU4: 0.74,
    ICU1: 0.8, ICU2: 0.82, ICU3: 0.76, ICU4: 0.74,
    OCU1: 0.78, OCU2: 0.84, OCU3: 0.76, OCU4: 0.72,
    SCU1: 0.8, SCU2: 0.76, SCU3: 0.72, SCU4: 0.74,
    VCAP1: 0.82, VCAP2: 0.8, VCAP3: 0.78, VCAP4: 0.64,
  },
  monteCarlo: 200_000,
};

/** Deliberately bad rows (1-based firm number), which the import must flag. */
export const BAD_ROWS = [
  { firm: 37, kind: 'straight-lining', detail: 'every Likert item answered 4' },
  { firm: 152, kind: 'straight-lining', detail: 'every Likert item answered 7' },
  { firm: 88, kind: 'out-of-range', detail: 'LRN3 = 8' },
  { firm: 203, kind: 'out-of-range', detail: 'TCU2 = 44 (a double keystroke)' },
  { firm: 64, kind: 'missing', detail: 'OCU2 blank' },
  { firm: 120, kind: 'missing', detail: 'SOC1 and SOC2 = -99 (missing code)' },
  { firm: 251, kind: 'missing', detail: 'VCAP4 and EXPORT_SHARE blank' },
  { firm: 279, kind: 'missing', detail: 'GHS_CAPABILITY blank: governance not classifiable' },
] as const;

/** The constructs in generation order (every predecessor first). */
export const CONSTRUCT_ORDER = [
  'UpgradingPolicy',
  'LeadingFirms',
  'SocialCapital',
  'GvcInsertion',
  'ClusterLearning',
  'ClusterInnovation',
  'TechCapabilityUpgrading',
  'InnovationCapabilityUpgrading',
  'OutsideCorrelationUpgrading',
  'SocialCapitalUpgrading',
  'ValueCapture',
] as const;

const OCU = 'OutsideCorrelationUpgrading';
const GVC = 'GvcInsertion';
const GOV_ORDER: GovernanceType[] = ['market', 'captive', 'relational', 'modular', 'hierarchy'];

/** GHS levels of each type (complexity, codifiability, capability; Gereffi et al. 2005, Table 1). */
const GHS_LEVELS: Record<GovernanceType, [boolean, boolean, boolean]> = {
  market: [false, true, true],
  modular: [true, true, true],
  relational: [true, false, true],
  captive: [true, true, false],
  hierarchy: [true, false, false],
};

/** Standard normal by Marsaglia's polar method (log and sqrt only, so the draws are reproducible). */
export function normal(s: Stream): number {
  for (;;) {
    const u = 2 * s.float() - 1;
    const v = 2 * s.float() - 1;
    const r = u * u + v * v;
    if (r > 0 && r < 1) return u * Math.sqrt((-2 * Math.log(r)) / r);
  }
}

/** Disturbance SDs: each construct has variance 1 in the model without governance effects. */
export function disturbanceSd(m: PopulationModel): Record<string, number> {
  const idx = new Map<string, number>(CONSTRUCT_ORDER.map((c, i) => [c, i]));
  const C = CONSTRUCT_ORDER.length;
  const cov = new Float64Array(C * C);
  const sd: Record<string, number> = {};
  for (let j = 0; j < C; j++) {
    const name = CONSTRUCT_ORDER[j] as string;
    const preds = m.paths.filter((x) => x.to === name);
    if (preds.length === 0) {
      cov[j * C + j] = 1;
      sd[name] = 1;
      for (let k = 0; k < j; k++) {
        const r = m.exogenousCorrelation;
        cov[j * C + k] = r;
        cov[k * C + j] = r;
      }
      continue;
    }
    // cov(j, k) = Σ b_i cov(i, k) for every earlier k.
    for (let k = 0; k < j; k++) {
      let s = 0;
      for (const x of preds) s += x.coef * (cov[(idx.get(x.from) as number) * C + k] as number);
      cov[j * C + k] = s;
      cov[k * C + j] = s;
    }
    let explained = 0;
    for (const a of preds)
      for (const b of preds)
        explained +=
          a.coef * b.coef * (cov[(idx.get(a.from) as number) * C + (idx.get(b.from) as number)] as number);
    if (explained >= 1) throw new Error(`paths into ${name} explain more than all its variance`);
    sd[name] = Math.sqrt(1 - explained);
    cov[j * C + j] = 1;
  }
  return sd;
}

export interface SyntheticFirm {
  governance: GovernanceType;
  latent: Record<string, number>;
}

/** Draws one firm's governance and latent scores. */
function drawLatent(m: PopulationModel, s: Stream, sd: Record<string, number>): SyntheticFirm {
  const u = s.float();
  let acc = 0;
  let governance: GovernanceType = 'market';
  for (const g of GOV_ORDER) {
    acc += m.governanceShares[g];
    if (u < acc) {
      governance = g;
      break;
    }
  }
  const eta: Record<string, number> = {};
  const z1 = normal(s);
  const z2 = normal(s);
  const r = m.exogenousCorrelation;
  eta.UpgradingPolicy = z1;
  eta.LeadingFirms = r * z1 + Math.sqrt(1 - r * r) * z2;
  for (const c of CONSTRUCT_ORDER.slice(2)) {
    let v = 0;
    for (const x of m.paths) {
      if (x.to !== c) continue;
      const coef = c === OCU && x.from === GVC && governance === 'captive' ? m.captive.gvcToOcu : x.coef;
      v += coef * (eta[x.from] as number);
    }
    if (c === GVC) v += m.gvcShift[governance];
    if (c === OCU && governance === 'captive') v += m.captive.ocuLevel;
    if (c === OCU && governance === 'hierarchy') v += m.hierarchyOcuLevel;
    eta[c] = v + (sd[c] as number) * normal(s);
  }
  return { governance, latent: eta };
}

/** A 1–7 answer from a latent score (reverse-coded items record the mirrored answer). */
function answer(
  m: PopulationModel,
  s: Stream,
  construct: string,
  item: string,
  eta: number,
  reverse: boolean,
) {
  const l = m.loadings[item] ?? 0.75;
  const y = l * eta + Math.sqrt(1 - l * l) * normal(s);
  const x = Math.min(7, Math.max(1, Math.round((m.location[construct] as number) + m.spread * y)));
  return reverse ? 8 - x : x;
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const pick = <T>(s: Stream, xs: readonly T[]): T => xs[s.int(xs.length)] as T;
const between = (s: Stream, lo: number, hi: number) => lo + s.int(hi - lo + 1);

/** The profile answers of one firm (codes of knowledge/instrument/gum.yaml). */
function profile(s: Stream, f: SyntheticFirm): Record<string, number | string> {
  const g = f.governance;
  const e = f.latent;
  const out: Record<string, number | string> = { CLUSTER: 'synthetic hardware cluster' };
  const sizeU = s.float();
  const size =
    g === 'hierarchy' ? (sizeU < 0.5 ? 3 : 4) : sizeU < 0.12 ? 1 : sizeU < 0.6 ? 2 : sizeU < 0.9 ? 3 : 4;
  out.SIZE = size;
  const range = (
    [
      [3, 19],
      [20, 299],
      [300, 999],
      [1000, 5000],
    ] as const
  )[size - 1] as readonly [number, number];
  out.EMPLOYEES = Math.round(range[0] * (range[1] / range[0]) ** s.float());
  if (g === 'hierarchy') out.OWNERSHIP = pick(s, [4, 4, 4, 5, 5, 6]);
  else {
    const o = s.float();
    out.OWNERSHIP = o < 0.9 ? 1 : o < 0.93 ? 5 : o < 0.96 ? 3 : o < 0.98 ? 6 : o < 0.99 ? 4 : 2;
  }
  out.FOUNDED = size === 4 ? between(s, 1978, 2000) : between(s, 1980, 2016);
  // Revenue split: own design and brand follow functional and innovation upgrading; brands are rare
  // under captive governance (buyers keep the brand, THEORY §2.4).
  const oc = e[OCU] as number;
  const high =
    100 * logistic(-1.2 + 0.8 * oc + 0.4 * (e.InnovationCapabilityUpgrading as number) + 0.5 * normal(s));
  const obmShare = logistic(-0.4 + 0.8 * oc + 0.5 * normal(s)) * (g === 'captive' ? 0.3 : 1);
  const obm = Math.round(high * obmShare);
  const odm = Math.round(high) - obm;
  const low = 100 - obm - odm;
  const oea = Math.round(
    low * logistic(-1.6 - 0.7 * (e.TechCapabilityUpgrading as number) + 0.5 * normal(s)),
  );
  Object.assign(out, { REV_OEA: oea, REV_OEM: low - oea, REV_ODM: odm, REV_OBM: obm });
  const exportBase = { market: -1, captive: 1.4, relational: 0.6, modular: 0.8, hierarchy: 1.6 }[g];
  out.EXPORT_SHARE = Math.round(100 * logistic(exportBase + 0.7 * (e[GVC] as number) + 0.4 * normal(s)));
  const [cLo, cHi, sLo, sHi] = (
    {
      market: [5, 20, 6, 25],
      captive: [1, 4, 40, 85],
      relational: [2, 6, 25, 50],
      modular: [3, 8, 20, 45],
      hierarchy: [1, 2, 60, 100],
    } as Record<GovernanceType, [number, number, number, number]>
  )[g];
  out.BUYER_COUNT = between(s, cLo, cHi);
  out.BUYER_SHARE = between(s, sLo, sHi);
  out.BUYER_KIND = pick(
    s,
    {
      market: [8, 8, 4, 4, 7],
      captive: [1, 1, 3, 3, 2],
      relational: [2, 2, 5],
      modular: [2, 1, 5],
      hierarchy: [6],
    }[g],
  );
  const [cx, cd, cap] = GHS_LEVELS[g];
  const grade = (hi: boolean) => (hi ? between(s, 4, 5) : between(s, 1, 2));
  out.GHS_COMPLEXITY = grade(cx);
  out.GHS_CODIFIABILITY = grade(cd);
  out.GHS_CAPABILITY = grade(cap);
  const flag = (b: boolean) => (b ? 1 : 0);
  out.SEGMENTS_1 = flag((e.InnovationCapabilityUpgrading as number) > 0.3);
  out.SEGMENTS_2 = flag(odm + obm >= 20);
  out.SEGMENTS_3 = flag(s.float() < 0.7);
  out.SEGMENTS_4 = flag(obm < 70 || s.float() < 0.5);
  out.SEGMENTS_5 = flag(s.float() < 0.4);
  out.SEGMENTS_6 = flag(obm > 0 || g === 'market');
  out.SEGMENTS_7 = flag(obm > 0);
  out.SEGMENTS_8 = flag(s.float() < 0.3);
  return out;
}

export interface SyntheticSurvey {
  /** The CSV text (the template's columns, one row per firm). */
  csv: string;
  /** The codebook YAML (format of `loadCodebook`). */
  codebook: string;
  /** The known parameters and population values, as JSON text. */
  truth: string;
}

/** Population values of the pooled model and of the group contrasts, by Monte Carlo. */
function populationValues(m: PopulationModel, inst: Instrument, sd: Record<string, number>) {
  const C = CONSTRUCT_ORDER.length;
  const idx = new Map<string, number>(CONSTRUCT_ORDER.map((c, i) => [c, i]));
  const sum = new Float64Array(C);
  const cross = new Float64Array(C * C);
  const itemSum: Record<string, number> = {};
  const groupSum = { captive: new Float64Array(3), other: new Float64Array(3) };
  const groupN = { captive: 0, other: 0 };
  // Within-group moments for GVC → OCU (a one-predecessor equation: the standardised slope is r).
  const gm = { captive: new Float64Array(5), other: new Float64Array(5) };
  const s = counterStream(m.seed, 1);
  const compared = ['OutsideCorrelationUpgrading', 'ValueCapture', 'TechCapabilityUpgrading'];
  const shares: Record<string, number> = {};
  for (let r = 0; r < m.monteCarlo; r++) {
    const f = drawLatent(m, s, sd);
    shares[f.governance] = (shares[f.governance] ?? 0) + 1;
    const v = CONSTRUCT_ORDER.map((c) => f.latent[c] as number);
    for (let i = 0; i < C; i++) {
      sum[i] = (sum[i] as number) + (v[i] as number);
      for (let j = 0; j <= i; j++)
        cross[i * C + j] = (cross[i * C + j] as number) + (v[i] as number) * (v[j] as number);
    }
    const key = f.governance === 'captive' ? 'captive' : 'other';
    groupN[key]++;
    const x = f.latent[GVC] as number;
    const y = f.latent[OCU] as number;
    const g = gm[key];
    g[0] = (g[0] as number) + x;
    g[1] = (g[1] as number) + y;
    g[2] = (g[2] as number) + x * x;
    g[3] = (g[3] as number) + y * y;
    g[4] = (g[4] as number) + x * y;
    for (const c of inst.constructs) {
      let t = 0;
      for (const it of c.items) {
        const a = answer(m, s, c.id, it.id, f.latent[c.id] as number, it.reverse ?? false);
        const scored = it.reverse ? 8 - a : a;
        itemSum[c.id] = (itemSum[c.id] ?? 0) + scored;
        t += scored;
      }
      const ci = compared.indexOf(c.id);
      if (ci >= 0) groupSum[key][ci] = (groupSum[key][ci] as number) + t / c.items.length;
    }
  }
  const M = m.monteCarlo;
  const corr = (i: number, j: number) => {
    const a = Math.max(i, j);
    const b = Math.min(i, j);
    const cov = (n: number, p: number, q: number) => (n - (p * q) / M) / (M - 1);
    const si = sum[i] as number;
    const sj = sum[j] as number;
    return (
      cov(cross[a * C + b] as number, si, sj) /
      Math.sqrt(cov(cross[i * C + i] as number, si, si) * cov(cross[j * C + j] as number, sj, sj))
    );
  };
  const paths = m.paths.map((x) => ({ from: x.from, to: x.to, value: 0 }));
  for (const to of CONSTRUCT_ORDER) {
    const preds = m.paths.filter((x) => x.to === to).map((x) => idx.get(x.from) as number);
    if (!preds.length) continue;
    const k = preds.length;
    const a = preds.flatMap((i) => preds.map((j) => corr(i, j)));
    const b = preds.map((i) => corr(i, idx.get(to) as number));
    const beta = solveSmall(a, b, k);
    preds.forEach((i, n) => {
      const path = paths.find((x) => x.from === CONSTRUCT_ORDER[i] && x.to === to);
      if (path) path.value = beta[n] as number;
    });
  }
  const slope = (g: Float64Array, n: number) => {
    const [sx, sy, sxx, syy, sxy] = Array.from(g);
    const cxy = (sxy as number) - ((sx as number) * (sy as number)) / n;
    return (
      cxy /
      Math.sqrt(((sxx as number) - (sx as number) ** 2 / n) * ((syy as number) - (sy as number) ** 2 / n))
    );
  };
  const means = (k: 'captive' | 'other') =>
    Object.fromEntries(compared.map((c, i) => [c, round((groupSum[k][i] as number) / groupN[k])]));
  const capMeans = means('captive');
  const otherMeans = means('other');
  return {
    draws: M,
    governanceShares: Object.fromEntries(GOV_ORDER.map((g) => [g, round((shares[g] ?? 0) / M)])),
    paths: paths.map((x) => ({ ...x, value: round(x.value) })),
    profile: Object.fromEntries(
      inst.constructs.map((c) => [c.id, round((itemSum[c.id] as number) / (M * c.items.length))]),
    ),
    humphreySchmitz: {
      captiveMean: capMeans,
      otherMean: otherMeans,
      gap: Object.fromEntries(compared.map((c) => [c, round(Number(capMeans[c]) - Number(otherMeans[c]))])),
      gvcToOcuWithinGroup: {
        captive: round(slope(gm.captive, groupN.captive)),
        other: round(slope(gm.other, groupN.other)),
      },
    },
  };
}

function solveSmall(a: number[], b: number[], k: number): number[] {
  const m = a.slice();
  const x = b.slice();
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++)
      if (Math.abs(m[r * k + c] as number) > Math.abs(m[piv * k + c] as number)) piv = r;
    for (let j = 0; j < k; j++)
      [m[c * k + j], m[piv * k + j]] = [m[piv * k + j] as number, m[c * k + j] as number];
    [x[c], x[piv]] = [x[piv] as number, x[c] as number];
    for (let r = c + 1; r < k; r++) {
      const f = (m[r * k + c] as number) / (m[c * k + c] as number);
      for (let j = c; j < k; j++) m[r * k + j] = (m[r * k + j] as number) - f * (m[c * k + j] as number);
      x[r] = (x[r] as number) - f * (x[c] as number);
    }
  }
  for (let c = k - 1; c >= 0; c--) {
    let v = x[c] as number;
    for (let j = c + 1; j < k; j++) v -= (m[c * k + j] as number) * (x[j] as number);
    x[c] = v / (m[c * k + c] as number);
  }
  return x;
}

const round = (x: number, d = 4) => Number(x.toFixed(d));

const csvCell = (v: number | string | undefined) => {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Draws the synthetic survey: data, codebook and truth. Pure and deterministic. */
export function makeSyntheticSurvey(inst: Instrument, m: PopulationModel = POPULATION): SyntheticSurvey {
  const sd = disturbanceSd(m);
  const columns = templateColumns(inst).map((c) => c.column);
  const s = counterStream(m.seed, 0);
  const firms: {
    id: string;
    governance: GovernanceType;
    row: Record<string, number | string | undefined>;
  }[] = [];
  for (let i = 1; i <= m.firms; i++) {
    const f = drawLatent(m, s, sd);
    const row: Record<string, number | string | undefined> = {
      FIRM_ID: `S${String(i).padStart(3, '0')}`,
      ...profile(s, f),
    };
    for (const c of inst.constructs)
      for (const it of c.items)
        row[it.id] = answer(m, s, c.id, it.id, f.latent[c.id] as number, it.reverse ?? false);
    firms.push({ id: row.FIRM_ID as string, governance: f.governance, row });
  }
  const items = inst.constructs.flatMap((c) => c.items.map((it) => it.id));
  const set = (firm: number, values: Record<string, number | undefined>) =>
    Object.assign((firms[firm - 1] as (typeof firms)[number]).row, values);
  set(37, Object.fromEntries(items.map((it) => [it, 4])));
  set(152, Object.fromEntries(items.map((it) => [it, 7])));
  set(88, { LRN3: 8 });
  set(203, { TCU2: 44 });
  set(64, { OCU2: undefined });
  set(120, { SOC1: inst.missingCode, SOC2: inst.missingCode });
  set(251, { VCAP4: undefined, EXPORT_SHARE: undefined });
  set(279, { GHS_CAPABILITY: undefined });

  const csv = `${[columns.join(','), ...firms.map((f) => columns.map((c) => csvCell(f.row[c])).join(','))].join('\n')}\n`;

  const lines = [
    `# Codebook of knowledge/surveys/${SYNTHETIC_ID}.csv (generated by scripts/make-synthetic-survey.ts; format: docs/survey.md).`,
    `# Items follow knowledge/instrument/gum.yaml: 7-point agreement scale, missing code ${inst.missingCode}.`,
    `scale: { min: ${inst.scale.min}, max: ${inst.scale.max} }`,
    `missing: [${inst.missingCode}]`,
    `reverse: [${inst.constructs.flatMap((c) => c.items.filter((i) => i.reverse).map((i) => i.id)).join(', ')}]`,
    'items:',
    ...inst.constructs.flatMap((c) => c.items.map((it) => `  ${it.id}: { construct: ${c.id} }`)),
  ];
  const codebook = `${lines.join('\n')}\n`;

  const truth = {
    id: SYNTHETIC_ID,
    description:
      'Known parameters of the synthetic GUM survey (scripts/make-synthetic-survey.ts; docs/survey.md). "population" holds values of the population model computed by Monte Carlo.',
    model: { ...m, disturbanceSd: Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, round(v)])) },
    badRows: BAD_ROWS.map((b) => ({ ...b, id: `S${String(b.firm).padStart(3, '0')}`, line: b.firm + 1 })),
    population: populationValues(m, inst, sd),
    sample: {
      governanceCounts: Object.fromEntries(
        GOV_ORDER.map((g) => [g, firms.filter((f) => f.governance === g).length]),
      ),
    },
    governance: Object.fromEntries(firms.map((f) => [f.id, f.governance])),
  };
  return { csv, codebook, truth: `${JSON.stringify(truth, null, 2)}\n` };
}
