/**
 * PLS-SEM estimation, matching R seminr 2.3.1.9000 (see docs/pls.md and
 * ../shared/data/plssem/ALGORITHM.md). Everything after standardisation runs on the item correlation
 * matrix R = ZᵀZ/(n−1): construct scores are Y = ZW, so every covariance PLS needs (between scores,
 * between items and scores, between items and inner proxies) is a product of R and W. The data are
 * touched once per estimation, which keeps large samples and bootstrap resamples cheap.
 */

import { admissibilityWarnings, nearlySingular, type PlsWarning, warning } from './admissibility.ts';
import { invert, SingularMatrixError, solve, subMatrix } from './linalg.ts';
import {
  type CompositeConstruct,
  type InteractionConstruct,
  type ModelProblem,
  modelProblem,
  type PlsModel,
  PlsModelError,
} from './model.ts';
import { type ModerationEffect, simpleSlopes } from './moderation.ts';
import { computeSrmr } from './srmr.ts';

export type InnerScheme = 'path' | 'factorial' | 'centroid';

export interface PlsData {
  columns: string[];
  /** Row-major n × p; NaN marks a missing cell. */
  values: Float64Array;
}

export interface PlsOptions {
  scheme?: InnerScheme;
  /** Highest 0-based iteration index (seminr's maxIt). */
  maxIter?: number;
  /** Stop when Σ|W − W_prev| falls below this (seminr's stopCriterion = 7 means 1e-7). */
  stopCriterion?: number;
  /** NaN handling: column-mean replacement (seminr's default) or listwise deletion. */
  missing?: 'mean' | 'listwise';
  /** Compute f² by re-estimating the model without each path, as seminr does (default true). */
  fSquared?: boolean;
  /** Include construct scores (Y = ZW, as seminr) in the result (default false). */
  scores?: boolean;
}

export interface Reliability {
  alpha: number;
  rhoC: number;
  rhoA: number;
  ave: number;
}

export type Table = Record<string, Record<string, number>>;

export interface PlsResult {
  /** Constructs in the model, in declaration order. */
  constructs: string[];
  /** Rows used. */
  n: number;
  /** True when a construct is `reflective` and PLSc disattenuation was applied. */
  consistent: boolean;
  paths: { from: string; to: string; estimate: number }[];
  outerLoadings: Table;
  outerWeights: Table;
  rSquared: Record<string, number>;
  rSquaredAdj: Record<string, number>;
  reliability: Record<string, Reliability>;
  /** htmt[a][b] for a before b in construct order. */
  htmt: Table;
  /** Lower triangle: fornellLarcker[a][b] for b up to a; the diagonal is √AVE, below it construct correlations. */
  fornellLarcker: Table;
  /** crossLoadings[item][construct] = cor(item, construct score). */
  crossLoadings: Table;
  vif: {
    /** Within-block item VIFs (every block; 1 for single items). */
    items: Table;
    /** VIFs of the antecedents of each endogenous construct; null when it has a single antecedent (as seminr). */
    antecedents: Record<string, Record<string, number | null>>;
  };
  /** fSquared[from][to] for each structural path (empty when disabled). */
  fSquared: Table;
  /** totalEffects[from][to] for every construct reachable from `from`. */
  totalEffects: Table;
  /** Correlations of the construct scores (not disattenuated). */
  constructCorrelations: Table;
  iterations: number;
  converged: boolean;
  weightDiff: number;
  /** SRMR of the saturated model (construct correlations as estimated); see srmr.ts. */
  srmr: number;
  /** SRMR of the estimated model (construct correlations implied by the paths). */
  srmrEstimated: number;
  /** Admissibility warnings, bilingual (admissibility.ts). */
  warnings: PlsWarning[];
  /** Simple slopes of each interaction term's paths (empty without interactions). */
  moderation: ModerationEffect[];
  /** Two-stage interaction models: the first stage (the model without interaction terms). */
  stage1?: { iterations: number; converged: boolean; constructs: string[] };
  scores?: Record<string, Float64Array>;
}

/** An estimator bound to one data set and model; `estimate(rows)` re-estimates on a row subset. */
export interface PlsEstimator {
  readonly items: readonly string[];
  /** rows: 0-based row indices (repeats allowed, as a bootstrap resample); all rows by default. */
  estimate(rows?: ArrayLike<number>): PlsResult;
}

interface Block {
  name: string;
  mode: 'A' | 'B';
  reflective: boolean;
  /** Indices into the model's item list. */
  items: number[];
}

interface Structure {
  blocks: Block[];
  /** Paths as [from, to] block indices. */
  paths: [number, number][];
}

interface CoreFit {
  /** K × C row-major weights (zero outside blocks). */
  w: Float64Array;
  /** K × C: R·W. */
  rw: Float64Array;
  /** C × C: WᵀRW, the covariance of the (unstandardised) scores. */
  cy: Float64Array;
  /** C × C score correlations. */
  cor: Float64Array;
  iterations: number;
  converged: boolean;
  weightDiff: number;
}

interface Structural {
  /** C × C path coefficients, [from, to]. */
  beta: Float64Array;
  r2: Float64Array;
  r2adj: Float64Array;
  rhoA: Float64Array;
  /** Correlations used for paths and R² (disattenuated under PLSc). */
  pathCor: Float64Array;
}

/** Estimates the model on the data (all rows). */
export function estimatePls(data: PlsData, model: PlsModel, options: PlsOptions = {}): PlsResult {
  return createPlsEstimator(data, model, options).estimate();
}

export function createPlsEstimator(data: PlsData, model: PlsModel, options: PlsOptions = {}): PlsEstimator {
  if (interactionsOf(model).length > 0) return twoStageEstimator(data, model, options);
  return plainEstimator(data, model, options, new Set());
}

function plainEstimator(
  data: PlsData,
  model: PlsModel,
  options: PlsOptions,
  interactions: ReadonlySet<string>,
): PlsEstimator {
  const b = bind(data, model, options);
  b.settings.interactions = interactions;
  const estimate = (rows?: ArrayLike<number>): PlsResult => {
    const rowIdx = b.select(rows);
    const z = b.standardise(rowIdx);
    const n = rowIdx.length;
    const r = correlation(z, b.K, n);
    return analyse(r, b.K, n, b.items, b.structure, b.settings, options.scores ? z : undefined);
  };
  return { items: b.items, estimate };
}

/**
 * A bootstrap estimator: per row subset, only the outer weights, loadings, path coefficients and HTMT
 * (what the bootstrap summarises; total and indirect effects follow from the paths). The item
 * correlation matrix comes from one weighted pass of sums and cross-products over the distinct rows
 * drawn (shifted by the full-sample means for accuracy); buffers are reused between calls. Results
 * equal `createPlsEstimator(…).estimate(rows)` to rounding (≈1e-14). With missing cells under
 * mean replacement, each hole takes the mean of its item's answered cells among the rows drawn (as the
 * full estimate does), inside the same weighted pass.
 */
