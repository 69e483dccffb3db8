/**
 * Rendering of a PLS estimation for `climb pls estimate`: the JSON of issue 5 §2 (plus a `data` summary)
 * and a bilingual text report of the main tables.
 */
import type { TFunction } from 'i18next';
import type { Lang } from '../../domain/vocabulary.ts';
import { translator } from '../../i18n/index.ts';
import type { Problem } from '../../io/problems.ts';
import type { Block } from '../../report/blocks.ts';
import { renderText } from '../../report/render.ts';
import type { PlsWarning } from './admissibility.ts';
import type { BootstrapResult, BootstrapStat } from './bootstrap.ts';
import type { PlsResult } from './estimate.ts';
import type { IpmaResult } from './ipma.ts';

export interface PlsDataSummary {
  /** Respondents read from the file. */
  rows: number;
  /** Respondents used by the estimation. */
  used: number;
  /** Respondents left out and why. */
  dropped: { row: number; reason: string }[];
}

/** The fixed JSON keys of issue 5 §2, in that order, plus `data`. */
export const PLS_JSON_KEYS = [
  'paths',
  'outerLoadings',
  'outerWeights',
  'rSquared',
  'rSquaredAdj',
  'reliability',
  'htmt',
  'fornellLarcker',
  'crossLoadings',
  'vif',
  'fSquared',
  'totalEffects',
  'iterations',
  'converged',
  'srmr',
  'srmrEstimated',
  'moderation',
  'warnings',
] as const;

export type PlsJson = Pick<PlsResult, (typeof PLS_JSON_KEYS)[number]> & { data: PlsDataSummary };

export function plsJson(r: PlsResult, data: PlsDataSummary): PlsJson {
  const out = Object.fromEntries(PLS_JSON_KEYS.map((k) => [k, r[k]])) as Pick<
    PlsResult,
    (typeof PLS_JSON_KEYS)[number]
  >;
  return { ...out, data: { rows: data.rows, used: data.used, dropped: data.dropped } };
}

export interface PlsReportContext {
  data: PlsDataSummary & { file: string; missingCells: number; missingCodes: number; reversed: string[] };
  model: string;
  scheme: string;
  missing: 'mean' | 'listwise';
  warnings: Problem[];
}

const f3 = (x: number | null | undefined) =>
  x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(3);

/** The title block of a report on `ctx`'s data and model. */
function titleBlock(t: TFunction, title: string, ctx: PlsReportContext): Block {
  return {
    kind: 'title',
    text: title,
    subtitle: t('pls.subtitle', { data: ctx.data.file, model: ctx.model }),
  };
}

/** Rows read, used and dropped, and the missing-value policy. */
function dataSummaryBlock(t: TFunction, ctx: PlsReportContext): Block {
  return {
    kind: 'paragraph',
    text: t('pls.dataSummary', {
      rows: ctx.data.rows,
      used: ctx.data.used,
      dropped: ctx.data.dropped.length,
      policy: t(`pls.missingPolicy.${ctx.missing}`),
    }),
  };
}

/** The warnings about the input (data and codebook), one notice each. */
function inputNotices(ctx: PlsReportContext, lang: Lang): Block[] {
  return ctx.warnings.map((w) => ({ kind: 'notice', text: lang === 'zh' ? w.message.zh : w.message.en }));
}

