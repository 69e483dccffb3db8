/**
 * PLS-SEM bootstrap (issue 5 §4): resample rows with replacement, re-estimate, and summarise paths,
 * outer loadings and weights, total effects, specific indirect effects and HTMT with the bootstrap
 * mean, SD, t, p, percentile and BCa confidence intervals. See docs/pls.md, "Bootstrap".
 *
 * Determinism: resample r's rows come from the counter-based stream (seed, r) (random.ts), and every
 * estimate is stored in slot r, so the output is bit-identical for any worker count. Tasks 0..B−1 are
 * resamples; tasks B..B+G−1 are the jackknife groups used for the BCa acceleration.
 */

import { extname } from 'node:path';
import { defaultChunk, runPool } from '../../numeric/worker-pool.ts';
import {
  createLeanPlsEstimator,
  createPlsEstimator,
  type PlsData,
  type PlsOptions,
  type PlsResult,
} from './estimate.ts';
import type { PlsModel } from './model.ts';
import { resampleRows } from './random.ts';

export type SignChange = 'none' | 'individual' | 'construct';

export interface BootstrapProgress {
  /** Tasks finished (resamples and jackknife groups). */
  done: number;
  total: number;
}

export interface BootstrapOptions extends Omit<PlsOptions, 'fSquared' | 'scores'> {
  /** Number of bootstrap resamples (default 5000). */
  resamples?: number;
  /** Seed of the counter-based row streams (default 42). */
  seed?: number;
  /** worker_threads to use; 1 (default) computes in this thread. */
  workers?: number;
  /** Sign-change correction (default 'none', as seminr). */
  signChange?: SignChange;
  /** Confidence level of the intervals (default 0.95). */
  level?: number;
  /** At most this many jackknife groups for the BCa acceleration (default 250; n ≤ this gives leave-one-out). */
  jackknifeGroups?: number;
  /**
   * Explicit resamples (0-based row indices, e.g. another program's draws to replay); when given,
   * `resamples` and `seed` are ignored for drawing rows.
   */
  indices?: ArrayLike<number>[];
  /** Leave resamples whose PLS iterations did not converge out of the summaries (default false: kept, as seminr). */
  dropNonConverged?: boolean;
  onProgress?: (p: BootstrapProgress) => void;
}

export interface BootstrapStat {
  original: number;
  /** Bootstrap mean and SD (n−1 denominator) over the resamples used. */
  mean: number;
  sd: number;
  /** original / sd. */
  t: number;
  /** Two-sided p of t under Student's t with n−1 degrees of freedom (n = rows used). */
  p: number;
  /** Percentile interval (quantile type 7, as R's default and seminr). */
  percentile: [number, number];
  /** Bias-corrected and accelerated interval; NaN when every resample lies on one side of the original. */
  bca: [number, number];
}

export interface BootstrapFailure {
  /** Resample index (0-based), or −1 − g for jackknife group g. */
  resample: number;
  message: string;
}

export interface BootstrapResult {
  /** The full-sample estimate (without f²). */
  original: PlsResult;
  resamples: number;
  seed: number;
  workers: number;
  signChange: SignChange;
  level: number;
  /** Resamples used in the summaries. */
  used: number;
  /** Resamples whose iterations reached maxIter (kept unless dropNonConverged). */
  nonConverged: number;
  nonConvergedResamples: number[];
  /** Resamples whose estimation failed (e.g. a singular block or a zero-variance item); never used. */
  failed: number;
  /** The first failures (at most 20). */
  failures: BootstrapFailure[];
  /** Jackknife groups (n when leave-one-out) and how many failed. */
  jackknife: { groups: number; failed: number };
  pValue: 'student-t, n-1 df';
  paths: ({ from: string; to: string } & BootstrapStat)[];
  outerLoadings: ({ construct: string; item: string } & BootstrapStat)[];
  outerWeights: ({ construct: string; item: string } & BootstrapStat)[];
  totalEffects: ({ from: string; to: string } & BootstrapStat)[];
  /** Every chain from → m1 → … → to with at least one mediator; estimate = product of its paths. */
  indirectEffects: ({ from: string; to: string; through: string[] } & BootstrapStat)[];
  htmt: ({ a: string; b: string } & BootstrapStat)[];
}