export interface PlsLeanEstimator {
  readonly items: readonly string[];
  /** Output order: paths (model order), then loadings and weights ([construct, item], block order), then HTMT pairs. */
  readonly layout: { paths: [string, string][]; items: [string, string][]; htmt: [string, string][] };
  /** Values written per call: paths + 2 × items + HTMT pairs. */
  readonly size: number;
  /** Estimates on `rows` (0-based, repeats allowed), writes `size` values at out[off…]; returns whether it converged. */
  estimate(rows: ArrayLike<number>, out: Float64Array, off: number): boolean;
  /**
   * As `estimate` on every row except lo..hi−1 (a jackknife group): the full-sample sums and
   * cross-products minus those rows', so a group costs its own rows rather than the sample.
   */
  estimateExcept(lo: number, hi: number, out: Float64Array, off: number): boolean;
}

export function createLeanPlsEstimator(
  data: PlsData,
  model: PlsModel,
  options: Omit<PlsOptions, 'fSquared' | 'scores'> = {},
): PlsLeanEstimator {
  if (interactionsOf(model).length > 0) return twoStageLean(data, model, options);
  const b = bind(data, model, { ...options, fSquared: false });
  const { K, p, nAll, cols, structure, items, settings } = b;
  const { blocks, paths } = structure;
  const C = blocks.length;
  const names = blocks.map((x) => x.name);
  const itemPairs: [string, string][] = [];
  blocks.forEach((x) => {
    for (const i of x.items) itemPairs.push([x.name, items[i] as string]);
  });
  const htmtPairs: [string, string][] = [];
  for (let a = 0; a < C - 1; a++)
    for (let c = a + 1; c < C; c++) htmtPairs.push([names[a] as string, names[c] as string]);
  const layout = {
    paths: paths.map(([f, t]) => [names[f] as string, names[t] as string] as [string, string]),
    items: itemPairs,
    htmt: htmtPairs,
  };
  const size = paths.length + 2 * K + htmtPairs.length;

  // Model columns, row-major (nAll × K), shifted by the full-sample column means (NaN kept).
  const xs = new Float64Array(nAll * K);
  const complete = new Uint8Array(nAll).fill(1);
  let anyMissing = false;
  for (let k = 0; k < K; k++) {
    const c = cols[k] as number;
    let sum = 0;
    let cnt = 0;
    for (let i = 0; i < nAll; i++) {
      const v = data.values[i * p + c] as number;
      if (!Number.isNaN(v)) {
        sum += v;
        cnt++;
      }
    }
    const shift = cnt > 0 ? sum / cnt : 0;
    for (let i = 0; i < nAll; i++) {
      const v = data.values[i * p + c] as number;
      xs[i * K + k] = v - shift;
      if (Number.isNaN(v)) {
        complete[i] = 0;
        anyMissing = true;
      }
    }
  }
  /** Mean replacement with missing cells: each resample's item means fill that resample's holes. */
  const impute = anyMissing && b.missing === 'mean';
  const listwise = b.missing === 'listwise';
  const counts = new Int32Array(nAll);
  const xu = new Float64Array(K * nAll);
  const yu = new Float64Array(K * nAll);
  // Missing cells among the distinct rows drawn (positions a·nAll + u) and, per item, the weighted sum
  // and weight of the answered cells (for the resample's item means).
  const holes = new Int32Array(impute ? K * nAll : 0);
  const drawnWeight = new Int32Array(impute ? nAll : 0);
  const answeredSum = new Float64Array(K);
  const answeredWeight = new Float64Array(K);
  const sums = new Float64Array(K);
  const cross = new Float64Array(K * K);
  const lo_ = new Float64Array(K);
  const hi_ = new Float64Array(K);
  const sd = new Float64Array(K);
  const r = new Float64Array(K * K);
  const fitter = weightFitter(K, structure, settings);
  const loadings = new Float64Array(K * C);
  const htmt = new Float64Array(htmtPairs.length);

  const correlate = (rows: ArrayLike<number>): number => {
    const m = rows.length;
    counts.fill(0);
    for (let j = 0; j < m; j++) {
      const row = rows[j] as number;
      if (!Number.isInteger(row) || row < 0 || row >= nAll)
        throw new RangeError(`row indices must be integers in 0..${nAll - 1}`);
      counts[row] = (counts[row] as number) + 1;
    }
    // Distinct rows drawn, column-major: xu (values) and yu (values × times drawn).
    let u = 0;
    let n = 0;
    let h = 0;
    if (impute) {
      answeredSum.fill(0);
      answeredWeight.fill(0);
    }
    for (let i = 0; i < nAll; i++) {
      const w = counts[i] as number;
      if (w === 0 || (listwise && !complete[i])) continue;
      n += w;
      for (let a = 0; a < K; a++) {
        const xa = xs[i * K + a] as number;
        xu[a * nAll + u] = xa;
        yu[a * nAll + u] = w * xa;
      }
      if (impute) {
        drawnWeight[u] = w;
        for (let a = 0; a < K; a++) {
          const xa = xs[i * K + a] as number;
          if (Number.isNaN(xa)) holes[h++] = a * nAll + u;
          else {
            answeredSum[a] = (answeredSum[a] as number) + w * xa;
            answeredWeight[a] = (answeredWeight[a] as number) + w;
          }
        }
      }
      u++;
    }
    // Mean replacement as in the full estimate: a hole takes the mean of the item's answered cells drawn.
    for (let k = 0; k < h; k++) {
      const at = holes[k] as number;
      const a = Math.floor(at / nAll);
      const aw = answeredWeight[a] as number;
      if (aw === 0)
        throw new PlsModelError([modelProblem(items[a] as string, 'noValues', { item: items[a] as string })]);
      const m = (answeredSum[a] as number) / aw;
      xu[at] = m;
      yu[at] = (drawnWeight[at % nAll] as number) * m;
    }
    for (let a = 0; a < K; a++) {
      const oa = a * nAll;
      let s = 0;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < u; i++) {
        const xa = xu[oa + i] as number;
        if (xa < min) min = xa;
        if (xa > max) max = xa;
        s += yu[oa + i] as number;
      }
      sums[a] = s;
      lo_[a] = min;
      hi_[a] = max;
      // Four columns at a time (each sum still runs over i in order).
      let c = a;
      for (; c + 3 < K; c += 4) {
        const o0 = c * nAll;
        const o1 = o0 + nAll;
        const o2 = o1 + nAll;
        const o3 = o2 + nAll;
        let acc0 = 0;
        let acc1 = 0;
        let acc2 = 0;
        let acc3 = 0;
        for (let i = 0; i < u; i++) {
          const ya = yu[oa + i] as number;
          acc0 += ya * (xu[o0 + i] as number);
          acc1 += ya * (xu[o1 + i] as number);
          acc2 += ya * (xu[o2 + i] as number);
          acc3 += ya * (xu[o3 + i] as number);
        }
        cross[a * K + c] = acc0;
        cross[a * K + c + 1] = acc1;
        cross[a * K + c + 2] = acc2;
        cross[a * K + c + 3] = acc3;
      }
      for (; c < K; c++) {
        const oc = c * nAll;
        let acc = 0;
        for (let i = 0; i < u; i++) acc += (yu[oa + i] as number) * (xu[oc + i] as number);
        cross[a * K + c] = acc;
      }
    }
    return finish(n);
  };

  /** Variances, the zero-variance check (exact, from lo/hi) and the correlations from sums and cross. */
  const finish = (n: number): number => {
    if (n < 3) throw new PlsModelError([modelProblem('data', 'tooFewRows', { n })]);
    for (let a = 0; a < K; a++) {
      const s = sums[a] as number;
      const v = ((cross[a * K + a] as number) - (s * s) / n) / (n - 1);
      if (!(lo_[a] !== hi_[a] && v > 0)) {
        throw new PlsModelError([
          modelProblem(items[a] as string, 'zeroVariance', { item: items[a] as string }),
        ]);
      }
      sd[a] = Math.sqrt(v);
    }
    for (let a = 0; a < K; a++) {
      r[a * K + a] = 1;
      const sa = sums[a] as number;
      for (let c = a + 1; c < K; c++) {
        const v =
          ((cross[a * K + c] as number) - (sa * (sums[c] as number)) / n) /
          (n - 1) /
          ((sd[a] as number) * (sd[c] as number));
        r[a * K + c] = v;
        r[c * K + a] = v;
      }
    }
    return n;
  };

  // Full-sample sums and cross-products (rows that count), for the jackknife's down-dating.
  let whole: { n: number; sums: Float64Array; cross: Float64Array; variance: Float64Array } | undefined;
  const all = Int32Array.from({ length: nAll }, (_, i) => i);
  const except = (lo: number, hi: number) => {
    const rows = new Int32Array(nAll - (hi - lo));
    let k = 0;
    for (let i = 0; i < nAll; i++) if (i < lo || i >= hi) rows[k++] = i;
    return rows;
  };
  /** Like correlate(all rows but lo..hi−1), by subtracting those rows from the full-sample sums. */
  const correlateExcept = (lo: number, hi: number): number => {
    if (!whole) {
      const n = correlate(all);
      const variance = new Float64Array(K);
      for (let a = 0; a < K; a++) variance[a] = (sd[a] as number) ** 2;
      whole = { n, sums: sums.slice(), cross: cross.slice(), variance };
    }
    sums.set(whole.sums);
    cross.set(whole.cross);
    let n = whole.n;
    for (let i = lo; i < hi; i++) {
      if (listwise && !complete[i]) continue;
      n--;
      const o = i * K;
      for (let a = 0; a < K; a++) {
        const xa = xs[o + a] as number;
        sums[a] = (sums[a] as number) - xa;
        const ra = a * K;
        for (let c = a; c < K; c++) cross[ra + c] = (cross[ra + c] as number) - xa * (xs[o + c] as number);
      }
    }
    // A (nearly) constant item left: recompute directly, with the exact zero-variance check.
    for (let a = 0; a < K; a++) {
      const s = sums[a] as number;
      const v = n > 1 ? ((cross[a * K + a] as number) - (s * s) / n) / (n - 1) : 0;
      if (!(v > 1e-8 * (whole.variance[a] as number))) return correlate(except(lo, hi));
    }
    lo_.fill(Number.NEGATIVE_INFINITY);
    hi_.fill(Number.POSITIVE_INFINITY);
    return finish(n);
  };

  const estimate = (rows: ArrayLike<number>, out: Float64Array, off: number): boolean =>
    fitInto(r, correlate(rows), out, off);
  const estimateExcept = (lo: number, hi: number, out: Float64Array, off: number): boolean => {
    if (!(Number.isInteger(lo) && Number.isInteger(hi) && 0 <= lo && lo <= hi && hi <= nAll))
      throw new RangeError(`rows ${lo}..${hi - 1} are not a block of 0..${nAll - 1}`);
    // Mean replacement depends on the rows kept: no down-dating.
    if (impute) return estimate(except(lo, hi), out, off);
    return fitInto(r, correlateExcept(lo, hi), out, off);
  };
  const fitInto = (corr: Float64Array, n: number, out: Float64Array, off: number): boolean => {
    const fit = fitter(corr);
    const st = structural(fit, corr, K, n, structure, false);
    blockLoadings(fit, st, structure, loadings);
    htmtValues(corr, K, blocks, htmt);
    let k = off;
    for (const [f, t] of paths) out[k++] = st.beta[f * C + t] as number;
    blocks.forEach((x, c) => {
      for (const i of x.items) out[k++] = loadings[i * C + c] as number;
    });
    blocks.forEach((x, c) => {
      for (const i of x.items) out[k++] = fit.w[i * C + c] as number;
    });
    for (let h = 0; h < htmt.length; h++) out[k++] = htmt[h] as number;
    return fit.converged;
  };
  return { items, layout, size, estimate, estimateExcept };
}

