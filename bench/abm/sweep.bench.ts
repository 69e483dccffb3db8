/**
 * Sweep throughput of `climb abm experiment` (issue 4 item 5c): a 1,000-run full factorial (5 governance
 * types × 4 domestic shares × 50 seeds) of small runs (500 firms × 100 steps), on 1 worker (in this thread)
 * and on all cores, through the shared worker pool. Prints runs/s, firm-steps/s and the speed-up, and
 * checks that both results files are byte-identical.
 *
 *   npx tsx bench/abm/sweep.bench.ts [--firms 500] [--steps 100] [--seeds 50] [--workers n]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '../../src/abm/experiments/runner.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const firms = arg('firms', 500);
const steps = arg('steps', 100);
const seeds = arg('seeds', 50);
const all = arg('workers', availableParallelism());
const dir = mkdtempSync(join(tmpdir(), 'climb-sweep-'));
const design = join(dir, 'design.yaml');
writeFileSync(
  design,
  `name: sweep-bench
base: { firms: ${firms}, steps: ${steps} }
design:
  kind: factorial
  factors:
    governance: [market, modular, relational, captive, hierarchy]
    domesticShare: [0.1, 0.3, 0.5, 0.7]
seeds: ${seeds}
output: { columns: [OEA, OEM, ODM, OBM, upgraded, production, design, valueCapture, reputation, relocated] }
`,
);

const results: { workers: number; runs: number; seconds: number; rate: number }[] = [];
try {
  for (const workers of [1, all]) {
    const out = join(dir, `w${workers}.csv`);
    const s = await runExperiment(design, { workers, out });
    results.push({ workers: s.workers, runs: s.runs, seconds: s.wallMs / 1000, rate: s.runsPerSecond });
    console.log(
      `workers ${String(s.workers).padStart(2)}: ${s.runs} runs in ${(s.wallMs / 1000).toFixed(1)} s — ` +
        `${s.runsPerSecond.toFixed(1)} runs/s, ${((s.runsPerSecond * firms * steps) / 1e6).toFixed(2)} M firm-steps/s`,
    );
  }
  const same = readFileSync(join(dir, 'w1.csv')).equals(readFileSync(join(dir, `w${all}.csv`)));
  const [one, many] = results;
  console.log(
    `\n${firms} firms × ${steps} steps, ${one?.runs} runs; ${cpus().length} logical CPUs (${cpus()[0]?.model ?? '?'})` +
      `\nspeed-up on ${many?.workers} workers: ${((many?.rate ?? 0) / (one?.rate ?? 1)).toFixed(2)}×; results byte-identical: ${same}`,
  );
  if (!same) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
