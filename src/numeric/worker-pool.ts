/**
 * A deterministic pool of worker_threads for batches of independent tasks (bootstrap resamples, MGA
 * permutations, ensemble members, ABM runs). Tasks are numbered 0 … T−1 and handed out as ranges
 * [start, end); each range's result goes to `absorb(result, range)` in whatever order the workers finish,
 * and the caller stores it by task index — so the output is identical for any number of workers.
 *
 * The task code lives in one module that exports a runner factory `create(init) → (start, end) → result`.
 * A tiny worker entry module calls `serveTasks(create)` (src/numeric/worker-serve.ts); the parent calls
 * `runPool({ entry, create, init, tasks, … })`. With `workers: 1` the runner runs in this thread (no
 * worker is started; the event loop gets a turn between ranges so that progress output and abort signals
 * still work). Workers start from `workerUrl(entry)` (bundled by esbuild when running TypeScript), get
 * `init` as their `workerData` (structured clone, once per worker), and post results back with their typed
 * arrays transferred rather than copied.
 *
 * Failure: an exception thrown by the runner (or by `create`) in a worker is sent back with its stack and
 * rejects `runPool` with a `WorkerTaskError` naming the task range (an `InputError` thrown in a worker is
 * rebuilt as an `InputError` with the same problems). A worker that dies, a throwing `absorb`, or an abort
 * of `signal` terminates every worker before `runPool` rejects. On success all workers are terminated too:
 * nothing is left running.
 *
 *   // fast.ts:    export const createRunner = (init: Init) => (start, end) => ({ start, values: … });
 *   // worker.ts:  serveTasks(createRunner);
 *   await runPool({ entry: new URL('./worker.ts', import.meta.url), create: createRunner, init,
 *                   tasks: T, workers: 4, absorb: (r, { start }) => out.set(r.values, start * Q) });
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { InputError, type Problem } from '../io/problems.ts';
import { workerUrl } from './spawn-worker.ts';
import type { SerializedError, TaskRunner, WorkerReply, WorkerRequest } from './worker-serve.ts';

export type { TaskRunner } from './worker-serve.ts';

/** Tasks [start, end). */
export interface TaskRange {
  start: number;
  end: number;
}

export interface PoolProgress {
  /** Tasks finished (sum of the sizes of the absorbed ranges). */
  done: number;
  total: number;
}

export interface PoolOptions<I, R> {
  /** The worker entry module (a file: URL of a .ts or .js module calling `serveTasks(create)`). */
  entry: URL;
  /** The same runner factory the entry serves; used in this thread when `workers` is 1. */
  create: (init: I) => TaskRunner<R>;
  /** Passed to `create` (as `workerData` in the workers; keep it structured-cloneable). */
  init: I;
  /** A number of tasks T (split into ranges of `chunk`), or explicit ranges (e.g. not crossing jobs). */
  tasks: number | readonly TaskRange[];
  /** Tasks per range when `tasks` is a number (default: `defaultChunk(T, workers)`). */
  chunk?: number;
  /** Threads to use; 1 (default) runs in this thread. At most one worker per range is started. */
  workers?: number;
  /** Receives every range's result once, in any order. A throw aborts the pool. */
  absorb: (result: R, range: TaskRange) => void;
  onProgress?: (p: PoolProgress) => void;
  /** Aborting terminates the workers and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Name used in error messages (default "worker"). */
  name?: string;
  /** Extra options for each Worker (e.g. resourceLimits); workerData is set from `init`. */
  workerOptions?: Omit<WorkerOptions, 'workerData'>;
}

/** An exception thrown while a worker ran a task range; `stack` includes the worker's stack. */
export class WorkerTaskError extends Error {
  readonly range: TaskRange | undefined;
  readonly workerStack: string | undefined;
  constructor(name: string, e: SerializedError, range?: TaskRange) {
    const where = range ? ` on tasks [${range.start}, ${range.end})` : ' while starting';
    super(`${name} failed${where}: ${e.message}`);
    this.name = 'WorkerTaskError';
    this.range = range;
    this.workerStack = e.stack;
    if (e.stack) this.stack = `${this.name}: ${this.message}\n--- in the worker ---\n${e.stack}`;
  }
}

