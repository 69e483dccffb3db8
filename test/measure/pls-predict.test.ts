import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlsModel } from '../../src/cli/pls.ts';
import { predictivePower } from '../../src/cli/pls-mga.ts';
import { estimatePls, type PlsData } from '../../src/measure/pls/estimate.ts';
import { assertPlsModel } from '../../src/measure/pls/model.ts';
import { foldAssignment, type PredictResult, plsPredict } from '../../src/measure/pls/predict.ts';
import { counterStream } from '../../src/measure/pls/random.ts';
import { climb } from '../helpers.ts';
import { FIXTURES, readNumericCsv } from './pls-helpers.ts';

const MODEL = join(FIXTURES, 'ecsi.model.yaml');
const MOBI = join(FIXTURES, 'mobi.csv');
const mobi = readNumericCsv('mobi.csv');
const ecsi = loadPlsModel(MODEL).model;

function normals(seed: number) {
  const s = counterStream(seed, 0);
  return () => Math.sqrt(-2 * Math.log(1 - s.float())) * Math.cos(2 * Math.PI * s.float());
}

/**
 * X → Y → Z (three items each, loading 0.85), standardised paths 0.6 and 0.6; item scales shifted and
 * stretched (mean 4, SD 1.5) as survey items. With `noise`, Y's and Z's items are pure noise.
 */
function linearData(
  n: number,
  seed: number,
  noise = false,
): { data: PlsData; model: ReturnType<typeof assertPlsModel> } {
  const columns = ['x1', 'x2', 'x3', 'y1', 'y2', 'y3', 'z1', 'z2', 'z3'];
  const values = new Float64Array(n * columns.length);
  const rnd = normals(seed);
  const lambda = 0.85;
  const e = Math.sqrt(1 - lambda * lambda);
  for (let i = 0; i < n; i++) {
    const x = rnd();
    const y = 0.6 * x + 0.8 * rnd();
    const z = 0.6 * y + 0.8 * rnd();
    [x, x, x, y, y, y, z, z, z].forEach((eta, k) => {
      const v = noise && k >= 3 ? rnd() : lambda * eta + e * rnd();
      values[i * columns.length + k] = 4 + 1.5 * v;
    });
  }
  const model = assertPlsModel({
    constructs: {
      X: { mode: 'A', items: ['x1', 'x2', 'x3'] },
      Y: { mode: 'A', items: ['y1', 'y2', 'y3'] },
      Z: { mode: 'A', items: ['z1', 'z2', 'z3'] },
    },
    paths: [
      { from: 'X', to: 'Y' },
      { from: 'Y', to: 'Z' },
    ],
  });
  return { data: { columns, values }, model };
}

describe('foldAssignment', () => {
  it('partitions the rows into k near-equal folds, reproducibly per (seed, repetition)', () => {
    for (const [n, k] of [
      [250, 10],
      [101, 7],
      [20, 20],
    ] as const) {
      const f = foldAssignment(n, k, 42, 0);
      expect(f.length).toBe(n);
      const sizes = new Array(k).fill(0);
      for (const x of f) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThan(k);
        sizes[x]++;
      }
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(foldAssignment(250, 10, 42, 3)).toEqual(foldAssignment(250, 10, 42, 3));
    expect(foldAssignment(250, 10, 42, 3)).not.toEqual(foldAssignment(250, 10, 42, 4));
    expect(foldAssignment(250, 10, 43, 3)).not.toEqual(foldAssignment(250, 10, 42, 3));
  });
});