interface Bound {
  structure: Structure;
  items: string[];
  K: number;
  p: number;
  nAll: number;
  /** Data column of each model item. */
  cols: number[];
  settings: Settings;
  missing: 'mean' | 'listwise';
  /** Validates row indices (all rows by default) and applies listwise deletion; at least 3 rows. */
  select(rows?: ArrayLike<number>): number[];
  /** Column-major standardised K × n items of the rows (NaN replaced by the rows' item mean); a reused buffer. */
  standardise(rowIdx: number[]): Float64Array;
}

function bind(data: PlsData, model: PlsModel, options: PlsOptions): Bound {
  const scheme = options.scheme ?? 'path';
  const maxIter = options.maxIter ?? 300;
  const tol = options.stopCriterion ?? 1e-7;
  const missing = options.missing ?? 'mean';
  const withF2 = options.fSquared ?? true;
  const { structure, items } = buildStructure(model);
  const p = data.columns.length;
  if (p === 0 || data.values.length % p !== 0) {
    throw new PlsModelError([modelProblem('data', 'dataShape', { values: data.values.length, columns: p })]);
  }
  const nAll = data.values.length / p;
  const colOf = new Map<string, number>();
  data.columns.forEach((c, i) => {
    if (!colOf.has(c)) colOf.set(c, i);
  });
  const problems: ModelProblem[] = [];
  const cols = items.map((item) => {
    const c = colOf.get(item);
    if (c === undefined) {
      const owner = structure.blocks.find((b) => b.items.some((k) => items[k] === item));
      problems.push(
        modelProblem(`constructs.${owner?.name ?? '?'}.items`, 'itemNotInData', {
          item,
          name: owner?.name ?? '?',
        }),
      );
    }
    return c ?? -1;
  });
  if (problems.length > 0) throw new PlsModelError(problems);

  const K = items.length;
  let z = new Float64Array(0);

  const select = (rows?: ArrayLike<number>): number[] => {
    const picked = rows ? Array.from(rows) : undefined;
    if (picked?.some((r) => !Number.isInteger(r) || r < 0 || r >= nAll)) {
      throw new RangeError(`row indices must be integers in 0..${nAll - 1}`);
    }
    // Gather the model's items (column-major K × n), handle NaN, standardise.
    let rowIdx: number[] = picked ?? Array.from({ length: nAll }, (_, i) => i);
    let n = rowIdx.length;
    if (missing === 'listwise') {
      rowIdx = rowIdx.filter((r) => cols.every((c) => !Number.isNaN(data.values[r * p + c] as number)));
      n = rowIdx.length;
    }
    if (n < 3) throw new PlsModelError([modelProblem('data', 'tooFewRows', { n })]);
    return rowIdx;
  };
  const standardise = (rowIdx: number[]): Float64Array => {
    const n = rowIdx.length;
    if (z.length !== K * n) z = new Float64Array(K * n);
    for (let k = 0; k < K; k++) {
      const c = cols[k] as number;
      const off = k * n;
      let sum = 0;
      let cnt = 0;
      for (let i = 0; i < n; i++) {
        const v = data.values[(rowIdx[i] as number) * p + c] as number;
        z[off + i] = v;
        if (!Number.isNaN(v)) {
          sum += v;
          cnt++;
        }
      }
      if (cnt === 0) {
        throw new PlsModelError([modelProblem(items[k] as string, 'noValues', { item: items[k] as string })]);
      }
      if (cnt < n) {
        const m = sum / cnt;
        for (let i = 0; i < n; i++) if (Number.isNaN(z[off + i] as number)) z[off + i] = m;
      }
      let mean = 0;
      for (let i = 0; i < n; i++) mean += z[off + i] as number;
      mean /= n;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        const d = (z[off + i] as number) - mean;
        z[off + i] = d;
        ss += d * d;
      }
      const sd = Math.sqrt(ss / (n - 1));
      if (!(sd > 0)) {
        throw new PlsModelError([
          modelProblem(items[k] as string, 'zeroVariance', { item: items[k] as string }),
        ]);
      }
      for (let i = 0; i < n; i++) z[off + i] = (z[off + i] as number) / sd;
    }
    return z;
  };
  return {
    structure,
    items,
    K,
    p,
    nAll,
    cols,
    settings: { scheme, maxIter, tol, withF2, interactions: new Set() },
    missing,
    select,
    standardise,
  };
}

