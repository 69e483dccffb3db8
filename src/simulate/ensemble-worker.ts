/**
 * worker_threads entry for GUM batches (ensemble.ts): compiles the model once, runs the member ranges
 * the parent hands out and posts the values back (transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type BatchInit, type BatchMessage, createBatchRunner } from './ensemble.ts';

const port = parentPort;
if (!port) throw new Error('ensemble-worker.ts must run in a worker thread');
const run = createBatchRunner(workerData as BatchInit);
port.on('message', (msg: BatchMessage) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  const out = run(msg.job, msg.start, msg.end);
  port.postMessage({ type: 'done', ...out }, [out.values.buffer as ArrayBuffer]);
});
port.postMessage({ type: 'ready' });
