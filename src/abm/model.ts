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
  exiting: Uint8Array;
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
  buyerCap: Float64Array;
  buyerN: Float64Array;
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
    exiting: new Uint8Array(n),
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

/** Constants of one step, computed once per step from the parameters and the levers. */
interface StepEnv {
  t: number;
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
}

function stepEnv(st: ClusterState, p: ClusterParams): StepEnv {
  const sc = p.scalars;
  // Aggregates of the previous state.
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
  const members = Math.max(1, nLocal);
  const lvProfMarket = lever(p, 'professional-market');
  const lvPlatform = Math.min(1, lever(p, 'common-tech-platform'));
  return {
    t: st.t,
    stepKey: streamKey(st.key, st.t, 0x51ed),
    meanProdLow: nLow > 0 ? sumProdLow / nLow : 0,
    crowdLow: nLocal > 0 ? nLow / nLocal : 0,
    members,
    enf: Math.min(1, sc.enforcement + lever(p, 'cluster-association')),
    lvIp: lever(p, 'ip-protection'),
    lvTraining: lever(p, 'training'),
    lvRnd: lever(p, 'rnd-subsidy'),
    lvPool: lever(p, 'patent-pool'),
    lvLead: lever(p, 'leading-firm-support'),
    lvLand: lever(p, 'land-efficiency'),
    lvEnv: lever(p, 'environmental-standards'),
    lvRelocSupport: lever(p, 'relocation-support'),
    platLevel: sc.platformLevel * lvPlatform,
    platRate: sc.platformRate * lvPlatform,
    obmBrand: sc.obmBrand * (1 - 0.5 * lvProfMarket),
    restrictCut: 1 - Math.min(1, lever(p, 'patent-pool')),
    domTarget: sc.domShare + lever(p, 'domestic-market') + 0.1 * lvProfMarket,
    thirdTarget: sc.thirdShare + lever(p, 'export-promotion'),
    // Own effect of shirking on reputation, spread over the members (collective reputation, Tirole 1996).
    ownRepLoss: (sc.premium * sc.repRate * sc.cheatCut * sc.repHorizon) / members,
    pressure: st.cost > sc.relocThreshold,
    rep: st.reputation,
    cost: st.cost,
  };
}

/** Whether firm i trades through an active buyer, and the buyer's governance index (market when none). */
function govOf(st: ClusterState, i: number): number {
  const b = st.buyer[i] as number;
  return b >= 0 && st.buyerActive[b] ? (st.gov[b] as number) : -1;
}

/**
 * Learning pass: absorptive capacity, learning through a tie, global pipelines, the platform, buyer
 * know-how transfer, R&D, innovation, brand building, depreciation. Reads the previous capabilities,
 * writes the next ones (double buffer). Draws 0–4 of the firm's stream.
 */
