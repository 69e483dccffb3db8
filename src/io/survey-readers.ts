/**
 * Readers for survey data files: CSV (UTF-8 with or without BOM, GB18030), XLSX (exceljs) and SPSS .sav
 * (sav-reader). Each returns the raw table with the row numbers a user sees in the file, so that every
 * later problem can name its row and column. No interpretation of the cells happens here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { LocalizedText } from '../domain/common.ts';
import { readText } from './network-csv.ts';
import { InputError } from './problems.ts';

export type SurveyFormat = 'csv' | 'xlsx' | 'sav';
export type Cell = string | number | null;

/** A column's missing-value declaration carried by the file itself (SPSS user-missing values). */
export interface DeclaredMissing {
  values: number[];
  range?: { min: number; max: number };
}

export interface RawSurvey {
  file: string;
  format: SurveyFormat;
  /** Column names in file order (may contain duplicates or empty names; checked later). */
  header: string[];
  /** The header's row number (1 for CSV and XLSX); undefined for .sav, whose names are not a data row. */
  headerRow: number | undefined;
  /** Respondents: `row` is the line of a CSV, the row of a sheet, the case number of a .sav. */
  rows: { row: number; cells: Cell[] }[];
  /** SPSS user-missing declarations by column name. */
  declaredMissing: Map<string, DeclaredMissing>;
}

export interface ReadSurveyOptions {
  /** XLSX: sheet name or 1-based position; the first sheet by default. */
  sheet?: string;
}

function fail(file: string, message: LocalizedText, fix?: LocalizedText, line?: number): never {
  throw new InputError([{ file, path: '', ...(line ? { line } : {}), message, ...(fix ? { fix } : {}) }]);
}

/** Reads a survey file, choosing the reader by extension. */
export async function readSurveyFile(file: string, opts: ReadSurveyOptions = {}): Promise<RawSurvey> {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') return readSurveyCsv(file);
  if (ext === '.xlsx' || ext === '.xlsm') return readSurveyXlsx(file, opts.sheet);
  if (ext === '.sav') return readSurveySav(file);
  if (ext === '.xls')
    fail(
      file,
      { zh: '不支持旧版 .xls 格式。', en: 'The old .xls format is not supported.' },
      { zh: '在 Excel 中另存为 .xlsx 或 CSV。', en: 'Save it as .xlsx or CSV from Excel.' },
    );
  fail(
    file,
    { zh: `无法识别的数据文件类型“${ext || '（无扩展名）'}”。`, en: `Unknown data file type "${ext}".` },
    { zh: '请使用 .csv、.xlsx 或 .sav 文件。', en: 'Use a .csv, .xlsx or .sav file.' },
  );
}

/** CSV: the header is the first non-empty line; the delimiter is a comma unless the header has only tabs or semicolons. */
export function readSurveyCsv(file: string): RawSurvey {
  const text = readText(file);
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = first.includes(',') ? ',' : first.includes('\t') ? '\t' : first.includes(';') ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      delimiter,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as { lines?: number; message: string };
    fail(
      file,
      { zh: `不是有效的 CSV：${e.message}`, en: `Not valid CSV: ${e.message}` },
      {
        zh: '检查该行的列数与表头一致，含逗号的值要加英文双引号。',
        en: 'Check that the row has as many columns as the header and that values with commas are quoted.',
      },
      e.lines,
    );
  }
  const [head, ...body] = records;
  if (!head)
    fail(
      file,
      { zh: '文件为空。', en: 'The file is empty.' },
      { zh: '第一行应为题项名称（表头）。', en: 'The first line must be a header of item names.' },
    );
  return {
    file,
    format: 'csv',
    header: head.record.map((h) => h.trim()),
    headerRow: head.info.lines,
    rows: body.map((r) => ({ row: r.info.lines, cells: r.record })),
    declaredMissing: new Map(),
  };
}

function cellOf(v: ExcelJS.CellValue | undefined): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as { result?: unknown }).result;
      if (result === undefined) return `=${(v as { formula?: string }).formula ?? ''}`;
      if (typeof result === 'object' && result !== null && 'error' in result)
        return String((result as { error: unknown }).error);
      return cellOf(result as ExcelJS.CellValue);
    }
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('error' in v) return String(v.error);
    if ('text' in v) return String((v as { text: unknown }).text);
  }
  return String(v);
}

/** The file's bytes, or a located error saying why they cannot be read. */
function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    fail(
      file,
      missing
        ? { zh: '文件不存在。', en: 'The file does not exist.' }
        : { zh: '无法读取文件。', en: 'The file cannot be read.' },
      { zh: '检查路径与文件权限。', en: 'Check the path and the file permissions.' },
    );
  }
}

