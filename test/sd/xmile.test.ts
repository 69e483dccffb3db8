import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputError } from '../../src/io/problems.ts';
import { compileSdModel, importXmile, loadSdModel } from '../../src/sd/index.ts';
import { xmileName } from '../../src/sd/xmile.ts';
import { maxAbsDiff, SD_FIXTURES } from './helpers.ts';

const wrap = (
  vars: string,
  specs = '<sim_specs method="Euler" time_units="Months"><start>0</start><stop>4</stop><dt>1</dt></sim_specs>',
) =>
  `<?xml version="1.0"?><xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
  <header><name>t</name></header>${specs}<model><variables>${vars}</variables></model></xmile>`;

describe('XMILE import', () => {
  it('imports the SIR model exported from Stella and matches the Climb YAML version', () => {
    const x = loadSdModel(join(SD_FIXTURES, 'sir.xmile'));
    expect(x.time).toMatchObject({ start: 0, stop: 100, dt: 0.125, method: 'rk4' });
    expect(x.constants.map((c) => c.name)).toEqual([
      'contact_rate',
      'duration',
      'Initial_Infected',
      'total_population',
    ]);
    expect(x.stocks[0]).toMatchObject({ name: 'Susceptible', outflows: ['Infection'], nonNegative: true });
    const a = compileSdModel(x).run({ saveEvery: 1 });
    const b = compileSdModel(loadSdModel(join(SD_FIXTURES, 'sir.yaml'))).run({ saveEvery: 1 });
    expect(maxAbsDiff(a.series.Infected as Float64Array, b.series.infected as Float64Array)).toBeLessThan(
      1e-9,
    );
    expect(maxAbsDiff(a.series.Recovered as Float64Array, b.series.recovered as Float64Array)).toBeLessThan(
      1e-9,
    );
  });

  it('reads graphical functions, standalone and embedded, and maps XMILE built-ins', () => {
    const m = importXmile(
      wrap(`
      <aux name="effect"><eqn>TIME</eqn><gf><xscale min="0" max="4"/><ypts>0,10,20,20,0</ypts></gf></aux>
      <gf name="table"><xpts>0,2</xpts><ypts>1,3</ypts></gf>
      <aux name="via lookup"><eqn>LOOKUP(table, TIME) + table(1)</eqn></aux>
      <aux name="smoothed"><eqn>SMTH1(10, 2, 0) + SMTH3(0, 1)</eqn></aux>
      <aux name="branch"><eqn>IF TIME &gt;= 2 AND NOT (TIME = 3) THEN 1 ELSE 0</eqn></aux>
      <aux name="train"><eqn>PULSE(4, 1, 2)</eqn></aux>
      <aux name="clock"><eqn>STARTTIME + STOPTIME * 10 + DT * 100</eqn></aux>`),
      'inline.xmile',
    );
    expect(m.auxiliaries.find((a) => a.name === 'effect')?.equation).toBe('effect_lookup(TIME)');
    const r = compileSdModel(m).run();
    expect(Array.from(r.series.effect as Float64Array)).toEqual([0, 10, 20, 20, 0]);
    expect(Array.from(r.series.via_lookup as Float64Array)).toEqual([3, 4, 5, 5, 5]);
    expect(Array.from(r.series.branch as Float64Array)).toEqual([0, 0, 1, 0, 1]);
    expect(Array.from(r.series.train as Float64Array)).toEqual([0, 4, 0, 4, 0]);
    expect(r.series.clock?.[0]).toBe(140);
    expect(r.series.smoothed?.[1]).toBeCloseTo(5, 12);
  });

  it('turns names with spaces and line breaks into identifiers', () => {
    expect(xmileName('birth\\nrate')).toBe('birth_rate');
    expect(xmileName(' Net  income ')).toBe('Net_income');
    expect(xmileName('2nd stage')).toBe('_2nd_stage');
  });

  it('reports bad XML with its line and bad equations with the variable', () => {
    const bad = (xml: string) => {
      try {
        importXmile(xml, 'bad.xmile');
      } catch (err) {
        return (err as InputError).problems[0];
      }
      throw new Error('no error');
    };
    const p = bad('<xmile>\n<model>\n<variables>\n</model></xmile>');
    expect(p?.line).toBe(4);
    expect(bad(wrap('<aux name="a"><eqn>1 +* 2</eqn></aux>'))?.message.en).toContain('equation of "a"');
    expect(bad('<root/>')?.message.en).toContain('no <xmile> element');
  });
});
