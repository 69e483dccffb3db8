import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTaskRunner, type RawLayout, type WorkerInit } from '../../src/measure/pls/bootstrap.ts';
import { estimatePls, type PlsData, type PlsOptions } from '../../src/measure/pls/estimate.ts';
import type { PlsModel } from '../../src/measure/pls/model.ts';
import { FIXTURES, modelOf, type ReferenceVariant, readNumericCsv, schemeOf } from './pls-helpers.ts';

const mobi = readNumericCsv('mobi.csv');

/** The raw layout bootstrapPls derives from the original estimate. */
function layoutOf(data: PlsData, model: PlsModel, options: PlsOptions): RawLayout {
  const o = estimatePls(data, model, { ...options, fSquared: false });
  return {
    paths: o.paths.length,
    items: o.constructs.flatMap((c) =>
      Object.keys(o.outerLoadings[c] ?? {}).map((i) => [c, i] as [string, string]),
    ),
    htmt: Object.entries(o.htmt).flatMap(([a, row]) =>
      Object.keys(row).map((b) => [a, b] as [string, string]),
    ),
  };
}

/**
 * Runs resamples 0..49 and jackknife groups 0..9 both ways; returns the largest difference, relative
 * for values beyond ±1 (inadmissible PLSc resamples reach path coefficients of ±16, where the
 * correlations' last-bit differences show at 1e-12 absolute).
 */
function compare(data: PlsData, model: PlsModel, options: PlsOptions, extra: Partial<WorkerInit> = {}) {
  const init: WorkerInit = {
    data,
    model,
    options,
    seed: 42,
    resamples: 50,
    groups: 10,
    layout: layoutOf(data, model, options),
    ...extra,
  };
  const T = (extra.resamples ?? 50) + 10;
  const lean = createTaskRunner(init)(0, T);
  const full = createTaskRunner({ ...init, full: true })(0, T);
  expect(Array.from(lean.status)).toEqual(Array.from(full.status));
  expect(lean.messages).toEqual(full.messages);
  expect(lean.values.length).toBe(full.values.length);
  let worst = 0;
  for (let i = 0; i < full.values.length; i++) {
    const a = lean.values[i] as number;
    const b = full.values[i] as number;
    if (Number.isNaN(a) || Number.isNaN(b)) expect(Number.isNaN(a)).toBe(Number.isNaN(b));
    else worst = Math.max(worst, Math.abs(a - b) / Math.max(1, Math.abs(b)));
  }
  return { worst, status: full.status };
}

describe('lean bootstrap re-estimation equals the full estimate', () => {
  for (const file of ['ecsi_modeA.json', 'ecsi_modeB.json']) {
    const variants = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Record<
      string,
      ReferenceVariant
    >;
    for (const [name, v] of Object.entries(variants)) {
      if (!Array.isArray(v.measurement_model)) continue;
      it(`${file} ${name}: 50 resamples and 10 jackknife groups to 1e-12`, () => {
        const { worst, status } = compare(mobi, modelOf(v), { scheme: schemeOf(v) });
        expect(status.every((s) => s !== 2)).toBe(true);
        expect(worst).toBeLessThan(1e-12);
      });
    }
  }

  const model = modelOf(
    (JSON.parse(readFileSync(join(FIXTURES, 'ecsi_modeA.json'), 'utf8')) as Record<string, ReferenceVariant>)
      .path_weighting as ReferenceVariant,
  );
  // Every 7th row misses one answer (rotating over the items).
  const holes: PlsData = { columns: mobi.columns, values: mobi.values.slice() };
  const p = mobi.columns.length;
  for (let i = 0; i < mobi.values.length / p; i += 7) holes.values[i * p + (i % p)] = Number.NaN;

  it('with missing answers: mean replacement and listwise deletion', () => {
    expect(compare(holes, model, { missing: 'mean' }).worst).toBeLessThan(1e-12);
    expect(compare(holes, model, { missing: 'listwise' }).worst).toBeLessThan(1e-12);
  });

  it('down-dates jackknife groups, failing as the full estimate when a group leaves an item constant', () => {
    // IMAG1 varies only in rows 0..24, which jackknife group 0 (of 10) leaves out.
    const flat: PlsData = { columns: mobi.columns, values: mobi.values.slice() };
    const c = mobi.columns.indexOf('IMAG1');
    for (let i = 25; i < 250; i++) flat.values[i * p + c] = 7;
    const { worst, status } = compare(flat, model, {});
    expect(status[50]).toBe(2);
    expect(Array.from(status.subarray(51)).every((x) => x !== 2)).toBe(true);
    expect(worst).toBeLessThan(1e-12);
  });

  it('fails the same resamples with the same messages (zero variance, too few rows, bad indices)', () => {
    const indices = [
      Int32Array.from({ length: 250 }, () => 3),
      Int32Array.from([0, 1]),
      Int32Array.from([0, 1, 250]),
      Int32Array.from({ length: 250 }, (_, i) => i),
    ];
    const { worst, status } = compare(mobi, model, {}, { indices, resamples: 4 });
    expect(Array.from(status.subarray(0, 4))).toEqual([2, 2, 2, 0]);
    expect(worst).toBeLessThan(1e-12);
  });
});
