import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputError, Problem } from '../../src/io/problems.ts';
import { compileSdModel, loadSdModel, parseSdModel } from '../../src/sd/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'climb-sd-'));

function problemsOf(f: () => unknown): Problem[] {
  try {
    f();
  } catch (err) {
    expect((err as Error).name).toBe('InputError');
    return (err as InputError).problems;
  }
  throw new Error('expected an InputError');
}

function yamlModel(name: string, text: string) {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return () => compileSdModel(loadSdModel(file));
}

const HEAD = `name: probe
time: { start: 0, stop: 10, dt: 1, units: year }
constants:
  - { name: r, value: 0.1, units: 1/year }
  - { name: capacity, value: 100, units: people }
stocks:
  - { name: population, initial: "10", units: people, inflows: [births] }
`;

describe('model errors', () => {
  it('names the cycle among auxiliaries', () => {
    const p = problemsOf(
      yamlModel(
        'cycle',
        `${HEAD}flows:
  - { name: births, equation: "a", units: people/year }
auxiliaries:
  - { name: a, equation: "b * 2" }
  - { name: b, equation: "c + 1" }
  - { name: c, equation: "a / population" }
`,
      ),
    );
    expect(p).toHaveLength(1);
    expect(p[0]?.message.en).toMatch(
      /Circular equations without a stock: (a → b → c → a|b → c → a → b|c → a → b → c)/,
    );
    expect(p[0]?.message.zh).toContain('循环');
    expect(p[0]?.line).toBeGreaterThanOrEqual(10);
  });

  it('reports an undefined name with a suggestion, path and line', () => {
    const p = problemsOf(
      yamlModel(
        'undefined',
        `${HEAD}flows:
  - { name: births, equation: "r * populaton", units: people/year }
`,
      ),
    );
    expect(p[0]?.path).toBe('flows[0].equation');
    expect(p[0]?.line).toBe(9);
    expect(p[0]?.message.en).toContain('"populaton"');
    expect(p[0]?.fix?.en).toContain('Did you mean "population"?');
    // column in the file: the quote is at column 31, so the expression starts at 32 and the name at 36
    expect(p[0]?.column).toBe(36);
  });

  it('reports unit mismatches naming the equation', () => {
    const p = problemsOf(
      yamlModel(
        'units',
        `${HEAD}flows:
  - { name: births, equation: "r * population + capacity", units: people/year }
`,
      ),
    );
    expect(p[0]?.path).toBe('flows[0].equation');
    expect(p[0]?.message.en).toContain('equation of births');
    expect(p[0]?.message.en).toMatch(/people\/year vs people/);
  });

  it('checks that flows are in stock units per time unit', () => {
    const p = problemsOf(
      yamlModel(
        'flowunits',
        `${HEAD}flows:
  - { name: births, equation: "r * capacity * 12", units: people/month }
`,
      ),
    );
    expect(p.map((x) => x.path)).toContain('stocks[0].inflows[0]');
    const flow = p.find((x) => x.path === 'stocks[0].inflows[0]');
    expect(flow?.message.en).toContain('must be in people/year');
  });

  it('checks declared units against the equation', () => {
    const p = problemsOf(
      yamlModel(
        'declared',
        `${HEAD}flows:
  - { name: births, equation: "r * population", units: people/year }
auxiliaries:
  - { name: density, equation: "population / r", units: dmnl }
`,
      ),
    );
    expect(p[0]?.path).toBe('auxiliaries[0].equation');
    expect(p[0]?.message.en).toContain('gives units people*year but density is declared in dmnl');
  });

  it('reports a syntax error with its column in the expression and in the file', () => {
    const p = problemsOf(
      yamlModel(
        'syntax',
        `${HEAD}flows:
  - { name: births, equation: "r * (population + ", units: people/year }
`,
      ),
    );
    expect(p[0]?.path).toBe('flows[0].equation');
    expect(p[0]?.line).toBe(9);
    expect(p[0]?.message.en).toMatch(
      /^Syntax error at column 19 of the equation: the expression ends too early/,
    );
    expect(p[0]?.message.zh).toContain('第 19 列');
    expect(p[0]?.column).toBe(32 + 19 - 1);
  });

  it('reports malformed YAML with its line', () => {
    const p = problemsOf(yamlModel('malformed', `name: probe\ntime: { start: 0, stop: 10\nstocks: []\n`));
    expect(p[0]?.line).toBeGreaterThanOrEqual(2);
    expect(p[0]?.message.en).toMatch(/Not valid YAML/);
  });

  it('reports schema problems, unknown functions, wrong arity, flows that are not flows, duplicates', () => {
    const base = {
      name: 'x',
      time: { stop: 10, dt: 1 },
      stocks: [{ name: 's', initial: '1', inflows: ['f', 'g'] }],
      flows: [{ name: 'f', equation: 'SMOTH(s, 2) + MIN(s)' }],
    };
    const schema = problemsOf(() => parseSdModel({ ...base, time: { stop: 10 } }, { file: 'm.yaml' }));
    expect(schema[0]?.path).toBe('time.dt');
    const model = problemsOf(() => parseSdModel({ ...base, auxiliaries: [{ name: 's', equation: '1' }] }));
    expect(model.map((x) => x.path).sort()).toEqual(['auxiliaries[0].name', 'stocks[0].inflows[1]']);
    const fn = problemsOf(() =>
      compileSdModel(parseSdModel({ ...base, stocks: [{ name: 's', initial: '1' }] })),
    );
    expect(fn[0]?.message.en).toContain('Unknown function "SMOTH"');
    expect(fn[0]?.fix?.en).toContain('"SMOOTH"');
    expect(fn[1]?.message.en).toContain('MIN takes 2 to ∞ argument(s); 1 given');
  });

  it('reports initial values that depend on each other', () => {
    const p = problemsOf(() =>
      compileSdModel(
        parseSdModel({
          name: 'x',
          time: { stop: 10, dt: 1 },
          stocks: [
            { name: 'a', initial: 'b' },
            { name: 'b', initial: 'a + 1' },
          ],
        }),
      ),
    );
    expect(p[0]?.message.en).toMatch(
      /initial values depend on each other in a circle: (a → b → a|b → a → b)/,
    );
  });

  it('rejects a dt that does not divide the run', () => {
    const m = compileSdModel(parseSdModel({ name: 'x', time: { stop: 10, dt: 3 } }));
    expect(problemsOf(() => m.run())[0]?.message.en).toContain('does not divide');
    expect(problemsOf(() => m.run({ dt: 1, saveEvery: 1.5 }))[0]?.message.en).toContain(
      'not a whole multiple',
    );
  });
});
