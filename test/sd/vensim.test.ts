/** Vensim .mdl import (src/sd/vensim.ts): the reference models agree with their YAML versions. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/io/problems.ts';
import { compileSdModel, loadSdModel, type SdMethod } from '../../src/sd/index.ts';
import { importVensim, vensimName } from '../../src/sd/vensim.ts';
import { maxAbsDiff, SD_FIXTURES } from './helpers.ts';

/** Runs the .mdl and the .yaml version with the same method and step; returns the worst difference. */
function agree(name: string, method: SdMethod): number {
  const a = compileSdModel(loadSdModel(join(SD_FIXTURES, `${name}.mdl`)));
  const b = compileSdModel(loadSdModel(join(SD_FIXTURES, `${name}.yaml`)));
  const ra = a.run({ method });
  const rb = b.run({ method });
  expect(Array.from(ra.time)).toEqual(Array.from(rb.time));
  const byLower = new Map(Object.keys(ra.series).map((k) => [k.toLowerCase(), k]));
  let worst = 0;
  let compared = 0;
  for (const [k, v] of Object.entries(rb.series)) {
    const other = byLower.get(k.toLowerCase());
    if (!other) continue;
    compared++;
    worst = Math.max(worst, maxAbsDiff(ra.series[other] as Float64Array, v));
  }
  expect(compared).toBeGreaterThanOrEqual(b.stockNames.length);
  return worst;
}

const mdl = (
  body: string,
  control = 'INITIAL TIME = 0 ~ Month ~ |\nFINAL TIME = 4 ~ Month ~ |\nTIME STEP = 1 ~ Month ~ |\n',
) => `{UTF-8}\n${body}\n${control}\\\\\\---/// Sketch information\nV300\n*View 1\n`;

const problem = (text: string) => {
  try {
    importVensim(text, 'bad.mdl');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems[0];
  }
  throw new Error('no error');
};

