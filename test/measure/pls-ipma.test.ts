import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { estimatePls, type PlsData } from '../../src/measure/pls/estimate.ts';
import { ipma } from '../../src/measure/pls/ipma.ts';
import { assertPlsModel } from '../../src/measure/pls/model.ts';
import { FIXTURES, readNumericCsv } from './pls-helpers.ts';

/** Simple OLS with intercept: coefficients of y on the columns xs (normal equations, tiny systems). */
function ols(y: number[], xs: number[][]): number[] {
  const n = y.length;
  const k = xs.length;
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / n;
  const yc = y.map((v) => v - mean(y));
  const xc = xs.map((x) => x.map((v) => v - mean(x)));
  const a = xc.map((xi) => xc.map((xj) => xi.reduce((s, v, t) => s + v * (xj[t] as number), 0)));
  const b = xc.map((xi) => xi.reduce((s, v, t) => s + v * (yc[t] as number), 0));
  // Gaussian elimination (k ≤ 6 here).
  for (let c = 0; c < k; c++) {
    for (let r = c + 1; r < k; r++) {
      const f = (a[r]?.[c] as number) / (a[c]?.[c] as number);
      for (let j = c; j < k; j++) (a[r] as number[])[j] = (a[r]?.[j] as number) - f * (a[c]?.[j] as number);
      b[r] = (b[r] as number) - f * (b[c] as number);
    }
  }
  const out = new Array<number>(k).fill(0);
  for (let c = k - 1; c >= 0; c--) {
    let s = b[c] as number;
    for (let j = c + 1; j < k; j++) s -= (a[c]?.[j] as number) * (out[j] as number);
    out[c] = s / (a[c]?.[c] as number);
  }
  return out;
}

