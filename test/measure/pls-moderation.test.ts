import { describe, expect, it } from 'vitest';
import { bootstrapPls } from '../../src/measure/pls/bootstrap.ts';
import {
  createLeanPlsEstimator,
  createPlsEstimator,
  estimatePls,
  type PlsData,
} from '../../src/measure/pls/estimate.ts';
import { assertPlsModel, type PlsModel } from '../../src/measure/pls/model.ts';

/** mulberry32: a small seeded generator (test data only). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const normal = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/**
 * X, M independent N(0,1); η = 0.4·X + 0.3·M + γ·X·M + ζ with Var(ζ) = 1 − 0.16 − 0.09 − γ², so that
 * Var(η) = 1 and γ is the standardised interaction effect (Var(X·M) = 1). Four items per construct with
 * loadings 0.95 (composite reliability ≈ 0.97, so attenuation is a few per cent).
 */
function moderated(n: number, gamma: number, seed: number): PlsData {
  const r = rng(seed);
  const lambda = 0.95;
  const e = Math.sqrt(1 - lambda * lambda);
  const columns = ['x1', 'x2', 'x3', 'x4', 'm1', 'm2', 'm3', 'm4', 'y1', 'y2', 'y3', 'y4'];
  const values = new Float64Array(n * columns.length);
  const zeta = Math.sqrt(1 - 0.16 - 0.09 - gamma * gamma);
  for (let i = 0; i < n; i++) {
    const x = normal(r);
    const m = normal(r);
    const y = 0.4 * x + 0.3 * m + gamma * x * m + zeta * normal(r);
    [x, m, y].forEach((f, c) => {
      for (let k = 0; k < 4; k++) values[i * 12 + c * 4 + k] = lambda * f + e * normal(r);
    });
  }
  return { columns, values };
}

const MODEL = assertPlsModel({
  constructs: {
    X: { mode: 'A', items: ['x1', 'x2', 'x3', 'x4'] },
    M: { mode: 'A', items: ['m1', 'm2', 'm3', 'm4'] },
    Y: { mode: 'A', items: ['y1', 'y2', 'y3', 'y4'] },
    XxM: { interaction: ['X', 'M'], method: 'two-stage' },
  },
  paths: [
    { from: 'X', to: 'Y' },
    { from: 'M', to: 'Y' },
    { from: 'XxM', to: 'Y' },
  ],
});

const path = (r: { paths: { from: string; to: string; estimate: number }[] }, from: string) =>
  r.paths.find((p) => p.from === from && p.to === 'Y')?.estimate as number;

