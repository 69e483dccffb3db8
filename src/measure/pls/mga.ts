/**
 * PLS multigroup analysis (issue 5 item 5): every pair of groups defined by a grouping column is
 * compared parameter by parameter (path coefficients and outer loadings) with
 *
 * - the permutation test of Chin & Dibbern (2010), as in SmartPLS and cSEM's `testMGD(.approach_mgd =
 *   "Chin")`: the rows of the two groups are pooled, the group labels are permuted (group sizes kept),
 *   both groups are re-estimated and p = (1 + #{|d*| ≥ |d|}) / (1 + permutations used);
 * - Henseler's PLS-MGA (Henseler, Ringle & Sinkovics 2009) with the centring of Sarstedt, Henseler &
 *   Ringle (2011, Eq. 4): each group is bootstrapped on its own, the bootstrap values are centred on the
 *   group's estimate (θ*ⱼ − mean θ* + θ̂), P(θA ≤ θB) is the share of the J_A × J_B pairs with
 *   θ*_B > θ*_A (ties count ½), and the reported p is two-sided, 2·min(P, 1 − P), as SmartPLS 4 does.
 *
 * See docs/pls-mga-predict.md. Determinism: permutation i of pair k draws from the counter stream
 * (seed_perm(k), i) and bootstrap resample j of group g from (seed_boot(g), j) (random.ts), and every
 * result is written into its own slot, so the output is bit-identical for any worker count.
 */

import { extname } from 'node:path';
import { translator } from '../../i18n/index.ts';
import { InputError, type Problem } from '../../io/problems.ts';
import { defaultChunk, runPool } from '../../numeric/worker-pool.ts';
import { createLeanPlsEstimator, createPlsEstimator, type InnerScheme, type PlsData } from './estimate.ts';
import { createMgaRunner, type MgaTaskOutput, type MgaWorkerInit } from './mga-runner.ts';
import { type PlsModel, PlsModelError } from './model.ts';

export { createMgaRunner, type MgaWorkerInit, subSeed } from './mga-runner.ts';