describe('plsPredict', () => {
  it('on a known linear model: PLS close to LM, Q²predict > 0', () => {
    const { data, model } = linearData(400, 3);
    // Each technique against the LM with the same information: EA ↔ exogenous items, DA ↔ all other items.
    for (const [technique, benchmark] of [
      ['EA', 'exogenous'],
      ['DA', 'others'],
    ] as const) {
      const r = plsPredict(data, model, { technique, benchmark, repetitions: 3 });
      expect(r.exogenous).toEqual(['X']);
      expect(r.endogenous).toEqual(['Y', 'Z']);
      expect(r.items.map((i) => i.item)).toEqual(['y1', 'y2', 'y3', 'z1', 'z2', 'z3']);
      for (const it of r.items) {
        expect(it.n).toBe(400);
        expect(it.pls.q2predict, `${technique} ${it.item}`).toBeGreaterThan(0.03);
        // (DA's LM also sees the items of downstream constructs, which PLS's DA prediction does not use.)
        expect(Math.abs(it.difference.rmse) / it.lm.rmse, it.item).toBeLessThan(
          technique === 'EA' ? 0.03 : 0.1,
        );
        expect(it.pls.mae).toBeLessThan(it.pls.rmse);
      }
      expect(r.failedFolds).toBe(0);
    }
    // DA predicts Z from the measured Y scores: better than from X alone (EA).
    const ea = plsPredict(data, model, { technique: 'EA', repetitions: 2 });
    const da = plsPredict(data, model, { technique: 'DA', repetitions: 2 });
    const rmse = (r: PredictResult, item: string) => r.items.find((i) => i.item === item)?.pls.rmse as number;
    expect(rmse(da, 'z1')).toBeLessThan(rmse(ea, 'z1'));
    expect(rmse(da, 'y1')).toBeCloseTo(rmse(ea, 'y1'), 12);
  });

  it('equals a direct computation from estimatePls on the training rows (EA) and OLS with intercept', () => {
    const r = plsPredict(mobi, ecsi, { folds: 2, repetitions: 1, seed: 5, predictions: true });
    const fold = foldAssignment(250, 2, 5, 0);
    const p = mobi.columns.length;
    const col = (name: string) => mobi.columns.indexOf(name);
    const at = (row: number, name: string) => mobi.values[row * p + col(name)] as number;
    const exoItems = ['IMAG1', 'IMAG2', 'IMAG3', 'IMAG4', 'IMAG5'];
    const names = r.items.map((i) => i.item);
    const order = ['Image', 'Expectation', 'Quality', 'Value', 'Satisfaction', 'Complaints', 'Loyalty'];
    let worstPls = 0;
    let worstLm = 0;
    for (let f = 0; f < 2; f++) {
      const train = [...fold.keys()].filter((i) => fold[i] !== f);
      const test = [...fold.keys()].filter((i) => fold[i] === f);
      const values = new Float64Array(train.length * p);
      train.forEach((row, i) => {
        values.set(mobi.values.subarray(row * p, (row + 1) * p), i * p);
      });
      const est = estimatePls({ columns: mobi.columns, values }, ecsi, { fSquared: false });
      const statsOf = (name: string) => {
        const xs = train.map((row) => at(row, name));
        const m = xs.reduce((a, b) => a + b, 0) / xs.length;
        const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
        return { m, sd };
      };
      // OLS with intercept on the raw exogenous items (normal equations, Gauss–Jordan).
      const olsOf = (target: string): number[] => {
        const q = exoItems.length + 1;
        const w = q + 1;
        const a = new Float64Array(q * w);
        const get = (i: number, j: number) => a[i * w + j] as number;
        for (const row of train) {
          const xrow = [1, ...exoItems.map((n) => at(row, n))];
          const xi = (i: number) => xrow[i] as number;
          for (let i = 0; i < q; i++) {
            for (let j = 0; j < q; j++) a[i * w + j] = get(i, j) + xi(i) * xi(j);
            a[i * w + q] = get(i, q) + xi(i) * at(row, target);
          }
        }
        for (let c = 0; c < q; c++) {
          const piv = get(c, c);
          for (let j = c; j <= q; j++) a[c * w + j] = get(c, j) / piv;
          for (let i = 0; i < q; i++) {
            if (i === c) continue;
            const k = get(i, c);
            for (let j = c; j <= q; j++) a[i * w + j] = get(i, j) - k * get(c, j);
          }
        }
        return Array.from({ length: q }, (_, i) => get(i, q));
      };
      const cache = new Map<string, { m: number; sd: number }>();
      const stats = (name: string) => {
        if (!cache.has(name)) cache.set(name, statsOf(name));
        return cache.get(name) as { m: number; sd: number };
      };
      const coefs = new Map(names.map((item) => [item, olsOf(item)]));
      for (const row of test) {
        const score: Record<string, number> = {};
        for (const c of order) {
          let s = 0;
          for (const [item, w] of Object.entries(est.outerWeights[c] ?? {})) {
            const { m, sd } = stats(item);
            s += (w * (at(row, item) - m)) / sd;
          }
          score[c] = s;
        }
        const pred: Record<string, number> = { Image: score.Image as number };
        for (const c of order.slice(1)) {
          pred[c] = est.paths
            .filter((x) => x.to === c)
            .reduce((a, x) => a + x.estimate * (pred[x.from] as number), 0);
        }
        names.forEach((item, e) => {
          const c = r.items[e]?.construct as string;
          const { m, sd } = stats(item);
          const expected = (pred[c] as number) * (est.outerLoadings[c]?.[item] as number) * sd + m;
          const got = r.predictions?.pls[row * names.length + e] as number;
          worstPls = Math.max(worstPls, Math.abs(got - expected));
          const b = coefs.get(item) as number[];
          const lm =
            (b[0] as number) + exoItems.reduce((a, n, k) => a + (b[k + 1] as number) * at(row, n), 0);
          worstLm = Math.max(worstLm, Math.abs((r.predictions?.lm[row * names.length + e] as number) - lm));
        });
      }
    }
    expect(worstPls).toBeLessThan(1e-9);
    expect(worstLm).toBeLessThan(1e-9);
  });

  it('on pure-noise endogenous items: Q²predict ≤ about 0', () => {
    const { data, model } = linearData(300, 8, true);
    const r = plsPredict(data, model, { repetitions: 3 });
    for (const it of r.items) {
      expect(it.pls.q2predict, it.item).toBeLessThan(0.02);
      expect(it.lm.q2predict, it.item).toBeLessThan(0.02);
    }
  });

  it('is reproducible for a seed and changes with it', () => {
    const a = plsPredict(mobi, ecsi, { folds: 5, repetitions: 2, seed: 7 });
    const b = plsPredict(mobi, ecsi, { folds: 5, repetitions: 2, seed: 7 });
    const c = plsPredict(mobi, ecsi, { folds: 5, repetitions: 2, seed: 8 });
    expect(b).toEqual(a);
    expect(c.items[0]?.pls.rmse).not.toBe(a.items[0]?.pls.rmse);
    expect(a.items).toHaveLength(19); // every item but Image's five
    expect(a.items.every((i) => i.construct !== 'Image')).toBe(true);
  });

  it('handles missing cells: mean replacement keeps the rows, listwise deletion drops them', () => {
    const values = mobi.values.slice();
    const p = mobi.columns.length;
    const cusa1 = mobi.columns.indexOf('CUSA1');
    values[5 * p + cusa1] = Number.NaN;
    values[9 * p + mobi.columns.indexOf('IMAG1')] = Number.NaN;
    const data = { columns: mobi.columns, values };
    const mean = plsPredict(data, ecsi, { folds: 5, repetitions: 1 });
    expect(mean.n).toBe(250);
    expect(mean.items.find((i) => i.item === 'CUSA1')?.n).toBe(249); // no actual value to score
    const lw = plsPredict(data, ecsi, { folds: 5, repetitions: 1, missing: 'listwise' });
    expect(lw.n).toBe(248);
  });

  it('grades predictive power as Shmueli et al. (2019)', () => {
    const item = (q2: number, d: number) => ({ pls: { q2predict: q2 }, difference: { rmse: d } });
    const r = (items: ReturnType<typeof item>[]) => ({ items }) as unknown as PredictResult;
    expect(predictivePower(r([item(0.2, -0.1), item(0.1, -0.01)]))).toBe('high');
    expect(predictivePower(r([item(0.2, -0.1), item(0.1, -0.01), item(0.1, 0.2)]))).toBe('medium');
    expect(predictivePower(r([item(0.2, -0.1), item(0.1, 0.01), item(0.1, 0.2)]))).toBe('low');
    expect(predictivePower(r([item(0.2, 0.1)]))).toBe('none');
    expect(predictivePower(r([item(-0.01, -0.1)]))).toBe('noQ2');
  });
});

