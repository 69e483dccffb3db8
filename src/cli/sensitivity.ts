import { type Command, InvalidArgumentError, Option } from 'commander';
import type { TFunction } from 'i18next';
import type { Lang } from '../domain/vocabulary.ts';
import { translator } from '../i18n/index.ts';
import { InputError } from '../io/problems.ts';
import { writeFileAtomic } from '../io/write-file.ts';
import { problem } from '../sensitivity/errors.ts';
import { readOutputs, readParameterSpace, readSample, sampleCsv } from '../sensitivity/io.ts';
import { morrisAnalyze, morrisSample } from '../sensitivity/morris.ts';
import { morrisJson, morrisText, type ReportContext, sobolJson, sobolText } from '../sensitivity/report.ts';
import { checkSaltelliLayout, saltelliSample, sobolAnalyze } from '../sensitivity/saltelli.ts';
import { ishigami, sobolG, type TestFunction } from '../sensitivity/test-functions.ts';
import { workspaceSensitivity } from '../simulate/sensitivity.ts';
import { parseCount, print } from './common.ts';

type Method = 'sobol' | 'morris';
type Scramble = 'none' | 'owen' | 'shift';

/** Options of `climb sensitivity [workspace]`. */
export interface SensitivityOptions {
  function?: 'ishigami' | 'sobol-g';
  method: Method;
  samples?: number;
  seed: number;
  bootstrap?: number;
  levels: number;
  secondOrder?: boolean;
  scramble: Scramble;
  confidence: number;
  output: string;
  years: number;
  /** Workspace mode: the GUM model's own dynamics from the diagnosed state (docs/gum-model.md §6.3). */
  freeStart?: boolean;
  format: 'json' | 'text';
  lang: Lang;
}

const FUNCTIONS: Record<string, TestFunction> = { ishigami, 'sobol-g': sobolG };
const DEFAULT_SAMPLES: Record<Method, number> = { sobol: 1024, morris: 20 };
const DEFAULT_BOOTSTRAP: Record<Method, number> = { sobol: 100, morris: 1000 };

function render(
  r: ReturnType<typeof sobolAnalyze> | ReturnType<typeof morrisAnalyze>,
  format: 'json' | 'text',
  lang: Lang,
  ctx: ReportContext,
): string {
  if (r.method === 'sobol')
    return format === 'json' ? JSON.stringify(sobolJson(r, ctx), null, 2) : sobolText(r, lang, ctx);
  return format === 'json' ? JSON.stringify(morrisJson(r, ctx), null, 2) : morrisText(r, lang, ctx);
}

/** Sensitivity of a bundled test function: sample, evaluate, analyse, render. */
export function testFunctionSensitivity(name: string, o: SensitivityOptions): string {
  const tf = FUNCTIONS[name] as TestFunction;
  const n = o.samples ?? DEFAULT_SAMPLES[o.method];
  const bootstrap = o.bootstrap ?? DEFAULT_BOOTSTRAP[o.method];
  const ctx: ReportContext = { subject: tf.name, seed: o.seed };
  if (o.method === 'sobol') {
    const s = saltelliSample(tf.space, n, {
      seed: o.seed,
      secondOrder: o.secondOrder ?? false,
      scramble: o.scramble === 'none' ? false : o.scramble,
    });
    const r = sobolAnalyze(tf.space, tf.evaluate(s.x), n, {
      bootstrap,
      seed: o.seed,
      confidence: o.confidence,
      secondOrder: o.secondOrder ?? false,
    });
    return render(r, o.format, o.lang, { ...ctx, analytic: tf.analytic });
  }
  const s = morrisSample(tf.space, { trajectories: n, levels: o.levels, seed: o.seed });
  const r = morrisAnalyze(tf.space, s.x, tf.evaluate(s.x), {
    levels: o.levels,
    bootstrap,
    seed: o.seed,
    confidence: o.confidence,
  });
  return render(r, o.format, o.lang, ctx);
}

