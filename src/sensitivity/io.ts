/**
 * Files of the sample-then-analyse workflow: a parameter space (YAML/JSON or CSV), the sample matrix
 * written as CSV (one column per factor, a header of names, numbers in shortest round-trip form), and
 * a CSV of model outputs read back for analysis.
 */
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readText } from '../io/network-csv.ts';
import { InputError, type Problem } from '../io/problems.ts';
import { readDocument } from '../io/read-document.ts';
import { problem } from './errors.ts';
import type { Distribution, ParameterSpace } from './space.ts';

const DISTS = ['uniform', 'loguniform', 'triangular', 'normal'] as const;

interface RawParameter {
  name?: unknown;
  lower?: unknown;
  upper?: unknown;
  dist?: unknown;
  mode?: unknown;
  mean?: unknown;
  sd?: unknown;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  if (s === '') return undefined;
  if (['inf', '+inf', 'infinity', '+infinity', '.inf'].includes(s)) return Infinity;
  if (['-inf', '-infinity', '-.inf'].includes(s)) return -Infinity;
  const n = Number(s);
  return Number.isNaN(n) ? undefined : n;
}

/** Builds a space from raw parameter records, collecting located problems. */
function fromRecords(
  file: string,
  records: RawParameter[],
  where: (i: number, key?: string) => { path: string; line?: number },
): ParameterSpace {
  const problems: Problem[] = [];
  const names: string[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const dist: Distribution[] = [];
  records.forEach((rec, i) => {
    const at = (key?: string) => ({ file, ...where(i, key) });
    const name =
      typeof rec.name === 'string' ? rec.name.trim() : typeof rec.name === 'number' ? String(rec.name) : '';
    if (!name) problems.push(problem('badName', { index: i + 1 }, at('name')));
    const kind =
      rec.dist === undefined || rec.dist === null || rec.dist === ''
        ? 'uniform'
        : String(rec.dist).trim().toLowerCase();
    if (!(DISTS as readonly string[]).includes(kind)) {
      problems.push(problem('badDistribution', { name, dist: kind }, at('dist')));
      return;
    }
    const num = (key: 'lower' | 'upper' | 'mode' | 'mean' | 'sd', fallback?: number): number => {
      const raw = rec[key];
      const v = raw === undefined || raw === null || raw === '' ? fallback : toNumber(raw);
      if (v === undefined) {
        problems.push(
          problem('badBound', { name, which: key, value: raw === undefined ? '' : String(raw) }, at(key)),
        );
        return Number.NaN;
      }
      return v;
    };
    names.push(name);
    const normal = kind === 'normal';
    lower.push(num('lower', normal ? -Infinity : undefined));
    upper.push(num('upper', normal ? Infinity : undefined));
    if (kind === 'triangular') dist.push({ kind, mode: num('mode') });
    else if (normal) dist.push({ kind, mean: num('mean'), sd: num('sd') });
    else dist.push(kind as 'uniform' | 'loguniform');
  });
  if (problems.length) throw new InputError(problems);
  return { names, lower, upper, dist, source: file };
}

/**
 * Reads a parameter space. YAML/JSON: `parameters:` as a list of {name, lower, upper, dist?, mode?,
 * mean?, sd?} or a map name → {lower, upper, …}, or SALib's {names, bounds: [[lower, upper], …],
 * dists?}. CSV: a header with name, lower, upper and optionally dist, mode, mean, sd.
 */
export function readParameterSpace(file: string): ParameterSpace {
  if (extname(file).toLowerCase() === '.csv') return spaceFromCsv(file);
  const doc = readDocument(file);
  const data = doc.data as Record<string, unknown> | unknown[] | null;
  const loc = (path: (string | number)[]) => {
    const l = doc.locate(path);
    return l ? { line: l.line } : {};
  };
  const fmt = (path: (string | number)[]) =>
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
  const bad = (): never => {
    throw new InputError([problem('spaceFormat', {}, { file, path: '' })]);
  };
  if (Array.isArray(data)) {
    return fromRecords(file, data as RawParameter[], (i, key) => {
      const path = key ? [i, key] : [i];
      return { path: fmt(path), ...loc(path) };
    });
  }
  if (!data || typeof data !== 'object') return bad();
  const params = (data as Record<string, unknown>).parameters;
  if (Array.isArray(params))
    return fromRecords(file, params as RawParameter[], (i, key) => {
      const path = key ? ['parameters', i, key] : ['parameters', i];
      return { path: fmt(path), ...loc(path) };
    });
  if (params && typeof params === 'object') {
    const entries = Object.entries(params as Record<string, unknown>);
    return fromRecords(
      file,
      entries.map(([name, v]) => ({ ...(v && typeof v === 'object' ? (v as RawParameter) : {}), name })),
      (i, key) => {
        const path = key ? ['parameters', entries[i]?.[0] ?? i, key] : ['parameters', entries[i]?.[0] ?? i];
        return { path: fmt(path), ...loc(path) };
      },
    );
  }
  const { names, bounds, dists } = data as { names?: unknown; bounds?: unknown; dists?: unknown };
  if (Array.isArray(names) && Array.isArray(bounds))
    return fromRecords(
      file,
      names.map((name, i) => {
        const b = bounds[i];
        const d = Array.isArray(dists) ? dists[i] : undefined;
        return {
          name,
          lower: Array.isArray(b) ? b[0] : undefined,
          upper: Array.isArray(b) ? b[1] : undefined,
          dist: d,
        };
      }),
      (i, key) => {
        const path =
          key === 'lower'
            ? ['bounds', i, 0]
            : key === 'upper'
              ? ['bounds', i, 1]
              : key === 'dist'
                ? ['dists', i]
                : ['names', i];
        return { path: fmt(path), ...loc(path) };
      },
    );
  return bad();
}

interface CsvTable {
  header: string[] | null;
  rows: string[][];
  lines: number[];
}

function readCsv(file: string): CsvTable {
  const text = readText(file);
  const delimiter = [',', ';', '\t'].find((d) => (text.split('\n', 1)[0] ?? '').includes(d)) ?? ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      info: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (err) {
    throw new InputError([
      problem('csvSyntax', { message: (err as Error).message.split('\n')[0] ?? '' }, { file, path: '' }),
    ]);
  }
  const first = records[0]?.record ?? [];
  const header = first.some((c) => c !== '' && toNumber(c) === undefined) ? first : null;
  const body = header ? records.slice(1) : records;
  return { header, rows: body.map((r) => r.record), lines: body.map((r) => r.info.lines) };
}

function spaceFromCsv(file: string): ParameterSpace {
  const t = readCsv(file);
  if (!t.header) throw new InputError([problem('spaceCsvHeader', {}, { file, path: '', line: 1 })]);
  const col = new Map(t.header.map((h, i) => [h.trim().toLowerCase(), i]));
  for (const need of ['name', 'lower', 'upper'])
    if (!col.has(need)) throw new InputError([problem('spaceCsvHeader', {}, { file, path: '', line: 1 })]);
  const records = t.rows.map((row) => {
    const rec: Record<string, string | undefined> = {};
    for (const key of ['name', 'lower', 'upper', 'dist', 'mode', 'mean', 'sd']) {
      const i = col.get(key);
      rec[key] = i === undefined ? undefined : row[i];
    }
    return rec as RawParameter;
  });
  return fromRecords(file, records, (i, key) => ({ path: key ?? '', line: t.lines[i] as number }));
}

/** The sample matrix as CSV: a header of factor names, then one row per model run. */
export function sampleCsv(names: readonly string[], x: Float64Array): string {
  const k = names.length;
  const rows = x.length / k;
  const quote = (s: string) => (/[",;\t\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const out: string[] = [names.map(quote).join(',')];
  const cells: string[] = new Array(k);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < k; i++) cells[i] = String(x[r * k + i]);
    out.push(cells.join(','));
  }
  return `${out.join('\n')}\n`;
}

export interface OutputTable {
  /** The output column chosen. */
  y: Float64Array;
  column: string;
  /** The factor columns, when the file holds all of them (row-major rows × k). */
  x?: Float64Array;
  rows: number;
}

function numericColumn(file: string, t: CsvTable, c: number, label: string): Float64Array {
  const out = new Float64Array(t.rows.length);
  const problems: Problem[] = [];
  let count = 0;
  t.rows.forEach((row, r) => {
    const v = toNumber(row[c]);
    if (v === undefined || !Number.isFinite(v)) {
      count++;
      if (problems.length < 10)
        problems.push(
          problem(
            'csvNotNumber',
            { column: label, value: row[c] ?? '' },
            { file, path: label, line: t.lines[r] as number },
          ),
        );
    }
    out[r] = v ?? Number.NaN;
  });
  if (count > problems.length)
    problems.push(
      problem('yNotFiniteMore', { more: count - problems.length, total: count }, { file, path: label }),
    );
  if (problems.length) throw new InputError(problems);
  return out;
}

/**
 * Reads model outputs: the column `column` (by name, or a 1-based number), else the only column, else
 * the only column whose name is not a factor name. When the file also holds every factor column, they
 * are returned as x (so a sample CSV with an added output column can be analysed directly).
 */
export function readOutputs(file: string, names: readonly string[], column?: string): OutputTable {
  const t = readCsv(file);
  const width = t.header?.length ?? t.rows[0]?.length ?? 0;
  if (t.rows.length === 0 || width === 0) throw new InputError([problem('csvEmpty', {}, { file, path: '' })]);
  const header = t.header ?? Array.from({ length: width }, (_, i) => String(i + 1));
  let c: number;
  if (column !== undefined) {
    c = header.indexOf(column);
    if (c < 0 && /^\d+$/.test(column)) c = Number(column) - 1;
    if (c < 0 || c >= width)
      throw new InputError([
        problem('csvNoColumn', { column, columns: header.join(', ') }, { file, path: '', line: 1 }),
      ]);
  } else if (width === 1) c = 0;
  else {
    const candidates = header.map((h, i) => [h, i] as const).filter(([h]) => !names.includes(h));
    if (candidates.length !== 1)
      throw new InputError([
        problem('csvWhichColumn', { columns: header.join(', ') }, { file, path: '', line: 1 }),
      ]);
    c = (candidates[0] as readonly [string, number])[1];
  }
  const label = header[c] as string;
  const y = numericColumn(file, t, c, label);
  const out: OutputTable = { y, column: label, rows: t.rows.length };
  if (t.header && names.every((n) => header.includes(n))) out.x = readColumns(file, t, names);
  return out;
}

function readColumns(file: string, t: CsvTable, names: readonly string[]): Float64Array {
  const header = t.header as string[];
  const k = names.length;
  const x = new Float64Array(t.rows.length * k);
  names.forEach((n, i) => {
    const col = numericColumn(file, t, header.indexOf(n), n);
    for (let r = 0; r < col.length; r++) x[r * k + i] = col[r] as number;
  });
  return x;
}

/** Reads a sample matrix written by sampleCsv (columns found by the factor names). */
export function readSample(file: string, names: readonly string[]): Float64Array {
  const t = readCsv(file);
  const missing = names.filter((n) => !t.header?.includes(n));
  if (!t.header || missing.length)
    throw new InputError([
      problem('sampleColumns', { missing: missing.join(', ') }, { file, path: '', line: 1 }),
    ]);
  return readColumns(file, t, names);
}