/** What a task runner (in this thread or a worker) needs. */
export interface WorkerInit {
  data: PlsData;
  model: PlsModel;
  options: PlsOptions;
  seed: number;
  resamples: number;
  groups: number;
  layout: RawLayout;
  /** Explicit resamples (0-based rows) instead of the seeded streams. */
  indices?: Int32Array[];
  /** Run the full estimate (every diagnostic) per task instead of the lean one (for tests; default false). */
  full?: boolean;
}

export interface RawLayout {
  paths: number;
  items: [string, string][];
  htmt: [string, string][];
}

export interface TaskOutput {
  start: number;
  end: number;
  /** (end − start) × Q raw estimates: paths, loadings, weights, HTMT. */
  values: Float64Array;
  /** 0 converged, 1 not converged, 2 failed. */
  status: Uint8Array;
  messages: [number, string][];
}

const rawSize = (l: RawLayout) => l.paths + 2 * l.items.length + l.htmt.length;

/** Re-estimates tasks [start, end): resamples below `resamples`, jackknife groups above. */
export function createTaskRunner(init: WorkerInit): (start: number, end: number) => TaskOutput {
  const n = init.data.values.length / init.data.columns.length;
  const Q = rawSize(init.layout);
  const rows = new Int32Array(n);
  const { groups, resamples, seed } = init;
  const est = init.full ? fullEstimator(init) : leanEstimator(init);
  return (start, end) => {
    const values = new Float64Array((end - start) * Q);
    const status = new Uint8Array(end - start);
    const messages: [number, string][] = [];
    for (let t = start; t < end; t++) {
      const off = (t - start) * Q;
      try {
        let converged: boolean;
        if (t < resamples) {
          const subset = init.indices ? (init.indices[t] as Int32Array) : resampleRows(seed, t, n, rows);
          converged = est.rows(subset, values, off);
        } else {
          // Jackknife group g leaves out the contiguous rows lo..hi−1.
          const g = t - resamples;
          const lo = Math.floor((g * n) / groups);
          const hi = Math.floor(((g + 1) * n) / groups);
          if (est.except) converged = est.except(lo, hi, values, off);
          else {
            const subset = rows.subarray(0, n - (hi - lo));
            let k = 0;
            for (let i = 0; i < n; i++) if (i < lo || i >= hi) subset[k++] = i;
            converged = est.rows(subset, values, off);
          }
        }
        status[t - start] = converged ? 0 : 1;
      } catch (e) {
        status[t - start] = 2;
        messages.push([t, e instanceof Error ? e.message : String(e)]);
      }
    }
    return { start, end, values, status, messages };
  };
}

/** Writes a task's raw values at out[off…] and returns whether it converged. */
interface EstimateInto {
  rows(rows: Int32Array, out: Float64Array, off: number): boolean;
  /** All rows but lo..hi−1 (a jackknife group), when the estimator has a faster way than listing them. */
  except?(lo: number, hi: number, out: Float64Array, off: number): boolean;
}

/** The full estimate (every diagnostic), then the raw values picked from it. */
function fullEstimator(init: WorkerInit): EstimateInto {
  const est = createPlsEstimator(init.data, init.model, { ...init.options, fSquared: false, scores: false });
  return {
    rows(rows, out, off) {
      const res = est.estimate(rows);
      writeRaw(res, init.layout, out, off);
      return res.converged;
    },
  };
}

/** The lean estimate (only what the bootstrap summarises), reordered to the layout. */
function leanEstimator(init: WorkerInit): EstimateInto {
  const est = createLeanPlsEstimator(init.data, init.model, init.options);
  const { layout } = init;
  const lean = est.layout;
  const nP = lean.paths.length;
  const nL = lean.items.length;
  const key = (a: string, b: string) => JSON.stringify([a, b]);
  const itemAt = new Map(lean.items.map(([c, i], k) => [key(c, i), k]));
  const htmtAt = new Map(lean.htmt.map(([a, b], k) => [key(a, b), k]));
  // Source index in the lean output of each layout slot (−1: absent, NaN as writeRaw).
  const from: number[] = [];
  for (let i = 0; i < layout.paths; i++) from.push(i < nP ? i : -1);
  const item = layout.items.map(([c, i]) => itemAt.get(key(c, i)) ?? -1);
  for (const k of item) from.push(k < 0 ? -1 : nP + k);
  for (const k of item) from.push(k < 0 ? -1 : nP + nL + k);
  for (const [a, b] of layout.htmt) {
    const k = htmtAt.get(key(a, b));
    from.push(k === undefined ? -1 : nP + 2 * nL + k);
  }
  const buf = new Float64Array(est.size);
  const copy = (out: Float64Array, off: number) => {
    for (let q = 0; q < from.length; q++) {
      const k = from[q] as number;
      out[off + q] = k < 0 ? Number.NaN : (buf[k] as number);
    }
  };
  return {
    rows(rows, out, off) {
      const converged = est.estimate(rows, buf, 0);
      copy(out, off);
      return converged;
    },
    except(lo, hi, out, off) {
      const converged = est.estimateExcept(lo, hi, buf, 0);
      copy(out, off);
      return converged;
    },
  };
}