describe('Vensim .mdl import', () => {
  for (const name of ['logistic', 'sir', 'lotka-volterra', 'supply-line'])
    it(`solves ${name}.mdl as its YAML version (Euler and RK4, to 1e-12)`, () => {
      expect(agree(name, 'euler')).toBeLessThan(1e-12);
      expect(agree(name, 'rk4')).toBeLessThan(1e-12);
    });

  it('reads the control section, names with spaces and quotes, units, comments, stocks and inferred flows', () => {
    const m = loadSdModel(join(SD_FIXTURES, 'sir.mdl'));
    expect(m.time).toMatchObject({
      start: 0,
      stop: 100,
      dt: 0.125,
      saveEvery: 1,
      units: 'Day',
      method: 'euler',
    });
    expect(m.constants.map((c) => c.name).sort()).toEqual(
      ['contact_rate', 'initial_infected', 'recovery_rate', 'total_population'].sort(),
    );
    expect(m.constants.find((c) => c.name === 'contact_rate')).toMatchObject({
      value: 0.35,
      units: '1/Day',
      doc: 'Contacts per day times the probability of infection.',
    });
    expect(m.stocks.map((s) => [s.name, s.inflows, s.outflows])).toEqual([
      ['Susceptible', [], ['Infection']],
      ['Infected', ['Infection'], ['Recovery']],
      ['Recovered', ['Recovery'], []],
    ]);
    expect(m.stocks[0]?.initial).toBe('total_population-initial_infected');
    expect(m.flows.map((f) => f.name).sort()).toEqual(['Infection', 'Recovery']);
    expect(m.auxiliaries.map((a) => a.name)).toEqual(['Population']);
    // SAVEPER = TIME STEP
    expect(loadSdModel(join(SD_FIXTURES, 'logistic.mdl')).time.saveEvery).toBe(0.25);
    // a standalone lookup with its [(xmin,ymin)-(xmax,ymax)] range
    expect(loadSdModel(join(SD_FIXTURES, 'supply-line.mdl')).lookups[0]).toMatchObject({
      name: 'availability',
      points: [
        [0, 0],
        [0.25, 0.5],
        [0.5, 0.8],
        [1, 1],
        [2, 1],
      ],
    });
  });

  it('imports WITH LOOKUP, the Vensim functions and logic, and a net flow for a rate that is not a sum of names', () => {
    const m = importVensim(
      mdl(
        `stock = INTEG(inflow rate - outflow rate + 0.5 * "the gap", 10) ~ ~ |
inflow rate = IF THEN ELSE(Time >= 2 :AND: :NOT: Time > 3, STEP(1, 1) + PULSE(2, 1), RAMP(1, 1, 3) / TIME STEP) ~ ~ |
outflow rate = MIN(ABS(-1), MAX(0, SQRT(4) - EXP(0) * LN(1))) + INTEGER(1.7) * 0 ~ ~ |
the gap = WITH LOOKUP(Time, ([(0,0)-(4,4)],(0,0),(4,8))) ~ ~ |
smooth a = SMOOTH(stock, 2) ~ ~ |
smooth b = SMOOTH3(stock, 2) ~ ~ |
delay a = DELAY1(inflow rate, 1) ~ ~ |
delay b = DELAY3(inflow rate, 1) ~ ~ |
`,
        'INITIAL TIME = 0 ~ ~ |\nFINAL TIME = 4 ~ ~ |\nTIME STEP = 1 ~ ~ |\n',
      ),
      'with.mdl',
    );
    expect(m.stocks[0]).toMatchObject({
      inflows: ['inflow_rate', 'stock_net_flow'],
      outflows: ['outflow_rate'],
    });
    expect(m.flows.find((f) => f.name === 'stock_net_flow')?.equation).toBe('0.5 * the_gap');
    expect(m.lookups[0]).toMatchObject({
      name: 'the_gap_lookup',
      points: [
        [0, 0],
        [4, 8],
      ],
    });
    expect(m.auxiliaries.find((a) => a.name === 'the_gap')?.equation).toBe('the_gap_lookup(TIME)');
    expect(m.flows.find((f) => f.name === 'inflow_rate')?.equation).toBe(
      'IF_THEN_ELSE(TIME >= 2 and not TIME > 3, STEP(1, 1) + PULSE(2, 1), RAMP(1, 1, 3) / TIME_STEP)',
    );
    const r = compileSdModel(m).run({ method: 'euler' });
    // the_gap = 2·TIME; outflow = MIN(1, 2) + 0 = 1
    expect(Array.from(r.series.the_gap as Float64Array)).toEqual([0, 2, 4, 6, 8]);
    expect(Array.from(r.series.outflow_rate as Float64Array)).toEqual([1, 1, 1, 1, 1]);
  });

  it('maps names: spaces and underscores to one _, case-insensitive references, Chinese names kept as titles', () => {
    expect(vensimName('birth  rate')).toBe('birth_rate');
    expect(vensimName('Birth_ rate')).toBe('Birth_rate');
    expect(vensimName('2nd stage')).toBe('_2nd_stage');
    const m = importVensim(
      mdl(
        '人口 = INTEG(出生, 100) ~ 人 ~ |\n出生 = 0.1 * 人口 ~ 人/Month ~ |\nRate = 2 ~ ~|\nx = rate * 1 ~ ~ |',
      ),
      'zh.mdl',
    );
    const stock = m.stocks[0];
    expect(stock?.name).toMatch(/^u4eba_u53e3$/);
    expect(stock?.title).toEqual({ zh: '人口', en: '人口' });
    expect(stock?.inflows).toHaveLength(1);
    expect(m.auxiliaries.find((a) => a.name === 'x')?.equation).toBe('Rate * 1');
    expect(compileSdModel(m).run().series[stock?.name as string]?.[4]).toBeCloseTo(100 * 1.1 ** 4, 9);
  });

  it('reports unsupported or malformed equations with their line', () => {
    const cases: [string, RegExp, number][] = [
      ['a = 1 ~ ~ |\nb = DELAY FIXED(a, 1, 0) ~ ~ |', /DELAY FIXED/, 3],
      ['a = 1 ~ ~ |\n\nb[region] = 2 ~ ~ |', /subscripts/, 4],
      ['a = A FUNCTION OF(b) ~ ~ |', /A FUNCTION OF/, 2],
      ['a = 1 ~ ~ |\nb = 2 # a ~ ~ |', /"#"/, 3],
      ['a = 1 ~ ~ |\nb = (a + ~ ~ |', /Cannot read/, 3],
      [':MACRO: m(x)\nm = x ~ ~ |', /macros/, 2],
      ['a = 1 ~ ~ |\nA = 2 ~ ~ |', /defined twice/, 3],
      ['a = INTEG(1) ~ ~ |', /INTEG/, 2],
    ];
    for (const [body, re, line] of cases) {
      const p = problem(mdl(body));
      expect(p?.message.en, body).toMatch(re);
      expect(p?.line, body).toBe(line);
      expect(p?.message.zh, body).toBeTruthy();
      expect(p?.fix?.en, body).toBeTruthy();
    }
    const noFinal = problem(mdl('a = 1 ~ ~ |', 'INITIAL TIME = 0 ~ ~ |\nTIME STEP = 1 ~ ~ |\n'));
    expect(noFinal?.message.en).toContain('FINAL TIME');
  });

  it('leaves undefined names to the compiler, which names them with a suggestion', () => {
    const m = importVensim(mdl('stock = INTEG(grwth, 1) ~ ~ |\ngrowth = 0.1 * stock ~ ~ |'), 'u.mdl');
    expect(() => compileSdModel(m)).toThrow(InputError);
    try {
      compileSdModel(m);
    } catch (e) {
      expect((e as InputError).problems[0]?.message.en).toContain('grwth');
    }
  });

  it('is read by loadSdModel from a .mdl file, and a missing file is a located problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'climb-vensim-'));
    const file = join(dir, 'm.mdl');
    writeFileSync(file, mdl('s = INTEG(1, 0) ~ ~ |'));
    expect(compileSdModel(loadSdModel(file)).run().series.s?.[4]).toBe(4);
    expect(() => loadSdModel(join(dir, 'missing.mdl'))).toThrow(InputError);
  });
});