describe('climb pls predict', () => {
  const base = ['pls', 'predict', '--data', MOBI, '--model', MODEL];

  it('prints the result object as JSON, equal to plsPredict', async () => {
    const { code, out } = await climb(
      ...base,
      '--folds',
      '5',
      '--repetitions',
      '2',
      '--seed',
      '3',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const json = JSON.parse(out) as PredictResult & { data: unknown };
    const direct = plsPredict(mobi, ecsi, { folds: 5, repetitions: 2, seed: 3 });
    expect({ ...json, data: undefined }).toEqual(JSON.parse(JSON.stringify({ ...direct, data: undefined })));
    expect(json.data).toEqual({ rows: 250, used: 250, dropped: [] });
    expect(json.technique).toBe('EA');
  });

  it('prints a bilingual text report and passes --technique', async () => {
    const en = await climb(...base, '--folds', '5', '--repetitions', '1', '--technique', 'DA');
    expect(en.code).toBe(0);
    expect(en.out).toContain('PLSpredict');
    expect(en.out).toContain('direct antecedents (DA)');
    expect(en.out).toContain('Q²predict');
    const zh = await climb(...base, '--folds', '5', '--repetitions', '1', '--lang', 'zh');
    expect(zh.out).toContain('样本外预测误差');
    expect(zh.out).toContain('最早前因（EA）');
  });

  it('refuses too many folds and unknown techniques', async () => {
    const r = await climb(...base, '--folds', '200');
    expect(r.code).toBe(1);
    expect(r.err).toContain('PLSpredict cannot run');
    expect((await climb(...base, '--technique', 'XX')).code).toBe(2);
  });
});
