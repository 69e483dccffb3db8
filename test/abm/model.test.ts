import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { apportion } from '../../src/abm/init.ts';
import { ABM_KNOWLEDGE_DIR, parameterFile } from '../../src/abm/params.ts';
import { runCluster, runJson } from '../../src/abm/run.ts';
import { kb } from '../helpers.ts';

describe('cluster ABM', () => {
  it('gives identical output for the same seed and different output for another', () => {
    const a = runJson(runCluster({ firms: 150, steps: 15, seed: 4, kb }));
    const b = runJson(runCluster({ firms: 150, steps: 15, seed: 4, kb }));
    const c = runJson(runCluster({ firms: 150, steps: 15, seed: 5, kb }));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a.series)).not.toBe(JSON.stringify(c.series));
  });

  it('keeps shares and capabilities in range', () => {
    const r = runJson(runCluster({ firms: 200, steps: 30, seed: 2, kb })) as {
      final: { positions: Record<string, number>; capabilities: Record<string, number> };
    };
    const sum = Object.values(r.final.positions).reduce((s, x) => s + x, 0);
    expect(sum).toBeCloseTo(1, 5);
    for (const v of Object.values(r.final.capabilities)) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('apportions exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0.3, 0.55, 0.12, 0.03]).reduce((s, x) => s + x, 0)).toBe(7);
  });

  it('cites a known source for every parameter and marks assumptions', () => {
    const f = parameterFile();
    const abmSources = (
      parse(readFileSync(join(ABM_KNOWLEDGE_DIR, 'sources.yaml'), 'utf8')) as { sources: { id: string }[] }
    ).sources.map((s) => s.id);
    const known = new Set([...kb.sources.keys(), ...abmSources]);
    for (const e of [...f.scalars, ...f.byGovernance, ...f.byPosition]) {
      expect(known.has(e.ref), `${e.id} cites ${e.ref}`).toBe(true);
      expect(e.note !== undefined || e.assumption !== undefined, e.id).toBe(true);
    }
    for (const l of f.levers) expect(known.has(l.ref), l.id).toBe(true);
  });
});
