/**
 * Bootstrap draws for the sensitivity library. Resample b of a seed has its own xoshiro128** stream
 * (Blackman & Vigna 2018), whose 128-bit state is derived from (seed, b) by murmur3 finalisers, so a
 * resample does not depend on how many others are drawn. The generator is inlined here (state in local
 * variables) because the bootstrap of a large sample is dominated by its draws. Indices are drawn with
 * Lemire's multiply-shift and rejection, exactly uniform on 0 … n − 1 for n ≤ 2^21 (the product of a
 * 32-bit draw and n is then exact in a double); above, from a 53-bit uniform (bias below n / 2^53).
 */

const TWO32 = 4294967296;

function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Fills out with out.length uniform indices in 0 … n − 1: the stream of resample b of seed. */
export function drawIndices(seed: number, b: number, n: number, out: Int32Array): Int32Array {
  const lo = Math.trunc(seed) >>> 0;
  const hi = Math.trunc(seed / TWO32) >>> 0;
  const c = b >>> 0;
  let s0 = fmix32(lo ^ fmix32(c + 0x243f6a88));
  let s1 = fmix32(s0 + hi + 0x85a308d3);
  let s2 = fmix32(s1 ^ Math.imul(c, 0x13198a2e) ^ 0x03707344);
  let s3 = fmix32(s2 + 0xa4093822 + lo);
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const m = out.length;
  const exact = n <= 2 ** 21;
  const threshold = exact ? TWO32 % n : 0;
  let t = -8; // eight warm-up draws
  let pending = -1; // first half of a 53-bit draw (n > 2^21)
  while (t < m) {
    // xoshiro128**
    const r = Math.imul(((Math.imul(s1, 5) << 7) | (Math.imul(s1, 5) >>> 25)) >>> 0, 9) >>> 0;
    const sh = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= sh;
    s3 = (s3 << 11) | (s3 >>> 21);
    if (t < 0) {
      t++;
      continue;
    }
    if (exact) {
      const prod = r * n;
      const high = Math.floor(prod / TWO32);
      if (prod - high * TWO32 < threshold) continue;
      out[t++] = high;
    } else if (pending < 0) pending = r >>> 5;
    else {
      out[t++] = Math.floor((((pending * 67108864 + (r >>> 6)) / 9007199254740992) * n) as number);
      pending = -1;
    }
  }
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
