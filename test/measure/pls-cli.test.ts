import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/io/problems.ts';
import { estimatePls } from '../../src/measure/pls/estimate.ts';
import { PLS_JSON_KEYS } from '../../src/measure/pls/report.ts';
import { FIXTURES, modelOf, plsCli, type ReferenceVariant, readNumericCsv } from './pls-helpers.ts';

const MOBI = join(FIXTURES, 'mobi.csv');
const MODEL = join(FIXTURES, 'ecsi.model.yaml');
const ref = JSON.parse(readFileSync(join(FIXTURES, 'ecsi_modeA.json'), 'utf8')) as Record<
  string,
  ReferenceVariant
>;
const dir = mkdtempSync(join(tmpdir(), 'climb-pls-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('climb pls estimate', () => {
  it('prints exactly the JSON keys of issue 5 §2 plus data, equal to estimatePls on mobi', async () => {
    const { out } = await plsCli('estimate', '--data', MOBI, '--model', MODEL, '--format', 'json');
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([...PLS_JSON_KEYS, 'data']);
    expect(json.data).toEqual({ rows: 250, used: 250, dropped: [] });
    const v = ref.path_weighting as ReferenceVariant;
    const direct = estimatePls(readNumericCsv('mobi.csv'), modelOf(v), { scheme: 'path', missing: 'mean' });
    const expected = JSON.parse(JSON.stringify(Object.fromEntries(PLS_JSON_KEYS.map((k) => [k, direct[k]]))));
    for (const k of PLS_JSON_KEYS) expect(json[k], k).toEqual(expected[k]);
    // And the seminr reference (path weighting) within 1e-6.
    const paths = json.paths as { from: string; to: string; estimate: number }[];
    v.path_coefficients.forEach((p, i) => {
      expect(paths[i]).toMatchObject({ from: p.from, to: p.to });
      expect(Math.abs((paths[i]?.estimate as number) - p.estimate)).toBeLessThan(1e-6);
    });
    expect(json.iterations).toBe(v.iterations);
  });

  it('passes --scheme through (factorial equals estimatePls and seminr)', async () => {
    const { out } = await plsCli(
      'estimate',
      '--data',
      MOBI,
      '--model',
      MODEL,
      '--format',
      'json',
      '--scheme',
      'factorial',
    );
    const json = JSON.parse(out) as { paths: { estimate: number }[]; iterations: number };
    const v = ref.path_factorial as ReferenceVariant;
    expect(json.iterations).toBe(v.iterations);
    v.path_coefficients.forEach((p, i) => {
      expect(Math.abs((json.paths[i]?.estimate as number) - p.estimate)).toBeLessThan(1e-6);
    });
  });

  it('listwise deletion lists the rows left out, with --missing-value codes', async () => {
    const lines = readFileSync(MOBI, 'utf8').trim().split(/\r?\n/);
    // Row 3 of the file (second respondent): IMAG1 = -99; row 6: CUSA2 blank.
    const header = (lines[0] as string).split(',').map((s) => s.replace(/"/g, ''));
    const set = (line: number, col: string, v: string) => {
      const cells = (lines[line - 1] as string).split(',');
      cells[header.indexOf(col)] = v;
      lines[line - 1] = cells.join(',');
    };
    set(3, 'IMAG1', '-99');
    set(6, 'CUSA2', '');
    const file = join(dir, 'mobi-missing.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { out } = await plsCli(
      'estimate',
      '--data',
      file,
      '--model',
      MODEL,
      '--format',
      'json',
      '--missing',
      'listwise',
      '--missing-value',
      '-99',
    );
    const json = JSON.parse(out) as { data: unknown; paths: { estimate: number }[] };
    expect(json.data).toEqual({
      rows: 250,
      used: 248,
      dropped: [
        { row: 3, reason: 'missing: IMAG1' },
        { row: 6, reason: 'missing: CUSA2' },
      ],
    });
    // Same as estimating on the 248 complete rows directly.
    const all = readNumericCsv('mobi.csv');
    const p = all.columns.length;
    const keep = Array.from({ length: 250 }, (_, i) => i).filter((i) => i !== 1 && i !== 4);
    const values = new Float64Array(keep.length * p);
    keep.forEach((r, j) => {
      values.set(all.values.subarray(r * p, (r + 1) * p), j * p);
    });
    const direct = estimatePls(
      { columns: all.columns, values },
      modelOf(ref.path_weighting as ReferenceVariant),
    );
    json.paths.forEach((x, i) => {
      expect(x.estimate).toBeCloseTo(direct.paths[i]?.estimate as number, 12);
    });
  });

  it('renders readable text tables in English and Chinese', async () => {
    const en = (await plsCli('estimate', '--data', MOBI, '--model', MODEL)).out;
    for (const s of [
      'Structural model',
      'Path coefficient',
      'Loading',
      'AVE',
      'HTMT',
      'R²',
      '250 respondents read',
    ])
      expect(en).toContain(s);
    expect(en).toMatch(/Image\s+│\s+Expectation\s+│\s+0\.505/);
    const zh = (await plsCli('estimate', '--data', MOBI, '--model', MODEL, '--lang', 'zh')).out;
    for (const s of ['结构模型', '路径系数', '载荷', '区分效度', '共读入 250 位受访者'])
      expect(zh).toContain(s);
  });

  it('prints straight-lining warnings on stderr in JSON mode and in the text report', async () => {
    const file = join(dir, 'straight.csv');
    const lines = readFileSync(MOBI, 'utf8').trim().split(/\r?\n/);
    lines[1] = Array.from({ length: 24 }, () => '5').join(',');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const j = await plsCli('estimate', '--data', file, '--model', MODEL, '--format', 'json');
    expect(j.err).toContain(`Warning: ${file}:2: Row 2: all 24 answered items are 5 (straight-lining).`);
    expect(Object.keys(JSON.parse(j.out))).toContain('data');
    const t = await plsCli('estimate', '--data', file, '--model', MODEL);
    expect(t.out).toContain('⚠ Row 2: all 24 answered items are 5');
  });

  it('reports model and data problems as located InputErrors', async () => {
    const model = join(dir, 'bad.model.yaml');
    writeFileSync(
      model,
      'constructs:\n  Image: { mode: C, items: [IMAG1] }\npaths:\n  - { from: Image, to: [Nope] }\n',
    );
    const e1 = await plsCli('estimate', '--data', MOBI, '--model', model).catch((e) => e);
    expect(e1).toBeInstanceOf(InputError);
    expect((e1 as InputError).problems.map((p) => [p.path, p.line])).toEqual([
      ['constructs.Image.mode', 2],
      ['paths[0].to[0]', 4],
    ]);
    const data = join(dir, 'short.csv');
    writeFileSync(data, 'IMAG1,IMAG2\n1,2\n');
    const e2 = await plsCli('estimate', '--data', data, '--model', MODEL).catch((e) => e);
    expect(e2).toBeInstanceOf(InputError);
    expect((e2 as InputError).problems).toHaveLength(22);
    expect((e2 as InputError).problems[0]).toMatchObject({ file: data, path: 'IMAG3', line: 1 });
  });

  it('rejects a non-numeric --missing-value as a usage error', async () => {
    const e = await plsCli('estimate', '--data', MOBI, '--model', MODEL, '--missing-value', 'abc').catch(
      (x) => x,
    );
    expect((e as { code?: string }).code).toBe('commander.invalidArgument');
  });
});
