/**
 * The simulation report: presentation blocks (text, Markdown, HTML), SVG charts and the JSON output,
 * in Chinese and English.
 */
import { join } from 'node:path';
import type { Knowledge } from '../domain/knowledge-base.ts';
import type { Lang } from '../domain/vocabulary.ts';
import { speaker } from '../i18n/index.ts';
import type { Block } from '../report/blocks.ts';
import { render, type TextFormat } from '../report/render.ts';
import { lineChart } from './chart.ts';
import { leverById, REPORTED, type Reported } from './gum.ts';
import { startOf } from './scenario.ts';
import type { ScenarioResult, SimulationResult } from './simulate.ts';

/** Index of the save at `year` years after the start (nearest). */
function indexAt(r: ScenarioResult, year: number): number {
  const t = r.run.time;
  let best = 0;
  for (let i = 0; i < t.length; i++)
    if (Math.abs((t[i] as number) - year) < Math.abs((t[best] as number) - year)) best = i;
  return best;
}

/** The years shown in tables: the start, every few years, and the horizon. */
export function reportYears(years: number, at?: number[]): number[] {
  if (at && at.length > 0) return [...new Set(at.filter((y) => y >= 0 && y <= years))].sort((a, b) => a - b);
  const step = years <= 10 ? Math.max(1, Math.ceil(years / 5)) : Math.ceil(years / 5);
  const out: number[] = [];
  for (let y = 0; y < years; y += step) out.push(y);
  out.push(years);
  return out;
}

/** The facts a value was read from, at most three named. */
function fromList(from: string[], sp: ReturnType<typeof speaker>, lang: Lang): string {
  const label = (f: string) => (f.startsWith('survey.') ? f.slice(7) : sp.factLabel(f));
  const shown = from
    .slice(0, 3)
    .map(label)
    .join(lang === 'zh' ? '；' : '; ');
  return from.length > 3 ? `${shown}${sp.t('simulate.start.more', { n: from.length - 3 })}` : shown;
}

const currencyText = (c: string | { zh: string; en: string }, sp: ReturnType<typeof speaker>) =>
  typeof c === 'string' ? c : sp.text(c);

const scenarioName = (r: ScenarioResult, lang: Lang) =>
  lang === 'zh' ? r.scenario.name.zh : r.scenario.name.en;

export interface ChartFile {
  name: string;
  title: string;
  svg: string;
}

const CHARTED: Reported[] = [
  'value_capture',
  'functional_share',
  'tech_capability',
  'innovation_capability',
  'outside_capability',
  'sc_capability',
  'learning',
  'innovation',
  'gvc_insertion',
  'social_capital',
  'policy',
  'leading_firms',
];

/** One SVG line chart per charted variable, every scenario a line (with its ensemble band). */
export function simulationCharts(res: SimulationResult, kb: Knowledge, lang: Lang): ChartFile[] {
  const sp = speaker(lang, kb);
  const t = sp.t;
  return CHARTED.map((v) => {
    const title = t(`simulate.var.${v}`);
    const svg = lineChart({
      title,
      xLabel: t('simulate.chart.year'),
      yLabel: t('simulate.chart.level'),
      xFormat: (x) => String(Math.round(res.init.baseYear + x)),
      ...(v === 'value_capture' || v === 'functional_share' ? { yFormat: (y: number) => sp.pct(y, 0) } : {}),
      series: res.scenarios.map((r) => {
        const band = r.ensemble?.[v];
        return {
          name: scenarioName(r, lang),
          x: r.run.time,
          y: band ? band.median : r.run.series[v],
          ...(band ? { band: { lo: band.p5, hi: band.p95 } } : {}),
        };
      }),
    });
    return { name: `${v}.svg`, title, svg };
  });
}

