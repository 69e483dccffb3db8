/**
 * Survey data import (issue 5 §6): turns a CSV/XLSX/.sav table into the estimator's numeric matrix for
 * the items a model needs, applying missing codes, the optional codebook (scale ranges, reverse coding,
 * missing codes) and the missing-data policy. Every problem names its row and column; nothing is dropped
 * without being listed.
 */
import { z } from 'zod';
import type { LocalizedText } from '../domain/common.ts';
import type { PlsData } from '../measure/pls/estimate.ts';
import { InputError, type Problem } from './problems.ts';
import { readDocument } from './read-document.ts';
import { schemaProblems } from './schema-problems.ts';
import type { Cell, RawSurvey } from './survey-readers.ts';

export { type Cell, type RawSurvey, type ReadSurveyOptions, readSurveyFile } from './survey-readers.ts';

// ── Codebook ────────────────────────────────────────────────────────────────────────────────────────

const range = z.object({ min: z.number(), max: z.number() }).strict();
const codebookItem = z
  .object({
    construct: z.string().min(1).optional(),
    label: z.union([z.string(), z.object({ zh: z.string(), en: z.string() }).partial().strict()]).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    reverse: z.boolean().optional(),
    missing: z.array(z.number()).optional(),
  })
  .strict();
const codebookSchema = z
  .object({
    /** Scale range of every item unless the item says otherwise. */
    scale: range.optional(),
    /** Missing-value codes for every item. */
    missing: z.array(z.number()).optional(),
    /** Reverse-coded items (same as `reverse: true` on the item). */
    reverse: z.array(z.string().min(1)).optional(),
    items: z.record(z.string(), codebookItem).optional(),
  })
  .strict();

export interface CodebookItem {
  construct?: string;
  min?: number;
  max?: number;
  reverse: boolean;
  missing: number[];
}

export interface Codebook {
  file: string;
  scale?: { min: number; max: number };
  missing: number[];
  items: Map<string, CodebookItem>;
}

/**
 * Reads a codebook YAML:
 * ```yaml
 * scale: { min: 1, max: 7 }
 * missing: [-99, 99]
 * reverse: [CUEX3]
 * items:
 *   IMAG1: { construct: Image, label: { zh: 值得信赖, en: Can be trusted } }
 *   CUSL2: { min: 0, max: 100, missing: [-1] }
 * ```
 */
export function loadCodebook(file: string): Codebook {
  const doc = readDocument(file);
  const parsed = codebookSchema.safeParse(doc.data ?? {});
  if (!parsed.success)
    throw new InputError(schemaProblems(doc, codebookSchema, parsed.error.issues, 'docs/pls.md'));
  const raw = parsed.data;
  const problems: Problem[] = [];
  const at = (path: (string | number)[], message: LocalizedText, fix: LocalizedText) =>
    problems.push({ file, path: path.join('.'), ...doc.locate(path), message, fix });
  if (raw.scale && !(raw.scale.min < raw.scale.max))
    at(
      ['scale'],
      { zh: '量表下限必须小于上限。', en: 'The scale minimum must be below its maximum.' },
      { zh: '例如 { min: 1, max: 7 }。', en: 'For example { min: 1, max: 7 }.' },
    );
  const items = new Map<string, CodebookItem>();
  for (const [name, it] of Object.entries(raw.items ?? {})) {
    const min = it.min ?? raw.scale?.min;
    const max = it.max ?? raw.scale?.max;
    if ((it.min === undefined) !== (it.max === undefined) && !raw.scale)
      at(
        ['items', name],
        { zh: `题项“${name}”只给了量表的一端。`, en: `Item "${name}" gives only one end of its scale.` },
        { zh: '同时给出 min 与 max。', en: 'Give both min and max.' },
      );
    else if (min !== undefined && max !== undefined && !(min < max))
      at(
        ['items', name],
        {
          zh: `题项“${name}”的下限 ${min} 不小于上限 ${max}。`,
          en: `Item "${name}": minimum ${min} is not below maximum ${max}.`,
        },
        { zh: '改正 min 与 max。', en: 'Correct min and max.' },
      );
    items.set(name, {
      ...(it.construct ? { construct: it.construct } : {}),
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
      reverse: it.reverse ?? false,
      missing: it.missing ?? [],
    });
  }
  (raw.reverse ?? []).forEach((name, i) => {
    const it = items.get(name);
    if (it) it.reverse = true;
    else
      items.set(name, {
        ...(raw.scale ? { min: raw.scale.min, max: raw.scale.max } : {}),
        reverse: true,
        missing: [],
      });
    const r = items.get(name) as CodebookItem;
    if (r.min === undefined || r.max === undefined)
      at(
        ['reverse', i],
        {
          zh: `反向题“${name}”没有量表范围，无法反向计分。`,
          en: `Reverse-coded item "${name}" has no scale range, so it cannot be reversed.`,
        },
        {
          zh: '给出 scale: { min, max }，或在 items 中为该题给出 min 与 max。',
          en: 'Give scale: { min, max }, or min and max for the item under items.',
        },
      );
  });
  for (const [name, it] of items)
    if (it.reverse && (it.min === undefined || it.max === undefined) && !(raw.reverse ?? []).includes(name))
      at(
        ['items', name, 'reverse'],
        {
          zh: `反向题“${name}”没有量表范围，无法反向计分。`,
          en: `Reverse-coded item "${name}" has no scale range, so it cannot be reversed.`,
        },
        { zh: '给出 scale 或该题的 min 与 max。', en: 'Give scale, or min and max for the item.' },
      );
  if (problems.length) throw new InputError(problems);
  return { file, ...(raw.scale ? { scale: raw.scale } : {}), missing: raw.missing ?? [], items };
}

