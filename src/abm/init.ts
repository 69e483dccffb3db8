import { GOVERNANCE_TYPES, type GovernanceType } from '../domain/vocabulary.ts';
import type { Graph } from '../network/graph.ts';
import { type ClusterState, POS_OBM, tiesFromGraph } from './model.ts';
import type { ClusterParams } from './params.ts';
import { PURPOSE, streamKey, u01 } from './rng.ts';

/**
 * One kind of initial firm: a workspace firm, cloned to fill the requested population. `gov` is the
 * governance index (GOVERNANCE_TYPES) of the firm's main export buyer, −1 when it has none.
 */
export interface FirmTemplate {
  id: string;
  pos: number;
  dom: number;
  gov: number;
  /** Relative size (micro 0.3, small 0.6, medium 1.5, large 4). */
  size: number;
  lead: boolean;
}

/** Largest-remainder apportionment of `total` items over weights (deterministic; ties to the lower index). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map((x) => Math.floor(x));
  let left = total - out.reduce((s, x) => s + x, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const o of order) {
    if (left <= 0) break;
    out[o.i] = (out[o.i] as number) + 1;
    left--;
  }
  return out;
}

/** A permutation of 0…n−1 from the run's init stream (Fisher–Yates on counter-based draws). */
function permutation(n: number, key: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u01(key, i) * (i + 1));
    const x = a[i] as number;
    a[i] = a[j] as number;
    a[j] = x;
  }
  return a;
}

/**
 * Fills the first `firms` slots. Without templates, positions follow the `initShare` mix exactly (largest
 * remainder), scattered over the network by a random permutation. With templates (a workspace), each
 * template is cloned round(firms / templates) times (largest remainder), so the firm-count position mix of
 * the workspace is reproduced up to rounding; clones keep their template's position, domestic share, size
 * class, leading-firm mark and buyer governance, and draw capabilities around the position means.
 */
