import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { TFunction } from 'i18next';
import type { Lang } from '../domain/vocabulary.ts';
import { translator } from '../i18n/index.ts';
import { bundledKnowledge } from '../io/knowledge.ts';
import { writeFileAtomic } from '../io/write-file.ts';
import { simulationCharts, simulationJson, simulationReport } from '../simulate/report.ts';
import { simulateWorkspace } from '../simulate/simulate.ts';
import { resolveWorkspace } from './main.ts';
import { progressLine } from './pls.ts';

export interface SimulateCliOptions {
  scenario?: string[];
  years?: number;
  format: 'text' | 'md' | 'html' | 'json';
  lang: Lang;
  ensemble?: number;
  seed: number;
  workers?: number;
  charts?: string;
  at?: number[];
  freeStart?: boolean;
}

const positiveInt = (name: string, min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`--${name} needs a whole number ≥ ${min}`);
  return n;
};

/** `climb simulate`: returns the report; writes charts when asked. */
export async function simulateCommand(arg: string, o: SimulateCliOptions): Promise<string> {
  const kb = bundledKnowledge();
  const file = resolveWorkspace(arg, kb);
  const t = translator(o.lang);
  const bar =
    process.stderr.isTTY && (o.ensemble ?? 0) > 0
      ? progressLine(process.stderr, (p) => t('simulate.progress', { done: p.done, total: p.total }))
      : undefined;
  const res = await simulateWorkspace(file, kb, {
    ...(o.scenario ? { scenarios: o.scenario } : {}),
    ...(o.years !== undefined ? { years: o.years } : {}),
    ...(o.ensemble !== undefined ? { ensemble: o.ensemble } : {}),
    seed: o.seed,
    ...(o.freeStart ? { freeStart: true } : {}),
    workers: o.workers ?? availableParallelism(),
    ...(bar ? { onProgress: bar.update } : {}),
  });
  bar?.done();
  if (o.charts) {
    mkdirSync(o.charts, { recursive: true });
    for (const c of simulationCharts(res, kb, o.lang)) writeFileAtomic(join(o.charts, c.name), c.svg);
  }
  if (o.format === 'json') return JSON.stringify(simulationJson(res), null, 2);
  return simulationReport(res, kb, o.format, o.lang, o.at, o.charts);
}

export function registerSimulate(program: Command, h: TFunction, langOption: () => Option): void {
  program
    .command('simulate')
    .description(h('simulate.help.command'))
    .argument('<workspace>', h('simulate.help.workspaceArg'))
    .option('--scenario <files...>', h('simulate.help.scenario'))
    .option('--years <n>', h('simulate.help.years'), positiveInt('years', 1))
    .addOption(
      new Option('--format <format>', h('simulate.help.format'))
        .choices(['text', 'md', 'html', 'json'])
        .default('text'),
    )
    .addOption(langOption())
    .option('--ensemble <members>', h('simulate.help.ensemble'), positiveInt('ensemble', 0))
    .option('--seed <n>', h('simulate.help.seed'), positiveInt('seed', 0), 42)
    .option('--workers <n>', h('simulate.help.workers'), positiveInt('workers', 1))
    .option('--charts <dir>', h('simulate.help.charts'))
    .option('--free-start', h('simulate.help.freeStart'))
    .option('--at <years>', h('simulate.help.at'), (v: string) =>
      v.split(',').map((x) => {
        const n = Number(x.trim());
        if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`--at: "${x}" is not a year ≥ 0`);
        return n;
      }),
    )
    .action(async (arg: string, opts: SimulateCliOptions) => {
      const out = await simulateCommand(arg, opts);
      process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
    });
}