// ── Preparing the data ──────────────────────────────────────────────────────────────────────────────

export interface PrepareOptions {
  /** The columns the model needs, in model order. */
  items: readonly string[];
  /** Missing-value codes for every column (e.g. −99), on top of the codebook's and the file's own. */
  missingValues?: readonly number[];
  codebook?: Codebook;
  missing?: 'mean' | 'listwise';
}

export interface DroppedRow {
  /** The row as the user sees it (CSV line, sheet row, .sav case). */
  row: number;
  reason: string;
}

export interface PreparedSurvey {
  file: string;
  /** The model's items, NaN for missing; row-major, one row per respondent read. */
  data: PlsData;
  /** The file row of each data row. */
  rowNumbers: number[];
  /** Respondents read. */
  rows: number;
  /** Respondents the estimation uses. */
  used: number;
  /** Respondents left out, with why (listwise deletion). */
  dropped: DroppedRow[];
  /** Cells that are missing (blank or a missing code) in the model's items. */
  missingCells: number;
  /** Of those, cells set missing because they held a missing code. */
  missingCodes: number;
  /** Items reverse-coded by the codebook. */
  reversed: string[];
  /** Not fatal: straight-lining, unused duplicate columns, codebook disagreements. */
  warnings: Problem[];
}

/** Cells that mean “no answer” in exports: blank, NA, N/A, a lone dot (SPSS), #N/A. */
const BLANK = /^(|na|n\/a|\.|#n\/a|null)$/i;
/** At most this many errors are listed one by one; the rest are counted. */
export const MAX_LISTED = 100;

function columnLetter(c: number): string {
  let s = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** How a column is named in messages: "IMAG1 (column 11 / K)". */
function where(raw: RawSurvey, name: string, col: number): { en: string; zh: string } {
  if (raw.format === 'sav') return { en: `variable ${name}`, zh: `变量 ${name}` };
  return {
    en: `column ${name} (${col + 1}${raw.format === 'xlsx' ? `, ${columnLetter(col + 1)}` : ''})`,
    zh: `列 ${name}（第 ${col + 1} 列${raw.format === 'xlsx' ? `，${columnLetter(col + 1)}` : ''}）`,
  };
}

const fmt = (x: number) => String(x);

/**
 * Checks and converts the model's columns. Throws an InputError listing every missing or duplicate
 * column, non-numeric cell and out-of-range value (with row and column); returns the numeric data,
 * the rows used and dropped, and warnings.
 */
export function prepareSurvey(raw: RawSurvey, opts: PrepareOptions): PreparedSurvey {
  const { file } = raw;
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const headerLine = raw.headerRow !== undefined ? { line: raw.headerRow } : {};

  // Columns: every model item exactly once.
  const positions = new Map<string, number[]>();
  raw.header.forEach((h, i) => {
    const list = positions.get(h);
    if (list) list.push(i);
    else positions.set(h, [i]);
  });
  const needed = new Set(opts.items);
  const cols: number[] = [];
  for (const item of opts.items) {
    const at = positions.get(item) ?? [];
    if (at.length === 0) {
      const near = raw.header.find((h) => h.toLowerCase() === item.toLowerCase());
      errors.push({
        file,
        path: item,
        ...headerLine,
        message: {
          zh: `缺少模型需要的列“${item}”。`,
          en: `Column "${item}" needed by the model is missing.`,
        },
        fix: near
          ? {
              zh: `有一列名为“${near}”：列名区分大小写，请统一。`,
              en: `There is a column "${near}": names are case-sensitive; make them match.`,
            }
          : {
              zh: `表头现有列：${raw.header.join('、')}。`,
              en: `The header has: ${raw.header.join(', ')}.`,
            },
      });
    } else if (at.length > 1) {
      errors.push({
        file,
        path: item,
        ...headerLine,
        column: (at[1] as number) + 1,
        message: {
          zh: `列“${item}”出现 ${at.length} 次（第 ${at.map((c) => c + 1).join('、')} 列）。`,
          en: `Column "${item}" appears ${at.length} times (columns ${at.map((c) => c + 1).join(', ')}).`,
        },
        fix: {
          zh: '每个题项只能有一列：删除或重命名重复的列。',
          en: 'Each item must have one column: delete or rename the duplicates.',
        },
      });
    }
    cols.push(at[0] ?? -1);
  }
  for (const [h, at] of positions) {
    if (needed.has(h)) continue;
    if (at.length > 1 || h === '')
      warnings.push({
        file,
        path: h,
        ...headerLine,
        column: (at[h === '' ? 0 : 1] as number) + 1,
        message:
          h === ''
            ? {
                zh: '有未命名的列（模型未使用，已忽略）。',
                en: 'A column has no name (not used by the model; ignored).',
              }
            : {
                zh: `列“${h}”重复（模型未使用，已忽略）。`,
                en: `Column "${h}" is duplicated (not used by the model; ignored).`,
              },
      });
  }
  if (errors.length) throw new InputError(errors);

  // Codebook vs data: items the codebook describes but the data lack are only worth a warning.
  const book = opts.codebook;
  const globalMissing = new Set([...(opts.missingValues ?? []), ...(book?.missing ?? [])]);

  const K = opts.items.length;
  const n = raw.rows.length;
  const values = new Float64Array(n * K);
  const rawValues = new Float64Array(K);
  let missingCells = 0;
  let missingCodes = 0;
  let unlisted = 0;
  const error = (p: Problem) => {
    if (errors.length < MAX_LISTED) errors.push(p);
    else unlisted++;
  };
  const specs = opts.items.map((item) => {
    const it = book?.items.get(item);
    const min = it?.min ?? book?.scale?.min;
    const max = it?.max ?? book?.scale?.max;
    const declared = raw.declaredMissing.get(item);
    const codes = new Set([...globalMissing, ...(it?.missing ?? []), ...(declared?.values ?? [])]);
    return { item, min, max, reverse: it?.reverse ?? false, codes, range: declared?.range };
  });
  const reversed = specs.filter((s) => s.reverse).map((s) => s.item);

  const dropped: DroppedRow[] = [];
  raw.rows.forEach((r, i) => {
    const absent: string[] = [];
    for (let k = 0; k < K; k++) {
      const s = specs[k] as (typeof specs)[number];
      const c = cols[k] as number;
      const cell: Cell = r.cells[c] ?? null;
      let x: number;
      if (cell === null || (typeof cell === 'string' && BLANK.test(cell.trim()))) x = Number.NaN;
      else {
        x = typeof cell === 'number' ? cell : Number(cell.trim().replace(/^\+/, ''));
        if (typeof cell === 'string' && (cell.trim() === '' || !Number.isFinite(x))) {
          const w = where(raw, s.item, c);
          error({
            file,
            path: s.item,
            line: r.row,
            column: c + 1,
            message: {
              zh: `第 ${r.row} 行${w.zh}的值“${cell}”不是数字。`,
              en: `Row ${r.row}, ${w.en}: "${cell}" is not a number.`,
            },
            fix: {
              zh: '填入数字；缺失请留空，或用缺失值代码（--missing-value 或编码簿 missing）。',
              en: 'Enter a number; leave missing answers blank or use a missing code (--missing-value or the codebook).',
            },
          });
          rawValues[k] = Number.NaN;
          values[i * K + k] = Number.NaN;
          continue;
        }
        if (s.codes.has(x) || (s.range && x >= s.range.min && x <= s.range.max)) {
          missingCodes++;
          x = Number.NaN;
        }
      }
      rawValues[k] = x;
      if (Number.isNaN(x)) {
        missingCells++;
        absent.push(s.item);
        values[i * K + k] = x;
        continue;
      }
      if ((s.min !== undefined && x < s.min) || (s.max !== undefined && x > s.max)) {
        const w = where(raw, s.item, c);
        error({
          file,
          path: s.item,
          line: r.row,
          column: c + 1,
          message: {
            zh: `第 ${r.row} 行${w.zh}的值 ${fmt(x)} 超出量表范围 ${s.min ?? '−∞'}–${s.max ?? '∞'}。`,
            en: `Row ${r.row}, ${w.en}: ${fmt(x)} is outside the scale ${s.min ?? '−∞'}–${s.max ?? '∞'}.`,
          },
          fix: {
            zh: '改正录入错误；若是缺失值代码，请用 --missing-value 或在编码簿 missing 中声明。',
            en: 'Correct the entry; if it is a missing-value code, declare it with --missing-value or the codebook’s missing.',
          },
        });
      }
      values[i * K + k] = s.reverse ? (s.min as number) + (s.max as number) - x : x;
    }
    // Straight-lining: every answered item of the respondent has the same (raw) answer.
    let answered = 0;
    let same = true;
    let first = Number.NaN;
    for (let k = 0; k < K; k++) {
      const x = rawValues[k] as number;
      if (Number.isNaN(x)) continue;
      if (answered === 0) first = x;
      else if (x !== first) same = false;
      answered++;
    }
    if (K >= 3 && answered >= 3 && same)
      warnings.push({
        file,
        path: '',
        line: r.row,
        message: {
          zh: `第 ${r.row} 行：${answered} 个题项的回答全部为 ${fmt(first)}（直线作答）。`,
          en: `Row ${r.row}: all ${answered} answered items are ${fmt(first)} (straight-lining).`,
        },
        fix: {
          zh: '核查该问卷是否认真作答；如需排除，请从数据中删除该行。',
          en: 'Check whether the respondent answered attentively; delete the row to exclude it.',
        },
      });
    if (opts.missing === 'listwise' && absent.length)
      dropped.push({ row: r.row, reason: `missing: ${absent.join(', ')}` });
  });
  if (unlisted > 0)
    errors.push({
      file,
      path: '',
      message: {
        zh: `另有 ${unlisted} 个同类问题未逐一列出。`,
        en: `${unlisted} more problem(s) of the same kinds are not listed.`,
      },
      fix: {
        zh: '先改正上面列出的问题，再重新运行。',
        en: 'Fix the problems listed above, then run again.',
      },
    });
  if (errors.length) throw new InputError(errors);

  // Codebook construct assignments that contradict the model are worth a warning (not fatal).
  return {
    file,
    data: { columns: [...opts.items], values },
    rowNumbers: raw.rows.map((r) => r.row),
    rows: n,
    used: n - dropped.length,
    dropped,
    missingCells,
    missingCodes,
    reversed,
    warnings,
  };
}

/** Warnings for codebook items assigned to a construct other than the model's. */
export function codebookDisagreements(book: Codebook, owner: Map<string, string>): Problem[] {
  const out: Problem[] = [];
  for (const [item, it] of book.items) {
    const m = owner.get(item);
    if (it.construct && m && it.construct !== m)
      out.push({
        file: book.file,
        path: `items.${item}.construct`,
        message: {
          zh: `编码簿把“${item}”归入“${it.construct}”，模型却归入“${m}”；以模型为准。`,
          en: `The codebook puts "${item}" under "${it.construct}" but the model under "${m}"; the model is used.`,
        },
        fix: { zh: '统一编码簿与模型。', en: 'Make the codebook and the model agree.' },
      });
  }
  return out;
}
