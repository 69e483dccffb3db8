/** worker_threads entry for the PLS multigroup analysis (mga.ts), served by src/numeric/worker-pool.ts. */
import { serveTasks } from '../../numeric/worker-serve.ts';
import { createMgaRunner } from './mga-runner.ts';

serveTasks(createMgaRunner);