/** `climb sensitivity <workspace>`: the GUM model's parameters and levers (src/simulate/sensitivity.ts). */
export async function workspaceMode(workspace: string, o: SensitivityOptions): Promise<string> {
  return workspaceSensitivity(workspace, {
    output: o.output,
    years: o.years,
    method: o.method,
    samples: o.samples ?? DEFAULT_SAMPLES[o.method],
    seed: o.seed,
    bootstrap: o.bootstrap ?? DEFAULT_BOOTSTRAP[o.method],
    lang: o.lang,
    format: o.format,
    ...(o.freeStart ? { freeStart: true } : {}),
    secondOrder: o.secondOrder ?? false,
    scramble: o.scramble === 'none' ? false : o.scramble,
    levels: o.levels,
    confidence: o.confidence,
  });
}

export interface SampleOptions {
  params: string;
  method: Method;
  samples?: number;
  seed: number;
  levels: number;
  secondOrder?: boolean;
  scramble: Scramble;
  out?: string;
  lang: Lang;
}

/** `climb sensitivity sample`: the CSV of the sample matrix and a one-line summary. */
export function sampleCommand(o: SampleOptions): { csv: string; summary: string } {
  const space = readParameterSpace(o.params);
  const n = o.samples ?? DEFAULT_SAMPLES[o.method];
  const s =
    o.method === 'sobol'
      ? saltelliSample(space, n, {
          seed: o.seed,
          secondOrder: o.secondOrder ?? false,
          scramble: o.scramble === 'none' ? false : o.scramble,
        })
      : morrisSample(space, { trajectories: n, levels: o.levels, seed: o.seed });
  const csv = sampleCsv(space.names, s.x);
  const summary = translator(o.lang)(`sensitivity.cli.sampleWritten`, {
    rows: s.rows,
    k: s.k,
    file: o.out ?? '-',
    method: o.method,
  });
  return { csv, summary };
}

export interface AnalyzeOptions {
  params: string;
  method: Method;
  outputs: string;
  sample?: string;
  column?: string;
  samples?: number;
  seed: number;
  bootstrap?: number;
  levels: number;
  secondOrder?: boolean;
  confidence: number;
  format: 'json' | 'text';
  lang: Lang;
}

/** `climb sensitivity analyze`: indices from a CSV of model outputs. */
export function analyzeCommand(o: AnalyzeOptions): string {
  const space = readParameterSpace(o.params);
  const k = space.names.length;
  const table = readOutputs(o.outputs, space.names, o.column);
  const bootstrap = o.bootstrap ?? DEFAULT_BOOTSTRAP[o.method];
  const ctx: ReportContext = { subject: table.column, seed: o.seed };
  if (o.method === 'sobol') {
    const step = o.secondOrder ? 2 * k + 2 : k + 2;
    const n = o.samples ?? table.rows / step;
    if (!Number.isInteger(n) || n * step !== table.rows)
      throw new InputError([
        problem(
          o.secondOrder ? 'yLengthSecond' : 'yLength',
          {
            got: table.rows,
            expected: Number.isInteger(n) ? n * step : `N × ${step}`,
            n: String(n),
            k,
            step,
          },
          { file: o.outputs, path: '' },
        ),
      ]);
    const x = o.sample ? readSample(o.sample, space.names) : table.x;
    if (x)
      checkSaltelliLayout(space, x, n, {
        secondOrder: o.secondOrder ?? false,
        source: o.sample ?? o.outputs,
      });
    const r = sobolAnalyze(space, table.y, n, {
      bootstrap,
      seed: o.seed,
      confidence: o.confidence,
      secondOrder: o.secondOrder ?? false,
      source: o.outputs,
    });
    return render(r, o.format, o.lang, ctx);
  }
  const x = o.sample ? readSample(o.sample, space.names) : table.x;
  if (!x) throw new InputError([problem('morrisNeedsSample', {}, { file: o.outputs, path: '' })]);
  if (x.length / k !== table.rows)
    throw new InputError([
      problem('morrisYLength', { got: table.rows, expected: x.length / k }, { file: o.outputs, path: '' }),
    ]);
  const r = morrisAnalyze(space, x, table.y, {
    levels: o.levels,
    bootstrap,
    seed: o.seed,
    confidence: o.confidence,
    source: o.outputs,
  });
  return render(r, o.format, o.lang, ctx);
}

