/**
 * Runs an experiment design (design.ts) on the shared worker pool and streams tidy results: one line per
 * run (final aggregates) or per run × recorded step, CSV or JSON lines, written in run order whatever
 * the worker count (out-of-order ranges wait in a buffer), each run's lines in one append, so that the
 * file is byte-identical for any number of workers and never ends inside a run after a clean stop.
 * Provenance per run: run id, design point, replicate, seed, factor values (columns `param.<factor>`),
 * code version. The timestamp,
 * design hash, base options, Node version and the sample live in `<out>.meta.json`, so results stay
 * byte-identical. `resume` keeps the complete runs of an interrupted file (same design hash; a torn last
 * line or a run cut short is dropped) and appends the rest.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knowledge } from '../../domain/knowledge-base.ts';
import { bundledKnowledge } from '../../io/knowledge.ts';
import { loadWorkspace } from '../../io/load-workspace.ts';
import { InputError } from '../../io/problems.ts';
import { defaultChunk, runPool } from '../../numeric/worker-pool.ts';
import { S, type SeriesKey } from '../model.ts';
import { runParams } from '../run.ts';
import { workspaceNetworkTemplate, workspaceSegments, workspaceTemplates } from '../workspace.ts';
import {
  designHash,
  type ExpandedDesign,
  type ExperimentDesign,
  expandDesign,
  type Level,
  pointSpec,
  readDesign,
} from './design.ts';
import { problem } from './errors.ts';
import {
  createExperimentRunner,
  type ExperimentChunk,
  type ExperimentInit,
  stepRows,
  UPGRADED,
} from './task.ts';

export type ResultFormat = 'csv' | 'jsonl';

export interface ExperimentProgress {
  done: number;
  total: number;
  /** Runs found complete in the file at start (resume). */
  skipped: number;
  elapsedMs: number;
}

export interface ExperimentOptions {
  workers?: number;
  /** Results file (.csv, .jsonl or .ndjson); without it, lines go to `write`. */
  out?: string;
  format?: ResultFormat;
  resume?: boolean;
  /** Where lines go when there is no `out` (default: stdout). */
  write?: (text: string) => void;
  onProgress?: (p: ExperimentProgress) => void;
  signal?: AbortSignal;
  /** Runs per task range (default: a few per worker turn). */
  chunk?: number;
  kb?: Knowledge;
}

export interface ExperimentSummary {
  design: string;
  designHash: string;
  kind: string;
  points: number;
  seeds: number;
  runs: number;
  skipped: number;
  ran: number;
  workers: number;
  wallMs: number;
  runsPerSecond: number;
  out?: string;
  meta?: string;
  code: string;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let codeVersionCache: string | undefined;

/** The code version: the git commit (short, "-dirty" with local changes) or else the package version. */
export function codeVersion(): string {
  if (codeVersionCache) return codeVersionCache;
  try {
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, stdio: 'pipe' })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: ROOT,
      stdio: 'pipe',
    })
      .toString()
      .trim();
    codeVersionCache = `git:${head}${dirty ? '-dirty' : ''}`;
  } catch {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version?: string };
    codeVersionCache = `climb@${pkg.version ?? 'unknown'}`;
  }
  return codeVersionCache;
}

export function formatOf(out: string | undefined, format?: ResultFormat): ResultFormat {
  if (format) return format;
  const e = out ? extname(out).toLowerCase() : '';
  return e === '.jsonl' || e === '.ndjson' || e === '.json' ? 'jsonl' : 'csv';
}

