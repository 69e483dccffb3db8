/**
 * Network benchmark: Climb's CSR metrics against networkx and python-igraph on the Barabási–Albert
 * graphs of bench/network/make-graphs.sh (n = 10k, 100k, 1M), in the same run on the same files.
 *
 *   npm run bench:network -- [--graphs 10k,100k,1m] [--tasks pagerank,…] [--timeout 1800] [--all]
 *                            [--reference FILE.json | --no-reference] [--climb FILE.json]
 *                            [--json FILE] [--wall]
 *
 * Climb's tasks run in a worker thread (one per graph; a task that overruns --timeout seconds is
 * stopped and reported, and a fresh worker carries on with the rest). Then bench/network/reference.py
 * runs networkx and igraph on the same files with the same time limit (Debian /usr/bin/python3 with
 * python3-networkx 2.8.8 and python3-igraph 0.10.2; a missing library is reported and skipped) — unless
 * --reference reuses the JSON of an earlier reference.py run or --no-reference skips it (likewise
 * --climb reuses the JSON of an earlier Climb run, e.g. to re-print a table). Prints a
 * markdown table per graph: Climb | networkx | igraph | speed-ups, the result summaries checked against
 * each other, and memory. Results go to bench/network/data/climb-latest.json.txt and
 * reference-latest.json.txt (gitignored; .txt because `biome check .` does not read .gitignore and
 * would lint generated .json files) or --json.
 *
 * Times compared are CPU times (user + system of the process that ran the task) unless --wall: on a
 * shared host they are much steadier than wall times, and every library here runs single-threaded.
 *
 * Targets (issue 6): every metric ≥ 20× faster than networkx; betweenness, PageRank and components
 * within 1.5× of igraph's time; the 1M-node graph loads and runs PageRank in under 10 s.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Memory, WorkerInput, WorkerMessage } from './worker.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const DATA = join(HERE, 'data');
const GRAPHS = { '10k': 'ba10k', '100k': 'ba100k', '1m': 'ba1m' } as const;
type Size = keyof typeof GRAPHS;
const TASKS = [
  'degree',
  'betweenness',
  'betweenness_k500',
  'pagerank',
  'components',
  'kcore',
  'clustering',
  'louvain',
] as const;
/** The same plan as reference.py (load always runs). */
const PLAN: Record<Size, readonly string[]> = {
  '10k': ['degree', 'betweenness', 'pagerank', 'components', 'kcore', 'clustering', 'louvain'],
  '100k': TASKS,
  '1m': ['degree', 'pagerank', 'components', 'kcore'],
};
const LABEL: Record<string, string> = {
  load: 'load CSV',
  degree: 'degree',
  betweenness: 'betweenness (exact)',
  betweenness_k500: 'betweenness (k = 500)',
  pagerank: 'PageRank',
  components: 'components',
  kcore: 'k-core',
  clustering: 'clustering',
  louvain: 'Louvain',
};
/** Tasks that must be within 1.5× of igraph. */
const IGRAPH_TARGET = new Set(['betweenness', 'pagerank', 'components']);

interface TaskResult {
  seconds?: number;
  cpu?: number;
  runs?: number[];
  result?: Record<string, number> | null;
  timeout?: number;
  error?: string;
  skipped?: string;
  unsupported?: string;
  not_installed?: boolean;
  memory?: Memory;
  peak_rss_mb?: number;
  task_rss_mb?: number;
}
interface ClimbGraph {
  n?: number;
  m?: number;
  graphMb?: number;
  afterLoad?: Memory;
  base?: Memory;
  tasks: Record<string, TaskResult>;
}
interface ReferenceReport {
  versions: Record<string, string>;
  cpus?: number;
  graphs: Record<string, Record<string, Record<string, TaskResult> | string | boolean | number>>;
}

