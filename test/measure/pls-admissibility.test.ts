import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InputError } from '../../src/io/problems.ts';
import type { PlsWarningCode } from '../../src/measure/pls/admissibility.ts';
import { estimatePls, type PlsData } from '../../src/measure/pls/estimate.ts';
import { assertPlsModel } from '../../src/measure/pls/model.ts';
import { FIXTURES, plsCli, readNumericCsv } from './pls-helpers.ts';

const MOBI = readNumericCsv('mobi.csv');
const RAW = parse(readFileSync(join(FIXTURES, 'ecsi.model.yaml'), 'utf8'));
const ECSI = assertPlsModel(RAW);
const codes = (ws: { code: PlsWarningCode }[]) => ws.map((w) => w.code);
const CJK = /[\u4e00-\u9fff]/;

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

/** Two reflective constructs with two items each, random loadings 0.3–1, n = 60: small PLSc samples. */
function smallPlsc(seed: number): PlsData {
  const r = rng(seed);
  const n = 60;
  const l = [0, 1, 2, 3].map(() => 0.3 + 0.7 * r());
  const values = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) {
    const f = normal(r);
    const g = 0.6 * f + 0.8 * normal(r);
    [f, f, g, g].forEach((x, k) => {
      values[i * 4 + k] = (l[k] as number) * x + Math.sqrt(1 - (l[k] as number) ** 2) * normal(r);
    });
  }
  return { columns: ['a1', 'a2', 'b1', 'b2'], values };
}
const PLSC = assertPlsModel({
  constructs: {
    A: { mode: 'A', items: ['a1', 'a2'], reflective: true },
    B: { mode: 'A', items: ['b1', 'b2'], reflective: true },
  },
  paths: [{ from: 'A', to: 'B' }],
});

/** mobi with one column changed or added. */
function mobiWith(column: string, f: (row: number) => number): PlsData {
  const p = MOBI.columns.length;
  const n = MOBI.values.length / p;
  const at = MOBI.columns.indexOf(column);
  const columns = at >= 0 ? MOBI.columns : [...MOBI.columns, column];
  const q = columns.length;
  const values = new Float64Array(n * q);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < p; k++) values[i * q + k] = MOBI.values[i * p + k] as number;
    values[i * q + (at >= 0 ? at : p)] = f(i);
  }
  return { columns, values };
}

describe('admissibility warnings', () => {
  it('mobi: AVE below 0.5 and HTMT above 0.9, bilingual, with construct names', () => {
    const r = estimatePls(MOBI, ECSI);
    expect(codes(r.warnings)).toEqual(['aveLow', 'aveLow', 'htmtHigh', 'htmtHigh', 'htmtHigh', 'htmtHigh']);
    expect(r.warnings[0]).toMatchObject({ code: 'aveLow', construct: 'Image' });
    expect(r.warnings[0]?.value).toBeCloseTo(r.reliability.Image?.ave as number, 15);
    expect(r.warnings[2]).toMatchObject({ code: 'htmtHigh', construct: 'Image', other: 'Quality' });
    for (const w of r.warnings) {
      expect(w.message.en).not.toMatch(CJK);
      expect(w.message.zh).toMatch(CJK);
    }
  });

  it('non-convergence (iterations at the maximum)', () => {
    const r = estimatePls(MOBI, ECSI, { maxIter: 1 });
    expect(r.converged).toBe(false);
    expect(codes(r.warnings)[0]).toBe('notConverged');
    expect(r.warnings[0]?.message.en).toMatch(/did not converge within 1 iteration/);
  });

  it('a singular (collinear) indicator block and a negative loading', () => {
    const dup = mobiWith(
      'IMAG6',
      (i) => MOBI.values[i * MOBI.columns.length + MOBI.columns.indexOf('IMAG1')] as number,
    );
    const m = assertPlsModel({
      ...RAW,
      constructs: {
        ...RAW.constructs,
        Image: { mode: 'A', items: ['IMAG1', 'IMAG2', 'IMAG3', 'IMAG4', 'IMAG5', 'IMAG6'] },
      },
    });
    const r = estimatePls(dup, m);
    expect(r.warnings.find((w) => w.code === 'singularBlock')).toMatchObject({ construct: 'Image' });
    expect(r.vif.items.Image?.IMAG1).toBeNaN();
    const rev = mobiWith(
      'CUEX3',
      (i) => 11 - (MOBI.values[i * MOBI.columns.length + MOBI.columns.indexOf('CUEX3')] as number),
    );
    const r2 = estimatePls(rev, ECSI);
    expect(r2.warnings.find((w) => w.code === 'negativeLoading')).toMatchObject({
      construct: 'Expectation',
      item: 'CUEX3',
    });
  });

  it('PLSc Heywood cases: loading > 1, negative reliability, R² outside 0–1, correlation beyond ±1', () => {
    // Small PLSc samples with random loadings: a deterministic scan over seeds finds each case.
    const wanted = [
      'loadingAboveOne',
      'negativeReliability',
      'rSquaredOutOfRange',
      'correlationAboveOne',
    ] as const;
    const found = new Map<PlsWarningCode, number>();
    for (let seed = 1; seed <= 400 && !wanted.every((c) => found.has(c)); seed++) {
      const r = estimatePls(smallPlsc(seed), PLSC);
      for (const w of r.warnings) if (!found.has(w.code)) found.set(w.code, seed);
      const l = Object.values(r.outerLoadings).flatMap((x) => Object.values(x));
      if (l.some((v) => Math.abs(v) > 1)) expect(codes(r.warnings)).toContain('loadingAboveOne');
      const r2 = r.rSquared.B as number;
      if (!(r2 >= 0 && r2 <= 1)) expect(codes(r.warnings)).toContain('rSquaredOutOfRange');
    }
    for (const code of [
      'loadingAboveOne',
      'negativeReliability',
      'rSquaredOutOfRange',
      'correlationAboveOne',
    ] as const)
      expect(found.has(code), code).toBe(true);
    const heywood = estimatePls(smallPlsc(found.get('loadingAboveOne') as number), PLSC);
    const w = heywood.warnings.find((x) => x.code === 'loadingAboveOne');
    expect(Math.abs(w?.value as number)).toBeGreaterThan(1);
    expect(w?.message.zh).toContain('Heywood');
  });
});

