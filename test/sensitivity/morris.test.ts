import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/io/problems.ts';
import {
  ishigami,
  morrisAnalyze,
  morrisDelta,
  morrisSample,
  type ParameterSpace,
  sobolG,
} from '../../src/sensitivity/index.ts';
import { ranking } from '../../src/sensitivity/report.ts';

describe('Morris trajectories', () => {
  const space: ParameterSpace = { names: ['a', 'b', 'c', 'd'], lower: [0, -2, 10, 0], upper: [1, 2, 20, 4] };
  it('r(k + 1) rows; each step moves one new factor by Δ on the p-level grid', () => {
    const p = 6;
    const s = morrisSample(space, { trajectories: 25, levels: p, seed: 3 });
    const k = 4;
    expect(s.rows).toBe(25 * 5);
    const delta = morrisDelta(p);
    expect(delta).toBeCloseTo(0.6, 14);
    for (let t = 0; t < 25; t++) {
      const moved = new Set<number>();
      for (let step = 1; step <= k; step++) {
        const a = (t * 5 + step - 1) * k;
        const b = a + k;
        const diff = [0, 1, 2, 3].filter((i) => s.x[a + i] !== s.x[b + i]);
        expect(diff.length).toBe(1);
        const i = diff[0] as number;
        moved.add(i);
        const w = (space.upper[i] as number) - (space.lower[i] as number);
        expect(Math.abs((s.x[b + i] as number) - (s.x[a + i] as number))).toBeCloseTo(delta * w, 12);
      }
      expect(moved.size).toBe(k);
    }
    for (let r = 0; r < s.rows; r++)
      for (let i = 0; i < k; i++) {
        const u =
          ((s.x[r * k + i] as number) - (space.lower[i] as number)) /
          ((space.upper[i] as number) - (space.lower[i] as number));
        const level = u * (p - 1);
        expect(Math.abs(level - Math.round(level))).toBeLessThan(1e-9);
      }
  });

  it('seeds reproduce identical output', () => {
    const a = morrisSample(ishigami.space, { trajectories: 50, seed: 8 });
    const b = morrisSample(ishigami.space, { trajectories: 50, seed: 8 });
    const c = morrisSample(ishigami.space, { trajectories: 50, seed: 9 });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
    const y = ishigami.evaluate(a.x);
    expect(morrisAnalyze(ishigami.space, a.x, y, { seed: 2 })).toEqual(
      morrisAnalyze(ishigami.space, a.x, y, { seed: 2 }),
    );
    // Earlier trajectories do not depend on how many are drawn.
    const more = morrisSample(ishigami.space, { trajectories: 60, seed: 8 });
    expect(Array.from(more.x.subarray(0, a.x.length))).toEqual(Array.from(a.x));
  });
});

describe('Morris screening', () => {
  it("ranks Ishigami's x1 and x2 above x3 by μ*", () => {
    const s = morrisSample(ishigami.space, { trajectories: 1000, levels: 4, seed: 1 });
    const r = morrisAnalyze(ishigami.space, s.x, ishigami.evaluate(s.x), {
      levels: 4,
      bootstrap: 200,
      seed: 1,
    });
    expect(r.muStar.x1).toBeGreaterThan(r.muStar.x3 as number);
    expect(r.muStar.x2).toBeGreaterThan(r.muStar.x3 as number);
    // x2 enters as 7 sin²(x2): on the 4-level grid every step changes sin² by ±3/4, |EE| = 7·(3/4)/(2/3),
    // up or down by the step, so μ ≈ 0 while μ* = 7.875 exactly.
    expect(r.muStar.x2).toBeCloseTo(7.875, 10);
    expect(Math.abs(r.mu.x2 as number)).toBeLessThan(1);
    expect(r.sigma.x3).toBeGreaterThan(r.sigma.x1 as number);
    expect(r.muStarConf.x3).toBeGreaterThan(0);
  });

  it("ranks the G-function's important factors (small a) above the unimportant ones", () => {
    const s = morrisSample(sobolG.space, { trajectories: 50, seed: 4 });
    const r = morrisAnalyze(sobolG.space, s.x, sobolG.evaluate(s.x), { seed: 4 });
    expect(ranking(r.muStar).slice(0, 4).sort()).toEqual(['x1', 'x2', 'x3', 'x4']);
    expect(ranking(r.muStar).slice(0, 3)).toEqual(['x1', 'x2', 'x3']);
    for (const i of ['x5', 'x6', 'x7', 'x8']) expect(r.muStar[i]).toBeLessThan((r.muStar.x4 as number) / 3);
  });

  it('bootstrap CI of μ* covers the long-run μ*', () => {
    const big = morrisSample(sobolG.space, { trajectories: 4000, seed: 100 });
    const truth = morrisAnalyze(sobolG.space, big.x, sobolG.evaluate(big.x), { bootstrap: 0 }).muStar;
    let covered = 0;
    let total = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const s = morrisSample(sobolG.space, { trajectories: 40, seed });
      const r = morrisAnalyze(sobolG.space, s.x, sobolG.evaluate(s.x), { bootstrap: 500, seed });
      for (const n of sobolG.space.names) {
        total++;
        if (Math.abs((r.muStar[n] as number) - (truth[n] as number)) <= (r.muStarConf[n] as number))
          covered++;
      }
    }
    expect(covered / total).toBeGreaterThanOrEqual(0.85);
  });
});

describe('Morris bad input', () => {
  const err = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).problems[0]?.message.en ?? '';
    }
    throw new Error('no error thrown');
  };
  const s = morrisSample(ishigami.space, { trajectories: 4, seed: 1 });
  const y = ishigami.evaluate(s.x);
  it('odd levels, too few trajectories, wrong lengths, NaN, shuffled rows, wrong levels', () => {
    expect(err(() => morrisSample(ishigami.space, { trajectories: 4, levels: 5 }))).toMatch(/even/);
    expect(err(() => morrisSample(ishigami.space, { trajectories: 1 }))).toMatch(/trajectories/);
    expect(err(() => morrisAnalyze(ishigami.space, s.x, y.subarray(1)))).toMatch(/15 outputs.*16 rows/);
    expect(err(() => morrisAnalyze(ishigami.space, s.x.subarray(3), y.subarray(1)))).toMatch(
      /multiple of k \+ 1/,
    );
    const bad = y.slice();
    bad[3] = Number.NaN;
    expect(err(() => morrisAnalyze(ishigami.space, s.x, bad))).toMatch(/row 4 is not a finite/);
    const swapped = s.x.slice();
    swapped.set(s.x.subarray(3, 6), 6);
    swapped.set(s.x.subarray(6, 9), 3);
    expect(err(() => morrisAnalyze(ishigami.space, swapped, y))).toMatch(/not a Morris trajectory/);
    expect(err(() => morrisAnalyze(ishigami.space, s.x, y, { levels: 6 }))).toMatch(
      /with 6 levels moves it by/,
    );
  });
});
