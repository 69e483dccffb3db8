/**
 * Test functions with known Sobol' indices, for checking the estimators.
 *
 * Ishigami & Homma (1990): f(x) = sin x1 + a sin² x2 + b x3⁴ sin x1 on [−π, π]³. With
 * V1 = ½ (1 + b π⁴/5)², V2 = a²/8, V3 = 0, V13 = b² π⁸ (1/18 − 1/50) and
 * V = a²/8 + b π⁴/5 + b² π⁸/18 + ½: S_i = V_i / V, ST1 = (V1 + V13)/V, ST2 = V2/V, ST3 = V13/V,
 * S13 = V13/V (a = 7, b = 0.1: S1 ≈ 0.3139, 0.4424, 0; ST ≈ 0.5576, 0.4424, 0.2437).
 *
 * Sobol' G-function (Sobol' 1993; Saltelli & Sobol' 1995): f(x) = Π_i (|4x_i − 2| + a_i)/(1 + a_i) on
 * [0, 1]^k. With V_i = 1/(3(1 + a_i)²) and V = Π_i (1 + V_i) − 1: S_i = V_i / V,
 * ST_i = V_i Π_{l≠i} (1 + V_l) / V, S_il = V_i V_l / V. Small a_i means an important factor.
 */
import type { Indices } from './saltelli.ts';
import type { ParameterSpace } from './space.ts';

export interface AnalyticIndices {
  S1: Indices;
  ST: Indices;
  /** S2[a][b] for a before b. */
  S2: Record<string, Indices>;
  variance: number;
}

export interface TestFunction {
  name: string;
  space: ParameterSpace;
  /** f of one point (k values). */
  f(x: ArrayLike<number>, offset?: number): number;
  /** f of every row of a row-major rows × k matrix, into out. */
  evaluate(x: Float64Array, out?: Float64Array): Float64Array;
  analytic: AnalyticIndices;
}

function names(k: number): string[] {
  return Array.from({ length: k }, (_, i) => `x${i + 1}`);
}

function evaluator(k: number, f: (x: ArrayLike<number>, offset: number) => number) {
  return (x: Float64Array, out: Float64Array = new Float64Array(x.length / k)): Float64Array => {
    const rows = x.length / k;
    for (let r = 0; r < rows; r++) out[r] = f(x, r * k);
    return out;
  };
}

function pairs(k: number, value: (i: number, l: number) => number): Record<string, Indices> {
  const n = names(k);
  const out: Record<string, Indices> = {};
  for (let i = 0; i < k; i++) {
    const row: Indices = {};
    for (let l = i + 1; l < k; l++) row[n[l] as string] = value(i, l);
    out[n[i] as string] = row;
  }
  return out;
}

export function ishigamiFunction(a = 7, b = 0.1): TestFunction {
  const pi4 = Math.PI ** 4;
  const pi8 = Math.PI ** 8;
  const v1 = 0.5 * (1 + (b * pi4) / 5) ** 2;
  const v2 = (a * a) / 8;
  const v13 = b * b * pi8 * (1 / 18 - 1 / 50);
  const v = (a * a) / 8 + (b * pi4) / 5 + (b * b * pi8) / 18 + 0.5;
  const f = (x: ArrayLike<number>, o = 0): number => {
    const x1 = x[o] as number;
    const s2 = Math.sin(x[o + 1] as number);
    const x3 = x[o + 2] as number;
    const x3sq = x3 * x3;
    return Math.sin(x1) * (1 + b * x3sq * x3sq) + a * s2 * s2;
  };
  return {
    name: 'ishigami',
    space: { names: names(3), lower: [-Math.PI, -Math.PI, -Math.PI], upper: [Math.PI, Math.PI, Math.PI] },
    f,
    evaluate: evaluator(3, f),
    analytic: {
      S1: { x1: v1 / v, x2: v2 / v, x3: 0 },
      ST: { x1: (v1 + v13) / v, x2: v2 / v, x3: v13 / v },
      S2: { x1: { x2: 0, x3: v13 / v }, x2: { x3: 0 }, x3: {} },
      variance: v,
    },
  };
}

/** The G-function with coefficients a (default SALib's [0, 1, 4.5, 9, 99, 99, 99, 99]). */
export function sobolGFunction(a: readonly number[] = [0, 1, 4.5, 9, 99, 99, 99, 99]): TestFunction {
  const k = a.length;
  if (k === 0 || a.some((ai) => !(ai >= 0))) throw new RangeError('G-function coefficients must be ≥ 0');
  const coef = Float64Array.from(a);
  const vi = a.map((ai) => 1 / (3 * (1 + ai) ** 2));
  const prod = vi.reduce((p, x) => p * (1 + x), 1);
  const v = prod - 1;
  const n = names(k);
  const S1: Indices = {};
  const ST: Indices = {};
  for (let i = 0; i < k; i++) {
    const others = prod / (1 + (vi[i] as number));
    S1[n[i] as string] = (vi[i] as number) / v;
    ST[n[i] as string] = ((vi[i] as number) * others) / v;
  }
  const f = (x: ArrayLike<number>, o = 0): number => {
    let p = 1;
    for (let i = 0; i < k; i++) {
      const c = coef[i] as number;
      p *= (Math.abs(4 * (x[o + i] as number) - 2) + c) / (1 + c);
    }
    return p;
  };
  return {
    name: 'sobol-g',
    space: { names: n, lower: new Array(k).fill(0), upper: new Array(k).fill(1) },
    f,
    evaluate: evaluator(k, f),
    analytic: { S1, ST, S2: pairs(k, (i, l) => ((vi[i] as number) * (vi[l] as number)) / v), variance: v },
  };
}

export const ishigami: TestFunction = ishigamiFunction();
export const sobolG: TestFunction = sobolGFunction();
