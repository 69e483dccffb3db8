/**
 * ABM benchmark (issue 4, ABM-NOTES §4–5).
 *
 *   npx tsx bench/abm/bench.ts [--part a|b|all] [--seeds 5] [--big] [--json FILE]
 *
 * (a) The reference firm-learning model exactly as ABM-NOTES §4 specifies it: 10,000 firms on a
 *     Watts–Strogatz graph (k = 8, p = 0.1), 100 steps, random activation order (and index order), median of
 *     5 seeds; steps are timed apart from initialisation (graph + capabilities). Printed beside Mesa 3.2's
 *     333k agent-steps/s measured on this host (ABM-NOTES §4) with the ratio; target ≥ 30× (≥ 10M/s). Then
 *     1,000,000 firms (one seed each order).
 * (b) The full cluster model (src/abm/model.ts) at 10k and 100k firms × 100 steps (median of 5 runs after two
 *     warm-up runs at the size) and 1M (one run; with --big, or always in --part b): firm-steps/s and peak
 *     memory (RSS high-water mark from process.resourceUsage).
 *     Targets: ≥ 5M firm-steps/s; 1M × 100 steps under 30 s on one core.
 *
 * Times are CPU times (user + system) of this process unless stated: on the shared 2-core host they are
 * steadier than wall time, and everything here is single-threaded. Wall times are printed beside them.
 * One warm-up run (1,000 firms) precedes the timed runs so that V8 has compiled the hot loops.
 */
import { writeFileSync } from 'node:fs';
import { referenceModel } from '../../src/abm/reference.ts';
import { runCluster } from '../../src/abm/run.ts';

