import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCharts } from '../../src/abm/report/charts.ts';
import {
  type Comparison,
  compareGovernance,
  type Estimate,
  MEASURES,
  type Measure,
} from '../../src/abm/report/compare.ts';
import { explainComparison } from '../../src/abm/report/explain.ts';
import { renderComparison } from '../../src/abm/report/render.ts';
import { runCluster } from '../../src/abm/run.ts';
import { run } from '../../src/cli/main.ts';
import type { GovernanceType } from '../../src/domain/vocabulary.ts';
import { bundledKnowledge } from '../../src/io/knowledge.ts';

const kb = bundledKnowledge();
const dir = mkdtempSync(join(tmpdir(), 'climb-abm-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const e = (mean: number, half = 0.01): Estimate => ({ mean, ci: [mean - half, mean + half] });

/** A two-type comparison with given final means (other measures equal). */
function synthetic(
  a: GovernanceType,
  b: GovernanceType,
  va: Partial<Record<Measure, number>>,
  vb: Partial<Record<Measure, number>>,
): Comparison {
  const fin = (v: Partial<Record<Measure, number>>) =>
    Object.fromEntries(MEASURES.map((m) => [m, e(v[m] ?? 0.5)])) as Record<Measure, Estimate>;
  const diff = Object.fromEntries(
    MEASURES.map((m) => [m, e((vb[m] ?? 0.5) - (va[m] ?? 0.5), 0.005)]),
  ) as Record<Measure, Estimate>;
  const series = new Float64Array(0);
  return {
    firms: 100,
    steps: 40,
    seeds: [1, 2, 3, 4, 5],
    results: [
      { governance: a, series, final: fin(va) },
      { governance: b, series, final: fin(vb), diff },
    ],
  };
}

describe('the explanation follows the numbers', () => {
  it('says functional upgrading is higher under market when it is, and that this agrees with H&S 2002', () => {
    const c = synthetic(
      'captive',
      'market',
      { upgraded: 0.1, production: 0.8 },
      { upgraded: 0.3, production: 0.5 },
    );
    const en = explainComparison(c, 'en');
    const up = en.findings.find((f) => f.measure === 'upgraded');
    expect(up?.direction).toBe('higher');
    expect(en.paragraphs[0]).toContain(
      'Functional upgrading (ODM + OBM share) is higher under market governance',
    );
    expect(en.paragraphs[0]).toContain(
      'Production capability (process upgrading) is lower under market governance',
    );
    expect(en.checks).toEqual([
      { claim: 'process', captive: 'captive', other: 'market', verdict: 'agrees' },
      { claim: 'functional', captive: 'captive', other: 'market', verdict: 'agrees' },
    ]);
    expect(en.paragraphs[1]).toContain('[hs2002]');
    expect(en.paragraphs[1]).toContain('the ODM + OBM share is lower under captive than under market');
    expect(en.sources).toEqual(expect.arrayContaining(['hs2002', 'ghs2005', 'navas-aleman2011']));
    const zh = explainComparison(c, 'zh');
    expect(zh.paragraphs[0]).toContain('功能升级（ODM + OBM 占比）在市场型治理下更高');
    expect(zh.paragraphs[1]).toContain('[hs2002]');
  });

  it('says so when the simulation contradicts the theory', () => {
    const c = synthetic(
      'captive',
      'market',
      { upgraded: 0.3, production: 0.4 },
      { upgraded: 0.1, production: 0.6 },
    );
    const en = explainComparison(c, 'en');
    expect(en.paragraphs[0]).toContain(
      'Functional upgrading (ODM + OBM share) is lower under market governance',
    );
    expect(en.checks.map((x) => x.verdict)).toEqual(['contrary', 'contrary']);
    expect(en.paragraphs[1]).toContain('does not agree on functional upgrading');
    expect(en.paragraphs[1]).toContain('higher under captive than under market');
  });

  it('reports no clear difference when the CI includes zero, and works in either order', () => {
    const c = synthetic('market', 'captive', { upgraded: 0.2 }, { upgraded: 0.202 });
    const en = explainComparison(c, 'en');
    expect(en.findings.find((f) => f.measure === 'upgraded')?.direction).toBe('similar');
    expect(en.paragraphs[0]).toContain('shows no clear difference');
    expect(en.checks.find((x) => x.claim === 'functional')?.verdict).toBe('unclear');
    const none = explainComparison(synthetic('market', 'modular', {}, {}), 'en');
    expect(none.checks).toEqual([]);
    expect(none.paragraphs.join(' ')).toContain('not tested here');
  });
});

describe('governance comparison of a bundled case', () => {
  it('runs ningbo-garments under captive and market; text, tables and charts agree with the numbers', async () => {
    const ws = join(kb.cases.get('ningbo-garments')?.file ?? '', '..', 'ningbo-garments.workspace.yaml');
    const c = await compareGovernance({
      governances: ['captive', 'market'],
      workspace: ws,
      firms: 100,
      steps: 30,
      seeds: 4,
      workers: 2,
      kb,
    });
    expect(c.results.map((r) => r.governance)).toEqual(['captive', 'market']);
    const ex = explainComparison(c, 'en');
    const market = c.results[1];
    for (const f of ex.findings) {
      const d = market?.diff?.[f.measure] as Estimate;
      expect(f.diff).toEqual(d);
      const word =
        d.ci[0] > 0
          ? 'is higher under market'
          : d.ci[1] < 0
            ? 'is lower under market'
            : 'no clear difference';
      expect(ex.paragraphs[0]).toContain(word);
    }
    // Same seeds under a 1-worker run: the same numbers.
    const one = await compareGovernance({
      governances: ['captive', 'market'],
      workspace: ws,
      firms: 100,
      steps: 30,
      seeds: 4,
      workers: 1,
      kb,
    });
    expect(one.results[1]?.diff).toEqual(market?.diff);
    const md = renderComparison(c, {
      lang: 'zh',
      format: 'md',
      explanation: explainComparison(c, 'zh'),
      charts: [],
    });
    expect(md).toContain('| 指标 |');
    expect(md.split('\n')[0]).toMatch(/^# 宁波服装产业集群：/);
    expect(md).toContain('Humphrey J., Schmitz H. (2002)');
    const html = renderComparison(c, {
      lang: 'en',
      format: 'html',
      explanation: ex,
      charts: [{ id: 'x', title: 'x', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' }],
    });
    expect(html).toContain('<figure><svg');
    expect(html).toContain('[navas-aleman2011]');
  });

  it('climb abm report writes the report and its SVG charts', async () => {
    const out = join(dir, 'report.md');
    const charts = join(dir, 'charts');
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await run([
      'abm',
      'report',
      'ningbo-garments',
      '--compare',
      'captive,market',
      '--firms',
      '60',
      '--steps',
      '12',
      '--seeds',
      '3',
      '--charts',
      charts,
      '--out',
      out,
      '--lang',
      'zh',
    ]);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('俘获型');
    expect(text).toContain('](charts/upgraded.svg)');
    expect(readdirSync(charts).sort()).toContain('positions-market.svg');
    expect(readFileSync(join(charts, 'upgraded.svg'), 'utf8')).toMatch(/^<svg /);
  });
});

describe('charts of one run', () => {
  it('draws positions (stacked), capabilities, value capture and reputation/relocation in zh and en', () => {
    const r = runCluster({ firms: 80, steps: 20, seed: 3, kb });
    for (const lang of ['en', 'zh'] as const) {
      const cs = runCharts(r.series as Float64Array, r.steps, lang);
      expect(cs.map((c) => c.id)).toEqual([
        'positions',
        'capabilities',
        'value-capture',
        'reputation-relocation',
      ]);
      const pos = cs[0]?.svg ?? '';
      expect(pos.match(/<polygon /g)?.length).toBe(4);
      expect(pos).toContain(lang === 'zh' ? '企业占比' : 'Share of firms');
    }
  });
});
