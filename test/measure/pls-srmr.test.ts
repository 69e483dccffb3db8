import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { estimatePls } from '../../src/measure/pls/estimate.ts';
import { assertPlsModel } from '../../src/measure/pls/model.ts';
import { computeSrmr, impliedItemCorrelations, srmrBetween } from '../../src/measure/pls/srmr.ts';
import { FIXTURES, readNumericCsv } from './pls-helpers.ts';

describe('SRMR', () => {
  // Two Mode A blocks (items 0–2 and 3–4), loadings λ and construct correlation 0.5: the population
  // correlation matrix of that model is exactly the implied matrix.
  const lambda = [0.8, 0.7, 0.9, 0.6, 0.85];
  const owner = [0, 0, 0, 1, 1];
  const K = 5;
  const phi = Float64Array.from([1, 0.5, 0.5, 1]);
  const loadings = new Float64Array(K * 2);
  lambda.forEach((l, k) => {
    loadings[k * 2 + (owner[k] as number)] = l;
  });
  const population = new Float64Array(K * K);
  for (let k = 0; k < K; k++)
    for (let l = 0; l < K; l++)
      population[k * K + l] =
        k === l ? 1 : (lambda[k] as number) * (lambda[l] as number) * (owner[k] === owner[l] ? 1 : 0.5);
  const blocks = [
    { mode: 'A' as const, items: [0, 1, 2] },
    { mode: 'A' as const, items: [3, 4] },
  ];

  it('is 0 when the implied matrix equals the observed one', () => {
    const x = { r: population, K, blocks, loadings, phi };
    expect(srmrBetween(population, impliedItemCorrelations(x), K)).toBeLessThan(1e-15);
    // One path A → B with β = 0.5 implies the same construct correlation: the estimated model fits too.
    const beta = Float64Array.from([0, 0.5, 0, 0]);
    const s = computeSrmr(x, beta, [[0, 1]]);
    expect(s.saturated).toBeLessThan(1e-15);
    expect(s.estimated).toBeLessThan(1e-15);
  });

  it('grows with misfit: one residual e gives √(e²/(K(K+1)/2)), and a Mode B block ignores its own residuals', () => {
    for (const e of [0.05, 0.1, 0.2]) {
      const r = population.slice();
      r[0 * K + 3] = (r[0 * K + 3] as number) + e;
      r[3 * K + 0] = (r[3 * K + 0] as number) + e;
      const s = computeSrmr({ r, K, blocks, loadings, phi }, Float64Array.from([0, 0.5, 0, 0]), [[0, 1]]);
      expect(s.saturated).toBeCloseTo(Math.sqrt((e * e) / 15), 14);
    }
    const r = population.slice();
    r[0 * K + 1] = 0.1;
    r[1 * K + 0] = 0.1;
    const modeA = srmrBetween(r, impliedItemCorrelations({ r, K, blocks, loadings, phi }), K);
    expect(modeA).toBeGreaterThan(0);
    const modeB = srmrBetween(
      r,
      impliedItemCorrelations({
        r,
        K,
        blocks: [{ mode: 'B', items: [0, 1, 2] }, blocks[1] as (typeof blocks)[1]],
        loadings,
        phi,
      }),
      K,
    );
    expect(modeB).toBeLessThan(1e-15);
    // The estimated model misfits when the paths do not reproduce the construct correlation.
    const bad = computeSrmr({ r: population, K, blocks, loadings, phi }, Float64Array.from([0, 0.1, 0, 0]), [
      [0, 1],
    ]);
    expect(bad.estimated).toBeGreaterThan(bad.saturated);
  });

  it('on mobi (ECSI, Mode A composites) equals a from-scratch recomputation', () => {
    const data = readNumericCsv('mobi.csv');
    const model = assertPlsModel(parse(readFileSync(join(FIXTURES, 'ecsi.model.yaml'), 'utf8')));
    const r = estimatePls(data, model);
    // Item correlations computed here, independently of the engine.
    const items = model.constructs.flatMap((c) => (c.kind === 'composite' ? c.items : []));
    const p = data.columns.length;
    const n = data.values.length / p;
    const col = items.map((i) => data.columns.indexOf(i));
    const z = col.map((c) => {
      const v = Array.from({ length: n }, (_, i) => data.values[i * p + c] as number);
      const mu = v.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1));
      return v.map((x) => (x - mu) / sd);
    });
    const cor = (a: number, b: number) =>
      (z[a] as number[]).reduce((s, v, i) => s + v * ((z[b] as number[])[i] as number), 0) / (n - 1);
    const ownerOf = (k: number) =>
      model.constructs.find((c) => c.kind === 'composite' && c.items.includes(items[k] as string))
        ?.name as string;
    let ss = 0;
    for (let k = 0; k < items.length; k++) {
      for (let l = 0; l < k; l++) {
        const a = ownerOf(k);
        const b = ownerOf(l);
        const lk = r.outerLoadings[a]?.[items[k] as string] as number;
        const ll = r.outerLoadings[b]?.[items[l] as string] as number;
        const implied = a === b ? lk * ll : lk * ll * (r.constructCorrelations[a]?.[b] as number);
        ss += (cor(k, l) - implied) ** 2;
      }
    }
    const K2 = items.length;
    expect(r.srmr).toBeCloseTo(Math.sqrt(ss / ((K2 * (K2 + 1)) / 2)), 12);
    expect(r.srmr).toBeCloseTo(0.0751322, 6);
    expect(r.srmrEstimated).toBeCloseTo(0.1327864, 6);
    expect(r.srmrEstimated).toBeGreaterThan(r.srmr);
  });
});
