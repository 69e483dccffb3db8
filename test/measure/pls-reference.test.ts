import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPlsEstimator, estimatePls, type PlsResult } from '../../src/measure/pls/estimate.ts';
import { FIXTURES, modelOf, type ReferenceVariant, readNumericCsv, schemeOf } from './pls-helpers.ts';

const TOL = 1e-6;
const data = readNumericCsv('mobi.csv');

/** Largest absolute deviation per file, variant and quantity; printed at the end. */
const report: Record<string, Record<string, number>> = {};

function variantsOf(file: string): [string, ReferenceVariant][] {
  const json = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Record<string, unknown>;
  return Object.entries(json).filter(
    (e): e is [string, ReferenceVariant] => typeof e[1] === 'object' && e[1] !== null && 'settings' in e[1],
  );
}

/** Compares one value, recording the deviation; returns a message when it is off. */
function checker(key: string) {
  const dev: Record<string, number> = {};
  report[key] = dev;
  const bad: string[] = [];
  const cmp = (
    quantity: string,
    where: string,
    expected: number | null | undefined,
    actual: number | null | undefined,
  ) => {
    if (expected === null || expected === undefined) {
      if (actual !== null && actual !== undefined)
        bad.push(`${quantity} ${where}: expected none, got ${actual}`);
      return;
    }
    if (actual === null || actual === undefined || Number.isNaN(actual)) {
      bad.push(`${quantity} ${where}: missing (expected ${expected})`);
      return;
    }
    const d = Math.abs(expected - actual);
    dev[quantity] = Math.max(dev[quantity] ?? 0, d);
    if (!(d <= TOL))
      bad.push(`${quantity} ${where}: expected ${expected}, got ${actual} (Δ ${d.toExponential(2)})`);
  };
  return { cmp, bad };
}

function compareAll(key: string, v: ReferenceVariant, r: PlsResult): string[] {
  const { cmp, bad } = checker(key);
  for (const [c, items] of Object.entries(v.outer_weights)) {
    for (const [i, x] of Object.entries(items)) cmp('outerWeights', `${c}.${i}`, x, r.outerWeights[c]?.[i]);
  }
  for (const [c, items] of Object.entries(v.outer_loadings)) {
    for (const [i, x] of Object.entries(items)) cmp('outerLoadings', `${c}.${i}`, x, r.outerLoadings[c]?.[i]);
  }
  expect(r.paths.map((p) => `${p.from}->${p.to}`)).toEqual(
    v.path_coefficients.map((p) => `${p.from}->${p.to}`),
  );
  v.path_coefficients.forEach((p, i) => {
    cmp('paths', `${p.from}->${p.to}`, p.estimate, r.paths[i]?.estimate);
  });
  expect(Object.keys(r.rSquared).sort()).toEqual(Object.keys(v.r_squared).sort());
  for (const [c, x] of Object.entries(v.r_squared)) {
    cmp('rSquared', c, x.r2, r.rSquared[c]);
    cmp('rSquaredAdj', c, x.adj_r2, r.rSquaredAdj[c]);
  }
  for (const [c, x] of Object.entries(v.reliability)) {
    const got = r.reliability[c];
    cmp('alpha', c, x.alpha, got?.alpha);
    cmp('rhoC', c, x.rhoC, got?.rhoC);
    cmp('rhoA', c, x.rhoA, got?.rhoA);
    cmp('ave', c, x.AVE, got?.ave);
  }
  expect(Object.values(r.htmt).flatMap((row) => Object.keys(row)).length).toBe(v.htmt.length);
  for (const h of v.htmt) cmp('htmt', `${h.a}/${h.b}`, h.value, r.htmt[h.a]?.[h.b]);
  for (const [a, row] of Object.entries(v.fornell_larcker)) {
    for (const [b, x] of Object.entries(row)) cmp('fornellLarcker', `${a}/${b}`, x, r.fornellLarcker[a]?.[b]);
  }
  for (const [item, row] of Object.entries(v.cross_loadings)) {
    for (const [c, x] of Object.entries(row))
      cmp('crossLoadings', `${item}/${c}`, x, r.crossLoadings[item]?.[c]);
  }
  for (const [c, row] of Object.entries(v.vif_items)) {
    for (const [i, x] of Object.entries(row)) cmp('vifItems', `${c}.${i}`, x, r.vif.items[c]?.[i]);
  }
  expect(Object.keys(r.vif.antecedents).sort()).toEqual(Object.keys(v.vif_antecedents).sort());
  for (const [c, row] of Object.entries(v.vif_antecedents)) {
    expect(Object.keys(r.vif.antecedents[c] ?? {}).sort()).toEqual(Object.keys(row).sort());
    for (const [a, x] of Object.entries(row))
      cmp('vifAntecedents', `${c}<-${a}`, x, r.vif.antecedents[c]?.[a]);
  }
  for (const [from, row] of Object.entries(v.f_squared)) {
    const entries = Array.isArray(row) ? [] : Object.entries(row);
    expect(Object.keys(r.fSquared[from] ?? {}).sort()).toEqual(entries.map(([k]) => k).sort());
    for (const [to, x] of entries) cmp('fSquared', `${from}->${to}`, x, r.fSquared[from]?.[to]);
  }
  for (const [from, row] of Object.entries(v.total_effects)) {
    const entries = Array.isArray(row) ? [] : Object.entries(row);
    expect(Object.keys(r.totalEffects[from] ?? {}).sort()).toEqual(entries.map(([k]) => k).sort());
    for (const [to, x] of entries) cmp('totalEffects', `${from}->${to}`, x, r.totalEffects[from]?.[to]);
  }
  for (const [a, row] of Object.entries(v.construct_score_correlations)) {
    for (const [b, x] of Object.entries(row))
      cmp('constructCorrelations', `${a}/${b}`, x, r.constructCorrelations[a]?.[b]);
  }
  for (const [c, xs] of Object.entries(v.construct_scores)) {
    const got = r.scores?.[c];
    expect(got?.length).toBe(xs.length);
    xs.forEach((x, i) => {
      cmp('scores', `${c}[${i}]`, x, got?.[i]);
    });
  }
  return bad;
}

