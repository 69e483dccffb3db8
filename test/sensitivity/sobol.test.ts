import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/io/problems.ts';
import {
  ishigami,
  ishigamiFunction,
  type ParameterSpace,
  saltelliSample,
  sobolAnalyze,
  sobolG,
  sobolGFunction,
  type TestFunction,
} from '../../src/sensitivity/index.ts';

const N = 2 ** 14;

function run(tf: TestFunction, n: number, opts: Parameters<typeof saltelliSample>[2] = {}, bootstrap = 0) {
  const s = saltelliSample(tf.space, n, opts);
  const y = tf.evaluate(s.x);
  return sobolAnalyze(tf.space, y, n, { bootstrap, seed: 5, secondOrder: opts?.secondOrder ?? false });
}

function maxError(got: Record<string, number>, want: Record<string, number>): number {
  return Math.max(...Object.keys(want).map((k) => Math.abs((got[k] as number) - (want[k] as number))));
}

describe('analytic indices', () => {
  it('Ishigami (a = 7, b = 0.1) from the closed forms', () => {
    const a = ishigami.analytic;
    expect(a.S1.x1).toBeCloseTo(0.3139, 4);
    expect(a.S1.x2).toBeCloseTo(0.4424, 4);
    expect(a.S1.x3).toBe(0);
    expect(a.ST.x1).toBeCloseTo(0.5576, 4);
    expect(a.ST.x2).toBeCloseTo(0.4424, 4);
    expect(a.ST.x3).toBeCloseTo(0.2437, 4);
    // Decomposition: S1 + S13 sum to 1.
    expect((a.S1.x1 as number) + (a.S1.x2 as number) + (a.S2.x1?.x3 as number)).toBeCloseTo(1, 12);
    expect(ishigamiFunction(5, 0.2).analytic.S1.x2).not.toBeCloseTo(a.S1.x2 as number, 2);
  });

  it('G-function: Vi = 1/(3(1 + ai)^2) and the indices sum to 1 over all orders', () => {
    const g = sobolGFunction([0, 1, 9]);
    const [v0, v1, v2] = [1 / 3, 1 / 12, 1 / 300];
    const V = (1 + v0) * (1 + v1) * (1 + v2) - 1;
    expect(g.analytic.S1.x1).toBeCloseTo(v0 / V, 14);
    expect(g.analytic.ST.x2).toBeCloseTo((v1 * (1 + v0) * (1 + v2)) / V, 14);
    const s1 = Object.values(g.analytic.S1).reduce((s, x) => s + x, 0);
    const s2 = Object.values(g.analytic.S2).reduce(
      (s, r) => s + Object.values(r).reduce((a, b) => a + b, 0),
      0,
    );
    expect(s1 + s2 + (v0 * v1 * v2) / V).toBeCloseTo(1, 14);
    expect(g.f([0.5, 0.5, 0.5])).toBeCloseTo(0 * (1 / 2) * (9 / 10), 14);
  });
});

describe('Sobol indices at N = 2^14', () => {
  for (const tf of [ishigami, sobolG])
    for (const scramble of [false, 'owen', 'shift'] as const)
      it(`${tf.name}${scramble ? ` (${scramble})` : ''}: every S1 and ST within 0.01 of analytic`, () => {
        const r = run(tf, N, { scramble, seed: 11 });
        expect(maxError(r.S1, tf.analytic.S1)).toBeLessThan(0.01);
        expect(maxError(r.ST, tf.analytic.ST)).toBeLessThan(0.01);
      });

  it('second-order indices within 0.01 of analytic (Ishigami and G)', () => {
    for (const tf of [ishigami, sobolG]) {
      const r = run(tf, N, { secondOrder: true });
      expect(maxError(r.S1, tf.analytic.S1)).toBeLessThan(0.01);
      for (const [a, row] of Object.entries(tf.analytic.S2))
        for (const [b, want] of Object.entries(row))
          expect(Math.abs((r.S2?.[a]?.[b] as number) - want)).toBeLessThan(0.01);
    }
  });
});

describe('Saltelli sample', () => {
  const space: ParameterSpace = { names: ['a', 'b', 'c'], lower: [0, 10, -1], upper: [1, 20, 1] };
  it('has N(k + 2) rows in the A, A_B^(i), B layout, within bounds', () => {
    const s = saltelliSample(space, 64);
    expect(s.rows).toBe(64 * 5);
    expect(s.k).toBe(3);
    for (let j = 0; j < 64; j++) {
      const row = (r: number) => Array.from(s.x.subarray((j * 5 + r) * 3, (j * 5 + r + 1) * 3));
      const [A, B] = [row(0), row(4)];
      for (let i = 0; i < 3; i++) {
        const ab = row(1 + i);
        for (let c = 0; c < 3; c++) expect(ab[c]).toBe(c === i ? B[c] : A[c]);
      }
    }
    for (let r = 0; r < s.rows; r++)
      for (let i = 0; i < 3; i++) {
        const v = s.x[r * 3 + i] as number;
        expect(v >= (space.lower[i] as number) && v <= (space.upper[i] as number)).toBe(true);
      }
    expect(saltelliSample(space, 64, { secondOrder: true }).rows).toBe(64 * 8);
  });

  it('seeds reproduce identical samples and results; other seeds differ', () => {
    const a = saltelliSample(ishigami.space, 256, { scramble: true, seed: 3 });
    const b = saltelliSample(ishigami.space, 256, { scramble: true, seed: 3 });
    const c = saltelliSample(ishigami.space, 256, { scramble: true, seed: 4 });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
    const y = ishigami.evaluate(a.x);
    const r1 = sobolAnalyze(ishigami.space, y, 256, { bootstrap: 50, seed: 9 });
    const r2 = sobolAnalyze(ishigami.space, y, 256, { bootstrap: 50, seed: 9 });
    const r3 = sobolAnalyze(ishigami.space, y, 256, { bootstrap: 50, seed: 10 });
    expect(r1).toEqual(r2);
    expect(r1.S1).toEqual(r3.S1);
    expect(r1.S1Conf).not.toEqual(r3.S1Conf);
  });
});