function buildStructure(model: PlsModel): { structure: Structure; items: string[] } {
  const inPaths = new Set(model.paths.flatMap((p) => [p.from, p.to]));
  const problems: ModelProblem[] = [];
  const blocks: Block[] = [];
  const items: string[] = [];
  for (const c of model.constructs) {
    if (!inPaths.has(c.name)) continue;
    if (c.kind === 'interaction') {
      problems.push({
        path: `constructs.${c.name}`,
        message: `interaction term "${c.name}" (${c.of.join(' × ')}): two-stage interaction terms are not supported in this version; estimate the model without them`,
      });
      continue;
    }
    blocks.push(toBlock(c, items));
  }
  if (problems.length > 0) throw new PlsModelError(problems);
  const index = new Map(blocks.map((b, i) => [b.name, i]));
  const paths: [number, number][] = [];
  for (const p of model.paths) {
    const f = index.get(p.from);
    const t = index.get(p.to);
    if (f === undefined || t === undefined) {
      throw new PlsModelError([
        { path: 'paths', message: `path ${p.from} → ${p.to} uses an undeclared construct` },
      ]);
    }
    paths.push([f, t]);
  }
  return { structure: { blocks, paths }, items };
}

function toBlock(c: CompositeConstruct, items: string[]): Block {
  const idx = c.items.map((item) => {
    items.push(item);
    return items.length - 1;
  });
  return { name: c.name, mode: c.mode, reflective: c.reflective, items: idx };
}

/** R = ZᵀZ/(n−1) for column-major standardised Z (K × n). */
function correlation(z: Float64Array, K: number, n: number): Float64Array {
  const r = new Float64Array(K * K);
  for (let a = 0; a < K; a++) {
    const oa = a * n;
    r[a * K + a] = 1;
    for (let b = a + 1; b < K; b++) {
      const ob = b * n;
      let s = 0;
      for (let i = 0; i < n; i++) s += (z[oa + i] as number) * (z[ob + i] as number);
      s /= n - 1;
      r[a * K + b] = s;
      r[b * K + a] = s;
    }
  }
  return r;
}

interface Settings {
  scheme: InnerScheme;
  maxIter: number;
  tol: number;
  withF2: boolean;
  /** Constructs that are two-stage interaction terms (single product items). */
  interactions: ReadonlySet<string>;
}

/** The PLS iterations (seminr's simplePLS) in correlation space. */
function fitWeights(r: Float64Array, K: number, s: Structure, settings: Settings): CoreFit {
  return weightFitter(K, s, settings)(r);
}

