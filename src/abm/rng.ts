/**
 * Counter-based random numbers for the agent-based model (ABM-NOTES §5: "counter-based hashes (seed, agent,
 * step, purpose)"). A draw is a pure function of its coordinates, so a run gives the same numbers whatever
 * the order in which firms are visited and however the firms are split across workers.
 *
 * The mixing function is Chris Wellons' "lowbias32" integer hash (2018, public domain; two multiply–xorshift
 * rounds, bias ≈ 0.17 on his avalanche test), the same finaliser family as SplitMix32. Keys are chained
 * through it: `streamKey(seed, step, agent)` names the stream of one agent in one step and `u01(key, k)` is
 * its k-th uniform. Sequential streams (the reference model, the network generator) use xoshiro128** from
 * src/numeric/xoshiro.ts through `createRandom`.
 */

import { seedWords } from '../numeric/xoshiro.ts';

/** lowbias32: a 32-bit integer hash with good avalanche. Returns an unsigned 32-bit integer. */
export function hash32(x: number): number {
  let z = x | 0;
  z ^= z >>> 16;
  z = Math.imul(z, 0x21f0aaad);
  z ^= z >>> 15;
  z = Math.imul(z, 0x735a2d97);
  z ^= z >>> 15;
  return z >>> 0;
}

/** Folds a seed (any integer up to 2^53) into a 32-bit key. */
export function seedKey(seed: number): number {
  const [lo, hi] = seedWords(seed);
  return hash32(lo ^ hash32(hi ^ 0x5bd1e995));
}

/** The key of a stream: a 32-bit key extended by two coordinates (e.g. step and agent). */
export function streamKey(key: number, a: number, b: number): number {
  return hash32((hash32((key ^ Math.imul(a, 0x9e3779b9)) | 0) + Math.imul(b, 0x85ebca6b)) | 0);
}

/** The k-th uniform in [0, 1) of a stream (32 random bits). */
export function u01(key: number, k: number): number {
  return hash32((key + Math.imul(k + 1, 0x9e3779b9)) | 0) * 2.3283064365386963e-10;
}

/** The k-th uniform integer in [0, n) of a stream (n ≤ 2^32). */
export function uint(key: number, k: number, n: number): number {
  return Math.floor(u01(key, k) * n);
}

/** Purposes: one stream family per process, so adding a draw to one process never shifts another's. */
export const PURPOSE = {
  init: 1,
  learn: 2,
  buyer: 3,
  rnd: 4,
  move: 5,
  market: 6,
  brand: 7,
  relocate: 8,
  entry: 9,
  ties: 10,
  external: 11,
  governance: 12,
  shock: 13,
} as const;
