/**
 * Counter-based random streams for the PLS bootstrap: the stream of resample r is a function of
 * (seed, r) only, so a resample's rows do not depend on which worker draws it, nor on the order in
 * which resamples are drawn. Each stream is xoshiro128** (Blackman & Vigna 2018) whose 128-bit state
 * is derived from (seed, r) by murmur3-style finalisers; no dependency on Math.random.
 */

import { float53, xoshiro128 } from '../../numeric/xoshiro.ts';

function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

export interface Stream {
  /** A uniform 32-bit unsigned integer. */
  uint32(): number;
  /** A uniform double in [0, 1) with 53 random bits. */
  float(): number;
  /** A uniform integer in [0, n) (n ≤ 2^32). */
  int(n: number): number;
}

/**
 * The stream for counter `counter` (a non-negative integer below 2^32) of seed `seed` (the integer
 * part of any finite number, up to 2^53).
 */
export function counterStream(seed: number, counter: number): Stream {
  const lo = Math.trunc(seed) >>> 0;
  const hi = Math.trunc(seed / 4294967296) >>> 0;
  const c = counter >>> 0;
  const key = fmix32(lo ^ fmix32(hi + 0x9e3779b9));
  const s0 = fmix32(key ^ fmix32(c + 0x6a09e667));
  const s1 = fmix32(s0 + key + 0xbb67ae85);
  const s2 = fmix32(s1 ^ Math.imul(c, 0x3c6ef372));
  const s3 = fmix32(s2 + 0xa54ff53a + hi);
  const uint32 = xoshiro128([s0, s1, s2, s3]);
  // Warm up so that nearby counters decorrelate fully.
  for (let i = 0; i < 8; i++) uint32();
  const float = (): number => float53(uint32);
  // Lemire's multiply-shift with rejection: exactly uniform on [0, n).
  const int = (n: number): number => {
    if (n <= 1) return 0;
    if (n > 4294967296) return Math.floor(float() * n);
    const threshold = 4294967296 % n;
    for (;;) {
      const x = uint32();
      // x·n < 2^64: split to stay exact in doubles.
      const xl = x & 0xffff;
      const xh = x >>> 16;
      const low = xl * n;
      const mid = xh * n + Math.floor(low / 65536);
      const high = Math.floor(mid / 65536);
      const lowWord = ((mid % 65536) * 65536 + (low % 65536)) >>> 0;
      if (lowWord >= threshold) return high;
    }
  };
  return { uint32, float, int };
}

/** Fills `out` with the 0-based row indices (with replacement, 0..n−1) of bootstrap resample `r`. */
export function resampleRows(seed: number, r: number, n: number, out: Int32Array): Int32Array {
  const s = counterStream(seed, r);
  for (let i = 0; i < out.length; i++) out[i] = s.int(n);
  return out;
}
