/**
 * Variance-based (Sobol') sensitivity indices with Saltelli's sampling scheme, sample and analysis
 * as separate steps (see docs/sensitivity.md):
 *
 * - sample: two N × k matrices A and B from the first and last k columns of a 2k-dimensional Sobol'
 *   sequence, and for every factor i the matrix A_B^(i) (A with column i from B) — and, for second
 *   order, B_A^(i) (B with column i from A). Rows are laid out base row by base row, as in SALib:
 *   row j·s + 0 = A_j, j·s + 1 … j·s + k = A_B^(1..k)_j, [j·s + k + 1 … j·s + 2k = B_A^(1..k)_j,]
 *   j·s + s − 1 = B_j, with s = k + 2 (first and total order) or 2k + 2 (with second order).
 * - analyse, with f centred by the mean of f(A) and f(B) and V the variance of f over A and B:
 *   first order (Saltelli et al. 2010, table 2 (b)): V_i = 1/N Σ_j f(B)_j (f(A_B^i)_j − f(A)_j);
 *   total effect (Jansen 1999; Saltelli et al. 2010, table 2 (f)): V_Ti = 1/(2N) Σ_j (f(A)_j − f(A_B^i)_j)²;
 *   second order (Saltelli 2002): V^c_il = 1/N Σ_j (f(B_A^i)_j f(A_B^l)_j − f(A)_j f(B)_j),
 *   S_il = V^c_il / V − S_i − S_l;
 *   S_i = V_i / V, ST_i = V_Ti / V.
 * - confidence: B bootstrap resamples of the N base rows (with replacement, seeded); the half-width
 *   z_{(1+c)/2} × (standard deviation of the bootstrap estimates) as in SALib (S1Conf, STConf), and the
 *   percentile interval (S1Interval, STInterval).
 */

import { InputError, type Problem } from '../io/problems.ts';
import { fail, problem } from './errors.ts';
import { drawCounts } from './resample.ts';
import { MAX_SOBOL_DIMENSION, type Randomisation, sobolPoints } from './sobol-sequence.ts';
import { checkSpace, inverseCdf, normalQuantile, type ParameterSpace } from './space.ts';

export interface Sample {
  /** Row-major rows × k matrix of factor values on their own scales. */
  x: Float64Array;
  rows: number;
  k: number;
}

export interface SaltelliOptions {
  seed?: number;
  secondOrder?: boolean;
  /** true or 'owen': Owen scrambling; 'shift': random digital shift; false (default): none. */
  scramble?: boolean | 'owen' | 'shift';
  /** Sobol' points skipped: default 1 (the origin) without scrambling, 0 with it. */
  skip?: number;
}

/** The largest base sample: keeps N·(2k + 2)·k values within one typed array. */
export const MAX_BASE_SAMPLES = 2 ** 26;

export function checkBaseSamples(n: number, where = 'N'): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 2 || n > MAX_BASE_SAMPLES)
    fail('badN', { n: String(n), max: MAX_BASE_SAMPLES }, { file: where, path: '' });
}

function stepOf(k: number, secondOrder: boolean): number {
  return secondOrder ? 2 * k + 2 : k + 2;
}

/** Saltelli's sample: N·(k + 2) rows (N·(2k + 2) with second order), SALib's row layout. */
export function saltelliSample(space: ParameterSpace, n: number, opts: SaltelliOptions = {}): Sample {
  const k = checkSpace(space);
  checkBaseSamples(n);
  if (2 * k > MAX_SOBOL_DIMENSION)
    fail(
      'tooManyParameters',
      { k, max: Math.floor(MAX_SOBOL_DIMENSION / 2) },
      { file: space.source ?? 'parameters', path: '' },
    );
  const second = opts.secondOrder ?? false;
  const step = stepOf(k, second);
  const rows = n * step;
  if (rows * k > 2 ** 31 - 1) fail('badN', { n, max: MAX_BASE_SAMPLES }, { file: 'N', path: '' });
  const mode: Randomisation =
    opts.scramble === 'shift'
      ? 'shift'
      : opts.scramble === true || opts.scramble === 'owen'
        ? 'owen'
        : 'none';
  const skip = opts.skip ?? (mode === 'none' ? 1 : 0);
  const dim = 2 * k;
  const base = sobolPoints(dim, n, { skip, randomise: mode, seed: opts.seed ?? 0 });
  for (let i = 0; i < k; i++) {
    const f = inverseCdf(space, i);
    for (let j = 0; j < n; j++) {
      const o = j * dim;
      base[o + i] = f(base[o + i] as number);
      base[o + k + i] = f(base[o + k + i] as number);
    }
  }
  const x = new Float64Array(rows * k);
  for (let j = 0; j < n; j++) {
    const a = base.subarray(j * dim, j * dim + k);
    const b = base.subarray(j * dim + k, j * dim + dim);
    const r0 = j * step;
    x.set(a, r0 * k);
    for (let i = 0; i < k; i++) {
      const o = (r0 + 1 + i) * k;
      x.set(a, o);
      x[o + i] = b[i] as number;
    }
    if (second)
      for (let i = 0; i < k; i++) {
        const o = (r0 + 1 + k + i) * k;
        x.set(b, o);
        x[o + i] = a[i] as number;
      }
    x.set(b, (r0 + step - 1) * k);
  }
  return { x, rows, k };
}