function parseArgs(argv: string[]) {
  const opts = {
    graphs: [] as Size[],
    timeout: 1800,
    all: false,
    reference: undefined as string | undefined,
    noReference: false,
    json: undefined as string | undefined,
    climb: undefined as string | undefined,
    wall: false,
    tasks: undefined as string[] | undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--graphs')
      opts.graphs = next()
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean) as Size[];
    else if (a === '--timeout') opts.timeout = Number(next());
    else if (a === '--all') opts.all = true;
    else if (a === '--reference') opts.reference = next();
    else if (a === '--no-reference') opts.noReference = true;
    else if (a === '--json') opts.json = next();
    else if (a === '--wall') opts.wall = true;
    else if (a === '--climb') opts.climb = next();
    else if (a === '--tasks')
      opts.tasks = next()
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
    else if (a === '--help' || a === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  for (const s of opts.graphs) if (!(s in GRAPHS)) throw new Error(`unknown graph ${s} (10k, 100k, 1m)`);
  for (const t of opts.tasks ?? [])
    if (!(TASKS as readonly string[]).includes(t)) throw new Error(`unknown task ${t} (${TASKS.join(', ')})`);
  if (opts.graphs.length === 0) opts.graphs = ['10k', '100k', '1m'];
  return opts;
}

const files = (size: Size) => ({
  nodes: join(DATA, `${GRAPHS[size]}_nodes.csv`),
  edges: join(DATA, `${GRAPHS[size]}_edges.csv`),
});

/** Starts the worker through tsx's loader (worker threads do not inherit it). */
function startWorker(input: WorkerInput): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const url = new URL('./worker.ts', import.meta.url).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url)}); });`,
    { eval: true, workerData: input },
  );
}

/** Runs the tasks of one graph; a task over the time limit is stopped and the rest go to a new worker. */
async function runClimb(size: Size, tasks: string[], timeout: number): Promise<ClimbGraph> {
  const out: ClimbGraph = { tasks: {} };
  let remaining = [...tasks];
  let first = true;
  while (first || remaining.length > 0) {
    const before = remaining.length;
    const input: WorkerInput = { ...files(size), tasks: remaining, timeLoad: first };
    first = false;
    await new Promise<void>((resolve) => {
      const w = startWorker(input);
      let timer: NodeJS.Timeout | undefined;
      let current: string | undefined;
      const finish = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      w.on('message', (msg: WorkerMessage) => {
        if (msg.type === 'loaded') {
          out.n = msg.n;
          out.m = msg.m;
          out.graphMb = msg.graphMb;
          out.afterLoad = msg.memory;
          out.base = msg.base;
          out.tasks.load = { seconds: msg.seconds, cpu: msg.cpu, runs: msg.runs, memory: msg.memory };
          log(
            `${size} climb load: ${msg.seconds.toFixed(3)} s, cpu ${msg.cpu.toFixed(3)} s (${msg.n} nodes, ${msg.m} edges)`,
          );
        } else if (msg.type === 'start') {
          current = msg.task;
          if (timer) clearTimeout(timer);
          timer = setTimeout(() => {
            out.tasks[msg.task] = { timeout };
            log(`${size} climb ${msg.task}: timeout after ${timeout} s`);
            remaining = remaining.filter((t) => t !== msg.task);
            void w.terminate();
          }, timeout * 1000);
        } else if (msg.type === 'done') {
          out.tasks[msg.task] = {
            seconds: msg.seconds,
            cpu: msg.cpu,
            runs: msg.runs,
            result: msg.result,
            memory: msg.memory,
          };
          remaining = remaining.filter((t) => t !== msg.task);
          log(
            `${size} climb ${msg.task}: ${msg.seconds.toFixed(3)} s, cpu ${msg.cpu.toFixed(3)} s ${JSON.stringify(msg.result)}`,
          );
        } else if (msg.type === 'error') {
          out.tasks[msg.task] = { error: msg.message };
          remaining = remaining.filter((t) => t !== msg.task);
          log(`${size} climb ${msg.task}: ${msg.message}`);
        }
      });
      w.on('error', (err) => {
        const task = current ?? 'load';
        out.tasks[task] = { error: String(err) };
        log(`${size} climb ${task}: ${String(err)}`);
        remaining = current ? remaining.filter((t) => t !== current) : [];
        finish();
      });
      w.on('exit', finish);
    });
    if (out.tasks.load?.error) break;
    if (remaining.length > 0 && remaining.length === before) {
      // The worker ended without finishing, failing or overrunning anything: do not loop.
      for (const t of remaining) out.tasks[t] = { error: 'worker exited early' };
      break;
    }
  }
  return out;
}

function runReference(
  sizes: Size[],
  timeout: number,
  all: boolean,
  tasks: string[] | undefined,
  out: string,
): Promise<ReferenceReport | null> {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const args = [
    join(HERE, 'reference.py'),
    '--graphs',
    sizes.join(','),
    '--timeout',
    String(timeout),
    '--out',
    out,
  ];
  if (all) args.push('--all');
  if (tasks) args.push('--tasks', tasks.join(','));
  log(`running ${python} ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.on('error', (err) => {
      log(`reference.py could not run (${err.message}): networkx and igraph not measured`);
      resolve(null);
    });
    child.on('close', (code) => {
      if (code !== 0) {
        log(`reference.py exited with ${code}: networkx and igraph not measured`);
        resolve(null);
      } else resolve(JSON.parse(stdout) as ReferenceReport);
    });
  });
}

function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

// ---- reporting ---------------------------------------------------------------------------------------

/** The time compared: CPU time by default (steadier on a shared host), wall time with --wall. */
let useWall = false;
const time = (r: TaskResult | undefined): number | undefined =>
  useWall ? r?.seconds : (r?.cpu ?? r?.seconds);