function writeRaw(res: PlsResult, layout: RawLayout, out: Float64Array, off: number): void {
  let k = off;
  for (let i = 0; i < layout.paths; i++) out[k++] = (res.paths[i] as { estimate: number }).estimate;
  for (const [c, item] of layout.items) out[k++] = res.outerLoadings[c]?.[item] ?? Number.NaN;
  for (const [c, item] of layout.items) out[k++] = res.outerWeights[c]?.[item] ?? Number.NaN;
  for (const [a, b] of layout.htmt) out[k++] = res.htmt[a]?.[b] ?? Number.NaN;
}

interface Derived {
  /** Number of derived parameters: paths, loadings, weights, total, indirect, htmt. */
  P: number;
  /** Raw vector (paths, loadings, weights, htmt) → derived vector; applies sign changes. */
  derive(raw: Float64Array, rawOff: number, out: Float64Array): void;
}

export async function bootstrapPls(
  data: PlsData,
  model: PlsModel,
  options: BootstrapOptions = {},
): Promise<BootstrapResult> {
  const indices = options.indices?.map((r) => Int32Array.from(r));
  const B = indices ? indices.length : (options.resamples ?? 5000);
  const seed = options.seed ?? 42;
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  const signChange = options.signChange ?? 'none';
  const level = options.level ?? 0.95;
  if (!Number.isInteger(B) || B < 2) throw new RangeError('resamples must be an integer ≥ 2');
  if (!(level > 0 && level < 1)) throw new RangeError('level must lie in (0, 1)');
  const estOptions: PlsOptions = {
    scheme: options.scheme,
    maxIter: options.maxIter,
    stopCriterion: options.stopCriterion,
    missing: options.missing,
  };
  const nAll = data.values.length / data.columns.length;
  const groups = Math.max(2, Math.min(nAll, Math.floor(options.jackknifeGroups ?? 250)));

  const original = createPlsEstimator(data, model, { ...estOptions, fSquared: false }).estimate();
  const names = original.constructs;
  const C = names.length;
  const ci = new Map(names.map((c, i) => [c, i]));
  const layout: RawLayout = {
    paths: original.paths.length,
    items: names.flatMap((c) =>
      Object.keys(original.outerLoadings[c] ?? {}).map((i) => [c, i] as [string, string]),
    ),
    htmt: Object.entries(original.htmt).flatMap(([a, row]) =>
      Object.keys(row).map((b) => [a, b] as [string, string]),
    ),
  };
  const Q = rawSize(layout);
  const pathIdx = original.paths.map((p) => [ci.get(p.from) as number, ci.get(p.to) as number]);
  const totalPairs = Object.entries(original.totalEffects).flatMap(([a, row]) =>
    Object.keys(row).map((b) => [ci.get(a) as number, ci.get(b) as number] as [number, number]),
  );
  const chains = indirectChains(pathIdx as [number, number][], C);
  const derived = makeDerived(layout, pathIdx as [number, number][], C, totalPairs, chains, signChange);
  const P = derived.P;

  const origRaw = new Float64Array(Q);
  writeRaw(original, layout, origRaw, 0);
  const origVec = new Float64Array(P);
  derived.derive(origRaw, 0, origVec);
  derived.setOriginal(origRaw, origVec);

  // Streamed storage: parameter-major columns of the derived estimates; raw vectors are dropped per chunk.
  const T = B + groups;
  const boot = new Float64Array(P * B);
  const jack = new Float64Array(P * groups);
  const status = new Uint8Array(T);
  const failures: BootstrapFailure[] = [];
  const vec = new Float64Array(P);
  let done = 0;
  const absorb = (out: TaskOutput) => {
    for (let t = out.start; t < out.end; t++) {
      const s = out.status[t - out.start] as number;
      status[t] = s;
      if (s === 2) {
        continue;
      }
      derived.derive(out.values, (t - out.start) * Q, vec);
      if (t < B) for (let p = 0; p < P; p++) boot[p * B + t] = vec[p] as number;
      else for (let p = 0; p < P; p++) jack[p * groups + (t - B)] = vec[p] as number;
    }
    for (const [t, message] of out.messages) {
      if (failures.length < 20) failures.push({ resample: t < B ? t : -1 - (t - B), message });
    }
    done += out.end - out.start;
    options.onProgress?.({ done, total: T });
  };

  const init: WorkerInit = { data, model, options: estOptions, seed, resamples: B, groups, layout };
  if (indices) init.indices = indices;
  await runPool({
    entry: new URL(`./bootstrap-worker${extname(import.meta.url)}`, import.meta.url),
    create: createTaskRunner,
    init,
    tasks: T,
    workers,
    chunk: defaultChunk(T, workers, 16),
    absorb,
    name: 'PLS bootstrap',
  });

  // Which resamples enter the summaries.
  const drop = options.dropNonConverged ?? false;
  const usedIdx: number[] = [];
  const nonConvergedResamples: number[] = [];
  let failed = 0;
  for (let r = 0; r < B; r++) {
    const s = status[r] as number;
    if (s === 1) nonConvergedResamples.push(r);
    if (s === 2) failed++;
    else if (!(s === 1 && drop)) usedIdx.push(r);
  }
  const jackIdx: number[] = [];
  for (let g = 0; g < groups; g++) if (status[B + g] !== 2) jackIdx.push(g);

  const df = original.n - 1;
  const col = new Float64Array(usedIdx.length);
  const jcol = new Float64Array(jackIdx.length);
  const stats: BootstrapStat[] = [];
  for (let p = 0; p < P; p++) {
    usedIdx.forEach((r, i) => {
      col[i] = boot[p * B + r] as number;
    });
    jackIdx.forEach((g, i) => {
      jcol[i] = jack[p * groups + g] as number;
    });
    stats.push(summarise(origVec[p] as number, col, jcol, level, df));
  }

  let k = 0;
  const take = () => stats[k++] as BootstrapStat;
  const paths = original.paths.map((p) => ({ from: p.from, to: p.to, ...take() }));
  const outerLoadings = layout.items.map(([construct, item]) => ({ construct, item, ...take() }));
  const outerWeights = layout.items.map(([construct, item]) => ({ construct, item, ...take() }));
  const totalEffects = totalPairs.map(([a, b]) => ({
    from: names[a] as string,
    to: names[b] as string,
    ...take(),
  }));
  const indirectEffects = chains.map((ch) => {
    const nodes = [pathIdx[ch[0] as number]?.[0] as number, ...ch.map((e) => pathIdx[e]?.[1] as number)];
    return {
      from: names[nodes[0] as number] as string,
      to: names[nodes[nodes.length - 1] as number] as string,
      through: nodes.slice(1, -1).map((x) => names[x] as string),
      ...take(),
    };
  });
  const htmt = layout.htmt.map(([a, b]) => ({ a, b, ...take() }));

  return {
    original,
    resamples: B,
    seed,
    workers,
    signChange,
    level,
    used: usedIdx.length,
    nonConverged: nonConvergedResamples.length,
    nonConvergedResamples,
    failed,
    failures,
    jackknife: { groups, failed: groups - jackIdx.length },
    pValue: 'student-t, n-1 df',
    paths,
    outerLoadings,
    outerWeights,
    totalEffects,
    indirectEffects,
    htmt,
  };
}