/** fitWeights with its buffers allocated once: each call overwrites (and returns) the same arrays. */
function weightFitter(K: number, s: Structure, settings: Settings): (r: Float64Array) => CoreFit {
  const { blocks, paths } = s;
  const C = blocks.length;
  const adj = new Uint8Array(C * C); // adj[from*C+to] = 1
  for (const [f, t] of paths) adj[f * C + t] = 1;
  const preds: number[][] = blocks.map((_, j) => paths.filter(([, t]) => t === j).map(([f]) => f));
  const w = new Float64Array(K * C);
  const rw = new Float64Array(K * C);
  const cy = new Float64Array(C * C);
  const cor = new Float64Array(C * C);
  const sd = new Float64Array(C);
  const e = new Float64Array(C * C);
  const proxyVar = new Float64Array(C);
  const predLhs = preds.map((pj) => new Float64Array(pj.length * pj.length));
  const predRhs = preds.map((pj) => new Float64Array(pj.length));
  const predLu = preds.map((pj) => new Float64Array(pj.length * pj.length));
  const predX = preds.map((pj) => new Float64Array(pj.length));
  const predSelf = preds.map((_, j) => [j]);
  const vBuf = blocks.map((b) => new Float64Array(b.items.length));
  const outBuf = blocks.map((b) => new Float64Array(b.items.length));

  return (r: Float64Array): CoreFit => {
    const blockR = blocks.map((b) => subMatrix(r, K, b.items));
    const blockRinv = blocks.map((b, c) =>
      b.mode === 'B' && b.items.length > 1
        ? invert(blockR[c] as Float64Array, b.items.length, `Mode B block "${b.name}"`)
        : undefined,
    );
    w.fill(0);
    for (let c = 0; c < C; c++) for (const k of (blocks[c] as Block).items) w[k * C + c] = 1;

    const updateScores = () => {
      // rw = R W, cy = Wᵀ R W
      for (let c = 0; c < C; c++) {
        const bi = (blocks[c] as Block).items;
        const m = bi.length;
        for (let kk = 0; kk < K; kk++) {
          const rk = kk * K;
          let acc = 0;
          for (let x = 0; x < m; x++) {
            const j = bi[x] as number;
            acc += (r[rk + j] as number) * (w[j * C + c] as number);
          }
          rw[kk * C + c] = acc;
        }
      }
      for (let c = 0; c < C; c++) {
        const bi = (blocks[c] as Block).items;
        const m = bi.length;
        for (let d = 0; d < C; d++) {
          let acc = 0;
          for (let x = 0; x < m; x++) {
            const j = bi[x] as number;
            acc += (w[j * C + c] as number) * (rw[j * C + d] as number);
          }
          cy[c * C + d] = acc;
        }
      }
      for (let c = 0; c < C; c++) sd[c] = Math.sqrt(cy[c * C + c] as number);
      for (let c = 0; c < C; c++) {
        for (let d = 0; d < C; d++)
          cor[c * C + d] = (cy[c * C + d] as number) / ((sd[c] as number) * (sd[d] as number));
      }
    };

    let iterations = 0;
    let weightDiff = Number.POSITIVE_INFINITY;
    let converged = false;
    for (let it = 0; it <= settings.maxIter; it++) {
      iterations = it;
      updateScores();
      // Inner weights E (C × C): proxy_k = Σ_j Y_j E[j, k].
      e.fill(0);
      if (settings.scheme === 'path') {
        for (let f = 0; f < C; f++)
          for (let t = 0; t < C; t++) if (adj[f * C + t]) e[t * C + f] = cor[t * C + f] as number;
        for (let j = 0; j < C; j++) {
          const pj = preds[j] as number[];
          if (pj.length === 0) continue;
          const beta = solve(
            subMatrix(cor, C, pj, pj, predLhs[j]),
            pj.length,
            subMatrix(cor, C, pj, predSelf[j], predRhs[j]),
            1,
            'inner path weighting',
            predLu[j],
            predX[j],
          );
          pj.forEach((f, i) => {
            e[f * C + j] = beta[i] as number;
          });
        }
      } else {
        for (let a = 0; a < C; a++) {
          for (let b = 0; b < C; b++) {
            if (!adj[a * C + b] && !adj[b * C + a]) continue;
            const v = cor[a * C + b] as number;
            e[a * C + b] = settings.scheme === 'factorial' ? v : Math.sign(v);
          }
        }
      }
      // Variance of each raw proxy Σ_j Ys_j E[j,k]: Eᵀ cor E, diagonal.
      for (let k = 0; k < C; k++) {
        let v = 0;
        for (let a = 0; a < C; a++) {
          const ea = e[a * C + k] as number;
          if (ea === 0) continue;
          for (let b = 0; b < C; b++) v += ea * (cor[a * C + b] as number) * (e[b * C + k] as number);
        }
        proxyVar[k] = v;
      }
      // Outer update.
      weightDiff = 0;
      for (let c = 0; c < C; c++) {
        const b = blocks[c] as Block;
        const m = b.items.length;
        const ps = Math.sqrt(proxyVar[c] as number);
        let v = vBuf[c] as Float64Array;
        b.items.forEach((j, i) => {
          let acc = 0;
          for (let d = 0; d < C; d++) {
            const ed = e[d * C + c] as number;
            if (ed !== 0) acc += ((rw[j * C + d] as number) / (sd[d] as number)) * ed;
          }
          v[i] = acc / ps;
        });
        const rinv = blockRinv[c];
        if (rinv) {
          const out = outBuf[c] as Float64Array;
          for (let i = 0; i < m; i++) {
            let acc = 0;
            for (let j = 0; j < m; j++) acc += (rinv[i * m + j] as number) * (v[j] as number);
            out[i] = acc;
          }
          v = out;
        }
        const rb = blockR[c] as Float64Array;
        let q = 0;
        for (let i = 0; i < m; i++)
          for (let j = 0; j < m; j++) q += (v[i] as number) * (rb[i * m + j] as number) * (v[j] as number);
        const norm = Math.sqrt(q);
        b.items.forEach((j, i) => {
          const nw = (v[i] as number) / norm;
          weightDiff += Math.abs(nw - (w[j * C + c] as number));
          w[j * C + c] = nw;
        });
      }
      if (weightDiff < settings.tol) {
        converged = true;
        break;
      }
    }
    updateScores();
    return { w, rw, cy, cor, iterations, converged, weightDiff };
  };
}

/** rhoA (Dijkstra–Henseler) of each block: 1 for Mode B and single items. */
function computeRhoA(r: Float64Array, K: number, s: Structure, w: Float64Array): Float64Array {
  const C = s.blocks.length;
  const out = new Float64Array(C);
  s.blocks.forEach((b, c) => {
    if (b.mode === 'B' || b.items.length === 1) {
      out[c] = 1;
      return;
    }
    let ww = 0;
    let w4 = 0;
    let wsw = 0;
    for (const i of b.items) {
      const wi = w[i * C + c] as number;
      ww += wi * wi;
      w4 += wi * wi * wi * wi;
      for (const j of b.items) if (j !== i) wsw += wi * (r[i * K + j] as number) * (w[j * C + c] as number);
    }
    out[c] = (ww * ww * wsw) / (ww * ww - w4);
  });
  return out;
}

