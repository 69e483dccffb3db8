/**
 * Morris (1991) elementary effects with the trajectory design, and Campolongo et al.'s (2007) μ*.
 *
 * Design: the unit interval of each factor is cut into p levels {0, 1/(p−1), …, 1} (p even), and the step
 * is Δ = p / (2(p − 1)). A trajectory starts at a random base point whose coordinates are drawn from the
 * levels {0, …, 1 − Δ} (each then sitting at its base level or base + Δ according to a random sign) and
 * moves one factor at a time, in random order, by ±Δ: k + 1 points per trajectory, r(k + 1) rows in
 * all (this is Morris's B* = (J x* + Δ/2 ((2B − J) D* + J)) P* written as a walk). Unit values are mapped
 * to the factors' scales by their inverse CDFs; for a truncated normal with an infinite bound the levels
 * are the bin midpoints (l + 1/2)/p instead, so that no point lands at ±∞.
 *
 * Analysis: for each step the elementary effect of the factor that moved is
 * EE = ±(f(after) − f(before)) / Δ (sign of the move, Δ on the unit scale), and over the r trajectories
 * μ = mean EE, μ* = mean |EE|, σ = standard deviation of EE (divisor r − 1). The confidence of μ* comes
 * from B bootstrap resamples of the trajectories (half-width z × sd, and the percentile interval).
 */

import { InputError } from '../io/problems.ts';
import { counterStream } from '../numeric/xoshiro.ts';
import { fail } from './errors.ts';
import { drawIndices } from './resample.ts';
import {
  bootstrapSummary,
  checkBootstrap,
  type Indices,
  nonFiniteProblems,
  type Sample,
} from './saltelli.ts';
import { checkSpace, inverseCdf, normalQuantile, type ParameterSpace, unbounded } from './space.ts';

export interface MorrisSampleOptions {
  /** Number of trajectories r. */
  trajectories: number;
  /** Number of levels p (even, default 4). */
  levels?: number;
  seed?: number;
}

export interface MorrisAnalyzeOptions {
  /** The levels p the sample was drawn with (default 4). */
  levels?: number;
  /** Bootstrap resamples of the trajectories (default 1000; 0 for none). */
  bootstrap?: number;
  seed?: number;
  confidence?: number;
  /** Where y came from (file name), for error messages. */
  source?: string;
}

export interface MorrisResult {
  method: 'morris';
  names: string[];
  trajectories: number;
  levels: number;
  /** Step on the unit scale, p / (2(p − 1)). */
  delta: number;
  mu: Indices;
  muStar: Indices;
  sigma: Indices;
  muStarConf: Indices;
  muStarInterval: Record<string, [number, number]>;
  bootstrap: number;
  confidence: number;
  /** Elementary effects, trajectories × k, row-major. */
  ee: Float64Array;
}

export const MAX_TRAJECTORIES = 1_000_000;

function checkLevels(p: number): void {
  if (!Number.isInteger(p) || p < 2 || p % 2 !== 0 || p > 1000)
    fail('badLevels', { value: String(p) }, { file: 'levels', path: '' });
}

export function morrisDelta(levels: number): number {
  return levels / (2 * (levels - 1));
}

/** Morris trajectories: r(k + 1) rows × k factors on the factors' scales. */
export function morrisSample(space: ParameterSpace, opts: MorrisSampleOptions): Sample {
  const k = checkSpace(space);
  const r = opts.trajectories;
  const p = opts.levels ?? 4;
  checkLevels(p);
  if (!Number.isInteger(r) || r < 2 || r > MAX_TRAJECTORIES || r * (k + 1) * k > 2 ** 31 - 1)
    fail('badTrajectories', { value: String(r), max: MAX_TRAJECTORIES }, { file: 'trajectories', path: '' });
  const seed = opts.seed ?? 0;
  const half = p / 2;
  const rows = r * (k + 1);
  const x = new Float64Array(rows * k);
  const level = new Float64Array(k); // current level index per factor (0 … p − 1)
  const order = new Int32Array(k);
  const up = new Uint8Array(k);
  for (let t = 0; t < r; t++) {
    const s = counterStream(seed, t);
    for (let i = 0; i < k; i++) {
      const base = s.int(half);
      up[i] = s.int(2);
      level[i] = up[i] ? base : base + half;
      order[i] = i;
    }
    for (let i = k - 1; i > 0; i--) {
      const j = s.int(i + 1);
      const tmp = order[i] as number;
      order[i] = order[j] as number;
      order[j] = tmp;
    }
    const r0 = t * (k + 1);
    x.set(level, r0 * k);
    for (let step = 0; step < k; step++) {
      const i = order[step] as number;
      level[i] = (level[i] as number) + (up[i] ? half : -half);
      x.set(level, (r0 + step + 1) * k);
    }
  }
  // Level indices to unit values to the factors' scales.
  for (let i = 0; i < k; i++) {
    const f = inverseCdf(space, i);
    const mid = unbounded(space, i);
    for (let row = 0; row < rows; row++) {
      const l = x[row * k + i] as number;
      x[row * k + i] = f(mid ? (l + 0.5) / p : l / (p - 1));
    }
  }
  return { x, rows, k };
}

