/**
 * Sensitivity-library benchmark: `npx tsx bench/sd/sensitivity.bench.ts [--reps 5]`.
 * Times sample (Saltelli on a Sobol' sequence), evaluate (the test function), analyse (S1, ST and
 * bootstrap CIs with 100 resamples) for Ishigami (k = 3) and the G-function (k = 8) at N = 2^14 and
 * 2^16, with and without Owen scrambling and second order, and Morris screening; prints the median
 * wall and CPU milliseconds of --reps runs after one warm-up, and the largest error against the analytic indices.
 * Target (issue 3 item 6): Ishigami at N = 2^14, sample + evaluate + analyse with 100 resamples, well under 1 s.
 */
import { cpus } from 'node:os';
import {
  ishigami,
  morrisAnalyze,
  morrisSample,
  type SaltelliOptions,
  saltelliSample,
  sobolAnalyze,
  sobolG,
  type TestFunction,
} from '../../src/sensitivity/index.ts';

const repsArg = process.argv.indexOf('--reps');
const reps = repsArg >= 0 ? Number(process.argv[repsArg + 1]) : 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

interface Timing {
  sample: number;
  evaluate: number;
  analyse: number;
  total: number;
  /** CPU milliseconds (user + system) of the whole case: steadier than wall time on a shared host. */
  cpu: number;
  error: number;
}

function sobolOnce(tf: TestFunction, n: number, opts: SaltelliOptions): Timing {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const s = saltelliSample(tf.space, n, opts);
  const t1 = performance.now();
  const y = tf.evaluate(s.x);
  const t2 = performance.now();
  const r = sobolAnalyze(tf.space, y, n, { bootstrap: 100, seed: 1, secondOrder: opts.secondOrder ?? false });
  const t3 = performance.now();
  let error = 0;
  for (const name of tf.space.names)
    error = Math.max(
      error,
      Math.abs((r.S1[name] as number) - (tf.analytic.S1[name] as number)),
      Math.abs((r.ST[name] as number) - (tf.analytic.ST[name] as number)),
    );
  return { sample: t1 - t0, evaluate: t2 - t1, analyse: t3 - t2, total: t3 - t0, cpu: cpuMs(c0), error };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

function row(label: string, runs: number, f: () => Timing): string {
  f(); // warm-up
  const ts = Array.from({ length: reps }, f);
  const m = (k: keyof Timing) => median(ts.map((t) => t[k]));
  return `| ${label} | ${runs} | ${m('sample').toFixed(1)} | ${m('evaluate').toFixed(1)} | ${m('analyse').toFixed(1)} | **${m('total').toFixed(1)}** | ${m('cpu').toFixed(1)} | ${Number.isNaN(m('error')) ? '–' : m('error').toFixed(4)} |`;
}

console.log(
  `Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}; median of ${reps} runs after a warm-up (ms)\n`,
);
console.log(
  '| case | model runs | sample | evaluate | analyse (bootstrap) | total wall | total CPU | max abs error S1/ST |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const m of [14, 16]) {
  const n = 2 ** m;
  console.log(row(`Ishigami, N = 2^${m}`, n * 5, () => sobolOnce(ishigami, n, {})));
  console.log(
    row(`Ishigami, N = 2^${m}, Owen-scrambled`, n * 5, () =>
      sobolOnce(ishigami, n, { scramble: 'owen', seed: 1 }),
    ),
  );
  console.log(
    row(`Ishigami, N = 2^${m}, second order`, n * 8, () => sobolOnce(ishigami, n, { secondOrder: true })),
  );
  console.log(row(`G-function k = 8, N = 2^${m}`, n * 10, () => sobolOnce(sobolG, n, {})));
}
for (const r of [1000, 10000]) {
  console.log(
    row(`Morris G-function k = 8, r = ${r}, B = 1000`, r * 9, () => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const s = morrisSample(sobolG.space, { trajectories: r, seed: 1 });
      const t1 = performance.now();
      const y = sobolG.evaluate(s.x);
      const t2 = performance.now();
      morrisAnalyze(sobolG.space, s.x, y, { bootstrap: 1000, seed: 1 });
      const t3 = performance.now();
      return {
        sample: t1 - t0,
        evaluate: t2 - t1,
        analyse: t3 - t2,
        total: t3 - t0,
        cpu: cpuMs(c0),
        error: Number.NaN,
      };
    }),
  );
}
