/**
 * worker_threads entry for the PLS bootstrap (see bootstrap.ts). The parent hands out task ranges;
 * the worker re-estimates each task (a resample or a jackknife group) and posts the raw estimates back.
 * Started through src/numeric/spawn-worker.ts (bundled by esbuild when run from TypeScript).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createTaskRunner, type TaskMessage, type WorkerInit } from './bootstrap.ts';

const port = parentPort;
if (!port) throw new Error('bootstrap-worker.ts must run in a worker thread');
const run = createTaskRunner(workerData as WorkerInit);
port.on('message', (msg: TaskMessage) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  const out = run(msg.start, msg.end);
  port.postMessage({ type: 'done', ...out }, [
    out.values.buffer as ArrayBuffer,
    out.status.buffer as ArrayBuffer,
  ]);
});
port.postMessage({ type: 'ready' });
