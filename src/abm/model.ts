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
 * Storage is struct-of-arrays on typed arrays (ABM-NOTES §5): one array per firm attribute, firm i at
 * index i, `K` knowledge-tie slots per firm in one Int32Array (a CSR with uniform row length, so ties can be
 * replaced without rebuilding offsets). Nothing is allocated per step.
 *
 * Scheduling is synchronous: within a step every firm reads the capabilities of the previous step (double
 * buffers) and the aggregates computed at the step's start; tie replacements and exits are written to
 * pending arrays and applied after the firm loop; entry runs after that, serially, in slot order. All
 * randomness is counter-based (src/abm/rng.ts): the draws of firm i in step t are a function of (seed, t, i),
 * so the result does not depend on the order of visits nor on how firms are split across workers.
 */

export const POS_OEA = 0;
export const POS_OEM = 1;
export const POS_ODM = 2;
export const POS_OBM = 3;

/** Governance indices follow GOVERNANCE_TYPES: market, modular, relational, captive, hierarchy. */
export const GOV_MARKET = 0;
export const GOV_CAPTIVE = 3;

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
  alive: Uint8Array;
  local: Uint8Array;
  pos: Uint8Array;
  prod: Float32Array;
  design: Float32Array;
  rnd: Float32Array;
  brand: Float32Array;
  prod2: Float32Array;
  design2: Float32Array;
  rnd2: Float32Array;
  brand2: Float32Array;
  /** Product/technology domain in [0, 1] (double-buffered): distance to demand lowers the markup, distance between firms slows learning. */
  tech: Float32Array;
  tech2: Float32Array;
  absorb: Float32Array;
  size: Float32Array;
  cash: Float32Array;
  margin: Float32Array;
  dom: Float32Array;
  third: Float32Array;
  reloc: Float32Array;
  buyer: Int32Array;
  ext: Uint8Array;
  platform: Uint8Array;
  cheat: Uint8Array;
  lead: Uint8Array;
  ties: Int32Array;
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
  /** Highest position each firm reached. */
  peak: Uint8Array;
  // buyers
  gov: Uint8Array;
  govCx: Float32Array;
  govCd: Float32Array;
  buyerActive: Uint8Array;
  /** Sum of (production + design)/2 and number of each buyer's local suppliers (start-of-step aggregates). */
  buyerCap: Float64Array;
  buyerN: Float64Array;
  /** Alive suppliers of each buyer in the observed (new) state. */
  buyerSup: Float64Array;
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

