import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { climb } from '../helpers.ts';

afterEach(() => vi.restoreAllMocks());

describe('climb abm', () => {
  it('runs and prints the documented JSON keys; same seed, same output', async () => {
    const a = await climb(
      'abm',
      'run',
      '--firms',
      '120',
      '--steps',
      '8',
      '--seed',
      '3',
      '--governance',
      'captive',
    );
    const b = await climb(
      'abm',
      'run',
      '--firms',
      '120',
      '--steps',
      '8',
      '--seed',
      '3',
      '--governance',
      'captive',
    );
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const j = JSON.parse(a.out);
    expect(Object.keys(j.final.positions)).toEqual(['OEA', 'OEM', 'ODM', 'OBM']);
    expect(Object.keys(j.final.capabilities)).toEqual(['production', 'design', 'rnd', 'brand']);
    expect(typeof j.final.valueCapture).toBe('number');
    expect(j.series).toHaveLength(9);
    expect(j.seed).toBe(3);
    expect(j.parameters.governance).toEqual({ kind: 'fixed', type: 'captive' });
  });

  it('writes the run charts with --charts and builds the initial network from a workspace network', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'climb-abm-charts-'));
    try {
      const ws = join(import.meta.dirname, '..', 'fixtures', 'cluster200.workspace.yaml');
      const r = await climb(
        'abm',
        'run',
        ws,
        '--firms',
        '300',
        '--steps',
        '6',
        '--charts',
        dir,
        '--lang',
        'zh',
      );
      expect(r.code).toBe(0);
      const files = readdirSync(dir).sort();
      expect(files).toContain('positions.svg');
      for (const f of files) expect(readFileSync(join(dir, f), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
      const j = JSON.parse(r.out);
      expect(j.workspace.network).toEqual({ firms: 151, ties: 638, gatekeepers: 12 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('seeds the population from a bundled case, reproducing its position mix', async () => {
    const r = await climb('abm', 'run', 'ningbo-garments', '--firms', '200', '--steps', '0');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    // ningbo-garments: 20 firms, main positions 4 OEA, 11 OEM, 1 ODM, 4 OBM → ×10 clones each.
    expect(j.final.positions).toEqual({ OEA: 0.2, OEM: 0.55, ODM: 0.05, OBM: 0.2 });
  });

  it('accepts policy levers and prints CSV', async () => {
    const r = await climb(
      'abm',
      'run',
      '--firms',
      '60',
      '--steps',
      '2',
      '--policy',
      'rnd-subsidy=0.5',
      '--format',
      'csv',
    );
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^seed,step,firms/);
    const bad = await climb('abm', 'run', '--policy', 'no-such-lever=1');
    expect(bad.code).toBe(2);
  });

  it('has the same message keys in both languages', () => {
    const dir = join(import.meta.dirname, '..', '..', 'src', 'i18n', 'locales');
    const keys = (o: unknown, p = ''): string[] =>
      typeof o === 'object' && o ? Object.entries(o).flatMap(([k, v]) => keys(v, p ? `${p}.${k}` : k)) : [p];
    const en = keys(JSON.parse(readFileSync(join(dir, 'abm.en.json'), 'utf8'))).sort();
    const zh = keys(JSON.parse(readFileSync(join(dir, 'abm.zh-CN.json'), 'utf8'))).sort();
    expect(zh).toEqual(en);
  });
});
