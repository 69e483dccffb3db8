import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlsModel } from '../../src/cli/pls.ts';
import { InputError } from '../../src/io/problems.ts';
import { estimatePls, type PlsData } from '../../src/measure/pls/estimate.ts';
import { henselerOneSided, type MgaResult, multigroupPls } from '../../src/measure/pls/mga.ts';
import { assertPlsModel } from '../../src/measure/pls/model.ts';
import { counterStream } from '../../src/measure/pls/random.ts';
import { climb } from '../helpers.ts';
import { FIXTURES, readNumericCsv } from './pls-helpers.ts';

const MODEL = join(FIXTURES, 'ecsi.model.yaml');
const REGION = join(FIXTURES, 'mga', 'mobi-region.csv');
const mobi = readNumericCsv('mobi.csv');
const ecsi = loadPlsModel(MODEL).model;

/** Seeded random labels 'a' / 'b' for n rows. */
function randomLabels(n: number, seed: number): string[] {
  const s = counterStream(seed, 0);
  return Array.from({ length: n }, () => (s.int(2) === 0 ? 'a' : 'b'));
}

/** Standard normal draws (Box–Muller) from a counter stream. */
function normals(seed: number, counter: number) {
  const s = counterStream(seed, counter);
  return () => Math.sqrt(-2 * Math.log(1 - s.float())) * Math.cos(2 * Math.PI * s.float());
}

/**
 * Two populations of X → Y → Z with X → Z, three items per construct (loading 0.9). The standardised
 * X → Y path is `betaA` in group A and `betaB` in group B; X → Z = 0.4 and Y → Z = 0.3 in both
 * (Z's error variance keeps var(Z) = 1).
 */
function twoPopulations(nPer: number, betaA: number, betaB: number, seed: number) {
  const columns = ['x1', 'x2', 'x3', 'y1', 'y2', 'y3', 'z1', 'z2', 'z3'];
  const values = new Float64Array(2 * nPer * columns.length);
  const groups: string[] = [];
  const rnd = normals(seed, 1);
  const lambda = 0.9;
  const e = Math.sqrt(1 - lambda * lambda);
  for (let i = 0; i < 2 * nPer; i++) {
    const beta = i < nPer ? betaA : betaB;
    groups.push(i < nPer ? 'A' : 'B');
    const x = rnd();
    const y = beta * x + Math.sqrt(1 - beta * beta) * rnd();
    const z = 0.4 * x + 0.3 * y + Math.sqrt(1 - (0.25 + 0.24 * beta)) * rnd();
    [x, x, x, y, y, y, z, z, z].forEach((eta, k) => {
      values[i * columns.length + k] = lambda * eta + e * rnd();
    });
  }
  const model = assertPlsModel({
    constructs: {
      X: { mode: 'A', items: ['x1', 'x2', 'x3'] },
      Y: { mode: 'A', items: ['y1', 'y2', 'y3'] },
      Z: { mode: 'A', items: ['z1', 'z2', 'z3'] },
    },
    paths: [
      { from: 'X', to: ['Y', 'Z'] },
      { from: 'Y', to: 'Z' },
    ],
  });
  return { data: { columns, values } as PlsData, model, groups };
}

function allP(r: MgaResult): number[] {
  return r.comparisons.flatMap((c) =>
    [...c.paths, ...c.loadings].flatMap((p) => [p.pPermutation, p.pHenseler, p.pHenselerOneSided]),
  );
}