describe('Chinese model-validation messages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'climb-pls-adm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The error `climb pls …` throws, or undefined. */
  const run = (...args: string[]): Promise<unknown> =>
    plsCli(...args).then(
      () => undefined,
      (e) => e,
    );

  it('an invalid model yields Chinese messages with --lang zh (every problem, located)', async () => {
    const model = join(dir, 'bad.yaml');
    writeFileSync(
      model,
      [
        'constructs:',
        '  Image: { mode: C, items: [IMAG1, IMAG1] }',
        '  Value: { mode: A, items: [PERV1], colour: red }',
        '  IxV: { interaction: [Image, Value], method: orthogonal }',
        'paths:',
        '  - { from: Image, to: [Value, Ghost] }',
        '  - { from: Value, to: Image }',
        '',
      ].join('\n'),
    );
    const err = await run('estimate', '--data', join(FIXTURES, 'mobi.csv'), '--model', model, '--lang', 'zh');
    expect(err).toBeInstanceOf(InputError);
    const problems = (err as InputError).problems;
    expect(problems.length).toBeGreaterThanOrEqual(6);
    for (const p of problems) {
      expect(p.message.zh).toMatch(CJK);
      expect(p.message.zh).not.toMatch(/\b(must|unknown|declared|cycle|twice)\b/);
      expect(p.message.en).not.toMatch(CJK);
    }
    const zh = problems.map((p) => p.message.zh).join('\n');
    expect(zh).toContain('mode 必须是 A 或 B');
    expect(zh).toContain('两次列出题项“IMAG1”');
    expect(zh).toContain('未知的键“colour”');
    expect(zh).toContain('不支持方法 “orthogonal”');
    expect(zh).toContain('构念“Ghost”没有在 constructs 中声明');
    expect(problems.find((p) => p.path === 'constructs.Image.mode')?.line).toBe(2);
  });

  it('data problems found by the estimator are bilingual too', async () => {
    const model = join(dir, 'ok.yaml');
    writeFileSync(
      model,
      'constructs:\n  A: { mode: A, items: [IMAG1, NOPE] }\n  B: { mode: A, items: [CUEX1] }\npaths:\n  - { from: A, to: B }\n',
    );
    const err = await run('estimate', '--data', join(FIXTURES, 'mobi.csv'), '--model', model, '--lang', 'zh');
    expect(err).toBeInstanceOf(Error);
    const text = err instanceof InputError ? err.problems.map((p) => p.message.zh).join('\n') : String(err);
    expect(text).toMatch(CJK);
  });
});
