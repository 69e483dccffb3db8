import { describe, expect, it } from 'vitest';
import { compileSdModel, parseSdModel, type SdRunOptions } from '../../src/sd/index.ts';

/** A model of auxiliaries (and optional stocks) over a clock; returns one series per auxiliary. */
function series(
  auxiliaries: Record<string, string>,
  opts: SdRunOptions & { lookups?: { name: string; points: [number, number][] }[] } = {},
  time = { start: 0, stop: 10, dt: 1 },
) {
  const model = parseSdModel({
    name: 'probe',
    time,
    constants: [{ name: 'k', value: 2 }],
    auxiliaries: Object.entries(auxiliaries).map(([name, equation]) => ({ name, equation })),
    lookups: opts.lookups ?? [],
  });
  const { lookups: _, ...run } = opts;
  const r = compileSdModel(model).run(run);
  return { time: Array.from(r.time), get: (n: string) => Array.from(r.series[n] as Float64Array) };
}

const at = (s: ReturnType<typeof series>, name: string, t: number) => s.get(name)[s.time.indexOf(t)];

describe('time functions', () => {
  it('STEP(height, time) is height from the step time on', () => {
    const s = series({ x: 'STEP(5, 3)' });
    expect(s.get('x').slice(0, 7)).toEqual([0, 0, 0, 5, 5, 5, 5]);
  });
  it('PULSE(start, width) is 1 on [start, start + width)', () => {
    const s = series({ x: 'PULSE(2, 3)', y: 'PULSE(2, 0)' }, { dt: 0.5 });
    expect([1.5, 2, 3, 4.5, 5].map((t) => at(s, 'x', t))).toEqual([0, 1, 1, 1, 0]);
    // width 0 lasts one time step
    expect([1.5, 2, 2.5].map((t) => at(s, 'y', t))).toEqual([0, 1, 0]);
  });
  it('RAMP(slope, start[, end]) rises from start and holds after end', () => {
    const s = series({ x: 'RAMP(2, 1, 3)', y: 'RAMP(2, 1)' });
    expect(s.get('x').slice(0, 6)).toEqual([0, 0, 2, 4, 4, 4]);
    expect(at(s, 'y', 5)).toBe(8);
  });
  it('TIME, TIME_STEP, INITIAL_TIME and FINAL_TIME', () => {
    const s = series({ a: 'TIME', b: 'TIME_STEP', c: 'INITIAL_TIME', d: 'FINAL_TIME' }, { dt: 0.5 });
    expect(at(s, 'a', 3.5)).toBe(3.5);
    expect(s.get('b')[0]).toBe(0.5);
    expect([s.get('c')[0], s.get('d')[0]]).toEqual([0, 10]);
  });
});

describe('arithmetic, comparison and logic', () => {
  it('evaluates the pure built-ins', () => {
    const s = series({
      mn: 'MIN(3, k, 5)',
      mx: 'MAX(-1, k)',
      ab: 'ABS(-k)',
      ex: 'EXP(1)',
      ln: 'LN(EXP(k))',
      sq: 'SQRT(16)',
      pw: 'POW(k, 10)',
      caret: '-k ^ 2 + 2 ^ -1',
      ite: 'IF_THEN_ELSE(k > 1, 10, 20)',
      ite2: 'IF k <= 1 THEN 10 ELSE 20',
      cmp: '(k = 2) + (k <> 2) * 10 + (k >= 2) * 100 + (k < 2) * 1000',
      logic: '(k > 1 and k < 3) + (k < 1 or k > 5) * 10 + (not (k > 1)) * 100',
      modint: 'MOD(7, 3) + INT(-2.5) * 10',
    });
    const v = (n: string) => s.get(n)[0];
    expect(v('mn')).toBe(2);
    expect(v('mx')).toBe(2);
    expect(v('ab')).toBe(2);
    expect(v('ex')).toBeCloseTo(Math.E, 15);
    expect(v('ln')).toBeCloseTo(2, 15);
    expect(v('sq')).toBe(4);
    expect(v('pw')).toBe(1024);
    expect(v('caret')).toBe(-3.5);
    expect(v('ite')).toBe(10);
    expect(v('ite2')).toBe(20);
    expect(v('cmp')).toBe(101);
    expect(v('logic')).toBe(1);
    expect(v('modint')).toBe(-19);
  });
});

