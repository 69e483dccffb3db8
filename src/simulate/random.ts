/**
 * Seeded streams for ensembles and sensitivity samples: member m of seed s draws from its own
 * xoshiro128** stream whose state is a function of (s, m) only, so a member's parameters do not depend on
 * which worker runs it or in which order (issue 3 item 5).
 */
import { float53, seedWords, xoshiro128 } from '../numeric/xoshiro.ts';

function mix(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A uniform [0, 1) stream for (seed, member). */
export function memberStream(seed: number, member: number): () => number {
  const [lo, hi] = seedWords(seed);
  const key = mix(lo ^ mix(hi + 0x632be5ab));
  const s0 = mix(key ^ mix((member >>> 0) + 0x9e3779b9));
  const s1 = mix(s0 + key + 0x85ebca6b);
  const s2 = mix(s1 ^ Math.imul(member >>> 0, 0xc2b2ae35));
  const s3 = mix(s2 + 0x27d4eb2f + hi);
  const next = xoshiro128([s0, s1, s2, s3]);
  for (let i = 0; i < 8; i++) next();
  return () => float53(next);
}

export type Distribution =
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'triangular'; low: number; mode: number; high: number }
  | { kind: 'normal'; mean: number; sd: number; low?: number | undefined; high?: number | undefined };

/** One draw of a distribution from a uniform stream (normal: Box–Muller, truncated by rejection). */
export function draw(d: Distribution, u: () => number): number {
  switch (d.kind) {
    case 'uniform':
      return d.low + (d.high - d.low) * u();
    case 'triangular': {
      const { low: a, mode: c, high: b } = d;
      const x = u();
      const f = b > a ? (c - a) / (b - a) : 0.5;
      return x < f ? a + Math.sqrt(x * (b - a) * (c - a)) : b - Math.sqrt((1 - x) * (b - a) * (b - c));
    }
    case 'normal': {
      const lo = d.low ?? -Infinity;
      const hi = d.high ?? Infinity;
      for (let i = 0; i < 100; i++) {
        const z = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
        const v = d.mean + d.sd * z;
        if (v >= lo && v <= hi) return v;
      }
      return Math.min(hi, Math.max(lo, d.mean));
    }
  }
}

/** Quantile (type 7) of sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  return lo + 1 >= n ? a : a + (h - lo) * ((sorted[lo + 1] as number) - a);
}