export interface MgaOptions {
  scheme?: InnerScheme;
  missing?: 'mean' | 'listwise';
  maxIter?: number;
  stopCriterion?: number;
  /** Label permutations per pair of groups (default 1000). */
  permutations?: number;
  /** Bootstrap resamples per group for Henseler's PLS-MGA (default 1000). */
  resamples?: number;
  /** Seed of the counter-based streams (default 42). */
  seed?: number;
  /** worker_threads to use; 1 (default) computes in this thread. */
  workers?: number;
  /** Groups with fewer usable rows are left out (default: max(10, items of the largest block + 1)). */
  minGroupSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface MgaPathTest {
  from: string;
  to: string;
  /** The estimate in each group of the pair, by group name. */
  estimates: Record<string, number>;
  /** estimate(groupA) − estimate(groupB). */
  difference: number;
  /** Permutation p (Chin & Dibbern 2010), with the +1 correction. */
  pPermutation: number;
  /** Henseler's PLS-MGA, two-sided: 2·min(P, 1 − P). */
  pHenseler: number;
  /** Henseler's one-sided probability P(θA ≤ θB) (small: A larger; large: B larger). */
  pHenselerOneSided: number;
}

export interface MgaLoadingTest extends Omit<MgaPathTest, 'from' | 'to'> {
  construct: string;
  item: string;
}

export interface MgaRSquared {
  construct: string;
  estimates: Record<string, number>;
  difference: number;
}

export interface MgaComparison {
  groupA: string;
  groupB: string;
  nA: number;
  nB: number;
  paths: MgaPathTest[];
  loadings: MgaLoadingTest[];
  /** R² of each endogenous construct in both groups (not tested). */
  rSquared: MgaRSquared[];
  /** Permutations whose estimation succeeded (the denominator of pPermutation, minus the +1). */
  permutationsUsed: number;
}

export interface MgaResult {
  groups: { name: string; n: number }[];
  comparisons: MgaComparison[];
  permutations: number;
  resamples: number;
  seed: number;
  workers: number;
  minGroupSize: number;
  /** Bootstrap resamples of each group that failed (left out of Henseler's test). */
  bootstrapFailed: Record<string, number>;
  /** Resamples and permutations whose PLS iterations did not converge (kept). */
  nonConverged: number;
  /** The first failure messages (at most 20). */
  failures: string[];
  excluded: {
    /** Rows without a group (null or blank label). */
    missingGroup: number;
    /** Rows left out by listwise deletion (missing: 'listwise'). */
    incomplete: number;
    smallGroups: string[];
  };
}

/** Bilingual problem from the plsmga locale keys. */
function problem(key: string, vars: Record<string, unknown>, path = 'group'): Problem {
  const en = translator('en');
  const zh = translator('zh');
  return {
    file: '',
    path,
    message: { en: en(`plsmga.${key}`, vars), zh: zh(`plsmga.${key}`, vars) },
    fix: { en: en(`plsmga.${key}Fix`, vars), zh: zh(`plsmga.${key}Fix`, vars) },
  };
}

/** Numeric-aware order of group labels ("2" before "10"). */
const collator = new Intl.Collator('en', { numeric: true });

export async function multigroupPls(
  data: PlsData,
  model: PlsModel,
  groups: ReadonlyArray<string | null>,
  opts: MgaOptions = {},
): Promise<MgaResult> {
  const permutations = opts.permutations ?? 1000;
  const resamples = opts.resamples ?? 1000;
  const seed = opts.seed ?? 42;
  const workers = Math.max(1, Math.floor(opts.workers ?? 1));
  if (!Number.isInteger(permutations) || permutations < 1)
    throw new RangeError('permutations must be a whole number ≥ 1');
  if (!Number.isInteger(resamples) || resamples < 2)
    throw new RangeError('resamples must be a whole number ≥ 2');
  const p = data.columns.length;
  const nAll = p > 0 ? data.values.length / p : 0;
  if (groups.length !== nAll)
    throw new InputError([problem('lengthMismatch', { groups: groups.length, rows: nAll })]);
  const estOptions: MgaWorkerInit['options'] = {
    ...(opts.scheme ? { scheme: opts.scheme } : {}),
    ...(opts.missing ? { missing: opts.missing } : {}),
    ...(opts.maxIter !== undefined ? { maxIter: opts.maxIter } : {}),
    ...(opts.stopCriterion !== undefined ? { stopCriterion: opts.stopCriterion } : {}),
  };
  // Binds the model to the data (throws PlsModelError for missing items, interactions, …).
  const lean = createLeanPlsEstimator(data, model, estOptions);
  const nP = lean.layout.paths.length;
  const K = lean.layout.items.length;
  const Q = nP + K;

  // Rows by group: blank labels have no group; listwise deletion happens before grouping so that the
  // permuted groups keep the sizes that are actually estimated.
  const cols = lean.items.map((item) => data.columns.indexOf(item));
  const listwise = opts.missing === 'listwise';
  let missingGroup = 0;
  let incomplete = 0;
  const byName = new Map<string, number[]>();
  for (let i = 0; i < nAll; i++) {
    const label = groups[i];
    const name = label === null || label === undefined ? '' : String(label).trim();
    if (name === '') {
      missingGroup++;
      continue;
    }
    if (listwise && cols.some((c) => Number.isNaN(data.values[i * p + c] as number))) {
      incomplete++;
      continue;
    }
    const list = byName.get(name);
    if (list) list.push(i);
    else byName.set(name, [i]);
  }
  if (byName.size === 0) throw new InputError([problem('noGroups', { rows: nAll })]);
  if (byName.size === 1)
    throw new InputError([problem('singleGroup', { group: [...byName.keys()][0], rows: nAll })]);
  const largestBlock = Math.max(
    ...model.constructs.map((c) => (c.kind === 'composite' ? c.items.length : 0)),
  );
  const minGroupSize = opts.minGroupSize ?? Math.max(10, largestBlock + 1);
  const names = [...byName.keys()].sort((a, b) => collator.compare(a, b));
  const smallGroups = names.filter((g) => (byName.get(g) as number[]).length < minGroupSize);
  const usable = names.filter((g) => !smallGroups.includes(g));
  if (usable.length < 2)
    throw new InputError([
      problem('tooFewUsable', {
        min: minGroupSize,
        groups: names.map((g) => `${g} (${(byName.get(g) as number[]).length})`).join(', '),
      }),
    ]);
  const groupRows = usable.map((g) => Int32Array.from(byName.get(g) as number[]));
  const pairs: [number, number][] = [];
  for (let a = 0; a < usable.length; a++) for (let b = a + 1; b < usable.length; b++) pairs.push([a, b]);

  // Observed estimates per group: the lean fit (as in the permutations) and the full fit for R².
  const full = createPlsEstimator(data, model, { ...estOptions, fSquared: false });
  const observed = groupRows.map((rows, g) => {
    const out = new Float64Array(lean.size);
    try {
      lean.estimate(rows, out, 0);
      return { values: out.subarray(0, Q), full: full.estimate(rows) };
    } catch (e) {
      const message = e instanceof PlsModelError ? e.problems.map((x) => x.message).join('; ') : String(e);
      throw new InputError([problem('groupFails', { group: usable[g], message }, `group ${usable[g]}`)]);
    }
  });

  // Tasks: G·B bootstrap resamples, then pairs·P permutations.
  const G = usable.length;
  const T = G * resamples + pairs.length * permutations;
  const boot = new Float64Array(G * resamples * Q);
  const perm = new Float64Array(pairs.length * permutations * Q);
  const status = new Uint8Array(T);
  const failures: string[] = [];
  let done = 0;
  const absorb = (out: MgaTaskOutput) => {
    for (let t = out.start; t < out.end; t++) {
      status[t] = out.status[t - out.start] as number;
      const src = out.values.subarray((t - out.start) * Q, (t - out.start + 1) * Q);
      if (t < G * resamples) boot.set(src, t * Q);
      else perm.set(src, (t - G * resamples) * Q);
    }
    for (const [t, message] of out.messages) {
      if (failures.length >= 20) break;
      const what =
        t < G * resamples
          ? `bootstrap ${usable[Math.floor(t / resamples)]} #${t % resamples}`
          : `permutation #${(t - G * resamples) % permutations}`;
      failures.push(`${what}: ${message}`);
    }
    done += out.end - out.start;
    opts.onProgress?.(done, T);
  };
  const init: MgaWorkerInit = {
    data,
    model,
    options: estOptions,
    seed,
    groupRows,
    pairs,
    resamples,
    permutations,
    Q,
  };
  await runPool({
    entry: new URL(`./mga-worker${extname(import.meta.url)}`, import.meta.url),
    create: createMgaRunner,
    init,
    tasks: T,
    workers,
    chunk: defaultChunk(T, workers, 16, 250),
    absorb,
    name: 'PLS multigroup analysis',
  });

  // Henseler: centred bootstrap values per group and parameter, sorted.
  const bootstrapFailed: Record<string, number> = {};
  const centred: Float64Array[][] = groupRows.map((_, g) => {
    const ok: number[] = [];
    for (let j = 0; j < resamples; j++) if (status[g * resamples + j] !== 2) ok.push(j);
    bootstrapFailed[usable[g] as string] = resamples - ok.length;
    const est = (observed[g] as { values: Float64Array }).values;
    const out: Float64Array[] = [];
    for (let q = 0; q < Q; q++) {
      const col = new Float64Array(ok.length);
      let mean = 0;
      ok.forEach((j, i) => {
        const v = boot[(g * resamples + j) * Q + q] as number;
        col[i] = v;
        mean += v;
      });
      mean /= ok.length;
      const shift = (est[q] as number) - mean;
      for (let i = 0; i < col.length; i++) col[i] = (col[i] as number) + shift;
      col.sort();
      out.push(col);
    }
    return out;
  });

  const comparisons: MgaComparison[] = pairs.map(([a, b], k) => {
    const ga = usable[a] as string;
    const gb = usable[b] as string;
    const oa = observed[a] as { values: Float64Array; full: ReturnType<typeof full.estimate> };
    const ob = observed[b] as { values: Float64Array; full: ReturnType<typeof full.estimate> };
    const base = G * resamples + k * permutations;
    let used = 0;
    for (let i = 0; i < permutations; i++) if (status[base + i] !== 2) used++;
    const test = (q: number) => {
      const va = oa.values[q] as number;
      const vb = ob.values[q] as number;
      const d = va - vb;
      let extreme = 0;
      const thr = Math.abs(d) * (1 - 1e-12);
      for (let i = 0; i < permutations; i++) {
        if (status[base + i] === 2) continue;
        if (Math.abs(perm[(k * permutations + i) * Q + q] as number) >= thr) extreme++;
      }
      const one = henselerOneSided(
        (centred[a] as Float64Array[])[q] as Float64Array,
        (centred[b] as Float64Array[])[q] as Float64Array,
      );
      return {
        estimates: { [ga]: va, [gb]: vb },
        difference: d,
        pPermutation: Number.isNaN(d) || used === 0 ? Number.NaN : (1 + extreme) / (1 + used),
        pHenseler: Number.isNaN(one) ? Number.NaN : Math.min(1, 2 * Math.min(one, 1 - one)),
        pHenselerOneSided: one,
      };
    };
    const paths = lean.layout.paths.map(([from, to], q) => ({ from, to, ...test(q) }));
    const loadings = lean.layout.items.map(([construct, item], i) => ({ construct, item, ...test(nP + i) }));
    const rSquared = Object.keys(oa.full.rSquared).map((construct) => {
      const ra = oa.full.rSquared[construct] as number;
      const rb = ob.full.rSquared[construct] as number;
      return { construct, estimates: { [ga]: ra, [gb]: rb }, difference: ra - rb };
    });
    return {
      groupA: ga,
      groupB: gb,
      nA: (groupRows[a] as Int32Array).length,
      nB: (groupRows[b] as Int32Array).length,
      paths,
      loadings,
      rSquared,
      permutationsUsed: used,
    };
  });

  let nonConverged = 0;
  for (let t = 0; t < T; t++) if (status[t] === 1) nonConverged++;
  return {
    groups: usable.map((name, g) => ({ name, n: (groupRows[g] as Int32Array).length })),
    comparisons,
    permutations,
    resamples,
    seed,
    workers,
    minGroupSize,
    bootstrapFailed,
    nonConverged,
    failures,
    excluded: { missingGroup, incomplete, smallGroups },
  };
}

/**
 * P(θA ≤ θB) over all pairs of centred bootstrap values (sorted ascending): the share of pairs with
 * b > a, ties counted ½ (Sarstedt et al. 2011; cSEM's calculatePr). O(J log J) by merging.
 */
export function henselerOneSided(a: Float64Array, b: Float64Array): number {
  const na = a.length;
  const nb = b.length;
  if (na === 0 || nb === 0) return Number.NaN;
  let lo = 0; // b[0..lo) ≤ … strictly below a[i]
  let hi = 0; // b[0..hi) ≤ a[i]
  let acc = 0;
  for (let i = 0; i < na; i++) {
    const x = a[i] as number;
    if (Number.isNaN(x)) return Number.NaN;
    while (lo < nb && (b[lo] as number) < x) lo++;
    if (hi < lo) hi = lo;
    while (hi < nb && (b[hi] as number) <= x) hi++;
    // greater: nb − hi, equal: hi − lo
    acc += nb - hi + 0.5 * (hi - lo);
  }
  return acc / (na * nb);
}
