/**
 * `climb pls mga` (multigroup analysis: permutation test and Henseler's PLS-MGA) and `climb pls predict`
 * (PLSpredict): data and model reading as `climb pls estimate`, bilingual text reports built from
 * report blocks, JSON with the result objects. See docs/pls-mga-predict.md.
 */
import { type Command, Option } from 'commander';
import type { TFunction } from 'i18next';
import type { Lang } from '../domain/vocabulary.ts';
import { translator } from '../i18n/index.ts';
import { InputError, type Problem } from '../io/problems.ts';
import type { Cell, PreparedSurvey, RawSurvey } from '../io/survey.ts';
import { mgaTables, predictTables, writeExport } from '../measure/pls/export.ts';
import { type MgaResult, multigroupPls } from '../measure/pls/mga.ts';
import { PlsModelError } from '../measure/pls/model.ts';
import { type PredictResult, type PredictTechnique, plsPredict } from '../measure/pls/predict.ts';
import type { Block } from '../report/blocks.ts';
import { renderText } from '../report/render.ts';
import { parseCount } from './common.ts';
import {
  dataSummary,
  inputOptions,
  modelProblems,
  outputOptions,
  type PlsInputOptions,
  printOutcome,
  readPlsInputs,
  withProgress,
} from './pls.ts';

interface InputOptions extends PlsInputOptions {
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

/** The grouping column's labels, one per data row (null: no group). */
function groupLabels(raw: RawSurvey, column: string, missingCodes: readonly number[]): (string | null)[] {
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
  /** Files written by --export. */
  exported: string[];
}

/** `climb pls mga`: reads, groups, compares and renders. */
export async function plsMga(
  o: PlsMgaOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<PlsMgaOutcome> {
  const { model, doc, raw, prepared, warnings } = await readPlsInputs(o);
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
    if (err instanceof PlsModelError) throw new InputError(modelProblems(doc, err.problems, o.data));
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
  const exported = o.export ? await writeExport(o.export, mgaTables(result)) : [];
  const output =
    o.format === 'json'
      ? JSON.stringify({ ...result, data: dataSummary(prepared) }, null, 2)
      : renderText(mgaBlocks(result, o, prepared, warnings, o.lang));
  return { result, output, warnings, exported };
}

/** `climb pls predict`: reads, cross-validates and renders. */
export async function plsPredictCommand(o: PlsPredictOptions) {
  const { model, doc, prepared, warnings } = await readPlsInputs(o);
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
    if (err instanceof PlsModelError) throw new InputError(modelProblems(doc, err.problems, o.data));
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
  const exported = o.export ? await writeExport(o.export, predictTables(result)) : [];
  const output =
    o.format === 'json'
      ? JSON.stringify({ ...result, data: dataSummary(prepared) }, null, 2)
      : renderText(predictBlocks(result, o, prepared, warnings, o.lang));
  return { result, output, warnings, exported };
}

/** Adds `climb pls mga` and `climb pls predict` to the `pls` command. */
export function registerPlsMga(pls: Command, h: TFunction, langOption: () => Option): void {
  outputOptions(inputOptions(pls.command('mga').description(h('plsmga.help.mga')), h), h, langOption)
    .requiredOption('--group <column>', h('plsmga.help.group'))
    .option('--permutations <n>', h('plsmga.help.permutations'), parseCount(1), 1000)
    .option('--resamples <n>', h('plsmga.help.resamples'), parseCount(2), 1000)
    .option('--seed <n>', h('help.plsSeed'), parseCount(0), 42)
    .option('--workers <n>', h('help.plsWorkers'), parseCount(1), 1)
    .action(async (opts: PlsMgaOptions) =>
      printOutcome(
        opts,
        await withProgress(opts.lang, 'plsmga.progress', (update) =>
          plsMga(opts, update ? (done, total) => update({ done, total }) : undefined),
        ),
      ),
    );
  outputOptions(inputOptions(pls.command('predict').description(h('plsmga.help.predict')), h), h, langOption)
    .option('--folds <k>', h('plsmga.help.folds'), parseCount(2), 10)
    .option('--repetitions <r>', h('plsmga.help.repetitions'), parseCount(1), 10)
    .option('--seed <n>', h('help.plsSeed'), parseCount(0), 42)
    .addOption(new Option('--technique <t>', h('plsmga.help.technique')).choices(['EA', 'DA']).default('EA'))
    .addOption(
      new Option('--benchmark <b>', h('plsmga.help.benchmark'))
        .choices(['exogenous', 'others'])
        .default('exogenous'),
    )
    .action(async (opts: PlsPredictOptions) => printOutcome(opts, await plsPredictCommand(opts)));
}
