/** worker_threads entry for ABM experiments (src/abm/experiments/task.ts), served by the shared pool. */
import { serveTasks } from '../../numeric/worker-serve.ts';
import { createExperimentRunner } from './task.ts';

serveTasks(createExperimentRunner);
