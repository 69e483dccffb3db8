import { type Command, InvalidArgumentError, Option } from 'commander';
import type { TFunction } from 'i18next';
import type { Lang } from '../domain/vocabulary.ts';
import { translator } from '../i18n/index.ts';
import { InputError, location, type Problem } from '../io/problems.ts';
import { readDocument, type SourceDocument } from '../io/read-document.ts';
import {
  codebookDisagreements,
  loadCodebook,
  type PreparedSurvey,
  prepareSurvey,
  readSurveyFile,
} from '../io/survey.ts';
import {
  type BootstrapProgress,
  type BootstrapResult,
  bootstrapPls,
  type SignChange,
} from '../measure/pls/bootstrap.ts';
import { estimatePls, type InnerScheme, type PlsResult } from '../measure/pls/estimate.ts';
import {
  bootstrapTables,
  estimateTables,
  exportKind,
  ipmaTables,
  writeExport,
} from '../measure/pls/export.ts';
import { IpmaError, type IpmaResult, ipma } from '../measure/pls/ipma.ts';
import { type ModelProblem, type PlsModel, PlsModelError, parsePlsModel } from '../measure/pls/model.ts';
import {
  type PlsDataSummary,
  type PlsReportContext,
  plsBootstrapJson,
  plsBootstrapText,
  plsIpmaJson,
  plsIpmaText,
  plsJson,
  plsText,
} from '../measure/pls/report.ts';
import { parseCount, print } from './common.ts';
import { registerPlsMga } from './pls-mga.ts';