export function simulationBlocks(res: SimulationResult, kb: Knowledge, lang: Lang, at?: number[]): Block[] {
  const sp = speaker(lang, kb);
  const t = sp.t;
  const ws = res.diagnosis.workspace;
  const base = res.init.baseYear;
  const years = reportYears(res.years, at);
  const yearLabel = (y: number) => String(base + y);
  const blocks: Block[] = [
    {
      kind: 'title',
      text: t('simulate.title', { name: sp.text(ws.name) }),
      subtitle: t('simulate.subtitle', {
        from: base,
        to: base + res.years,
        scenarios: res.scenarios.length,
      }),
    },
    { kind: 'notice', text: t('simulate.notice') },
  ];

  // 1. The starting state.
  blocks.push({ kind: 'heading', level: 2, text: sp.numbered(1, t('simulate.start.heading')) });
  blocks.push({
    kind: 'paragraph',
    text: res.init.surveyN
      ? t('simulate.start.survey', { n: res.init.surveyN })
      : t('simulate.start.indicators'),
  });
  blocks.push({
    kind: 'table',
    head: [
      t('simulate.col.variable'),
      t('simulate.col.initial'),
      t('simulate.col.basis'),
      t('simulate.col.from'),
    ],
    numeric: [false, true, false, false],
    rows: res.init.values.map((v) => [
      t(`simulate.var.${v.constant.replace(/0$/, '')}`),
      sp.num(v.value, 2),
      t(`simulate.basis.${v.basis}`),
      fromList(v.from, sp, lang),
    ]),
  });
  const g = res.init.governance;
  blocks.push({
    kind: 'paragraph',
    text: g.classified
      ? t('simulate.start.governance', {
          mix: sp.join(
            Object.entries(g.shares)
              .filter(([, s]) => s > 0.005)
              .sort((a, b) => b[1] - a[1])
              .map(([k, s]) => `${sp.governanceName(k)} ${sp.pct(s, 0)}`),
          ),
        })
      : t('simulate.start.governanceDefault'),
  });
  blocks.push({
    kind: 'paragraph',
    text: t('simulate.start.valueCapture', {
      vc: sp.pct(res.diagnosis.valueCapture),
      stage: sp.stageName(res.diagnosis.stage.stage),
    }),
  });
  blocks.push({
    kind: 'paragraph',
    text: t(res.start === 'free' ? 'simulate.start.free' : 'simulate.start.equilibrium'),
  });
  if (res.init.policies.length > 0)
    blocks.push({
      kind: 'paragraph',
      text: t('simulate.start.policies', {
        list: sp.join(
          res.init.policies.map((p) => {
            const spec = leverById(p.lever);
            return `${spec ? sp.text(spec.name) : p.lever} (${sp.num(p.intensity)})`;
          }),
        ),
      }),
    });

  // 2. The scenarios.
  blocks.push({ kind: 'heading', level: 2, text: sp.numbered(2, t('simulate.scenarios.heading')) });
  blocks.push({
    kind: 'list',
    items: res.scenarios.map((r) => {
      const s = r.scenario;
      const details: string[] = [];
      if (s.description) details.push(sp.text(s.description));
      for (const l of s.levers) {
        const spec = leverById(l.lever);
        details.push(
          t('simulate.scenarios.lever', {
            lever: spec ? sp.text(spec.name) : l.lever,
            intensity: sp.num(l.intensity),
            year: base + startOf(l, base),
          }),
        );
      }
      for (const x of s.shocks)
        details.push(
          t(`simulate.scenarios.shock.${x.kind}`, {
            size: sp.pct(x.size, 0),
            year: base + startOf(x, base),
            duration: x.duration ?? 1,
          }),
        );
      if (s.levers.length === 0 && s.shocks.length === 0) details.push(t('simulate.scenarios.none'));
      if (r.budget)
        details.push(
          t('simulate.scenarios.budget', {
            total: sp.num(r.budget.total, 1),
            currency: currencyText(r.budget.currency, sp),
            assumption: sp.text(r.budget.assumption),
          }),
        );
      if (s.file) details.push(t('simulate.scenarios.file', { file: s.file }));
      return { text: scenarioName(r, lang), details };
    }),
  });

  // 3. Value capture over time.
  const cell = (r: ScenarioResult, v: Reported, i: number, pct: boolean) => {
    const f = (x: number) => (pct ? sp.pct(x) : sp.num(x, 2));
    const b = r.ensemble?.[v];
    if (!b) return f(r.run.series[v][i] as number);
    return `${f(b.median[i] as number)} (${f(b.p5[i] as number)}–${f(b.p95[i] as number)})`;
  };
  blocks.push({ kind: 'heading', level: 2, text: sp.numbered(3, t('simulate.vc.heading')) });
  if (res.ensemble)
    blocks.push({
      kind: 'paragraph',
      text: t('simulate.ensemble.note', {
        members: res.ensemble.members,
        seed: res.ensemble.seed,
        k: res.ensemble.uncertain.length,
      }),
    });
  blocks.push({
    kind: 'table',
    head: [t('simulate.col.scenario'), ...years.map(yearLabel)],
    numeric: [false, ...years.map(() => true)],
    rows: res.scenarios.map((r) => [
      scenarioName(r, lang),
      ...years.map((y) => cell(r, 'value_capture', indexAt(r, y), true)),
    ]),
  });

  // 4. The stage reached.
  blocks.push({ kind: 'heading', level: 2, text: sp.numbered(4, t('simulate.stage.heading')) });
  blocks.push({ kind: 'paragraph', text: t('simulate.stage.rule') });
  blocks.push({
    kind: 'table',
    head: [t('simulate.col.scenario'), ...years.map(yearLabel)],
    rows: res.scenarios.map((r) => [
      scenarioName(r, lang),
      ...years.map((y) => t(`simulate.stageShort.${r.stages[indexAt(r, y)]}`)),
    ]),
  });
  const firstReach = res.scenarios.flatMap((r) => {
    const seen = new Set<string>([r.stages[0] as string]);
    const items: string[] = [];
    r.stages.forEach((s, i) => {
      if (!seen.has(s)) {
        seen.add(s);
        items.push(
          t('simulate.stage.reached', {
            stage: sp.stageName(s),
            year: (base + (r.run.time[i] as number)).toFixed(1),
          }),
        );
      }
    });
    return items.length > 0 ? [{ text: scenarioName(r, lang), details: items }] : [];
  });
  if (firstReach.length > 0) blocks.push({ kind: 'list', items: firstReach });

  // 5. Every variable at the horizon, scenarios side by side.
  blocks.push({
    kind: 'heading',
    level: 2,
    text: sp.numbered(5, t('simulate.horizon.heading', { year: base + res.years })),
  });
  const last = (r: ScenarioResult) => r.run.time.length - 1;
  blocks.push({
    kind: 'table',
    head: [
      t('simulate.col.variable'),
      t('simulate.col.initial'),
      ...res.scenarios.map((r) => scenarioName(r, lang)),
    ],
    numeric: [false, true, ...res.scenarios.map(() => true)],
    rows: REPORTED.map((v) => {
      const pct = v === 'value_capture' || v === 'functional_share';
      const first = res.scenarios[0] as ScenarioResult;
      return [
        t(`simulate.var.${v}`),
        pct ? sp.pct(first.run.series[v][0] as number) : sp.num(first.run.series[v][0] as number, 2),
        ...res.scenarios.map((r) => cell(r, v, last(r), pct)),
      ];
    }),
  });

  // 6. Budget and effect.
  const withBudget = res.scenarios.filter((r) => r.budget);
  if (withBudget.length > 0) {
    const ref = res.scenarios.find((r) => r.scenario.levers.length === 0) ?? res.scenarios[0];
    const refVc = ref ? (ref.run.series.value_capture[last(ref)] as number) : 0;
    blocks.push({ kind: 'heading', level: 2, text: sp.numbered(6, t('simulate.budget.heading')) });
    blocks.push({
      kind: 'table',
      head: [
        t('simulate.col.scenario'),
        t('simulate.col.cost'),
        t('simulate.col.deltaVc', { ref: ref ? scenarioName(ref, lang) : '' }),
        t('simulate.col.costPerPoint'),
      ],
      numeric: [false, true, true, true],
      rows: withBudget.map((r) => {
        const dv = (r.run.series.value_capture[last(r)] as number) - refVc;
        const b = r.budget as NonNullable<ScenarioResult['budget']>;
        return [
          scenarioName(r, lang),
          `${sp.num(b.total, 1)} ${currencyText(b.currency, sp)}`,
          `${dv >= 0 ? '+' : ''}${(dv * 100).toFixed(2)}`,
          dv > 1e-6 && b.total > 0 ? sp.num(b.total / (dv * 100), 1) : '—',
        ];
      }),
    });
    blocks.push({ kind: 'paragraph', text: t('simulate.budget.note') });
  }
  blocks.push({ kind: 'paragraph', text: t('simulate.method') });
  return blocks;
}