/**
 * Checks that x (rows × k) has the row layout of a Saltelli sample of base size n: every A_B^(i) row
 * equals A but for column i, which equals B's (and B_A^(i) likewise). Throws a located InputError.
 */
export function checkSaltelliLayout(
  space: ParameterSpace,
  x: Float64Array,
  n: number,
  opts: { secondOrder?: boolean; source?: string } = {},
): void {
  const k = checkSpace(space);
  const second = opts.secondOrder ?? false;
  const step = stepOf(k, second);
  const file = opts.source ?? 'x';
  if (x.length !== n * step * k)
    fail(
      second ? 'yLengthSecond' : 'yLength',
      { got: x.length / k, expected: n * step, n, k, step },
      { file, path: '' },
    );
  for (let j = 0; j < n; j++) {
    const r0 = j * step;
    const a = r0 * k;
    const b = (r0 + step - 1) * k;
    for (let i = 0; i < k; i++)
      for (let pass = 0; pass < (second ? 2 : 1); pass++) {
        const row = r0 + 1 + pass * k + i;
        const [same, other] = pass === 0 ? [a, b] : [b, a];
        for (let c = 0; c < k; c++) {
          const want = c === i ? x[other + c] : x[same + c];
          if (x[row * k + c] !== want)
            fail('notSaltelli', { row: row + 1, step }, { file, path: `row ${row + 1}` });
        }
      }
  }
}

export interface SobolAnalyzeOptions {
  /** Bootstrap resamples of the N base rows (default 100; 0 for none). */
  bootstrap?: number;
  seed?: number;
  /** Confidence level of the intervals (default 0.95). */
  confidence?: number;
  secondOrder?: boolean;
  /** Where y came from (file name), for error messages. */
  source?: string;
}

export type Indices = Record<string, number>;

export interface SobolResult {
  method: 'sobol';
  names: string[];
  /** Base sample size N. */
  n: number;
  k: number;
  S1: Indices;
  ST: Indices;
  /** Half-widths z × bootstrap standard deviation (NaN without bootstrap). */
  S1Conf: Indices;
  STConf: Indices;
  /** Bootstrap percentile intervals. */
  S1Interval: Record<string, [number, number]>;
  STInterval: Record<string, [number, number]>;
  /** S2[a][b] for a before b in the parameter order (second order only). */
  S2?: Record<string, Indices>;
  S2Conf?: Record<string, Indices>;
  /** Mean and variance of f over A and B. */
  mean: number;
  variance: number;
  bootstrap: number;
  confidence: number;
}

/** Rows of y that are not finite numbers, as located problems (at most 10). */
export function nonFiniteProblems(y: Float64Array, source: string): Problem[] {
  const out: Problem[] = [];
  let count = 0;
  for (let r = 0; r < y.length; r++)
    if (!Number.isFinite(y[r] as number)) {
      count++;
      if (out.length < 10)
        out.push(
          problem('yNotFinite', { row: r + 1, value: String(y[r]) }, { file: source, path: `y[${r}]` }),
        );
    }
  if (count > out.length)
    out.push(
      problem('yNotFiniteMore', { more: count - out.length, total: count }, { file: source, path: 'y' }),
    );
  return out;
}

/** Columns of y by role: fA, fB (N), fAB and fBA (N × k, row-major). */
interface Split {
  fA: Float64Array;
  fB: Float64Array;
  fAB: Float64Array;
  fBA: Float64Array | null;
}

