import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, type Problem } from '../../src/io/problems.ts';
import { loadCodebook, prepareSurvey, readSurveyFile } from '../../src/io/survey.ts';

const dir = mkdtempSync(join(tmpdir(), 'climb-survey-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** The problems of the InputError thrown by f. */
async function problemsOf(f: () => unknown): Promise<Problem[]> {
  try {
    await f();
  } catch (err) {
    if (err instanceof InputError) return err.problems;
    throw err;
  }
  throw new Error('expected an InputError');
}

const values = (p: ReturnType<typeof prepareSurvey>) => Array.from(p.data.values);

describe('CSV import', () => {
  it('reads UTF-8 with a BOM, quoted headers and blank cells as missing', async () => {
    const file = write('bom.csv', '\uFEFF"A","B","C"\r\n1,2,3\r\n4,,6\r\n7,8,NA\r\n');
    const raw = await readSurveyFile(file);
    expect(raw.header).toEqual(['A', 'B', 'C']);
    expect(raw.rows.map((r) => r.row)).toEqual([2, 3, 4]);
    const p = prepareSurvey(raw, { items: ['A', 'B', 'C'] });
    expect(values(p)).toEqual([1, 2, 3, 4, Number.NaN, 6, 7, 8, Number.NaN]);
    expect(p).toMatchObject({ rows: 3, used: 3, dropped: [], missingCells: 2 });
  });

  it('reads GB18030/GBK exports from Chinese Excel (Chinese item names)', async () => {
    // "满意1,满意2,满意3" in GB18030, then two data lines.
    const head = Buffer.from('c2fad2e2312cc2fad2e2322cc2fad2e233', 'hex');
    const file = write('gbk.csv', Buffer.concat([head, Buffer.from('\r\n1,2,3\r\n3,2,1\r\n')]));
    const raw = await readSurveyFile(file);
    expect(raw.header).toEqual(['满意1', '满意2', '满意3']);
    const p = prepareSurvey(raw, { items: ['满意3', '满意1'] });
    expect(p.data.columns).toEqual(['满意3', '满意1']);
    expect(values(p)).toEqual([3, 1, 1, 3]);
  });

  it('accepts semicolon- and tab-separated files', async () => {
    const semi = await readSurveyFile(write('semi.csv', 'A;B\n1;2\n'));
    const tab = await readSurveyFile(write('tab.tsv', 'A\tB\n1\t2\n'));
    expect(prepareSurvey(semi, { items: ['A', 'B'] }).data.values).toEqual(new Float64Array([1, 2]));
    expect(prepareSurvey(tab, { items: ['A', 'B'] }).data.values).toEqual(new Float64Array([1, 2]));
  });

  it('reports a ragged row with its line', async () => {
    const ps = await problemsOf(() => readSurveyFile(write('ragged.csv', 'A,B\n1,2\n3\n')));
    expect(ps[0]?.line).toBe(3);
  });
});

describe('XLSX import', () => {
  async function xlsx(name: string, sheets: Record<string, (string | number | null)[][]>): Promise<string> {
    const wb = new ExcelJS.Workbook();
    for (const [sheet, rows] of Object.entries(sheets)) wb.addWorksheet(sheet).addRows(rows);
    const file = join(dir, name);
    await wb.xlsx.writeFile(file);
    return file;
  }

  it('reads the first sheet, or the one named by --sheet, with sheet row numbers', async () => {
    const file = await xlsx('two.xlsx', {
      Notes: [
        ['Item', 'A'],
        [1, 2],
        [null, null],
        [3, 4],
      ],
      Data: [
        ['X', 'Y'],
        [5, 6],
      ],
    });
    const first = await readSurveyFile(file);
    expect(first.header).toEqual(['Item', 'A']);
    expect(first.rows.map((r) => r.row)).toEqual([2, 4]);
    const p = prepareSurvey(first, { items: ['A', 'Item'] });
    expect(values(p)).toEqual([2, 1, 4, 3]);
    const named = await readSurveyFile(file, { sheet: 'Data' });
    expect(prepareSurvey(named, { items: ['X', 'Y'] }).data.values).toEqual(new Float64Array([5, 6]));
    const byNumber = await readSurveyFile(file, { sheet: '2' });
    expect(byNumber.header).toEqual(['X', 'Y']);
    const ps = await problemsOf(() => readSurveyFile(file, { sheet: 'Nope' }));
    expect(ps[0]?.fix?.en).toContain('Notes, Data');
  });

  it('reports a text cell with its sheet row and column (number and letter)', async () => {
    const file = await xlsx('text.xlsx', {
      S: [
        ['A', 'B', 'C'],
        [1, 2, 3],
        [1, 'four', 3],
      ],
    });
    const ps = await problemsOf(async () =>
      prepareSurvey(await readSurveyFile(file), { items: ['A', 'B', 'C'] }),
    );
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ path: 'B', line: 3, column: 2 });
    expect(ps[0]?.message.en).toContain('column B (2, B)');
    expect(ps[0]?.message.en).toContain('"four" is not a number');
  });

  it('rejects a file that is not a workbook', async () => {
    const ps = await problemsOf(() => readSurveyFile(write('bad.xlsx', 'not a zip')));
    expect(ps[0]?.message.en).toMatch(/Not a valid \.xlsx/);
  });
});