/** The report as presentation-neutral blocks. */
export function plsBlocks(r: PlsResult, ctx: PlsReportContext, lang: Lang): Block[] {
  const t: TFunction = translator(lang);
  const b: Block[] = [titleBlock(t, t('pls.title'), ctx)];
  // Data: how many rows, which were left out and why.
  b.push({ kind: 'heading', text: t('pls.dataHeading'), level: 2 }, dataSummaryBlock(t, ctx));
  if (ctx.data.missingCells > 0)
    b.push({
      kind: 'paragraph',
      text: t(ctx.missing === 'mean' ? 'pls.missingMean' : 'pls.missingListwise', {
        cells: ctx.data.missingCells,
        codes: ctx.data.missingCodes,
      }),
    });
  if (ctx.data.reversed.length)
    b.push({ kind: 'paragraph', text: t('pls.reversed', { items: ctx.data.reversed.join(', ') }) });
  if (ctx.data.dropped.length)
    b.push({
      kind: 'table',
      head: [t('pls.row'), t('pls.reason')],
      rows: ctx.data.dropped.map((d) => [String(d.row), d.reason]),
      numeric: [true, false],
    });
  b.push(...inputNotices(ctx, lang));
  b.push({
    kind: 'paragraph',
    text: t(r.converged ? 'pls.converged' : 'pls.notConverged', {
      iterations: r.iterations,
      scheme: ctx.scheme,
    }),
  });
  if (r.consistent) b.push({ kind: 'paragraph', text: t('pls.consistent') });

  // Structural model.
  b.push({ kind: 'heading', text: t('pls.pathsHeading'), level: 2 });
  b.push({
    kind: 'table',
    head: [t('pls.from'), t('pls.to'), t('pls.estimate'), 'f²'],
    rows: r.paths.map((p) => [p.from, p.to, f3(p.estimate), f3(r.fSquared[p.from]?.[p.to])]),
    numeric: [false, false, true, true],
  });
  const endo = Object.keys(r.rSquared);
  if (endo.length)
    b.push({
      kind: 'table',
      head: [t('pls.construct'), 'R²', t('pls.r2adj')],
      rows: endo.map((c) => [c, f3(r.rSquared[c]), f3(r.rSquaredAdj[c])]),
      numeric: [false, true, true],
    });

  b.push({
    kind: 'paragraph',
    text: t('pls.srmr', { saturated: f3(r.srmr), estimated: f3(r.srmrEstimated) }),
  });
  if (r.moderation.length) {
    b.push({ kind: 'heading', text: t('pls.moderationHeading'), level: 3 });
    b.push({ kind: 'paragraph', text: t('pls.moderationNote') });
    b.push({
      kind: 'table',
      head: [
        t('pls.interaction'),
        t('pls.to'),
        'β X',
        'β M',
        'β X×M',
        t('pls.slopeAt', { m: '−1 SD' }),
        t('pls.slopeAt', { m: t('pls.meanLevel') }),
        t('pls.slopeAt', { m: '+1 SD' }),
      ],
      rows: r.moderation.map((e) => [
        `${e.x} × ${e.moderator}`,
        e.target,
        f3(e.betaX),
        f3(e.betaM),
        f3(e.betaXM),
        ...e.slopes.map((x) => f3(x.slope)),
      ]),
      numeric: [false, false, true, true, true, true, true, true],
    });
  }

  // Measurement model.
  b.push({ kind: 'heading', text: t('pls.measurementHeading'), level: 2 });
  const rows: string[][] = [];
  for (const c of r.constructs) {
    for (const [item, loading] of Object.entries(r.outerLoadings[c] ?? {}))
      rows.push([c, item, f3(loading), f3(r.outerWeights[c]?.[item]), f3(r.vif.items[c]?.[item])]);
  }
  b.push({
    kind: 'table',
    head: [t('pls.construct'), t('pls.item'), t('pls.loading'), t('pls.weight'), 'VIF'],
    rows,
    numeric: [false, false, true, true, true],
  });
  b.push({ kind: 'heading', text: t('pls.reliabilityHeading'), level: 3 });
  b.push({
    kind: 'table',
    head: [t('pls.construct'), 'α', 'rhoC', 'rhoA', 'AVE'],
    rows: r.constructs.map((c) => {
      const x = r.reliability[c];
      return [c, f3(x?.alpha), f3(x?.rhoC), f3(x?.rhoA), f3(x?.ave)];
    }),
    numeric: [false, true, true, true, true],
  });
  b.push({ kind: 'heading', text: t('pls.htmtHeading'), level: 3 });
  const cs = r.constructs;
  b.push({
    kind: 'table',
    head: ['', ...cs.slice(0, -1)],
    rows: cs
      .slice(1)
      .map((row, i) => [
        row,
        ...cs.slice(0, -1).map((col, j) => (j <= i ? f3(r.htmt[col]?.[row] ?? r.htmt[row]?.[col]) : '')),
      ]),
    numeric: [false, ...cs.slice(0, -1).map(() => true)],
  });
  // HTMT above 0.9 is one of the admissibility warnings below.
  b.push(...warningBlocks(r.warnings, lang));
  return b;
}