export function initPopulation(
  st: ClusterState,
  p: ClusterParams,
  graph: Graph,
  firms: number,
  templates: readonly FirmTemplate[] | undefined,
  initialGovernance: GovernanceType,
): void {
  const sc = p.scalars;
  const ik = streamKey(st.key, 0x7ffffff0, PURPOSE.init);
  const perm = permutation(firms, ik);
  // Template (or position) of each firm.
  const kind = new Int32Array(firms);
  const groups = templates && templates.length > 0 ? templates.length : 4;
  const counts = apportion(
    firms,
    templates && templates.length > 0 ? templates.map(() => 1) : p.byPosition.initShare,
  );
  let c = 0;
  for (let gI = 0; gI < groups; gI++)
    for (let k = 0; k < (counts[gI] as number); k++) kind[perm[c++] as number] = gI;

  // Buyers: governance types and determinants.
  const fixed = p.governance.kind === 'fixed' ? p.governance.type : undefined;
  const firstType = fixed ?? (p.governance.kind === 'coevolve' ? p.governance.initial : undefined);
  const byType = new Int32Array(5);
  if (firstType === undefined && templates && templates.length > 0) {
    const w = [0, 0, 0, 0, 0];
    templates.forEach((tp, i) => {
      if (tp.gov >= 0) w[tp.gov] = (w[tp.gov] as number) + (counts[i] as number);
    });
    const nb = apportion(st.B, w.some((x) => x > 0) ? w : [0, 0, 0, 1, 0]);
    let b = 0;
    nb.forEach((k, g) => {
      for (let j = 0; j < k; j++) st.gov[b++] = g;
    });
  } else {
    const g = GOVERNANCE_TYPES.indexOf(firstType ?? initialGovernance);
    st.gov.fill(g);
  }
  for (let b = 0; b < st.B; b++) {
    const g = st.gov[b] as number;
    st.govCx[b] = p.byGovernance.complexity[g] as number;
    st.govCd[b] = p.byGovernance.codifiability[g] as number;
    byType[g] = (byType[g] as number) + 1;
  }

  const noise = sc.initNoise;
  const { initProd, initDesign, initRnd, initBrand } = p.byPosition;
  let sumA = 0;
  for (let i = 0; i < firms; i++) {
    const key = streamKey(ik, i, 1);
    const tp = templates && templates.length > 0 ? templates[kind[i] as number] : undefined;
    const pi = tp ? tp.pos : (kind[i] as number);
    const jitter = (k: number) => (2 * u01(key, k) - 1) * noise;
    const clamp = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
    st.alive[i] = 1;
    st.local[i] = 1;
    st.pos[i] = pi;
    st.initPos[i] = pi;
    st.peak[i] = pi;
    st.prod[i] = clamp((initProd[pi] as number) + jitter(0));
    st.design[i] = clamp((initDesign[pi] as number) + jitter(1));
    st.rnd[i] = clamp((initRnd[pi] as number) + jitter(2));
    st.brand[i] = clamp((initBrand[pi] as number) + jitter(3));
    // Log-normal size (σ ≈ 0.8 from a sum of four uniforms), times the template's size class.
    const z = (u01(key, 4) + u01(key, 5) + u01(key, 6) + u01(key, 7) - 2) * Math.sqrt(3);
    st.size[i] = Math.exp(0.8 * z) * (tp ? tp.size : 1);
    st.cash[i] = sc.cash0;
    const dom = tp ? tp.dom : sc.domShare + jitter(8) * 1.5;
    st.dom[i] = clamp(dom);
    st.initDom[i] = st.dom[i] as number;
    st.third[i] = Math.min(sc.thirdShare, 1 - (st.dom[i] as number));
    st.lead[i] = tp?.lead ? 1 : 0;
    // Product/technology domain around demand (techSpread = 0: a fully specialised cluster).
    st.tech[i] = clamp(sc.demandTech + (2 * u01(key, 10) - 1) * sc.techSpread);
    // Buyer: none for OBM; else a random buyer of the template's governance type when there is one.
    if (pi === POS_OBM) st.buyer[i] = -1;
    else {
      const want = tp && tp.gov >= 0 && (byType[tp.gov] as number) > 0 && !fixed ? tp.gov : -1;
      if (want >= 0) {
        let r = Math.floor(u01(key, 9) * (byType[want] as number));
        let b = 0;
        for (; b < st.B; b++) if (st.gov[b] === want && r-- === 0) break;
        st.buyer[i] = b;
      } else st.buyer[i] = Math.floor(u01(key, 9) * st.B);
    }
    const a = Math.min(
      1,
      sc.absorbBase + sc.absorbRnd * (st.rnd[i] as number) + sc.absorbProd * (st.prod[i] as number),
    );
    st.absorb[i] = a;
    sumA += a;
  }
  // Gatekeepers: external ties drawn in proportion to absorptive capacity (Giuliani & Bell 2005).
  const meanA = firms > 0 ? sumA / firms : 1;
  for (let i = 0; i < firms; i++) {
    const key = streamKey(ik, i, 2);
    const a = st.absorb[i] as number;
    st.ext[i] = u01(key, 0) < (sc.extShare * a) / meanA ? 1 : 0;
    // Platform links: gatekeepers and firms with absorptive capacity ≥ 0.5 (Bell & Giuliani 2007).
    st.platform[i] = st.ext[i] || a >= 0.5 ? 1 : 0;
  }
  // Leading firms without a workspace: the largest 2 % (seed 001's dominant firms).
  if (!templates || templates.length === 0) {
    const sizes = Float32Array.from(st.size.subarray(0, firms)).sort();
    const cut = sizes[Math.floor(0.98 * (firms - 1))] as number;
    for (let i = 0; i < firms; i++) st.lead[i] = (st.size[i] as number) >= cut ? 1 : 0;
  }
  tiesFromGraph(st, graph);
}