/**
 * A minimal SPSS system file, written from the format description in the PSPP manual ("System File
 * Format"): header, one variable record per numeric variable (with optional discrete user-missing
 * values), the dictionary terminator, then the cases, bytecode-compressed (bias 100) or raw doubles.
 * sav-reader ships no sample file and no SPSS/ReadStat writer is available here, so the test writes
 * its own; the reader under test (sav-reader) is independent of this writer.
 */
function savFile(
  vars: { name: string; missing?: number[] }[],
  cases: (number | null)[][],
  compressed: boolean,
): Buffer {
  const parts: Buffer[] = [];
  const str = (s: string, len: number) => Buffer.from(s.padEnd(len, ' ').slice(0, len), 'latin1');
  const i32 = (...xs: number[]) => {
    const b = Buffer.alloc(4 * xs.length);
    xs.forEach((x, i) => {
      b.writeInt32LE(x, 4 * i);
    });
    return b;
  };
  const f64 = (...xs: number[]) => {
    const b = Buffer.alloc(8 * xs.length);
    xs.forEach((x, i) => {
      b.writeDoubleLE(x, 8 * i);
    });
    return b;
  };
  parts.push(str('$FL2', 4), str('@(#) SPSS DATA FILE climb test writer', 60));
  parts.push(i32(2, vars.length, compressed ? 1 : 0, 0, cases.length), f64(100));
  parts.push(str('01 Jan 26', 9), str('12:00:00', 8), str('', 64), str('', 3));
  const f82 = (5 << 16) | (8 << 8) | 2; // print/write format F8.2
  for (const v of vars) {
    const m = v.missing ?? [];
    parts.push(i32(2, 0, 0, m.length, f82, f82), str(v.name.toUpperCase(), 8), f64(...m));
  }
  parts.push(i32(999, 0));
  if (!compressed) {
    for (const c of cases) parts.push(f64(...c.map((x) => (x === null ? -Number.MAX_VALUE : x))));
  } else {
    const cells = cases.flat();
    for (let i = 0; i < cells.length; i += 8) {
      const chunk = cells.slice(i, i + 8);
      const codes = Buffer.alloc(8, 0);
      const raw: number[] = [];
      chunk.forEach((x, j) => {
        if (x === null) codes[j] = 255;
        else if (Number.isInteger(x) && x > -100 && x < 152) codes[j] = x + 100;
        else {
          codes[j] = 253;
          raw.push(x);
        }
      });
      if (chunk.length < 8) codes[chunk.length] = 252;
      parts.push(codes, f64(...raw));
    }
  }
  return Buffer.concat(parts);
}

