/**
 * The xoshiro128** generator (Blackman & Vigna 2018) on 32-bit integers: the one PRNG core behind every
 * seeded stream in Climb (network algorithms, PLS bootstrap). Callers derive the 128-bit state from their
 * seeds; Math.random is never used in analysis.
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
