import { GOVERNANCE_TYPES, type GovernanceType } from '../domain/vocabulary.ts';
import type { Graph } from '../network/graph.ts';
import {
  type ClusterState,
  F_ABSORB,
  F_BRAND,
  F_CASH,
  F_DESIGN,
  F_DOM,
  F_PROD,
  F_RND,
  F_SIZE,
  F_TECH,
  F_THIRD,
  FS,
  lever,
  POS_OBM,
  settleTieStrength,
  tiesFromGraph,
  U_ALIVE,
  U_EXT,
  U_LEAD,
  U_LOCAL,
  U_PEAK,
  U_PLATFORM,
  U_POS,
  US,
} from './model.ts';
import type { ClusterParams } from './params.ts';
import { PURPOSE, streamKey, u01 } from './rng.ts';
import type { NetworkTemplate } from './workspace.ts';

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
  graph: Pick<Graph, 'n' | 'outOffsets' | 'outTargets'>,
  firms: number,
  templates: readonly FirmTemplate[] | undefined,
  initialGovernance: GovernanceType,
  network?: NetworkTemplate,
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
  const trainAdd = sc.trainingAbsorb * lever(p, 'training');
  const { initProd, initDesign, initRnd, initBrand } = p.byPosition;
  let sumA = 0;
  const { f, u } = st;
  // Initial state: the current capability buffer is at offset st.cur (0).
  const cb = st.cur;
  for (let i = 0; i < firms; i++) {
    const key = streamKey(ik, i, 1);
    const tp = templates && templates.length > 0 ? templates[kind[i] as number] : undefined;
    const pi = tp ? tp.pos : (kind[i] as number);
    const jitter = (k: number) => (2 * u01(key, k) - 1) * noise;
    const clamp = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
    const fi = i * FS;
    const ui = i * US;
    u[ui + U_ALIVE] = 1;
    u[ui + U_LOCAL] = 1;
    u[ui + U_POS] = pi;
    st.initPos[i] = pi;
    u[ui + U_PEAK] = pi;
    f[fi + cb + F_PROD] = clamp((initProd[pi] as number) + jitter(0));
    f[fi + cb + F_DESIGN] = clamp((initDesign[pi] as number) + jitter(1));
    f[fi + cb + F_RND] = clamp((initRnd[pi] as number) + jitter(2));
    f[fi + F_BRAND] = clamp((initBrand[pi] as number) + jitter(3));
    // Log-normal size (σ ≈ 0.8 from a sum of four uniforms), times the template's size class.
    const z = (u01(key, 4) + u01(key, 5) + u01(key, 6) + u01(key, 7) - 2) * Math.sqrt(3);
    f[fi + F_SIZE] = Math.exp(0.8 * z) * (tp ? tp.size : 1);
    f[fi + F_CASH] = sc.cash0;
    const dom = tp ? tp.dom : sc.domShare + jitter(8) * 1.5;
    f[fi + F_DOM] = clamp(dom);
    st.initDom[i] = f[fi + F_DOM] as number;
    st.invSize0[i] = 1 / (f[fi + F_SIZE] as number);
    f[fi + F_THIRD] = Math.min(sc.thirdShare, 1 - (f[fi + F_DOM] as number));
    u[ui + U_LEAD] = tp?.lead ? 1 : 0;
    // Product/technology domain around demand (techSpread = 0: a fully specialised cluster).
    f[fi + cb + F_TECH] = clamp(sc.demandTech + (2 * u01(key, 10) - 1) * sc.techSpread);
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
    // Training (lever) counts from the start, so the platform links below respond to it; channel diversity
    // enters from the first step (docs/abm.md §5: counting it here would lift most firms over the 0.5
    // platform-link threshold and decouple the links from gatekeepers).
    const a = Math.min(
      1,
      sc.absorbBase +
        sc.absorbRnd * (f[fi + cb + F_RND] as number) +
        sc.absorbProd * (f[fi + cb + F_PROD] as number) +
        trainAdd,
    );
    f[fi + F_ABSORB] = a;
    sumA += a;
  }
  // Gatekeepers: external ties drawn in proportion to absorptive capacity (Giuliani & Bell 2005).
  const meanA = firms > 0 ? sumA / firms : 1;
  for (let i = 0; i < firms; i++) {
    const key = streamKey(ik, i, 2);
    const a = f[i * FS + F_ABSORB] as number;
    const ext = u01(key, 0) < (sc.extShare * a) / meanA ? 1 : 0;
    u[i * US + U_EXT] = ext;
    // Platform links: gatekeepers and firms with absorptive capacity ≥ 0.5 (Bell & Giuliani 2007).
    u[i * US + U_PLATFORM] = ext || a >= 0.5 ? 1 : 0;
  }
  // Leading firms without a workspace: the largest 2 % (seed 001's dominant firms).
  if (!templates || templates.length === 0) {
    const sizes = new Float32Array(firms);
    for (let i = 0; i < firms; i++) sizes[i] = f[i * FS + F_SIZE] as number;
    sizes.sort();
    const cut = sizes[Math.floor(0.98 * (firms - 1))] as number;
    for (let i = 0; i < firms; i++) u[i * US + U_LEAD] = (f[i * FS + F_SIZE] as number) >= cut ? 1 : 0;
  }
  tiesFromGraph(st, graph);
  if (network && network.ids.length > 0) tiesFromNetwork(st, network, firms, ik);
  settleTieStrength(st);
}

