/**
 * Worker for bench/network/bench.ts: loads one benchmark graph with Climb's CSV loader, then runs the
 * requested metrics one by one, posting a message before and after each so that the main thread can
 * enforce a time limit (it terminates the worker and starts a fresh one for the remaining tasks).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadNetworkCsv } from '../../src/io/network-csv.ts';
import type { Graph } from '../../src/network/graph.ts';
import { betweenness } from '../../src/network/metrics/betweenness.ts';
import { localClustering } from '../../src/network/metrics/clustering.ts';
import { weakComponents } from '../../src/network/metrics/components.ts';
import { degrees } from '../../src/network/metrics/degree.ts';
import { coreNumbers } from '../../src/network/metrics/kcore.ts';
import { louvain } from '../../src/network/metrics/louvain.ts';
import { pagerank } from '../../src/network/metrics/pagerank.ts';

export interface WorkerInput {
  nodes: string;
  edges: string;
  tasks: string[];
  /** Time the load (median of up to 3 runs when under 2 s); false when a restarted worker reloads. */
  timeLoad: boolean;
}

export interface Memory {
  /** Resident set size of the whole process, MB. */
  rssMb: number;
  /** Peak RSS of the process so far, MB. */
  maxRssMb: number;
  /** This worker's JS heap in use, MB. */
  heapUsedMb: number;
  /** Typed-array and Buffer memory, MB. */
  arrayBuffersMb: number;
}

export type WorkerMessage =
  | {
      type: 'loaded';
      seconds: number;
      cpu: number;
      runs: number[];
      n: number;
      m: number;
      graphMb: number;
      memory: Memory;
      base: Memory;
    }
  | { type: 'start'; task: string }
  | {
      type: 'done';
      task: string;
      seconds: number;
      cpu: number;
      runs: number[];
      result: Record<string, number>;
      memory: Memory;
    }
  | { type: 'error'; task: string; message: string };

const MB = 2 ** 20;

export function memory(): Memory {
  const u = process.memoryUsage();
  return {
    rssMb: u.rss / MB,
    maxRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
    heapUsedMb: u.heapUsed / MB,
    arrayBuffersMb: u.arrayBuffers / MB,
  };
}

/**
 * Median of several runs when the first takes under 2 s (at least 3; up to 15 while they total under
 * 1 s); the first run otherwise. `cpu` is the
 * process's CPU time (user + system, all threads: the main thread idles, V8's GC helpers count) over
 * the same runs — on a shared host it is steadier than wall time.
 */
function timed<T>(fn: () => T): { value: T; seconds: number; cpu: number; runs: number[] } {
  const once = () => {
    const c = process.cpuUsage();
    const t = performance.now();
    const value = fn();
    const wall = (performance.now() - t) / 1000;
    const d = process.cpuUsage(c);
    return { value, wall, cpu: (d.user + d.system) / 1e6 };
  };
  const first = once();
  const all = [first];
  // Short tasks: at least 3 runs, and more (up to 15) while the total stays under 1 s.
  if (first.wall < 2) {
    let total = first.wall;
    while (all.length < 15 && (all.length < 3 || total < 1)) {
      const r = once();
      all.push(r);
      total += r.wall;
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number;
  const runs = all.map((r) => r.wall);
  return { value: first.value, seconds: median(runs), cpu: median(all.map((r) => r.cpu)), runs };
}

const max = (a: ArrayLike<number>) => {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < a.length; i++) if ((a[i] as number) > m) m = a[i] as number;
  return m;
};
const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] as number;
  return s;
};

/** Each task returns a small summary that bench.ts compares with networkx and igraph. */
export const TASKS: Record<string, (g: Graph) => Record<string, number>> = {
  degree: (g) => ({ max: max(degrees(g).degree) }),
  betweenness: (g) => {
    const b = betweenness(g, { weights: 'none', normalized: false });
    return { max: max(b), sum: sum(b) };
  },
  betweenness_k500: (g) => ({
    max: max(betweenness(g, { weights: 'none', normalized: false, sample: 500, seed: 42 })),
  }),
  pagerank: (g) => ({ max: max(pagerank(g, { damping: 0.85 })) }),
  components: (g) => ({ count: weakComponents(g).count }),
  kcore: (g) => ({ max: max(coreNumbers(g)) }),
  clustering: (g) => ({ mean: sum(localClustering(g)) / g.n }),
  louvain: (g) => {
    const r = louvain(g, { seed: 42 });
    return { communities: r.communities, modularity: r.modularity };
  },
};

function graphBytes(g: Graph): number {
  const arrays = [g.outOffsets, g.outTargets, g.outWeights];
  if (g.directed) arrays.push(g.inOffsets, g.inSources, g.inWeights);
  return arrays.reduce((s, a) => s + a.byteLength, 0);
}

if (parentPort) {
  const port = parentPort;
  const input = workerData as WorkerInput;
  const base = memory();
  const load = () => loadNetworkCsv(input.nodes, input.edges, { directed: false }).graph;
  let g: Graph;
  if (input.timeLoad) {
    const t = timed(load);
    g = t.value;
    port.postMessage({
      type: 'loaded',
      seconds: t.seconds,
      cpu: t.cpu,
      runs: t.runs,
      n: g.n,
      m: g.m,
      graphMb: graphBytes(g) / MB,
      memory: memory(),
      base,
    } satisfies WorkerMessage);
  } else g = load();
  for (const task of input.tasks) {
    const fn = TASKS[task];
    port.postMessage({ type: 'start', task } satisfies WorkerMessage);
    try {
      if (!fn) throw new Error(`unknown task ${task}`);
      const t = timed(() => fn(g));
      port.postMessage({
        type: 'done',
        task,
        seconds: t.seconds,
        cpu: t.cpu,
        runs: t.runs,
        result: t.value,
        memory: memory(),
      } satisfies WorkerMessage);
    } catch (err) {
      port.postMessage({ type: 'error', task, message: String(err) } satisfies WorkerMessage);
    }
  }
}