describe('multigroupPls', () => {
  it('group estimates are the full estimates on each group; p-values lie in [0, 1]', async () => {
    const labels = randomLabels(250, 11);
    const r = await multigroupPls(mobi, ecsi, labels, { permutations: 40, resamples: 40, seed: 3 });
    expect(r.groups).toEqual([
      { name: 'a', n: labels.filter((g) => g === 'a').length },
      { name: 'b', n: labels.filter((g) => g === 'b').length },
    ]);
    const rowsA = labels.flatMap((g, i) => (g === 'a' ? [i] : []));
    const rowsB = labels.flatMap((g, i) => (g === 'b' ? [i] : []));
    const sub = (rows: number[]): PlsData => {
      const p = mobi.columns.length;
      const values = new Float64Array(rows.length * p);
      rows.forEach((row, i) => {
        values.set(mobi.values.subarray(row * p, (row + 1) * p), i * p);
      });
      return { columns: mobi.columns, values };
    };
    const estA = estimatePls(sub(rowsA), ecsi, { fSquared: false });
    const estB = estimatePls(sub(rowsB), ecsi, { fSquared: false });
    const c = r.comparisons[0];
    expect(c).toBeDefined();
    if (!c) return;
    expect([c.groupA, c.groupB, c.nA, c.nB]).toEqual(['a', 'b', rowsA.length, rowsB.length]);
    c.paths.forEach((p, k) => {
      expect(p.estimates.a).toBeCloseTo(estA.paths[k]?.estimate as number, 12);
      expect(p.estimates.b).toBeCloseTo(estB.paths[k]?.estimate as number, 12);
      expect(p.difference).toBeCloseTo((p.estimates.a as number) - (p.estimates.b as number), 14);
    });
    for (const l of c.loadings)
      expect(l.estimates.a).toBeCloseTo(estA.outerLoadings[l.construct]?.[l.item] as number, 12);
    for (const x of c.rSquared) expect(x.estimates.b).toBeCloseTo(estB.rSquared[x.construct] as number, 12);
    for (const p of allP(r)) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
    // The +1 correction: the smallest possible permutation p is 1/(P+1).
    for (const p of c.paths) expect(p.pPermutation).toBeGreaterThanOrEqual(1 / 41);
    expect(c.permutationsUsed).toBe(40);
  });

  it('random labels on mobi: p-values are not systematically small', { timeout: 60000 }, async () => {
    const ps: number[] = [];
    const ph: number[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const r = await multigroupPls(mobi, ecsi, randomLabels(250, 100 + seed), {
        permutations: 199,
        resamples: 199,
        seed,
      });
      for (const p of r.comparisons[0]?.paths ?? []) {
        ps.push(p.pPermutation);
        ph.push(p.pHenseler);
      }
    }
    expect(ps.length).toBe(96);
    const share = (xs: number[]) => xs.filter((p) => p < 0.05).length / xs.length;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(share(ps)).toBeLessThan(0.1);
    // Henseler's PLS-MGA is known to be somewhat liberal (Sarstedt et al. 2011): observed 10/96 here.
    expect(share(ph)).toBeLessThan(0.15);
    // Roughly uniform: mean near 1/2, and every quarter of [0, 1] is used.
    expect(mean(ps)).toBeGreaterThan(0.35);
    expect(mean(ps)).toBeLessThan(0.65);
    for (let q = 0; q < 4; q++)
      expect(ps.filter((p) => p >= q / 4 && p < (q + 1) / 4).length).toBeGreaterThan(10);
  });

  it('two populations with a different X → Y path: that path p < 0.01, the others not', {
    timeout: 60000,
  }, async () => {
    const { data, model, groups } = twoPopulations(200, 0.7, 0.2, 5);
    const r = await multigroupPls(data, model, groups, { permutations: 499, resamples: 499, seed: 9 });
    const c = r.comparisons[0];
    if (!c) throw new Error('no comparison');
    const byPath = new Map(c.paths.map((p) => [`${p.from}>${p.to}`, p]));
    const xy = byPath.get('X>Y');
    expect(xy?.difference).toBeGreaterThan(0.3);
    expect(xy?.pPermutation).toBeLessThan(0.01);
    expect(xy?.pHenseler).toBeLessThan(0.01);
    // Group A's X → Y is larger: Henseler's P(θA ≤ θB) is near 0.
    expect(xy?.pHenselerOneSided).toBeLessThan(0.005);
    for (const key of ['X>Z', 'Y>Z']) {
      expect(byPath.get(key)?.pPermutation, key).toBeGreaterThan(0.05);
      expect(byPath.get(key)?.pHenseler, key).toBeGreaterThan(0.05);
    }
  });

  it('is identical for 1 and 2 workers and reports progress', { timeout: 60000 }, async () => {
    const labels = randomLabels(250, 5);
    const seen: [number, number][] = [];
    const one = await multigroupPls(mobi, ecsi, labels, {
      permutations: 60,
      resamples: 50,
      seed: 77,
      onProgress: (d, t) => seen.push([d, t]),
    });
    const two = await multigroupPls(mobi, ecsi, labels, {
      permutations: 60,
      resamples: 50,
      seed: 77,
      workers: 2,
    });
    expect(two.workers).toBe(2);
    expect({ ...two, workers: 1 }).toEqual(one);
    expect(seen.at(-1)).toEqual([2 * 50 + 60, 2 * 50 + 60]);
    const other = await multigroupPls(mobi, ecsi, labels, { permutations: 60, resamples: 50, seed: 78 });
    expect(other.comparisons[0]?.paths[0]?.pPermutation).not.toBe(one.comparisons[0]?.paths[0]?.pPermutation);
  });

  it('compares every pair of three groups and leaves out small and unlabelled groups', async () => {
    const s = counterStream(4, 0);
    const labels: (string | null)[] = Array.from({ length: 250 }, (_, i) =>
      i < 4 ? null : i < 9 ? 'tiny' : (['x', 'y', 'z'][s.int(3)] as string),
    );
    labels[10] = '  ';
    const r = await multigroupPls(mobi, ecsi, labels, { permutations: 20, resamples: 20 });
    expect(r.groups.map((g) => g.name)).toEqual(['x', 'y', 'z']);
    expect(r.comparisons.map((c) => [c.groupA, c.groupB])).toEqual([
      ['x', 'y'],
      ['x', 'z'],
      ['y', 'z'],
    ]);
    expect(r.excluded).toEqual({ missingGroup: 5, incomplete: 0, smallGroups: ['tiny'] });
    expect(r.minGroupSize).toBe(10); // largest block: 7 items → 8, at least 10
  });

  it('drops incomplete rows before grouping under listwise deletion', async () => {
    const values = mobi.values.slice();
    values[0] = Number.NaN;
    values[24 * 7 + 3] = Number.NaN;
    const r = await multigroupPls({ columns: mobi.columns, values }, ecsi, randomLabels(250, 1), {
      missing: 'listwise',
      permutations: 10,
      resamples: 10,
    });
    expect(r.excluded.incomplete).toBe(2);
    expect(r.groups.reduce((a, g) => a + g.n, 0)).toBe(248);
  });

  it('refuses unusable groupings with bilingual problems', async () => {
    const fails = async (groups: (string | null)[], key: RegExp) => {
      const err = await multigroupPls(mobi, ecsi, groups, { permutations: 5, resamples: 5 }).catch((e) => e);
      expect(err).toBeInstanceOf(InputError);
      const p = (err as InputError).problems[0];
      expect(p?.message.en).toMatch(key);
      expect(p?.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(p?.fix?.en).toBeTruthy();
      return p;
    };
    await fails(new Array(250).fill(null), /No respondent has a group/);
    await fails(new Array(250).fill('all'), /same group "all"/);
    await fails(['a', 'b'], /2 group labels were given for 250 data rows/);
    await fails(
      Array.from({ length: 250 }, (_, i) => (i < 5 ? 'a' : i < 10 ? 'b' : null)),
      /Fewer than two groups have at least 10/,
    );
  });
});

describe("Henseler's probability", () => {
  const f = (xs: number[]) => Float64Array.from(xs).sort();
  it('counts pairs with b > a, ties as one half', () => {
    expect(henselerOneSided(f([1, 2, 3]), f([1, 2, 3]))).toBeCloseTo(0.5, 15);
    expect(henselerOneSided(f([1, 2]), f([3, 4]))).toBe(1);
    expect(henselerOneSided(f([3, 4]), f([1, 2]))).toBe(0);
    // a = 2: b ∈ {1, 2, 2, 5} → 1 greater + 2 ties·½ = 2 of 4.
    expect(henselerOneSided(f([2]), f([1, 2, 2, 5]))).toBe(0.5);
    expect(henselerOneSided(f([0, 10]), f([1, 2, 2, 5]))).toBe(0.5);
    expect(Number.isNaN(henselerOneSided(f([]), f([1])))).toBe(true);
  });
});

describe('climb pls mga', () => {
  const base = ['pls', 'mga', '--data', REGION, '--model', MODEL, '--group', 'region'];

  it('prints the result object as JSON, equal to multigroupPls', { timeout: 30000 }, async () => {
    const { code, out } = await climb(
      ...base,
      '--permutations',
      '30',
      '--resamples',
      '30',
      '--seed',
      '5',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const json = JSON.parse(out) as MgaResult & { data: unknown };
    expect(json.groups.map((g) => g.name)).toEqual(['north', 'south']);
    expect(json.excluded).toEqual({ missingGroup: 3, incomplete: 0, smallGroups: ['island'] });
    expect(json.data).toEqual({ rows: 250, used: 250, dropped: [] });
    expect(json.comparisons[0]?.paths).toHaveLength(12);
    expect(json.permutations).toBe(30);
    expect(json.seed).toBe(5);
    // The same call on the library, with the region column read as text.
    const labels = readFileSync(REGION, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.slice(line.lastIndexOf(',') + 1) || null);
    const region = readNumericCsv(join('mga', 'mobi-region.csv'));
    const direct = await multigroupPls(region, ecsi, labels, { permutations: 30, resamples: 30, seed: 5 });
    expect(json.comparisons).toEqual(JSON.parse(JSON.stringify(direct.comparisons)));
  });

  it('prints a bilingual text report', { timeout: 30000 }, async () => {
    const en = await climb(...base, '--permutations', '20', '--resamples', '20');
    expect(en.code).toBe(0);
    expect(en.out).toContain('PLS-SEM multigroup analysis');
    expect(en.out).toContain('north (n = 133) vs south (n = 111)');
    expect(en.out).toContain('p (permutation)');
    expect(en.out).toContain('island');
    const zh = await climb(...base, '--permutations', '20', '--resamples', '20', '--lang', 'zh');
    expect(zh.out).toContain('多群组分析');
    expect(zh.out).toContain('p（置换）');
  });

  it('names a missing grouping column, with exit code 1', async () => {
    const en = await climb(...base.slice(0, -1), 'Region');
    expect(en.code).toBe(1);
    expect(en.err).toContain('The grouping column "Region" is not in the data.');
    expect(en.err).toContain('use --group region');
    const zh = await climb(...base.slice(0, -1), 'nope', '--lang', 'zh');
    expect(zh.code).toBe(1);
    expect(zh.err).toContain('数据中没有分组列“nope”');
  });

  it('reports a grouping with a single group on the data file', async () => {
    const one = join(FIXTURES, 'mga', 'mobi-one-sector.csv');
    const r = await climb('pls', 'mga', '--data', one, '--model', MODEL, '--group', 'sector');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${one} sector: Every respondent with a label is in the same group "textiles"`);
  });
});
