/**
 * Export of every PLS table to XLSX or CSV (docs/pls.md, "Table export").
 *
 * - `.xlsx`: one sheet per table, a bold header row (the key columns, then the value columns).
 * - `.csv`: one tidy long-format file with the columns table, row, column, value; `row` joins the key
 *   columns of a row with " | " (e.g. "Image | Expectation" for a path).
 * - a path ending in "/" (or the platform separator): a folder with one `<table>.csv` per table, in the
 *   XLSX layout.
 *
 * Numbers are written as numbers (full precision); NaN and undefined values are empty cells (null in
 * JSON). Every file is written atomically (a temporary file renamed over the target).
 */
import { mkdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import ExcelJS from 'exceljs';
import { writeFileAtomic } from '../../io/write-file.ts';
import type { BootstrapResult, BootstrapStat } from './bootstrap.ts';
import type { PlsResult, Table } from './estimate.ts';
import type { IpmaResult } from './ipma.ts';
import type { MgaResult } from './mga.ts';
import type { PredictResult } from './predict.ts';

export type Cell = number | string | boolean | null;

export interface ExportTable {
  /** Sheet / file name: letters, digits and underscores, at most 31 characters. */
  name: string;
  /** Names of the columns that identify a row. */
  keys: string[];
  /** Names of the value columns. */
  values: string[];
  rows: { key: string[]; value: Cell[] }[];
}

const num = (x: number | null | undefined): Cell =>
  x === null || x === undefined || Number.isNaN(x) || !Number.isFinite(x) ? null : x;

/** A `{ row: { column: value } }` table as a matrix sheet (columns in order of first appearance). */
export function matrixTable(name: string, rowLabel: string, t: Table): ExportTable {
  const cols: string[] = [];
  for (const row of Object.values(t)) for (const c of Object.keys(row)) if (!cols.includes(c)) cols.push(c);
  return {
    name,
    keys: [rowLabel],
    values: cols,
    rows: Object.entries(t).map(([r, row]) => ({ key: [r], value: cols.map((c) => num(row[c])) })),
  };
}

/** Every table of an estimate. */
export function estimateTables(r: PlsResult): ExportTable[] {
  const tables: ExportTable[] = [
    {
      name: 'paths',
      keys: ['from', 'to'],
      values: ['estimate', 'fSquared'],
      rows: r.paths.map((p) => ({
        key: [p.from, p.to],
        value: [num(p.estimate), num(r.fSquared[p.from]?.[p.to])],
      })),
    },
    {
      name: 'rSquared',
      keys: ['construct'],
      values: ['rSquared', 'rSquaredAdj'],
      rows: Object.keys(r.rSquared).map((c) => ({
        key: [c],
        value: [num(r.rSquared[c]), num(r.rSquaredAdj[c])],
      })),
    },
    longTable('outerLoadings', ['construct', 'item'], 'loading', r.outerLoadings),
    longTable('outerWeights', ['construct', 'item'], 'weight', r.outerWeights),
    {
      name: 'reliability',
      keys: ['construct'],
      values: ['alpha', 'rhoC', 'rhoA', 'ave'],
      rows: Object.entries(r.reliability).map(([c, x]) => ({
        key: [c],
        value: [num(x.alpha), num(x.rhoC), num(x.rhoA), num(x.ave)],
      })),
    },
    matrixTable('htmt', 'construct', r.htmt),
    matrixTable('fornellLarcker', 'construct', r.fornellLarcker),
    matrixTable('crossLoadings', 'item', r.crossLoadings),
    longTable('vifItems', ['construct', 'item'], 'vif', r.vif.items),
    longTable('vifAntecedents', ['endogenous', 'antecedent'], 'vif', r.vif.antecedents),
    matrixTable('fSquared', 'from', r.fSquared),
    matrixTable('totalEffects', 'from', r.totalEffects),
    {
      name: 'fit',
      keys: ['measure'],
      values: ['value'],
      rows: [
        { key: ['srmr'], value: [num(r.srmr)] },
        { key: ['srmrEstimated'], value: [num(r.srmrEstimated)] },
        { key: ['iterations'], value: [r.iterations] },
        { key: ['converged'], value: [r.converged] },
        { key: ['n'], value: [r.n] },
      ],
    },
  ];
  if (r.moderation.length > 0) {
    tables.push({
      name: 'moderation',
      keys: ['interaction', 'x', 'moderator', 'target', 'm'],
      values: ['betaX', 'betaM', 'betaXM', 'slope'],
      rows: r.moderation.flatMap((e) =>
        e.slopes.map((s) => ({
          key: [e.interaction, e.x, e.moderator, e.target, String(s.m)],
          value: [num(e.betaX), num(e.betaM), num(e.betaXM), num(s.slope)],
        })),
      ),
    });
    tables.push({
      name: 'moderationPoints',
      keys: ['interaction', 'target', 'm', 'x'],
      values: ['y'],
      rows: r.moderation.flatMap((e) =>
        e.points.map((p) => ({
          key: [e.interaction, e.target, String(p.m), String(p.x)],
          value: [num(p.y)],
        })),
      ),
    });
  }
  tables.push(warningsTable(r));
  return tables;
}

function longTable(
  name: string,
  keys: [string, string],
  value: string,
  t: Record<string, Record<string, number | null>>,
): ExportTable {
  return {
    name,
    keys,
    values: [value],
    rows: Object.entries(t).flatMap(([a, row]) =>
      Object.entries(row).map(([b, v]) => ({ key: [a, b], value: [num(v)] })),
    ),
  };
}

function warningsTable(r: Pick<PlsResult, 'warnings'>): ExportTable {
  return {
    name: 'warnings',
    keys: ['code', 'construct', 'other', 'item'],
    values: ['value', 'message_en', 'message_zh'],
    rows: r.warnings.map((w) => ({
      key: [w.code, w.construct ?? '', w.other ?? '', w.item ?? ''],
      value: [num(w.value), w.message.en, w.message.zh],
    })),
  };
}

const STAT_VALUES = ['original', 'mean', 'sd', 't', 'p', 'percentileLo', 'percentileHi', 'bcaLo', 'bcaHi'];
const stat = (x: BootstrapStat): Cell[] => [
  num(x.original),
  num(x.mean),
  num(x.sd),
  num(x.t),
  num(x.p),
  num(x.percentile[0]),
  num(x.percentile[1]),
  num(x.bca[0]),
  num(x.bca[1]),
];

/** Every table of a bootstrap. */
export function bootstrapTables(b: BootstrapResult): ExportTable[] {
  return [
    settingsTable('bootstrap', [
      ['resamples', b.resamples],
      ['seed', b.seed],
      ['signChange', b.signChange],
      ['level', b.level],
      ['used', b.used],
      ['nonConverged', b.nonConverged],
      ['failed', b.failed],
      ['jackknifeGroups', b.jackknife.groups],
      ['pValue', b.pValue],
    ]),
    {
      name: 'bootPaths',
      keys: ['from', 'to'],
      values: STAT_VALUES,
      rows: b.paths.map((x) => ({ key: [x.from, x.to], value: stat(x) })),
    },
    {
      name: 'bootTotalEffects',
      keys: ['from', 'to'],
      values: STAT_VALUES,
      rows: b.totalEffects.map((x) => ({ key: [x.from, x.to], value: stat(x) })),
    },
    {
      name: 'bootIndirectEffects',
      keys: ['from', 'through', 'to'],
      values: STAT_VALUES,
      rows: b.indirectEffects.map((x) => ({ key: [x.from, x.through.join(' → '), x.to], value: stat(x) })),
    },
    {
      name: 'bootOuterLoadings',
      keys: ['construct', 'item'],
      values: STAT_VALUES,
      rows: b.outerLoadings.map((x) => ({ key: [x.construct, x.item], value: stat(x) })),
    },
    {
      name: 'bootOuterWeights',
      keys: ['construct', 'item'],
      values: STAT_VALUES,
      rows: b.outerWeights.map((x) => ({ key: [x.construct, x.item], value: stat(x) })),
    },
    {
      name: 'bootHtmt',
      keys: ['a', 'b'],
      values: STAT_VALUES,
      rows: b.htmt.map((x) => ({ key: [x.a, x.b], value: stat(x) })),
    },
  ];
}

/** The tables of an IPMA. */
export function ipmaTables(x: IpmaResult): ExportTable[] {
  return [
    {
      name: 'ipmaConstructs',
      keys: ['target', 'construct'],
      values: ['importance', 'performance'],
      rows: [
        ...x.constructs.map((c) => ({
          key: [x.target, c.construct],
          value: [num(c.importance), num(c.performance)] as Cell[],
        })),
        { key: [x.target, x.target], value: [null, num(x.targetPerformance)] },
      ],
    },
    {
      name: 'ipmaItems',
      keys: ['target', 'construct', 'item'],
      values: ['weight', 'importance', 'performance', 'scaleMin', 'scaleMax', 'scaleSource'],
      rows: x.items.map((i) => ({
        key: [x.target, i.construct, i.item],
        value: [num(i.weight), num(i.importance), num(i.performance), i.min, i.max, i.source],
      })),
    },
  ];
}

/** A table of settings: one row per name, one value column. */
function settingsTable(name: string, settings: [string, Cell][]): ExportTable {
  return {
    name,
    keys: ['setting'],
    values: ['value'],
    rows: settings.map(([k, v]) => ({ key: [k], value: [v] })),
  };
}

const MGA_TEST_VALUES = [
  'estimateA',
  'estimateB',
  'difference',
  'pPermutation',
  'pHenseler',
  'pHenselerOneSided',
];

/** The tables of a multigroup analysis: settings, groups, and paths, loadings and R² of every pair. */
export function mgaTables(r: MgaResult): ExportTable[] {
  const pair = (c: MgaResult['comparisons'][number]) => [c.groupA, c.groupB];
  const test = (
    c: MgaResult['comparisons'][number],
    x: {
      estimates: Record<string, number>;
      difference: number;
      pPermutation: number;
      pHenseler: number;
      pHenselerOneSided: number;
    },
  ): Cell[] => [
    num(x.estimates[c.groupA]),
    num(x.estimates[c.groupB]),
    num(x.difference),
    num(x.pPermutation),
    num(x.pHenseler),
    num(x.pHenselerOneSided),
  ];
  return [
    settingsTable('mga', [
      ['permutations', r.permutations],
      ['resamples', r.resamples],
      ['seed', r.seed],
      ['minGroupSize', r.minGroupSize],
      ['nonConverged', r.nonConverged],
      ['missingGroup', r.excluded.missingGroup],
      ['incomplete', r.excluded.incomplete],
      ['smallGroups', r.excluded.smallGroups.join(', ')],
    ]),
    {
      name: 'mgaGroups',
      keys: ['group'],
      values: ['n', 'bootstrapFailed'],
      rows: r.groups.map((g) => ({ key: [g.name], value: [g.n, r.bootstrapFailed[g.name] ?? 0] })),
    },
    {
      name: 'mgaPaths',
      keys: ['groupA', 'groupB', 'from', 'to'],
      values: MGA_TEST_VALUES,
      rows: r.comparisons.flatMap((c) =>
        c.paths.map((p) => ({ key: [...pair(c), p.from, p.to], value: test(c, p) })),
      ),
    },
    {
      name: 'mgaLoadings',
      keys: ['groupA', 'groupB', 'construct', 'item'],
      values: MGA_TEST_VALUES,
      rows: r.comparisons.flatMap((c) =>
        c.loadings.map((l) => ({ key: [...pair(c), l.construct, l.item], value: test(c, l) })),
      ),
    },
    {
      name: 'mgaRSquared',
      keys: ['groupA', 'groupB', 'construct'],
      values: ['rSquaredA', 'rSquaredB', 'difference'],
      rows: r.comparisons.flatMap((c) =>
        c.rSquared.map((x) => ({
          key: [...pair(c), x.construct],
          value: [num(x.estimates[c.groupA]), num(x.estimates[c.groupB]), num(x.difference)],
        })),
      ),
    },
  ];
}

/** The tables of PLSpredict: settings and the item metrics of PLS and the LM benchmark. */
export function predictTables(r: PredictResult): ExportTable[] {
  return [
    settingsTable('predict', [
      ['technique', r.technique],
      ['benchmark', r.benchmark],
      ['folds', r.folds],
      ['repetitions', r.repetitions],
      ['seed', r.seed],
      ['n', r.n],
      ['failedFolds', r.failedFolds],
      ['nonConverged', r.nonConverged],
    ]),
    {
      name: 'predictItems',
      keys: ['construct', 'item'],
      values: [
        'n',
        'plsRmse',
        'plsMae',
        'q2predict',
        'lmRmse',
        'lmMae',
        'lmQ2predict',
        'diffRmse',
        'diffMae',
      ],
      rows: r.items.map((i) => ({
        key: [i.construct, i.item],
        value: [
          i.n,
          num(i.pls.rmse),
          num(i.pls.mae),
          num(i.pls.q2predict),
          num(i.lm.rmse),
          num(i.lm.mae),
          num(i.lm.q2predict),
          num(i.difference.rmse),
          num(i.difference.mae),
        ],
      })),
    },
  ];
}

/** The export format a path asks for, or undefined when its extension is neither .csv, .xlsx nor a folder. */
export function exportKind(file: string): 'xlsx' | 'csv' | 'folder' | undefined {
  if (file.endsWith('/') || file.endsWith(sep)) return 'folder';
  const lower = file.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv')) return 'csv';
  return undefined;
}

function csvField(c: Cell): string {
  if (c === null) return '';
  const s = typeof c === 'number' ? String(c) : String(c);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvLine = (cells: Cell[]) => `${cells.map(csvField).join(',')}\r\n`;

/** The tidy long CSV: table, row, column, value (one line per cell). */
export function longCsv(tables: ExportTable[]): string {
  let out = csvLine(['table', 'row', 'column', 'value']);
  for (const t of tables) {
    for (const r of t.rows) {
      const row = r.key.join(' | ');
      t.values.forEach((col, j) => {
        out += csvLine([t.name, row, col, r.value[j] ?? null]);
      });
    }
  }
  return out;
}

/** One table as a CSV in the XLSX layout (header, then rows). */
export function tableCsv(t: ExportTable): string {
  return csvLine([...t.keys, ...t.values]) + t.rows.map((r) => csvLine([...r.key, ...r.value])).join('');
}

export function workbook(tables: ExportTable[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Climb';
  for (const t of tables) {
    const ws = wb.addWorksheet(t.name.slice(0, 31));
    ws.addRow([...t.keys, ...t.values]);
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1, xSplit: t.keys.length }];
    for (const r of t.rows) ws.addRow([...r.key, ...r.value]);
    ws.columns.forEach((col, i) => {
      col.width = i < t.keys.length ? 18 : 14;
    });
  }
  return wb;
}

/** Writes the tables to `file` (.xlsx, .csv, or a folder when it ends with "/"); returns the files written. */
export async function writeExport(file: string, tables: ExportTable[]): Promise<string[]> {
  const kind = exportKind(file);
  if (kind === 'xlsx') {
    const buf = await workbook(tables).xlsx.writeBuffer();
    writeFileAtomic(file, new Uint8Array(buf as ArrayBuffer));
    return [file];
  }
  if (kind === 'csv') {
    writeFileAtomic(file, longCsv(tables));
    return [file];
  }
  if (kind === 'folder') {
    mkdirSync(file, { recursive: true });
    return tables.map((t) => {
      const f = join(file, `${t.name}.csv`);
      writeFileAtomic(f, tableCsv(t));
      return f;
    });
  }
  throw new RangeError(`export file must end with .xlsx, .csv or / (a folder): ${file}`);
}
