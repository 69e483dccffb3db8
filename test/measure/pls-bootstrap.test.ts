import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type BootstrapResult,
  bcaInterval,
  bootstrapPls,
  createTaskRunner,
  normalCdf,
  normalQuantile,
  quantile7,
  studentTwoSided,
} from '../../src/measure/pls/bootstrap.ts';
import type { PlsModel } from '../../src/measure/pls/model.ts';
import { counterStream, resampleRows } from '../../src/measure/pls/random.ts';
import { FIXTURES, modelOf, type ReferenceVariant, readNumericCsv } from './pls-helpers.ts';

const data = readNumericCsv('mobi.csv');
const modelA = modelOf(
  (JSON.parse(readFileSync(join(FIXTURES, 'ecsi_modeA.json'), 'utf8')) as Record<string, ReferenceVariant>)
    .path_weighting as ReferenceVariant,
);

interface SeminrRow {
  from: string;
  to: string;
  original: number;
  boot_mean: number;
  boot_sd: number;
}
const boot = JSON.parse(readFileSync(join(FIXTURES, 'ecsi_bootstrap.json'), 'utf8')) as {
  boot_5000: {
    paths: SeminrRow[];
    loadings: SeminrRow[];
    weights: SeminrRow[];
    htmt: SeminrRow[];
    total_paths: SeminrRow[];
  };
  first_resamples_of_boot_1000: { i: number; rows_1based: number[]; paths: number[] }[];
};

describe('counter-based resample streams', () => {
  it('depend only on (seed, r) and are uniform over rows', () => {
    const a = resampleRows(42, 7, 250, new Int32Array(250));
    resampleRows(42, 8, 250, new Int32Array(250));
    expect(resampleRows(42, 7, 250, new Int32Array(250))).toEqual(a);
    expect(resampleRows(43, 7, 250, new Int32Array(250))).not.toEqual(a);
    const counts = new Float64Array(10);
    const s = counterStream(1, 0);
    for (let i = 0; i < 100000; i++) {
      const k = s.int(10);
      counts[k] = (counts[k] as number) + 1;
    }
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
  });
});

describe('re-estimation on seminr resamples', () => {
  it('matches the first 20 resamples of boot_1000 to 1e-6', () => {
    const resamples = boot.first_resamples_of_boot_1000;
    expect(resamples.length).toBe(20);
    const indices = resamples.map((r) => Int32Array.from(r.rows_1based, (x) => x - 1));
    const run = createTaskRunner({
      data,
      model: modelA,
      options: { scheme: 'path' },
      seed: 0,
      resamples: 20,
      groups: 2,
      layout: { paths: 12, items: [], htmt: [] },
      indices,
    });
    const out = run(0, 20);
    let worst = 0;
    resamples.forEach((r, i) => {
      expect(out.status[i]).toBe(0);
      r.paths.forEach((x, j) => {
        worst = Math.max(worst, Math.abs((out.values[i * 12 + j] as number) - x));
      });
    });
    expect(worst).toBeLessThan(1e-6);
  });

  it('summarises replayed resamples like a direct computation', async () => {
    const resamples = boot.first_resamples_of_boot_1000;
    const res = await bootstrapPls(data, modelA, {
      indices: resamples.map((r) => r.rows_1based.map((x) => x - 1)),
      jackknifeGroups: 25,
    });
    expect(res.resamples).toBe(20);
    res.paths.forEach((p, j) => {
      const xs = resamples.map((r) => r.paths[j] as number);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
      expect(p.mean).toBeCloseTo(mean, 9);
      expect(p.sd).toBeCloseTo(sd, 9);
      const sorted = Float64Array.from(xs).sort();
      expect(p.percentile[0]).toBeCloseTo(quantile7(sorted, 0.025), 9);
    });
  });
});