function learnPass(st: ClusterState, p: ClusterParams, e: StepEnv): void {
  const sc = p.scalars;
  const { n, K, alive, pos, prod, design, rnd, brand, prod2, design2, rnd2, brand2 } = st;
  const { absorb, cash, dom, third, ext, platform, lead, ties } = st;
  const { transferProcess, transferProduct, designCeiling, ownDesign } = p.byGovernance;
  const ownDesignMarket = ownDesign[GOV_MARKET] as number;
  const { rndEffort, brandEffort } = p.byPosition;
  const { pLearn, learnRate, absorbBase, absorbRnd, absorbProd, pExt, frontier, pExtGain } = sc;
  const { buyerProd, buyerDesign, rndRate, pInnov, innovSize, brandRate, trainingAbsorb } = sc;
  const invCog = 1 / sc.cogDistance;
  const keep = 1 - sc.decay;
  const { stepKey, lvIp, lvTraining, lvRnd, lvPool, lvLead, platLevel, platRate } = e;
  for (let i = 0; i < n; i++) {
    const p0 = prod[i] as number;
    const d0 = design[i] as number;
    const r0 = rnd[i] as number;
    const b0 = brand[i] as number;
    if (!alive[i]) {
      prod2[i] = p0;
      design2[i] = d0;
      rnd2[i] = r0;
      brand2[i] = b0;
      continue;
    }
    const key = streamKey(stepKey, i, 0);
    const pi = pos[i] as number;
    const a = clamp01(absorbBase + absorbRnd * r0 + absorbProd * p0 + trainingAbsorb * lvTraining);
    absorb[i] = a;
    let p1 = p0;
    let d1 = d0;
    let r1 = r0;
    let b1 = b0;
    // Learning through a local knowledge tie, limited by absorptive capacity and cognitive distance.
    if (u01(key, 0) < pLearn) {
      const j = ties[i * K + Math.floor(u01(key, 1) * K)] as number;
      if (j >= 0 && alive[j] === 1) {
        const w = learnRate * a;
        const gp = (prod[j] as number) - p0;
        if (gp > 0) p1 += w * gp * Math.exp(-gp * invCog);
        const gd = (design[j] as number) - d0;
        if (gd > 0) d1 += w * (1 - lvIp) * gd * Math.exp(-gd * invCog);
        const gr = (rnd[j] as number) - r0;
        if (gr > 0) r1 += 0.5 * w * gr * Math.exp(-gr * invCog);
      }
    }
    // Global pipeline (gatekeepers); firms with high absorptive capacity may open one.
    const u2 = u01(key, 2);
    if (ext[i] === 1) {
      if (u2 < pExt) {
        const w = 0.5 * learnRate * a;
        if (frontier > p0) p1 += w * (frontier - p0);
        if (frontier > d0) d1 += w * (frontier - d0);
        if (frontier > r0) r1 += 0.5 * w * (frontier - r0);
      }
    } else if (a > 0.5 && u2 < pExtGain) ext[i] = 1;
    // Common-technology platform.
    if (platform[i] === 1 && platRate > 0) {
      const w = platRate * a;
      if (platLevel > p0) p1 += w * (platLevel - p0);
      if (platLevel > r0) r1 += 0.5 * w * (platLevel - r0);
    }
    // Buyer know-how transfer: process (production) and product (design up to the buyer's ceiling).
    // Design the supplier develops itself where the buyer leaves design to it (market chains, domestic sales).
    const g = govOf(st, i);
    if (g >= 0) {
      const gvc = Math.max(0, 1 - (dom[i] as number) - (third[i] as number));
      const tp = (transferProcess[g] as number) * gvc * (0.5 + 0.5 * a);
      if (buyerProd > p0) p1 += tp * (buyerProd - p0);
      const ceil = Math.min(buyerDesign, designCeiling[g] as number);
      if (ceil > d0) d1 += (transferProduct[g] as number) * gvc * (ceil - d0);
      d1 += ((ownDesign[g] as number) * gvc + ownDesignMarket * (1 - gvc)) * a * (1 - d0);
    } else d1 += ownDesignMarket * a * (1 - d0);
    // R&D and product innovation; brand building for ODM/OBM.
    const funds = (cash[i] as number) > 0 ? 1 : 0.3;
    const leadBoost = lead[i] === 1 ? 1 + lvLead : 1;
    const eff = ((rndEffort[pi] as number) * (1 + lvRnd) + 0.3 * lvPool) * funds * leadBoost;
    r1 += rndRate * eff * (1 - r0);
    if (u01(key, 3) < pInnov * r0 * (pi >= POS_OEM ? 1 : 0.5)) {
      const x = innovSize * u01(key, 4);
      d1 += x;
      p1 += 0.5 * x;
    }
    b1 += brandRate * (brandEffort[pi] as number) * funds * leadBoost * (1 - b0);
    prod2[i] = p1 > 1 ? keep : p1 * keep;
    design2[i] = d1 > 1 ? keep : d1 * keep;
    rnd2[i] = r1 > 1 ? keep : r1 * keep;
    brand2[i] = b1 > 1 ? keep : b1 * keep;
  }
}

