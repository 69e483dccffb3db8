/**
 * SD engine throughput: RK4 steps per second for SIR and for a 40-equation model, through runInto
 * (the allocation-free path ensembles use). Run: npx tsx bench/sd/engine.bench.ts
 *
 * The integrators are shared by all models, so their call to the generated derivative becomes polymorphic
 * once a second model runs in the process: figures after the first model are up to ~3× lower than for a
 * model run alone (10 sectors, Euler: 0.88 vs 0.31 M steps/s on a loaded 2-core machine).
 */
import { join } from 'node:path';
import { compileSdModel, loadSdModel, parseSdModel, type SdRunOptions } from '../../src/sd/index.ts';

/** Ten coupled sectors, each a stock with an inflow, an outflow and a SMOOTHed auxiliary: 40 equations. */
function sectors(n: number) {
  const names = Array.from({ length: n }, (_, i) => `s${i}`);
  return parseSdModel({
    name: 'sectors',
    time: { start: 0, stop: 100, dt: 0.125, units: year, method: 'rk4' },
    constants: [
      { name: 'growth', value: 0.05, units: '1/year' },
      { name: 'spill', value: 0.02, units: '1/year' },
      { name: 'capacity', value: 1000, units: 'firms' },
      { name: 'perception', value: 2, units: 'year' },
    ],
    stocks: names.map((s) => ({
      name: s,
      initial: '10',
      units: 'firms',
      inflows: [`${s}_in`],
      outflows: [`${s}_out`],
    })),
    flows: names.flatMap((s, i) => [
      {
        name: `${s}_in`,
        equation: `growth * ${s} * MAX(0, 1 - ${s}_seen / capacity) + spill * ${names[(i + 1) % n]}`,
        units: 'firms/year',
      },
      { name: `${s}_out`, equation: `spill * ${s} * effect(${s} / capacity)`, units: 'firms/year' },
    ]),
    auxiliaries: names.map((s) => ({
      name: `${s}_seen`,
      equation: `SMOOTH(${s}, perception)`,
      units: 'firms',
    })),
    lookups: [
      {
        name: 'effect',
        points: [
          [0, 1],
          [0.5, 1.2],
          [1, 2],
          [2, 3],
        ],
      },
    ],
  });
}
const year = 'year';

function bench(label: string, model: ReturnType<typeof parseSdModel>, opts: SdRunOptions, seconds = 1.5) {
  const m = compileSdModel(model);
  const p = m.defaultConstants();
  const vars = Int32Array.from(m.stockNames, (s) => m.variableIndex(s));
  const out = new Float64Array(m.saveCount(opts) * vars.length);
  const steps = Math.round(((opts.stop ?? model.time.stop) - model.time.start) / (opts.dt ?? model.time.dt));
  for (let i = 0; i < 50; i++) m.runInto(p, vars, out, opts); // warm-up
  let runs = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds) {
    for (let i = 0; i < 20; i++) {
      p[0] = 0.3 + 1e-4 * (runs % 100);
      m.runInto(p, vars, out, opts);
      runs++;
    }
    elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  const perSec = (runs * steps) / elapsed;
  const eqs = model.stocks.length + model.flows.length + model.auxiliaries.length;
  console.log(
    `${label.padEnd(34)} ${String(eqs).padStart(3)} eqs  ${(perSec / 1e6).toFixed(2).padStart(6)} M steps/s  ` +
      `${(runs / elapsed).toFixed(0).padStart(7)} runs/s (${steps} steps per run)`,
  );
}

const sir = loadSdModel(join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'sd', 'sir.yaml'));
bench('SIR rk4 (dt 0.125, 100 days)', sir, { method: 'rk4' });
bench('SIR euler', sir, { method: 'euler' });
bench('SIR rk45 (rtol 1e-6)', sir, { method: 'rk45' });
const big = sectors(10);
bench('10 sectors rk4 (dt 0.125, 100 yr)', big, { method: 'rk4' });
bench('10 sectors euler', big, { method: 'euler' });
