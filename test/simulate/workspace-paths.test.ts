/**
 * The workspace paths of the GUM model: initialisation from the real survey profile of a bundled case
 * (src/measure/survey/profile.ts) and `climb sensitivity <workspace>` (src/simulate/sensitivity.ts).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.ts';
import { loadWorkspace } from '../../src/io/load-workspace.ts';
import { InputError } from '../../src/io/problems.ts';
import { workspaceGumProfile } from '../../src/measure/survey/profile.ts';
import { FACTORS, LEVERS, WAYS } from '../../src/simulate/gum.ts';
import { sensitivityRanking, workspaceSensitivity } from '../../src/simulate/sensitivity.ts';
import { simulateDiagnosis, simulateWorkspace } from '../../src/simulate/simulate.ts';
import { kb } from '../helpers.ts';

const SURVEY_CASE = resolve('knowledge/cases/gum-survey-demo.workspace.yaml');

describe('initialisation from the survey profile of gum-survey-demo (docs/gum-model.md §6.1)', () => {
  it('starts every measured factor and realisation way at the profile’s scaled score (0–1, not the 1–7 mean)', async () => {
    const profile = await workspaceGumProfile(SURVEY_CASE);
    expect(profile).not.toBeNull();
    if (!profile) return;
    const d = diagnose(loadWorkspace(SURVEY_CASE, kb).workspace, kb);
    const res = await simulateDiagnosis(d, profile, kb, [], { years: 3 });
    expect(res.init.surveyN).toBe(profile.n);
    const run = res.scenarios[0]?.run;
    let measured = 0;
    for (const { stock, construct } of [...FACTORS, ...WAYS]) {
      const f = profile.factors[construct];
      if (!f) continue;
      measured++;
      // the profile's scales: mean (and its interval) on 1–7, scaled = (mean − 1)/6
      expect(f.mean, construct).toBeGreaterThanOrEqual(1);
      expect(f.mean, construct).toBeLessThanOrEqual(7);
      expect(f.ciLow, construct).toBeLessThanOrEqual(f.mean);
      expect(f.scaled, construct).toBeCloseTo((f.mean - 1) / 6, 12);
      const v = res.init.values.find((x) => x.constant === `${stock}0`);
      expect(v?.basis, stock).toBe('survey');
      expect(v?.from, stock).toEqual([`survey.${construct}`]);
      expect(res.init.constants[`${stock}0`], stock).toBeCloseTo(f.scaled, 12);
      expect(run?.series[stock][0], stock).toBeCloseTo(f.scaled, 12);
      // and, from the equilibrium start, the as-is path stays there
      expect(run?.series[stock][run.time.length - 1], stock).toBeCloseTo(f.scaled, 9);
    }
    expect(measured).toBe(10);
  }, 120_000);

  it('finds the survey itself when simulating the workspace', async () => {
    const res = await simulateWorkspace(SURVEY_CASE, kb, { years: 2 });
    expect(res.init.surveyN).toBeGreaterThan(0);
    expect(res.init.values.filter((v) => v.basis === 'survey')).toHaveLength(10);
  }, 120_000);
});

describe('climb sensitivity <workspace> (src/simulate/sensitivity.ts)', () => {
  const opts = {
    output: 'valueCapture',
    years: 3,
    method: 'morris' as const,
    samples: 4,
    seed: 7,
    bootstrap: 20,
    lang: 'en' as const,
    format: 'json' as const,
    workers: 1,
  };

  it('ranks the GUM parameters and the levers by Morris μ* on a bundled case', async () => {
    const j = JSON.parse(await workspaceSensitivity('ningbo-garments', opts)) as {
      output: string;
      start: string;
      parameters: string[];
      muStar: Record<string, number>;
      ranking: string[];
      runs: number;
    };
    expect(j.output).toBe('value_capture');
    expect(j.start).toBe('equilibrium');
    for (const l of LEVERS) expect(j.parameters).toContain(`lever_${l.key}`);
    expect(j.parameters).toContain('e_sc_lrn');
    expect(j.parameters).toContain('gov_ceiling_captive');
    // constants read from the data are not sampled
    expect(j.parameters).not.toContain('smile_manufacturing');
    expect(j.runs).toBe(4 * (j.parameters.length + 1));
    expect([...j.ranking].sort()).toEqual([...j.parameters].sort());
    for (let i = 1; i < j.ranking.length; i++)
      expect(j.muStar[j.ranking[i - 1] as string]).toBeGreaterThanOrEqual(
        j.muStar[j.ranking[i] as string] as number,
      );
    // from the equilibrium start value capture moves only through the levers: one of them leads
    expect(j.ranking[0]).toMatch(/^lever_/);
    expect(j.muStar[j.ranking[0] as string]).toBeGreaterThan(0);
  }, 120_000);

  it('renders a ranked table in text, naming levers and parameters', async () => {
    const text = await workspaceSensitivity('ningbo-garments', { ...opts, format: 'text', samples: 2 });
    expect(text).toContain('Morris');
    expect(text).toMatch(/│ 1 +│ lever_/);
    expect(text).toContain('e_');
  }, 120_000);

  it('rejects an unknown output with an InputError listing the outputs', async () => {
    let err: unknown;
    try {
      await workspaceSensitivity('ningbo-garments', { ...opts, output: 'valueCaptur' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const p = (err as InputError).problems[0];
    expect(p?.path).toBe('--output');
    expect(p?.message.en).toContain('valueCaptur');
    expect(p?.fix?.en).toContain('value_capture');
  });

  it('orders by ST for Sobol results and puts undefined indices last', () => {
    const r = { method: 'sobol', ST: { a: 0.1, b: 0.5, c: Number.NaN } } as unknown as Parameters<
      typeof sensitivityRanking
    >[0];
    expect(sensitivityRanking(r, ['a', 'b', 'c'])).toEqual(['b', 'a', 'c']);
  });
});

describe('svg blocks (src/report/render.ts)', () => {
  it('inlines the SVG in HTML, names the file in text and Markdown, and is silent without a file', async () => {
    const { render } = await import('../../src/report/render.ts');
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>';
    const blocks = [
      { kind: 'paragraph' as const, text: 'before' },
      { kind: 'svg' as const, svg, title: 'Value capture <%>' },
      { kind: 'svg' as const, svg, title: 'Learning', file: 'charts/learning.svg' },
    ];
    const html = render(blocks, 'html', 'en');
    expect(html).toContain(`<figure>${svg}<figcaption>Value capture &lt;%&gt;</figcaption></figure>`);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(render(blocks, 'text', 'en')).toBe('before\n\nLearning: charts/learning.svg\n');
    expect(render(blocks, 'md', 'en')).toBe('before\n\n![Learning](charts/learning.svg)\n');
    // without svg blocks nothing changes
    expect(render(blocks.slice(0, 1), 'text', 'en')).toBe('before\n');
  });
});
