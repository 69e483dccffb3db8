import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlsModel, progressLine } from '../../src/cli/pls.ts';
import { bootstrapPls } from '../../src/measure/pls/bootstrap.ts';
import { PLS_BOOTSTRAP_JSON_KEYS } from '../../src/measure/pls/report.ts';
import { FIXTURES, plsCli, readNumericCsv } from './pls-helpers.ts';

const MOBI = join(FIXTURES, 'mobi.csv');
const MODEL = join(FIXTURES, 'ecsi.model.yaml');

const STAT = ['original', 'mean', 'sd', 't', 'p', 'percentile', 'bca'];

describe('climb pls bootstrap', () => {
  it('prints the JSON of issue 5 §4, equal to bootstrapPls with the same seed', {
    timeout: 30000,
  }, async () => {
    const args = ['bootstrap', '--data', MOBI, '--model', MODEL, '--resamples', '30', '--seed', '7'];
    const { out, err } = await plsCli(...args, '--format', 'json');
    expect(err).not.toContain('\r'); // no progress line when stderr is not a terminal (data warnings only)
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([...PLS_BOOTSTRAP_JSON_KEYS, 'n', 'data']);
    expect(json).toMatchObject({ resamples: 30, seed: 7, workers: 1, signChange: 'none', n: 250 });
    expect(json.data).toEqual({ rows: 250, used: 250, dropped: [] });
    const direct = await bootstrapPls(readNumericCsv('mobi.csv'), loadPlsModel(MODEL).model, {
      resamples: 30,
      seed: 7,
    });
    for (const k of [
      'paths',
      'outerLoadings',
      'outerWeights',
      'totalEffects',
      'indirectEffects',
      'htmt',
    ] as const) {
      const rows = json[k] as Record<string, unknown>[];
      expect(rows.length, k).toBe(direct[k].length);
      expect(rows.length, k).toBeGreaterThan(0);
      for (const s of STAT) expect(rows[0], k).toHaveProperty(s);
      expect(rows, k).toEqual(JSON.parse(JSON.stringify(direct[k])));
    }
    const ind = (json.indirectEffects as { from: string; to: string; through: string[] }[])[0];
    expect(ind?.through.length).toBeGreaterThan(0);
  });

  it('gives the same numbers with 2 workers and passes --sign-change', { timeout: 60000 }, async () => {
    const base = ['bootstrap', '--data', MOBI, '--model', MODEL, '--resamples', '20', '--format', 'json'];
    const one = JSON.parse((await plsCli(...base)).out) as { paths: unknown };
    const two = JSON.parse((await plsCli(...base, '--workers', '2', '--sign-change', 'construct')).out) as {
      paths: unknown;
      workers: number;
      signChange: string;
    };
    expect(two.workers).toBe(2);
    expect(two.signChange).toBe('construct');
    expect(two.paths).toEqual(one.paths); // a well-identified model: no construct is flipped
  });

  it('renders a bilingual text report', { timeout: 30000 }, async () => {
    const base = ['bootstrap', '--data', MOBI, '--model', MODEL, '--resamples', '20'];
    const en = (await plsCli(...base)).out;
    expect(en).toContain('PLS-SEM bootstrap');
    expect(en).toContain('Specific indirect effects');
    expect(en).toContain('BCa 95 % CI');
    expect(en).toMatch(/Image\s+│ Expectation\s+│\s+0\.505 │/);
    const zh = (await plsCli(...base, '--lang', 'zh')).out;
    expect(zh).toContain('自助法');
    expect(zh).toContain('特定间接效应');
  });

  it('rejects a bad resample count', async () => {
    await expect(plsCli('bootstrap', '--data', MOBI, '--model', MODEL, '--resamples', '1')).rejects.toThrow(
      /at least 2/,
    );
  });

  it('draws a progress line on a terminal and clears it', async () => {
    let written = '';
    const stream = {
      write: (s: string) => {
        written += s;
        return true;
      },
    } as unknown as NodeJS.WriteStream;
    const line = progressLine(stream, (p) => `B ${p.done}/${p.total}`);
    line.update({ done: 1, total: 1000 });
    line.update({ done: 2, total: 1000 }); // same percent: not redrawn
    line.update({ done: 1000, total: 1000 });
    line.done();
    expect(written).toBe('\rB 1/1000\rB 1000/1000\r           \r');
  });

  it('shows the progress line only when stderr is a TTY', { timeout: 30000 }, async () => {
    const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
    Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
    try {
      const { err } = await plsCli(
        'bootstrap',
        '--data',
        MOBI,
        '--model',
        MODEL,
        '--resamples',
        '10',
        '--format',
        'json',
      );
      expect(err).toMatch(/^\rBootstrap: \d+\/\d+ \(\d+ %\)/);
      expect(err).toContain('Bootstrap: 260/260 (100 %)');
      expect(err).toMatch(/\r +\r/); // cleared before any warning or the report
    } finally {
      if (tty) Object.defineProperty(process.stderr, 'isTTY', tty);
      else delete (process.stderr as { isTTY?: boolean }).isTTY;
    }
  });
});