/**
 * The report in a text format. HTML inlines the SVG charts (`svg` blocks); text and Markdown name the
 * chart files when `chartDir` says where they were written, and leave the charts out otherwise.
 */
export function simulationReport(
  res: SimulationResult,
  kb: Knowledge,
  format: TextFormat,
  lang: Lang,
  at?: number[],
  chartDir?: string,
): string {
  const blocks = simulationBlocks(res, kb, lang, at);
  if (format === 'html' || chartDir) {
    const t = speaker(lang, kb).t;
    blocks.push({ kind: 'heading', level: 2, text: t('simulate.chart.heading') });
    for (const c of simulationCharts(res, kb, lang))
      blocks.push({
        kind: 'svg',
        svg: c.svg,
        title: c.title,
        ...(chartDir ? { file: join(chartDir, c.name) } : {}),
      });
  }
  return render(blocks, format, lang);
}

const arr = (a: ArrayLike<number>) => Array.from(a, (v) => Math.round(v * 1e6) / 1e6);

/** The JSON output of `climb simulate`. */
export function simulationJson(res: SimulationResult): unknown {
  return {
    workspace: res.diagnosis.workspace.id,
    model: 'knowledge/models/gum.model.yaml',
    baseYear: res.init.baseYear,
    years: res.years,
    saveEvery: res.saveEvery,
    start: res.start,
    initial: {
      values: res.init.values,
      governance: res.init.governance,
      policies: res.init.policies,
      surveyN: res.init.surveyN ?? null,
      diagnosedValueCapture: res.diagnosis.valueCapture,
      diagnosedStage: res.diagnosis.stage.stage,
    },
    ensemble: res.ensemble ?? null,
    scenarios: res.scenarios.map((r) => ({
      id: r.scenario.id,
      name: r.scenario.name,
      file: r.scenario.file || null,
      levers: r.scenario.levers,
      shocks: r.scenario.shocks,
      budget: r.budget ?? null,
      time: arr(r.run.time),
      series: Object.fromEntries(REPORTED.map((v) => [v, arr(r.run.series[v])])),
      stages: r.stages,
      ensemble: r.ensemble
        ? Object.fromEntries(
            Object.entries(r.ensemble).map(([v, b]) => [
              v,
              { median: arr(b.median), p5: arr(b.p5), p95: arr(b.p95) },
            ]),
          )
        : null,
    })),
  };
}