describe('two-stage interaction terms', () => {
  const n = 2000;
  // SE of a standardised OLS coefficient ≈ √((1 − R²)/n) ≈ √(0.7/2000) ≈ 0.019; the allowance below is
  // 2.5 SE plus ≈ 0.01 for the attenuation by the composites' measurement error (reliability ≈ 0.97).
  const tol = 0.06;

  it('recovers a known interaction effect (γ = 0.25) and the main effects', () => {
    const r = estimatePls(moderated(n, 0.25, 11), MODEL);
    expect(path(r, 'XxM')).toBeGreaterThan(0.25 - tol);
    expect(path(r, 'XxM')).toBeLessThan(0.25 + tol);
    expect(Math.abs(path(r, 'X') - 0.4)).toBeLessThan(tol);
    expect(Math.abs(path(r, 'M') - 0.3)).toBeLessThan(tol);
    expect(r.outerLoadings.XxM).toEqual({ XxM_intxn: 1 });
    expect(r.stage1).toMatchObject({ converged: true, constructs: ['X', 'M', 'Y'] });
  });

  it('gives an interaction path of about 0 when the data have none', () => {
    for (const seed of [1, 2, 3]) {
      const r = estimatePls(moderated(n, 0, seed), MODEL);
      expect(Math.abs(path(r, 'XxM'))).toBeLessThan(3 * 0.019);
    }
  });

  it('is seminr’s two-stage approach: stage 2 = the model with the product of the stage-1 scores as a single item', () => {
    const data = moderated(300, 0.2, 5);
    const stage1: PlsModel = {
      constructs: MODEL.constructs.filter((c) => c.kind === 'composite'),
      paths: MODEL.paths.filter((p) => p.from !== 'XxM'),
    };
    const s1 = estimatePls(data, stage1, { scores: true });
    const x = s1.scores?.X as Float64Array;
    const m = s1.scores?.M as Float64Array;
    const p = data.columns.length;
    const columns = [...data.columns, 'product'];
    const values = new Float64Array(300 * columns.length);
    for (let i = 0; i < 300; i++) {
      for (let k = 0; k < p; k++) values[i * columns.length + k] = data.values[i * p + k] as number;
      values[i * columns.length + p] = (x[i] as number) * (m[i] as number);
    }
    const manual = estimatePls(
      { columns, values },
      {
        constructs: [
          ...stage1.constructs,
          { kind: 'composite', name: 'XxM', mode: 'A', items: ['product'], reflective: false },
        ],
        paths: MODEL.paths,
      },
    );
    const r = estimatePls(data, MODEL);
    r.paths.forEach((q, i) => {
      expect(q.estimate).toBeCloseTo(manual.paths[i]?.estimate as number, 12);
    });
    expect(r.rSquared.Y).toBeCloseTo(manual.rSquared.Y as number, 12);
    expect(r.fSquared.XxM?.Y).toBeCloseTo(manual.fSquared.XxM?.Y as number, 12);
  });

  it('reports simple slopes consistent with the path estimates, in JSON-ready form', () => {
    const r = estimatePls(moderated(500, 0.25, 7), MODEL);
    expect(r.moderation).toHaveLength(1);
    const e = r.moderation[0];
    expect(e).toMatchObject({ interaction: 'XxM', x: 'X', moderator: 'M', target: 'Y' });
    expect(e?.betaX).toBe(path(r, 'X'));
    expect(e?.betaM).toBe(path(r, 'M'));
    expect(e?.betaXM).toBe(path(r, 'XxM'));
    expect(e?.slopes.map((s) => s.m)).toEqual([-1, 0, 1]);
    for (const s of e?.slopes ?? []) expect(s.slope).toBeCloseTo(path(r, 'X') + path(r, 'XxM') * s.m, 14);
    // Each plotted line has the slope of its moderator level.
    for (const s of e?.slopes ?? []) {
      const line = (e?.points ?? []).filter((q) => q.m === s.m);
      expect(line).toHaveLength(5);
      const a = line[0] as { x: number; y: number };
      const b = line.at(-1) as { x: number; y: number };
      expect((b.y - a.y) / (b.x - a.x)).toBeCloseTo(s.slope, 12);
    }
    expect(JSON.parse(JSON.stringify(r.moderation))).toEqual(r.moderation);
  });

  it('recomputes the interaction per bootstrap resample (full and lean estimators agree)', async () => {
    const data = moderated(200, 0.25, 9);
    const rows = Int32Array.from({ length: 200 }, (_, i) => (i * 37 + 11) % 200);
    const full = createPlsEstimator(data, MODEL, { fSquared: false }).estimate(rows);
    // The same resample materialised as data: the stage-1 scores (and so the product) are the resample's own.
    const p = data.columns.length;
    const copy = new Float64Array(200 * p);
    rows.forEach((row, i) => {
      for (let k = 0; k < p; k++) copy[i * p + k] = data.values[row * p + k] as number;
    });
    const direct = estimatePls({ columns: data.columns, values: copy }, MODEL, { fSquared: false });
    full.paths.forEach((q, i) => {
      expect(q.estimate).toBeCloseTo(direct.paths[i]?.estimate as number, 12);
    });

    const lean = createLeanPlsEstimator(data, MODEL);
    const out = new Float64Array(lean.size);
    expect(lean.estimate(rows, out, 0)).toBe(true);
    lean.layout.paths.forEach(([f, t], i) => {
      expect(out[i]).toBeCloseTo(full.paths.find((q) => q.from === f && q.to === t)?.estimate as number, 12);
    });

    const boot = await bootstrapPls(data, MODEL, {
      resamples: 40,
      seed: 3,
      indices: [rows, rows],
      jackknifeGroups: 10,
    });
    const row = boot.paths.find((q) => q.from === 'XxM');
    expect(row?.mean).toBeCloseTo(direct.paths.find((q) => q.from === 'XxM')?.estimate as number, 12);
    const b2 = await bootstrapPls(data, MODEL, { resamples: 40, seed: 3, jackknifeGroups: 10 });
    const x = b2.paths.find((q) => q.from === 'XxM');
    expect(b2.failed).toBe(0);
    expect(x?.sd).toBeGreaterThan(0.02);
    expect(x?.sd).toBeLessThan(0.2);
    expect(x?.percentile[0]).toBeGreaterThan(0);
  });

  it('needs the main effects of both parts (the first stage estimates the model without the interaction)', () => {
    expect(() =>
      assertPlsModel({
        constructs: {
          X: { mode: 'A', items: ['x1'] },
          M: { mode: 'A', items: ['m1'] },
          Y: { mode: 'A', items: ['y1'] },
          XxM: { interaction: ['X', 'M'] },
        },
        paths: [
          { from: 'X', to: 'Y' },
          { from: 'XxM', to: 'Y' },
          { from: 'Y', to: 'M' },
          { from: 'M', to: 'X' },
        ],
      }),
    ).toThrow(/cycle/);
    const err = (() => {
      try {
        assertPlsModel({
          constructs: {
            X: { mode: 'A', items: ['x1'] },
            M: { mode: 'A', items: ['m1'] },
            Y: { mode: 'A', items: ['y1'] },
            XxM: { interaction: ['X', 'M'] },
          },
          paths: [
            { from: 'X', to: 'Y' },
            { from: 'XxM', to: 'Y' },
            { from: 'M', to: 'XxM' },
          ],
        });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/interaction term "XxM" can only be the source/);
  });
});
