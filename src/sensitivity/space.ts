/**
 * The parameter space of a sensitivity analysis: named factors, each with bounds and a distribution.
 * Samples are drawn on the unit hypercube and mapped factor by factor through the inverse CDF:
 * - uniform on [lower, upper]: x = lower + u (upper − lower);
 * - log-uniform on [lower, upper] (0 < lower): x = exp(ln lower + u (ln upper − ln lower));
 * - triangular on [lower, upper] with mode c: x = lower + √(u (upper − lower)(c − lower)) when
 *   u < (c − lower)/(upper − lower), else upper − √((1 − u)(upper − lower)(upper − c));
 * - normal(mean, sd) truncated to [lower, upper] (bounds may be ±Infinity):
 *   x = mean + sd Φ⁻¹(Φ(α) + u (Φ(β) − Φ(α))), α = (lower − mean)/sd, β = (upper − mean)/sd.
 */
import { fail, type Where } from './errors.ts';

export type Distribution =
  | 'uniform'
  | 'loguniform'
  | { kind: 'uniform' }
  | { kind: 'loguniform' }
  | { kind: 'triangular'; mode: number }
  | { kind: 'normal'; mean: number; sd: number };

export interface ParameterSpace {
  names: string[];
  lower: number[];
  upper: number[];
  /** One distribution per factor; uniform on [lower, upper] when absent. */
  dist?: Distribution[];
  /** Where the space was read from (file name), for error messages. */
  source?: string;
}

type Kind = 'uniform' | 'loguniform' | 'triangular' | 'normal';

function kindOf(d: Distribution | undefined): Kind {
  if (d === undefined) return 'uniform';
  return typeof d === 'string' ? d : d.kind;
}

/** Checks a space and returns its number of factors; throws InputError with every problem located. */
export function checkSpace(space: ParameterSpace): number {
  const file = space.source ?? 'parameters';
  const at = (path: string): Where => ({ file, path });
  const { names, lower, upper, dist } = space;
  if (!Array.isArray(names) || names.length === 0) fail('noParameters', {}, at('names'));
  const k = names.length;
  if (!Array.isArray(lower) || lower.length !== k)
    fail('boundsLength', { which: 'lower', got: lower?.length ?? 0, k }, at('lower'));
  if (!Array.isArray(upper) || upper.length !== k)
    fail('boundsLength', { which: 'upper', got: upper?.length ?? 0, k }, at('upper'));
  if (dist !== undefined && dist.length !== k)
    fail('boundsLength', { which: 'dist', got: dist.length, k }, at('dist'));
  const seen = new Set<string>();
  for (let i = 0; i < k; i++) {
    const name = names[i] as string;
    if (typeof name !== 'string' || name.trim() === '') fail('badName', { index: i + 1 }, at(`names[${i}]`));
    if (seen.has(name)) fail('duplicateName', { name }, at(`names[${i}]`));
    seen.add(name);
    const lo = lower[i] as number;
    const hi = upper[i] as number;
    const d = dist?.[i];
    const kind = kindOf(d);
    if (!['uniform', 'loguniform', 'triangular', 'normal'].includes(kind))
      fail('badDistribution', { name, dist: String(kind) }, at(`${name}.dist`));
    const infiniteOk = kind === 'normal';
    for (const [which, v] of [
      ['lower', lo],
      ['upper', hi],
    ] as const)
      if (typeof v !== 'number' || Number.isNaN(v) || (!infiniteOk && !Number.isFinite(v)))
        fail('badBound', { name, which, value: String(v) }, at(`${name}.${which}`));
    if (!(lo < hi)) fail('lowerNotBelowUpper', { name, lower: lo, upper: hi }, at(name));
    if (kind === 'loguniform' && !(lo > 0))
      fail('logUniformPositive', { name, lower: lo }, at(`${name}.lower`));
    if (kind === 'triangular') {
      const mode = (d as { mode: number }).mode;
      if (typeof mode !== 'number' || !(mode >= lo && mode <= hi))
        fail('triangularMode', { name, mode: String(mode), lower: lo, upper: hi }, at(`${name}.mode`));
    }
    if (kind === 'normal') {
      const { mean, sd } = d as { mean: number; sd: number };
      if (typeof mean !== 'number' || !Number.isFinite(mean))
        fail('normalMean', { name, value: String(mean) }, at(`${name}.mean`));
      if (typeof sd !== 'number' || !(sd > 0 && Number.isFinite(sd)))
        fail('normalSd', { name, value: String(sd) }, at(`${name}.sd`));
      if (!(normalCdf((hi - mean) / sd) - normalCdf((lo - mean) / sd) > 0))
        fail('normalEmpty', { name, mean, sd, lower: lo, upper: hi }, at(name));
    }
  }
  return k;
}

