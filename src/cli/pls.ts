import { type Command, InvalidArgumentError, Option } from 'commander';
import type { TFunction } from 'i18next';
import type { Lang } from '../domain/vocabulary.ts';
import { translator } from '../i18n/index.ts';
import { InputError, location, type Problem } from '../io/problems.ts';
import { readDocument, type SourceDocument } from '../io/read-document.ts';
import { codebookDisagreements, loadCodebook, prepareSurvey, readSurveyFile } from '../io/survey.ts';
import {
  type BootstrapProgress,
  type BootstrapResult,
  bootstrapPls,
  type SignChange,
} from '../measure/pls/bootstrap.ts';
import { estimatePls, type InnerScheme, type PlsResult } from '../measure/pls/estimate.ts';
import { type ModelProblem, type PlsModel, PlsModelError, parsePlsModel } from '../measure/pls/model.ts';
import { plsBootstrapJson, plsBootstrapText, plsJson, plsText } from '../measure/pls/report.ts';

/** The data and model options shared by `climb pls estimate` and `climb pls bootstrap`. */
export interface PlsInputOptions {
  data: string;
  model: string;
  scheme: InnerScheme;
  missing: 'mean' | 'listwise';
  missingValue?: number[];
  codebook?: string;
  sheet?: string;
}

export interface PlsEstimateOptions extends PlsInputOptions {
  format: 'text' | 'json';
  lang: Lang;
}

export interface PlsBootstrapOptions extends PlsInputOptions {
  resamples: number;
  seed: number;
  workers: number;
  signChange: SignChange;
  format: 'text' | 'json';
  lang: Lang;
}

export interface PlsBootstrapOutcome {
  result: BootstrapResult;
  output: string;
  warnings: Problem[];
}

/** `climb pls bootstrap`: reads, checks, bootstraps and renders; `onProgress` sees every finished chunk. */
export async function plsBootstrap(
  o: PlsBootstrapOptions,
  onProgress?: (p: BootstrapProgress) => void,
): Promise<PlsBootstrapOutcome> {
  const { model, doc, prepared, warnings } = await readPlsInputs(o);
  let result: BootstrapResult;
  try {
    result = await bootstrapPls(prepared.data, model, {
      scheme: o.scheme,
      missing: o.missing,
      resamples: o.resamples,
      seed: o.seed,
      workers: o.workers,
      signChange: o.signChange,
      ...(onProgress ? { onProgress } : {}),
    });
  } catch (err) {
    if (err instanceof PlsModelError) throw new InputError(modelProblems(doc, err.problems, o.data));
    throw err;
  }
  const data = { rows: prepared.rows, used: prepared.used, dropped: prepared.dropped };
  const output =
    o.format === 'json'
      ? JSON.stringify(plsBootstrapJson(result, data), null, 2)
      : plsBootstrapText(
          result,
          {
            data: {
              ...data,
              file: o.data,
              missingCells: prepared.missingCells,
              missingCodes: prepared.missingCodes,
              reversed: prepared.reversed,
            },
            model: o.model,
            scheme: o.scheme,
            missing: o.missing,
            warnings,
          },
          o.lang,
        );
  return { result, output, warnings };
}

/** A one-line progress indicator rewritten in place (carriage return); `done()` clears it. */
export function progressLine(
  stream: NodeJS.WriteStream,
  label: (p: BootstrapProgress) => string,
): { update(p: BootstrapProgress): void; done(): void } {
  let last = -1;
  let width = 0;
  return {
    update(p) {
      const pct = Math.floor((100 * p.done) / Math.max(1, p.total));
      if (pct === last) return;
      last = pct;
      const text = label(p);
      width = Math.max(width, text.length);
      stream.write(`\r${text.padEnd(width)}`);
    },
    done() {
      if (width > 0) stream.write(`\r${' '.repeat(width)}\r`);
    },
  };
}