describe('SPSS .sav import', () => {
  const vars = [{ name: 'Q1' }, { name: 'Q2', missing: [-99] }, { name: 'Q3' }];
  const cases = [
    [1, 2, 3],
    [4, -99, 6],
    [7, 8, null],
    [2.5, 1, 0.25],
  ];
  for (const compressed of [true, false]) {
    it(`reads ${compressed ? 'compressed' : 'uncompressed'} files, with user- and system-missing values`, async () => {
      const file = write(`q${compressed ? 'c' : 'u'}.sav`, savFile(vars, cases, compressed));
      const raw = await readSurveyFile(file);
      expect(raw.header).toEqual(['Q1', 'Q2', 'Q3']);
      expect(raw.headerRow).toBeUndefined();
      expect(raw.rows.map((r) => r.row)).toEqual([1, 2, 3, 4]);
      const p = prepareSurvey(raw, { items: ['Q1', 'Q2', 'Q3'], missing: 'listwise' });
      expect(values(p)).toEqual([1, 2, 3, 4, Number.NaN, 6, 7, 8, Number.NaN, 2.5, 1, 0.25]);
      expect(p.missingCodes).toBe(1);
      expect(p.dropped).toEqual([
        { row: 2, reason: 'missing: Q2' },
        { row: 3, reason: 'missing: Q3' },
      ]);
      expect(p.used).toBe(2);
    });
  }

  it('reports a case with its number and the variable name', async () => {
    const file = write('range.sav', savFile(vars, cases, true));
    const cb = write('range.codebook.yaml', 'scale: { min: 1, max: 7 }\n');
    const ps = await problemsOf(async () =>
      prepareSurvey(await readSurveyFile(file), { items: ['Q1', 'Q2', 'Q3'], codebook: loadCodebook(cb) }),
    );
    expect(ps.map((p) => [p.line, p.path])).toEqual([
      [3, 'Q2'],
      [4, 'Q3'],
    ]);
    expect(ps[0]?.message.en).toContain('Row 3, variable Q2: 8 is outside the scale 1–7');
  });

  it('rejects a file that is not a system file', async () => {
    const ps = await problemsOf(() => readSurveyFile(write('bad.sav', 'hello')));
    expect(ps[0]?.message.en).toContain('Not an SPSS .sav');
  });
});

