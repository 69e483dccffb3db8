/**
 * worker_threads entry for the PLS multigroup analysis (see mga.ts), on the pattern of
 * bootstrap-worker.ts: the parent hands out task ranges (bootstrap resamples of a group, label
 * permutations of a pair); the worker re-estimates them and posts the raw values back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createMgaRunner, type MgaTaskMessage, type MgaWorkerInit } from './mga-runner.ts';

const port = parentPort;
if (!port) throw new Error('mga-worker.ts must run in a worker thread');
const run = createMgaRunner(workerData as MgaWorkerInit);
port.on('message', (msg: MgaTaskMessage) => {
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