/** Whether factor i has an infinite bound (only truncated normals may). */
export function unbounded(space: ParameterSpace, i: number): boolean {
  return !Number.isFinite(space.lower[i] as number) || !Number.isFinite(space.upper[i] as number);
}

/** The inverse CDF of factor i: a unit value u ∈ [0, 1] to the factor's scale. */
export function inverseCdf(space: ParameterSpace, i: number): (u: number) => number {
  const lo = space.lower[i] as number;
  const hi = space.upper[i] as number;
  const d = space.dist?.[i];
  switch (kindOf(d)) {
    case 'uniform': {
      const w = hi - lo;
      return (u) => lo + u * w;
    }
    case 'loguniform': {
      const a = Math.log(lo);
      const w = Math.log(hi) - a;
      return (u) => Math.min(hi, Math.max(lo, Math.exp(a + u * w)));
    }
    case 'triangular': {
      const c = (d as { mode: number }).mode;
      const w = hi - lo;
      const split = (c - lo) / w;
      return (u) => (u < split ? lo + Math.sqrt(u * w * (c - lo)) : hi - Math.sqrt((1 - u) * w * (hi - c)));
    }
    case 'normal': {
      const { mean, sd } = d as { mean: number; sd: number };
      const pa = normalCdf((lo - mean) / sd);
      const pb = normalCdf((hi - mean) / sd);
      const w = pb - pa;
      return (u) => Math.min(hi, Math.max(lo, mean + sd * normalQuantile(pa + u * w)));
    }
  }
}

/** Maps a row-major block of unit values (rows × k) to the factors' scales, in place. */
export function toScale(space: ParameterSpace, u: Float64Array, k: number): Float64Array {
  const f = Array.from({ length: k }, (_, i) => inverseCdf(space, i));
  const rows = u.length / k;
  for (let i = 0; i < k; i++) {
    const fi = f[i] as (u: number) => number;
    for (let r = 0; r < rows; r++) u[r * k + i] = fi(u[r * k + i] as number);
  }
  return u;
}

/* Standard normal CDF: the double-precision rational approximation of Hart (1968) as given by
   West (2005), coefficients used as published data (absolute error ≈ 1e−15; relative ≈ 1e−9 beyond
   |x| ≈ 6). */
const P = [
  0.0352624965998911, 0.700383064443688, 6.37396220353165, 33.912866078383, 112.079291497871,
  221.213596169931, 220.206867912376,
];
const Q = [
  0.0883883476483184, 1.75566716318264, 16.064177579207, 86.7807322029461, 296.564248779674, 637.333633378831,
  793.826512519948, 440.413735824752,
];

export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const z = Math.abs(x);
  let c = 0;
  if (z <= 37) {
    const e = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      let num = P[0] as number;
      for (let j = 1; j < P.length; j++) num = num * z + (P[j] as number);
      let den = Q[0] as number;
      for (let j = 1; j < Q.length; j++) den = den * z + (Q[j] as number);
      c = (e * num) / den;
    } else {
      const b = z + 1 / (z + 2 / (z + 3 / (z + 4 / (z + 0.65))));
      c = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

/* Standard normal quantile: Acklam's (2003) rational approximation (coefficients as published),
   refined by one Halley step on normalCdf. */
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const B = [
  -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572, 1,
];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416, 1];

function horner(cs: readonly number[], x: number): number {
  let s = cs[0] as number;
  for (let j = 1; j < cs.length; j++) s = s * x + (cs[j] as number);
  return s;
}

export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : Number.NaN;
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = horner(C, q) / horner(D, q);
  } else if (p <= 1 - 0.02425) {
    const q = p - 0.5;
    const r = q * q;
    x = (horner(A, r) * q) / horner(B, r);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -horner(C, q) / horner(D, q);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}