describe('problems are located by row and column', () => {
  it('missing and duplicate columns needed by the model, on the header row', async () => {
    const raw = await readSurveyFile(write('cols.csv', 'A,B,B,imag1,Z,Z\n1,2,3,4,5,6\n'));
    const ps = await problemsOf(() => prepareSurvey(raw, { items: ['A', 'B', 'IMAG1', 'C'] }));
    expect(ps.map((p) => [p.path, p.line, p.column])).toEqual([
      ['B', 1, 3],
      ['IMAG1', 1, undefined],
      ['C', 1, undefined],
    ]);
    expect(ps[1]?.fix?.en).toContain('"imag1"');
    // Unused duplicate columns are only a warning.
    const ok = prepareSurvey(raw, { items: ['A'] });
    expect(ok.warnings.map((w) => [w.path, w.column])).toEqual([
      ['B', 3],
      ['Z', 6],
    ]);
  });

  it('non-numeric cells, with line and column', async () => {
    const raw = await readSurveyFile(write('text.csv', 'A,B\n1,2\nx,3\n4,5 points\n'));
    const ps = await problemsOf(() => prepareSurvey(raw, { items: ['A', 'B'] }));
    expect(ps.map((p) => [p.line, p.column, p.path])).toEqual([
      [3, 1, 'A'],
      [4, 2, 'B'],
    ]);
  });

  it('out-of-range values against the codebook (item range over scale range)', async () => {
    const cb = write('cb.yaml', 'scale: { min: 1, max: 7 }\nitems:\n  B: { min: 0, max: 100 }\n');
    const raw = await readSurveyFile(write('range.csv', 'A,B\n1,100\n8,101\n0,0\n'));
    const ps = await problemsOf(() => prepareSurvey(raw, { items: ['A', 'B'], codebook: loadCodebook(cb) }));
    expect(ps.map((p) => [p.line, p.column, p.path])).toEqual([
      [3, 1, 'A'],
      [3, 2, 'B'],
      [4, 1, 'A'],
    ]);
  });

  it('missing codes (command line, codebook, per item) become missing, not out of range', async () => {
    const cb = write(
      'codes.yaml',
      'scale: { min: 1, max: 5 }\nmissing: [99]\nitems:\n  B: { missing: [0] }\n',
    );
    const raw = await readSurveyFile(write('codes.csv', 'A,B,C\n-99,0,99\n1,2,3\n2,0,4\n'));
    const p = prepareSurvey(raw, {
      items: ['A', 'B', 'C'],
      missingValues: [-99],
      codebook: loadCodebook(cb),
      missing: 'listwise',
    });
    expect(values(p).slice(0, 3).every(Number.isNaN)).toBe(true);
    expect(p.missingCodes).toBe(4);
    expect(p).toMatchObject({
      rows: 3,
      used: 1,
      dropped: [
        { row: 2, reason: 'missing: A, B, C' },
        { row: 4, reason: 'missing: B' },
      ],
    });
  });

  it('straight-lining is a warning naming the row', async () => {
    const raw = await readSurveyFile(write('straight.csv', 'A,B,C,D\n4,4,4,4\n1,2,3,4\n5,,5,5\n'));
    const p = prepareSurvey(raw, { items: ['A', 'B', 'C', 'D'] });
    expect(p.warnings.map((w) => w.line)).toEqual([2, 4]);
    expect(p.warnings[0]?.message.en).toContain('straight-lining');
    expect(p.used).toBe(3);
  });

  it('lists at most MAX_LISTED problems and counts the rest', async () => {
    const rows = Array.from({ length: 150 }, () => 'x,1').join('\n');
    const raw = await readSurveyFile(write('many.csv', `A,B\n${rows}\n`));
    const ps = await problemsOf(() => prepareSurvey(raw, { items: ['A', 'B'] }));
    expect(ps).toHaveLength(101);
    expect(ps[100]?.message.en).toContain('50 more problem(s)');
  });
});

describe('codebook', () => {
  it('reverse-codes items within their scale', async () => {
    const cb = write(
      'rev.yaml',
      'scale: { min: 1, max: 7 }\nreverse: [B]\nitems:\n  C: { min: 0, max: 10, reverse: true }\n',
    );
    const raw = await readSurveyFile(write('rev.csv', 'A,B,C\n1,1,0\n2,7,3\n'));
    const p = prepareSurvey(raw, { items: ['A', 'B', 'C'], codebook: loadCodebook(cb) });
    expect(values(p)).toEqual([1, 7, 10, 2, 1, 7]);
    expect(p.reversed).toEqual(['B', 'C']);
  });

  it('reports bad codebooks with their line', async () => {
    const unknown = write('bad1.yaml', 'scale: { min: 1, max: 7 }\nitems:\n  A: { mn: 1 }\n');
    const ps1 = await problemsOf(() => loadCodebook(unknown));
    expect(ps1[0]).toMatchObject({ path: 'items.A', line: 3 });
    const noRange = write('bad2.yaml', 'reverse: [A]\n');
    const ps2 = await problemsOf(() => loadCodebook(noRange));
    expect(ps2[0]).toMatchObject({ path: 'reverse.0', line: 1 });
    expect(ps2[0]?.message.en).toContain('no scale range');
  });
});