const csvCell = (v: Level): string => {
  const s = typeof v === 'number' ? String(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const jsonNum = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Everything needed to run and write an experiment. */
export interface Prepared {
  design: ExperimentDesign;
  expanded: ExpandedDesign;
  hash: string;
  init: Omit<ExperimentInit, 'runOffset'>;
  runs: number;
  /** Column names of the results (CSV header). */
  header: string[];
  code: string;
}

export function prepareExperiment(designFile: string, kb: Knowledge = bundledKnowledge()): Prepared {
  const design = readDesign(designFile, kb);
  const expanded = expandDesign(design);
  const hash = designHash(design, expanded);
  let templates: ExperimentInit['templates'];
  let network: ExperimentInit['network'];
  let segments: ReturnType<typeof workspaceSegments>;
  if (design.workspace) {
    const { workspace: ws } = loadWorkspace(design.workspace, kb);
    templates = workspaceTemplates(ws, kb);
    network = workspaceNetworkTemplate(ws, design.workspace);
    segments = workspaceSegments(ws, kb);
  }
  const params = runParams(
    { firms: design.base.firms, steps: design.base.steps, seed: 0, ...(segments ? { segments } : {}) },
    kb,
  );
  const specs = expanded.points.map((p) => pointSpec(design, p));
  const columns = design.output.columns.map((c) => (c === 'upgraded' ? UPGRADED : S[c as SeriesKey]));
  const header = [
    'run',
    'point',
    'replicate',
    'seed',
    ...design.factors.map((f) => `param.${f.name}`),
    ...(design.output.rows === 'step' ? ['step'] : []),
    ...design.output.columns,
    'code',
  ];
  return {
    design,
    expanded,
    hash,
    init: {
      params,
      ghs: kb.ghs,
      ...(templates ? { templates } : {}),
      ...(network ? { network } : {}),
      specs,
      seeds: design.seeds,
      rows: design.output.rows,
      every: design.output.every,
      columns,
    },
    runs: specs.length * design.seeds.length,
    header,
    code: codeVersion(),
  };
}

/** The steps a run writes (one row per entry). */
function runSteps(p: Prepared, run: number): number[] {
  const spec = p.init.specs[Math.floor(run / p.init.seeds.length)];
  if (!spec) return [];
  return p.init.rows === 'run' ? [spec.steps] : stepRows(spec.steps, p.init.every);
}

/** The lines of one run, from its rows × columns values. */
function runLines(p: Prepared, run: number, values: Float64Array, off: number, format: ResultFormat): string {
  const nSeeds = p.init.seeds.length;
  const point = Math.floor(run / nSeeds);
  const rep = run % nSeeds;
  const seed = p.init.seeds[rep] as number;
  const levels = p.expanded.points[point] as Level[];
  const cols = p.design.output.columns;
  const C = cols.length;
  const step = p.init.rows === 'step';
  let out = '';
  runSteps(p, run).forEach((t, r) => {
    const o = off + r * C;
    if (format === 'csv') {
      const cells: string[] = [String(run), String(point), String(rep), String(seed), ...levels.map(csvCell)];
      if (step) cells.push(String(t));
      for (let c = 0; c < C; c++) cells.push(String(values[o + c]));
      cells.push(csvCell(p.code));
      out += `${cells.join(',')}\n`;
    } else {
      const parameters: Record<string, Level> = {};
      p.design.factors.forEach((f, i) => {
        parameters[f.name] = levels[i] as Level;
      });
      const vals: Record<string, number | null> = {};
      cols.forEach((k, c) => {
        vals[k] = jsonNum(values[o + c] as number);
      });
      out += `${JSON.stringify({ run, point, replicate: rep, seed, parameters, ...(step ? { step: t } : {}), values: vals, code: p.code })}\n`;
    }
  });
  return out;
}

/**
 * The byte length of the complete runs at the start of a results file, and how many there are. A line
 * without its newline, a run with fewer lines than it should have, or a line that does not parse ends
 * the prefix; a complete line of an unexpected run is an error (the file is not this design's).
 */
export function completeRuns(
  p: Prepared,
  text: string,
  format: ResultFormat,
  file: string,
): { runs: number; bytes: number } {
  const lines: { text: string; end: number }[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) break; // torn last line
    lines.push({ text: text.slice(pos, nl), end: Buffer.byteLength(text.slice(0, nl + 1)) });
    pos = nl + 1;
  }
  let i = 0;
  let bytes = 0;
  if (format === 'csv') {
    if (lines.length === 0) return { runs: 0, bytes: 0 };
    if (lines[0]?.text !== p.header.join(','))
      throw new InputError([problem('resumeHeader', { file }, { file, path: '', line: 1 })]);
    i = 1;
    bytes = lines[0].end;
  }
  const width = p.header.length;
  const runOf = (line: string): number | undefined => {
    if (format === 'csv') {
      const cells = line.split(',');
      if (cells.length !== width) return undefined;
      const n = Number(cells[0]);
      return Number.isInteger(n) ? n : undefined;
    }
    try {
      const j = JSON.parse(line) as { run?: unknown };
      return typeof j.run === 'number' ? j.run : undefined;
    } catch {
      return undefined;
    }
  };
  let run = 0;
  while (run < p.runs) {
    const need = runSteps(p, run).length;
    if (i + need > lines.length) break;
    let ok = true;
    for (let r = 0; r < need; r++) {
      const line = lines[i + r] as { text: string };
      const id = runOf(line.text);
      if (id === undefined) {
        ok = false;
        break;
      }
      if (id !== run)
        throw new InputError([
          problem('resumeOrder', { file, run, found: id }, { file, path: '', line: i + r + 1 }),
        ]);
    }
    if (!ok) break;
    i += need;
    bytes = (lines[i - 1] as { end: number }).end;
    run++;
  }
  return { runs: run, bytes };
}

interface Meta {
  format: 'climb-abm-experiment';
  version: 1;
  design: string;
  designHash: string;
  results: string;
  resultFormat: ResultFormat;
  kind: string;
  points: number;
  seeds: number[];
  runs: number;
  columns: string[];
  code: string;
  node: string;
  created: string;
  resumed: { at: string; skipped: number; code: string }[];
  base: unknown;
  factors: unknown;
  workspace?: string;
}

export function metaPath(out: string): string {
  return `${out}.meta.json`;
}

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text);
  let o = 0;
  while (o < buf.length) o += writeSync(fd, buf, o, buf.length - o);
}

