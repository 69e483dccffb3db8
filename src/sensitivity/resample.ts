/**
 * Bootstrap draws for the sensitivity library. Resample b of a seed has its own xoshiro128** stream
 * (src/numeric/xoshiro.ts) whose 128-bit state is derived from (seed, b) by murmur3 finalisers, so a
 * resample does not depend on how many others are drawn. Indices are drawn with Lemire's multiply-shift
 * and rejection, exactly uniform on 0 … n − 1 for n ≤ 2^21; above, from a 53-bit uniform (bias below
 * n / 2^53).
 */
import { float53, fmix32, seedWords, uniformInt, xoshiro128 } from '../numeric/xoshiro.ts';

/** Fills out with out.length uniform indices in 0 … n − 1: the stream of resample b of seed. */
export function drawIndices(seed: number, b: number, n: number, out: Int32Array): Int32Array {
  const [lo, hi] = seedWords(seed);
  const c = b >>> 0;
  const s0 = fmix32(lo ^ fmix32(c + 0x243f6a88));
  const s1 = fmix32(s0 + hi + 0x85a308d3);
  const s2 = fmix32(s1 ^ Math.imul(c, 0x13198a2e) ^ 0x03707344);
  const s3 = fmix32(s2 + 0xa4093822 + lo);
  const next = xoshiro128([s0, s1, s2, s3]);
  for (let i = 0; i < 8; i++) next(); // warm-up
  const m = out.length;
  if (n <= 2 ** 21) for (let t = 0; t < m; t++) out[t] = uniformInt(next, n);
  else for (let t = 0; t < m; t++) out[t] = Math.floor(float53(next) * n);
  return out;
}

/** Multiplicities (bootstrap weights) of the n rows in resample b: n draws with replacement. */
export function drawCounts(
  seed: number,
  b: number,
  n: number,
  scratch: Int32Array,
  counts: Int32Array,
): Int32Array {
  drawIndices(seed, b, n, scratch);
  counts.fill(0);
  for (let t = 0; t < n; t++) {
    const j = scratch[t] as number;
    counts[j] = (counts[j] as number) + 1;
  }
  return counts;
}