for (const file of ['ecsi_modeA.json', 'ecsi_modeB.json']) {
  describe(`seminr reference ${file}`, () => {
    for (const [name, v] of variantsOf(file)) {
      it(`${name}: every estimate within ${TOL} and the same iteration count`, () => {
        const r = estimatePls(data, modelOf(v), { scheme: schemeOf(v), scores: true });
        expect(r.n).toBe(v.settings.n_obs_used);
        expect(r.iterations).toBe(v.iterations);
        expect(r.converged).toBe(true);
        expect(Math.abs(r.weightDiff - v.weightDiff_final)).toBeLessThan(1e-12);
        expect(r.consistent).toBe(v.measurement_model.some((m) => m.type === 'C'));
        expect(compareAll(`${file} ${name}`, v, r)).toEqual([]);
      });
    }
  });
}

describe('seminr reference ecsi_bootstrap.json (first resamples)', () => {
  const boot = JSON.parse(readFileSync(join(FIXTURES, 'ecsi_bootstrap.json'), 'utf8')) as {
    path_order: string[];
    first_resamples_of_boot_1000: { i: number; rows_1based: number[]; paths: number[] }[];
  };
  const modelA = variantsOf('ecsi_modeA.json').find(([k]) => k === 'path_weighting')?.[1] as ReferenceVariant;
  const estimator = createPlsEstimator(data, modelOf(modelA), { scheme: 'path', fSquared: false });

  it('re-estimates every listed resample to 1e-6 (paths in seminr order)', () => {
    const resamples = boot.first_resamples_of_boot_1000;
    expect(resamples.length).toBeGreaterThanOrEqual(20);
    const dev: Record<string, number> = { bootstrapPaths: 0 };
    report['ecsi_bootstrap.json first resamples'] = dev;
    for (const s of resamples) {
      const r = estimator.estimate(s.rows_1based.map((x) => x - 1));
      expect(r.paths.map((p) => `${p.from} -> ${p.to}`)).toEqual(boot.path_order);
      r.paths.forEach((p, i) => {
        const d = Math.abs(p.estimate - (s.paths[i] as number));
        dev.bootstrapPaths = Math.max(dev.bootstrapPaths as number, d);
        expect(d, `resample ${s.i} ${p.from} -> ${p.to}`).toBeLessThanOrEqual(TOL);
      });
    }
  });

  it('the estimator gives the same result on all rows as estimatePls', () => {
    const a = estimator.estimate();
    const b = estimatePls(data, modelOf(modelA), { scheme: 'path', fSquared: false });
    expect(a).toEqual(b);
  });
});

afterAll(() => {
  const lines = Object.entries(report).map(
    ([k, dev]) =>
      `${k}: ${Object.entries(dev)
        .map(([q, d]) => `${q} ${d.toExponential(1)}`)
        .join(', ')}`,
  );
  if (process.env.PLS_REPORT) console.log(`max |Δ| against seminr\n${lines.join('\n')}`);
});
