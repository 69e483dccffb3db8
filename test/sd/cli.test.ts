import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { climb } from '../helpers.ts';
import { SD_FIXTURES } from './helpers.ts';

afterEach(() => vi.restoreAllMocks());

describe('climb sd run', () => {
  it('prints CSV: time, the stocks, then the requested variables', async () => {
    const r = await climb(
      'sd',
      'run',
      join(SD_FIXTURES, 'supply-line.yaml'),
      '--vars',
      'orders,demand',
      '--save-every',
      '10',
    );
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('time,inventory,orders,demand');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toBe('0,400,100,100');
    expect(lines[5]?.startsWith('40,')).toBe(true);
  });

  it('prints JSON with method and dt, honouring --method --dt --stop', async () => {
    const r = await climb(
      'sd',
      'run',
      join(SD_FIXTURES, 'logistic.yaml'),
      '--format',
      'json',
      '--method',
      'euler',
      '--dt',
      '0.5',
      '--stop',
      '10',
      '--save-every',
      '5',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.time).toEqual([0, 5, 10]);
    expect(Object.keys(j.series)).toEqual(['population']);
    expect(j.method).toBe('euler');
    expect(j.dt).toBe(0.5);
  });

  it('runs XMILE files', async () => {
    const r = await climb('sd', 'run', join(SD_FIXTURES, 'sir.xmile'), '--stop', '2', '--save-every', '1');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('time,Susceptible,Infected,Recovered');
  });

  it('exits 1 with a located message on bad input, in Chinese with --lang zh', async () => {
    const missing = await climb('sd', 'run', join(SD_FIXTURES, 'nope.yaml'));
    expect(missing.code).toBe(1);
    const r = await climb('sd', 'run', join(SD_FIXTURES, 'sir.yaml'), '--vars', 'infecton', '--lang', 'zh');
    expect(r.code).toBe(1);
    expect(r.err).toContain('“infecton”不是模型中的变量');
    expect(r.err).toContain('infection');
    const dt = await climb('sd', 'run', join(SD_FIXTURES, 'sir.yaml'), '--dt', '0.3');
    expect(dt.code).toBe(1);
    expect(dt.err).toContain('time.dt');
  });

  it('exits 2 on bad usage', async () => {
    expect((await climb('sd', 'run', join(SD_FIXTURES, 'sir.yaml'), '--method', 'rk9')).code).toBe(2);
    expect((await climb('sd', 'run', join(SD_FIXTURES, 'sir.yaml'), '--dt', '-1')).code).toBe(2);
  });
});