/** Every directed chain of ≥ 2 paths (as path indices), by start construct, depth first. */
function indirectChains(paths: [number, number][], C: number): number[][] {
  const out: number[][] = [];
  const outgoing: number[][] = Array.from({ length: C }, () => []);
  paths.forEach(([f], e) => {
    (outgoing[f] as number[]).push(e);
  });
  const walk = (node: number, chain: number[]) => {
    for (const e of outgoing[node] as number[]) {
      const next = [...chain, e];
      if (next.length >= 2) out.push(next);
      walk((paths[e] as [number, number])[1], next);
    }
  };
  for (let c = 0; c < C; c++) walk(c, []);
  return out;
}

function makeDerived(
  layout: RawLayout,
  pathIdx: [number, number][],
  C: number,
  totalPairs: [number, number][],
  chains: number[][],
  signChange: SignChange,
): Derived & { setOriginal(raw: Float64Array, vec: Float64Array): void } {
  const nP = layout.paths;
  const nL = layout.items.length;
  const nT = totalPairs.length;
  const nI = chains.length;
  const nH = layout.htmt.length;
  const P = nP + 2 * nL + nT + nI + nH;
  const cIndex = new Map<string, number>();
  const itemConstruct = layout.items.map(([c]) => {
    if (!cIndex.has(c)) cIndex.set(c, cIndex.size);
    return cIndex.get(c) as number;
  });
  // Construct indices in layout order follow the original's construct order, as do pathIdx.
  let origRaw: Float64Array | undefined;
  let origVec: Float64Array | undefined;
  const beta = new Float64Array(C * C);
  const power = new Float64Array(C * C);
  const next = new Float64Array(C * C);
  const total = new Float64Array(C * C);
  const sign = new Float64Array(C);
  const sumPlus = new Float64Array(C);
  const sumMinus = new Float64Array(C);
  const derive = (raw: Float64Array, off: number, out: Float64Array) => {
    sign.fill(1);
    if (signChange === 'construct' && origRaw) {
      // Tenenhaus et al. (2005): flip a construct when its loadings agree better with the original once negated.
      sumPlus.fill(0);
      sumMinus.fill(0);
      for (let i = 0; i < nL; i++) {
        const o = origRaw[nP + i] as number;
        const b = raw[off + nP + i] as number;
        const c = itemConstruct[i] as number;
        sumPlus[c] = (sumPlus[c] as number) + o + b;
        sumMinus[c] = (sumMinus[c] as number) + o - b;
      }
      for (let c = 0; c < C; c++)
        if (Math.abs(sumPlus[c] as number) < Math.abs(sumMinus[c] as number)) sign[c] = -1;
    }
    let k = 0;
    beta.fill(0);
    for (let e = 0; e < nP; e++) {
      const [f, t] = pathIdx[e] as [number, number];
      const v = (raw[off + e] as number) * (sign[f] as number) * (sign[t] as number);
      beta[f * C + t] = v;
      out[k++] = v;
    }
    for (let i = 0; i < nL; i++)
      out[k++] = (raw[off + nP + i] as number) * (sign[itemConstruct[i] as number] as number);
    for (let i = 0; i < nL; i++)
      out[k++] = (raw[off + nP + nL + i] as number) * (sign[itemConstruct[i] as number] as number);
    // Total effects B + B² + … (recursive model).
    total.set(beta);
    power.set(beta);
    for (let depth = 1; depth < C; depth++) {
      next.fill(0);
      let any = false;
      for (let a = 0; a < C; a++) {
        for (let m = 0; m < C; m++) {
          const pv = power[a * C + m] as number;
          if (pv === 0) continue;
          for (let b = 0; b < C; b++) {
            const bv = beta[m * C + b] as number;
            if (bv !== 0) {
              next[a * C + b] = (next[a * C + b] as number) + pv * bv;
              any = true;
            }
          }
        }
      }
      if (!any) break;
      for (let x = 0; x < C * C; x++) total[x] = (total[x] as number) + (next[x] as number);
      power.set(next);
    }
    for (const [a, b] of totalPairs) out[k++] = total[a * C + b] as number;
    for (const ch of chains) {
      let v = 1;
      for (const e of ch) v *= out[e] as number;
      out[k++] = v;
    }
    for (let i = 0; i < nH; i++) out[k++] = raw[off + nP + 2 * nL + i] as number;
    if (signChange === 'individual' && origVec) {
      for (let p = 0; p < P - nH; p++) {
        const o = origVec[p] as number;
        const v = out[p] as number;
        if (o !== 0 && v !== 0 && Math.sign(o) !== Math.sign(v)) out[p] = -v;
      }
    }
  };
  return {
    P,
    derive,
    setOriginal(raw, vec) {
      origRaw = raw.slice();
      origVec = vec.slice();
    },
  };
}

