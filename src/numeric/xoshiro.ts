/**
 * The xoshiro128** generator (Blackman & Vigna 2018) on 32-bit integers: the one PRNG core behind every
 * seeded stream in Climb (network algorithms, PLS bootstrap, sensitivity samples). Callers derive the
 * 128-bit state from their seeds with `fmix32` and `seedWords`; Math.random is never used in analysis.
 * Counter-based streams (`counterStream`) are a function of (seed, counter) only, so a resample's draws
 * do not depend on which worker draws it, nor on the order in which resamples are drawn.
 */
export function xoshiro128(state: readonly [number, number, number, number]): () => number {
  let [s0, s1, s2, s3] = state;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  return (): number => {
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return r;
  };
}

/** A uniform double in [0, 1) with 53 random bits from two 32-bit draws. */
export function float53(uint32: () => number): number {
  return ((uint32() >>> 5) * 67108864 + (uint32() >>> 6)) / 9007199254740992;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const TWO32 = 4294967296;

/** The murmur3 32-bit finaliser: a bijective mix of a 32-bit word, for deriving generator states from seeds. */
export function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The low and high 32-bit words of a seed: the integer part of any finite number, up to 2^53. */
export function seedWords(seed: number): [lo: number, hi: number] {
  return [Math.trunc(seed) >>> 0, Math.trunc(seed / TWO32) >>> 0];
}

/**
 * A uniform integer in [0, n) from 32-bit draws: Lemire's multiply-shift with rejection, exactly uniform
 * for n ≤ 2^32; above, from a 53-bit uniform.
 */
export function uniformInt(uint32: () => number, n: number): number {
  if (n <= 1) return 0;
  if (n > TWO32) return Math.floor(float53(uint32) * n);
  if (n <= 2097152) {
    // x·n < 2^53: the product is exact in a double. The threshold 2^32 mod n (< n) is only needed when
    // the low word falls below n.
    for (;;) {
      const prod = uint32() * n;
      const high = Math.floor(prod / TWO32);
      const low = prod - high * TWO32;
      if (low >= n || low >= TWO32 % n) return high;
    }
  }
  const threshold = TWO32 % n;
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
}

export interface Stream {
  /** A uniform 32-bit unsigned integer. */
  uint32(): number;
  /** A uniform double in [0, 1) with 53 random bits. */
  float(): number;
  /** A uniform integer in [0, n) (exact for n ≤ 2^32). */
  int(n: number): number;
}

/**
 * The stream for counter `counter` (a non-negative integer below 2^32) of seed `seed` (the integer part
 * of any finite number, up to 2^53): xoshiro128** whose state is derived from (seed, counter) by murmur3
 * finalisers, warmed up so that nearby counters decorrelate fully.
 */
export function counterStream(seed: number, counter: number): Stream {
  const [lo, hi] = seedWords(seed);
  const c = counter >>> 0;
  const key = fmix32(lo ^ fmix32(hi + 0x9e3779b9));
  const s0 = fmix32(key ^ fmix32(c + 0x6a09e667));
  const s1 = fmix32(s0 + key + 0xbb67ae85);
  const s2 = fmix32(s1 ^ Math.imul(c, 0x3c6ef372));
  const s3 = fmix32(s2 + 0xa54ff53a + hi);
  const uint32 = xoshiro128([s0, s1, s2, s3]);
  for (let i = 0; i < 8; i++) uint32();
  return { uint32, float: () => float53(uint32), int: (n) => uniformInt(uint32, n) };
}