/** Elementary effects and their statistics from a Morris sample x and its outputs y. */
export function morrisAnalyze(
  space: ParameterSpace,
  x: Float64Array,
  y: Float64Array,
  opts: MorrisAnalyzeOptions = {},
): MorrisResult {
  const k = checkSpace(space);
  const p = opts.levels ?? 4;
  checkLevels(p);
  const B = opts.bootstrap ?? 1000;
  const level = opts.confidence ?? 0.95;
  checkBootstrap(B, level);
  const source = opts.source ?? 'y';
  const rows = x.length / k;
  if (!Number.isInteger(rows) || rows === 0 || rows % (k + 1) !== 0)
    fail('morrisRows', { rows: String(rows), k, step: k + 1 }, { file: 'x', path: '' });
  if (!(y instanceof Float64Array) || y.length !== rows)
    fail('morrisYLength', { got: y?.length ?? 0, expected: rows }, { file: source, path: '' });
  const bad = nonFiniteProblems(y, source);
  if (bad.length) throw new InputError(bad);
  const r = rows / (k + 1);
  const delta = morrisDelta(p);
  const ee = new Float64Array(r * k);
  const seen = new Uint8Array(k);
  // Expected step on the factor's scale, for the factors where it is the same everywhere (uniform).
  const expectedStep = space.names.map((_, i) => {
    const d = space.dist?.[i];
    const uniform = d === undefined || d === 'uniform' || (typeof d === 'object' && d.kind === 'uniform');
    return uniform ? delta * ((space.upper[i] as number) - (space.lower[i] as number)) : Number.NaN;
  });
  for (let t = 0; t < r; t++) {
    seen.fill(0);
    const r0 = t * (k + 1);
    for (let s = 1; s <= k; s++) {
      const before = (r0 + s - 1) * k;
      const after = (r0 + s) * k;
      let moved = -1;
      for (let i = 0; i < k; i++)
        if (x[before + i] !== x[after + i]) {
          if (moved >= 0)
            fail(
              'morrisNotTrajectory',
              { row: r0 + s + 1, trajectory: t + 1 },
              { file: 'x', path: `row ${r0 + s + 1}` },
            );
          moved = i;
        }
      if (moved < 0 || seen[moved])
        fail(
          'morrisNotTrajectory',
          { row: r0 + s + 1, trajectory: t + 1 },
          { file: 'x', path: `row ${r0 + s + 1}` },
        );
      seen[moved] = 1;
      const dx = (x[after + moved] as number) - (x[before + moved] as number);
      const want = expectedStep[moved] as number;
      if (Number.isFinite(want) && Math.abs(Math.abs(dx) - want) > 1e-9 * Math.max(1, want))
        fail(
          'morrisLevels',
          {
            row: r0 + s + 1,
            name: space.names[moved] as string,
            step: Math.abs(dx),
            expected: want,
            levels: p,
          },
          { file: 'x', path: `row ${r0 + s + 1}` },
        );
      ee[t * k + moved] = (Math.sign(dx) * ((y[r0 + s] as number) - (y[r0 + s - 1] as number))) / delta;
    }
  }
  const mu = new Float64Array(k);
  const muStar = new Float64Array(k);
  const sigma = new Float64Array(k);
  for (let t = 0; t < r; t++)
    for (let i = 0; i < k; i++) {
      const e = ee[t * k + i] as number;
      mu[i] = (mu[i] as number) + e;
      muStar[i] = (muStar[i] as number) + Math.abs(e);
    }
  for (let i = 0; i < k; i++) {
    mu[i] = (mu[i] as number) / r;
    muStar[i] = (muStar[i] as number) / r;
  }
  for (let t = 0; t < r; t++)
    for (let i = 0; i < k; i++)
      sigma[i] = (sigma[i] as number) + ((ee[t * k + i] as number) - (mu[i] as number)) ** 2;
  for (let i = 0; i < k; i++) sigma[i] = r > 1 ? Math.sqrt((sigma[i] as number) / (r - 1)) : Number.NaN;

  const boot = new Float64Array(B * k);
  const seed = opts.seed ?? 0;
  const picks = new Int32Array(r);
  for (let b = 0; b < B; b++) {
    drawIndices(seed, b, r, picks);
    const o = b * k;
    for (let t = 0; t < r; t++) {
      const tt = picks[t] as number;
      for (let i = 0; i < k; i++) boot[o + i] = (boot[o + i] as number) + Math.abs(ee[tt * k + i] as number);
    }
    for (let i = 0; i < k; i++) boot[o + i] = (boot[o + i] as number) / r;
  }
  const z = normalQuantile(0.5 + level / 2);
  const scratch = new Float64Array(Math.max(1, B));
  const out: MorrisResult = {
    method: 'morris',
    names: [...space.names],
    trajectories: r,
    levels: p,
    delta,
    mu: {},
    muStar: {},
    sigma: {},
    muStarConf: {},
    muStarInterval: {},
    bootstrap: B,
    confidence: level,
    ee,
  };
  for (let i = 0; i < k; i++) {
    const name = space.names[i] as string;
    out.mu[name] = mu[i] as number;
    out.muStar[name] = muStar[i] as number;
    out.sigma[name] = sigma[i] as number;
    const sm =
      B > 0
        ? bootstrapSummary(boot, B, k, i, z, level, scratch)
        : { conf: Number.NaN, interval: [Number.NaN, Number.NaN] as [number, number] };
    out.muStarConf[name] = sm.conf;
    out.muStarInterval[name] = sm.interval;
  }
  return out;
}