describe('lookups', () => {
  it('interpolates linearly and clamps at the ends', () => {
    const s = series(
      { y: 'f(TIME - 1)', z: 'LOOKUP(f, 0.5)' },
      {
        lookups: [
          {
            name: 'f',
            points: [
              [0, 0],
              [1, 2],
              [3, 3],
            ],
          },
        ],
        dt: 0.5,
      },
    );
    expect([0, 1, 1.5, 2, 3, 4, 8].map((t) => at(s, 'y', t))).toEqual([0, 0, 1, 2, 2.5, 3, 3]);
    expect(s.get('z')[0]).toBe(1);
  });
});

describe('stateful functions (hidden stocks)', () => {
  const grid = { start: 0, stop: 20, dt: 1 / 64 };
  it('SMOOTH of a step is 1 − exp(−t/τ) within solver error', () => {
    const s = series(
      { x: 'SMOOTH(STEP(1, 1), 2)', y: 'SMOOTH(1, 2, 0)' },
      { method: 'rk4', saveEvery: 1 },
      grid,
    );
    for (const t of [0, 1, 2, 5, 10, 20]) {
      // a step from 0 to 1 at t = 0 (initial value 0, input 1): smooth, so RK4 is accurate to ~1e-10
      expect(at(s, 'y', t)).toBeCloseTo(1 - Math.exp(-t / 2), 9);
      // a STEP inside the run: RK4's last stage before the step already sees it, an O(dt) error
      expect(Math.abs((at(s, 'x', t) as number) - (t < 1 ? 0 : 1 - Math.exp(-(t - 1) / 2)))).toBeLessThan(
        0.01,
      );
    }
  });
  it('SMOOTH3 of a step is the third-order (Erlang) response', () => {
    const s = series({ x: 'SMOOTH3(1, 3, 0)' }, { method: 'rk4', saveEvery: 1 }, grid);
    for (const t of [1, 3, 6, 12]) {
      const u = t; // 3t/τ with τ = 3
      expect(at(s, 'x', t)).toBeCloseTo(1 - Math.exp(-u) * (1 + u + (u * u) / 2), 9);
    }
  });
  it('DELAY1 of a step is 1 − exp(−t/τ); DELAY1 and DELAY3 start in steady state', () => {
    const s = series(
      { a: 'DELAY1(1, 4, 0)', b: 'DELAY1(10, 4)', c: 'DELAY3(10, 6)', d: 'DELAY3(10, 6, 5)' },
      { method: 'rk4', saveEvery: 1 },
      { start: 0, stop: 120, dt: 1 / 64 },
    );
    for (const t of [0, 2, 8, 20]) expect(at(s, 'a', t)).toBeCloseTo(1 - Math.exp(-t / 4), 9);
    expect(Math.max(...s.get('b').map((x) => Math.abs(x - 10)))).toBeLessThan(1e-12);
    expect(Math.max(...s.get('c').map((x) => Math.abs(x - 10)))).toBeLessThan(1e-12);
    // started at 5 with input 10: the third-order response 1 − e^(−u)(1 + u + u²/2), u = 3t/6,
    // settling at the input (steady state)
    expect(at(s, 'd', 0)).toBe(5);
    for (const t of [2, 6, 12]) {
      const u = t / 2;
      expect(at(s, 'd', t)).toBeCloseTo(5 + 5 * (1 - Math.exp(-u) * (1 + u + (u * u) / 2)), 9);
    }
    expect(at(s, 'd', 120)).toBeCloseTo(10, 9);
  });
  it('INTEG(rate, init) integrates its rate', () => {
    const s = series({ x: 'INTEG(k, 1)', y: 'INTEG(-y, 1)' }, { method: 'rk4', saveEvery: 1 }, grid);
    expect(at(s, 'x', 10)).toBeCloseTo(21, 10);
    expect(at(s, 'y', 5)).toBeCloseTo(Math.exp(-5), 10);
  });
});