/** Totals the economic pass hands on to the end of the step. */
interface EconTotals {
  movesUp: number;
  nLocal: number;
  lowMargin: number;
  nLow: number;
}

/**
 * Economic pass: regional-brand quality choice, margin and cash, functional moves, market channels,
 * relocation, exit flag. Reads previous capabilities. Draws 5–9 of the firm's stream.
 */
function econPass(st: ClusterState, p: ClusterParams, e: StepEnv, tot: EconTotals): void {
  const sc = p.scalars;
  const { n, alive, local, pos, prod, design, brand, size, cash, margin, dom, third, reloc, buyer } = st;
  const { cheat, exiting, peak } = st;
  const { restrict, power } = p.byGovernance;
  const { moveCost, fixedCost } = p.byPosition;
  const posValue = p.positionValue;
  const mfgValue = p.manufacturingValue;
  const { muBase, bertrand, muCap, muDesign, muBrand, relocSaving, premium, qualityCost, penalty } = sc;
  const { cheatTemp, exitCash, sizeGrowth, pMove, pDown, oemProd, odmProd, odmDesign, obmDesign } = sc;
  const { pReloc, relocStep, domDrift, domUpgrade, pTieSearch, pTriadic } = sc;
  const K = st.K;
  const { stepKey, meanProdLow, crowdLow, enf, ownRepLoss, rep, cost, lvIp, lvLand, lvEnv } = e;
  const { obmBrand, restrictCut, domTarget, thirdTarget, pressure, lvRelocSupport } = e;
  const m0 = power[GOV_MARKET] as number;
  let movesUp = 0;
  let nLocal = 0;
  let lowMargin = 0;
  let nLow = 0;
  for (let i = 0; i < n; i++) {
    if (!alive[i]) continue;
    const key = streamKey(stepKey, i, 0);
    const p0 = prod[i] as number;
    const d0 = design[i] as number;
    const b0 = brand[i] as number;
    const pi = pos[i] as number;
    const gb = govOf(st, i);
    const g = gb >= 0 ? gb : GOV_MARKET;
    const di = dom[i] as number;
    const ti = third[i] as number;
    const gvc = gb >= 0 ? Math.max(0, 1 - di - ti) : 0;
    const member = local[i] === 1;
    // Regional brand: shirk on quality or not (logit choice on the private gain and the expected losses).
    let shirk = 0;
    if (member) {
      const x = (qualityCost - ownRepLoss * p0 - enf * penalty) / cheatTemp;
      const pr = x > 30 ? 1 : x < -30 ? 0 : 1 / (1 + Math.exp(-x));
      shirk = u01(key, 8) < pr ? 1 : 0;
    }
    cheat[i] = shirk;
    // Margin: smile-curve value share × (1 − buyer power) × markup − costs.
    const pw = gvc * (power[g] as number) + (1 - gvc) * m0;
    let mu: number;
    if (pi <= POS_OEM) mu = muBase * (1 - bertrand * crowdLow) + muCap * (p0 - meanProdLow);
    else if (pi === POS_ODM) mu = muBase + muDesign * d0 + 0.2 * lvIp;
    else mu = muBase + muBrand * (0.7 * b0 + 0.3 * rep) + 0.2 * lvIp;
    if (mu < 0) mu = 0;
    const rl = reloc[i] as number;
    const unitCost = (pi <= POS_OEM ? cost + lvLand : cost) + (p0 < 0.4 ? lvEnv : 0);
    let m =
      (posValue[pi] as number) * (1 - pw) * mu -
      unitCost * (mfgValue[pi] as number) * (1 - relocSaving * rl) -
      (fixedCost[pi] as number);
    if (member) m += premium * rep - (shirk === 1 ? 0 : qualityCost);
    if (shirk === 1 && u01(key, 9) < enf) m -= penalty;
    margin[i] = m;
    let c = (cash[i] as number) + m;
    let s = (size[i] as number) * (1 + sizeGrowth * m);
    s = s < 0.05 ? 0.05 : s > 1000 ? 1000 : s;
    size[i] = s;
    if (member) {
      nLocal++;
      if (pi <= POS_OEM) {
        nLow++;
        lowMargin += m;
      }
    }
    // Functional moves, one rung at a time, restricted on the GVC share by the buyer's governance.
    const restr = (restrict[g] as number) * gvc * restrictCut;
    const um = u01(key, 5);
    let np = pi;
    if (pi === POS_OEA) {
      if (p0 >= oemProd && c >= (moveCost[0] as number) && um < pMove) np = POS_OEM;
    } else if (pi === POS_OEM) {
      if (p0 >= odmProd && d0 >= odmDesign && c >= (moveCost[1] as number) && um < pMove * (1 - restr))
        np = POS_ODM;
    } else if (pi === POS_ODM) {
      if (d0 >= obmDesign && b0 >= obmBrand && c >= (moveCost[2] as number) && um < pMove * (1 - restr))
        np = POS_OBM;
    }
    if (np !== pi) {
      c -= moveCost[pi] as number;
      if (np >= POS_ODM) movesUp++;
      if (np === POS_OBM) buyer[i] = -1;
      if (np > (peak[i] as number)) peak[i] = np;
    } else if (pi >= POS_ODM && c < 0 && u01(key, 6) < pDown) np = pi - 1;
    pos[i] = np;
    cash[i] = c;
    // Market channels: domestic (NVC) and third markets drift toward their targets.
    const dt = domTarget + (np >= POS_ODM ? domUpgrade : 0);
    const dn = clamp01(di + domDrift * (dt - di));
    let tn = clamp01(ti + domDrift * (thirdTarget - ti));
    if (dn + tn > 1) tn = 1 - dn;
    dom[i] = dn;
    third[i] = tn;
    // Relocation of low-end segments under rising costs ("go west, go out").
    if (pressure && member && u01(key, 7) < pReloc * (1 + lvRelocSupport) * (np <= POS_OEM ? 1 : 0.5))
      relocate(st, i, np, rl, relocStep, lvRelocSupport);
    if (c < exitCash) exiting[i] = 1;
    if (u01(key, 10) < pTieSearch)
      searchTie(i, key, pTriadic, n, K, alive, prod, design, st.rnd, st.ties, st.pendSlot, st.pendTie);
  }
  tot.movesUp = movesUp;
  tot.nLocal = nLocal;
  tot.lowMargin = lowMargin;
  tot.nLow = nLow;
}

