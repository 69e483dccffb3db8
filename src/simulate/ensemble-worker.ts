/** worker_threads entry for GUM batches (ensemble.ts), served by src/numeric/worker-pool.ts. */
import { serveTasks } from '../numeric/worker-serve.ts';
import { type BatchInit, createBatchRunner } from './ensemble.ts';

serveTasks((init: BatchInit) => createBatchRunner(init));