function lever(p: ClusterParams, id: PolicyLever): number {
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
  return {
    n,
    K,
    B,
    t: 0,
    key: seedKey(seed),
    alive: new Uint8Array(n),
    local: new Uint8Array(n),
    pos: new Uint8Array(n),
    prod: new Float32Array(n),
    design: new Float32Array(n),
    rnd: new Float32Array(n),
    brand: new Float32Array(n),
    prod2: new Float32Array(n),
    design2: new Float32Array(n),
    rnd2: new Float32Array(n),
    brand2: new Float32Array(n),
    tech: new Float32Array(n),
    tech2: new Float32Array(n),
    absorb: new Float32Array(n),
    size: new Float32Array(n),
    cash: new Float32Array(n),
    margin: new Float32Array(n),
    dom: new Float32Array(n),
    third: new Float32Array(n),
    reloc: new Float32Array(n),
    buyer: new Int32Array(n).fill(-1),
    ext: new Uint8Array(n),
    platform: new Uint8Array(n),
    cheat: new Uint8Array(n),
    lead: new Uint8Array(n),
    ties: new Int32Array(n * K).fill(-1),
    pendSlot: new Int8Array(n).fill(-1),
    pendTie: new Int32Array(n),
    pendList: new Int32Array(n),
    exitList: new Int32Array(n),
    nPend: 0,
    nExit: 0,
    born: new Int32Array(n),
    initPos: new Uint8Array(n),
    initDom: new Float32Array(n),
    peak: new Uint8Array(n),
    gov: new Uint8Array(B),
    govCx: new Float32Array(B),
    govCd: new Float32Array(B),
    buyerActive: new Uint8Array(B).fill(1),
    buyerCap: new Float64Array(B),
    buyerN: new Float64Array(B),
    buyerSup: new Float64Array(B),
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

/** Copies the first K neighbours of each node of a graph into the tie slots (firms 0…g.n−1). */
export function tiesFromGraph(st: ClusterState, g: Graph): void {
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
    if (!st.buyerActive[b] || (st.buyerN[b] as number) < 1) continue;
    const cap = (st.buyerCap[b] as number) / (st.buyerN[b] as number);
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

/** Offsets of draws 0–10 of a stream (u01(key, k) hashes key + imul(k + 1, golden ratio)). */
const C0 = Math.imul(1, 0x9e3779b9);
const C1 = Math.imul(2, 0x9e3779b9);
const C2 = Math.imul(3, 0x9e3779b9);
const C3 = Math.imul(4, 0x9e3779b9);
const C4 = Math.imul(5, 0x9e3779b9);
const C5 = Math.imul(6, 0x9e3779b9);
const C6 = Math.imul(7, 0x9e3779b9);
const C7 = Math.imul(8, 0x9e3779b9);
const C8 = Math.imul(9, 0x9e3779b9);
const C9 = Math.imul(10, 0x9e3779b9);
const C10 = Math.imul(11, 0x9e3779b9);
const INV32 = 2.3283064365386963e-10;

/** Bins of the per-step table of shirking probabilities by production capability. */
const SHIRK_BINS = 256;

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
  /** Agglomeration factor of the markup (1 at or above critical mass). */
  aggl: number;
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
  const { n, alive, local, pos, prod, design, buyer, buyerCap, buyerN } = st;
  buyerCap.fill(0);
  buyerN.fill(0);
  for (let i = 0; i < n; i++) {
    if (!alive[i] || !local[i]) continue;
    nLocal++;
    if ((pos[i] as number) <= POS_OEM) {
      nLow++;
      sumProdLow += prod[i] as number;
    }
    const b = buyer[i] as number;
    if (b >= 0) {
      buyerCap[b] = (buyerCap[b] as number) + 0.5 * ((prod[i] as number) + (design[i] as number));
      buyerN[b] = (buyerN[b] as number) + 1;
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
  const cm = sc.criticalMass;
  e.aggl = cm > 0 && nLocal < cm ? 1 - sc.thinLoss * (1 - nLocal / cm) : 1;
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
  const { n, K, alive, local, pos, prod, design, rnd, brand, prod2, design2, rnd2, brand2 } = st;
  const { absorb, size, cash, margin, dom, third, reloc, buyer, ext, platform, cheat, lead, ties } = st;
  const { tech, tech2 } = st;
  const { peak, pendSlot, pendTie, pendList, exitList, gov, buyerActive, buyerCap, buyerN, buyerSup } = st;
  const { transferProcess, transferProduct, designCeiling, ownDesign, restrict, power } = p.byGovernance;
  const ownDesignMarket = ownDesign[GOV_MARKET] as number;
  const { rndEffort, brandEffort, moveCost, fixedCost } = p.byPosition;
  const posValue = p.positionValue;
  const mfgValue = p.manufacturingValue;
  const { pLearn, learnRate, absorbBase, absorbRnd, absorbProd, pExt, frontier, pExtGain } = sc;
  const { buyerProd, buyerDesign, rndRate, pInnov, innovSize, brandRate, trainingAbsorb } = sc;
  const { muBase, bertrand, muCap, muDesign, muBrand, relocSaving, premium, qualityCost, penalty } = sc;
  const { cheatTemp, exitCash, sizeGrowth, pMove, pDown, oemProd, odmProd, odmDesign, obmDesign } = sc;
  const { pReloc, relocStep, domDrift, domUpgrade, pTieSearch, pTriadic, cheatCut } = sc;
  const invCog = 1 / sc.cogDistance;
  const { techPenalty, techAdapt, demandTech, divAbsorb, nvcTransfer, nvcLevel } = sc;
  const invTech = sc.techDistance > 0 ? 1 / sc.techDistance : 0;
  const keep = 1 - sc.decay;
  const { stepKey, lvIp, lvTraining, lvRnd, lvPool, lvLead, platLevel, platRate } = e;
  const { meanProdLow, crowdLow, enf, ownRepLoss, rep, cost, lvLand, lvEnv } = e;
  const { obmBrand, restrictCut, domTarget, thirdTarget, pressure, lvRelocSupport, aggl } = e;
  const m0 = power[GOV_MARKET] as number;
  const trainAdd = trainingAbsorb * lvTraining;
  const relocP = pReloc * (1 + lvRelocSupport);
  const mc0 = moveCost[0] as number;
  const mc1 = moveCost[1] as number;
  const mc2 = moveCost[2] as number;
  const innovLow = 0.5 * pInnov;
  const obsAcc = st.acc;
  // Shirking probability at production k / SHIRK_BINS (exact formula; monotone in production, so the table
  // brackets every firm's probability).
  const shirkTable = st.shirkTable;
  for (let k = 0; k <= SHIRK_BINS; k++)
    shirkTable[k] = shirkProbability(k / SHIRK_BINS, qualityCost, ownRepLoss, enf, penalty, cheatTemp);
  buyerCap.fill(0);
  buyerN.fill(0);
  buyerSup.fill(0);
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
    const p0 = prod[i] as number;
    const d0 = design[i] as number;
    const r0 = rnd[i] as number;
    const b0 = brand[i] as number;
    if (alive[i] !== 1) {
      prod2[i] = p0;
      design2[i] = d0;
      rnd2[i] = r0;
      brand2[i] = b0;
      tech2[i] = tech[i] as number;
      continue;
    }
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
    const pi = pos[i] as number;
    const bi = buyer[i] as number;
    const gb = bi >= 0 && buyerActive[bi] === 1 ? (gov[bi] as number) : -1;
    const di = dom[i] as number;
    const ti = third[i] as number;
    const gvc0 = 1 - di - ti;
    const gvc = gb >= 0 && gvc0 > 0 ? gvc0 : 0;
    const ci = cash[i] as number;
    const member = local[i] === 1;

    // ---- Learning (7.1–7.4) ----
    const t0 = tech[i] as number;
    // Diversity of channels (Gini–Simpson of domestic, third-market and other sales, scaled to 1 at 50/50).
    const s3 = 1 - di - ti;
    let dv = 2 * (1 - di * di - ti * ti - s3 * s3);
    dv = dv < 0 ? 0 : dv > 1 ? 1 : dv;
    let a = absorbBase + absorbRnd * r0 + absorbProd * p0 + trainAdd + divAbsorb * dv;
    a = a < 0 ? 0 : a > 1 ? 1 : a;
    absorb[i] = a;
    let p1 = p0;
    let d1 = d0;
    let r1 = r0;
    let b1 = b0;
    let t1 = t0;
    let h0 = (key + C0) | 0;
    h0 ^= h0 >>> 16;
    h0 = Math.imul(h0, 0x21f0aaad);
    h0 ^= h0 >>> 15;
    h0 = Math.imul(h0, 0x735a2d97);
    h0 ^= h0 >>> 15;
    if ((h0 >>> 0) * INV32 < pLearn) {
      let h1 = (key + C1) | 0;
      h1 ^= h1 >>> 16;
      h1 = Math.imul(h1, 0x21f0aaad);
      h1 ^= h1 >>> 15;
      h1 = Math.imul(h1, 0x735a2d97);
      h1 ^= h1 >>> 15;
      const j = ties[i * K + Math.floor((h1 >>> 0) * INV32 * K)] as number;
      if (j >= 0 && alive[j] === 1) {
        // Cognitive proximity of product domains (Boschma 2005): far domains transfer less.
        const tj = tech[j] as number;
        const dtj = tj - t0;
        const adt = dtj < 0 ? -dtj : dtj;
        const w = learnRate * a * (invTech > 0 ? Math.exp(-adt * invTech) : 1);
        // Imitation of the source's product domain when it sits closer to demand.
        const fj = tj - demandTech;
        const fi = t0 - demandTech;
        if ((fj < 0 ? -fj : fj) < (fi < 0 ? -fi : fi)) t1 += w * dtj;
        const gp = (prod[j] as number) - p0;
        if (gp > 0) p1 += w * gp * Math.exp(-gp * invCog);
        const gd = (design[j] as number) - d0;
        if (gd > 0) d1 += w * (1 - lvIp) * gd * Math.exp(-gd * invCog);
        const gr = (rnd[j] as number) - r0;
        if (gr > 0) r1 += 0.5 * w * gr * Math.exp(-gr * invCog);
      }
    }
    let h2 = (key + C2) | 0;
    h2 ^= h2 >>> 16;
    h2 = Math.imul(h2, 0x21f0aaad);
    h2 ^= h2 >>> 15;
    h2 = Math.imul(h2, 0x735a2d97);
    h2 ^= h2 >>> 15;
    const u2 = (h2 >>> 0) * INV32;
    if (ext[i] === 1) {
      if (u2 < pExt) {
        const w = 0.5 * learnRate * a;
        // Global pipelines also bring market knowledge: the product domain moves toward demand.
        t1 += w * (demandTech - t0);
        if (frontier > p0) p1 += w * (frontier - p0);
        if (frontier > d0) d1 += w * (frontier - d0);
        if (frontier > r0) r1 += 0.5 * w * (frontier - r0);
      }
    } else if (a > 0.5 && u2 < pExtGain) ext[i] = 1;
    if (platRate > 0 && platform[i] === 1) {
      const w = platRate * a;
      if (platLevel > p0) p1 += w * (platLevel - p0);
      if (platLevel > r0) r1 += 0.5 * w * (platLevel - r0);
    }
    if (gb >= 0) {
      const tp = (transferProcess[gb] as number) * gvc * (0.5 + 0.5 * a);
      if (buyerProd > p0) p1 += tp * (buyerProd - p0);
      const dc = designCeiling[gb] as number;
      const ceil = buyerDesign < dc ? buyerDesign : dc;
      if (ceil > d0) d1 += (transferProduct[gb] as number) * gvc * (ceil - d0);
      d1 += ((ownDesign[gb] as number) * gvc + ownDesignMarket * (1 - gvc)) * a * (1 - d0);
    } else d1 += ownDesignMarket * a * (1 - d0);
    // Domestic (NVC) buyers pass on design and marketing know-how without restricting functional moves
    // (Bazan & Navas-Alemán 2004; Navas-Alemán 2011).
    if (nvcTransfer > 0 && di > 0) {
      if (nvcLevel > d0) d1 += nvcTransfer * di * (nvcLevel - d0);
      if (nvcLevel > b0) b1 += nvcTransfer * di * (nvcLevel - b0);
    }
    // Own market search: the product domain drifts slowly toward demand.
    t1 += techAdapt * a * (demandTech - t0);
    const funds = ci > 0 ? 1 : 0.3;
    const leadBoost = lead[i] === 1 ? 1 + lvLead : 1;
    const eff = ((rndEffort[pi] as number) * (1 + lvRnd) + 0.3 * lvPool) * funds * leadBoost;
    r1 += rndRate * eff * (1 - r0);
    let h3 = (key + C3) | 0;
    h3 ^= h3 >>> 16;
    h3 = Math.imul(h3, 0x21f0aaad);
    h3 ^= h3 >>> 15;
    h3 = Math.imul(h3, 0x735a2d97);
    h3 ^= h3 >>> 15;
    if ((h3 >>> 0) * INV32 < (pi >= POS_OEM ? pInnov : innovLow) * r0) {
      let h4 = (key + C4) | 0;
      h4 ^= h4 >>> 16;
      h4 = Math.imul(h4, 0x21f0aaad);
      h4 ^= h4 >>> 15;
      h4 = Math.imul(h4, 0x735a2d97);
      h4 ^= h4 >>> 15;
      const x = innovSize * (h4 >>> 0) * INV32;
      d1 += x;
      p1 += 0.5 * x;
    }
    b1 += brandRate * (brandEffort[pi] as number) * funds * leadBoost * (1 - b0);
    const p2 = p1 > 1 ? keep : p1 * keep;
    const d2 = d1 > 1 ? keep : d1 * keep;
    const r2 = r1 > 1 ? keep : r1 * keep;
    const b2 = b1 > 1 ? keep : b1 * keep;
    prod2[i] = p2;
    design2[i] = d2;
    rnd2[i] = r2;
    brand2[i] = b2;
    tech2[i] = t1 < 0 ? 0 : t1 > 1 ? 1 : t1;

    // ---- Economics (7.5–7.10) ----
    const g = gb >= 0 ? gb : GOV_MARKET;
    let shirk = 0;
    if (member) {
      let h8 = (key + C8) | 0;
      h8 ^= h8 >>> 16;
      h8 = Math.imul(h8, 0x21f0aaad);
      h8 ^= h8 >>> 15;
      h8 = Math.imul(h8, 0x735a2d97);
      h8 ^= h8 >>> 15;
      // Bracket the logistic from the per-step table; the exact value only when the draw falls inside.
      let kq = Math.floor(p0 * SHIRK_BINS);
      kq = kq < 0 ? 0 : kq >= SHIRK_BINS ? SHIRK_BINS - 1 : kq;
      const ta = shirkTable[kq] as number;
      const tb = shirkTable[kq + 1] as number;
      const uq = (h8 >>> 0) * INV32;
      if (uq < (ta < tb ? ta : tb)) shirk = 1;
      else if (uq >= (ta < tb ? tb : ta)) shirk = 0;
      else {
        // shirkProbability(p0, …) written out.
        const xq = (qualityCost - ownRepLoss * p0 - enf * penalty) / cheatTemp;
        shirk = uq < (xq > 30 ? 1 : xq < -30 ? 0 : 1 / (1 + Math.exp(-xq))) ? 1 : 0;
      }
    }
    cheat[i] = shirk;
    const pw = gvc * (power[g] as number) + (1 - gvc) * m0;
    let mu: number;
    if (pi <= POS_OEM) mu = muBase * (1 - bertrand * crowdLow) + muCap * (p0 - meanProdLow);
    else if (pi === POS_ODM) mu = muBase + muDesign * d0 + 0.2 * lvIp;
    else mu = muBase + muBrand * (0.7 * b0 + 0.3 * rep) + 0.2 * lvIp;
    // Product fit with demand (lock-in: Grabher 1993) and agglomeration economies (Brenner 2001).
    const fd = t0 - demandTech;
    const fit = 1 - techPenalty * (fd < 0 ? -fd : fd);
    mu *= (fit > 0 ? fit : 0) * aggl;
    if (mu < 0) mu = 0;
    const rl = reloc[i] as number;
    const unitCost = (pi <= POS_OEM ? cost + lvLand : cost) + (p0 < 0.4 ? lvEnv : 0);
    let m =
      (posValue[pi] as number) * (1 - pw) * mu -
      unitCost * (mfgValue[pi] as number) * (1 - relocSaving * rl) -
      (fixedCost[pi] as number);
    if (member) m += premium * rep - (shirk === 1 ? 0 : qualityCost);
    if (shirk === 1 && enf > 0) {
      let h9 = (key + C9) | 0;
      h9 ^= h9 >>> 16;
      h9 = Math.imul(h9, 0x21f0aaad);
      h9 ^= h9 >>> 15;
      h9 = Math.imul(h9, 0x735a2d97);
      h9 ^= h9 >>> 15;
      if ((h9 >>> 0) * INV32 < enf) m -= penalty;
    }
    margin[i] = m;
    let c = ci + m;
    let s = (size[i] as number) * (1 + sizeGrowth * m);
    s = s < 0.05 ? 0.05 : s > 1000 ? 1000 : s;
    size[i] = s;
    if (member) {
      nMembers++;
      if (pi <= POS_OEM) {
        nLowEcon++;
        lowMargin += m;
      }
    }
    const restr = (restrict[g] as number) * gvc * restrictCut;
    let np = pi;
    // Draw 5 only for eligible firms (a draw is a pure function of its coordinates, so skipping it changes nothing).
    if (pi === POS_OEA) {
      if (p0 >= oemProd && c >= mc0) {
        let h5 = (key + C5) | 0;
        h5 ^= h5 >>> 16;
        h5 = Math.imul(h5, 0x21f0aaad);
        h5 ^= h5 >>> 15;
        h5 = Math.imul(h5, 0x735a2d97);
        h5 ^= h5 >>> 15;
        if ((h5 >>> 0) * INV32 < pMove) np = POS_OEM;
      }
    } else if (pi === POS_OEM) {
      if (p0 >= odmProd && d0 >= odmDesign && c >= mc1) {
        let h5 = (key + C5) | 0;
        h5 ^= h5 >>> 16;
        h5 = Math.imul(h5, 0x21f0aaad);
        h5 ^= h5 >>> 15;
        h5 = Math.imul(h5, 0x735a2d97);
        h5 ^= h5 >>> 15;
        if ((h5 >>> 0) * INV32 < pMove * (1 - restr)) np = POS_ODM;
      }
    } else if (pi === POS_ODM) {
      if (d0 >= obmDesign && b0 >= obmBrand && c >= mc2) {
        let h5 = (key + C5) | 0;
        h5 ^= h5 >>> 16;
        h5 = Math.imul(h5, 0x21f0aaad);
        h5 ^= h5 >>> 15;
        h5 = Math.imul(h5, 0x735a2d97);
        h5 ^= h5 >>> 15;
        if ((h5 >>> 0) * INV32 < pMove * (1 - restr)) np = POS_OBM;
      }
    }
    let bn = bi;
    if (np !== pi) {
      c -= moveCost[pi] as number;
      if (np >= POS_ODM) movesUp++;
      if (np === POS_OBM) {
        bn = -1;
        buyer[i] = -1;
      }
      if (np > (peak[i] as number)) peak[i] = np;
    } else if (pi >= POS_ODM && c < 0) {
      let h6 = (key + C6) | 0;
      h6 ^= h6 >>> 16;
      h6 = Math.imul(h6, 0x21f0aaad);
      h6 ^= h6 >>> 15;
      h6 = Math.imul(h6, 0x735a2d97);
      h6 ^= h6 >>> 15;
      if ((h6 >>> 0) * INV32 < pDown) np = pi - 1;
    }
    pos[i] = np;
    cash[i] = c;
    const dt = domTarget + (np >= POS_ODM ? domUpgrade : 0);
    let dn = di + domDrift * (dt - di);
    dn = dn < 0 ? 0 : dn > 1 ? 1 : dn;
    let tn = ti + domDrift * (thirdTarget - ti);
    tn = tn < 0 ? 0 : tn > 1 ? 1 : tn;
    if (dn + tn > 1) tn = 1 - dn;
    dom[i] = dn;
    third[i] = tn;
    let isLocal = member;
    let rn = rl;
    let u7 = 1;
    if (pressure && member) {
      let h7 = (key + C7) | 0;
      h7 ^= h7 >>> 16;
      h7 = Math.imul(h7, 0x21f0aaad);
      h7 ^= h7 >>> 15;
      h7 = Math.imul(h7, 0x735a2d97);
      h7 ^= h7 >>> 15;
      u7 = (h7 >>> 0) * INV32;
    }
    if (u7 < relocP * (np <= POS_OEM ? 1 : 0.5)) {
      if (np === POS_OEA && lvRelocSupport === 0) rn = 1;
      else rn = rl + relocStep < 1 ? rl + relocStep : 1;
      reloc[i] = rn;
      if (rn >= 1 && np <= POS_OEM) {
        isLocal = false;
        local[i] = 0;
      }
    }
    let h10 = (key + C10) | 0;
    h10 ^= h10 >>> 16;
    h10 = Math.imul(h10, 0x21f0aaad);
    h10 ^= h10 >>> 15;
    h10 = Math.imul(h10, 0x735a2d97);
    h10 ^= h10 >>> 15;
    // Tie search: the candidates are listed here and searched after the loop (same reads, no call here).
    if ((h10 >>> 0) * INV32 < pTieSearch) pendList[nSearch++] = i;
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
    const v = posValue[np] as number;
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
    if (bn >= 0) buyerSup[bn] = (buyerSup[bn] as number) + 1;
    if (isLocal) {
      oLocal++;
      oLsize += s;
      oLvc += s * (v - (mfgValue[np] as number) * rn);
      oReloc += rn;
      oGk += ext[i] as number;
      oShirk += shirk;
      aLocal++;
      if (np <= POS_OEM) {
        aLow++;
        aProdLow += p2;
      }
      if (bn >= 0) {
        buyerCap[bn] = (buyerCap[bn] as number) + 0.5 * (p2 + d2);
        buyerN[bn] = (buyerN[bn] as number) + 1;
      }
    } else oReloc += 1;
  }
  let nPend = 0;
  for (let k = 0; k < nSearch; k++) {
    const i = pendList[k] as number;
    if (
      searchTie(
        i,
        streamKey(stepKey, i, 0),
        pTriadic,
        n,
        K,
        alive,
        prod,
        design,
        rnd,
        ties,
        pendSlot,
        pendTie,
      )
    )
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
  alive: Uint8Array,
  prod: Float32Array,
  design: Float32Array,
  rnd: Float32Array,
  ties: Int32Array,
  pendSlot: Int8Array,
  pendTie: Int32Array,
): boolean {
  let weakest = 0;
  let weakCap = Number.POSITIVE_INFINITY;
  const base = i * K;
  for (let s = 0; s < K; s++) {
    const j = ties[base + s] as number;
    const cj = j >= 0 && alive[j] ? (prod[j] as number) + (design[j] as number) + (rnd[j] as number) : -1;
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
  if (cand < 0 || cand === i || !alive[cand]) return false;
  const cc = (prod[cand] as number) + (design[cand] as number) + (rnd[cand] as number);
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
  const { K, alive, ties, pendSlot, pendTie, pendList, exitList } = st;
  for (let k = 0; k < st.nPend; k++) {
    const i = pendList[k] as number;
    ties[i * K + (pendSlot[i] as number)] = pendTie[i] as number;
    pendSlot[i] = -1;
  }
  for (let k = 0; k < st.nExit; k++) alive[exitList[k] as number] = 0;
  const { prod, prod2, design, design2, rnd, rnd2, brand, brand2, tech, tech2 } = st;
  st.prod = prod2;
  st.design = design2;
  st.rnd = rnd2;
  st.brand = brand2;
  st.prod2 = prod;
  st.design2 = design;
  st.rnd2 = rnd;
  st.brand2 = brand;
  st.tech = tech2;
  st.tech2 = tech;
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
  const { alive, local, n, K } = st;
  const nLocal = st.econMembers;
  const nLow = st.econLow;
  const lowMargin = st.econLowMargin;
  if (nLocal === 0) return;
  const attractive = nLow > 0 && lowMargin / nLow > 0 ? 1 : 0.2;
  const ek = streamKey(stepKey, 0x7fffffff, 9);
  const expected = p.scalars.entryRate * nLocal * attractive;
  let count = Math.floor(expected + u01(ek, 0));
  let slot = 0;
  let k = 1;
  while (count > 0) {
    while (slot < n && alive[slot]) slot++;
    if (slot >= n) return;
    // Parent: the better of two random local firms (successful firms spawn more spin-offs, Klepper 2011).
    let parent = -1;
    for (let tries = 0; tries < 8 && parent < 0; tries++) {
      const x = Math.floor(u01(ek, k++) * n);
      const y = Math.floor(u01(ek, k++) * n);
      const okx = alive[x] && local[x];
      const oky = alive[y] && local[y];
      if (okx && oky) parent = (st.prod[x] as number) >= (st.prod[y] as number) ? x : y;
      else if (okx) parent = x;
      else if (oky) parent = y;
    }
    if (parent < 0) return;
    const i = slot;
    const inh = p.scalars.spinInherit;
    alive[i] = 1;
    local[i] = 1;
    st.pos[i] = Math.min(st.pos[parent] as number, POS_OEM);
    st.initPos[i] = st.pos[i] as number;
    st.peak[i] = st.pos[i] as number;
    st.prod[i] = inh * (st.prod[parent] as number);
    st.design[i] = inh * (st.design[parent] as number);
    st.rnd[i] = inh * (st.rnd[parent] as number);
    st.brand[i] = 0;
    st.tech[i] = st.tech[parent] as number;
    st.size[i] = 0.5;
    st.cash[i] = 0;
    st.margin[i] = 0;
    st.dom[i] = st.dom[parent] as number;
    st.initDom[i] = st.dom[i] as number;
    st.third[i] = st.third[parent] as number;
    st.reloc[i] = 0;
    st.buyer[i] = st.buyer[parent] as number;
    st.ext[i] = 0;
    st.platform[i] = 0;
    st.cheat[i] = 0;
    st.lead[i] = 0;
    st.born[i] = st.t;
    st.ties[i * K] = parent;
    for (let s = 1; s < K; s++) st.ties[i * K + s] = st.ties[parent * K + s] as number;
    st.absorb[i] = st.absorb[parent] as number;
    accumulate(st, p, st.acc, i);
    addToAggregates(st, i);
    count--;
    slot++;
  }
}

/** Adds alive local firm i (an entrant) to the aggregates the next step starts from. */
function addToAggregates(st: ClusterState, i: number): void {
  if (st.local[i] !== 1) return;
  const pi = st.pos[i] as number;
  st.aggLocal++;
  if (pi <= POS_OEM) {
    st.aggLow++;
    st.aggProdLow += st.prod[i] as number;
  }
  const b = st.buyer[i] as number;
  if (b >= 0) {
    st.buyerCap[b] = (st.buyerCap[b] as number) + 0.5 * ((st.prod[i] as number) + (st.design[i] as number));
    st.buyerN[b] = (st.buyerN[b] as number) + 1;
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
  const pi = st.pos[i] as number;
  const w = st.size[i] as number;
  const v = p.positionValue[pi] as number;
  acc[A.firms] = (acc[A.firms] as number) + 1;
  acc[A.oea + pi] = (acc[A.oea + pi] as number) + 1;
  acc[A.prod] = (acc[A.prod] as number) + (st.prod[i] as number);
  acc[A.design] = (acc[A.design] as number) + (st.design[i] as number);
  acc[A.rnd] = (acc[A.rnd] as number) + (st.rnd[i] as number);
  acc[A.brand] = (acc[A.brand] as number) + (st.brand[i] as number);
  acc[A.absorb] = (acc[A.absorb] as number) + (st.absorb[i] as number);
  acc[A.size] = (acc[A.size] as number) + w;
  acc[A.vc] = (acc[A.vc] as number) + w * v;
  acc[A.margin] = (acc[A.margin] as number) + (st.margin[i] as number);
  acc[A.dom] = (acc[A.dom] as number) + (st.dom[i] as number);
  const b = st.buyer[i] as number;
  if (b >= 0) st.buyerSup[b] = (st.buyerSup[b] as number) + 1;
  if (st.local[i] === 1) {
    const rl = st.reloc[i] as number;
    acc[A.local] = (acc[A.local] as number) + 1;
    acc[A.lsize] = (acc[A.lsize] as number) + w;
    acc[A.lvc] = (acc[A.lvc] as number) + w * (v - (p.manufacturingValue[pi] as number) * rl);
    acc[A.reloc] = (acc[A.reloc] as number) + rl;
    acc[A.gk] = (acc[A.gk] as number) + (st.ext[i] as number);
    acc[A.shirk] = (acc[A.shirk] as number) + (st.cheat[i] as number);
  } else acc[A.reloc] = (acc[A.reloc] as number) + 1;
}

/** Writes the aggregates of the current state into out[offset…] (SERIES_KEYS order). */
export function observe(st: ClusterState, p: ClusterParams, out: Float64Array, o: number): void {
  const acc = st.acc;
  acc.fill(0);
  st.buyerSup.fill(0);
  for (let i = 0; i < st.n; i++) if (st.alive[i] === 1) accumulate(st, p, acc, i);
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
  const bn = st.buyerSup;
  const gw = st.govWeights;
  gw.fill(0);
  let gt = 0;
  for (let b = 0; b < st.B; b++) {
    if (st.buyerActive[b] !== 1) continue;
    const g = st.gov[b] as number;
    gw[g] = (gw[g] as number) + (bn[b] as number);
    gt += bn[b] as number;
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
