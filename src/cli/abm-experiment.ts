/**
 * `climb abm experiment` (designs, sweeps, resumable tidy output, sensitivity indices) and `climb abm
 * report` (a case under several governance types, explained) — issue 4 items 4 and 6.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { TFunction } from 'i18next';
import { analyzeExperiment } from '../abm/experiments/analyze.ts';
import { OUTPUT_KEYS, type OutputKey, resolveDesignWorkspace } from '../abm/experiments/design.ts';
import { problem } from '../abm/experiments/errors.ts';
import {
  type ExperimentSummary,
  formatOf,
  type ResultFormat,
  runExperiment,
} from '../abm/experiments/runner.ts';
import { comparisonCharts } from '../abm/report/charts.ts';
import { compareGovernance, defaultCompareWorkers } from '../abm/report/compare.ts';
import { explainComparison } from '../abm/report/explain.ts';
import { renderComparison } from '../abm/report/render.ts';
import { GOVERNANCE_TYPES, type GovernanceType, type Lang } from '../domain/vocabulary.ts';
import { translator } from '../i18n/index.ts';
import { bundledKnowledge } from '../io/knowledge.ts';
import { InputError } from '../io/problems.ts';
import type { MorrisResult, SobolResult } from '../sensitivity/index.ts';

const int = (name: string, min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`--${name} needs a whole number ≥ ${min}`);
  return n;
};

export interface ExperimentCliOptions {
  workers?: number;
  out?: string;
  format?: ResultFormat;
  resume?: boolean;
  progress?: boolean;
  analyze?: string | boolean;
  bootstrap?: number;
  lang: Lang;
}

function indexTable(r: SobolResult | MorrisResult, t: TFunction): string {
  const rows: string[][] =
    r.method === 'sobol'
      ? [
          [t('abmx.cli.factor'), 'S1', '±', 'ST', '±'],
          ...r.names.map((n) => [
            n,
            (r.S1[n] as number).toFixed(3),
            (r.S1Conf[n] as number).toFixed(3),
            (r.ST[n] as number).toFixed(3),
            (r.STConf[n] as number).toFixed(3),
          ]),
        ]
      : [
          [t('abmx.cli.factor'), 'mu*', '±', 'mu', 'sigma'],
          ...r.names.map((n) => [
            n,
            (r.muStar[n] as number).toPrecision(3),
            (r.muStarConf[n] as number).toPrecision(3),
            (r.mu[n] as number).toPrecision(3),
            (r.sigma[n] as number).toPrecision(3),
          ]),
        ];
  const w = rows[0]?.map((_, j) => Math.max(...rows.map((row) => (row[j] as string).length))) ?? [];
  return rows
    .map((row) => row.map((c, j) => (j ? c.padStart(w[j] as number) : c.padEnd(w[j] as number))).join('  '))
    .join('\n');
}

/** `climb abm experiment` as a function; returns the text for standard output (the analysis, if any). */
export async function abmExperiment(design: string, o: ExperimentCliOptions): Promise<string> {
  const t = translator(o.lang);
  const needOut = (key: string) => {
    throw new InputError([problem(key, {}, { file: design, path: '' })]);
  };
  if (o.resume && !o.out) needOut('resumeNeedsOut');
  if (o.analyze && !o.out) needOut('analyzeNeedsOut');
  const output = (typeof o.analyze === 'string' ? o.analyze : 'upgraded') as OutputKey;
  if (o.analyze && !(OUTPUT_KEYS as readonly string[]).includes(output))
    throw new InputError([
      problem(
        'badColumn',
        { name: output, allowed: OUTPUT_KEYS.join(', ') },
        { file: design, path: '--analyze' },
      ),
    ]);
  const ac = new AbortController();
  const onSigint = () => ac.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  let last = 0;
  let summary: ExperimentSummary;
  try {
    summary = await runExperiment(design, {
      workers: o.workers ?? availableParallelism(),
      ...(o.out ? { out: o.out } : {}),
      ...(o.format ? { format: o.format } : {}),
      ...(o.resume ? { resume: true } : {}),
      signal: ac.signal,
      ...(o.progress
        ? {
            onProgress: (p) => {
              const now = performance.now();
              if (now - last < 500 && p.done < p.total) return;
              last = now;
              const rate = (p.done - p.skipped) / Math.max(1e-3, p.elapsedMs / 1000);
              process.stderr.write(
                `\r${t('abmx.cli.progress', {
                  done: p.done,
                  total: p.total,
                  rate: rate.toFixed(1),
                  left: rate > 0 ? Math.ceil((p.total - p.done) / rate) : '?',
                })}   ${p.done === p.total ? '\n' : ''}`,
              );
            },
          }
        : {}),
    });
  } catch (e) {
    if (ac.signal.aborted) {
      process.stderr.write(`\n${t('abmx.cli.interrupted', { out: o.out ?? '-' })}\n`);
      process.exitCode = 130;
      return '';
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
  process.stderr.write(
    `${t('abmx.cli.done', {
      ran: summary.ran,
      seconds: (summary.wallMs / 1000).toFixed(1),
      rate: summary.runsPerSecond.toFixed(1),
      workers: summary.workers,
      skipped: summary.skipped,
    })}\n`,
  );
  if (summary.out)
    process.stderr.write(`${t('abmx.cli.written', { out: summary.out, meta: summary.meta })}\n`);
  if (!o.analyze || !o.out) return '';
  const a = analyzeExperiment(design, o.out, {
    output,
    ...(o.bootstrap !== undefined ? { bootstrap: o.bootstrap } : {}),
    format: formatOf(o.out, o.format),
  });
  const title = t(a.result.method === 'sobol' ? 'abmx.cli.sobolTitle' : 'abmx.cli.morrisTitle', {
    output,
    points: a.y.length,
    seeds: summary.seeds,
  });
  return `${title}\n\n${indexTable(a.result, t)}\n`;
}

export interface ReportCliOptions {
  compare: string;
  firms: number;
  steps: number;
  seeds: number;
  workers?: number;
  charts?: string;
  format: 'md' | 'html';
  out?: string;
  lang: Lang;
}

/** `climb abm report` as a function: the report text (and chart files when asked). */
export async function abmReport(workspace: string | undefined, o: ReportCliOptions): Promise<string> {
  const kb = bundledKnowledge();
  const arg = workspace ?? 'ningbo-garments';
  const ws = resolveDesignWorkspace(arg, process.cwd(), kb);
  if (!ws) throw new InputError([problem('badWorkspace', { value: arg }, { file: arg, path: '' })]);
  const govs = o.compare
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const g of govs)
    if (!(GOVERNANCE_TYPES as readonly string[]).includes(g))
      throw new InputError([problem('badCompare', { value: g }, { file: '--compare', path: '' })]);
  const cmp = await compareGovernance({
    governances: govs as GovernanceType[],
    workspace: ws,
    firms: o.firms,
    steps: o.steps,
    seeds: o.seeds,
    workers: o.workers ?? defaultCompareWorkers(govs.length * o.seeds, o.firms, o.steps),
    kb,
  });
  const explanation = explainComparison(cmp, o.lang);
  const charts = comparisonCharts(cmp, o.lang);
  let chartDir: string | undefined;
  if (o.charts) {
    mkdirSync(o.charts, { recursive: true });
    for (const ch of charts) writeFileSync(join(o.charts, `${ch.id}.svg`), `${ch.svg}\n`);
    chartDir = o.out ? relative(dirname(resolve(o.out)), resolve(o.charts)) : o.charts;
    process.stderr.write(
      `${translator(o.lang)('abmx.cli.chartsWritten', { count: charts.length, dir: o.charts })}\n`,
    );
  }
  const text = renderComparison(cmp, {
    lang: o.lang,
    format: o.format,
    explanation,
    charts,
    ...(chartDir !== undefined ? { chartDir } : {}),
    kb,
  });
  if (o.out) {
    writeFileSync(o.out, text);
    return '';
  }
  return text;
}

function print(s: string): void {
  if (s) process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}

export function registerAbmExperiments(abm: Command, h: TFunction, langOption: () => Option): void {
  abm
    .command('experiment')
    .description(h('abmx.help.experiment'))
    .argument('<design>', h('abmx.help.design'))
    .option('--workers <n>', h('abmx.help.workers'), int('workers', 1))
    .option('--out <file>', h('abmx.help.out'))
    .addOption(new Option('--format <format>', h('abmx.help.format')).choices(['csv', 'jsonl']))
    .option('--resume', h('abmx.help.resume'))
    .option('--progress', h('abmx.help.progress'))
    .option('--analyze [output]', h('abmx.help.analyze'))
    .option('--bootstrap <n>', h('abmx.help.bootstrap'), int('bootstrap', 0))
    .addOption(langOption())
    .action(async (design: string, o: ExperimentCliOptions) => {
      print(await abmExperiment(design, o));
    });
  abm
    .command('report')
    .description(h('abmx.help.report'))
    .argument('[workspace]', h('abmx.help.workspace'))
    .option('--compare <types>', h('abmx.help.compare'), 'captive,market')
    .option('--firms <n>', h('abmx.help.firms'), int('firms', 3), 500)
    .option('--steps <n>', h('abmx.help.steps'), int('steps', 1), 100)
    .option('--seeds <n>', h('abmx.help.seeds'), int('seeds', 2), 10)
    .option('--workers <n>', h('abmx.help.workers'), int('workers', 1))
    .option('--charts <dir>', h('abmx.help.charts'))
    .option('--out <file>', h('abmx.help.reportOut'))
    .addOption(
      new Option('--format <format>', h('abmx.help.reportFormat')).choices(['md', 'html']).default('md'),
    )
    .addOption(langOption())
    .action(async (ws: string | undefined, o: ReportCliOptions) => {
      print(await abmReport(ws, o));
    });
}