/** The admissibility warnings as a section (a line saying there are none when empty). */
export function warningBlocks(warnings: PlsWarning[], lang: Lang): Block[] {
  const t: TFunction = translator(lang);
  const b: Block[] = [{ kind: 'heading', text: t('pls.warningsHeading'), level: 2 }];
  if (warnings.length === 0) b.push({ kind: 'paragraph', text: t('pls.noWarnings') });
  for (const w of warnings) b.push({ kind: 'notice', text: lang === 'zh' ? w.message.zh : w.message.en });
  return b;
}

export function plsText(r: PlsResult, ctx: PlsReportContext, lang: Lang): string {
  return renderText(plsBlocks(r, ctx, lang));
}

/** The JSON keys of `climb pls bootstrap` (issue 5 §4), in order, before `n` and `data`. */
export const PLS_BOOTSTRAP_JSON_KEYS = [
  'resamples',
  'seed',
  'workers',
  'signChange',
  'level',
  'used',
  'nonConverged',
  'nonConvergedResamples',
  'failed',
  'failures',
  'jackknife',
  'pValue',
  'paths',
  'outerLoadings',
  'outerWeights',
  'totalEffects',
  'indirectEffects',
  'htmt',
] as const;

export type PlsBootstrapJson = Pick<BootstrapResult, (typeof PLS_BOOTSTRAP_JSON_KEYS)[number]> & {
  /** Rows used by the original estimate. */
  n: number;
  data: PlsDataSummary;
};

/**
 * The bootstrap as JSON: every row carries original, mean, sd, t, p, percentile and bca. JSON has no
 * NaN: an undefined value (e.g. a BCa bound when every resample lies on one side) is written as null.
 */
export function plsBootstrapJson(r: BootstrapResult, data: PlsDataSummary): PlsBootstrapJson {
  const out = Object.fromEntries(PLS_BOOTSTRAP_JSON_KEYS.map((k) => [k, r[k]])) as Pick<
    BootstrapResult,
    (typeof PLS_BOOTSTRAP_JSON_KEYS)[number]
  >;
  return { ...out, n: r.original.n, data: { rows: data.rows, used: data.used, dropped: data.dropped } };
}

const interval = ([lo, hi]: [number, number]) => `[${f3(lo)}, ${f3(hi)}]`;
const pValue = (p: number) => (Number.isNaN(p) ? '–' : p < 0.001 ? '<0.001' : p.toFixed(3));

/** The bootstrap report as presentation-neutral blocks. */
export function plsBootstrapBlocks(r: BootstrapResult, ctx: PlsReportContext, lang: Lang): Block[] {
  const t: TFunction = translator(lang);
  const b: Block[] = [
    titleBlock(t, t('pls.bootTitle'), ctx),
    { kind: 'heading', text: t('pls.dataHeading'), level: 2 },
    dataSummaryBlock(t, ctx),
    ...inputNotices(ctx, lang),
  ];
  b.push({
    kind: 'paragraph',
    text: t('pls.bootSummary', {
      resamples: r.resamples,
      seed: r.seed,
      used: r.used,
      scheme: ctx.scheme,
      signChange: t(`pls.signChange.${r.signChange}`),
      level: Math.round(r.level * 1000) / 10,
      groups: r.jackknife.groups,
    }),
  });
  if (r.nonConverged > 0) b.push({ kind: 'notice', text: t('pls.bootNonConverged', { n: r.nonConverged }) });
  if (r.failed > 0)
    b.push({
      kind: 'notice',
      text: t('pls.bootFailed', { n: r.failed, first: r.failures[0]?.message ?? '' }),
    });
  b.push({ kind: 'paragraph', text: t('pls.bootColumns') });
  const level = `${Math.round(r.level * 1000) / 10} %`;
  const statHead = [
    t('pls.original'),
    t('pls.bootMean'),
    t('pls.bootSd'),
    't',
    'p',
    t('pls.percentileCi', { level }),
    t('pls.bcaCi', { level }),
  ];
  const stat = (x: BootstrapStat) => [
    f3(x.original),
    f3(x.mean),
    f3(x.sd),
    Number.isFinite(x.t) ? x.t.toFixed(2) : '–',
    pValue(x.p),
    interval(x.percentile),
    interval(x.bca),
  ];
  const num = [true, true, true, true, true, false, false];
  const table = (text: string, head: string[], rows: string[][], lead: boolean[]) => {
    if (rows.length === 0) return;
    b.push({ kind: 'heading', text, level: 2 });
    b.push({ kind: 'table', head: [...head, ...statHead], rows, numeric: [...lead, ...num] });
  };
  const ft = [t('pls.from'), t('pls.to')];
  table(
    t('pls.pathsHeading'),
    ft,
    r.paths.map((x) => [x.from, x.to, ...stat(x)]),
    [false, false],
  );
  table(
    t('pls.bootTotalHeading'),
    ft,
    r.totalEffects.map((x) => [x.from, x.to, ...stat(x)]),
    [false, false],
  );
  table(
    t('pls.bootIndirectHeading'),
    [t('pls.from'), t('pls.through'), t('pls.to')],
    r.indirectEffects.map((x) => [x.from, x.through.join(' → '), x.to, ...stat(x)]),
    [false, false, false],
  );
  const ci = [t('pls.construct'), t('pls.item')];
  table(
    t('pls.bootLoadingsHeading'),
    ci,
    r.outerLoadings.map((x) => [x.construct, x.item, ...stat(x)]),
    [false, false],
  );
  table(
    t('pls.bootWeightsHeading'),
    ci,
    r.outerWeights.map((x) => [x.construct, x.item, ...stat(x)]),
    [false, false],
  );
  table(
    t('pls.htmtHeading'),
    [t('pls.construct'), t('pls.construct')],
    r.htmt.map((x) => [x.a, x.b, ...stat(x)]),
    [false, false],
  );
  return b;
}