function cell(r: TaskResult | undefined): string {
  if (!r) return '—';
  const t = time(r);
  if (t !== undefined) return seconds(t);
  if (r.timeout !== undefined) return `> ${r.timeout} s`;
  if (r.not_installed) return 'not installed';
  if (r.unsupported) return 'n/a';
  if (r.skipped) return 'skipped';
  if (r.error) return 'error';
  return '—';
}

function seconds(s: number): string {
  if (s >= 100) return `${s.toFixed(0)} s`;
  if (s >= 10) return `${s.toFixed(1)} s`;
  if (s >= 0.1) return `${s.toFixed(2)} s`;
  if (s >= 0.001) return `${(s * 1000).toFixed(1)} ms`;
  return `${(s * 1000).toFixed(3)} ms`;
}

/** How many times faster Climb is (a lower bound when the reference timed out). */
function speedup(climb: TaskResult | undefined, ref: TaskResult | undefined): string {
  const c = time(climb);
  const r = time(ref);
  if (c === undefined || !ref) return '';
  if (r !== undefined) return `${fmtRatio(r / c)}×`;
  if (ref.timeout !== undefined) return `> ${fmtRatio(ref.timeout / c)}×`;
  return '';
}

function fmtRatio(r: number): string {
  return r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2);
}

function target(task: string, climb: TaskResult | undefined, nx?: TaskResult, ig?: TaskResult): string {
  const c = time(climb);
  if (c === undefined) return '';
  const marks: string[] = [];
  const nxTime = time(nx) ?? nx?.timeout;
  if (nxTime !== undefined) marks.push(nxTime / c >= 20 ? '✓ ≥20× nx' : '✗ <20× nx');
  const igTime = time(ig);
  if (IGRAPH_TARGET.has(task) && igTime !== undefined)
    marks.push(c <= 1.5 * igTime ? '✓ ≤1.5× ig' : '✗ >1.5× ig');
  return marks.join(', ');
}

/**
 * Climb's summary, and how it compares with each reference: `= nx` when equal within the task's relative
 * tolerance, otherwise the relative difference (networkx's PageRank stops at an L1 change of 1e-6·n, so
 * on large graphs it is visibly less converged than igraph's PRPACK and Climb). Louvain shows the
 * references' modularity.
 */