function split(y: Float64Array, n: number, k: number, second: boolean, shift: number): Split {
  const step = stepOf(k, second);
  const fA = new Float64Array(n);
  const fB = new Float64Array(n);
  const fAB = new Float64Array(n * k);
  const fBA = second ? new Float64Array(n * k) : null;
  for (let j = 0; j < n; j++) {
    const o = j * step;
    fA[j] = (y[o] as number) - shift;
    fB[j] = (y[o + step - 1] as number) - shift;
    for (let i = 0; i < k; i++) fAB[j * k + i] = (y[o + 1 + i] as number) - shift;
    if (fBA) for (let i = 0; i < k; i++) fBA[j * k + i] = (y[o + 1 + k + i] as number) - shift;
  }
  return { fA, fB, fAB, fBA };
}

/**
 * Estimates with row weights w (bootstrap multiplicities; all ones when w is null) into s1, st (k each)
 * and s2 (k × k, upper triangle); returns the variance used. Rows of weight 0 are skipped.
 */
function estimate(
  f: Split,
  n: number,
  k: number,
  w: Int32Array | null,
  acc: Float64Array,
  s1: Float64Array,
  st: Float64Array,
  s2: Float64Array | null,
): number {
  const { fA, fB, fAB, fBA } = f;
  acc.fill(0);
  // acc: [0..k) first-order sums, [k..2k) total sums, [2k..2k+k²) second-order sums.
  let sum = 0;
  let sumSq = 0;
  let sumAB = 0;
  for (let j = 0; j < n; j++) {
    const c = w ? (w[j] as number) : 1;
    if (c === 0) continue;
    const a = fA[j] as number;
    const b = fB[j] as number;
    sum += c * (a + b);
    sumSq += c * (a * a + b * b);
    sumAB += c * a * b;
    const o = j * k;
    const cb = c * b;
    for (let i = 0; i < k; i++) {
      const d = (fAB[o + i] as number) - a;
      acc[i] = (acc[i] as number) + cb * d;
      acc[k + i] = (acc[k + i] as number) + c * d * d;
    }
    if (fBA)
      for (let i = 0; i < k; i++) {
        const ba = c * (fBA[o + i] as number);
        const row = 2 * k + i * k;
        for (let l = i + 1; l < k; l++) acc[row + l] = (acc[row + l] as number) + ba * (fAB[o + l] as number);
      }
  }
  const mean = sum / (2 * n);
  const v = sumSq / (2 * n) - mean * mean;
  for (let i = 0; i < k; i++) {
    s1[i] = (acc[i] as number) / n / v;
    st[i] = (acc[k + i] as number) / (2 * n) / v;
  }
  if (s2)
    for (let i = 0; i < k; i++)
      for (let l = i + 1; l < k; l++) {
        const vc = ((acc[2 * k + i * k + l] as number) - sumAB) / n / v;
        s2[i * k + l] = vc - (s1[i] as number) - (s1[l] as number);
      }
  return v;
}

/** Sorted copy's percentile (R type 7). */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  return lo + 1 < sorted.length ? a + (h - lo) * ((sorted[lo + 1] as number) - a) : a;
}

/** Half-width and percentile interval of bootstrap values column c of a B × m matrix. */
export function bootstrapSummary(
  values: Float64Array,
  B: number,
  m: number,
  c: number,
  z: number,
  level: number,
  scratch: Float64Array,
): { conf: number; interval: [number, number] } {
  let mean = 0;
  for (let b = 0; b < B; b++) {
    const v = values[b * m + c] as number;
    scratch[b] = v;
    mean += v;
  }
  mean /= B;
  let ss = 0;
  for (let b = 0; b < B; b++) ss += ((scratch[b] as number) - mean) ** 2;
  const sd = B > 1 ? Math.sqrt(ss / (B - 1)) : Number.NaN;
  const sorted = scratch.subarray(0, B).sort();
  const alpha = (1 - level) / 2;
  return { conf: z * sd, interval: [quantile(sorted, alpha), quantile(sorted, 1 - alpha)] };
}

export function checkBootstrap(bootstrap: number, confidence: number): void {
  if (!Number.isInteger(bootstrap) || bootstrap < 0 || bootstrap === 1 || bootstrap > 1_000_000)
    fail('badBootstrap', { value: String(bootstrap) }, { file: 'bootstrap', path: '' });
  if (!(confidence > 0 && confidence < 1))
    fail('badConfidence', { value: String(confidence) }, { file: 'confidence', path: '' });
}