describe('solvers', () => {
  const gauss = parseSdModel({
    name: 'gauss',
    time: { start: 0, stop: 3, dt: 0.1, method: 'rk45', saveEvery: 0.5 },
    stocks: [{ name: 'y', initial: '1', outflows: ['decay'] }],
    flows: [{ name: 'decay', equation: '2 * TIME * y' }],
  });
  it('RK45 solves y′ = −2ty (y = exp(−t²)) to its tolerance', () => {
    const r = compileSdModel(gauss).run({ rtol: 1e-10, atol: 1e-12 });
    expect(Array.from(r.time)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    r.time.forEach((t, i) => {
      expect(Math.abs((r.series.y?.[i] as number) - Math.exp(-t * t))).toBeLessThan(1e-9);
    });
  });
  it('RK4 error shrinks as dt⁴, Euler as dt', () => {
    const m = compileSdModel(gauss);
    const err = (method: 'euler' | 'rk4', dt: number) =>
      Math.abs((m.run({ method, dt, saveEvery: 0.5 }).series.y?.[2] as number) - Math.exp(-1));
    expect(err('rk4', 0.1) / err('rk4', 0.05)).toBeGreaterThan(14);
    expect(err('euler', 0.1) / err('euler', 0.05)).toBeGreaterThan(1.8);
  });
  it('runInto with overridden constants equals run with a record, and recomputes initial values', () => {
    const model = parseSdModel({
      name: 'growth',
      time: { start: 0, stop: 5, dt: 0.25, method: 'rk4', saveEvery: 1 },
      constants: [
        { name: 'g', value: 0.1 },
        { name: 'x0', value: 3 },
      ],
      stocks: [{ name: 'x', initial: 'x0 * 2', inflows: ['grow'] }],
      flows: [{ name: 'grow', equation: 'g * x' }],
    });
    const m = compileSdModel(model);
    const p = m.defaultConstants();
    p[m.constantIndex('g')] = 0.2;
    p[m.constantIndex('x0')] = 1;
    const vars = Int32Array.of(m.variableIndex('x'), m.variableIndex('grow'));
    const out = new Float64Array(m.saveCount() * 2);
    m.runInto(p, vars, out);
    m.runInto(p, vars, out); // reuse of the workspace gives the same answer
    const r = m.run({ constants: { g: 0.2, x0: 1 } });
    expect(out[0]).toBe(2);
    expect(out[10]).toBe(r.series.x?.[5]);
    expect(out[10]).toBeCloseTo(2 * Math.exp(1), 5);
    expect(m.defaultConstants()[0]).toBe(0.1);
    expect(m.constantIndex('nope')).toBe(-1);
    expect(() => m.run({ constants: { gg: 1 } })).toThrow(/not a constant/);
  });
  it('clamps non-negative stocks at zero', () => {
    const m = compileSdModel(
      parseSdModel({
        name: 'drain',
        time: { start: 0, stop: 4, dt: 1 },
        stocks: [{ name: 'tank', initial: '5', outflows: ['drain'], nonNegative: true }],
        flows: [{ name: 'drain', equation: '3' }],
      }),
    );
    expect(Array.from(m.run().series.tank as Float64Array)).toEqual([5, 2, 0, 0, 0]);
  });
  it('hides the stocks of SMOOTH and DELAY from the reported names', () => {
    const m = compileSdModel(
      parseSdModel({
        name: 'h',
        time: { start: 0, stop: 1, dt: 0.5 },
        stocks: [{ name: 's', initial: '0', inflows: ['f'] }],
        flows: [{ name: 'f', equation: 'DELAY3(1, 3)' }],
        auxiliaries: [{ name: 'a', equation: 'SMOOTH(s, 1)' }],
      }),
    );
    expect(m.stockNames).toEqual(['s']);
    expect(m.variableNames).toEqual(['s', 'f', 'a']);
  });
});