describe('5,000-resample bootstrap of ECSI (seed 42, 2 workers)', () => {
  let res: BootstrapResult;
  it('runs, with every resample used and reported', { timeout: 120000 }, async () => {
    let last = 0;
    res = await bootstrapPls(data, modelA, {
      resamples: 5000,
      seed: 42,
      workers: 2,
      onProgress: (p) => {
        last = p.done / p.total;
      },
    });
    expect(last).toBe(1);
    expect(res.used + res.failed).toBe(5000);
    expect(res.nonConverged).toBe(0);
    expect(res.failed).toBe(0);
    expect(res.jackknife).toEqual({ groups: 250, failed: 0 });
  });

  it('has bootstrap SDs within 5 % of seminr for every path, loading and weight', () => {
    const rel = (a: number, b: number) => Math.abs(a - b) / b;
    const worst: Record<string, number> = {};
    const check = (kind: string, ours: { sd: number; original: number } | undefined, ref: SeminrRow) => {
      expect(ours, `${kind} ${ref.from}->${ref.to}`).toBeDefined();
      const o = ours as { sd: number; original: number };
      expect(Math.abs(o.original - ref.original)).toBeLessThan(1e-6);
      // A single item's loading and weight are 1 in every resample (seminr's SD is rounding noise).
      if (ref.boot_sd < 1e-10) {
        expect(o.sd).toBeLessThan(1e-10);
        return;
      }
      const d = rel(o.sd, ref.boot_sd);
      worst[kind] = Math.max(worst[kind] ?? 0, d);
      expect(d, `${kind} ${ref.from}->${ref.to}: sd ${o.sd} vs ${ref.boot_sd}`).toBeLessThan(0.05);
    };
    for (const r of boot.boot_5000.paths)
      check(
        'paths',
        res.paths.find((p) => p.from === r.from && p.to === r.to),
        r,
      );
    for (const r of boot.boot_5000.loadings)
      check(
        'loadings',
        res.outerLoadings.find((p) => p.item === r.from && p.construct === r.to),
        r,
      );
    for (const r of boot.boot_5000.weights)
      check(
        'weights',
        res.outerWeights.find((p) => p.item === r.from && p.construct === r.to),
        r,
      );
    for (const r of boot.boot_5000.total_paths)
      check(
        'total',
        res.totalEffects.find((p) => p.from === r.from && p.to === r.to),
        r,
      );
    if (process.env.PLS_REPORT) console.log('largest relative SD deviation from seminr', worst);
  });

  it('reports t, p, percentile and BCa intervals and specific indirect effects', () => {
    const p = res.paths[0] as BootstrapResult['paths'][number];
    expect(p.t).toBeCloseTo(p.original / p.sd, 12);
    expect(p.p).toBeLessThan(1e-10);
    expect(p.percentile[0]).toBeLessThan(p.original);
    expect(p.bca[1]).toBeGreaterThan(p.original);
    // Image → Expectation → Satisfaction = product of the two paths.
    const ind = res.indirectEffects.find(
      (e) => e.from === 'Image' && e.to === 'Satisfaction' && e.through.join() === 'Expectation',
    );
    const a = res.paths.find((x) => x.from === 'Image' && x.to === 'Expectation')?.original as number;
    const b = res.paths.find((x) => x.from === 'Expectation' && x.to === 'Satisfaction')?.original as number;
    expect(ind?.original).toBeCloseTo(a * b, 14);
    // The indirect effects of a pair sum to total − direct.
    const tot = res.totalEffects.find((e) => e.from === 'Image' && e.to === 'Loyalty')?.original as number;
    const direct = res.paths.find((x) => x.from === 'Image' && x.to === 'Loyalty')?.original as number;
    const sumInd = res.indirectEffects
      .filter((e) => e.from === 'Image' && e.to === 'Loyalty')
      .reduce((s, e) => s + e.original, 0);
    expect(sumInd).toBeCloseTo(tot - direct, 12);
    expect(res.htmt.length).toBe(21);
  });
});

describe('determinism and sign changes', () => {
  it('gives identical output for 1 and 2 workers', { timeout: 60000 }, async () => {
    const opts = { resamples: 300, seed: 7, jackknifeGroups: 50 };
    const one = await bootstrapPls(data, modelA, { ...opts, workers: 1 });
    const two = await bootstrapPls(data, modelA, { ...opts, workers: 2 });
    const strip = (r: BootstrapResult) => ({ ...r, workers: 0, original: null });
    expect(strip(two)).toEqual(strip(one));
  });

  it('construct sign change leaves a well-identified model unchanged; individual flips only signs', async () => {
    const opts = { resamples: 100, seed: 3, jackknifeGroups: 20 };
    const none = await bootstrapPls(data, modelA, opts);
    const cons = await bootstrapPls(data, modelA, { ...opts, signChange: 'construct' });
    expect(cons.paths.map((p) => p.sd)).toEqual(none.paths.map((p) => p.sd));
    const ind = await bootstrapPls(data, modelA, { ...opts, signChange: 'individual' });
    ind.paths.forEach((p, i) => {
      expect(p.mean).toBeGreaterThanOrEqual((none.paths[i] as { mean: number }).mean - 1e-15);
    });
  });
});