describe('bootstrap confidence intervals', () => {
  it('cover the analytic indices (scrambled samples, several seeds)', () => {
    let covered = 0;
    let total = 0;
    for (const tf of [ishigami, sobolG])
      for (let seed = 1; seed <= 4; seed++) {
        const n = 1024;
        const s = saltelliSample(tf.space, n, { scramble: true, seed });
        const r = sobolAnalyze(tf.space, tf.evaluate(s.x), n, { bootstrap: 200, seed });
        for (const name of tf.space.names)
          for (const [est, conf, want] of [
            [r.S1, r.S1Conf, tf.analytic.S1],
            [r.ST, r.STConf, tf.analytic.ST],
          ] as const) {
            total++;
            if (Math.abs((est[name] as number) - (want[name] as number)) <= (conf[name] as number)) covered++;
          }
      }
    // QMC errors are smaller than the bootstrap (Monte Carlo) spread: every interval should cover.
    expect(covered / total).toBeGreaterThanOrEqual(0.95);
  });

  it('gives percentile intervals around the estimate and NaN without bootstrap', () => {
    const s = saltelliSample(ishigami.space, 512);
    const y = ishigami.evaluate(s.x);
    const r = sobolAnalyze(ishigami.space, y, 512, { bootstrap: 100, seed: 1, confidence: 0.9 });
    for (const n of ishigami.space.names) {
      const [lo, hi] = r.STInterval[n] as [number, number];
      expect(lo).toBeLessThan(hi);
      expect(r.ST[n]).toBeGreaterThan(lo - 0.05);
      expect(r.ST[n]).toBeLessThan(hi + 0.05);
    }
    const none = sobolAnalyze(ishigami.space, y, 512, { bootstrap: 0 });
    expect(Number.isNaN(none.S1Conf.x1)).toBe(true);
  });
});

describe('bad input', () => {
  const ok: ParameterSpace = { names: ['p', 'q'], lower: [0, 0], upper: [1, 1] };
  const messages = (f: () => unknown): { en: string; zh: string }[] => {
    try {
      f();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      return (err as InputError).problems.map((p) => p.message);
    }
    throw new Error('no error thrown');
  };

  it('bounds with lower ≥ upper', () => {
    const [m] = messages(() => saltelliSample({ names: ['p', 'q'], lower: [0, 2], upper: [1, 2] }, 64));
    expect(m?.en).toMatch(/"q".*lower bound 2 is not below the upper bound 2/);
    expect(m?.zh).toMatch(/下界 2 不小于上界 2/);
  });

  it('unusable N', () => {
    for (const n of [0, 1, 2.5, Number.NaN, -4, 2 ** 40])
      expect(messages(() => saltelliSample(ok, n))[0]?.en).toMatch(/base sample size N/);
  });

  it('Y length not matching the sample', () => {
    const y = new Float64Array(64 * 4 - 1);
    expect(messages(() => sobolAnalyze(ok, y, 64))[0]?.en).toMatch(/255 outputs.*N × \(k \+ 2\) = 256 rows/);
    expect(
      messages(() => sobolAnalyze(ok, new Float64Array(64 * 4), 64, { secondOrder: true }))[0]?.en,
    ).toMatch(/second-order/);
  });

  it('NaN in Y, located by row', () => {
    const s = saltelliSample(ok, 64);
    const y = s.x.filter((_, i) => i % 2 === 0).map((v, i) => v + i);
    y[7] = Number.NaN;
    y[20] = Number.POSITIVE_INFINITY;
    const ms = messages(() => sobolAnalyze(ok, y, 64));
    expect(ms.map((m) => m.en)).toEqual([
      'Output row 8 is not a finite number (got NaN).',
      'Output row 21 is not a finite number (got Infinity).',
    ]);
    expect(ms[0]?.zh).toBe('第 8 行输出不是有限数值（读到 NaN）。');
  });

  it('constant output, duplicate names, bad distributions, bad bootstrap', () => {
    expect(messages(() => sobolAnalyze(ok, new Float64Array(256).fill(3), 64))[0]?.en).toMatch(/no variance/);
    expect(
      messages(() => saltelliSample({ names: ['p', 'p'], lower: [0, 0], upper: [1, 1] }, 8))[0]?.en,
    ).toMatch(/more than once/);
    expect(
      messages(() => saltelliSample({ names: ['p'], lower: [-1], upper: [1], dist: ['loguniform'] }, 8))[0]
        ?.en,
    ).toMatch(/log-uniform/);
    expect(messages(() => saltelliSample({ names: ['p'], lower: [0], upper: [Infinity] }, 8))[0]?.en).toMatch(
      /upper is not a number/,
    );
    expect(messages(() => sobolAnalyze(ok, new Float64Array(256), 64, { bootstrap: 1 }))[0]?.en).toMatch(
      /bootstrap/,
    );
  });
});
