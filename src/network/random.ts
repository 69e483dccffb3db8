import { float53, xoshiro128 } from '../numeric/xoshiro.ts';

/**
 * A small seeded pseudo-random generator for the network algorithms (Louvain's node order, sampled
 * betweenness): xoshiro128** (Blackman & Vigna 2018) on 32-bit integers, its state filled by
 * splitmix32 from the seed. The same seed gives the same stream on every platform; the generator has
 * no dependency on Math.random.
 */
export interface Random {
  /** A uniform 32-bit unsigned integer. */
  uint32(): number;
  /** A uniform double in [0, 1) with 53 random bits. */
  float(): number;
  /** A uniform integer in [0, n) (n ≤ 2^53). */
  int(n: number): number;
  /** Shuffles the array in place (Fisher–Yates). */
  shuffle(a: Int32Array): Int32Array;
}

/** Creates a generator from a seed (any finite number; its integer part, up to 2^53, is used). */
export function createRandom(seed: number): Random {
  let sm = Math.trunc(seed) >>> 0;
  let hi = Math.trunc(seed / 4294967296) >>> 0;
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) | 0;
    let z = sm ^ hi;
    hi = Math.imul(hi ^ (hi >>> 15), 0x2c1b3c6d) | 0;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  const s0 = splitmix();
  const s1 = splitmix();
  const s2 = splitmix();
  const s3 = splitmix();
  const uint32 = xoshiro128([s0, s1, s2, s3]);
  const float = (): number => float53(uint32);
  const int = (n: number): number => Math.floor(float() * n);
  const shuffle = (a: Int32Array): Int32Array => {
    for (let i = a.length - 1; i > 0; i--) {
      const j = int(i + 1);
      const t = a[i] as number;
      a[i] = a[j] as number;
      a[j] = t;
    }
    return a;
  };
  return { uint32, float, int, shuffle };
}
