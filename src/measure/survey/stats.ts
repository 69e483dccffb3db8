/** Small statistics for survey analysis: Welch's t-test and a seeded two-sample permutation test. */
import { studentTwoSided } from '../pls/bootstrap.ts';
import { counterStream } from '../pls/random.ts';

export interface TwoSample {
  nA: number;
  nB: number;
  meanA: number;
  meanB: number;
  /** meanA − meanB. */
  difference: number;
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p of Welch's t. */
  pWelch: number;
  /** Two-sided permutation p, (count + 1)/(B + 1); null when no permutations were asked for. */
  pPermutation: number | null;
  permutations: number;
}

const finite = (xs: readonly number[]) => xs.filter((x) => Number.isFinite(x));

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length ? s / xs.length : Number.NaN;
}

function variance(xs: readonly number[], m: number): number {
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return xs.length > 1 ? s / (xs.length - 1) : Number.NaN;
}

/** Welch's t-test of mean(a) − mean(b) plus, with `permutations` > 0, a permutation test of the difference. */
export function compareMeans(
  a0: readonly number[],
  b0: readonly number[],
  permutations = 0,
  seed = 42,
): TwoSample {
  const a = finite(a0);
  const b = finite(b0);
  const meanA = mean(a);
  const meanB = mean(b);
  const va = variance(a, meanA) / a.length;
  const vb = variance(b, meanB) / b.length;
  const t = (meanA - meanB) / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const pWelch = Number.isFinite(t) && df > 0 ? studentTwoSided(t, df) : Number.NaN;
  let pPermutation: number | null = null;
  if (permutations > 0 && a.length > 0 && b.length > 0) {
    const all = Float64Array.from([...a, ...b]);
    const total = all.reduce((s, x) => s + x, 0);
    const observed = Math.abs(meanA - meanB);
    const s = counterStream(seed, 0x5eed);
    let count = 0;
    for (let r = 0; r < permutations; r++) {
      // Partial Fisher–Yates: the first nA slots are a random group A.
      let sumA = 0;
      for (let i = 0; i < a.length; i++) {
        const j = i + s.int(all.length - i);
        const x = all[j] as number;
        all[j] = all[i] as number;
        all[i] = x;
        sumA += x;
      }
      const d = Math.abs(sumA / a.length - (total - sumA) / b.length);
      if (d >= observed - 1e-12) count++;
    }
    pPermutation = (count + 1) / (permutations + 1);
  }
  return {
    nA: a.length,
    nB: b.length,
    meanA,
    meanB,
    difference: meanA - meanB,
    t,
    df,
    pWelch,
    pPermutation,
    permutations,
  };
}