/** Runs (or resumes) an experiment; resolves with a summary when every run is written. */
export async function runExperiment(
  designFile: string,
  o: ExperimentOptions = {},
): Promise<ExperimentSummary> {
  const kb = o.kb ?? bundledKnowledge();
  const p = prepareExperiment(designFile, kb);
  const format = formatOf(o.out, o.format);
  const workers = Math.max(1, Math.floor(o.workers ?? 1));
  let skipped = 0;
  let fd: number | undefined;
  let meta: Meta | undefined;
  const now = new Date().toISOString();
  if (o.out) {
    const mp = metaPath(o.out);
    if (o.resume && existsSync(o.out)) {
      if (!existsSync(mp))
        throw new InputError([problem('resumeNoMeta', { file: mp }, { file: o.out, path: '' })]);
      meta = JSON.parse(readFileSync(mp, 'utf8')) as Meta;
      if (meta.designHash !== p.hash)
        throw new InputError([
          problem('resumeHash', { file: o.out, design: designFile }, { file: o.out, path: '' }),
        ]);
      const text = readFileSync(o.out, 'utf8');
      const done = completeRuns(p, text, format, o.out);
      skipped = done.runs;
      if (done.bytes < statSync(o.out).size) truncateSync(o.out, done.bytes);
      meta.resumed.push({ at: now, skipped, code: p.code });
      fd = openSync(o.out, 'a');
      if (format === 'csv' && done.bytes === 0) writeAll(fd, `${p.header.join(',')}\n`);
    } else {
      meta = {
        format: 'climb-abm-experiment',
        version: 1,
        design: resolve(designFile),
        designHash: p.hash,
        results: resolve(o.out),
        resultFormat: format,
        kind: p.design.kind,
        points: p.expanded.points.length,
        seeds: p.design.seeds,
        runs: p.runs,
        columns: p.header,
        code: p.code,
        node: process.version,
        created: now,
        resumed: [],
        base: p.design.base,
        factors: p.design.factors,
        ...(p.design.workspace ? { workspace: p.design.workspace } : {}),
      };
      fd = openSync(o.out, 'w');
      if (format === 'csv') writeAll(fd, `${p.header.join(',')}\n`);
    }
    // The metadata is replaced atomically (write, then rename).
    writeFileSync(`${mp}.tmp`, `${JSON.stringify(meta, null, 2)}\n`);
    renameSync(`${mp}.tmp`, mp);
  }
  const write = (text: string) => {
    if (fd !== undefined) writeAll(fd, text);
    else (o.write ?? ((s: string) => process.stdout.write(s)))(text);
  };
  if (fd === undefined && format === 'csv') write(`${p.header.join(',')}\n`);

  const todo = p.runs - skipped;
  const init: ExperimentInit = { ...p.init, runOffset: skipped };
  const t0 = performance.now();
  // Ordered output: ranges may finish in any order; text waits until every earlier run is written.
  const pending = new Map<number, { end: number; text: string }>();
  let next = 0;
  let done = 0;
  let used = 0;
  try {
    const res = await runPool<ExperimentInit, ExperimentChunk>({
      entry: new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url),
      create: createExperimentRunner,
      init,
      tasks: todo,
      chunk: o.chunk ?? defaultChunk(todo, workers, 1, 8, 6),
      workers,
      name: 'ABM experiment worker',
      ...(o.signal ? { signal: o.signal } : {}),
      absorb: (chunk, range) => {
        let text = '';
        let off = 0;
        for (let t = range.start; t < range.end; t++) {
          const run = skipped + t;
          text += runLines(p, run, chunk.values, off, format);
          off += runSteps(p, run).length * p.design.output.columns.length;
        }
        pending.set(range.start, { end: range.end, text });
        for (let q = pending.get(next); q; q = pending.get(next)) {
          pending.delete(next);
          write(q.text);
          next = q.end;
        }
        done += range.end - range.start;
        o.onProgress?.({ done: skipped + done, total: p.runs, skipped, elapsedMs: performance.now() - t0 });
      },
    });
    used = res.workers;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const wallMs = performance.now() - t0;
  return {
    design: designFile,
    designHash: p.hash,
    kind: p.design.kind,
    points: p.expanded.points.length,
    seeds: p.design.seeds.length,
    runs: p.runs,
    skipped,
    ran: todo,
    workers: used,
    wallMs,
    runsPerSecond: todo > 0 ? todo / (wallMs / 1000) : 0,
    ...(o.out ? { out: o.out, meta: metaPath(o.out) } : {}),
    code: p.code,
  };
}