/** The data and model options shared by `climb pls estimate` and `climb pls bootstrap`. */
export interface PlsInputOptions {
  data: string;
  model: string;
  scheme: InnerScheme;
  missing: 'mean' | 'listwise';
  missingValue?: number[];
  codebook?: string;
  sheet?: string;
  /** Write every table to this .xlsx, .csv or folder (ending with "/"). */
  export?: string;
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
  /** Files written by --export. */
  exported: string[];
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
  const exported = o.export ? await writeExport(o.export, bootstrapTables(result)) : [];
  const output =
    o.format === 'json'
      ? JSON.stringify(plsBootstrapJson(result, dataSummary(prepared)), null, 2)
      : plsBootstrapText(result, reportContext(o, prepared, warnings), o.lang);
  return { result, output, warnings, exported };
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
export function modelProblems(doc: SourceDocument, problems: ModelProblem[], dataFile: string): Problem[] {
  return problems.map((p) => {
    const onModel = p.path === '' || p.path.startsWith('constructs') || p.path.startsWith('paths');
    const file = onModel ? doc.file : dataFile;
    const loc = file === doc.file ? doc.locate(pathArray(p.path)) : undefined;
    return {
      file,
      path: p.path,
      ...(loc ?? {}),
      message: {
        zh: p.zh ? `模型或数据无法估计：${p.zh}。` : `模型或数据无法估计：${p.message}`,
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
  /** Files written by --export. */
  exported: string[];
}

/** Reads the model, the codebook and the data of every `climb pls` command, checked and prepared. */
export async function readPlsInputs(o: PlsInputOptions) {
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
  return { model, doc, raw, prepared, warnings, codebook };
}

/** Rows read, used and dropped (the `data` of every JSON output). */
export function dataSummary(p: PreparedSurvey): PlsDataSummary {
  return { rows: p.rows, used: p.used, dropped: p.dropped };
}

/** What a text report says about its inputs. */
function reportContext(o: PlsInputOptions, p: PreparedSurvey, warnings: Problem[]): PlsReportContext {
  return {
    data: {
      ...dataSummary(p),
      file: o.data,
      missingCells: p.missingCells,
      missingCodes: p.missingCodes,
      reversed: p.reversed,
    },
    model: o.model,
    scheme: o.scheme,
    missing: o.missing,
    warnings,
  };
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
  const exported = o.export ? await writeExport(o.export, estimateTables(result)) : [];
  const output =
    o.format === 'json'
      ? JSON.stringify(plsJson(result, dataSummary(prepared)), null, 2)
      : plsText(result, reportContext(o, prepared, warnings), o.lang);
  return { result, output, warnings, exported };
}

export interface PlsIpmaOptions extends PlsInputOptions {
  target: string;
  scaleMin?: number;
  scaleMax?: number;
  format: 'text' | 'json';
  lang: Lang;
}

export interface PlsIpmaOutcome {
  result: IpmaResult;
  estimate: PlsResult;
  output: string;
  warnings: Problem[];
  exported: string[];
}

/** `climb pls ipma`: estimates the model, then the importance–performance map of `--target`. */
export async function plsIpma(o: PlsIpmaOptions): Promise<PlsIpmaOutcome> {
  if ((o.scaleMin === undefined) !== (o.scaleMax === undefined) || (o.scaleMin ?? 0) >= (o.scaleMax ?? 1))
    throw new InputError([
      {
        file: o.model,
        path: 'scale',
        message: { en: translator('en')('pls.scaleOrder'), zh: translator('zh')('pls.scaleOrder') },
      },
    ]);
  const { model, doc, prepared, warnings, codebook } = await readPlsInputs(o);
  let estimate: PlsResult;
  let result: IpmaResult;
  // Item ranges from the codebook (an item's own range, else the codebook's scale).
  const ranges = new Map<string, { min: number; max: number }>();
  if (codebook) {
    for (const c of model.constructs) {
      if (c.kind !== 'composite') continue;
      for (const item of c.items) {
        const it = codebook.items.get(item);
        const min = it?.min ?? codebook.scale?.min;
        const max = it?.max ?? codebook.scale?.max;
        if (min !== undefined && max !== undefined) ranges.set(item, { min, max });
      }
    }
  }
  try {
    estimate = estimatePls(prepared.data, model, { scheme: o.scheme, missing: o.missing, fSquared: false });
    result = ipma(prepared.data, model, estimate, {
      target: o.target,
      ranges,
      ...(o.scaleMin !== undefined && o.scaleMax !== undefined
        ? { scale: { min: o.scaleMin, max: o.scaleMax } }
        : {}),
      missing: o.missing,
    });
  } catch (err) {
    if (err instanceof PlsModelError) throw new InputError(modelProblems(doc, err.problems, o.data));
    if (err instanceof IpmaError)
      throw new InputError([
        {
          file: o.model,
          path: 'target',
          message: {
            en: translator('en')(`pls.${err.key}`, err.params),
            zh: translator('zh')(`pls.${err.key}`, err.params),
          },
          fix: { en: translator('en')('pls.ipmaTargetFix'), zh: translator('zh')('pls.ipmaTargetFix') },
        },
      ]);
    throw err;
  }
  const exported = o.export ? await writeExport(o.export, ipmaTables(result)) : [];
  const output =
    o.format === 'json'
      ? JSON.stringify(plsIpmaJson(result, dataSummary(prepared)), null, 2)
      : plsIpmaText(result, reportContext(o, prepared, warnings), o.lang);
  return { result, estimate, output, warnings, exported };
}

function parseNumber(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`"${v}" is not a number`);
  return n;
}

function parseExport(v: string): string {
  if (!exportKind(v))
    throw new InvalidArgumentError(
      `"${v}" must end with .xlsx, .csv, or / for a folder of CSV files (one per table)`,
    );
  return v;
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

/** Adds the data and model options shared by every `climb pls` command. */
export function inputOptions(cmd: Command, h: TFunction): Command {
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
    .option('--sheet <name>', h('help.plsSheet'))
    .option('--export <file>', h('pls.help.export'), parseExport);
}

/** Adds --format text|json and --lang. */
export function outputOptions(cmd: Command, h: TFunction, langOption: () => Option): Command {
  return cmd
    .addOption(new Option('--format <format>', h('help.format')).choices(['text', 'json']).default('text'))
    .addOption(langOption());
}

/** Says on stderr which files --export wrote (stdout keeps the report or the JSON). */
function noteExported(files: string[], lang: Lang): void {
  if (files.length)
    process.stderr.write(`${translator(lang)('pls.exportWritten', { files: files.join(', ') })}\n`);
}

/** Warnings beside JSON output go to stderr (stdout keeps the fixed keys). */
function warnOnStderr(warnings: Problem[], lang: Lang): void {
  for (const w of warnings)
    process.stderr.write(
      `${lang === 'zh' ? '警告' : 'Warning'}: ${location(w)}: ${lang === 'zh' ? w.message.zh : w.message.en}\n`,
    );
}

/**
 * Prints a command's report or JSON on stdout. JSON keeps its fixed keys there, so the input warnings go
 * to stderr (the text report already shows them); the files --export wrote are named on stderr.
 */
export function printOutcome(
  o: { format: 'text' | 'json'; lang: Lang },
  r: { output: string; warnings: Problem[]; exported: string[] },
): void {
  if (o.format === 'json') warnOnStderr(r.warnings, o.lang);
  noteExported(r.exported, o.lang);
  print(r.output);
}

/**
 * Runs `work` with a progress line (message `key`) on stderr when stderr is a terminal: the line is for a
 * person watching, never in pipes, logs or tests.
 */
export async function withProgress<T>(
  lang: Lang,
  key: string,
  work: (update?: (p: BootstrapProgress) => void) => Promise<T>,
): Promise<T> {
  const t = translator(lang);
  const progress = process.stderr.isTTY
    ? progressLine(process.stderr, (p) =>
        t(key, { done: p.done, total: p.total, percent: Math.floor((100 * p.done) / Math.max(1, p.total)) }),
      )
    : undefined;
  try {
    return await work(progress ? (p) => progress.update(p) : undefined);
  } finally {
    progress?.done();
  }
}

/** Adds `climb pls estimate`, `ipma`, `bootstrap`, then `mga` and `predict` (pls-mga.ts) to the program. */
export function registerPls(program: Command, h: TFunction, langOption: () => Option): void {
  const pls = program.command('pls').description(h('help.pls'));
  outputOptions(
    inputOptions(pls.command('estimate').description(h('help.plsEstimate')), h),
    h,
    langOption,
  ).action(async (opts: PlsEstimateOptions) => printOutcome(opts, await plsEstimate(opts)));
  const ipma = inputOptions(pls.command('ipma').description(h('pls.help.ipma')), h)
    .requiredOption('--target <construct>', h('pls.help.ipmaTarget'))
    .option('--scale-min <n>', h('pls.help.scaleMin'), parseNumber)
    .option('--scale-max <n>', h('pls.help.scaleMax'), parseNumber);
  outputOptions(ipma, h, langOption).action(async (opts: PlsIpmaOptions) =>
    printOutcome(opts, await plsIpma(opts)),
  );
  const bootstrap = inputOptions(pls.command('bootstrap').description(h('help.plsBootstrap')), h)
    .option('--resamples <n>', h('help.plsResamples'), parseCount(2), 5000)
    .option('--seed <n>', h('help.plsSeed'), parseCount(0), 42)
    .option('--workers <n>', h('help.plsWorkers'), parseCount(1), 1)
    .addOption(
      new Option('--sign-change <mode>', h('help.plsSignChange'))
        .choices(['none', 'individual', 'construct'])
        .default('none'),
    );
  outputOptions(bootstrap, h, langOption).action(async (opts: PlsBootstrapOptions) =>
    printOutcome(
      opts,
      await withProgress(opts.lang, 'pls.bootProgress', (update) => plsBootstrap(opts, update)),
    ),
  );
  registerPlsMga(pls, h, langOption);
}