/** Sobol' indices from the outputs y of a Saltelli sample of base size n. */
export function sobolAnalyze(
  space: ParameterSpace,
  y: Float64Array,
  n: number,
  opts: SobolAnalyzeOptions = {},
): SobolResult {
  const k = checkSpace(space);
  checkBaseSamples(n);
  const second = opts.secondOrder ?? false;
  const B = opts.bootstrap ?? 100;
  const level = opts.confidence ?? 0.95;
  checkBootstrap(B, level);
  const source = opts.source ?? 'y';
  const step = stepOf(k, second);
  if (!(y instanceof Float64Array) || y.length !== n * step)
    fail(
      second ? 'yLengthSecond' : 'yLength',
      { got: y?.length ?? 0, expected: n * step, n, k, step },
      { file: source, path: '' },
    );
  const bad = nonFiniteProblems(y, source);
  if (bad.length) throw new InputError(bad);

  let mean = 0;
  for (let j = 0; j < n; j++) mean += (y[j * step] as number) + (y[j * step + step - 1] as number);
  mean /= 2 * n;
  const f = split(y, n, k, second, mean);
  const acc = new Float64Array(2 * k + (second ? k * k : 0));
  const s1 = new Float64Array(k);
  const st = new Float64Array(k);
  const s2 = second ? new Float64Array(k * k) : null;
  const variance = estimate(f, n, k, null, acc, s1, st, s2);
  if (!(variance > 0)) fail('constantOutput', { value: mean }, { file: source, path: '' });

  // Bootstrap: B × m matrix of [s1 | st | s2 upper triangle] per resample.
  const pairs = second ? (k * (k - 1)) / 2 : 0;
  const m = 2 * k + pairs;
  const boot = new Float64Array(B * m);
  if (B > 0) {
    const scratch = new Int32Array(n);
    const counts = new Int32Array(n);
    const b1 = new Float64Array(k);
    const bt = new Float64Array(k);
    const b2 = second ? new Float64Array(k * k) : null;
    const seed = opts.seed ?? 0;
    for (let b = 0; b < B; b++) {
      estimate(f, n, k, drawCounts(seed, b, n, scratch, counts), acc, b1, bt, b2);
      const o = b * m;
      boot.set(b1, o);
      boot.set(bt, o + k);
      if (b2) {
        let p = o + 2 * k;
        for (let i = 0; i < k; i++) for (let l = i + 1; l < k; l++) boot[p++] = b2[i * k + l] as number;
      }
    }
  }
  const z = normalQuantile(0.5 + level / 2);
  const scratch = new Float64Array(Math.max(B, 1));
  const summary = (c: number) =>
    B > 0
      ? bootstrapSummary(boot, B, m, c, z, level, scratch)
      : { conf: Number.NaN, interval: [Number.NaN, Number.NaN] as [number, number] };
  const names = space.names;
  const result: SobolResult = {
    method: 'sobol',
    names: [...names],
    n,
    k,
    S1: {},
    ST: {},
    S1Conf: {},
    STConf: {},
    S1Interval: {},
    STInterval: {},
    mean,
    variance,
    bootstrap: B,
    confidence: level,
  };
  for (let i = 0; i < k; i++) {
    const name = names[i] as string;
    result.S1[name] = s1[i] as number;
    result.ST[name] = st[i] as number;
    const a = summary(i);
    const t = summary(k + i);
    result.S1Conf[name] = a.conf;
    result.STConf[name] = t.conf;
    result.S1Interval[name] = a.interval;
    result.STInterval[name] = t.interval;
  }
  if (s2) {
    const S2: Record<string, Indices> = {};
    const S2Conf: Record<string, Indices> = {};
    let p = 2 * k;
    for (let i = 0; i < k; i++) {
      const a = names[i] as string;
      S2[a] = {};
      S2Conf[a] = {};
      for (let l = i + 1; l < k; l++) {
        const bName = names[l] as string;
        (S2[a] as Indices)[bName] = s2[i * k + l] as number;
        (S2Conf[a] as Indices)[bName] = summary(p++).conf;
      }
    }
    result.S2 = S2;
    result.S2Conf = S2Conf;
  }
  return result;
}
