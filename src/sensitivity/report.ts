/** JSON and text renderings of Sobol' and Morris results (keys S1/ST/S1Conf/STConf and muStar/sigma/mu fixed). */
import type { Lang } from '../domain/vocabulary.ts';
import { translator } from '../i18n/index.ts';
import type { MorrisResult } from './morris.ts';
import type { Indices, SobolResult } from './saltelli.ts';
import type { AnalyticIndices } from './test-functions.ts';

export interface ReportContext {
  /** The test function or model analysed. */
  subject?: string;
  seed?: number;
  analytic?: AnalyticIndices;
}

export function sobolJson(r: SobolResult, ctx: ReportContext = {}): Record<string, unknown> {
  const step = r.S2 ? 2 * r.k + 2 : r.k + 2;
  return {
    method: 'sobol',
    ...(ctx.subject ? { function: ctx.subject } : {}),
    N: r.n,
    runs: r.n * step,
    parameters: r.names,
    S1: r.S1,
    ST: r.ST,
    S1Conf: r.S1Conf,
    STConf: r.STConf,
    S1Interval: r.S1Interval,
    STInterval: r.STInterval,
    ...(r.S2 ? { S2: r.S2, S2Conf: r.S2Conf } : {}),
    mean: r.mean,
    variance: r.variance,
    bootstrap: r.bootstrap,
    confidence: r.confidence,
    ...(ctx.seed !== undefined ? { seed: ctx.seed } : {}),
    ...(ctx.analytic ? { analytic: { S1: ctx.analytic.S1, ST: ctx.analytic.ST } } : {}),
  };
}

export function morrisJson(r: MorrisResult, ctx: ReportContext = {}): Record<string, unknown> {
  return {
    method: 'morris',
    ...(ctx.subject ? { function: ctx.subject } : {}),
    trajectories: r.trajectories,
    levels: r.levels,
    runs: r.trajectories * (r.names.length + 1),
    parameters: r.names,
    muStar: r.muStar,
    sigma: r.sigma,
    mu: r.mu,
    muStarConf: r.muStarConf,
    muStarInterval: r.muStarInterval,
    bootstrap: r.bootstrap,
    confidence: r.confidence,
    ...(ctx.seed !== undefined ? { seed: ctx.seed } : {}),
  };
}

function fmt(x: number | undefined, digits = 4): string {
  return x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits);
}

/** A plain table: first column left-aligned, the others right-aligned. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((s, c) => {
        const pad = ' '.repeat(Math.max(0, (widths[c] as number) - width(s)));
        return c === 0 ? s + pad : pad + s;
      })
      .join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Display width: CJK characters count double. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

export function sobolText(r: SobolResult, lang: Lang, ctx: ReportContext = {}): string {
  const t = translator(lang);
  const step = r.S2 ? 2 * r.k + 2 : r.k + 2;
  const pct = Math.round(r.confidence * 100);
  const head = [t('sensitivity.report.parameter'), 'S1', `±${pct}%`, 'ST', `±${pct}%`];
  if (ctx.analytic) head.push(t('sensitivity.report.analyticS1'), t('sensitivity.report.analyticST'));
  const rows = r.names.map((n) => {
    const row = [n, fmt(r.S1[n]), fmt(r.S1Conf[n]), fmt(r.ST[n]), fmt(r.STConf[n])];
    if (ctx.analytic) row.push(fmt(ctx.analytic.S1[n]), fmt(ctx.analytic.ST[n]));
    return row;
  });
  const lines = [
    t('sensitivity.report.sobolTitle', {
      subject: ctx.subject ?? t('sensitivity.report.model'),
      n: r.n,
      runs: r.n * step,
    }),
    r.bootstrap > 0
      ? t('sensitivity.report.bootstrapLine', { b: r.bootstrap, pct, seed: ctx.seed ?? 0 })
      : t('sensitivity.report.noBootstrap'),
    '',
    table(head, rows),
  ];
  if (r.S2) {
    const pairs: string[][] = [];
    for (const [a, row] of Object.entries(r.S2))
      for (const [b, v] of Object.entries(row)) pairs.push([`${a} × ${b}`, fmt(v), fmt(r.S2Conf?.[a]?.[b])]);
    lines.push('', table([t('sensitivity.report.pair'), 'S2', `±${pct}%`], pairs));
  }
  lines.push('', t('sensitivity.report.sobolNote'));
  return lines.join('\n');
}

export function morrisText(r: MorrisResult, lang: Lang, ctx: ReportContext = {}): string {
  const t = translator(lang);
  const pct = Math.round(r.confidence * 100);
  const order = [...r.names].sort((a, b) => (r.muStar[b] as number) - (r.muStar[a] as number));
  const head = [t('sensitivity.report.parameter'), 'μ*', `±${pct}%`, 'σ', 'μ'];
  const rows = order.map((n) => [n, fmt(r.muStar[n]), fmt(r.muStarConf[n]), fmt(r.sigma[n]), fmt(r.mu[n])]);
  return [
    t('sensitivity.report.morrisTitle', {
      subject: ctx.subject ?? t('sensitivity.report.model'),
      r: r.trajectories,
      p: r.levels,
      runs: r.trajectories * (r.names.length + 1),
    }),
    r.bootstrap > 0
      ? t('sensitivity.report.bootstrapLine', { b: r.bootstrap, pct, seed: ctx.seed ?? 0 })
      : t('sensitivity.report.noBootstrap'),
    '',
    table(head, rows),
    '',
    t('sensitivity.report.morrisNote'),
  ].join('\n');
}

/** Ranks names by a measure, largest first. */
export function ranking(values: Indices): string[] {
  return Object.keys(values).sort((a, b) => (values[b] as number) - (values[a] as number));
}
