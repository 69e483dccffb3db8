/** Initialisation from the diagnosis, scenarios, ensembles, charts and the CLI of `climb simulate`. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.ts';
import { localeMessages } from '../../src/i18n/index.ts';
import { loadWorkspace } from '../../src/io/load-workspace.ts';
import { InputError } from '../../src/io/problems.ts';
import { lineChart } from '../../src/simulate/chart.ts';
import { runBatch } from '../../src/simulate/ensemble.ts';
import { FACTORS, gumModel, WAYS } from '../../src/simulate/gum.ts';
import { type GumProfile, initialiseGum } from '../../src/simulate/initialise.ts';
import { simulationJson, simulationReport } from '../../src/simulate/report.ts';
import { constantVector, stageEntries, stageOf } from '../../src/simulate/run.ts';
import { loadScenario, scenarioBudget } from '../../src/simulate/scenario.ts';
import { gumDefaults, gumRanges, simulateDiagnosis } from '../../src/simulate/simulate.ts';
import { kb } from '../helpers.ts';

const model = gumModel();
const CASE = resolve('knowledge/cases/ningbo-garments.workspace.yaml');
const SCENARIOS = ['baseline', 'platform-training', 'nvc-brand'].map((s) =>
  resolve(`knowledge/scenarios/${s}.yaml`),
);
const diagnosis = diagnose(loadWorkspace(CASE, kb).workspace, kb);

describe('initialisation from the diagnosis (docs/gum-model.md §6)', () => {
  it('reads factor levels from indicators, governance from the mix, and calibrates value capture', async () => {
    const init = initialiseGum(diagnosis, null, gumDefaults());
    const shares = Object.values(init.governance.shares);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(init.constants.gov_captive).toBeCloseTo(
      diagnosis.governance.shares.captive /
        (1 - diagnosis.governance.shares.exclusion - diagnosis.governance.shares['not-expected']),
      9,
    );
    expect(init.constants.functional_share0).toBeCloseTo(diagnosis.positions.highEnd, 9);
    for (const v of init.values) expect(v.value).toBeGreaterThanOrEqual(0);
    expect(init.values.some((v) => v.basis === 'indicators')).toBe(true);
    const res = await simulateDiagnosis(diagnosis, null, kb, [], { years: 5 });
    expect(res.scenarios[0]?.run.series.value_capture[0]).toBeCloseTo(diagnosis.valueCapture, 9);
    expect(res.scenarios[0]?.run.series.learning[0]).toBeCloseTo(init.constants.learning0 as number, 12);
  });

  it('takes the survey profile where it measures a factor, the indicators elsewhere', () => {
    const profile: GumProfile = {
      n: 120,
      factors: {
        SocialCapital: { mean: 5.2, scaled: 0.7, ciLow: 0.65, ciHigh: 0.75 },
        ClusterLearning: { mean: 3.1, scaled: 0.35, ciLow: 0.3, ciHigh: 0.4 },
        OutsideCorrelationUpgrading: { mean: 2.5, scaled: 0.25, ciLow: 0.2, ciHigh: 0.3 },
      },
    };
    const a = initialiseGum(diagnosis, null, gumDefaults());
    const b = initialiseGum(diagnosis, profile, gumDefaults());
    expect(b.constants.social_capital0).toBe(0.7);
    expect(b.constants.learning0).toBe(0.35);
    expect(b.constants.outside_capability0).toBe(0.25);
    expect(b.values.find((v) => v.constant === 'social_capital0')?.basis).toBe('survey');
    expect(b.constants.innovation0).toBe(a.constants.innovation0);
    expect(b.surveyN).toBe(120);
    // every construct of the instrument that is a stock has a place
    for (const s of [...FACTORS, ...WAYS])
      expect(model.constantIndex(`${s.stock}0`)).toBeGreaterThanOrEqual(0);
  });
});

describe('stages from capability levels (consistent with knowledge/stages.yaml)', () => {
  const entries = stageEntries(kb.stages);
  it('uses the entry shares of the stage catalogue', () => {
    expect(entries.product).toBe(0.1);
    expect(entries.functional).toBe(0.3);
    expect(entries.chain).toBeCloseTo(0.5, 12);
  });
  it('climbs in order and needs both the share and the capabilities', () => {
    const s = (tech: number, innovation: number, outside: number, functional: number) =>
      stageOf({ tech, innovation, outside, functional }, entries);
    expect(s(0.3, 0.1, 0.1, 0.05)).toBe('process');
    expect(s(0.6, 0.2, 0.2, 0.15)).toBe('product');
    expect(s(0.6, 0.5, 0.5, 0.15)).toBe('product');
    expect(s(0.6, 0.5, 0.5, 0.35)).toBe('functional');
    expect(s(0.6, 0.7, 0.7, 0.55)).toBe('chain');
    expect(s(0.3, 0.9, 0.9, 0.9)).toBe('process');
  });
});

describe('scenario files (docs/scenarios.md)', () => {
  it('loads the three shipped scenarios and prices their budgets', () => {
    const [base, platform, nvc] = SCENARIOS.map((f) => loadScenario(f, model.constantNames));
    expect(base?.levers).toHaveLength(0);
    expect(platform?.levers.map((l) => l.lever)).toEqual(['common-tech-platform', 'training']);
    expect(nvc?.levers.map((l) => l.lever)).toContain('domestic-market');
    const b = scenarioBudget(platform as NonNullable<typeof platform>, 10, 2013);
    // 0.7 × 3000 × 9 years + 0.6 × 800 × 10 years
    expect(b?.total).toBeCloseTo(0.7 * 3000 * 9 + 0.6 * 800 * 10, 9);
  });

  it('reports every problem with its line, in both languages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'climb-scenario-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'id: bad',
        'name: { zh: 坏, en: Bad }',
        'levers:',
        '  - { lever: common-tech-platform, intensity: 1.5 }',
        '  - { lever: training, intensity: 0.5, start: 1, year: 2015 }',
        'constants: { e_sc_lrnn: 0.2 }',
        'uncertainty:',
        '  distributions:',
        '    e_sc_lrn: { kind: uniform, low: 0.3, high: 0.1 }',
        '',
      ].join('\n'),
    );
    let err: unknown;
    try {
      loadScenario(file, model.constantNames);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const first = (err as InputError).problems;
    expect(first[0]?.line).toBe(4);
    expect(first[0]?.path).toBe('levers[0].intensity');
    writeFileSync(file, readFileSync(file, 'utf8').replace('intensity: 1.5', 'intensity: 0.5'));
    try {
      loadScenario(file, model.constantNames);
    } catch (e) {
      err = e;
    }
    const problems = (err as InputError).problems;
    expect(problems.map((p) => p.line)).toEqual([5, 6, 9]);
    expect(problems[1]?.message.en).toContain('e_sc_lrn');
    expect(problems[1]?.message.zh).toContain('e_sc_lrnn');
    for (const p of problems) expect(p.fix?.zh && p.fix.en).toBeTruthy();
  });
});

describe('ensembles (seeded; identical whatever the worker count)', () => {
  it('gives bit-identical members with 1 and 2 workers, and differs with another seed', async () => {
    const dists = [...gumRanges()]
      .slice(0, 20)
      .map(
        ([n, [low, high]]) =>
          [model.constantIndex(n), { kind: 'uniform' as const, low, high }] as [
            number,
            { kind: 'uniform'; low: number; high: number },
          ],
      );
    const init = (seed: number) => ({
      // a lever, so that members differ (from the equilibrium start, a run without one stands still)
      jobs: [{ base: constantVector({ lever_training: 0.6 }), members: 40, seed, dists }],
      years: 5,
      saveEvery: 1,
      vars: ['value_capture', 'learning'],
    });
    const one = await runBatch(init(7), { workers: 1 });
    const two = await runBatch(init(7), { workers: 2 });
    expect(Array.from(two.values[0] as Float64Array)).toEqual(Array.from(one.values[0] as Float64Array));
    const other = await runBatch(init(8), { workers: 1 });
    expect(Array.from(other.values[0] as Float64Array)).not.toEqual(
      Array.from(one.values[0] as Float64Array),
    );
  }, 60_000);

  it('summarises median and 5–95 % bands per scenario; the year-0 value capture is the diagnosed one', async () => {
    const scenarios = SCENARIOS.map((f) => loadScenario(f, model.constantNames));
    const res = await simulateDiagnosis(diagnosis, null, kb, scenarios, { years: 6, ensemble: 30, seed: 3 });
    for (const r of res.scenarios) {
      const b = r.ensemble?.value_capture;
      expect(b).toBeDefined();
      expect(b?.median[0]).toBeCloseTo(diagnosis.valueCapture, 9);
      const last = (b?.median.length ?? 1) - 1;
      expect(b?.p5[last]).toBeLessThanOrEqual(b?.median[last] as number);
      expect(b?.p95[last]).toBeGreaterThanOrEqual(b?.median[last] as number);
    }
    expect(res.ensemble?.uncertain).not.toContain('smile_manufacturing');
  });
});

describe('reports', () => {
  it('renders a comparison in both languages, with charts in HTML, and JSON', async () => {
    const scenarios = SCENARIOS.map((f) => loadScenario(f, model.constantNames));
    const res = await simulateDiagnosis(diagnosis, null, kb, scenarios, { years: 10 });
    const en = simulationReport(res, kb, 'text', 'en');
    const zh = simulationReport(res, kb, 'md', 'zh');
    expect(en).toContain('Value capture over time');
    expect(en).toContain('Common-technology platform + training');
    expect(zh).toContain('价值获取率的变化');
    expect(zh).toContain('共性技术平台 + 培训');
    const html = simulationReport(res, kb, 'html', 'zh');
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(6);
    expect(html).toContain('价值获取率');
    const json = simulationJson(res) as {
      scenarios: { series: Record<string, number[]>; stages: string[] }[];
    };
    expect(json.scenarios).toHaveLength(3);
    expect(json.scenarios[0]?.series.value_capture).toHaveLength(41);
    expect(json.scenarios[0]?.stages).toHaveLength(41);
  });

  it('draws an SVG line chart with bands and escaped labels', () => {
    const svg = lineChart({
      title: 'A <b> & 图',
      xLabel: '年份',
      yLabel: 'y',
      series: [
        { name: 's1', x: [0, 1, 2], y: [0.1, 0.2, 0.3], band: { lo: [0, 0.1, 0.2], hi: [0.2, 0.3, 0.4] } },
      ],
    });
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('A &lt;b&gt; &amp; 图');
    expect(svg).toContain('<polygon');
    expect(svg).toContain('<polyline');
  });

  it('has the same message keys in English and Chinese', () => {
    const keys = (o: unknown, p = ''): string[] =>
      typeof o === 'object' && o !== null
        ? Object.entries(o).flatMap(([k, v]) => keys(v, `${p}${k}.`))
        : [p.slice(0, -1)];
    const en = keys(localeMessages('en').simulate);
    expect(en.length).toBeGreaterThan(50);
    expect(keys(localeMessages('zh-CN').simulate).sort()).toEqual(en.sort());
  });
});