function relocate(
  st: ClusterState,
  i: number,
  np: number,
  rl: number,
  relocStep: number,
  support: number,
): void {
  if (np === POS_OEA && support === 0) {
    st.reloc[i] = 1;
    st.local[i] = 0;
    return;
  }
  const nr = Math.min(1, rl + relocStep);
  st.reloc[i] = nr;
  if (nr >= 1 && np <= POS_OEM) st.local[i] = 0;
}

/** Tie search: a firm may replace its weakest source by a better one (pending until the end of the step). Draws 10–13. */
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
): void {
  let weakest = 0;
  let weakCap = Number.POSITIVE_INFINITY;
  for (let s = 0; s < K; s++) {
    const j = ties[i * K + s] as number;
    const cj = j >= 0 && alive[j] ? (prod[j] as number) + (design[j] as number) + (rnd[j] as number) : -1;
    if (cj < weakCap) {
      weakCap = cj;
      weakest = s;
    }
  }
  const via = ties[i * K + Math.floor(u01(key, 12) * K)] as number;
  const cand =
    u01(key, 11) < pTriadic && via >= 0
      ? (ties[via * K + Math.floor(u01(key, 13) * K)] as number)
      : Math.floor(u01(key, 13) * n);
  if (cand < 0 || cand === i || !alive[cand]) return;
  const cc = (prod[cand] as number) + (design[cand] as number) + (rnd[cand] as number);
  if (cc <= weakCap) return;
  for (let s = 0; s < K; s++) if (ties[i * K + s] === cand) return;
  pendSlot[i] = weakest;
  pendTie[i] = cand;
}