/** Path coefficients and R² from a correlation (or covariance) matrix of the scores. */
function structural(
  fit: CoreFit,
  r: Float64Array,
  K: number,
  n: number,
  s: Structure,
  withR2 = true,
): Structural {
  const C = s.blocks.length;
  const rhoA = computeRhoA(r, K, s, fit.w);
  const consistent = s.blocks.some((b) => b.reflective);
  let pathCor = fit.cor;
  // seminr regresses the unstandardised scores (YᵀY), i.e. their covariance; PLSc uses the adjusted correlations.
  let regMat = fit.cy;
  if (consistent) {
    pathCor = new Float64Array(C * C);
    for (let a = 0; a < C; a++) {
      for (let b = 0; b < C; b++) {
        pathCor[a * C + b] =
          a === b ? 1 : (fit.cor[a * C + b] as number) / Math.sqrt((rhoA[a] as number) * (rhoA[b] as number));
      }
    }
    regMat = pathCor;
  }
  const beta = new Float64Array(C * C);
  const r2 = new Float64Array(C).fill(Number.NaN);
  const r2adj = new Float64Array(C).fill(Number.NaN);
  for (let j = 0; j < C; j++) {
    const pj = s.paths.filter(([, t]) => t === j).map(([f]) => f);
    if (pj.length === 0) continue;
    const name = (s.blocks[j] as Block).name;
    const b = solve(
      subMatrix(regMat, C, pj),
      pj.length,
      subMatrix(regMat, C, pj, [j]),
      1,
      `paths into "${name}"`,
    );
    pj.forEach((f, i) => {
      beta[f * C + j] = b[i] as number;
    });
    if (!withR2) continue;
    const idx = [...pj, j];
    let inv: Float64Array | undefined;
    try {
      inv = invert(subMatrix(pathCor, C, idx), idx.length, `R² of "${name}"`);
    } catch (err) {
      // Inadmissible PLSc correlations (|r| ≥ 1 or NaN from a negative rhoA): R² is undefined and
      // reported (NaN) with an admissibility warning rather than failing the estimate.
      if (!(consistent && err instanceof SingularMatrixError)) throw err;
    }
    const rsq = inv ? 1 - 1 / (inv[idx.length * idx.length - 1] as number) : Number.NaN;
    r2[j] = rsq;
    r2adj[j] = 1 - ((1 - rsq) * (n - 1)) / (n - pj.length - 1);
  }
  return { beta, r2, r2adj, rhoA, pathCor };
}

/** Loadings: cov(Z, Y) within the block; PLSc loadings w·√rhoA/(wᵀw) for reflective constructs (K × C). */
function blockLoadings(fit: CoreFit, st: Structural, s: Structure, out: Float64Array): Float64Array {
  const C = s.blocks.length;
  s.blocks.forEach((b, c) => {
    let ww = 0;
    for (const i of b.items) ww += (fit.w[i * C + c] as number) ** 2;
    for (const i of b.items) {
      out[i * C + c] = b.reflective
        ? ((fit.w[i * C + c] as number) * Math.sqrt(st.rhoA[c] as number)) / ww
        : (fit.rw[i * C + c] as number);
    }
  });
  return out;
}

/** HTMT with absolute item correlations, for the pairs a < b in construct order. */
function htmtValues(r: Float64Array, K: number, blocks: Block[], out: Float64Array): Float64Array {
  const C = blocks.length;
  const monotrait = blocks.map((b) => {
    const m = b.items.length;
    if (m === 1) return 1;
    let acc = 0;
    for (let x = 0; x < m; x++) {
      for (let y = x + 1; y < m; y++)
        acc += Math.abs(r[(b.items[x] as number) * K + (b.items[y] as number)] as number);
    }
    return (2 * acc) / (m * (m - 1));
  });
  let h = 0;
  for (let a = 0; a < C - 1; a++) {
    const ba = blocks[a] as Block;
    for (let b = a + 1; b < C; b++) {
      const bb = blocks[b] as Block;
      let acc = 0;
      for (const i of ba.items) for (const j of bb.items) acc += Math.abs(r[i * K + j] as number);
      const hetero = acc / (ba.items.length * bb.items.length);
      out[h++] = hetero / Math.sqrt((monotrait[a] as number) * (monotrait[b] as number));
    }
  }
  return out;
}

