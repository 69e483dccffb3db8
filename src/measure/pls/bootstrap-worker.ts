/** worker_threads entry for the PLS bootstrap (bootstrap.ts), served by src/numeric/worker-pool.ts. */
import { serveTasks } from '../../numeric/worker-serve.ts';
import { createTaskRunner } from './bootstrap.ts';

serveTasks(createTaskRunner);
