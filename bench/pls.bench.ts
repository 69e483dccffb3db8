/**
 * PLS-SEM benchmark (issue 5 §10): `npx tsx bench/pls.bench.ts [--full]`.
 * Prints wall and CPU milliseconds beside seminr's figures from ../shared/data/plssem/timings.md and
 * the speed-up (seminr ÷ Climb, wall). Without --full, the 500-resample bootstrap at N = 100,000 is
 * extrapolated from 20 resamples (marked "est.").
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { bootstrapPls } from '../src/measure/pls/bootstrap.ts';
import { estimatePls, type PlsData } from '../src/measure/pls/estimate.ts';
import { resampleRows } from '../src/measure/pls/random.ts';
import { modelOf, type ReferenceVariant, readNumericCsv } from '../test/measure/pls-helpers.ts';

const full = process.argv.includes('--full');
const cores = availableParallelism();
const mobi = readNumericCsv('mobi.csv');
const variants = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'test', 'fixtures', 'plssem', 'ecsi_modeA.json'), 'utf8'),
) as Record<string, ReferenceVariant>;
const model = modelOf(variants.path_weighting as ReferenceVariant);

function enlarge(n: number, seed: number): PlsData {
  const p = mobi.columns.length;
  const rows = resampleRows(seed, 0, mobi.values.length / p, new Int32Array(n));
  const values = new Float64Array(n * p);
  rows.forEach((r, i) => {
    values.set(mobi.values.subarray(r * p, (r + 1) * p), i * p);
  });
  return { columns: mobi.columns, values };
}

interface Row {
  task: string;
  wall: number;
  cpu: number;
  seminr: [number, number];
  note?: string;
}
const rows: Row[] = [];

async function time(task: string, seminr: [number, number], fn: () => unknown, reps = 1, note?: string) {
  await fn(); // warm-up (JIT), not timed
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    walls.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  const med = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const row: Row = { task, wall: med(walls), cpu: med(cpus), seminr };
  if (note) row.note = note;
  rows.push(row);
  print(row);
}

function print(r: Row) {
  const f = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
  const [lo, hi] = r.seminr;
  const sem = lo === hi ? `${f(lo)}` : `${f(lo)}–${f(hi)}`;
  const ratio = `${(lo / r.wall).toFixed(0)}–${(hi / r.wall).toFixed(0)}×`;
  console.log(
    `${r.task.padEnd(44)} ${f(r.wall).padStart(9)} ms wall ${f(r.cpu).padStart(9)} ms cpu | seminr ${sem.padStart(15)} ms | ${ratio}${r.note ? `  (${r.note})` : ''}`,
  );
}

console.log(
  `PLS benchmark — ${cores} cores, Node ${process.version}; seminr figures from timings.md (wall)\n`,
);
await time('estimate, mobi N=250', [18, 49], () => estimatePls(mobi, model), 21);
await time('estimate, mobi N=250, no f²', [18, 49], () => estimatePls(mobi, model, { fSquared: false }), 21);
for (const B of [1000, 5000]) {
  for (const w of [1, cores]) {
    const seminr: [number, number] = B === 1000 ? [36800, 104000] : [199000, 398000];
    await time(`bootstrap ${B}, mobi, ${w} worker${w > 1 ? 's' : ''}`, seminr, () =>
      bootstrapPls(mobi, model, { resamples: B, seed: 42, workers: w }),
    );
  }
}
const n10k = enlarge(10000, 2024);
await time('estimate, N=10,000', [161, 182], () => estimatePls(n10k, model, { fSquared: false }), 5);
for (const w of [1, cores]) {
  await time(`bootstrap 500, N=10,000, ${w} worker${w > 1 ? 's' : ''}`, [179000, 206000], () =>
    bootstrapPls(n10k, model, { resamples: 500, seed: 42, workers: w }),
  );
}
const n100k = enlarge(100000, 2025);
await time('estimate, N=100,000', [1670, 1900], () => estimatePls(n100k, model, { fSquared: false }), 3);
if (full) {
  await time(`bootstrap 500, N=100,000, ${cores} workers`, [2209000, 2209000], () =>
    bootstrapPls(n100k, model, { resamples: 500, seed: 42, workers: cores }),
  );
} else {
  // 20 resamples + 10 jackknife groups; scale the per-task cost to 500 resamples + 250 groups.
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await bootstrapPls(n100k, model, { resamples: 20, seed: 42, workers: cores, jackknifeGroups: 10 });
  const scale = (500 + 250) / 30;
  const c = process.cpuUsage(c0);
  const row: Row = {
    task: `bootstrap 500, N=100,000, ${cores} workers`,
    wall: (performance.now() - t0) * scale,
    cpu: ((c.user + c.system) / 1000) * scale,
    seminr: [2209000, 2209000],
    note: 'est. from 20 resamples; --full to run',
  };
  rows.push(row);
  print(row);
}