function analyse(
  r: Float64Array,
  K: number,
  n: number,
  items: string[],
  s: Structure,
  settings: Settings,
  z: Float64Array | undefined,
): PlsResult {
  const { blocks, paths } = s;
  const C = blocks.length;
  const names = blocks.map((b) => b.name);
  const fit = fitWeights(r, K, s, settings);
  const st = structural(fit, r, K, n, s);
  const consistent = blocks.some((b) => b.reflective);

  const loadings = blockLoadings(fit, st, s, new Float64Array(K * C));

  const outerLoadings: Table = {};
  const outerWeights: Table = {};
  const reliability: Record<string, Reliability> = {};
  const vifItems: Table = {};
  const singular: string[] = [];
  blocks.forEach((b, c) => {
    const lo: Record<string, number> = {};
    const we: Record<string, number> = {};
    for (const i of b.items) {
      lo[items[i] as string] = loadings[i * C + c] as number;
      we[items[i] as string] = fit.w[i * C + c] as number;
    }
    outerLoadings[b.name] = lo;
    outerWeights[b.name] = we;
    const m = b.items.length;
    const vi: Record<string, number> = {};
    if (m === 1) {
      reliability[b.name] = { alpha: 1, rhoC: 1, rhoA: 1, ave: 1 };
      vi[items[b.items[0] as number] as string] = 1;
    } else {
      const rb = subMatrix(r, K, b.items);
      let total = 0;
      for (let x = 0; x < m * m; x++) total += rb[x] as number;
      const alpha = (m / (m - 1)) * (1 - m / total);
      let sl = 0;
      let sl2 = 0;
      for (const i of b.items) {
        const l = loadings[i * C + c] as number;
        sl += l;
        sl2 += l * l;
      }
      const rhoC = (sl * sl) / (sl * sl + (m - sl2));
      reliability[b.name] = { alpha, rhoC, rhoA: st.rhoA[c] as number, ave: sl2 / m };
      // A (nearly) singular Mode A block is estimable; its item VIFs are then undefined (NaN).
      const inv = nearlySingular(rb, m) ? undefined : invert(rb, m, `item VIFs of "${b.name}"`);
      if (!inv) singular.push(b.name);
      b.items.forEach((i, x) => {
        vi[items[i] as string] = inv ? (inv[x * m + x] as number) : Number.NaN;
      });
    }
    vifItems[b.name] = vi;
  });

  const crossLoadings: Table = {};
  for (let k = 0; k < K; k++) {
    const row: Record<string, number> = {};
    for (let c = 0; c < C; c++)
      row[names[c] as string] = (fit.rw[k * C + c] as number) / Math.sqrt(fit.cy[c * C + c] as number);
    crossLoadings[items[k] as string] = row;
  }

  const constructCorrelations: Table = {};
  const fornellLarcker: Table = {};
  for (let a = 0; a < C; a++) {
    const row: Record<string, number> = {};
    const fl: Record<string, number> = {};
    for (let b = 0; b < C; b++) {
      row[names[b] as string] = a === b ? 1 : (fit.cor[a * C + b] as number);
      if (b < a) fl[names[b] as string] = fit.cor[a * C + b] as number;
    }
    fl[names[a] as string] = Math.sqrt((reliability[names[a] as string] as Reliability).ave);
    constructCorrelations[names[a] as string] = row;
    fornellLarcker[names[a] as string] = fl;
  }

  const htmtFlat = htmtValues(r, K, blocks, new Float64Array((C * (C - 1)) / 2));
  const htmt: Table = {};
  let h = 0;
  for (let a = 0; a < C - 1; a++) {
    const row: Record<string, number> = {};
    for (let b = a + 1; b < C; b++) row[names[b] as string] = htmtFlat[h++] as number;
    htmt[names[a] as string] = row;
  }

  // Antecedent VIFs from the (uncorrected) score correlations.
  const vifAntecedents: Record<string, Record<string, number | null>> = {};
  for (let j = 0; j < C; j++) {
    const pj = paths.filter(([, t]) => t === j).map(([f]) => f);
    if (pj.length === 0) continue;
    const row: Record<string, number | null> = {};
    if (pj.length === 1) row[names[pj[0] as number] as string] = null;
    else {
      const inv = invert(subMatrix(fit.cor, C, pj), pj.length, `antecedent VIFs of "${names[j]}"`);
      pj.forEach((f, x) => {
        row[names[f] as string] = inv[x * pj.length + x] as number;
      });
    }
    vifAntecedents[names[j] as string] = row;
  }

  const totalEffects = computeTotalEffects(st.beta, C, names, paths);

  const rSquared: Record<string, number> = {};
  const rSquaredAdj: Record<string, number> = {};
  for (let j = 0; j < C; j++) {
    // Endogenous constructs only (an inadmissible PLSc R² stays, as NaN, with a warning).
    if (!paths.some(([, t]) => t === j)) continue;
    rSquared[names[j] as string] = st.r2[j] as number;
    rSquaredAdj[names[j] as string] = st.r2adj[j] as number;
  }

  const fSquared: Table = {};
  if (settings.withF2) {
    for (const [f, t] of paths) {
      const withR2 = st.r2[t] as number;
      let withoutR2 = 0;
      const rest = paths.filter(([a, b]) => !(a === f && b === t));
      if (C === 2) withoutR2 = 0;
      else if (rest.some(([, b]) => b === t)) withoutR2 = reducedR2(r, K, n, s, rest, t, settings);
      const row = fSquared[names[f] as string] ?? {};
      row[names[t] as string] = (withR2 - withoutR2) / (1 - withR2);
      fSquared[names[f] as string] = row;
    }
  }

  const result: PlsResult = {
    constructs: names,
    n,
    consistent,
    paths: paths.map(([f, t]) => ({
      from: names[f] as string,
      to: names[t] as string,
      estimate: st.beta[f * C + t] as number,
    })),
    outerLoadings,
    outerWeights,
    rSquared,
    rSquaredAdj,
    reliability,
    htmt,
    fornellLarcker,
    crossLoadings,
    vif: { items: vifItems, antecedents: vifAntecedents },
    fSquared,
    totalEffects,
    constructCorrelations,
    iterations: fit.iterations,
    converged: fit.converged,
    weightDiff: fit.weightDiff,
    srmr: Number.NaN,
    srmrEstimated: Number.NaN,
    warnings: [],
    moderation: [],
  };
  const srmr = computeSrmr({ r, K, blocks, loadings, phi: st.pathCor }, st.beta, paths);
  result.srmr = srmr.saturated;
  result.srmrEstimated = srmr.estimated;
  const pathCorrelations: Table = {};
  for (let a = 0; a < C; a++) {
    const row: Record<string, number> = {};
    for (let b = 0; b < C; b++) row[names[b] as string] = st.pathCor[a * C + b] as number;
    pathCorrelations[names[a] as string] = row;
  }
  result.warnings = admissibilityWarnings({
    result,
    blocks: blocks.map((b) => ({
      name: b.name,
      mode: b.mode,
      reflective: b.reflective,
      items: b.items.map((i) => items[i] as string),
      interaction: settings.interactions.has(b.name),
    })),
    singular,
    pathCorrelations,
  });
  if (z) {
    const scores: Record<string, Float64Array> = {};
    blocks.forEach((b, c) => {
      const y = new Float64Array(n);
      for (const i of b.items) {
        const wi = fit.w[i * C + c] as number;
        for (let row = 0; row < n; row++) y[row] = (y[row] as number) + wi * (z[i * n + row] as number);
      }
      scores[b.name] = y;
    });
    result.scores = scores;
  }
  return result;
}

/** R² of construct `target` when the model is re-estimated with only `rest` paths (seminr's fSquared). */
function reducedR2(
  r: Float64Array,
  K: number,
  n: number,
  s: Structure,
  rest: [number, number][],
  target: number,
  settings: Settings,
): number {
  // Constructs still in the structural model keep their order; the others drop out, as in seminr.
  const used = s.blocks.map((_, c) => rest.some(([a, b]) => a === c || b === c));
  const map = new Map<number, number>();
  const blocks: Block[] = [];
  s.blocks.forEach((b, c) => {
    if (used[c]) {
      map.set(c, blocks.length);
      blocks.push(b);
    }
  });
  const sub: Structure = {
    blocks,
    paths: rest.map(([a, b]) => [map.get(a) as number, map.get(b) as number]),
  };
  const fit = fitWeights(r, K, sub, settings);
  const st = structural(fit, r, K, n, sub);
  return st.r2[map.get(target) as number] as number;
}