/** Summary of one parameter: bootstrap values `x` (any order), jackknife values `jk`. */
export function summarise(
  original: number,
  x: Float64Array,
  jk: Float64Array,
  level: number,
  df: number,
): BootstrapStat {
  const B = x.length;
  let mean = 0;
  for (let i = 0; i < B; i++) mean += x[i] as number;
  mean /= B;
  let ss = 0;
  for (let i = 0; i < B; i++) ss += ((x[i] as number) - mean) ** 2;
  const sd = Math.sqrt(ss / (B - 1));
  const t = original / sd;
  const sorted = x.slice().sort();
  const alpha = (1 - level) / 2;
  const percentile: [number, number] = [quantile7(sorted, alpha), quantile7(sorted, 1 - alpha)];
  const bca = bcaInterval(sorted, original, acceleration(jk), level);
  return { original, mean, sd, t, p: studentTwoSided(t, df), percentile, bca };
}

/** R's quantile type 7 on sorted values. */
export function quantile7(sorted: ArrayLike<number>, prob: number): number {
  const n = sorted.length;
  if (n === 0 || !(prob >= 0 && prob <= 1)) return Number.NaN;
  const h = (n - 1) * prob;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  if (lo + 1 >= n) return a;
  return a + (h - lo) * ((sorted[lo + 1] as number) - a);
}

