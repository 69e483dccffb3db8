/**
 * GUM throughput (issue 3 item 7): 100,000 runs of the GUM model, 50 years, monthly RK4 steps, on all
 * cores through the allocation-free runInto (src/simulate/ensemble.ts), every run with its own parameter
 * draw from the constants' ranges. Target: under 10 s. Run: npx tsx bench/sd/gum.bench.ts [runs] [workers]
 */
import { availableParallelism } from 'node:os';
import { runBatch } from '../../src/simulate/ensemble.ts';
import { gumModel } from '../../src/simulate/gum.ts';
import { gumRanges } from '../../src/simulate/simulate.ts';

const runs = Number(process.argv[2] ?? 100_000);
const workers = Number(process.argv[3] ?? availableParallelism());
const model = gumModel();
const dists = [...gumRanges()]
  .map(([name, [low, high]]) => [model.constantIndex(name), { kind: 'uniform' as const, low, high }] as const)
  .sort((a, b) => a[0] - b[0])
  .map(([i, d]) => [i, d] as [number, typeof d]);
const steps = Math.round(50 * 12);
const t0 = performance.now();
const out = await runBatch(
  {
    jobs: [{ base: model.defaultConstants(), members: runs, seed: 1, dists }],
    years: 50,
    saveEvery: 50,
    vars: ['value_capture'],
  },
  { workers },
);
const seconds = (performance.now() - t0) / 1000;
const v = out.values[0] as Float64Array;
let mean = 0;
for (let r = 0; r < runs; r++) mean += v[r * out.saves + out.saves - 1] as number;
mean /= runs;
console.log(
  `GUM: ${runs} runs × ${steps} RK4 steps (50 years, monthly), ${dists.length} constants drawn, ${workers} worker(s): ` +
    `${seconds.toFixed(2)} s, ${Math.round(runs / seconds)} runs/s (${((runs * steps) / seconds / 1e6).toFixed(1)} M steps/s); ` +
    `mean value capture at year 50 = ${mean.toFixed(4)}`,
);