export function plsBootstrapText(r: BootstrapResult, ctx: PlsReportContext, lang: Lang): string {
  return renderText(plsBootstrapBlocks(r, ctx, lang));
}

/** The IPMA as JSON (issue 5: importance and performance per construct and item). */
export function plsIpmaJson(x: IpmaResult, data: PlsDataSummary) {
  return { ...x, data: { rows: data.rows, used: data.used, dropped: data.dropped } };
}

export function plsIpmaBlocks(x: IpmaResult, ctx: PlsReportContext, lang: Lang): Block[] {
  const t: TFunction = translator(lang);
  const b: Block[] = [
    titleBlock(t, t('pls.ipmaTitle', { target: x.target }), ctx),
    dataSummaryBlock(t, ctx),
    ...inputNotices(ctx, lang),
  ];
  b.push({
    kind: 'paragraph',
    text: t('pls.ipmaExplain', { target: x.target, performance: f3(x.targetPerformance) }),
  });
  const sources = [...new Set(x.items.map((i) => i.source))].map((s) => t(`pls.scaleSource.${s}`));
  b.push({
    kind: 'paragraph',
    text: t('pls.ipmaScale', { sources: sources.join(lang === 'zh' ? '、' : ', ') }),
  });
  if (x.observedRange.length)
    b.push({ kind: 'notice', text: t('pls.ipmaObserved', { items: x.observedRange.join(', ') }) });
  if (x.negativeWeights.length)
    b.push({ kind: 'notice', text: t('pls.ipmaNegative', { constructs: x.negativeWeights.join(', ') }) });
  b.push({ kind: 'heading', text: t('pls.ipmaConstructs'), level: 2 });
  b.push({
    kind: 'table',
    head: [t('pls.construct'), t('pls.importance'), t('pls.performance')],
    rows: x.constructs.map((c) => [c.construct, f3(c.importance), f3(c.performance)]),
    numeric: [false, true, true],
  });
  b.push({ kind: 'heading', text: t('pls.ipmaItems'), level: 2 });
  b.push({
    kind: 'table',
    head: [
      t('pls.construct'),
      t('pls.item'),
      t('pls.weight'),
      t('pls.importance'),
      t('pls.performance'),
      t('pls.scale'),
    ],
    rows: x.items.map((i) => [
      i.construct,
      i.item,
      f3(i.weight),
      f3(i.importance),
      f3(i.performance),
      `${i.min}–${i.max}`,
    ]),
    numeric: [false, false, true, true, true, false],
  });
  return b;
}

export function plsIpmaText(x: IpmaResult, ctx: PlsReportContext, lang: Lang): string {
  return renderText(plsIpmaBlocks(x, ctx, lang));
}