describe('interval arithmetic', () => {
  it('normal CDF, quantile and Student t', () => {
    expect(normalCdf(-1)).toBeCloseTo(0.158655253931457, 14);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 8);
    expect(studentTwoSided(2, 1)).toBeCloseTo(1 - (2 * Math.atan(2)) / Math.PI, 12); // Cauchy
    expect(studentTwoSided(1.5, 2)).toBeCloseTo(1 - 1.5 / Math.sqrt(2 + 1.5 * 1.5), 12);
    expect(studentTwoSided(1.959963984540054, 1e7)).toBeCloseTo(0.05, 6);
  });

  it('BCa equals the percentile interval when bias and acceleration are zero', () => {
    // 1,001 symmetric values around 0 with the original at the centre: half below → z0 = 0.
    const xs = Float64Array.from({ length: 1000 }, (_, i) => normalQuantile((i + 0.5) / 1000)).sort();
    const [lo, hi] = bcaInterval(xs, 1e-12, 0, 0.95);
    expect(lo).toBeCloseTo(quantile7(xs, 0.025), 12);
    expect(hi).toBeCloseTo(quantile7(xs, 0.975), 12);
  });

  it('BCa follows the known bias correction and is invariant under monotone transformations', () => {
    const xs = Float64Array.from({ length: 2000 }, (_, i) => normalQuantile((i + 0.5) / 2000)).sort();
    // Original at the 69.15 % point: z0 = 0.5, so with a = 0 the levels are Φ(2·0.5 ∓ 1.96).
    const orig = normalQuantile(0.6915);
    const below = xs.filter((x) => x < orig).length;
    const z0 = normalQuantile(below / 2000);
    const [lo, hi] = bcaInterval(xs, orig, 0, 0.95);
    expect(lo).toBeCloseTo(quantile7(xs, normalCdf(2 * z0 - 1.959963984540054)), 10);
    expect(hi).toBeCloseTo(quantile7(xs, normalCdf(2 * z0 + 1.959963984540054)), 10);
    // exp is monotone: BCa(exp x) ≈ exp(BCa(x)) (up to interpolation between order statistics).
    const [elo, ehi] = bcaInterval(xs.map(Math.exp), Math.exp(orig), 0.1, 0.95);
    const [llo, lhi] = bcaInterval(xs, orig, 0.1, 0.95);
    expect(Math.abs(Math.log(elo) - llo)).toBeLessThan(0.01);
    expect(Math.abs(Math.log(ehi) - lhi)).toBeLessThan(0.01);
  });

  it('recovers the known sampling distribution of a correlation (two single-item constructs)', async () => {
    // x, y bivariate normal with ρ = 0.5, n = 400: the path X → Y is the sample correlation r, whose SD
    // is ≈ (1 − r²)/√n and whose 95 % interval is ≈ tanh(atanh r ± 1.96/√(n − 3)).
    const n = 400;
    const s = counterStream(2024, 0);
    const values = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const u = Math.sqrt(-2 * Math.log(1 - s.float()));
      const th = 2 * Math.PI * s.float();
      const a = u * Math.cos(th);
      const b = u * Math.sin(th);
      values[2 * i] = a;
      values[2 * i + 1] = 0.5 * a + Math.sqrt(0.75) * b;
    }
    const model: PlsModel = {
      constructs: [
        { kind: 'composite', name: 'X', mode: 'A', items: ['x'], reflective: false },
        { kind: 'composite', name: 'Y', mode: 'A', items: ['y'], reflective: false },
      ],
      paths: [{ from: 'X', to: 'Y' }],
    };
    const res = await bootstrapPls({ columns: ['x', 'y'], values }, model, { resamples: 2000, seed: 1 });
    const p = res.paths[0] as BootstrapResult['paths'][number];
    const r = p.original;
    expect(p.sd).toBeGreaterThan(0.9 * ((1 - r * r) / Math.sqrt(n)));
    expect(p.sd).toBeLessThan(1.1 * ((1 - r * r) / Math.sqrt(n)));
    const fz = [
      Math.tanh(Math.atanh(r) - 1.96 / Math.sqrt(n - 3)),
      Math.tanh(Math.atanh(r) + 1.96 / Math.sqrt(n - 3)),
    ];
    for (const ci of [p.percentile, p.bca]) {
      expect(Math.abs((ci[0] as number) - (fz[0] as number))).toBeLessThan(0.015);
      expect(Math.abs((ci[1] as number) - (fz[1] as number))).toBeLessThan(0.015);
    }
    // r's distribution is skewed towards 0: the BCa interval sits lower than the percentile one... or
    // equal within noise; both contain r.
    expect(p.bca[0]).toBeLessThan(r);
    expect(p.bca[1]).toBeGreaterThan(r);
  });
});