const MESA = 333_000;
const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? dflt) : dflt;
};
const part = opt('part', 'all');
const seeds = Number(opt('seeds', '5'));
const big = args.includes('--big') || part === 'b';
const jsonOut = args.includes('--json') ? opt('json', '') : '';

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
const fmt = (x: number) =>
  x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(0)}k` : x.toFixed(0);

interface Timed {
  initCpuMs: number;
  stepsCpuMs: number;
  stepsWallMs: number;
  finalMean?: number;
}

function timeReference(firms: number, seed: number, order: 'random' | 'index'): Timed {
  const steps = 100;
  const c0 = cpuMs();
  const m = referenceModel({ firms, steps, seed, order });
  const c1 = cpuMs();
  const mean = new Float64Array(steps);
  const max = new Float64Array(steps);
  const w1 = performance.now();
  m.run(mean, max);
  const w2 = performance.now();
  const c2 = cpuMs();
  return {
    initCpuMs: c1 - c0,
    stepsCpuMs: c2 - c1,
    stepsWallMs: w2 - w1,
    finalMean: mean[steps - 1] as number,
  };
}

const results: Record<string, unknown> = { node: process.version, date: new Date().toISOString() };

if (part === 'a' || part === 'all') {
  timeReference(1000, 999, 'random');
  console.log('\n## (a) Reference firm-learning model (ABM-NOTES §4), 100 steps\n');
  console.log(
    '| firms | order | seeds | init CPU ms | steps CPU ms (median) | steps wall ms | agent-steps/s | vs Mesa 333k/s | final mean |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  const rows: unknown[] = [];
  for (const order of ['random', 'index'] as const) {
    const runs = Array.from({ length: seeds }, (_, s) => timeReference(10_000, s + 1, order));
    const cpu = median(runs.map((r) => r.stepsCpuMs));
    const wall = median(runs.map((r) => r.stepsWallMs));
    const rate = (10_000 * 100) / (cpu / 1000);
    const fm = runs.map((r) => r.finalMean as number);
    console.log(
      `| 10,000 | ${order} | ${seeds} | ${median(runs.map((r) => r.initCpuMs)).toFixed(1)} | ${cpu.toFixed(1)} | ${wall.toFixed(1)} | ${fmt(rate)} | ${(rate / MESA).toFixed(1)}× | ${median(fm).toFixed(3)} (${Math.min(...fm).toFixed(3)}–${Math.max(...fm).toFixed(3)}) |`,
    );
    rows.push({
      firms: 10_000,
      order,
      seeds,
      stepsCpuMs: cpu,
      stepsWallMs: wall,
      rate,
      ratioToMesa: rate / MESA,
    });
  }
  for (const order of ['random', 'index'] as const) {
    const r = timeReference(1_000_000, 1, order);
    const rate = (1_000_000 * 100) / (r.stepsCpuMs / 1000);
    console.log(
      `| 1,000,000 | ${order} | 1 | ${r.initCpuMs.toFixed(0)} | ${r.stepsCpuMs.toFixed(0)} | ${r.stepsWallMs.toFixed(0)} | ${fmt(rate)} | ${(rate / MESA).toFixed(1)}× | ${(r.finalMean as number).toFixed(3)} |`,
    );
    rows.push({ firms: 1_000_000, order, seeds: 1, stepsCpuMs: r.stepsCpuMs, rate });
  }
  console.log(
    '\nMesa 3.2 idiomatic: 3.00 s CPU for 10k × 100 = 333k agent-steps/s (ABM-NOTES §4). Target ≥ 30×.',
  );
  results.reference = rows;
}

if (part === 'b' || part === 'all') {
  // Warm-up runs that take every code path of the firm loop (rising costs and relocation, enforcement,
  // levers, market and co-evolving governance), so that the timed runs do not pay for V8's re-optimisation.
  runCluster({
    firms: 2000,
    steps: 60,
    seed: 999,
    scalars: { costGrowth: 0.03, enforcement: 0.5 },
    policy: { 'common-tech-platform': 1, 'relocation-support': 0.5, training: 1 },
  });
  runCluster({ firms: 2000, steps: 60, seed: 998, governance: 'market', scalars: { costGrowth: 0.03 } });
  runCluster({ firms: 2000, steps: 60, seed: 997 });
  console.log('\n## (b) Full cluster model, 100 steps, default parameters\n');
  console.log(
    '| firms | init CPU ms | steps CPU ms | steps wall ms | firm-steps/s (CPU) | firm-steps/s (wall) | RSS MB | peak RSS MB |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  const sizes = big ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
  const rows: unknown[] = [];
  for (const firms of sizes) {
    // Below 1M firms: two untimed runs at the size first (V8 re-optimises the loop for the new shapes and
    // branch profile: the first run at 10k firms is ~3× slower than the steady state), then the median of
    // five timed runs (the host is shared). One run at 1M (warmed by the smaller sizes).
    const reps = firms < 1_000_000 ? 5 : 1;
    if (firms < 1_000_000) for (let w = 0; w < 2; w++) runCluster({ firms, steps: 100, seed: 2 + w });
    const timed: { initCpuMs: number; stepsCpuMs: number; stepsWallMs: number }[] = [];
    let rssNow = 0;
    for (let rep = 0; rep < reps; rep++) {
      const r = runCluster({ firms, steps: 100, seed: 1, timing: true, series: true });
      timed.push(r.timing as { initCpuMs: number; stepsCpuMs: number; stepsWallMs: number });
      rssNow = process.memoryUsage().rss / 2 ** 20;
    }
    timed.sort((a, b) => a.stepsCpuMs - b.stepsCpuMs);
    const t = timed[timed.length >> 1] as (typeof timed)[number];
    const rate = (firms * 100) / (t.stepsCpuMs / 1000);
    const rateWall = (firms * 100) / (t.stepsWallMs / 1000);
    const rss = process.resourceUsage().maxRSS / 1024;
    console.log(
      `| ${firms.toLocaleString('en')} | ${t.initCpuMs.toFixed(0)} | ${t.stepsCpuMs.toFixed(0)} | ${t.stepsWallMs.toFixed(0)} | ${fmt(rate)} | ${fmt(rateWall)} | ${rssNow.toFixed(0)} | ${rss.toFixed(0)} |`,
    );
    rows.push({ firms, ...t, rate, rateWall, rssMb: rssNow, peakRssMb: rss });
  }
  console.log('\nPeak RSS is the process high-water mark so far (it includes the smaller runs before).');
  results.cluster = rows;
}

if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2));
