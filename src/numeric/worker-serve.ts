/**
 * The worker side of src/numeric/worker-pool.ts. A worker entry module is two lines:
 *
 *   import { serveTasks } from '../numeric/worker-serve.ts';
 *   serveTasks(createRunner);
 *
 * The runner is built once from `workerData`; each 'run' message runs a task range and posts the result
 * back with the buffers of its typed arrays transferred (so a runner must return fresh arrays, not views
 * of buffers it keeps). Exceptions are posted back with their stack (and an InputError's problems).
 * Kept apart from worker-pool.ts so that a worker bundle carries nothing of the parent side.
 */
import { parentPort, workerData } from 'node:worker_threads';

/** Runs tasks [start, end) and returns their results (typed arrays inside are transferred). */
export type TaskRunner<R> = (start: number, end: number) => R;

export type WorkerRequest = { type: 'run'; start: number; end: number };

export interface SerializedError {
  message: string;
  stack?: string | undefined;
  name?: string | undefined;
  /** InputError problems, when the error was one. */
  problems?: unknown[];
}

export type WorkerReply<R> =
  | { type: 'ready' }
  | { type: 'done'; result: R }
  | { type: 'error'; error: SerializedError; range?: { start: number; end: number } };

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) {
    const problems = (e as { problems?: unknown }).problems;
    return {
      message: e.message,
      stack: e.stack,
      name: e.name,
      ...(Array.isArray(problems) ? { problems } : {}),
    };
  }
  return { message: String(e) };
}

/** The ArrayBuffers of the typed arrays found in a result (top level, and one level inside arrays/objects). */
export function transferables(result: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const visit = (v: unknown, depth: number) => {
    if (v === null || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
      return;
    }
    if (v instanceof ArrayBuffer) {
      out.add(v);
      return;
    }
    if (depth >= 2) return;
    for (const x of Array.isArray(v) ? v : Object.values(v)) visit(x, depth + 1);
  };
  visit(result, 0);
  return [...out];
}

/** Serves a pool: builds the runner from workerData and answers 'run' messages until terminated. */
export function serveTasks<I, R>(
  create: (init: I) => TaskRunner<R>,
  transfer: (result: R) => ArrayBuffer[] = transferables,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks must run in a worker thread');
  let run: TaskRunner<R>;
  try {
    run = create(workerData as I);
  } catch (e) {
    port.postMessage({ type: 'error', error: serializeError(e) } satisfies WorkerReply<R>);
    return;
  }
  port.on('message', (msg: WorkerRequest) => {
    if (msg.type !== 'run') return;
    let result: R;
    try {
      result = run(msg.start, msg.end);
    } catch (e) {
      port.postMessage({
        type: 'error',
        error: serializeError(e),
        range: { start: msg.start, end: msg.end },
      } satisfies WorkerReply<R>);
      return;
    }
    port.postMessage({ type: 'done', result } satisfies WorkerReply<R>, transfer(result));
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply<R>);
}
