import type { GhsTable } from '../domain/knowledge.ts';
import { GOVERNANCE_OUTCOMES, GOVERNANCE_TYPES, type PolicyLever } from '../domain/vocabulary.ts';
import type { Graph } from '../network/graph.ts';
import { classifyGovernance } from '../theory/governance.ts';
import type { ClusterParams } from './params.ts';
import { seedKey, streamKey as streamKeyImported, u01 as u01Imported } from './rng.ts';

// Local bindings: imported bindings can compile to getter calls under some loaders (tsx), which the hot loop
// must not pay for.
const u01 = u01Imported;
const streamKey = streamKeyImported;

/**
 * Climb's cluster ABM: firms, lead firms/buyers and auxiliary actors (docs/abm.md gives the ODD
 * description; knowledge/abm/parameters.yaml the defaults and their sources).
 *
 * Storage is on typed arrays (ABM-NOTES §5), grouped by access: a Float32 record of FS values and a byte
 * record of US flags per firm (firm i at i·FS and i·US — one cache line, and four arrays in the firm loop
 * instead of one per attribute), the buyer index in an Int32Array, and `K` knowledge-tie slots per firm in
 * one Int32Array (a CSR with uniform row length, so ties can be replaced without rebuilding offsets).
 * Nothing is allocated per step.
 *
 * Scheduling is synchronous: within a step every firm reads the capabilities of the previous step (double
 * buffers) and the aggregates computed at the step's start; tie replacements and exits are written to
 * pending arrays and applied after the firm loop; entry runs after that, serially, in slot order. All
 * randomness is counter-based (src/abm/rng.ts): the draws of firm i in step t are a function of (seed, t, i),
 * so the result does not depend on the order of visits nor on how firms are split across workers.
 */

/**
 * Constants of the hot loop as enum members: esbuild (tsx, bundled workers) inlines enum members as
 * literals, whereas a module-level `const` is read from the module context (and checked) at every use.
 */
/** Float record fields (see FS below). */
enum R {
  FS = 16,
  PROD = 0,
  DESIGN = 1,
  RND = 2,
  TECH = 3,
  BRAND = 8,
  ABSORB = 9,
  SIZE = 10,
  CASH = 11,
  DOM = 12,
  THIRD = 13,
  RELOC = 14,
  MARGIN = 15,
}
/** Flag record fields. */
enum Q {
  US = 8,
  ALIVE = 0,
  LOCAL = 1,
  POS = 2,
  EXT = 3,
  PLATFORM = 4,
  CHEAT = 5,
  LEAD = 6,
  PEAK = 7,
}
/** Offsets of draws 0–10 of a stream: u01(key, k) hashes key + imul(k + 1, 0x9e3779b9). */
enum H {
  C0 = -1640531527,
  C1 = 1013904242,
  C2 = -626627285,
  C3 = 2027808484,
  C4 = 387276957,
  C5 = -1253254570,
  C6 = 1401181199,
  C7 = -239350328,
  C8 = -1879881855,
  C9 = 774553914,
  C10 = -865977613,
}
enum N {
  INV32 = 2.3283064365386963e-10,
  /** Bins of the per-step table of shirking probabilities by production capability. */
  SHIRK_BINS = 256,
  OEA = 0,
  OEM = 1,
  ODM = 2,
  OBM = 3,
}
enum G {
  MARKET = 0,
}
/** Parameter table of the firm loop: by governance g at g·8 + TG.…, by position q at T.POS + q·8 + TP.…. */
enum T {
  POS = 40,
  SIZE = 72,
}
enum TG {
  TPROC = 0,
  TPROD = 1,
  CEIL = 2,
  OWN = 3,
  RESTRICT = 4,
  POWER = 5,
}
enum TP {
  RNDEFF = 0,
  BRANDEFF = 1,
  MOVE = 2,
  FIXED = 3,
  VALUE = 4,
  MFG = 5,
  /** 1 / max(VALUE, 0.05): the profit rate of the size rule without a division. */
  INVV = 6,
}

export const POS_OEA = 0;
export const POS_OEM = 1;
export const POS_ODM = 2;
export const POS_OBM = 3;

/** Governance indices follow GOVERNANCE_TYPES: market, modular, relational, captive, hierarchy. */
export const GOV_MARKET = 0;
export const GOV_CAPTIVE = 3;

/**
 * Layout of a firm's float record (FS Float32 values per firm, one cache line): the capabilities read by
 * other firms (production, design, R&D, product domain) twice — the current buffer at `cur` (0 or 4), the
 * next one at 4 − cur — then the attributes only the firm itself reads.
 */
export const FS: number = R.FS;
export const F_PROD: number = R.PROD;
export const F_DESIGN: number = R.DESIGN;
export const F_RND: number = R.RND;
export const F_TECH: number = R.TECH;
export const F_BRAND: number = R.BRAND;
export const F_ABSORB: number = R.ABSORB;
export const F_SIZE: number = R.SIZE;
export const F_CASH: number = R.CASH;
export const F_DOM: number = R.DOM;
export const F_THIRD: number = R.THIRD;
export const F_RELOC: number = R.RELOC;
export const F_MARGIN: number = R.MARGIN;
/** Layout of a firm's flag record (US bytes per firm). */
export const US: number = Q.US;
export const U_ALIVE: number = Q.ALIVE;
export const U_LOCAL: number = Q.LOCAL;
export const U_POS: number = Q.POS;
export const U_EXT: number = Q.EXT;
export const U_PLATFORM: number = Q.PLATFORM;
export const U_CHEAT: number = Q.CHEAT;
export const U_LEAD: number = Q.LEAD;
export const U_PEAK: number = Q.PEAK;

/** Per-firm fields readable with `firmValue`. */
export type FirmField =
  | 'prod'
  | 'design'
  | 'rnd'
  | 'tech'
  | 'brand'
  | 'absorb'
  | 'size'
  | 'cash'
  | 'dom'
  | 'third'
  | 'reloc'
  | 'margin';
const FIELD: Record<FirmField, number> = {
  prod: F_PROD,
  design: F_DESIGN,
  rnd: F_RND,
  tech: F_TECH,
  brand: F_BRAND,
  absorb: F_ABSORB,
  size: F_SIZE,
  cash: F_CASH,
  dom: F_DOM,
  third: F_THIRD,
  reloc: F_RELOC,
  margin: F_MARGIN,
};
const DOUBLE_BUFFERED = F_TECH;

/** Offset of a field of firm i in `st.f` (the current buffer for double-buffered fields). */
export function fieldIndex(st: ClusterState, i: number, field: FirmField): number {
  const k = FIELD[field];
  return i * FS + (k <= DOUBLE_BUFFERED ? st.cur + k : k);
}
/** A float attribute of firm i (current state). */
export function firmValue(st: ClusterState, i: number, field: FirmField): number {
  return st.f[fieldIndex(st, i, field)] as number;
}
export function setFirmValue(st: ClusterState, i: number, field: FirmField, x: number): void {
  st.f[fieldIndex(st, i, field)] = x;
}
/** A flag of firm i (U_ALIVE, U_LOCAL, U_POS, …). */
export function firmFlag(st: ClusterState, i: number, flag: number): number {
  return st.u[i * US + flag] as number;
}
export function setFirmFlag(st: ClusterState, i: number, flag: number, x: number): void {
  st.u[i * US + flag] = x;
}

