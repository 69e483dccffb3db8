import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.ts';
import { DiagnosisJson } from '../../src/domain/diagnosis-json.ts';
import { loadWorkspace } from '../../src/io/load-workspace.ts';
import { diagnosisJson } from '../../src/report/diagnosis-json.ts';
import { kb } from '../helpers.ts';

// Every cluster the seeds name (THEORY §4–6).
const SEED_CLUSTERS = [
  'ningbo-garments',
  'wenzhou-lighters',
  'yongkang-hardware',
  'shaoxing-textiles',
  'liushi-electrical',
  'taizhou-pumps',
  'datang-socks',
  'haining-leather',
  'yiwu-commodities',
  'wenzhou-shoes',
  'taiwan-it-relocation',
  'tianjin-suppliers',
  'sinos-valley-shoes',
  'guangdong-shoes',
];

const complete = [...kb.cases.values()].filter((c) => c.workspace);
const load = (c: (typeof complete)[number]) =>
  loadWorkspace(resolve(dirname(c.file), c.workspace as string), kb).workspace;

describe('case library', () => {
  it('has every cluster the seeds name, each fact with a known source', () => {
    for (const id of SEED_CLUSTERS) {
      const c = kb.cases.get(id);
      expect(c, id).toBeDefined();
      for (const f of c?.facts ?? [])
        expect(kb.sources.has(f.source.ref), `${id}: ${f.source.ref}`).toBe(true);
    }
  });

  it('has at least three complete workspaces', () => {
    expect(complete.length).toBeGreaterThanOrEqual(3);
    expect(complete.map((c) => c.id)).toContain('ningbo-garments');
  });

  it.each(complete.map((c) => [c.id, c]))(
    '%s: every number has a source or is marked illustrative',
    (_id, c) => {
      const ws = load(c);
      for (const f of ws.firms) expect(f.source ?? f.illustrative, f.id).toBeTruthy();
      for (const r of ws.indicators) expect(r.source ?? r.illustrative, String(r.year)).toBeTruthy();
      for (const k of ['products', 'markets', 'buyers'] as const) {
        const l = ws.concentration?.[k];
        if (l) expect(l.source ?? l.illustrative, k).toBeTruthy();
      }
    },
  );

  it.each(complete.map((c) => [c.id, c]))(
    '%s: diagnoses with no warning other than declared missing data',
    (_id, c) => {
      const json = diagnosisJson(diagnose(load(c), kb), kb);
      expect(json.warnings).toEqual([]);
      expect(DiagnosisJson.safeParse(json).success).toBe(true);
      expect(json.recommendations.length).toBeGreaterThan(0);
      expect(json.cluster.illustrative.any).toBe(true);
    },
  );
});

describe('Zhejiang figures of seed 003 (THEORY §6)', () => {
  const rows = kb.datasets.get('zhejiang-figures')?.rows ?? [];
  const value = (indicator: string, sector: string, year: number) =>
    rows.find((r) => r.indicator === indicator && r.sector.en === sector && r.year === year)?.value;
  it.each([
    ['exportDeliveryRatio', 'All industry', 18.31],
    ['exportDeliveryRatio', 'Textiles', 20.92],
    ['exportDeliveryRatio', 'Apparel', 43.44],
    ['exportDeliveryRatio', 'Leather', 39.19],
    ['exportDeliveryRatio', 'Furniture', 53.1],
    ['newProductOutputRate', 'All industry', 25.17],
    ['newProductOutputRate', 'Textiles', 20.7],
    ['newProductOutputRate', 'Apparel', 20.71],
    ['newProductOutputRate', 'Leather', 23.55],
    ['newProductOutputRate', 'Furniture', 26.93],
    ['profitTaxPer100Yuan', 'All industry', 9.76],
    ['profitTaxPer100Yuan', 'Textiles', 7.91],
    ['profitTaxPer100Yuan', 'Apparel', 9.48],
    ['profitTaxPer100Yuan', 'Leather', 8.75],
    ['profitTaxPer100Yuan', 'Furniture', 8.45],
  ] as const)('%s, %s, 2013 = %d', (indicator, sector, expected) => {
    expect(value(indicator, sector, 2013)).toBeCloseTo(expected, 2);
  });
  it('carries a seed 003 source on every row', () => {
    expect(rows.length).toBeGreaterThanOrEqual(15);
    for (const r of rows) expect(r.source.ref).toBe('seed003');
  });
});

describe('bibliography', () => {
  it('gives every non-seed source a short in-text form', () => {
    for (const s of kb.sources.values()) if (s.kind !== 'seed') expect(s.short, s.id).toBeTruthy();
  });
});