/**
 * The initial knowledge network cloned from a workspace network (docs/abm.md §5): the `firms` firms are
 * spread over the template's core nodes in equal numbers (largest remainder, random permutation); each
 * firm takes its node's ties — a random clone of each partner (K of them at random when the node has more
 * than K partners) — and fills its remaining tie slots with its own neighbours in the generated
 * small-world graph (already in `st.ties`), then, rarely needed, random firms. Gatekeepers, platform links and lead firms follow the node.
 */
function tiesFromNetwork(st: ClusterState, net: NetworkTemplate, firms: number, ik: number): void {
  const C = net.ids.length;
  const K = st.K;
  const nodeKey = streamKey(ik, 0x7ffffff1, 3);
  const perm = permutation(firms, nodeKey);
  const counts = apportion(firms, new Array<number>(C).fill(1));
  // Clones of each node, CSR: cloneOf lists firms by node.
  const cloneOffsets = new Int32Array(C + 1);
  for (let c = 0; c < C; c++) cloneOffsets[c + 1] = (cloneOffsets[c] as number) + (counts[c] as number);
  const clones = new Int32Array(firms);
  const node = new Int32Array(firms);
  let k = 0;
  for (let c = 0; c < C; c++)
    for (let r = 0; r < (counts[c] as number); r++) {
      const i = perm[k++] as number;
      node[i] = c;
      clones[(cloneOffsets[c] as number) + r] = i;
    }
  st.netNode = node;
  const own = new Int32Array(K);
  const order: number[] = [];
  for (let i = 0; i < firms; i++) {
    const c = node[i] as number;
    const key = streamKey(ik, i, 4);
    let d = 0;
    // The node's partners, in random order (a firm keeps K of them when there are more).
    order.length = 0;
    for (let e = net.offsets[c] as number; e < (net.offsets[c + 1] as number); e++)
      order.push(net.partners[e] as number);
    for (let a = order.length - 1; a > 0; a--) {
      const b = Math.floor(u01(key, a) * (a + 1));
      const x = order[a] as number;
      order[a] = order[b] as number;
      order[b] = x;
    }
    let draw = order.length;
    for (const q of order) {
      if (d >= K) break;
      const lo = cloneOffsets[q] as number;
      const cnt = (cloneOffsets[q + 1] as number) - lo;
      if (cnt === 0) continue;
      const j = clones[lo + Math.floor(u01(key, draw++) * cnt)] as number;
      if (j === i || own.subarray(0, d).includes(j)) continue;
      own[d++] = j;
    }
    // Fill up with the generated neighbours.
    for (let s = 0; s < K && d < K; s++) {
      const j = st.ties[i * K + s] as number;
      if (j < 0 || j === i || own.subarray(0, d).includes(j)) continue;
      own[d++] = j;
    }
    // Rarely short (the generated neighbours were taken already): random firms.
    for (let tries = 0; d < K && tries < 4 * K && firms > K; tries++) {
      const j = Math.floor(u01(key, draw++) * firms);
      if (j === i || own.subarray(0, d).includes(j)) continue;
      own[d++] = j;
    }
    for (let s = 0; s < K; s++) st.ties[i * K + s] = s < d ? (own[s] as number) : -1;
    const ui = i * US;
    st.u[ui + U_EXT] = net.ext[c] as number;
    st.u[ui + U_PLATFORM] = net.ext[c] || net.platform[c] ? 1 : 0;
    if (net.lead[c]) st.u[ui + U_LEAD] = 1;
  }
}