export interface ClusterState {
  /** Firm slots (initial firms plus headroom for entrants). */
  n: number;
  /** Knowledge-tie slots per firm. */
  K: number;
  /** Number of buyers. */
  B: number;
  t: number;
  key: number;
  // firms
  /**
   * Float records, FS per firm: production, design, R&D, product domain (double-buffered: the current
   * buffer at offset `cur`), brand, absorptive capacity, size, cash, domestic and third-market shares,
   * relocated share, last margin (see the F_ constants).
   */
  f: Float32Array;
  /** Offset of the current capability buffer in a float record (0 or 4; swapped every step). */
  cur: number;
  /** Flag records, US bytes per firm: alive, local, position, pipeline, platform, shirking, leading, peak. */
  u: Uint8Array;
  buyer: Int32Array;
  ties: Int32Array;
  /**
   * Strength of each tie slot (0–1; Granovetter 1973, Uzzi 1997): grows with every exchange over the tie,
   * 0 for a new tie; and each firm's sum of its slots' strengths (embeddedness = sum / K).
   */
  tieStr: Float32Array;
  emb: Float32Array;
  pendSlot: Int8Array;
  pendTie: Int32Array;
  /** Firms with a pending tie change / exiting at the end of the step (first nPend / nExit entries). */
  pendList: Int32Array;
  exitList: Int32Array;
  nPend: number;
  nExit: number;
  born: Int32Array;
  initPos: Uint8Array;
  initDom: Float32Array;
  /**
   * 1 / the size each firm started with (its own scale, the reference of the size dynamics, docs/abm.md
   * §7.5; stored inverted so the firm loop multiplies).
   */
  invSize0: Float32Array;
  /** Node of the workspace network each initial firm was cloned from (null without a network). */
  netNode: Int32Array | null;
  // buyers
  gov: Uint8Array;
  govCx: Float32Array;
  govCd: Float32Array;
  buyerActive: Uint8Array;
  /**
   * Per buyer b, at 3b…3b+2: sum of (production + design)/2 and number of its local suppliers
   * (start-of-step aggregates), and its alive suppliers in the observed (new) state.
   */
  buyerAgg: Float64Array;
  /** Scratch of the firm loop: governance of each buyer (−1 when inactive); parameter tables. */
  gbOf: Int32Array;
  tab: Float64Array;
  /** Start-of-step aggregates: local firms, local OEA/OEM firms, their summed production; stale flag. */
  aggLocal: number;
  aggLow: number;
  aggProdLow: number;
  aggStale: boolean;
  /** Totals of the last firm loop: members (local at the step's start), their OEA/OEM count and summed margin, quality sum and count, up-moves. */
  econMembers: number;
  econLow: number;
  econLowMargin: number;
  sumQ: number;
  nQ: number;
  stepMovesUp: number;
  env: StepEnv;
  /** Scratch: shirking probabilities by production bin (SHIRK_BINS + 1). */
  shirkTable: Float64Array;
  // cluster level
  reputation: number;
  cost: number;
  /** Cumulative counts of up-moves into ODM and OBM. */
  movesUp: number;
  govSwitches: number;
  excluded: number;
  /** Scratch: aggregate accumulator and governance weights (reused every step). */
  acc: Float64Array;
  govWeights: Float64Array;
}

/** The per-step aggregates recorded in `series` (one row per step, row 0 = initial state). */
export const SERIES_KEYS = [
  'step',
  'firms',
  'localFirms',
  'OEA',
  'OEM',
  'ODM',
  'OBM',
  'production',
  'design',
  'rnd',
  'brand',
  'absorptive',
  'valueCapture',
  'localValueCapture',
  'margin',
  'reputation',
  'shirking',
  'relocated',
  'domesticShare',
  'gatekeepers',
  'cost',
  'market',
  'modular',
  'relational',
  'captive',
  'hierarchy',
  'movesUp',
  'localOutput',
  'localValue',
] as const;
export type SeriesKey = (typeof SERIES_KEYS)[number];
export const S = Object.fromEntries(SERIES_KEYS.map((k, i) => [k, i])) as Record<SeriesKey, number>;

export interface Lever {
  id: PolicyLever;
  intensity: number;
}