/** Jackknife acceleration a = Σd³ / (6 (Σd²)^{3/2}), d = mean(θ₍ᵢ₎) − θ₍ᵢ₎. */
export function acceleration(jk: ArrayLike<number>): number {
  const n = jk.length;
  if (n < 2) return 0;
  let m = 0;
  for (let i = 0; i < n; i++) m += jk[i] as number;
  m /= n;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < n; i++) {
    const d = m - (jk[i] as number);
    s2 += d * d;
    s3 += d * d * d;
  }
  return s2 > 0 ? s3 / (6 * s2 ** 1.5) : 0;
}

/**
 * BCa interval (Efron 1987) from sorted bootstrap values: z0 = Φ⁻¹(share of values below the
 * original), levels Φ(z0 + (z0 + z)/(1 − a(z0 + z))) for z = Φ⁻¹(α/2), Φ⁻¹(1 − α/2), read with
 * quantile type 7.
 */
export function bcaInterval(
  sorted: ArrayLike<number>,
  original: number,
  a: number,
  level: number,
): [number, number] {
  const B = sorted.length;
  let below = 0;
  while (below < B && (sorted[below] as number) < original) below++;
  if (below === 0 || below === B) return [Number.NaN, Number.NaN];
  const z0 = normalQuantile(below / B);
  const at = (z: number) => {
    const s = z0 + z;
    return normalCdf(z0 + s / (1 - a * s));
  };
  const zl = normalQuantile((1 - level) / 2);
  return [quantile7(sorted, at(zl)), quantile7(sorted, at(-zl))];
}

/** Standard normal CDF (Hart 1968 / West 2005, double precision). */
export function normalCdf(x: number): number {
  const ax = Math.abs(x);
  let c: number;
  if (ax > 37) c = 0;
  else {
    const e = Math.exp((-ax * ax) / 2);
    if (ax < 7.07106781186547) {
      let b = 3.52624965998911e-2 * ax + 0.700383064443688;
      b = b * ax + 6.37396220353165;
      b = b * ax + 33.912866078383;
      b = b * ax + 112.079291497871;
      b = b * ax + 221.213596169931;
      b = b * ax + 220.206867912376;
      c = e * b;
      b = 8.83883476483184e-2 * ax + 1.75566716318264;
      b = b * ax + 16.064177579207;
      b = b * ax + 86.7807322029461;
      b = b * ax + 296.564248779674;
      b = b * ax + 637.333633378831;
      b = b * ax + 793.826512519948;
      b = b * ax + 440.413735824752;
      c /= b;
    } else {
      let b = ax + 0.65;
      b = ax + 4 / b;
      b = ax + 3 / b;
      b = ax + 2 / b;
      b = ax + 1 / b;
      c = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

/** Standard normal quantile (Acklam's approximation refined by one Halley step). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : Number.NaN;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  const poly = (cs: number[], v: number) => cs.reduce((acc, k) => acc * v + k, 0);
  let x: number;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = poly(c, q) / (poly(d, q) * q + 1);
  } else if (p <= 1 - pl) {
    const q = p - 0.5;
    const r = q * q;
    x = (poly(a, r) * q) / (poly(b, r) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -poly(c, q) / (poly(d, q) * q + 1);
  }
  // Halley refinement.
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Two-sided p-value of t under Student's t with df degrees of freedom. */
export function studentTwoSided(t: number, df: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

function logGamma(x: number): number {
  const g = [
    676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const xx = x - 1;
  let a = 0.99999999999980993;
  const t = xx + 7.5;
  for (let i = 0; i < 8; i++) a += (g[i] as number) / (xx + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised incomplete beta I_x(a, b) (continued fraction, Lentz). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lbt = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lbt) * betaCf(x, a, b)) / a;
  return 1 - (Math.exp(lbt) * betaCf(1 - x, b, a)) / b;
}

function betaCf(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}
