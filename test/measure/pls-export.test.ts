import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, plsCli } from './pls-helpers.ts';

const MOBI = join(FIXTURES, 'mobi.csv');
const MODEL = join(FIXTURES, 'ecsi.model.yaml');
const dir = mkdtempSync(join(tmpdir(), 'climb-pls-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sheets(file: string): Promise<Map<string, (string | number | boolean | null)[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out = new Map<string, (string | number | boolean | null)[][]>();
  wb.eachSheet((ws) => {
    const rows: (string | number | boolean | null)[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const cells: (string | number | boolean | null)[] = [];
      for (let c = 1; c <= ws.columnCount; c++) {
        const v = row.getCell(c).value;
        cells.push(v === undefined || v === null ? null : (v as string | number | boolean));
      }
      rows.push(cells);
    });
    out.set(ws.name, rows);
  });
  return out;
}

type Json = Record<string, unknown>;

describe('table export', () => {
  it('pls estimate --export x.xlsx: one sheet per table, values equal to the JSON', async () => {
    const file = join(dir, 'estimate.xlsx');
    const { out, err } = await plsCli(
      'estimate',
      '--data',
      MOBI,
      '--model',
      MODEL,
      '--format',
      'json',
      '--export',
      file,
    );
    expect(err).toContain(`Tables written to ${file}`);
    const json = JSON.parse(out) as Json;
    const wb = await sheets(file);
    expect([...wb.keys()]).toEqual([
      'paths',
      'rSquared',
      'outerLoadings',
      'outerWeights',
      'reliability',
      'htmt',
      'fornellLarcker',
      'crossLoadings',
      'vifItems',
      'vifAntecedents',
      'fSquared',
      'totalEffects',
      'fit',
      'warnings',
    ]);
    const paths = wb.get('paths') ?? [];
    expect(paths[0]).toEqual(['from', 'to', 'estimate', 'fSquared']);
    const jp = json.paths as { from: string; to: string; estimate: number }[];
    const fsq = json.fSquared as Record<string, Record<string, number>>;
    expect(paths.slice(1)).toEqual(jp.map((p) => [p.from, p.to, p.estimate, fsq[p.from]?.[p.to] as number]));
    // Matrix sheets (row × column) equal the JSON tables, including the empty cells of triangles.
    for (const [sheet, key] of [
      ['htmt', 'htmt'],
      ['fornellLarcker', 'fornellLarcker'],
      ['crossLoadings', 'crossLoadings'],
      ['totalEffects', 'totalEffects'],
    ] as const) {
      const rows = wb.get(sheet) ?? [];
      const head = rows[0] as string[];
      const t = json[key] as Record<string, Record<string, number>>;
      expect(rows.slice(1).map((r) => r[0])).toEqual(Object.keys(t));
      for (const r of rows.slice(1))
        head.slice(1).forEach((c, j) => {
          expect(r[j + 1], `${sheet} ${r[0]} ${c}`).toEqual(t[r[0] as string]?.[c] ?? null);
        });
    }
    const rel = json.reliability as Record<string, Record<string, number>>;
    for (const r of (wb.get('reliability') ?? []).slice(1))
      expect(r.slice(1)).toEqual(['alpha', 'rhoC', 'rhoA', 'ave'].map((k) => rel[r[0] as string]?.[k]));
    const vif = json.vif as { antecedents: Record<string, Record<string, number | null>> };
    for (const r of (wb.get('vifAntecedents') ?? []).slice(1))
      expect(r[2]).toEqual(vif.antecedents[r[0] as string]?.[r[1] as string] ?? null);
    const fit = new Map((wb.get('fit') ?? []).slice(1).map((r) => [r[0], r[1]]));
    expect(fit.get('srmr')).toBe(json.srmr);
    expect(fit.get('srmrEstimated')).toBe(json.srmrEstimated);
    const warnings = json.warnings as { code: string; message: { en: string; zh: string } }[];
    expect((wb.get('warnings') ?? []).slice(1).map((r) => [r[0], r[5], r[6]])).toEqual(
      warnings.map((w) => [w.code, w.message.en, w.message.zh]),
    );
  });

  it('--export x.csv writes one tidy long file; a path ending in / writes a folder of CSVs', async () => {
    const file = join(dir, 'estimate.csv');
    const { out } = await plsCli(
      'estimate',
      '--data',
      MOBI,
      '--model',
      MODEL,
      '--format',
      'json',
      '--export',
      file,
    );
    const json = JSON.parse(out) as Json;
    const lines = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('table,row,column,value');
    const jp = json.paths as { from: string; to: string; estimate: number }[];
    expect(lines).toContain(`paths,Image | Expectation,estimate,${jp[0]?.estimate}`);
    const htmt = json.htmt as Record<string, Record<string, number>>;
    expect(lines).toContain(`htmt,Image,Quality,${htmt.Image?.Quality}`);
    const folder = `${join(dir, 'tables')}/`;
    await plsCli('estimate', '--data', MOBI, '--model', MODEL, '--export', folder);
    expect(readdirSync(folder).sort()).toContain('paths.csv');
    expect(readFileSync(join(folder, 'paths.csv'), 'utf8').split('\r\n')[0]).toBe(
      'from,to,estimate,fSquared',
    );
    await expect(
      plsCli('estimate', '--data', MOBI, '--model', MODEL, '--export', join(dir, 'x.txt')),
    ).rejects.toThrow(/\.xlsx, \.csv, or \//);
    expect(existsSync(join(dir, 'x.txt'))).toBe(false);
  });

  it('pls bootstrap and pls ipma export their tables (XLSX read back equals the JSON)', async () => {
    const bfile = join(dir, 'boot.xlsx');
    const { out } = await plsCli(
      'bootstrap',
      '--data',
      MOBI,
      '--model',
      MODEL,
      '--resamples',
      '20',
      '--seed',
      '3',
      '--format',
      'json',
      '--export',
      bfile,
    );
    const boot = JSON.parse(out) as Json;
    const wb = await sheets(bfile);
    expect([...wb.keys()]).toEqual([
      'bootstrap',
      'bootPaths',
      'bootTotalEffects',
      'bootIndirectEffects',
      'bootOuterLoadings',
      'bootOuterWeights',
      'bootHtmt',
    ]);
    const bp = boot.paths as {
      from: string;
      to: string;
      original: number;
      sd: number;
      bca: [number, number];
    }[];
    expect((wb.get('bootPaths') ?? []).slice(1).map((r) => [r[0], r[1], r[2], r[4], r[9], r[10]])).toEqual(
      bp.map((p) => [p.from, p.to, p.original, p.sd, p.bca[0], p.bca[1]]),
    );

    const ifile = join(dir, 'ipma.xlsx');
    const ipma = JSON.parse(
      (
        await plsCli(
          'ipma',
          '--data',
          MOBI,
          '--model',
          MODEL,
          '--target',
          'Loyalty',
          '--scale-min',
          '1',
          '--scale-max',
          '10',
          '--format',
          'json',
          '--export',
          ifile,
        )
      ).out,
    ) as {
      constructs: { construct: string; importance: number; performance: number }[];
      targetPerformance: number;
    };
    const iw = await sheets(ifile);
    expect((iw.get('ipmaConstructs') ?? []).slice(1)).toEqual([
      ...ipma.constructs.map((c) => ['Loyalty', c.construct, c.importance, c.performance]),
      ['Loyalty', 'Loyalty', null, ipma.targetPerformance],
    ]);
    expect((iw.get('ipmaItems') ?? [])[0]).toEqual([
      'target',
      'construct',
      'item',
      'weight',
      'importance',
      'performance',
      'scaleMin',
      'scaleMax',
      'scaleSource',
    ]);
  });

  it('pls mga and pls predict export their tables (read back equal to the JSON)', async () => {
    const mfile = join(dir, 'mga.xlsx');
    const mga = await plsCli(
      'mga',
      '--data',
      join(FIXTURES, 'mga', 'mobi-region.csv'),
      '--model',
      MODEL,
      '--group',
      'region',
      '--permutations',
      '10',
      '--resamples',
      '10',
      '--format',
      'json',
      '--export',
      mfile,
    );
    expect(mga.err).toContain(`Tables written to ${mfile}`);
    const m = JSON.parse(mga.out) as {
      groups: { name: string; n: number }[];
      comparisons: {
        groupA: string;
        groupB: string;
        paths: { from: string; to: string; difference: number; pPermutation: number }[];
      }[];
    };
    const mw = await sheets(mfile);
    expect([...mw.keys()]).toEqual(['mga', 'mgaGroups', 'mgaPaths', 'mgaLoadings', 'mgaRSquared']);
    expect((mw.get('mgaGroups') ?? []).slice(1).map((r) => r.slice(0, 2))).toEqual(
      m.groups.map((g) => [g.name, g.n]),
    );
    expect((mw.get('mgaPaths') ?? []).slice(1).map((r) => [r[0], r[1], r[2], r[3], r[6], r[7]])).toEqual(
      m.comparisons.flatMap((c) =>
        c.paths.map((p) => [c.groupA, c.groupB, p.from, p.to, p.difference, p.pPermutation]),
      ),
    );

    const pfile = join(dir, 'predict.csv');
    const predict = await plsCli(
      'predict',
      '--data',
      MOBI,
      '--model',
      MODEL,
      '--folds',
      '5',
      '--repetitions',
      '1',
      '--format',
      'json',
      '--export',
      pfile,
    );
    const items = (JSON.parse(predict.out) as { items: { item: string; pls: { rmse: number } }[] }).items;
    const csv = readFileSync(pfile, 'utf8');
    expect(csv.startsWith('table,row,column,value\r\n')).toBe(true);
    const first = items[0] as { item: string; pls: { rmse: number } };
    expect(csv).toContain(`predictItems,`);
    expect(csv).toContain(`| ${first.item},plsRmse,${first.pls.rmse}\r\n`);
  });

  it('pls ipma in text, with the observed range when no scale is given', async () => {
    const { out } = await plsCli('ipma', '--data', MOBI, '--model', MODEL, '--target', 'Loyalty');
    expect(out).toContain('Importance–performance map: Loyalty');
    expect(out).toContain('the observed minimum and maximum were used');
    const zh = (await plsCli('ipma', '--data', MOBI, '--model', MODEL, '--target', 'Loyalty', '--lang', 'zh'))
      .out;
    expect(zh).toContain('重要性—绩效矩阵');
  });
});