function computeTotalEffects(
  beta: Float64Array,
  C: number,
  names: string[],
  paths: [number, number][],
): Table {
  // The model is recursive, so B is nilpotent: total = B + B² + … + B^(C−1).
  const total = beta.slice();
  let power = beta.slice();
  for (let depth = 1; depth < C; depth++) {
    const next = new Float64Array(C * C);
    for (let a = 0; a < C; a++) {
      for (let k = 0; k < C; k++) {
        const pv = power[a * C + k] as number;
        if (pv === 0) continue;
        for (let b = 0; b < C; b++)
          next[a * C + b] = (next[a * C + b] as number) + pv * (beta[k * C + b] as number);
      }
    }
    for (let x = 0; x < C * C; x++) total[x] = (total[x] as number) + (next[x] as number);
    power = next;
  }
  // Report every construct reachable along paths, even when its effect happens to be 0.
  const reach = new Uint8Array(C * C);
  for (const [f, t] of paths) reach[f * C + t] = 1;
  for (let k = 0; k < C; k++) {
    for (let a = 0; a < C; a++) {
      if (!reach[a * C + k]) continue;
      for (let b = 0; b < C; b++) if (reach[k * C + b]) reach[a * C + b] = 1;
    }
  }
  const out: Table = {};
  for (let a = 0; a < C; a++) {
    const row: Record<string, number> = {};
    for (let b = 0; b < C; b++) if (reach[a * C + b]) row[names[b] as string] = total[a * C + b] as number;
    out[names[a] as string] = row;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Two-stage interaction terms (seminr's `two_stage`, Henseler & Chin 2010; docs/pls.md "Moderation").

/** Interaction terms that take part in a path. */
function interactionsOf(model: PlsModel): InteractionConstruct[] {
  const used = new Set(model.paths.flatMap((p) => [p.from, p.to]));
  return model.constructs.filter(
    (c): c is InteractionConstruct => c.kind === 'interaction' && used.has(c.name),
  );
}

/** The product item of an interaction term (seminr: "<iv>*<moderator>_intxn"; here "<name>_intxn"). */
export const interactionItem = (name: string) => `${name}_intxn`;

interface TwoStage {
  stage2: PlsModel;
  interactions: ReadonlySet<string>;
  /** The data columns the model uses (the items of its composites). */
  items: readonly string[];
  /**
   * Stage 1 on the rows (after listwise deletion), then the stage-2 data: the rows used, in order, with
   * the model's items (missing cells kept) and one product column per interaction term.
   */
  augment(rows?: ArrayLike<number>): { data: PlsData; stage1: PlsResult };
}

function twoStage(data: PlsData, model: PlsModel, options: PlsOptions): TwoStage {
  const ints = interactionsOf(model);
  const names = new Set(ints.map((c) => c.name));
  // Stage 1: the model without interaction terms, main effects included (seminr's first_stage_pls).
  const stage1Model: PlsModel = {
    constructs: model.constructs.filter((c) => c.kind === 'composite'),
    paths: model.paths.filter((p) => !names.has(p.from)),
  };
  const stage1 = plainEstimator(data, stage1Model, { ...options, fSquared: false, scores: true }, new Set());
  const problems = ints
    .filter((c) => data.columns.includes(interactionItem(c.name)))
    .map((c) =>
      modelProblem(`constructs.${c.name}`, 'interactionColumn', {
        name: c.name,
        column: interactionItem(c.name),
      }),
    );
  if (problems.length > 0) throw new PlsModelError(problems);
  const stage2: PlsModel = {
    constructs: model.constructs.map((c) =>
      c.kind === 'composite'
        ? c
        : { kind: 'composite', name: c.name, mode: 'A', items: [interactionItem(c.name)], reflective: false },
    ),
    paths: model.paths,
  };
  const items = [...stage1.items];
  const p = data.columns.length;
  const colOf = new Map<string, number>();
  data.columns.forEach((c, i) => {
    if (!colOf.has(c)) colOf.set(c, i);
  });
  const cols = items.map((item) => colOf.get(item) as number);
  const nAll = data.values.length / p;
  const listwise = (options.missing ?? 'mean') === 'listwise';
  const columns = [...items, ...ints.map((c) => interactionItem(c.name))];
  const K = items.length;
  const W = columns.length;

  const augment = (rows?: ArrayLike<number>) => {
    let sel: number[] = rows ? Array.from(rows) : Array.from({ length: nAll }, (_, i) => i);
    if (sel.some((r) => !Number.isInteger(r) || r < 0 || r >= nAll))
      throw new RangeError(`row indices must be integers in 0..${nAll - 1}`);
    if (listwise) sel = sel.filter((r) => cols.every((c) => !Number.isNaN(data.values[r * p + c] as number)));
    const first = stage1.estimate(sel);
    const scores = first.scores as Record<string, Float64Array>;
    const n = sel.length;
    const values = new Float64Array(n * W);
    for (let i = 0; i < n; i++) {
      const src = (sel[i] as number) * p;
      for (let k = 0; k < K; k++) values[i * W + k] = data.values[src + (cols[k] as number)] as number;
      // The product of the standardised stage-1 scores (Y = ZW has mean 0 and variance 1).
      ints.forEach((c, j) => {
        values[i * W + K + j] = (scores[c.of[0]]?.[i] as number) * (scores[c.of[1]]?.[i] as number);
      });
    }
    return { data: { columns, values }, stage1: first };
  };
  return { stage2, interactions: names, items, augment };
}

function twoStageEstimator(data: PlsData, model: PlsModel, options: PlsOptions): PlsEstimator {
  const ts = twoStage(data, model, options);
  const estimate = (rows?: ArrayLike<number>): PlsResult => {
    const { data: aug, stage1 } = ts.augment(rows);
    const res = plainEstimator(aug, ts.stage2, options, ts.interactions).estimate();
    res.stage1 = {
      iterations: stage1.iterations,
      converged: stage1.converged,
      constructs: stage1.constructs,
    };
    if (!stage1.converged)
      res.warnings.unshift(warning('stage1NotConverged', {}, { iterations: stage1.iterations }));
    res.moderation = simpleSlopes(model, res.paths);
    return res;
  };
  return { items: ts.items, estimate };
}

function twoStageLean(
  data: PlsData,
  model: PlsModel,
  options: Omit<PlsOptions, 'fSquared' | 'scores'>,
): PlsLeanEstimator {
  const ts = twoStage(data, model, options);
  const nAll = data.values.length / data.columns.length;
  const first = createLeanPlsEstimator(ts.augment().data, ts.stage2, options);
  const estimate = (rows: ArrayLike<number>, out: Float64Array, off: number): boolean => {
    const { data: aug, stage1 } = ts.augment(rows);
    const n = aug.values.length / aug.columns.length;
    const lean = createLeanPlsEstimator(aug, ts.stage2, options);
    const converged = lean.estimate(
      Int32Array.from({ length: n }, (_, i) => i),
      out,
      off,
    );
    return converged && stage1.converged;
  };
  const estimateExcept = (lo: number, hi: number, out: Float64Array, off: number): boolean => {
    if (!(Number.isInteger(lo) && Number.isInteger(hi) && 0 <= lo && lo <= hi && hi <= nAll))
      throw new RangeError(`rows ${lo}..${hi - 1} are not a block of 0..${nAll - 1}`);
    const rows = new Int32Array(nAll - (hi - lo));
    let k = 0;
    for (let i = 0; i < nAll; i++) if (i < lo || i >= hi) rows[k++] = i;
    return estimate(rows, out, off);
  };
  return { items: first.items, layout: first.layout, size: first.size, estimate, estimateExcept };
}

export { SingularMatrixError };