/** XLSX: the first sheet (or `sheet`, by name or 1-based position); row 1 is the header. */
export async function readSurveyXlsx(file: string, sheet?: string): Promise<RawSurvey> {
  const bytes = readBytes(file);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    fail(
      file,
      {
        zh: `不是有效的 .xlsx 文件：${(err as Error).message}`,
        en: `Not a valid .xlsx file: ${(err as Error).message}`,
      },
      {
        zh: '在 Excel 中重新另存为 .xlsx，或导出为 CSV。',
        en: 'Re-save it as .xlsx from Excel, or export CSV.',
      },
    );
  }
  const names = wb.worksheets.map((w) => w.name);
  let ws: ExcelJS.Worksheet | undefined;
  if (sheet === undefined) ws = wb.worksheets[0];
  else {
    ws = wb.worksheets.find((w) => w.name === sheet);
    if (!ws && /^\d+$/.test(sheet)) ws = wb.worksheets[Number(sheet) - 1];
  }
  if (!ws)
    fail(
      file,
      sheet === undefined
        ? { zh: '工作簿中没有工作表。', en: 'The workbook has no sheet.' }
        : { zh: `找不到工作表“${sheet}”。`, en: `There is no sheet "${sheet}".` },
      { zh: `现有工作表：${names.join('、')}。`, en: `The sheets are: ${names.join(', ')}.` },
    );
  const headRow = ws.getRow(1);
  const width = Math.max(headRow.cellCount, 0);
  if (width === 0)
    fail(
      file,
      { zh: `工作表“${ws.name}”第 1 行为空。`, en: `Row 1 of sheet "${ws.name}" is empty.` },
      { zh: '第 1 行应为题项名称（表头）。', en: 'Row 1 must hold the item names (the header).' },
      1,
    );
  const header: string[] = [];
  for (let c = 1; c <= width; c++) {
    const v = cellOf(headRow.getCell(c).value);
    header.push(v === null ? '' : String(v).trim());
  }
  const rows: RawSurvey['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Cell[] = [];
    for (let c = 1; c <= width; c++) {
      const v = cellOf(row.getCell(c).value);
      cells.push(typeof v === 'string' ? v.trim() : v);
    }
    if (cells.some((x) => x !== null && x !== '')) rows.push({ row: rowNumber, cells });
  });
  return { file, format: 'xlsx', header, headerRow: 1, rows, declaredMissing: new Map() };
}

interface SavVar {
  name: string;
  type: number;
  missing: unknown;
}
interface SavReaderInstance {
  open(): Promise<void>;
  meta: { header: { n_cases?: number }; sysvars: SavVar[] };
  readNextRow(includeNulls?: boolean): Promise<Record<string, unknown> | null>;
}
interface SavModule {
  SavBufferReader: new (buffer: Buffer) => SavReaderInstance;
}

let savModule: SavModule | undefined;
function sav(): SavModule {
  if (!savModule) savModule = createRequire(import.meta.url)('sav-reader') as SavModule;
  return savModule;
}

/** SPSS's system-missing value in uncompressed files (−DBL_MAX). */
const SYSMIS = -Number.MAX_VALUE;

function declaredMissing(m: unknown): DeclaredMissing | undefined {
  if (m === null || m === undefined) return undefined;
  if (typeof m === 'number') return { values: [m] };
  if (Array.isArray(m)) return { values: m.filter((x): x is number => typeof x === 'number') };
  if (typeof m === 'object') {
    const o = m as { min?: number; max?: number; value?: number; values?: number[] };
    const values = [...(o.values ?? []), ...(typeof o.value === 'number' ? [o.value] : [])];
    return typeof o.min === 'number' && typeof o.max === 'number'
      ? { values, range: { min: o.min, max: o.max } }
      : { values };
  }
  return undefined;
}

/** SPSS .sav (compressed or not): variable names are the header, cases are rows 1…n; user-missing values are kept as declarations. */
export async function readSurveySav(file: string): Promise<RawSurvey> {
  const bytes = readBytes(file);
  if (bytes.subarray(0, 4).toString('latin1') !== '$FL2')
    fail(
      file,
      { zh: '不是 SPSS .sav 数据文件。', en: 'Not an SPSS .sav data file.' },
      {
        zh: '在 SPSS 中用“另存为 → SPSS Statistics (*.sav)”保存（.zsav 不受支持）。',
        en: 'Save it from SPSS as "SPSS Statistics (*.sav)" (.zsav is not supported).',
      },
    );
  const reader = new (sav().SavBufferReader)(bytes);
  const rows: RawSurvey['rows'] = [];
  let vars: SavVar[];
  try {
    await reader.open();
    vars = reader.meta.sysvars;
    // Read exactly the declared number of cases when the header gives it: sav-reader's end-of-file
    // detection fails after the last case of some compressed files.
    const declaredCases = reader.meta.header.n_cases;
    const known = typeof declaredCases === 'number' && declaredCases >= 0;
    for (let n = 1; !known || n <= declaredCases; n++) {
      const r = await reader.readNextRow(true);
      if (!r) break;
      rows.push({
        row: n,
        cells: vars.map((v) => {
          const x = r[v.name];
          if (typeof x === 'number') return x === SYSMIS || Number.isNaN(x) ? null : x;
          return typeof x === 'string' ? x.trim() : null;
        }),
      });
    }
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    fail(
      file,
      {
        zh: `无法读取 .sav 文件：${why}`,
        en: `The .sav file cannot be read: ${why}`,
      },
      { zh: '在 SPSS 中重新保存，或导出为 CSV。', en: 'Re-save it from SPSS, or export CSV.' },
    );
  }
  const declared = new Map<string, DeclaredMissing>();
  for (const v of vars) {
    const d = declaredMissing(v.missing);
    if (d) declared.set(v.name, d);
  }
  return {
    file,
    format: 'sav',
    header: vars.map((v) => v.name),
    headerRow: undefined,
    rows,
    declaredMissing: declared,
  };
}