function check(
  task: string,
  climb: TaskResult | undefined,
  refs: [string, TaskResult | undefined][],
): string {
  const c = climb?.result;
  if (!c) return '';
  const shown = Object.entries(c)
    .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toPrecision(6)}`)
    .join(', ');
  const present = refs.filter(
    (r): r is [string, TaskResult & { result: Record<string, number> }] => !!r[1]?.result,
  );
  if (task === 'louvain') {
    const q = present.map(([name, r]) => `${name} ${r.result.modularity?.toPrecision(4)}`);
    return q.length ? `${shown} (refs: ${q.join(', ')})` : shown;
  }
  const tol: Record<string, number> = {
    degree: 0,
    betweenness: 1e-9,
    pagerank: 1e-9,
    components: 0,
    kcore: 0,
    clustering: 1e-9,
  };
  const t = tol[task];
  if (t === undefined || present.length === 0) return shown;
  const marks = present.map(([name, r]) => {
    let worst = 0;
    for (const [k, v] of Object.entries(c)) {
      const w = r.result[k];
      if (w === undefined) return `${name} ?`;
      worst = Math.max(worst, Math.abs(v - w) / Math.max(Math.abs(w), Number.MIN_VALUE));
    }
    return worst <= t ? `= ${name}` : `${name} differs by ${worst.toExponential(1)}`;
  });
  return `${shown} (${marks.join(', ')})`;
}

function table(size: Size, climb: ClimbGraph, ref: ReferenceReport | null): string {
  const g = ref?.graphs[size];
  const lib = (name: string) =>
    g && typeof g[name] === 'object' ? (g[name] as Record<string, TaskResult>) : undefined;
  const nx = lib('networkx');
  const ig = lib('igraph');
  const rows: string[][] = [
    ['task', 'Climb', 'networkx', 'igraph', 'nx ÷ Climb', 'igraph ÷ Climb', 'targets', 'Climb result'],
  ];
  for (const task of ['load', ...TASKS]) {
    const c = climb.tasks[task];
    if (!c && !nx?.[task] && !ig?.[task]) continue;
    rows.push([
      LABEL[task] ?? task,
      cell(c),
      nx ? cell(nx[task]) : 'not run',
      ig ? cell(ig[task]) : 'not run',
      speedup(c, nx?.[task]),
      speedup(c, ig?.[task]),
      task === 'load' ? '' : target(task, c, nx?.[task], ig?.[task]),
      task === 'load'
        ? ''
        : check(task, c, [
            ['nx', nx?.[task]],
            ['ig', ig?.[task]],
          ]),
    ]);
  }
  const widths = (rows[0] as string[]).map((_, j) =>
    Math.max(...rows.map((r) => [...(r[j] as string)].length)),
  );
  const line = (r: string[]) => `| ${r.map((v, j) => v.padEnd(widths[j] as number)).join(' | ')} |`;
  const out = [
    `### BA ${size}: n = ${climb.n ?? '?'}, m = ${climb.m ?? '?'}`,
    '',
    line(rows[0] as string[]),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.slice(1).map(line),
    '',
  ];
  const mem = climb.afterLoad;
  if (mem && climb.base)
    out.push(
      `Climb memory after load: CSR arrays ${climb.graphMb?.toFixed(1)} MB; process RSS ${mem.rssMb.toFixed(0)} MB ` +
        `(+${(mem.rssMb - climb.base.rssMb).toFixed(0)} MB over the idle worker), peak RSS ${mem.maxRssMb.toFixed(0)} MB, ` +
        `worker heap ${mem.heapUsedMb.toFixed(0)} MB, array buffers ${mem.arrayBuffersMb.toFixed(0)} MB.`,
    );
  const peak = Math.max(...Object.values(climb.tasks).map((t) => t.memory?.maxRssMb ?? 0));
  if (peak > 0) out.push(`Climb peak RSS over all tasks: ${peak.toFixed(0)} MB.`);
  for (const [name, l] of [
    ['networkx', nx],
    ['igraph', ig],
  ] as const) {
    const graphRss =
      g?.[name] && typeof g[name] === 'object'
        ? (g[name] as Record<string, unknown>).graph_rss_mb
        : undefined;
    const peakRef = l
      ? Math.max(...Object.values(l).map((t) => (typeof t === 'object' ? (t.peak_rss_mb ?? 0) : 0)))
      : 0;
    if (typeof graphRss === 'number' || peakRef > 0)
      out.push(
        `${name} memory: graph ≈ ${typeof graphRss === 'number' ? graphRss.toFixed(0) : '?'} MB RSS, peak RSS ${peakRef.toFixed(0)} MB.`,
      );
  }
  if (size === '1m') {
    const load = time(climb.tasks.load);
    const pr = time(climb.tasks.pagerank);
    if (load !== undefined && pr !== undefined)
      out.push(
        `1M target (load + PageRank < 10 s): ${seconds(load + pr)} ${load + pr < 10 ? '✓' : '✗'} (load ${seconds(load)}, PageRank ${seconds(pr)}).`,
      );
  }
  return `${out.join('\n')}\n`;
}

// ---- main ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  useWall = opts.wall;
  const sizes = opts.graphs.filter((s) => {
    const f = files(s);
    const ok = existsSync(f.edges) && existsSync(f.nodes);
    if (!ok) log(`${f.edges} missing: run bench/network/make-graphs.sh (skipping ${s})`);
    return ok;
  });
  if (sizes.length === 0) process.exit(1);
  let climb: Partial<Record<Size, ClimbGraph>> = {};
  if (opts.climb)
    climb = (JSON.parse(readFileSync(opts.climb, 'utf8')) as { graphs: Partial<Record<Size, ClimbGraph>> })
      .graphs;
  else
    for (const s of sizes) {
      const plan = (opts.all ? [...TASKS] : [...PLAN[s]]).filter(
        (t) => !opts.tasks || opts.tasks.includes(t),
      );
      climb[s] = await runClimb(s, plan, opts.timeout);
    }
  let ref: ReferenceReport | null = null;
  if (opts.reference) ref = JSON.parse(readFileSync(opts.reference, 'utf8')) as ReferenceReport;
  else if (!opts.noReference)
    ref = await runReference(
      sizes,
      opts.timeout,
      opts.all,
      opts.tasks,
      join(DATA, 'reference-latest.json.txt'),
    );

  const header = [
    '## Network benchmark',
    '',
    `Host: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ` +
      `networkx ${ref?.versions.networkx ?? 'not run'}, python-igraph ${ref?.versions.igraph ?? 'not run'}` +
      `${opts.reference ? ` (from ${opts.reference})` : ''}. ` +
      `${opts.wall ? 'Wall times' : 'CPU times (user + system of the process running the task; wall times in the JSON)'}: ` +
      'median of 3–15 runs when under 2 s, else one run; single-threaded throughout (igraph with OMP_NUM_THREADS=1).',
    '',
  ];
  const body = sizes.map((s) => table(s, climb[s] ?? { tasks: {} }, ref));
  console.log([...header, ...body].join('\n'));
  if (!opts.climb)
    writeFileSync(
      opts.json ?? join(DATA, 'climb-latest.json.txt'),
      `${JSON.stringify({ node: process.version, graphs: climb }, null, 1)}\n`,
    );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
