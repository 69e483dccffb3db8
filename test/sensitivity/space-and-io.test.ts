import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/io/problems.ts';
import { morrisSample, type ParameterSpace, saltelliSample } from '../../src/sensitivity/index.ts';
import { readOutputs, readParameterSpace, readSample, sampleCsv } from '../../src/sensitivity/io.ts';
import { drawIndices } from '../../src/sensitivity/resample.ts';
import { normalCdf, normalQuantile } from '../../src/sensitivity/space.ts';

const dir = mkdtempSync(join(tmpdir(), 'climb-sa-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function column(x: Float64Array, k: number, i: number): number[] {
  const out: number[] = [];
  for (let r = i; r < x.length; r += k) out.push(x[r] as number);
  return out;
}
const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const sd = (v: number[]) => {
  const m = mean(v);
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
};

describe('distributions (inverse CDF of the unit sample)', () => {
  it('normal quantile and CDF to double precision', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(0.5)).toBe(0);
    // Far tail: Hart's CDF is accurate in absolute terms (~1e-15), about 1e-9 relative at 1e-10.
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 8);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 14);
    for (const p of [1e-8, 0.01, 0.3, 0.7, 0.99, 1 - 1e-12])
      expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 7);
  });

  it('maps uniform, log-uniform, triangular and (truncated) normal factors', () => {
    const space: ParameterSpace = {
      names: ['u', 'log', 'tri', 'norm', 'trunc'],
      lower: [2, 1, 0, -Infinity, 0],
      upper: [4, 1000, 3, Infinity, Infinity],
      dist: [
        'uniform',
        'loguniform',
        { kind: 'triangular', mode: 1 },
        { kind: 'normal', mean: 5, sd: 2 },
        { kind: 'normal', mean: 0, sd: 1 },
      ],
    };
    const s = saltelliSample(space, 4096, { scramble: true, seed: 1 });
    const [u, lg, tri, norm, trunc] = [0, 1, 2, 3, 4].map((i) => column(s.x, 5, i)) as number[][];
    expect(mean(u as number[])).toBeCloseTo(3, 2);
    expect(mean((lg as number[]).map(Math.log10))).toBeCloseTo(1.5, 2);
    expect(Math.min(...(lg as number[]))).toBeGreaterThanOrEqual(1);
    expect(mean(tri as number[])).toBeCloseTo(4 / 3, 2);
    expect(mean(norm as number[])).toBeCloseTo(5, 2);
    expect(sd(norm as number[])).toBeCloseTo(2, 1);
    expect(Math.min(...(trunc as number[]))).toBeGreaterThanOrEqual(0);
    expect(mean(trunc as number[])).toBeCloseTo(Math.sqrt(2 / Math.PI), 2);
    // Morris levels of an unbounded normal are bin midpoints: finite values.
    const m = morrisSample(space, { trajectories: 10, seed: 1 });
    expect(Array.from(m.x).every(Number.isFinite)).toBe(true);
  });
});

describe('parameter-space files', () => {
  it('reads the list, map and SALib forms of YAML and the CSV form', () => {
    const list = readParameterSpace(
      file(
        'list.yaml',
        'parameters:\n  - { name: a, lower: 0, upper: 1 }\n  - { name: b, lower: 1, upper: 10, dist: loguniform }\n  - { name: c, dist: normal, mean: 0, sd: 2 }\n',
      ),
    );
    expect(list.names).toEqual(['a', 'b', 'c']);
    expect(list.lower).toEqual([0, 1, -Infinity]);
    expect(list.dist).toEqual(['uniform', 'loguniform', { kind: 'normal', mean: 0, sd: 2 }]);
    const map = readParameterSpace(
      file('map.yaml', 'parameters:\n  a: { lower: 0, upper: 1 }\n  b: { lower: -1, upper: 1 }\n'),
    );
    expect(map.names).toEqual(['a', 'b']);
    const salib = readParameterSpace(file('salib.json', '{"names": ["x", "y"], "bounds": [[0, 1], [2, 3]]}'));
    expect(salib.upper).toEqual([1, 3]);
    const csv = readParameterSpace(
      file('space.csv', 'name,lower,upper,dist,mode\nx,0,1,,\ny,0,4,triangular,1\n'),
    );
    expect(csv.dist).toEqual(['uniform', { kind: 'triangular', mode: 1 }]);
  });

  it('locates problems by line', () => {
    const f = file(
      'bad.yaml',
      'parameters:\n  - { name: a, lower: 0, upper: 1 }\n  - { name: b, lower: x, upper: 1 }\n',
    );
    try {
      readParameterSpace(f);
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      const p = (err as InputError).problems[0];
      expect(p?.line).toBe(3);
      expect(p?.path).toBe('parameters[1].lower');
    }
    const g = file('bad.csv', 'name,lower,upper\na,0,1\nb,5,1\n');
    const space = readParameterSpace(g);
    expect(() => saltelliSample(space, 8)).toThrow(/lower bound 5 is not below the upper bound 1/);
  });
});

describe('sample and output CSV', () => {
  it('writes numbers that read back exactly, and finds the output column', () => {
    const space: ParameterSpace = { names: ['a', 'b'], lower: [0, -1], upper: [1, 1] };
    const s = saltelliSample(space, 16, { scramble: true, seed: 2 });
    const text = sampleCsv(space.names, s.x);
    const f = file('s.csv', text);
    expect(Array.from(readSample(f, space.names))).toEqual(Array.from(s.x));
    const lines = text.trim().split('\n');
    const withY = file(
      'sy.csv',
      [`${lines[0]},out`, ...lines.slice(1).map((l, i) => `${l},${i}`)].join('\n'),
    );
    const t = readOutputs(withY, space.names);
    expect(t.column).toBe('out');
    expect(t.y[5]).toBe(5);
    expect(Array.from(t.x as Float64Array)).toEqual(Array.from(s.x));
    const noHeader = file('y.csv', '1\n2\n3\n');
    expect(Array.from(readOutputs(noHeader, space.names).y)).toEqual([1, 2, 3]);
    const bad = file('ybad.csv', 'y\n1\nNaN\n\n3\nabc\n');
    try {
      readOutputs(bad, space.names);
      throw new Error('no error');
    } catch (err) {
      const ps = (err as InputError).problems;
      expect(ps.map((p) => p.line)).toEqual([3, 6]);
      expect(ps[1]?.message.en).toBe('Column "y": "abc" is not a finite number.');
    }
  });
});

describe('bootstrap draws', () => {
  it('are uniform, reproducible and independent of other resamples', () => {
    const n = 7;
    const out = drawIndices(5, 3, n, new Int32Array(70000));
    const hist = new Array(n).fill(0);
    for (const v of out) hist[v]++;
    for (const h of hist) expect(Math.abs(h - 10000)).toBeLessThan(400);
    expect(Array.from(drawIndices(5, 3, n, new Int32Array(100)))).toEqual(Array.from(out.subarray(0, 100)));
    expect(Array.from(drawIndices(5, 4, n, new Int32Array(100)))).not.toEqual(
      Array.from(out.subarray(0, 100)),
    );
    const big = drawIndices(1, 0, 2 ** 24, new Int32Array(20000));
    expect(Math.min(...big)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...big)).toBeLessThan(2 ** 24);
    expect(Math.max(...big)).toBeGreaterThan(2 ** 23);
  });
});