/**
 * A range size that keeps every worker busy with about `perWorker` ranges each (load balance), within
 * [min, max] tasks (message overhead versus memory of a range's result).
 */
export function defaultChunk(total: number, workers: number, min = 1, max = 250, perWorker = 8): number {
  return Math.max(min, Math.min(max, Math.ceil(total / (Math.max(1, workers) * perWorker))));
}

/** Ranges [0, T) in pieces of `chunk`. */
export function taskRanges(total: number, chunk: number): TaskRange[] {
  const c = Math.max(1, Math.floor(chunk));
  const out: TaskRange[] = [];
  for (let s = 0; s < total; s += c) out.push({ start: s, end: Math.min(total, s + c) });
  return out;
}

function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r instanceof Error) return r;
  const e = new Error(r === undefined ? 'aborted' : String(r));
  e.name = 'AbortError';
  return e;
}

function rebuild(name: string, e: SerializedError, range?: TaskRange): Error {
  if (e.problems) return new InputError(e.problems as Problem[]);
  return new WorkerTaskError(name, e, range);
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs every task range once; resolves when all results are absorbed. Returns the threads used. */
export async function runPool<I, R>(o: PoolOptions<I, R>): Promise<{ workers: number }> {
  const workers = Math.max(1, Math.floor(o.workers ?? 1));
  const ranges =
    typeof o.tasks === 'number'
      ? taskRanges(o.tasks, o.chunk ?? defaultChunk(o.tasks, workers))
      : o.tasks.filter((r) => r.end > r.start);
  const total = ranges.reduce((a, r) => a + (r.end - r.start), 0);
  const name = o.name ?? 'worker';
  if (o.signal?.aborted) throw abortReason(o.signal);
  if (ranges.length === 0) return { workers: 0 };
  let done = 0;

  if (workers === 1) {
    const run = o.create(o.init);
    for (const r of ranges) {
      if (o.signal?.aborted) throw abortReason(o.signal);
      o.absorb(run(r.start, r.end), r);
      done += r.end - r.start;
      o.onProgress?.({ done, total });
      await turn();
    }
    if (o.signal?.aborted) throw abortReason(o.signal);
    return { workers: 1 };
  }

  const count = Math.min(workers, ranges.length);
  const url = await workerUrl(o.entry);
  const pool: Worker[] = [];
  const busy = new Map<Worker, TaskRange>();
  let next = 0;
  let finished = 0;
  let settled = false;
  await new Promise<void>((resolve, reject) => {
    const stopAll = () => Promise.all(pool.map((w) => w.terminate())).catch(() => undefined);
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener('abort', onAbort);
      void stopAll().then(() => reject(e));
    };
    const onAbort = () => fail(abortReason(o.signal as AbortSignal));
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const feed = (w: Worker) => {
      const r = ranges[next];
      if (!r) return;
      next++;
      busy.set(w, r);
      w.postMessage({ type: 'run', start: r.start, end: r.end } satisfies WorkerRequest);
    };
    for (let i = 0; i < count && !settled; i++) {
      let w: Worker;
      try {
        w = new Worker(url, { ...o.workerOptions, workerData: o.init });
      } catch (e) {
        fail(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      pool.push(w);
      w.on('message', (msg: WorkerReply<R>) => {
        if (settled) return;
        if (msg.type === 'error') {
          fail(rebuild(name, msg.error, msg.range));
          return;
        }
        if (msg.type === 'done') {
          const r = busy.get(w) as TaskRange;
          busy.delete(w);
          try {
            o.absorb(msg.result, r);
          } catch (e) {
            fail(e instanceof Error ? e : new Error(String(e)));
            return;
          }
          finished++;
          done += r.end - r.start;
          o.onProgress?.({ done, total });
          if (finished === ranges.length) {
            settled = true;
            o.signal?.removeEventListener('abort', onAbort);
            void stopAll().then(() => resolve());
            return;
          }
        }
        feed(w);
      });
      w.on('error', (e: Error) =>
        fail(rebuild(name, { message: e.message, stack: e.stack, name: e.name }, busy.get(w))),
      );
      w.on('exit', (code) => {
        if (!settled) fail(new Error(`${name} exited unexpectedly with code ${code}`));
      });
    }
  });
  return { workers: count };
}
