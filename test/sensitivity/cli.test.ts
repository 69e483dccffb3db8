import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ishigami } from '../../src/sensitivity/index.ts';
import { climb } from '../helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'climb-sa-cli-'));

describe('climb sensitivity --function', () => {
  it('prints Sobol indices as JSON with the fixed keys', async () => {
    const r = await climb('sensitivity', '--function', 'ishigami', '--samples', '4096', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    for (const key of ['S1', 'ST', 'S1Conf', 'STConf'])
      expect(Object.keys(j[key])).toEqual(['x1', 'x2', 'x3']);
    expect(j.S1.x1).toBeCloseTo(ishigami.analytic.S1.x1 as number, 1);
    expect(j.ST.x3).toBeCloseTo(ishigami.analytic.ST.x3 as number, 1);
    expect(j.N).toBe(4096);
    expect(j.runs).toBe(4096 * 5);
    expect(j.bootstrap).toBe(100);
    expect(j.analytic.S1.x2).toBeCloseTo(0.4424, 4);
  });

  it('prints Morris measures as JSON, reproducibly by seed', async () => {
    const args = [
      'sensitivity',
      '--function',
      'sobol-g',
      '--method',
      'morris',
      '--samples',
      '30',
      '--format',
      'json',
    ];
    const a = await climb(...args, '--seed', '7');
    const b = await climb(...args, '--seed', '7');
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const j = JSON.parse(a.out);
    for (const key of ['muStar', 'sigma', 'mu']) expect(Object.keys(j[key])).toHaveLength(8);
    expect(j.muStar.x1).toBeGreaterThan(j.muStar.x8);
  });

  it('prints a text table in English and Chinese, with second order', async () => {
    const en = await climb('sensitivity', '--function', 'ishigami', '--samples', '512', '--second-order');
    expect(en.code).toBe(0);
    expect(en.out).toMatch(/Sobol' indices of ishigami: N = 512 \(4096 model runs/);
    expect(en.out).toMatch(/x1 × x3/);
    const zh = await climb('sensitivity', '--function', 'ishigami', '--method', 'morris', '--lang', 'zh');
    expect(zh.out).toMatch(/ishigami 的 Morris 基本效应：20 条轨迹/);
  });

  it('rejects bad usage with exit 2', async () => {
    expect((await climb('sensitivity')).code).toBe(2);
    expect((await climb('sensitivity', '--function', 'nope')).code).toBe(2);
    expect((await climb('sensitivity', '--function', 'ishigami', '--samples', '1')).code).toBe(2);
    expect((await climb('sensitivity', 'ws.yaml', '--function', 'ishigami')).code).toBe(2);
  });
});

describe('climb sensitivity <workspace>', () => {
  it('delegates to src/simulate/sensitivity.ts (a bad output is an input error)', async () => {
    const r = await climb('sensitivity', 'ningbo-garments', '--output', 'noSuchOutput', '--samples', '4');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/noSuchOutput/);
  });

  it('passes --free-start on to the GUM runs', async () => {
    const args = [
      'sensitivity',
      'ningbo-garments',
      '--method',
      'morris',
      '--samples',
      '2',
      '--format',
      'json',
    ];
    const eq = JSON.parse((await climb(...args)).out) as { start: string };
    const free = JSON.parse((await climb(...args, '--free-start')).out) as { start: string };
    expect(eq.start).toBe('equilibrium');
    expect(free.start).toBe('free');
    expect(free).not.toEqual({ ...eq, start: 'free' });
  });

  it('passes --second-order, --scramble and --levels on to the GUM design', async () => {
    const sobol = ['sensitivity', 'ningbo-garments', '--samples', '8', '--format', 'json'];
    const first = JSON.parse((await climb(...sobol)).out) as { runs: number; S2?: unknown };
    const second = JSON.parse((await climb(...sobol, '--second-order')).out) as {
      runs: number;
      parameters: string[];
      S2?: unknown;
    };
    const k = second.parameters.length;
    expect(first.runs).toBe(8 * (k + 2));
    expect(second.runs).toBe(8 * (2 * k + 2));
    expect(first.S2).toBeUndefined();
    expect(second.S2).toBeDefined();
    const owen = JSON.parse((await climb(...sobol, '--scramble', 'owen')).out) as { ST: number[] };
    expect(owen.ST).not.toEqual((first as unknown as { ST: number[] }).ST);
    const morris = [
      'sensitivity',
      'ningbo-garments',
      '--method',
      'morris',
      '--samples',
      '3',
      '--format',
      'json',
    ];
    const l4 = JSON.parse((await climb(...morris)).out) as { levels: number; muStar: number[] };
    const l8 = JSON.parse((await climb(...morris, '--levels', '8')).out) as {
      levels: number;
      muStar: number[];
    };
    expect([l4.levels, l8.levels]).toEqual([4, 8]);
    expect(l8.muStar).not.toEqual(l4.muStar);
  });
});

describe('climb sensitivity sample / analyze with an external model', () => {
  const space = join(dir, 'space.yaml');
  writeFileSync(
    space,
    'parameters:\n' +
      ['x1', 'x2', 'x3']
        .map((n) => `  - { name: ${n}, lower: -3.141592653589793, upper: 3.141592653589793 }\n`)
        .join(''),
  );
  const model = (csvText: string, withInputs: boolean): string => {
    const lines = csvText.trim().split('\n');
    const ys = lines.slice(1).map((l) => ishigami.f(l.split(',').map(Number)));
    return withInputs
      ? [`${lines[0]},f`, ...lines.slice(1).map((l, i) => `${l},${ys[i]}`)].join('\n')
      : ['f', ...ys.map(String)].join('\n');
  };

  it('Sobol: sample to CSV, run the model elsewhere, analyse the outputs', async () => {
    const sample = join(dir, 'sobol.csv');
    const s = await climb(
      'sensitivity',
      'sample',
      '--params',
      space,
      '--samples',
      '2048',
      '--out',
      sample,
      '--seed',
      '3',
    );
    expect(s.code).toBe(0);
    expect(s.out).toMatch(/10240 rows × 3 parameters/);
    const outputs = join(dir, 'sobol-y.csv');
    writeFileSync(outputs, model(readFileSync(sample, 'utf8'), false));
    const r = await climb(
      'sensitivity',
      'analyze',
      '--params',
      space,
      '--outputs',
      outputs,
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.N).toBe(2048);
    for (const n of ['x1', 'x2', 'x3']) {
      expect(Math.abs(j.S1[n] - (ishigami.analytic.S1[n] as number))).toBeLessThan(0.03);
      expect(Math.abs(j.ST[n] - (ishigami.analytic.ST[n] as number))).toBeLessThan(0.03);
    }
    // The sample CSV with the output appended is checked for the Saltelli layout.
    const both = join(dir, 'sobol-xy.csv');
    writeFileSync(both, model(readFileSync(sample, 'utf8'), true));
    const again = await climb(
      'sensitivity',
      'analyse',
      '--params',
      space,
      '--outputs',
      both,
      '--format',
      'json',
    );
    expect(JSON.parse(again.out).S1).toEqual(j.S1);
  });

  it('Morris: the outputs file may carry the sample columns', async () => {
    const sample = join(dir, 'morris.csv');
    const s = await climb(
      'sensitivity',
      'sample',
      '--method',
      'morris',
      '--params',
      space,
      '--samples',
      '200',
      '--out',
      sample,
    );
    expect(s.code).toBe(0);
    const outputs = join(dir, 'morris-xy.csv');
    writeFileSync(outputs, model(readFileSync(sample, 'utf8'), true));
    const r = await climb(
      'sensitivity',
      'analyze',
      '--method',
      'morris',
      '--params',
      space,
      '--outputs',
      outputs,
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.trajectories).toBe(200);
    expect(j.muStar.x2).toBeCloseTo(7.875, 8);
    // Analysed as a Sobol sample, the Morris rows are refused.
    const wrong = await climb('sensitivity', 'analyze', '--params', space, '--outputs', outputs);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/layout of a Saltelli sample/);
  });

  it('reports bad inputs with exit 1 and a located, bilingual message', async () => {
    const sample = join(dir, 'small.csv');
    await climb('sensitivity', 'sample', '--params', space, '--samples', '8', '--out', sample);
    const lines = readFileSync(sample, 'utf8').trim().split('\n').slice(1);
    const outputs = join(dir, 'small-y.csv');
    writeFileSync(outputs, ['y', ...lines.map((_, i) => (i === 6 ? 'NaN' : String(i)))].join('\n'));
    const r = await climb('sensitivity', 'analyze', '--params', space, '--outputs', outputs, '--lang', 'zh');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/small-y\.csv:8 y: “y”列：“NaN”不是有限数值/);
    writeFileSync(outputs, ['y', ...lines.slice(1).map(String)].join('\n'));
    const short = await climb('sensitivity', 'analyze', '--params', space, '--outputs', outputs);
    expect(short.code).toBe(1);
    expect(short.err).toMatch(/39 outputs/);
    const badSpace = join(dir, 'bad.yaml');
    writeFileSync(badSpace, 'parameters:\n  - { name: a, lower: 1, upper: 0 }\n');
    const b = await climb('sensitivity', 'sample', '--params', badSpace);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/lower bound 1 is not below the upper bound 0/);
    expect((await climb('sensitivity', 'sample')).code).toBe(2);
    expect((await climb('sensitivity', 'analyze', '--params', space)).code).toBe(2);
  });
});
