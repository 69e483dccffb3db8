/**
 * `climb pls mga` (multigroup analysis: permutation test and Henseler's PLS-MGA) and `climb pls predict`
 * (PLSpredict): data and model reading as `climb pls estimate`, bilingual text reports built from
 * report blocks, JSON with the result objects. See docs/pls-mga-predict.md.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { TFunction } from 'i18next';
import type { Lang } from '../domain/vocabulary.ts';
import { translator } from '../i18n/index.ts';
import { InputError, location, type Problem } from '../io/problems.ts';
import {
  type Cell,
  codebookDisagreements,
  loadCodebook,
  type PreparedSurvey,
  prepareSurvey,
  readSurveyFile,
} from '../io/survey.ts';
import type { InnerScheme } from '../measure/pls/estimate.ts';
import { type MgaResult, multigroupPls } from '../measure/pls/mga.ts';
import { PlsModelError } from '../measure/pls/model.ts';
import { type PredictResult, type PredictTechnique, plsPredict } from '../measure/pls/predict.ts';
import type { Block } from '../report/blocks.ts';
import { renderText } from '../report/render.ts';
import { loadPlsModel, progressLine } from './pls.ts';

interface InputOptions {
  data: string;
  model: string;
  scheme: InnerScheme;
  missing: 'mean' | 'listwise';
  missingValue?: number[];
  codebook?: string;
  sheet?: string;
  format: 'text' | 'json';
  lang: Lang;
}

export interface PlsMgaOptions extends InputOptions {
  group: string;
  permutations: number;
  resamples: number;
  seed: number;
  workers: number;
}

export interface PlsPredictOptions extends InputOptions {
  folds: number;
  repetitions: number;
  seed: number;
  technique: PredictTechnique;
  benchmark: 'exogenous' | 'others';
}

/** Cells that mean "no group": blank, NA, N/A, a lone dot, #N/A, null (as the survey importer). */
const BLANK = /^(|na|n\/a|\.|#n\/a|null)$/i;

const both = (key: string, vars: Record<string, unknown> = {}) => ({
  en: translator('en')(`plsmga.${key}`, vars),
  zh: translator('zh')(`plsmga.${key}`, vars),
});

/** Model and data problems raised while estimating, located on the model or the data file. */
function estimationProblems(err: PlsModelError, modelFile: string, dataFile: string): Problem[] {
  return err.problems.map((p) => {
    const onModel = p.path === '' || p.path.startsWith('constructs') || p.path.startsWith('paths');
    return {
      file: onModel ? modelFile : dataFile,
      path: p.path,
      message: both('estimationFailed', { message: p.message }),
      fix: both('estimationFailedFix'),
    };
  });
}

/** Reads model, codebook and data as `climb pls estimate` does; also returns the raw table. */
async function readInputs(o: InputOptions) {
  const { model } = loadPlsModel(o.model);
  const codebook = o.codebook ? loadCodebook(o.codebook) : undefined;
  const raw = await readSurveyFile(o.data, o.sheet !== undefined ? { sheet: o.sheet } : {});
  const owner = new Map<string, string>();
  for (const c of model.constructs) if (c.kind === 'composite') for (const i of c.items) owner.set(i, c.name);
  const prepared = prepareSurvey(raw, {
    items: [...owner.keys()],
    missing: o.missing,
    ...(o.missingValue ? { missingValues: o.missingValue } : {}),
    ...(codebook ? { codebook } : {}),
  });
  const warnings = [...prepared.warnings, ...(codebook ? codebookDisagreements(codebook, owner) : [])];
  return { model, raw, prepared, warnings };
}

/** The grouping column's labels, one per data row (null: no group). */
function groupLabels(
  raw: Awaited<ReturnType<typeof readSurveyFile>>,
  column: string,
  missingCodes: readonly number[],
): (string | null)[] {
  const at = raw.header.indexOf(column);
  if (at < 0) {
    const near = raw.header.find((h) => h.toLowerCase() === column.toLowerCase());
    throw new InputError([
      {
        file: raw.file,
        path: column,
        ...(raw.headerRow !== undefined ? { line: raw.headerRow } : {}),
        message: both('groupColumnMissing', { column }),
        fix: near
          ? both('groupColumnCase', { near })
          : both('groupColumnMissingFix', { header: raw.header.join(', ') }),
      },
    ]);
  }
  const codes = new Set(missingCodes);
  return raw.rows.map((r) => {
    const cell: Cell = r.cells[at] ?? null;
    if (cell === null) return null;
    if (typeof cell === 'number') return codes.has(cell) ? null : String(cell);
    const s = cell.trim();
    if (BLANK.test(s)) return null;
    const num = Number(s);
    if (s !== '' && Number.isFinite(num) && codes.has(num)) return null;
    return s;
  });
}

function dataSummary(p: PreparedSurvey) {
  return { rows: p.rows, used: p.used, dropped: p.dropped };
}

const f3 = (x: number | null | undefined) =>
  x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(3);
const fp = (x: number) => (Number.isNaN(x) ? '–' : x < 0.001 ? '<0.001' : x.toFixed(3));

function commonBlocks(
  t: TFunction,
  title: string,
  o: InputOptions,
  prepared: PreparedSurvey,
  warnings: Problem[],
  lang: Lang,
): Block[] {
  const b: Block[] = [
    { kind: 'title', text: title, subtitle: t('plsmga.subtitle', { data: o.data, model: o.model }) },
    {
      kind: 'paragraph',
      text: t('plsmga.dataSummary', {
        rows: prepared.rows,
        used: prepared.used,
        dropped: prepared.dropped.length,
        policy: t(`plsmga.missingPolicy.${o.missing}`),
        cells: prepared.missingCells,
      }),
    },
  ];
  for (const w of warnings) b.push({ kind: 'notice', text: lang === 'zh' ? w.message.zh : w.message.en });
  return b;
}

/** The MGA report as blocks. */
export function mgaBlocks(
  r: MgaResult,
  o: PlsMgaOptions,
  prepared: PreparedSurvey,
  warnings: Problem[],
  lang: Lang,
): Block[] {
  const t = translator(lang);
  const b = commonBlocks(t, t('plsmga.mgaTitle'), o, prepared, warnings, lang);
  b.push({ kind: 'heading', text: t('plsmga.groupsHeading', { column: o.group }), level: 2 });
  b.push({
    kind: 'table',
    head: [t('plsmga.group'), 'n'],
    rows: r.groups.map((g) => [g.name, String(g.n)]),
    numeric: [false, true],
  });
  if (r.excluded.missingGroup > 0)
    b.push({ kind: 'notice', text: t('plsmga.noGroupRows', { n: r.excluded.missingGroup }) });
  if (r.excluded.smallGroups.length > 0)
    b.push({
      kind: 'notice',
      text: t('plsmga.smallGroups', { groups: r.excluded.smallGroups.join(', '), min: r.minGroupSize }),
    });
  b.push({
    kind: 'paragraph',
    text: t('plsmga.method', {
      permutations: r.permutations,
      resamples: r.resamples,
      seed: r.seed,
      scheme: o.scheme,
    }),
  });
  const failed = Object.entries(r.bootstrapFailed).filter(([, n]) => n > 0);
  if (failed.length || r.failures.length)
    b.push({
      kind: 'notice',
      text: t('plsmga.failures', {
        groups: failed.map(([g, n]) => `${g}: ${n}`).join(', ') || '–',
        first: r.failures[0] ?? '–',
      }),
    });
  if (r.nonConverged > 0) b.push({ kind: 'notice', text: t('plsmga.nonConverged', { n: r.nonConverged }) });
  for (const c of r.comparisons) {
    b.push({
      kind: 'heading',
      text: t('plsmga.pairHeading', { a: c.groupA, b: c.groupB, nA: c.nA, nB: c.nB }),
      level: 2,
    });
    const head = (first: string[]) => [
      ...first,
      c.groupA,
      c.groupB,
      t('plsmga.difference'),
      t('plsmga.pPermutation'),
      t('plsmga.pHenseler'),
    ];
    const cells = (x: {
      estimates: Record<string, number>;
      difference: number;
      pPermutation: number;
      pHenseler: number;
    }) => [
      f3(x.estimates[c.groupA]),
      f3(x.estimates[c.groupB]),
      f3(x.difference),
      fp(x.pPermutation),
      fp(x.pHenseler),
    ];
    b.push({ kind: 'heading', text: t('plsmga.pathsHeading'), level: 3 });
    b.push({
      kind: 'table',
      head: head([t('plsmga.from'), t('plsmga.to')]),
      rows: c.paths.map((p) => [p.from, p.to, ...cells(p)]),
      numeric: [false, false, true, true, true, true, true],
    });
    const sig = c.paths.filter((p) => p.pPermutation < 0.05);
    b.push({
      kind: 'paragraph',
      text: sig.length
        ? t('plsmga.significant', { paths: sig.map((p) => `${p.from} → ${p.to}`).join(', ') })
        : t('plsmga.noneSignificant'),
    });
    if (c.rSquared.length)
      b.push({
        kind: 'table',
        head: [t('plsmga.construct'), `R² ${c.groupA}`, `R² ${c.groupB}`, t('plsmga.difference')],
        rows: c.rSquared.map((x) => [
          x.construct,
          f3(x.estimates[c.groupA]),
          f3(x.estimates[c.groupB]),
          f3(x.difference),
        ]),
        numeric: [false, true, true, true],
      });
    b.push({ kind: 'heading', text: t('plsmga.loadingsHeading'), level: 3 });
    b.push({
      kind: 'table',
      head: head([t('plsmga.construct'), t('plsmga.item')]),
      rows: c.loadings.map((l) => [l.construct, l.item, ...cells(l)]),
      numeric: [false, false, true, true, true, true, true],
    });
  }
  b.push({ kind: 'paragraph', text: t('plsmga.pNote') });
  return b;
}

/** Shmueli et al. (2019): how many items PLS predicts better than LM (RMSE), when every Q²_predict > 0. */
export function predictivePower(r: PredictResult): 'none' | 'low' | 'medium' | 'high' | 'noQ2' {
  if (r.items.some((i) => !(i.pls.q2predict > 0))) return 'noQ2';
  const better = r.items.filter((i) => i.difference.rmse < 0).length;
  if (better === r.items.length) return 'high';
  if (better > r.items.length / 2) return 'medium';
  if (better > 0) return 'low';
  return 'none';
}

/** The PLSpredict report as blocks. */
export function predictBlocks(
  r: PredictResult,
  o: PlsPredictOptions,
  prepared: PreparedSurvey,
  warnings: Problem[],
  lang: Lang,
): Block[] {
  const t = translator(lang);
  const b = commonBlocks(t, t('plsmga.predictTitle'), o, prepared, warnings, lang);
  b.push({
    kind: 'paragraph',
    text: t('plsmga.predictMethod', {
      folds: r.folds,
      repetitions: r.repetitions,
      seed: r.seed,
      technique: t(`plsmga.technique.${r.technique}`),
      benchmark: t(`plsmga.benchmark.${r.benchmark}`),
      exogenous: r.exogenous.join(', '),
    }),
  });
  if (r.failedFolds > 0)
    b.push({
      kind: 'notice',
      text: t('plsmga.foldsFailed', { n: r.failedFolds, first: r.failures[0] ?? '–' }),
    });
  if (r.nonConverged > 0) b.push({ kind: 'notice', text: t('plsmga.nonConverged', { n: r.nonConverged }) });
  b.push({ kind: 'heading', text: t('plsmga.predictHeading'), level: 2 });
  b.push({
    kind: 'table',
    head: [
      t('plsmga.construct'),
      t('plsmga.item'),
      'PLS RMSE',
      'PLS MAE',
      'Q²predict',
      'LM RMSE',
      'LM MAE',
      'Δ RMSE',
      'Δ MAE',
    ],
    rows: r.items.map((i) => [
      i.construct,
      i.item,
      f3(i.pls.rmse),
      f3(i.pls.mae),
      f3(i.pls.q2predict),
      f3(i.lm.rmse),
      f3(i.lm.mae),
      f3(i.difference.rmse),
      f3(i.difference.mae),
    ]),
    numeric: [false, false, true, true, true, true, true, true, true],
  });
  b.push({ kind: 'paragraph', text: t('plsmga.predictColumns') });
  b.push({
    kind: 'paragraph',
    text: t(`plsmga.power.${predictivePower(r)}`, {
      better: r.items.filter((i) => i.difference.rmse < 0).length,
      items: r.items.length,
    }),
  });
  return b;
}

export interface PlsMgaOutcome {
  result: MgaResult;
  output: string;
  warnings: Problem[];
}

/** `climb pls mga`: reads, groups, compares and renders. */
export async function plsMga(o: PlsMgaOptions, onProgress?: (done: number, total: number) => void) {
  const { model, raw, prepared, warnings } = await readInputs(o);
  const groups = groupLabels(raw, o.group, o.missingValue ?? []);
  let result: MgaResult;
  try {
    result = await multigroupPls(prepared.data, model, groups, {
      scheme: o.scheme,
      missing: o.missing,
      permutations: o.permutations,
      resamples: o.resamples,
      seed: o.seed,
      workers: o.workers,
      ...(onProgress ? { onProgress } : {}),
    });
  } catch (err) {
    if (err instanceof PlsModelError) throw new InputError(estimationProblems(err, o.model, o.data));
    if (err instanceof InputError)
      throw new InputError(
        err.problems.map((p) => ({
          ...p,
          file: p.file || o.data,
          path: p.path === 'group' ? o.group : p.path,
        })),
      );
    throw err;
  }
  const output =
    o.format === 'json'
      ? JSON.stringify({ ...result, data: dataSummary(prepared) }, null, 2)
      : renderText(mgaBlocks(result, o, prepared, warnings, o.lang));
  return { result, output, warnings } satisfies PlsMgaOutcome;
}

/** `climb pls predict`: reads, cross-validates and renders. */
export async function plsPredictCommand(o: PlsPredictOptions) {
  const { model, prepared, warnings } = await readInputs(o);
  let result: PredictResult;
  try {
    result = plsPredict(prepared.data, model, {
      scheme: o.scheme,
      missing: o.missing,
      folds: o.folds,
      repetitions: o.repetitions,
      seed: o.seed,
      technique: o.technique,
      benchmark: o.benchmark,
    });
  } catch (err) {
    if (err instanceof PlsModelError) throw new InputError(estimationProblems(err, o.model, o.data));
    if (err instanceof RangeError)
      throw new InputError([
        {
          file: o.data,
          path: '',
          message: both('predictRange', { message: err.message }),
          fix: both('predictRangeFix'),
        },
      ]);
    throw err;
  }
  const output =
    o.format === 'json'
      ? JSON.stringify({ ...result, data: dataSummary(prepared) }, null, 2)
      : renderText(predictBlocks(result, o, prepared, warnings, o.lang));
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

function inputOptions(cmd: Command, h: TFunction, langOption: () => Option): Command {
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
    .addOption(new Option('--format <format>', h('help.format')).choices(['text', 'json']).default('text'))
    .addOption(langOption());
}

function print(s: string): void {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}

function warnOnStderr(warnings: Problem[], lang: Lang): void {
  for (const w of warnings)
    process.stderr.write(
      `${lang === 'zh' ? '警告' : 'Warning'}: ${location(w)}: ${lang === 'zh' ? w.message.zh : w.message.en}\n`,
    );
}

/** Adds `climb pls mga` and `climb pls predict` to the `pls` command. */
export function registerPlsMga(pls: Command, h: TFunction, langOption: () => Option): void {
  inputOptions(pls.command('mga').description(h('plsmga.help.mga')), h, langOption)
    .requiredOption('--group <column>', h('plsmga.help.group'))
    .option('--permutations <n>', h('plsmga.help.permutations'), parseCount(1), 1000)
    .option('--resamples <n>', h('plsmga.help.resamples'), parseCount(2), 1000)
    .option('--seed <n>', h('help.plsSeed'), parseCount(0), 42)
    .option('--workers <n>', h('help.plsWorkers'), parseCount(1), 1)
    .action(async (opts: PlsMgaOptions) => {
      const t = translator(opts.lang);
      const progress = process.stderr.isTTY
        ? progressLine(process.stderr, (p) =>
            t('plsmga.progress', {
              done: p.done,
              total: p.total,
              percent: Math.floor((100 * p.done) / Math.max(1, p.total)),
            }),
          )
        : undefined;
      let outcome: PlsMgaOutcome;
      try {
        outcome = await plsMga(
          opts,
          progress ? (done, total) => progress.update({ done, total }) : undefined,
        );
      } finally {
        progress?.done();
      }
      if (opts.format === 'json') warnOnStderr(outcome.warnings, opts.lang);
      print(outcome.output);
    });
  inputOptions(pls.command('predict').description(h('plsmga.help.predict')), h, langOption)
    .option('--folds <k>', h('plsmga.help.folds'), parseCount(2), 10)
    .option('--repetitions <r>', h('plsmga.help.repetitions'), parseCount(1), 10)
    .option('--seed <n>', h('help.plsSeed'), parseCount(0), 42)
    .addOption(new Option('--technique <t>', h('plsmga.help.technique')).choices(['EA', 'DA']).default('EA'))
    .addOption(
      new Option('--benchmark <b>', h('plsmga.help.benchmark'))
        .choices(['exogenous', 'others'])
        .default('exogenous'),
    )
    .action(async (opts: PlsPredictOptions) => {
      const outcome = await plsPredictCommand(opts);
      if (opts.format === 'json') warnOnStderr(outcome.warnings, opts.lang);
      print(outcome.output);
    });
}
