import { describe, expect, it } from 'vitest';
import { createPlsEstimator, estimatePls } from '../../src/measure/pls/estimate.ts';
import {
  assertPlsModel,
  type ModelProblem,
  PlsModelError,
  parsePlsModel,
} from '../../src/measure/pls/model.ts';
import { readNumericCsv } from './pls-helpers.ts';

const ECSI = {
  constructs: {
    Image: { mode: 'A', items: ['IMAG1', 'IMAG2', 'IMAG3', 'IMAG4', 'IMAG5'] },
    Expectation: { mode: 'A', items: ['CUEX1', 'CUEX2', 'CUEX3'] },
    Quality: { mode: 'B', items: ['PERQ1', 'PERQ2', 'PERQ3', 'PERQ4', 'PERQ5', 'PERQ6', 'PERQ7'] },
    Value: { mode: 'A', items: ['PERV1', 'PERV2'] },
    Satisfaction: { mode: 'A', items: ['CUSA1', 'CUSA2', 'CUSA3'], reflective: true },
    Complaints: { mode: 'A', items: ['CUSCO'] },
    Loyalty: { mode: 'A', items: ['CUSL1', 'CUSL2', 'CUSL3'] },
  },
  paths: [
    { from: 'Image', to: ['Expectation', 'Satisfaction', 'Loyalty'] },
    { from: 'Expectation', to: ['Quality', 'Value', 'Satisfaction'] },
    { from: 'Quality', to: ['Value', 'Satisfaction'] },
    { from: 'Value', to: 'Satisfaction' },
    { from: 'Satisfaction', to: ['Complaints', 'Loyalty'] },
    { from: 'Complaints', to: ['Loyalty'] },
  ],
};

function problems(raw: unknown): ModelProblem[] {
  const r = parsePlsModel(raw);
  return r.ok ? [] : r.problems;
}

describe('parsePlsModel', () => {
  it('reads the issue 5 §1 shape: modes, reflective, paths with to-lists expanded in order', () => {
    const m = assertPlsModel(ECSI);
    expect(m.constructs.map((c) => c.name)).toEqual(Object.keys(ECSI.constructs));
    expect(m.constructs.find((c) => c.name === 'Satisfaction')).toMatchObject({
      mode: 'A',
      reflective: true,
    });
    expect(m.constructs.find((c) => c.name === 'Quality')).toMatchObject({ mode: 'B', reflective: false });
    expect(m.paths).toHaveLength(12);
    expect(m.paths[0]).toEqual({ from: 'Image', to: 'Expectation' });
    expect(m.paths[8]).toEqual({ from: 'Value', to: 'Satisfaction' });
  });

  it('accepts an interaction declaration', () => {
    const raw = {
      ...ECSI,
      constructs: {
        ...ECSI.constructs,
        CUSAxIMAG: { interaction: ['Satisfaction', 'Image'], method: 'two-stage' },
      },
      paths: [...ECSI.paths, { from: 'CUSAxIMAG', to: ['Loyalty'] }],
    };
    const m = assertPlsModel(raw);
    expect(m.constructs.at(-1)).toEqual({
      kind: 'interaction',
      name: 'CUSAxIMAG',
      of: ['Satisfaction', 'Image'],
      method: 'two-stage',
    });
  });

  it('reports every problem with its path and the construct or item named', () => {
    const raw = {
      constructs: {
        Image: { mode: 'C', items: ['IMAG1', 'IMAG1'] },
        Quality: { mode: 'B', items: ['PERQ1', 7], reflective: true, weights: 'x' },
        Value: { mode: 'A', items: ['PERQ1'] },
        Empty: { mode: 'A', items: [] },
        Bad: { interaction: ['Image', 'Nowhere'], method: 'orthogonal' },
      },
      paths: [
        { from: 'Image', to: ['Quality', 'Ghost', 'Image'] },
        { from: 'Quality', to: 'Image' },
        { from: 'X' },
      ],
      extra: 1,
    };
    const ps = problems(raw);
    const at = (path: string) => ps.filter((p) => p.path === path).map((p) => p.message);
    expect(at('extra')[0]).toMatch(/unknown key "extra"/);
    expect(at('constructs.Image.mode')[0]).toMatch(/"Image".*mode must be A or B.*"C"/);
    expect(at('constructs.Image.items[1]')[0]).toMatch(/"Image" lists item "IMAG1" twice/);
    expect(at('constructs.Quality.items[1]')[0]).toMatch(/"Quality": item 2 must be a column name/);
    expect(at('constructs.Quality.reflective')[0]).toMatch(/"Quality" is Mode B but reflective/);
    expect(at('constructs.Quality.weights')[0]).toMatch(/unknown key "weights" in construct "Quality"/);
    expect(at('constructs.Value.items[0]')[0]).toMatch(/item "PERQ1" is used by both "Quality" and "Value"/);
    expect(at('constructs.Empty.items')[0]).toMatch(/"Empty" must list at least one item/);
    expect(at('constructs.Bad.method')[0]).toMatch(/orthogonal.*two-stage/);
    expect(at('constructs.Bad.interaction[1]')[0]).toMatch(/undeclared construct "Nowhere"/);
    expect(at('paths[0].to[1]')[0]).toMatch(/"Ghost" is not declared/);
    expect(at('paths[0].to[2]')[0]).toMatch(/"Image" cannot point to itself/);
    expect(at('paths[2].to')[0]).toMatch(/to must be/);
    expect(at('paths[2].from')[0]).toMatch(/"X" is not declared/);
    expect(
      ps.some(
        (p) =>
          p.path === 'paths' && /cycle: .*Image → Quality → Image|Quality → Image → Quality/.test(p.message),
      ),
    ).toBe(true);
  });

  it('rejects non-objects, empty sections, duplicate paths and unconnected constructs', () => {
    expect(problems(null)[0]?.message).toMatch(/must be a mapping/);
    expect(problems({ constructs: {}, paths: [] }).map((p) => p.path)).toEqual(['constructs', 'paths']);
    const dup = problems({
      constructs: { A: { mode: 'A', items: ['a'] }, B: { mode: 'A', items: ['b'] } },
      paths: [
        { from: 'A', to: ['B'] },
        { from: 'A', to: 'B' },
      ],
    });
    expect(dup).toEqual([
      { path: 'paths[1].to', message: 'path A → B is declared twice', zh: '路径 A → B 被声明了两次' },
    ]);
    const lonely = problems({
      constructs: {
        A: { mode: 'A', items: ['a'] },
        B: { mode: 'A', items: ['b'] },
        C: { mode: 'A', items: ['c'] },
      },
      paths: [{ from: 'A', to: 'B' }],
    });
    expect(lonely).toMatchObject([
      { path: 'constructs.C', message: 'construct "C" is not in any path; remove it or connect it' },
    ]);
    expect(() => assertPlsModel({ constructs: {}, paths: [] })).toThrow(PlsModelError);
  });
});