/** `constructs.Image.items[2]` → ['constructs', 'Image', 'items', 2] (for line lookup). */
function pathArray(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** Model problems located in the model file; data problems (an item's variance, too few rows) on the data file. */
function modelProblems(doc: SourceDocument, problems: ModelProblem[], dataFile: string): Problem[] {
  return problems.map((p) => {
    const onModel = p.path === '' || p.path.startsWith('constructs') || p.path.startsWith('paths');
    const file = onModel ? doc.file : dataFile;
    const loc = file === doc.file ? doc.locate(pathArray(p.path)) : undefined;
    return {
      file,
      path: p.path,
      ...(loc ?? {}),
      message: {
        zh: `模型或数据无法估计：${p.message}`,
        en: `${p.message[0]?.toUpperCase()}${p.message.slice(1)}.`,
      },
      fix: {
        zh: '按提示修改模型 YAML（constructs / paths）或数据。',
        en: 'Correct the model YAML (constructs / paths) or the data as the message says.',
      },
    };
  });
}

/** Reads the model YAML of issue 5 §1 with located problems. */
export function loadPlsModel(file: string): { model: PlsModel; doc: SourceDocument } {
  const doc = readDocument(file);
  const r = parsePlsModel(doc.data);
  if (!r.ok) throw new InputError(modelProblems(doc, r.problems, file));
  return { model: r.model, doc };
}

export interface PlsEstimateOutcome {
  result: PlsResult;
  output: string;
  warnings: Problem[];
}

/** Reads the model, the codebook and the data of `climb pls estimate|bootstrap`, checked and prepared. */
async function readPlsInputs(o: PlsInputOptions) {
  const { model, doc } = loadPlsModel(o.model);
  const codebook = o.codebook ? loadCodebook(o.codebook) : undefined;
  const raw = await readSurveyFile(o.data, o.sheet !== undefined ? { sheet: o.sheet } : {});
  const owner = new Map<string, string>();
  for (const c of model.constructs) if (c.kind === 'composite') for (const i of c.items) owner.set(i, c.name);
  const items = [...owner.keys()];
  const prepared = prepareSurvey(raw, {
    items,
    missing: o.missing,
    ...(o.missingValue ? { missingValues: o.missingValue } : {}),
    ...(codebook ? { codebook } : {}),
  });
  const warnings = [...prepared.warnings, ...(codebook ? codebookDisagreements(codebook, owner) : [])];
  return { model, doc, prepared, warnings };
}

/** `climb pls estimate`: reads, checks, estimates and renders. */
export async function plsEstimate(o: PlsEstimateOptions): Promise<PlsEstimateOutcome> {
  const { model, doc, prepared, warnings } = await readPlsInputs(o);
  let result: PlsResult;
  try {
    result = estimatePls(prepared.data, model, { scheme: o.scheme, missing: o.missing });
  } catch (err) {
    if (err instanceof PlsModelError) throw new InputError(modelProblems(doc, err.problems, o.data));
    throw err;
  }
  if (result.n !== prepared.used)
    throw new Error(`internal: estimator used ${result.n} rows, import counted ${prepared.used}`);
  const data = { rows: prepared.rows, used: prepared.used, dropped: prepared.dropped };
  const output =
    o.format === 'json'
      ? JSON.stringify(plsJson(result, data), null, 2)
      : plsText(
          result,
          {
            data: {
              ...data,
              file: o.data,
              missingCells: prepared.missingCells,
              missingCodes: prepared.missingCodes,
              reversed: prepared.reversed,
            },
            model: o.model,
            scheme: o.scheme,
            missing: o.missing,
            warnings,
          },
          o.lang,
        );
  return { result, output, warnings };
}

function parseMissingValue(v: string, previous: number[] | undefined): number[] {
  const out = [...(previous ?? [])];
  for (const part of v.split(',')) {
    const s = part.trim();
    const n = Number(s);
    if (s === '' || !Number.isFinite(n))
      throw new InvalidArgumentError(`"${part}" is not a number (e.g. --missing-value -99)`);
    out.push(n);
  }
  return out;
}

function parseCount(min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\s*\d+\s*$/.test(v) || !Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`"${v}" is not a whole number of at least ${min}`);
    return n;
  };
}

/** Adds the data and model options shared by `estimate` and `bootstrap`. */
function inputOptions(cmd: Command, h: TFunction): Command {
  return cmd
    .requiredOption('--data <file>', h('help.plsData'))
    .requiredOption('--model <yaml>', h('help.plsModel'))
    .addOption(
      new Option('--scheme <scheme>', h('help.plsScheme'))
        .choices(['path', 'factorial', 'centroid'])
        .default('path'),
    )
    .addOption(
      new Option('--missing <policy>', h('help.plsMissing')).choices(['mean', 'listwise']).default('mean'),
    )
    .option('--missing-value <codes>', h('help.plsMissingValue'), parseMissingValue)
    .option('--codebook <yaml>', h('help.plsCodebook'))
    .option('--sheet <name>', h('help.plsSheet'));
}

/** Warnings beside JSON output go to stderr (stdout keeps the fixed keys). */
function warnOnStderr(warnings: Problem[], lang: Lang): void {
  for (const w of warnings)
    process.stderr.write(
      `${lang === 'zh' ? '警告' : 'Warning'}: ${location(w)}: ${lang === 'zh' ? w.message.zh : w.message.en}\n`,
    );
}

/** Adds `climb pls estimate` and `climb pls bootstrap` to the program. */
export function registerPls(program: Command, h: TFunction, langOption: () => Option): void {
  const pls = program.command('pls').description(h('help.pls'));
  inputOptions(pls.command('estimate').description(h('help.plsEstimate')), h)
    .addOption(new Option('--format <format>', h('help.format')).choices(['text', 'json']).default('text'))
    .addOption(langOption())
    .action(async (opts: PlsEstimateOptions) => {
      const { output, warnings } = await plsEstimate(opts);
      // JSON keeps its fixed keys on stdout; warnings go to stderr. The text report already shows them.
      if (opts.format === 'json') warnOnStderr(warnings, opts.lang);
      process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    });
  inputOptions(pls.command('bootstrap').description(h('help.plsBootstrap')), h)
    .option('--resamples <n>', h('help.plsResamples'), parseCount(2), 5000)
    .option('--seed <n>', h('help.plsSeed'), parseCount(0), 42)
    .option('--workers <n>', h('help.plsWorkers'), parseCount(1), 1)
    .addOption(
      new Option('--sign-change <mode>', h('help.plsSignChange'))
        .choices(['none', 'individual', 'construct'])
        .default('none'),
    )
    .addOption(new Option('--format <format>', h('help.format')).choices(['text', 'json']).default('text'))
    .addOption(langOption())
    .action(async (opts: PlsBootstrapOptions) => {
      const t = translator(opts.lang);
      // The progress line is for a person watching a terminal: never in pipes, logs or tests.
      const progress = process.stderr.isTTY
        ? progressLine(process.stderr, (p) =>
            t('pls.bootProgress', {
              done: p.done,
              total: p.total,
              percent: Math.floor((100 * p.done) / Math.max(1, p.total)),
            }),
          )
        : undefined;
      let outcome: PlsBootstrapOutcome;
      try {
        outcome = await plsBootstrap(opts, progress ? (p) => progress.update(p) : undefined);
      } finally {
        progress?.done();
      }
      if (opts.format === 'json') warnOnStderr(outcome.warnings, opts.lang);
      process.stdout.write(outcome.output.endsWith('\n') ? outcome.output : `${outcome.output}\n`);
    });
}
