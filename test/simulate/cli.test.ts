/** `climb simulate` end to end, in-process. */
import { describe, expect, it } from 'vitest';
import { climb } from '../helpers.ts';

const SCENARIOS = ['knowledge/scenarios/baseline.yaml', 'knowledge/scenarios/nvc-brand.yaml'];

describe('climb simulate', () => {
  it('compares scenarios for a bundled case, in Chinese', async () => {
    const r = await climb(
      ...['simulate', 'ningbo-garments', '--scenario', ...SCENARIOS, '--lang', 'zh', '--years', '8'],
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('宁波');
    expect(r.out).toContain('国内市场（国家价值链）+ 区域品牌');
    expect(r.out).toContain('2021');
  });

  it('writes JSON', async () => {
    const r = await climb(...['simulate', 'ningbo-garments', '--format', 'json', '--years', '3']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { scenarios: { id: string }[]; years: number };
    expect(j.years).toBe(3);
    expect(j.scenarios[0]?.id).toBe('as-is');
  });

  it('exits 1 with a located problem for a bad scenario', async () => {
    const r = await climb(...['simulate', 'ningbo-garments', '--scenario', 'no/such/file.yaml']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no/such/file.yaml');
  });
});