describe('estimatePls beyond the reference files', () => {
  const data = readNumericCsv('mobi.csv');
  const model = assertPlsModel(ECSI);

  it('estimates interaction terms in two stages (details in pls-moderation.test.ts)', () => {
    const m = assertPlsModel({
      ...ECSI,
      constructs: { ...ECSI.constructs, SxI: { interaction: ['Satisfaction', 'Image'] } },
      paths: [...ECSI.paths, { from: 'SxI', to: 'Loyalty' }],
    });
    const r = estimatePls(data, m);
    expect(r.paths.at(-1)).toMatchObject({ from: 'SxI', to: 'Loyalty' });
    expect(r.outerLoadings.SxI).toEqual({ SxI_intxn: 1 });
  });

  it('names items missing from the data', () => {
    const m = assertPlsModel({
      constructs: { A: { mode: 'A', items: ['IMAG1', 'NOPE'] }, B: { mode: 'A', items: ['CUEX1'] } },
      paths: [{ from: 'A', to: 'B' }],
    });
    try {
      estimatePls(data, m);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PlsModelError);
      expect((err as PlsModelError).problems[0]?.message).toBe(
        'item "NOPE" of construct "A" is not a column of the data',
      );
    }
  });

  it('rejects zero-variance items', () => {
    const m = assertPlsModel({
      constructs: { A: { mode: 'A', items: ['IMAG1'] }, B: { mode: 'A', items: ['CUEX1'] } },
      paths: [{ from: 'A', to: 'B' }],
    });
    const est = createPlsEstimator(data, m);
    expect(() => est.estimate([0, 0, 0, 0])).toThrow(/zero variance/);
  });

  it('replaces missing cells by the column mean (seminr default) or drops the rows (listwise)', () => {
    const holed = { columns: data.columns, values: data.values.slice() };
    const p = data.columns.length;
    const col = data.columns.indexOf('CUEX2');
    const holes = [3, 17, 99];
    for (const r of holes) holed.values[r * p + col] = Number.NaN;
    let sum = 0;
    let cnt = 0;
    for (let r = 0; r < data.values.length / p; r++) {
      if (holes.includes(r)) continue;
      sum += data.values[r * p + col] as number;
      cnt++;
    }
    const filled = { columns: data.columns, values: holed.values.slice() };
    for (const r of holes) filled.values[r * p + col] = sum / cnt;
    const opts = { fSquared: false } as const;
    expect(estimatePls(holed, model, opts)).toEqual(estimatePls(filled, model, opts));

    const listwise = estimatePls(holed, model, { ...opts, missing: 'listwise' });
    const kept = Array.from({ length: data.values.length / p }, (_, i) => i).filter(
      (i) => !holes.includes(i),
    );
    expect(listwise.n).toBe(247);
    expect(listwise).toEqual(createPlsEstimator(data, model, opts).estimate(kept));
  });

  it('estimates a PLSc / Mode B mixed model from the YAML shape, with admissible diagnostics', () => {
    const r = estimatePls(data, model);
    expect(r.consistent).toBe(true);
    expect(r.converged).toBe(true);
    // Mode B and single-item constructs have rhoA = 1; PLSc loadings only change for the reflective construct.
    expect(r.reliability.Quality?.rhoA).toBe(1);
    expect(r.reliability.Complaints).toEqual({ alpha: 1, rhoC: 1, rhoA: 1, ave: 1 });
    const w = r.outerWeights.Satisfaction as Record<string, number>;
    const ww = Object.values(w).reduce((s, x) => s + x * x, 0);
    const rhoA = r.reliability.Satisfaction?.rhoA as number;
    expect(r.outerLoadings.Satisfaction?.CUSA1).toBeCloseTo(((w.CUSA1 as number) * Math.sqrt(rhoA)) / ww, 14);
    // Total effects = direct + indirect along every route.
    const b = (f: string, t: string) => r.paths.find((x) => x.from === f && x.to === t)?.estimate as number;
    expect(r.totalEffects.Satisfaction?.Loyalty).toBeCloseTo(
      b('Satisfaction', 'Loyalty') + b('Satisfaction', 'Complaints') * b('Complaints', 'Loyalty'),
      14,
    );
    expect(r.totalEffects.Loyalty).toEqual({});
  });

  it('stops at maxIter and says it did not converge', () => {
    const r = estimatePls(data, model, { maxIter: 2, fSquared: false });
    expect(r.iterations).toBe(2);
    expect(r.converged).toBe(false);
    expect(r.weightDiff).toBeGreaterThan(1e-7);
  });
});