/** A lever's effect size: its intensity (clamped to [0, 1]) times its scale (knowledge/abm/parameters.yaml). */
export function lever(p: ClusterParams, id: PolicyLever): number {
  const x = p.policy[id] ?? 0;
  return Math.max(0, Math.min(1, x)) * (p.leverScale[id] ?? 0);
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** Allocates the state for `firms` initial firms (all arrays; the population is filled by init.ts). */
export function allocateState(firms: number, p: ClusterParams, seed: number): ClusterState {
  const n = Math.ceil(firms * (1 + p.scalars.headroom));
  const K = Math.max(1, Math.round(p.scalars.tieSlots));
  const B = Math.max(1, Math.round(p.scalars.buyers));
  const f = new Float32Array(n * FS);
  // Every slot starts empty (production −1 in both buffers: see removeFirm); init.ts fills the firms.
  for (let i = 0; i < n; i++) {
    f[i * FS + F_PROD] = -1;
    f[i * FS + 4 + F_PROD] = -1;
  }
  return {
    n,
    K,
    B,
    t: 0,
    key: seedKey(seed),
    f,
    cur: 0,
    u: new Uint8Array(n * US),
    buyer: new Int32Array(n).fill(-1),
    ties: new Int32Array(n * K).fill(-1),
    tieStr: new Float32Array(n * K).fill(p.scalars.tieStr0),
    emb: new Float32Array(n).fill(K * Math.fround(p.scalars.tieStr0)),
    pendSlot: new Int8Array(n).fill(-1),
    pendTie: new Int32Array(n),
    pendList: new Int32Array(n),
    exitList: new Int32Array(n),
    nPend: 0,
    nExit: 0,
    born: new Int32Array(n),
    initPos: new Uint8Array(n),
    initDom: new Float32Array(n),
    invSize0: new Float32Array(n).fill(1),
    netNode: null,
    gov: new Uint8Array(B),
    govCx: new Float32Array(B),
    govCd: new Float32Array(B),
    buyerActive: new Uint8Array(B).fill(1),
    buyerAgg: new Float64Array(3 * B),
    gbOf: new Int32Array(B),
    tab: new Float64Array(T.SIZE),
    aggLocal: 0,
    aggLow: 0,
    aggProdLow: 0,
    aggStale: true,
    econMembers: 0,
    econLow: 0,
    econLowMargin: 0,
    sumQ: 0,
    nQ: 0,
    stepMovesUp: 0,
    env: allocateEnv(),
    shirkTable: new Float64Array(SHIRK_BINS + 1),
    reputation: p.scalars.rep0,
    cost: p.scalars.cost0,
    movesUp: 0,
    govSwitches: 0,
    excluded: 0,
    acc: new Float64Array(ACC),
    govWeights: new Float64Array(5),
  };
}

/**
 * Empties slot i (exit, or an intervention): the alive flag goes to 0 and the production capability of both
 * buffers to −1. The −1 lets other firms' rules tell a dead source from its float record alone (production
 * is never negative in a live firm), so a read of a source costs one cache line instead of two.
 */
export function removeFirm(st: ClusterState, i: number): void {
  st.u[i * US + U_ALIVE] = 0;
  st.f[i * FS + F_PROD] = -1;
  st.f[i * FS + 4 + F_PROD] = -1;
}

/**
 * Sets the strength of the empty tie slots to 0 and each firm's embeddedness to the sum of its slots'
 * strengths: run once after the initial ties are placed (a firm with fewer than K sources is less embedded,
 * not embedded in relations it does not have).
 */
export function settleTieStrength(st: ClusterState): void {
  const { K, ties, tieStr, emb } = st;
  for (let i = 0; i < st.n; i++) {
    let e = 0;
    for (let s = i * K; s < i * K + K; s++) {
      if ((ties[s] as number) < 0) tieStr[s] = 0;
      e += tieStr[s] as number;
    }
    emb[i] = e;
  }
}

/** Copies the first K neighbours of each node of a graph into the tie slots (firms 0…g.n−1). */
export function tiesFromGraph(st: ClusterState, g: Pick<Graph, 'n' | 'outOffsets' | 'outTargets'>): void {
  const K = st.K;
  for (let i = 0; i < g.n && i < st.n; i++) {
    const lo = g.outOffsets[i] as number;
    const hi = g.outOffsets[i + 1] as number;
    let s = 0;
    for (let e = lo; e < hi && s < K; e++) {
      const j = g.outTargets[e] as number;
      if (j < st.n && j !== i) st.ties[i * K + s++] = j;
    }
  }
}

/** Scratch space of the step (allocated once per run). */
export interface Scratch {
  govMembership: Float64Array;
}

export function allocateScratch(): Scratch {
  return { govMembership: new Float64Array(GOVERNANCE_OUTCOMES.length) };
}

/**
 * Reviews each buyer's governance from the GHS determinants (Gereffi, Humphrey & Sturgeon 2005, Table 1),
 * reusing the project's classifier: complexity and codifiability are the buyer's (fixed), supplier
 * capability is the mean (production + design)/2 of its local suppliers, read as a degree of "high"
 * between capLow and capHigh. A new type replaces the current one only when its membership exceeds the
 * current type's by govHysteresis. "Exclusion" ends the buyer's sourcing from the cluster.
 */
export function reviewGovernance(st: ClusterState, p: ClusterParams, ghs: GhsTable): void {
  const { capLow, capHigh, govHysteresis } = p.scalars;
  for (let b = 0; b < st.B; b++) {
    const nb = st.buyerAgg[3 * b + 1] as number;
    if (!st.buyerActive[b] || nb < 1) continue;
    const cap = (st.buyerAgg[3 * b] as number) / nb;
    const capDeg = clamp01((cap - capLow) / (capHigh - capLow));
    const r = classifyGovernance(
      {
        complexity: 1 + 4 * (st.govCx[b] as number),
        codifiability: 1 + 4 * (st.govCd[b] as number),
        capability: 1 + 4 * capDeg,
      },
      ghs,
    );
    const cur = GOVERNANCE_TYPES[st.gov[b] as number] as (typeof GOVERNANCE_TYPES)[number];
    if (r.type === 'not-expected') continue;
    if (r.membership[r.type] - r.membership[cur] <= govHysteresis) continue;
    if (r.type === 'exclusion') {
      st.buyerActive[b] = 0;
      st.excluded++;
      continue;
    }
    st.gov[b] = GOVERNANCE_TYPES.indexOf(r.type);
    st.govSwitches++;
  }
}

/** Bins of the per-step table of shirking probabilities by production capability. */
const SHIRK_BINS = N.SHIRK_BINS;

/** e^(−j/64), j = 0…2048: the table of `expNeg`. */
const EXP_TABLE = new Float64Array(2049);
for (let j = 0; j <= 2048; j++) EXP_TABLE[j] = Math.exp(-j / 64);

/**
 * e^(−x) for x ≥ 0 in the firm loop: e^(−j/64) from the table times e^(−r), r = x − j/64 < 1/64, by its
 * cubic Taylor polynomial (relative error < 3·10⁻⁹, far below the Float32 state's resolution); 0 from
 * x = 32 on (e^(−32) ≈ 10⁻¹⁴). Small enough to be inlined, whereas Math.exp is a call into C++ around which
 * the optimiser spills every live register.
 */
function expNeg(tab: Float64Array, x: number): number {
  if (!(x < 32)) return 0;
  const j = Math.floor(x * 64);
  const r = x - j * 0.015625;
  return (tab[j] as number) * (1 - r * (1 - r * (0.5 - r * 0.16666666666666666)));
}

/** Probability that a member shirks on quality (logit choice, docs/abm.md §7.9). */
function shirkProbability(
  p0: number,
  qualityCost: number,
  ownRepLoss: number,
  enf: number,
  penalty: number,
  cheatTemp: number,
): number {
  const x = (qualityCost - ownRepLoss * p0 - enf * penalty) / cheatTemp;
  return x > 30 ? 1 : x < -30 ? 0 : 1 / (1 + Math.exp(-x));
}

/** Constants of one step, computed once per step from the parameters and the levers (reused object). */
export interface StepEnv {
  stepKey: number;
  meanProdLow: number;
  crowdLow: number;
  members: number;
  enf: number;
  lvIp: number;
  lvTraining: number;
  lvRnd: number;
  lvPool: number;
  lvLead: number;
  lvLand: number;
  lvEnv: number;
  lvRelocSupport: number;
  platLevel: number;
  platRate: number;
  obmBrand: number;
  restrictCut: number;
  domTarget: number;
  thirdTarget: number;
  ownRepLoss: number;
  pressure: boolean;
  rep: number;
  cost: number;
  promo: number;
  /** Agglomeration factor of the markup: 1 − thinLoss·(1 − σ), σ the critical-mass sigmoid. */
  aggl: number;
  /** Cost factor of a thin cluster: 1 + thinCost·(1 − σ). */
  thinCostFactor: number;
}

export function allocateEnv(): StepEnv {
  return {
    stepKey: 0,
    meanProdLow: 0,
    crowdLow: 0,
    members: 1,
    enf: 0,
    lvIp: 0,
    lvTraining: 0,
    lvRnd: 0,
    lvPool: 0,
    lvLead: 0,
    lvLand: 0,
    lvEnv: 0,
    lvRelocSupport: 0,
    platLevel: 0,
    platRate: 0,
    obmBrand: 0,
    restrictCut: 1,
    domTarget: 0,
    thirdTarget: 0,
    ownRepLoss: 0,
    pressure: false,
    rep: 0,
    cost: 0,
    promo: 0,
    aggl: 1,
    thinCostFactor: 1,
  };
}

/**
 * Recomputes the start-of-step aggregates (local firms, OEA/OEM crowding and mean production, each buyer's
 * supplier capability) with a full pass. The step keeps them up to date itself (they are accumulated in the
 * firm loop and by entry); this pass is needed only at initialisation and after an intervention changed the
 * state between steps.
 */
export function refreshAggregates(st: ClusterState): void {
  let nLocal = 0;
  let nLow = 0;
  let sumProdLow = 0;
  const { n, f, u, cur, buyer, buyerAgg } = st;
  for (let b = 0; b < st.B; b++) {
    buyerAgg[3 * b] = 0;
    buyerAgg[3 * b + 1] = 0;
  }
  for (let i = 0; i < n; i++) {
    const ui = i * US;
    if (!u[ui + U_ALIVE] || !u[ui + U_LOCAL]) continue;
    const fc = i * FS + cur;
    nLocal++;
    if ((u[ui + U_POS] as number) <= POS_OEM) {
      nLow++;
      sumProdLow += f[fc + F_PROD] as number;
    }
    const b = buyer[i] as number;
    if (b >= 0) {
      buyerAgg[3 * b] =
        (buyerAgg[3 * b] as number) + 0.5 * ((f[fc + F_PROD] as number) + (f[fc + F_DESIGN] as number));
      buyerAgg[3 * b + 1] = (buyerAgg[3 * b + 1] as number) + 1;
    }
  }
  st.aggLocal = nLocal;
  st.aggLow = nLow;
  st.aggProdLow = sumProdLow;
  st.aggStale = false;
}

function stepEnv(st: ClusterState, p: ClusterParams, e: StepEnv): void {
  const sc = p.scalars;
  if (st.aggStale) refreshAggregates(st);
  const nLocal = st.aggLocal;
  const nLow = st.aggLow;
  const members = Math.max(1, nLocal);
  const lvProfMarket = lever(p, 'professional-market');
  const lvPlatform = Math.min(1, lever(p, 'common-tech-platform'));
  e.stepKey = streamKey(st.key, st.t, 0x51ed);
  e.meanProdLow = nLow > 0 ? st.aggProdLow / nLow : 0;
  e.crowdLow = nLocal > 0 ? nLow / nLocal : 0;
  e.members = members;
  e.enf = Math.min(1, sc.enforcement + lever(p, 'cluster-association'));
  e.lvIp = lever(p, 'ip-protection');
  e.lvTraining = lever(p, 'training');
  e.lvRnd = lever(p, 'rnd-subsidy');
  e.lvPool = lever(p, 'patent-pool');
  e.lvLead = lever(p, 'leading-firm-support');
  e.lvLand = lever(p, 'land-efficiency');
  e.lvEnv = lever(p, 'environmental-standards');
  e.lvRelocSupport = lever(p, 'relocation-support');
  e.platLevel = sc.platformLevel * lvPlatform;
  e.platRate = sc.platformRate * lvPlatform;
  e.obmBrand = sc.obmBrand * (1 - 0.5 * lvProfMarket);
  e.restrictCut = 1 - Math.min(1, lever(p, 'patent-pool'));
  e.domTarget = sc.domShare + lever(p, 'domestic-market') + 0.1 * lvProfMarket;
  e.thirdTarget = sc.thirdShare + lever(p, 'export-promotion');
  // Own effect of shirking on reputation, spread over the members (collective reputation, Tirole 1996).
  e.ownRepLoss = (sc.premium * sc.repRate * sc.cheatCut * sc.repHorizon) / members;
  e.pressure = st.cost > sc.relocThreshold;
  e.rep = st.reputation;
  e.cost = st.cost;
  e.promo = lever(p, 'regional-brand');
  // Local self-augmenting processes (labour pool, suppliers, spillovers) need critical mass (Brenner 2001).
  const mass = criticalMassSigmoid(nLocal, sc.criticalMass, sc.massSteep);
  e.aggl = 1 - sc.thinLoss * (1 - mass);
  e.thinCostFactor = 1 + sc.thinCost * (1 - mass);
}

/**
 * Strength of the local self-augmenting processes at n local firms (Brenner 2001, 2004): the sigmoid
 * n^h / (n^h + m^h), ½ at the critical mass m; 1 when m ≤ 0 (processes off).
 */
export function criticalMassSigmoid(n: number, m: number, h: number): number {
  if (!(m > 0)) return 1;
  if (n <= 0) return 0;
  const x = (m / n) ** h;
  return 1 / (1 + x);
}

/**
 * The firm loop of one step (docs/abm.md §3, §7): for each alive firm in index order, the learning
 * submodels (absorptive capacity, a tie, the pipeline, the platform, buyer transfer, R&D, innovation,
 * brand, depreciation — written to the second capability buffer) and the economic submodels (quality
 * choice, margin, functional move, channels, relocation, exit flag, tie search — own state only). Every
 * read of another firm's state reads what the step started with (previous capability buffers, ties and
 * alive flags, which change only after the loop), so the visit order does not matter. All of a firm's draws
 * come from one stream key per step: draws 0–4 learning, 5–9 economics, 10–13 tie search.
 *
 * The same loop accumulates the observation of the new state (series) and the aggregates the next step
 * starts from, so that a step makes one pass over the firms plus short passes over the pending tie changes
 * and exits.
 */
function firmLoop(st: ClusterState, p: ClusterParams, e: StepEnv): void {
  const sc = p.scalars;
  const { n, K, f, u, buyer, ties, pendSlot, pendTie, pendList, exitList, buyerAgg, gbOf, tab } = st;
  const { tieStr, emb, invSize0 } = st;
  const cur = st.cur;
  const nxt = 4 - cur;
  // Per-step tables: each buyer's governance (−1 when it no longer sources here), and the parameters by
  // governance and by position in one array (fewer arrays in the loop, fewer registers).
  for (let b = 0; b < st.B; b++) gbOf[b] = st.buyerActive[b] === 1 ? (st.gov[b] as number) : -1;
  const bg = p.byGovernance;
  for (let g = 0; g < 5; g++) {
    tab[g * 8 + TG.TPROC] = bg.transferProcess[g] as number;
    tab[g * 8 + TG.TPROD] = bg.transferProduct[g] as number;
    tab[g * 8 + TG.CEIL] = bg.designCeiling[g] as number;
    tab[g * 8 + TG.OWN] = bg.ownDesign[g] as number;
    tab[g * 8 + TG.RESTRICT] = bg.restrict[g] as number;
    tab[g * 8 + TG.POWER] = bg.power[g] as number;
  }
  const bp = p.byPosition;
  for (let q = 0; q < 4; q++) {
    const o = T.POS + q * 8;
    tab[o + TP.RNDEFF] = bp.rndEffort[q] as number;
    tab[o + TP.BRANDEFF] = bp.brandEffort[q] as number;
    tab[o + TP.MOVE] = bp.moveCost[q] as number;
    tab[o + TP.FIXED] = bp.fixedCost[q] as number;
    tab[o + TP.VALUE] = p.positionValue[q] as number;
    tab[o + TP.MFG] = p.manufacturingValue[q] as number;
    tab[o + TP.INVV] = 1 / Math.max(p.positionValue[q] as number, 0.05);
  }
  const ownDesignMarket = bg.ownDesign[G.MARKET] as number;
  const { pLearn, learnRate, absorbBase, absorbRnd, absorbProd, pExt, frontier, pExtGain } = sc;
  const { buyerProd, buyerDesign, rndRate, pInnov, innovSize, brandRate, trainingAbsorb } = sc;
  const { muBase, bertrand, muCap, muDesign, muBrand, relocSaving, premium, qualityCost, penalty } = sc;
  const { cheatTemp, exitCash, sizeGrowth, pMove, pDown, oemProd, odmProd, odmDesign, obmDesign } = sc;
  const { pReloc, relocStep, domDrift, domUpgrade, pTieSearch, pTriadic, cheatCut } = sc;
  const invCog = 1 / sc.cogDistance;
  const { techPenalty, techAdapt, demandTech, divAbsorb, nvcTransfer, nvcLevel } = sc;
  const invTech = sc.techDistance > 0 ? 1 / sc.techDistance : 0;
  const { tieGrow, embedLearn, pipeCost, tieStr0, normalProfit, sizeDamping, growthCap, learnByDoing } = sc;
  const embedSavingK = sc.embedSaving / K;
  const keep = 1 - sc.decay;
  const { stepKey, lvIp, lvTraining, lvRnd, lvPool, lvLead, platLevel, platRate } = e;
  const { meanProdLow, crowdLow, enf, ownRepLoss, rep, cost, lvLand, lvEnv } = e;
  const { obmBrand, restrictCut, domTarget, thirdTarget, pressure, lvRelocSupport, aggl, thinCostFactor } = e;
  const m0 = bg.power[G.MARKET] as number;
  const trainAdd = trainingAbsorb * lvTraining;
  const relocP = pReloc * (1 + lvRelocSupport);
  const mc0 = bp.moveCost[0] as number;
  const mc1 = bp.moveCost[1] as number;
  const mc2 = bp.moveCost[2] as number;
  const innovLow = 0.5 * pInnov;
  const obsAcc = st.acc;
  const expTab = EXP_TABLE;
  // Shirking probability at production k / N.SHIRK_BINS (exact formula; monotone in production, so the table
  // brackets every firm's probability).
  const shirkTable = st.shirkTable;
  for (let k = 0; k <= N.SHIRK_BINS; k++)
    shirkTable[k] = shirkProbability(k / N.SHIRK_BINS, qualityCost, ownRepLoss, enf, penalty, cheatTemp);
  buyerAgg.fill(0);
  let nSearch = 0;
  let nExit = 0;
  let movesUp = 0;
  // Economic totals of this step (entry), quality of the regional brand's members.
  let nMembers = 0;
  let lowMargin = 0;
  let nLowEcon = 0;
  let sumQ = 0;
  let nQ = 0;
  // Observation of the new state (firms that stay).
  let oFirms = 0;
  let oLocal = 0;
  let oA = 0;
  let oB = 0;
  let oC = 0;
  let oD = 0;
  let oProd = 0;
  let oDesign = 0;
  let oRnd = 0;
  let oBrand = 0;
  let oAbsorb = 0;
  let oSize = 0;
  let oVc = 0;
  let oLvc = 0;
  let oMargin = 0;
  let oReloc = 0;
  let oDom = 0;
  let oGk = 0;
  let oShirk = 0;
  let oLsize = 0;
  // Aggregates the next step starts from.
  let aLocal = 0;
  let aLow = 0;
  let aProdLow = 0;
  for (let i = 0; i < n; i++) {
    const fi = i * R.FS;
    const fc = fi + cur;
    const fn = fi + nxt;
    const ui = i * Q.US;
    const p0 = f[fc] as number;
    const d0 = f[fc + 1] as number;
    const r0 = f[fc + 2] as number;
    const t0 = f[fc + 3] as number;
    if (u[ui] !== 1) {
      f[fn] = p0;
      f[fn + 1] = d0;
      f[fn + 2] = r0;
      f[fn + 3] = t0;
      continue;
    }
    const b0 = f[fi + R.BRAND] as number;
    // The firm's stream key for this step, streamKey(stepKey, i, 0) of rng.ts written out (the hash is
    // inlined by hand in this loop: a call returning a number would box it).
    let z = stepKey ^ Math.imul(i, 0x9e3779b9);
    z ^= z >>> 16;
    z = Math.imul(z, 0x21f0aaad);
    z ^= z >>> 15;
    z = Math.imul(z, 0x735a2d97);
    z ^= z >>> 15;
    z ^= z >>> 16;
    z = Math.imul(z, 0x21f0aaad);
    z ^= z >>> 15;
    z = Math.imul(z, 0x735a2d97);
    z ^= z >>> 15;
    const key = z;
    const pi = u[ui + Q.POS] as number;
    const bi = buyer[i] as number;
    const gb = bi >= 0 ? (gbOf[bi] as number) : -1;
    const di = f[fi + R.DOM] as number;
    const ti = f[fi + R.THIRD] as number;
    const gvc0 = 1 - di - ti;
    const gvc = gb >= 0 && gvc0 > 0 ? gvc0 : 0;
    const ci = f[fi + R.CASH] as number;
    const member = u[ui + Q.LOCAL] === 1;
    const po = T.POS + pi * 8;
    const rl0 = f[fi + R.RELOC] as number;

    // ---- Learning (7.1–7.4) ----
    // Diversity of channels (Gini–Simpson of domestic, third-market and other sales, scaled to 1 at 50/50).
    const s3 = 1 - di - ti;
    let dv = 2 * (1 - di * di - ti * ti - s3 * s3);
    dv = dv < 0 ? 0 : dv > 1 ? 1 : dv;
    let a = absorbBase + absorbRnd * r0 + absorbProd * p0 + trainAdd + divAbsorb * dv;
    a = a < 0 ? 0 : a > 1 ? 1 : a;
    f[fi + R.ABSORB] = a;
    let p1 = p0;
    let d1 = d0;
    let r1 = r0;
    let b1 = b0;
    let t1 = t0;
    let h0 = (key + H.C0) | 0;
    h0 ^= h0 >>> 16;
    h0 = Math.imul(h0, 0x21f0aaad);
    h0 ^= h0 >>> 15;
    h0 = Math.imul(h0, 0x735a2d97);
    h0 ^= h0 >>> 15;
    if ((h0 >>> 0) * N.INV32 < pLearn) {
      let h1 = (key + H.C1) | 0;
      h1 ^= h1 >>> 16;
      h1 = Math.imul(h1, 0x21f0aaad);
      h1 ^= h1 >>> 15;
      h1 = Math.imul(h1, 0x735a2d97);
      h1 ^= h1 >>> 15;
      const ts = i * K + Math.floor((h1 >>> 0) * N.INV32 * K);
      const j = ties[ts] as number;
      const str = tieStr[ts] as number;
      const fj = j * R.FS + cur;
      // A dead source has production −1 (removeFirm): no read of its flag record.
      if (j >= 0 && (f[fj] as number) >= 0) {
        // Cognitive proximity of product domains (Boschma 2005): far domains transfer less.
        const tj = f[fj + 3] as number;
        const dtj = tj - t0;
        const adt = dtj < 0 ? -dtj : dtj;
        // Strong ties carry fine-grained knowledge, weak ones less (Uzzi 1997), relative to a tie of the
        // initial strength (for which learnRate holds); each exchange strengthens the tie.
        const w =
          learnRate *
          a *
          (1 + embedLearn * (str - tieStr0)) *
          (invTech > 0 ? expNeg(expTab, adt * invTech) : 1);
        const sn = Math.fround(str + tieGrow * (1 - str));
        tieStr[ts] = sn;
        emb[i] = (emb[i] as number) + (sn - str);
        // Imitation of the source's product domain when it sits closer to demand.
        const fj1 = tj - demandTech;
        const fi1 = t0 - demandTech;
        if ((fj1 < 0 ? -fj1 : fj1) < (fi1 < 0 ? -fi1 : fi1)) t1 += w * dtj;
        const gp = (f[fj] as number) - p0;
        if (gp > 0) p1 += w * gp * expNeg(expTab, gp * invCog);
        const gd = (f[fj + 1] as number) - d0;
        if (gd > 0) d1 += w * (1 - lvIp) * gd * expNeg(expTab, gd * invCog);
        const gr = (f[fj + 2] as number) - r0;
        if (gr > 0) r1 += 0.5 * w * gr * expNeg(expTab, gr * invCog);
      } else if (str > 0) {
        // The source has gone: the relation ends.
        tieStr[ts] = 0;
        emb[i] = (emb[i] as number) - str;
      }
    }
    let h2 = (key + H.C2) | 0;
    h2 ^= h2 >>> 16;
    h2 = Math.imul(h2, 0x21f0aaad);
    h2 ^= h2 >>> 15;
    h2 = Math.imul(h2, 0x735a2d97);
    h2 ^= h2 >>> 15;
    const u2 = (h2 >>> 0) * N.INV32;
    if (u[ui + Q.EXT] === 1) {
      if (u2 < pExt) {
        const w = 0.5 * learnRate * a;
        // Global pipelines also bring market knowledge: the product domain moves toward demand.
        t1 += w * (demandTech - t0);
        if (frontier > p0) p1 += w * (frontier - p0);
        if (frontier > d0) d1 += w * (frontier - d0);
        if (frontier > r0) r1 += 0.5 * w * (frontier - r0);
      }
    } else if (a > 0.5 && u2 < pExtGain) u[ui + Q.EXT] = 1;
    if (platRate > 0 && u[ui + Q.PLATFORM] === 1) {
      const w = platRate * a;
      if (platLevel > p0) p1 += w * (platLevel - p0);
      if (platLevel > r0) r1 += 0.5 * w * (platLevel - r0);
    }
    if (gb >= 0) {
      const go = gb * 8;
      const tp = (tab[go + TG.TPROC] as number) * gvc * (0.5 + 0.5 * a);
      if (buyerProd > p0) p1 += tp * (buyerProd - p0);
      const dc = tab[go + TG.CEIL] as number;
      const ceil = buyerDesign < dc ? buyerDesign : dc;
      if (ceil > d0) d1 += (tab[go + TG.TPROD] as number) * gvc * (ceil - d0);
      d1 += ((tab[go + TG.OWN] as number) * gvc + ownDesignMarket * (1 - gvc)) * a * (1 - d0);
    } else d1 += ownDesignMarket * a * (1 - d0);
    // Domestic (NVC) buyers pass on design and marketing know-how without restricting functional moves
    // (Bazan & Navas-Alemán 2004; Navas-Alemán 2011).
    if (nvcTransfer > 0 && di > 0) {
      if (nvcLevel > d0) d1 += nvcTransfer * di * (nvcLevel - d0);
      if (nvcLevel > b0) b1 += nvcTransfer * di * (nvcLevel - b0);
    }
    // Learning by doing (Arrow 1962): production know-how grows with the manufacturing done locally.
    p1 += learnByDoing * (1 - rl0) * (1 - p0);
    // Own market search: the product domain drifts slowly toward demand.
    t1 += techAdapt * a * (demandTech - t0);
    const funds = ci > 0 ? 1 : 0.3;
    const leadBoost = u[ui + Q.LEAD] === 1 ? 1 + lvLead : 1;
    const eff = ((tab[po + TP.RNDEFF] as number) * (1 + lvRnd) + 0.3 * lvPool) * funds * leadBoost;
    r1 += rndRate * eff * (1 - r0);
    let h3 = (key + H.C3) | 0;
    h3 ^= h3 >>> 16;
    h3 = Math.imul(h3, 0x21f0aaad);
    h3 ^= h3 >>> 15;
    h3 = Math.imul(h3, 0x735a2d97);
    h3 ^= h3 >>> 15;
    if ((h3 >>> 0) * N.INV32 < (pi >= N.OEM ? pInnov : innovLow) * r0) {
      let h4 = (key + H.C4) | 0;
      h4 ^= h4 >>> 16;
      h4 = Math.imul(h4, 0x21f0aaad);
      h4 ^= h4 >>> 15;
      h4 = Math.imul(h4, 0x735a2d97);
      h4 ^= h4 >>> 15;
      const x = innovSize * (h4 >>> 0) * N.INV32;
      d1 += x;
      p1 += 0.5 * x;
    }
    b1 += brandRate * (tab[po + TP.BRANDEFF] as number) * funds * leadBoost * (1 - b0);
    const p2 = p1 > 1 ? keep : p1 * keep;
    const d2 = d1 > 1 ? keep : d1 * keep;
    const r2 = r1 > 1 ? keep : r1 * keep;
    const b2 = b1 > 1 ? keep : b1 * keep;
    f[fn] = p2;
    f[fn + 1] = d2;
    f[fn + 2] = r2;
    f[fn + 3] = t1 < 0 ? 0 : t1 > 1 ? 1 : t1;
    // Brand is read by the firm itself only: updated in place.
    f[fi + R.BRAND] = b2;

    // ---- Economics (7.5–7.10) ----
    const g = gb >= 0 ? gb : G.MARKET;
    let shirk = 0;
    if (member) {
      let h8 = (key + H.C8) | 0;
      h8 ^= h8 >>> 16;
      h8 = Math.imul(h8, 0x21f0aaad);
      h8 ^= h8 >>> 15;
      h8 = Math.imul(h8, 0x735a2d97);
      h8 ^= h8 >>> 15;
      // Bracket the logistic from the per-step table; the exact value only when the draw falls inside.
      let kq = Math.floor(p0 * N.SHIRK_BINS);
      kq = kq < 0 ? 0 : kq >= N.SHIRK_BINS ? N.SHIRK_BINS - 1 : kq;
      const ta = shirkTable[kq] as number;
      const tb = shirkTable[kq + 1] as number;
      const uq = (h8 >>> 0) * N.INV32;
      if (uq < (ta < tb ? ta : tb)) shirk = 1;
      else if (uq >= (ta < tb ? tb : ta)) shirk = 0;
      else {
        // shirkProbability(p0, …) written out.
        const xq = (qualityCost - ownRepLoss * p0 - enf * penalty) / cheatTemp;
        shirk = uq < (xq > 30 ? 1 : xq < -30 ? 0 : 1 / (1 + Math.exp(-xq))) ? 1 : 0;
      }
    }
    u[ui + Q.CHEAT] = shirk;
    const pw = gvc * (tab[g * 8 + TG.POWER] as number) + (1 - gvc) * m0;
    let mu: number;
    if (pi <= N.OEM) mu = muBase * (1 - bertrand * crowdLow) + muCap * (p0 - meanProdLow);
    else if (pi === N.ODM) mu = muBase + muDesign * d0 + 0.2 * lvIp;
    else mu = muBase + muBrand * (0.7 * b0 + 0.3 * rep) + 0.2 * lvIp;
    // Product fit with demand (lock-in: Grabher 1993) and agglomeration economies (Brenner 2001).
    const fd = t0 - demandTech;
    const fit = 1 - techPenalty * (fd < 0 ? -fd : fd);
    mu *= (fit > 0 ? fit : 0) * aggl;
    if (mu < 0) mu = 0;
    const rl = rl0;
    const unitCost = (pi <= N.OEM ? cost + lvLand : cost) + (p0 < 0.4 ? lvEnv : 0);
    // Costs of manufacturing and fixed services are higher in a thin cluster (no labour pool, no local
    // suppliers): × thinCostFactor ≥ 1 (Brenner 2001).
    let m =
      (tab[po + TP.VALUE] as number) * (1 - pw) * mu -
      (unitCost * (tab[po + TP.MFG] as number) * (1 - relocSaving * rl) + (tab[po + TP.FIXED] as number)) *
        thinCostFactor;
    // Embeddedness: strong local ties save transaction and coordination costs (trust, joint problem
    // solving; Uzzi 1997); a global pipeline costs upkeep (Bathelt et al. 2004).
    if (member) m += premium * rep - (shirk === 1 ? 0 : qualityCost) + embedSavingK * (emb[i] as number);
    if (u[ui + Q.EXT] === 1) m -= pipeCost;
    if (shirk === 1 && enf > 0) {
      let h9 = (key + H.C9) | 0;
      h9 ^= h9 >>> 16;
      h9 = Math.imul(h9, 0x21f0aaad);
      h9 ^= h9 >>> 15;
      h9 = Math.imul(h9, 0x735a2d97);
      h9 ^= h9 >>> 15;
      if ((h9 >>> 0) * N.INV32 < enf) m -= penalty;
    }
    f[fi + R.MARGIN] = m;
    let c = ci + m;
    // Size: capital follows the profit rate on the firm's own revenue (value share V[pos] per unit), with
    // decreasing returns relative to the firm's own starting scale (limited demand for its products).
    const s0 = f[fi + R.SIZE] as number;
    let gs =
      sizeGrowth * (m * (tab[po + TP.INVV] as number) - normalProfit) -
      sizeDamping * (s0 * (invSize0[i] as number) - 1);
    gs = gs < -growthCap ? -growthCap : gs > growthCap ? growthCap : gs;
    let s = s0 * (1 + gs);
    s = s < 0.05 ? 0.05 : s > 1000 ? 1000 : s;
    f[fi + R.SIZE] = s;
    if (member) {
      nMembers++;
      if (pi <= N.OEM) {
        nLowEcon++;
        lowMargin += m;
      }
    }
    const restr = (tab[g * 8 + TG.RESTRICT] as number) * gvc * restrictCut;
    let np = pi;
    // Draw 5 only for eligible firms (a draw is a pure function of its coordinates, so skipping it changes nothing).
    let eligible = false;
    let pm = pMove;
    if (pi === N.OEA) eligible = p0 >= oemProd && c >= mc0;
    else if (pi === N.OEM) {
      eligible = p0 >= odmProd && d0 >= odmDesign && c >= mc1;
      pm = pMove * (1 - restr);
    } else if (pi === N.ODM) {
      eligible = d0 >= obmDesign && b0 >= obmBrand && c >= mc2;
      pm = pMove * (1 - restr);
    }
    if (eligible) {
      let h5 = (key + H.C5) | 0;
      h5 ^= h5 >>> 16;
      h5 = Math.imul(h5, 0x21f0aaad);
      h5 ^= h5 >>> 15;
      h5 = Math.imul(h5, 0x735a2d97);
      h5 ^= h5 >>> 15;
      if ((h5 >>> 0) * N.INV32 < pm) np = pi + 1;
    }
    let bn = bi;
    if (np !== pi) {
      c -= tab[po + TP.MOVE] as number;
      if (np >= N.ODM) movesUp++;
      if (np === N.OBM) {
        bn = -1;
        buyer[i] = -1;
      }
      if (np > (u[ui + Q.PEAK] as number)) u[ui + Q.PEAK] = np;
    } else if (pi >= N.ODM && c < 0) {
      let h6 = (key + H.C6) | 0;
      h6 ^= h6 >>> 16;
      h6 = Math.imul(h6, 0x21f0aaad);
      h6 ^= h6 >>> 15;
      h6 = Math.imul(h6, 0x735a2d97);
      h6 ^= h6 >>> 15;
      if ((h6 >>> 0) * N.INV32 < pDown) np = pi - 1;
    }
    u[ui + Q.POS] = np;
    f[fi + R.CASH] = c;
    const dt = domTarget + (np >= N.ODM ? domUpgrade : 0);
    let dn = di + domDrift * (dt - di);
    dn = dn < 0 ? 0 : dn > 1 ? 1 : dn;
    let tn = ti + domDrift * (thirdTarget - ti);
    tn = tn < 0 ? 0 : tn > 1 ? 1 : tn;
    if (dn + tn > 1) tn = 1 - dn;
    f[fi + R.DOM] = dn;
    f[fi + R.THIRD] = tn;
    let isLocal = member;
    let rn = rl;
    if (pressure && member) {
      let h7 = (key + H.C7) | 0;
      h7 ^= h7 >>> 16;
      h7 = Math.imul(h7, 0x21f0aaad);
      h7 ^= h7 >>> 15;
      h7 = Math.imul(h7, 0x735a2d97);
      h7 ^= h7 >>> 15;
      // Only firms under cost pressure relocate (whatever the relocation probability).
      if ((h7 >>> 0) * N.INV32 < relocP * (np <= N.OEM ? 1 : 0.5)) {
        if (np === N.OEA && lvRelocSupport === 0) rn = 1;
        else rn = rl + relocStep < 1 ? rl + relocStep : 1;
        f[fi + R.RELOC] = rn;
        if (rn >= 1 && np <= N.OEM) {
          isLocal = false;
          u[ui + Q.LOCAL] = 0;
        }
      }
    }
    let h10 = (key + H.C10) | 0;
    h10 ^= h10 >>> 16;
    h10 = Math.imul(h10, 0x21f0aaad);
    h10 ^= h10 >>> 15;
    h10 = Math.imul(h10, 0x735a2d97);
    h10 ^= h10 >>> 15;
    // Tie search: the candidates are listed here and searched after the loop (same reads, no call here).
    if ((h10 >>> 0) * N.INV32 < pTieSearch) pendList[nSearch++] = i;
    if (c < exitCash) {
      exitList[nExit++] = i;
      continue;
    }
    if (isLocal) {
      // Quality sold under the regional brand in this step (previous production capability).
      sumQ += p0 * (shirk === 1 ? 1 - cheatCut : 1);
      nQ++;
    }

    // ---- Observation of the new state and the next step's aggregates ----
    const no = T.POS + np * 8;
    const v = tab[no + TP.VALUE] as number;
    oFirms++;
    if (np === 0) oA++;
    else if (np === 1) oB++;
    else if (np === 2) oC++;
    else oD++;
    oProd += p2;
    oDesign += d2;
    oRnd += r2;
    oBrand += b2;
    oAbsorb += a;
    oSize += s;
    oVc += s * v;
    oMargin += m;
    oDom += dn;
    if (bn >= 0) buyerAgg[3 * bn + 2] = (buyerAgg[3 * bn + 2] as number) + 1;
    if (isLocal) {
      oLocal++;
      oLsize += s;
      oLvc += s * (v - (tab[no + TP.MFG] as number) * rn);
      oReloc += rn;
      oGk += u[ui + Q.EXT] as number;
      oShirk += shirk;
      aLocal++;
      if (np <= N.OEM) {
        aLow++;
        aProdLow += p2;
      }
      if (bn >= 0) {
        buyerAgg[3 * bn] = (buyerAgg[3 * bn] as number) + 0.5 * (p2 + d2);
        buyerAgg[3 * bn + 1] = (buyerAgg[3 * bn + 1] as number) + 1;
      }
    } else oReloc += 1;
  }
  let nPend = 0;
  for (let k = 0; k < nSearch; k++) {
    const i = pendList[k] as number;
    if (searchTie(i, streamKey(stepKey, i, 0), pTriadic, n, K, cur, f, ties, pendSlot, pendTie))
      pendList[nPend++] = i;
  }
  st.nPend = nPend;
  st.nExit = nExit;
  st.stepMovesUp = movesUp;
  st.econMembers = nMembers;
  st.econLowMargin = lowMargin;
  st.econLow = nLowEcon;
  st.sumQ = sumQ;
  st.nQ = nQ;
  st.aggLocal = aLocal;
  st.aggLow = aLow;
  st.aggProdLow = aProdLow;
  obsAcc[A.firms] = oFirms;
  obsAcc[A.local] = oLocal;
  obsAcc[A.oea] = oA;
  obsAcc[A.oea + 1] = oB;
  obsAcc[A.oea + 2] = oC;
  obsAcc[A.oea + 3] = oD;
  obsAcc[A.prod] = oProd;
  obsAcc[A.design] = oDesign;
  obsAcc[A.rnd] = oRnd;
  obsAcc[A.brand] = oBrand;
  obsAcc[A.absorb] = oAbsorb;
  obsAcc[A.size] = oSize;
  obsAcc[A.vc] = oVc;
  obsAcc[A.lvc] = oLvc;
  obsAcc[A.margin] = oMargin;
  obsAcc[A.reloc] = oReloc;
  obsAcc[A.dom] = oDom;
  obsAcc[A.gk] = oGk;
  obsAcc[A.shirk] = oShirk;
  obsAcc[A.lsize] = oLsize;
}

/**
 * Tie search: a firm may replace its weakest source by a better one (pending until the end of the step).
 * Draws 11–13. Returns whether a replacement is pending.
 */
function searchTie(
  i: number,
  key: number,
  pTriadic: number,
  n: number,
  K: number,
  cur: number,
  f: Float32Array,
  ties: Int32Array,
  pendSlot: Int8Array,
  pendTie: Int32Array,
): boolean {
  let weakest = 0;
  let weakCap = Number.POSITIVE_INFINITY;
  const base = i * K;
  for (let s = 0; s < K; s++) {
    const j = ties[base + s] as number;
    const fj = j * R.FS + cur;
    const pj = j >= 0 ? (f[fj] as number) : -1;
    const cj = pj >= 0 ? pj + (f[fj + 1] as number) + (f[fj + 2] as number) : -1;
    if (cj < weakCap) {
      weakCap = cj;
      weakest = s;
    }
  }
  const via = ties[base + Math.floor(u01(key, 12) * K)] as number;
  const cand =
    u01(key, 11) < pTriadic && via >= 0
      ? (ties[via * K + Math.floor(u01(key, 13) * K)] as number)
      : Math.floor(u01(key, 13) * n);
  if (cand < 0 || cand === i) return false;
  const fc = cand * R.FS + cur;
  const pc = f[fc] as number;
  if (pc < 0) return false;
  const cc = pc + (f[fc + 1] as number) + (f[fc + 2] as number);
  if (cc <= weakCap) return false;
  for (let s = 0; s < K; s++) if (ties[base + s] === cand) return false;
  pendSlot[i] = weakest;
  pendTie[i] = cand;
  return true;
}

/**
 * One step (docs/abm.md §3): observation → governance review → firm loop (learning and economics) →
 * apply pending tie changes and exits, swap the capability buffers → reputation and costs → entry.
 * `ghs` is needed when governance co-evolves. `out` receives the step's aggregates (SERIES_KEYS order)
 * when given. Nothing is allocated.
 */
export function step(
  st: ClusterState,
  p: ClusterParams,
  ghs: GhsTable | undefined,
  out?: Float64Array,
  outOffset = 0,
): void {
  const sc = p.scalars;
  const e = st.env;
  stepEnv(st, p, e);
  if (
    p.governance.kind === 'coevolve' &&
    ghs &&
    st.t > 0 &&
    st.t % Math.max(1, Math.round(sc.govEvery)) === 0
  )
    reviewGovernance(st, p, ghs);
  firmLoop(st, p, e);
  const { K, ties, tieStr, emb, pendSlot, pendTie, pendList, exitList } = st;
  for (let k = 0; k < st.nPend; k++) {
    const i = pendList[k] as number;
    const ts = i * K + (pendSlot[i] as number);
    ties[ts] = pendTie[i] as number;
    // A new tie starts weak.
    emb[i] = (emb[i] as number) - (tieStr[ts] as number);
    tieStr[ts] = 0;
    pendSlot[i] = -1;
  }
  for (let k = 0; k < st.nExit; k++) removeFirm(st, exitList[k] as number);
  // Swap the capability buffers.
  st.cur = 4 - st.cur;
  // Cluster level: reputation follows members' mean quality (plus promotion); costs grow.
  const nQ = st.nQ;
  const meanQ = nQ > 0 ? st.sumQ / nQ : 0;
  const rep = st.reputation;
  st.reputation = clamp01(rep + sc.repRate * (meanQ - rep) + sc.repRate * e.promo * (1 - rep));
  st.cost = st.cost * (1 + sc.costGrowth);
  st.movesUp += st.stepMovesUp;
  st.t += 1;
  entry(st, p, e.stepKey);
  if (out) finishObservation(st, out, outOffset);
}

/** Entry of spin-offs into free slots (serial, slot order), more when OEA/OEM margins are positive. */
function entry(st: ClusterState, p: ClusterParams, stepKey: number): void {
  const { u, f, n, K, cur } = st;
  const nLocal = st.econMembers;
  const nLow = st.econLow;
  const lowMargin = st.econLowMargin;
  if (nLocal === 0) return;
  const attractive = nLow > 0 && lowMargin / nLow > 0 ? 1 : 0.2;
  const ek = streamKey(stepKey, 0x7fffffff, 9);
  // Spin-offs are a self-augmenting local process: their rate per firm rises with the number of local firms
  // in a sigmoid way (critical mass, Brenner 2001, 2004; Klepper 2011).
  const sc = p.scalars;
  const mass = criticalMassSigmoid(nLocal, sc.criticalMass, sc.massSteep);
  const expected = sc.entryRate * nLocal * attractive * mass;
  let count = Math.floor(expected + u01(ek, 0));
  let slot = 0;
  let k = 1;
  const alive = (x: number) => u[x * US + U_ALIVE] === 1;
  while (count > 0) {
    while (slot < n && alive(slot)) slot++;
    if (slot >= n) return;
    // Parent: the better of two random local firms (successful firms spawn more spin-offs, Klepper 2011).
    let parent = -1;
    for (let tries = 0; tries < 8 && parent < 0; tries++) {
      const x = Math.floor(u01(ek, k++) * n);
      const y = Math.floor(u01(ek, k++) * n);
      const okx = alive(x) && u[x * US + U_LOCAL] === 1;
      const oky = alive(y) && u[y * US + U_LOCAL] === 1;
      if (okx && oky) parent = (f[x * FS + cur] as number) >= (f[y * FS + cur] as number) ? x : y;
      else if (okx) parent = x;
      else if (oky) parent = y;
    }
    if (parent < 0) return;
    const i = slot;
    const inh = p.scalars.spinInherit;
    const ui = i * US;
    const fi = i * FS;
    const fp = parent * FS;
    const pos = Math.min(u[parent * US + U_POS] as number, POS_OEM);
    u[ui + U_ALIVE] = 1;
    u[ui + U_LOCAL] = 1;
    u[ui + U_POS] = pos;
    st.initPos[i] = pos;
    u[ui + U_PEAK] = pos;
    f[fi + cur + F_PROD] = inh * (f[fp + cur + F_PROD] as number);
    f[fi + cur + F_DESIGN] = inh * (f[fp + cur + F_DESIGN] as number);
    f[fi + cur + F_RND] = inh * (f[fp + cur + F_RND] as number);
    f[fi + F_BRAND] = 0;
    f[fi + cur + F_TECH] = f[fp + cur + F_TECH] as number;
    f[fi + F_SIZE] = 0.5;
    st.invSize0[i] = 2;
    f[fi + F_CASH] = 0;
    f[fi + F_MARGIN] = 0;
    f[fi + F_DOM] = f[fp + F_DOM] as number;
    st.initDom[i] = f[fi + F_DOM] as number;
    f[fi + F_THIRD] = f[fp + F_THIRD] as number;
    f[fi + F_RELOC] = 0;
    st.buyer[i] = st.buyer[parent] as number;
    u[ui + U_EXT] = 0;
    u[ui + U_PLATFORM] = 0;
    u[ui + U_CHEAT] = 0;
    u[ui + U_LEAD] = 0;
    st.born[i] = st.t;
    st.ties[i * K] = parent;
    // The spin-off keeps its relation to the parent (at the initial strength) and inherits the parent's
    // other relations with their strength (Klepper 2011: spin-offs carry their parent's network) — except a
    // tie to the slot it now occupies (the parent's source there has gone) or an empty one.
    let es = Math.fround(sc.tieStr0);
    st.tieStr[i * K] = es;
    for (let s = 1; s < K; s++) {
      const j = st.ties[parent * K + s] as number;
      const x = j >= 0 && j !== i ? (st.tieStr[parent * K + s] as number) : 0;
      st.ties[i * K + s] = j !== i ? j : -1;
      st.tieStr[i * K + s] = x;
      es += x;
    }
    st.emb[i] = es;
    f[fi + F_ABSORB] = f[fp + F_ABSORB] as number;
    accumulate(st, p, st.acc, i);
    addToAggregates(st, i);
    count--;
    slot++;
  }
}

/** Adds alive local firm i (an entrant) to the aggregates the next step starts from. */
function addToAggregates(st: ClusterState, i: number): void {
  if (st.u[i * US + U_LOCAL] !== 1) return;
  const pi = st.u[i * US + U_POS] as number;
  const fc = i * FS + st.cur;
  const prod = st.f[fc + F_PROD] as number;
  st.aggLocal++;
  if (pi <= POS_OEM) {
    st.aggLow++;
    st.aggProdLow += prod;
  }
  const b = st.buyer[i] as number;
  if (b >= 0) {
    const ba = st.buyerAgg;
    ba[3 * b] = (ba[3 * b] as number) + 0.5 * (prod + (st.f[fc + F_DESIGN] as number));
    ba[3 * b + 1] = (ba[3 * b + 1] as number) + 1;
  }
}

/** Accumulator slots of the per-step aggregates (a Float64Array per state, reused every step). */
const A = {
  firms: 0,
  local: 1,
  oea: 2,
  prod: 6,
  design: 7,
  rnd: 8,
  brand: 9,
  absorb: 10,
  size: 11,
  vc: 12,
  lvc: 13,
  margin: 14,
  reloc: 15,
  dom: 16,
  gk: 17,
  shirk: 18,
  lsize: 19,
} as const;
const ACC = 20;

/** Adds alive firm i (current buffers) to the accumulator. */
function accumulate(st: ClusterState, p: ClusterParams, acc: Float64Array, i: number): void {
  const { f, u } = st;
  const ui = i * US;
  const fi = i * FS;
  const fc = fi + st.cur;
  const pi = u[ui + U_POS] as number;
  const w = f[fi + F_SIZE] as number;
  const v = p.positionValue[pi] as number;
  acc[A.firms] = (acc[A.firms] as number) + 1;
  acc[A.oea + pi] = (acc[A.oea + pi] as number) + 1;
  acc[A.prod] = (acc[A.prod] as number) + (f[fc + F_PROD] as number);
  acc[A.design] = (acc[A.design] as number) + (f[fc + F_DESIGN] as number);
  acc[A.rnd] = (acc[A.rnd] as number) + (f[fc + F_RND] as number);
  acc[A.brand] = (acc[A.brand] as number) + (f[fi + F_BRAND] as number);
  acc[A.absorb] = (acc[A.absorb] as number) + (f[fi + F_ABSORB] as number);
  acc[A.size] = (acc[A.size] as number) + w;
  acc[A.vc] = (acc[A.vc] as number) + w * v;
  acc[A.margin] = (acc[A.margin] as number) + (f[fi + F_MARGIN] as number);
  acc[A.dom] = (acc[A.dom] as number) + (f[fi + F_DOM] as number);
  const b = st.buyer[i] as number;
  if (b >= 0) st.buyerAgg[3 * b + 2] = (st.buyerAgg[3 * b + 2] as number) + 1;
  if (u[ui + U_LOCAL] === 1) {
    const rl = f[fi + F_RELOC] as number;
    acc[A.local] = (acc[A.local] as number) + 1;
    acc[A.lsize] = (acc[A.lsize] as number) + w;
    acc[A.lvc] = (acc[A.lvc] as number) + w * (v - (p.manufacturingValue[pi] as number) * rl);
    acc[A.reloc] = (acc[A.reloc] as number) + rl;
    acc[A.gk] = (acc[A.gk] as number) + (u[ui + U_EXT] as number);
    acc[A.shirk] = (acc[A.shirk] as number) + (u[ui + U_CHEAT] as number);
  } else acc[A.reloc] = (acc[A.reloc] as number) + 1;
}

/** Writes the aggregates of the current state into out[offset…] (SERIES_KEYS order). */
export function observe(st: ClusterState, p: ClusterParams, out: Float64Array, o: number): void {
  const acc = st.acc;
  acc.fill(0);
  for (let b = 0; b < st.B; b++) st.buyerAgg[3 * b + 2] = 0;
  for (let i = 0; i < st.n; i++) if (st.u[i * US + U_ALIVE] === 1) accumulate(st, p, acc, i);
  finishObservation(st, out, o);
}

function finishObservation(st: ClusterState, out: Float64Array, o: number): void {
  const acc = st.acc;
  const firms = acc[A.firms] as number;
  const nLocal = acc[A.local] as number;
  const f = Math.max(1, firms);
  const sw = acc[A.size] as number;
  out[o + S.step] = st.t;
  out[o + S.firms] = firms;
  out[o + S.localFirms] = nLocal;
  out[o + S.OEA] = (acc[A.oea] as number) / f;
  out[o + S.OEM] = (acc[A.oea + 1] as number) / f;
  out[o + S.ODM] = (acc[A.oea + 2] as number) / f;
  out[o + S.OBM] = (acc[A.oea + 3] as number) / f;
  out[o + S.production] = (acc[A.prod] as number) / f;
  out[o + S.design] = (acc[A.design] as number) / f;
  out[o + S.rnd] = (acc[A.rnd] as number) / f;
  out[o + S.brand] = (acc[A.brand] as number) / f;
  out[o + S.absorptive] = (acc[A.absorb] as number) / f;
  out[o + S.valueCapture] = sw > 0 ? (acc[A.vc] as number) / sw : 0;
  out[o + S.localValueCapture] = sw > 0 ? (acc[A.lvc] as number) / sw : 0;
  out[o + S.margin] = (acc[A.margin] as number) / f;
  out[o + S.reputation] = st.reputation;
  out[o + S.shirking] = nLocal > 0 ? (acc[A.shirk] as number) / nLocal : 0;
  out[o + S.relocated] = (acc[A.reloc] as number) / f;
  out[o + S.domesticShare] = (acc[A.dom] as number) / f;
  out[o + S.gatekeepers] = nLocal > 0 ? (acc[A.gk] as number) / nLocal : 0;
  out[o + S.cost] = st.cost;
  // Governance shares, weighted by the number of (alive) suppliers of each active buyer.
  const ba = st.buyerAgg;
  const gw = st.govWeights;
  gw.fill(0);
  let gt = 0;
  for (let b = 0; b < st.B; b++) {
    if (st.buyerActive[b] !== 1) continue;
    const g = st.gov[b] as number;
    gw[g] = (gw[g] as number) + (ba[3 * b + 2] as number);
    gt += ba[3 * b + 2] as number;
  }
  out[o + S.market] = gt > 0 ? (gw[0] as number) / gt : 0;
  out[o + S.modular] = gt > 0 ? (gw[1] as number) / gt : 0;
  out[o + S.relational] = gt > 0 ? (gw[2] as number) / gt : 0;
  out[o + S.captive] = gt > 0 ? (gw[3] as number) / gt : 0;
  out[o + S.hierarchy] = gt > 0 ? (gw[4] as number) / gt : 0;
  out[o + S.movesUp] = st.movesUp;
  out[o + S.localOutput] = acc[A.lsize] as number;
  out[o + S.localValue] = acc[A.lvc] as number;
}