const totals: EconTotals = { movesUp: 0, nLocal: 0, lowMargin: 0, nLow: 0 };

/**
 * One step (docs/abm.md §3): observation → governance review → learning pass → economic pass → tie
 * search → apply pending changes, swap buffers → reputation and costs → entry. `ghs` is needed when
 * governance co-evolves. `out` receives the step's aggregates (SERIES_KEYS order) when given.
 */
export function step(
  st: ClusterState,
  p: ClusterParams,
  ghs: GhsTable | undefined,
  out?: Float64Array,
  outOffset = 0,
): void {
  const sc = p.scalars;
  const e = stepEnv(st, p);
  if (
    p.governance.kind === 'coevolve' &&
    ghs &&
    st.t > 0 &&
    st.t % Math.max(1, Math.round(sc.govEvery)) === 0
  )
    reviewGovernance(st, p, ghs);
  learnPass(st, p, e);
  econPass(st, p, e, totals);
  // Apply pending tie changes and exits; mean quality of the regional brand's members.
  const { n, K, alive, local, prod, cheat, ties, pendSlot, pendTie, exiting } = st;
  const cheatCut = sc.cheatCut;
  let sumQ = 0;
  let nQ = 0;
  const { prod2, design, design2, rnd, rnd2, brand, brand2 } = st;
  // Swap the capability buffers first, so that the observation below reads the new state.
  st.prod = prod2;
  st.design = design2;
  st.rnd = rnd2;
  st.brand = brand2;
  st.prod2 = prod;
  st.design2 = design;
  st.rnd2 = rnd;
  st.brand2 = brand;
  const acc = st.acc;
  acc.fill(0);
  for (let i = 0; i < n; i++) {
    const ps = pendSlot[i] as number;
    if (ps >= 0) {
      ties[i * K + ps] = pendTie[i] as number;
      pendSlot[i] = -1;
    }
    if (exiting[i] === 1) {
      alive[i] = 0;
      exiting[i] = 0;
      continue;
    }
    if (alive[i] === 1) {
      if (local[i] === 1) {
        // Quality sold under the regional brand in this step (previous production capability).
        sumQ += (prod[i] as number) * (cheat[i] === 1 ? 1 - cheatCut : 1);
        nQ++;
      }
      if (out) accumulate(st, p, acc, i);
    }
  }
  // Cluster level: reputation follows members' mean quality (plus promotion); costs grow.
  const meanQ = nQ > 0 ? sumQ / nQ : 0;
  const rep = st.reputation;
  const promo = lever(p, 'regional-brand');
  st.reputation = clamp01(rep + sc.repRate * (meanQ - rep) + sc.repRate * promo * (1 - rep));
  st.cost = st.cost * (1 + sc.costGrowth);
  st.movesUp += totals.movesUp;
  st.t += 1;
  entry(st, p, totals, e.stepKey, out !== undefined);
  if (out) finishObservation(st, out, outOffset);
}

/** Entry of spin-offs into free slots (serial, slot order), more when OEA/OEM margins are positive. */
function entry(
  st: ClusterState,
  p: ClusterParams,
  tot: EconTotals,
  stepKey: number,
  observed: boolean,
): void {
  const { alive, local, n, K } = st;
  const { nLocal, lowMargin, nLow } = tot;
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
    if (observed) accumulate(st, p, st.acc, i);
    count--;
    slot++;
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
} as const;
const ACC = 19;

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
  if (st.local[i] === 1) {
    const rl = st.reloc[i] as number;
    acc[A.local] = (acc[A.local] as number) + 1;
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
  const bn = st.buyerN; // scratch: recomputed at the start of every step
  bn.fill(0);
  for (let i = 0; i < st.n; i++) {
    const b = st.buyer[i] as number;
    if (b >= 0 && st.alive[i] === 1 && st.buyerActive[b] === 1) bn[b] = (bn[b] as number) + 1;
  }
  const gw = st.govWeights;
  gw.fill(0);
  let gt = 0;
  for (let b = 0; b < st.B; b++) {
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
}