function parseLevel(v: string): number {
  const n = Number(v);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError(`"${v}" is not a confidence level between 0 and 1`);
  return n;
}

function usage(cmd: Command, lang: Lang, key: string): never {
  return cmd.error(`error: ${translator(lang)(`sensitivity.cli.${key}`)}`, {
    exitCode: 2,
    code: 'climb.usage',
  });
}

/** The words of `climb sensitivity <word>` that name a step of the sample-then-analyse workflow. */
const STEPS = new Set(['sample', 'analyze', 'analyse']);

/**
 * Adds `climb sensitivity [workspace]` and its two workflow steps `climb sensitivity sample` and
 * `climb sensitivity analyze`. The steps are the positional word rather than commander subcommands:
 * the program does not enable positional options, so a parent command would take the options
 * (--method, --samples, --seed …) that its subcommands share with it.
 */
export function registerSensitivity(program: Command, h: TFunction, langOption: () => Option): void {
  const sens = program
    .command('sensitivity')
    .description(h('sensitivity.help.command'))
    .argument('[workspace]', h('sensitivity.help.workspaceArg'))
    .addOption(
      new Option('--function <name>', h('sensitivity.help.function')).choices(['ishigami', 'sobol-g']),
    )
    .addOption(
      new Option('--method <method>', h('sensitivity.help.method'))
        .choices(['sobol', 'morris'])
        .default('sobol'),
    )
    .option('--samples <n>', h('sensitivity.help.samples'), parseCount(2))
    .option('--seed <n>', h('sensitivity.help.seed'), parseCount(0), 42)
    .option('--bootstrap <n>', h('sensitivity.help.bootstrap'), parseCount(0))
    .option('--confidence <level>', h('sensitivity.help.confidence'), parseLevel, 0.95)
    .option('--levels <p>', h('sensitivity.help.levels'), parseCount(2), 4)
    .option('--second-order', h('sensitivity.help.secondOrder'))
    .addOption(
      new Option('--scramble <mode>', h('sensitivity.help.scramble'))
        .choices(['none', 'owen', 'shift'])
        .default('none'),
    )
    .option('--params <file>', h('sensitivity.help.params'))
    .option('--out <csv>', h('sensitivity.help.out'))
    .option('--outputs <csv>', h('sensitivity.help.outputs'))
    .option('--sample <csv>', h('sensitivity.help.sampleFile'))
    .option('--column <name>', h('sensitivity.help.column'))
    .option('--output <name>', h('sensitivity.help.output'), 'valueCapture')
    .option('--years <n>', h('sensitivity.help.years'), parseCount(1), 10)
    .option('--free-start', h('simulate.help.freeStart'))
    .addOption(new Option('--format <format>', h('help.format')).choices(['text', 'json']).default('text'))
    .addOption(langOption());
  sens.action(
    async (
      subject: string | undefined,
      opts: SensitivityOptions &
        Partial<Omit<SampleOptions, keyof SensitivityOptions>> &
        Partial<AnalyzeOptions>,
    ) => {
      const step = subject !== undefined && STEPS.has(subject) ? subject : undefined;
      if (step !== undefined) {
        if (opts.function !== undefined) usage(sens, opts.lang, 'bothSubjects');
        if (!opts.params) usage(sens, opts.lang, 'needParams');
        const params = opts.params as string;
        if (step === 'sample') {
          const { csv, summary } = sampleCommand({ ...opts, params });
          if (opts.out) {
            writeFileAtomic(opts.out, csv);
            print(summary);
          } else process.stdout.write(csv);
          return;
        }
        if (!opts.outputs) usage(sens, opts.lang, 'needOutputs');
        print(analyzeCommand({ ...opts, params, outputs: opts.outputs as string }));
        return;
      }
      if (subject !== undefined && opts.function !== undefined) usage(sens, opts.lang, 'bothSubjects');
      if (subject !== undefined) print(await workspaceMode(subject, opts));
      else if (opts.function !== undefined) print(testFunctionSensitivity(opts.function, opts));
      else usage(sens, opts.lang, 'noSubject');
    },
  );
}