describe('IPMA', () => {
  // Six respondents on a 1–5 scale; single items, so every weight is 1 and the rescaled score is the item.
  const x = [1, 2, 3, 4, 5, 3];
  const m = [2, 2, 4, 5, 4, 3];
  const y = [1, 3, 3, 5, 5, 2];
  const data: PlsData = {
    columns: ['x', 'm', 'y'],
    values: Float64Array.from(x.flatMap((v, i) => [v, m[i] as number, y[i] as number])),
  };
  const model = assertPlsModel({
    constructs: {
      X: { mode: 'A', items: ['x'] },
      M: { mode: 'A', items: ['m'] },
      Y: { mode: 'A', items: ['y'] },
    },
    paths: [
      { from: 'X', to: ['M', 'Y'] },
      { from: 'M', to: 'Y' },
    ],
  });

  it('matches hand-computed values on a tiny mediation model', () => {
    const est = estimatePls(data, model);
    const res = ipma(data, model, est, { target: 'Y', scale: { min: 1, max: 5 } });
    const rs = (v: number[]) => v.map((a) => (100 * (a - 1)) / 4);
    // Performance: the mean rescaled answer. x: mean 3 → 50; m: mean 10/3 → 58.33…; y: mean 19/6 → 54.17.
    expect(res.constructs.map((c) => c.construct)).toEqual(['X', 'M']);
    expect(res.constructs[0]?.performance).toBeCloseTo(50, 12);
    expect(res.constructs[1]?.performance).toBeCloseTo((100 * (10 / 3 - 1)) / 4, 12);
    expect(res.targetPerformance).toBeCloseTo((100 * (19 / 6 - 1)) / 4, 12);
    // Importance: unstandardised total effects of the rescaled regressions, X → Y = b_XY + b_XM·b_MY.
    const [bXM] = ols(rs(m), [rs(x)]) as [number];
    const [bXY, bMY] = ols(rs(y), [rs(x), rs(m)]) as [number, number];
    expect(res.constructs[0]?.importance).toBeCloseTo(bXY + bXM * bMY, 12);
    expect(res.constructs[1]?.importance).toBeCloseTo(bMY, 12);
    // By hand: Σ(x−x̄)(m−m̄) = 7, Σ(x−x̄)² = 10, so b_XM = 0.7 (same scale on both sides).
    expect(bXM).toBeCloseTo(0.7, 12);
    expect(res.items.map((i) => [i.item, i.weight, i.source])).toEqual([
      ['x', 1, 'option'],
      ['m', 1, 'option'],
    ]);
    expect(res.observedRange).toEqual([]);
  });

  it('falls back to the observed range and says so', () => {
    const res = ipma(data, model, estimatePls(data, model), { target: 'Y' });
    expect(res.observedRange).toEqual(['x', 'm', 'y']);
    expect(res.items[1]).toMatchObject({ item: 'm', min: 2, max: 5, source: 'observed' });
    // m rescaled with 2–5: mean (10/3 − 2)/3 · 100.
    expect(res.constructs[1]?.performance).toBeCloseTo(((10 / 3 - 2) / 3) * 100, 12);
    const codebook = new Map([['x', { min: 0, max: 10 }]]);
    const mixed = ipma(data, model, estimatePls(data, model), {
      target: 'Y',
      ranges: codebook,
      scale: { min: 1, max: 5 },
    });
    expect(mixed.items.map((i) => i.source)).toEqual(['codebook', 'option']);
    expect(mixed.constructs[0]?.performance).toBeCloseTo(30, 12);
  });

  it('on mobi: performance in [0, 100], weights sum to 1, importance = total effects of the rescaled-score regressions', () => {
    const mobi = readNumericCsv('mobi.csv');
    const m2 = assertPlsModel(parse(readFileSync(join(FIXTURES, 'ecsi.model.yaml'), 'utf8')));
    const est = estimatePls(mobi, m2);
    const res = ipma(mobi, m2, est, { target: 'Loyalty', scale: { min: 1, max: 10 } });
    expect(res.constructs.map((c) => c.construct)).toEqual([
      'Image',
      'Expectation',
      'Quality',
      'Value',
      'Satisfaction',
      'Complaints',
    ]);
    for (const c of res.constructs) {
      expect(c.performance).toBeGreaterThanOrEqual(0);
      expect(c.performance).toBeLessThanOrEqual(100);
    }
    for (const i of res.items) {
      expect(i.performance).toBeGreaterThanOrEqual(0);
      expect(i.performance).toBeLessThanOrEqual(100);
    }
    // Rescaled construct scores from the IPMA weights, then OLS per endogenous construct and total effects.
    const p = mobi.columns.length;
    const n = mobi.values.length / p;
    const col = (item: string) => mobi.columns.indexOf(item);
    const weightOf = new Map(res.items.map((i) => [i.item, i.weight]));
    const score = (construct: string): number[] => {
      const c = m2.constructs.find((x) => x.name === construct);
      if (c?.kind !== 'composite') throw new Error(construct);
      const w = c.items.map((it) => weightOf.get(it) ?? Number.NaN);
      if (construct === 'Loyalty') {
        // The target's weights are not in the item list: rebuild them the same way.
        const sd = (v: number[]) => {
          const mu = v.reduce((a, b) => a + b, 0) / v.length;
          return Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / (v.length - 1));
        };
        const raw = c.items.map((it) => {
          const v = Array.from(
            { length: n },
            (_, r) => (100 * ((mobi.values[r * p + col(it)] as number) - 1)) / 9,
          );
          return (est.outerWeights.Loyalty?.[it] as number) / sd(v);
        });
        const tot = raw.reduce((a, b) => a + b, 0);
        raw.forEach((v, i) => {
          w[i] = v / tot;
        });
      }
      return Array.from({ length: n }, (_, r) =>
        c.items.reduce(
          (s, it, k) => s + (w[k] as number) * ((100 * ((mobi.values[r * p + col(it)] as number) - 1)) / 9),
          0,
        ),
      );
    };
    for (const c of res.constructs) {
      const ws = res.items.filter((i) => i.construct === c.construct).reduce((a, i) => a + i.weight, 0);
      expect(ws).toBeCloseTo(1, 12);
    }
    const names = est.constructs;
    const scores = new Map(names.map((c) => [c, score(c)]));
    const b = new Map<string, number>();
    for (const to of names) {
      const from = m2.paths.filter((q) => q.to === to).map((q) => q.from);
      if (from.length === 0) continue;
      const coef = ols(
        scores.get(to) as number[],
        from.map((f) => scores.get(f) as number[]),
      );
      from.forEach((f, i) => {
        b.set(`${f}>${to}`, coef[i] as number);
      });
    }
    const total = (from: string): number =>
      from === 'Loyalty'
        ? 1
        : m2.paths
            .filter((q) => q.from === from)
            .reduce((s, q) => s + (b.get(`${from}>${q.to}`) as number) * total(q.to), 0);
    for (const c of res.constructs) expect(c.importance).toBeCloseTo(total(c.construct), 10);
    expect(res.targetPerformance).toBeCloseTo(score('Loyalty').reduce((a, v) => a + v, 0) / n, 10);
  });

  it('refuses an exogenous or unknown target', () => {
    const est = estimatePls(data, model);
    expect(() => ipma(data, model, est, { target: 'X' })).toThrow(/no antecedents/);
    expect(() => ipma(data, model, est, { target: 'Nope' })).toThrow(/not a construct/);
  });
});
