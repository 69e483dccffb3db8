import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSdModel, loadSdModel } from '../../src/sd/index.ts';
import { desolveFixture, maxAbsDiff, SD_FIXTURES } from './helpers.ts';

// Reference solutions from scripts/desolve/make-fixtures.R (R deSolve 1.34).
const MODELS = ['logistic', 'sir', 'lotka-volterra', 'supply-line'] as const;

describe('agreement with R deSolve', () => {
  for (const name of MODELS) {
    const model = compileSdModel(loadSdModel(join(SD_FIXTURES, `${name}.yaml`)));
    const ref = desolveFixture(name);
    for (const method of ['euler', 'rk4'] as const)
      it(`${name}, ${method}: every saved value within 1e-6`, () => {
        const r = ref[method];
        const saveEvery = (r.time[1] as number) - (r.time[0] as number);
        const out = model.run({ method, dt: r.dt, saveEvery });
        expect(Array.from(out.time)).toEqual(r.time);
        for (const [v, values] of Object.entries(r.series)) {
          const got = out.series[v];
          expect(got, v).toBeDefined();
          expect(maxAbsDiff(got as Float64Array, values), `${v}`).toBeLessThan(1e-6);
        }
      });
    // ode45 at rtol = atol = 1e-10 is the true solution to ~1e-9; Climb's rk45 at rtol = atol = 1e-9 is
    // within a few times its tolerance of it, scaled by the size of the variable (error grows along the run,
    // most in Lotka–Volterra's sharp peaks), so 1e-6 relative to the variable's largest value is a safe bound.
    // Observed: logistic 2.4e-10, SIR 6.3e-10, Lotka–Volterra 2.2e-9, supply line 2.5e-7 (its STEP and MAX kinks).
    // Euler and RK4 agree to 1.4e-12 at worst (rounding).
    it(`${name}, rk45 against ode45 (relative 1e-6 of each variable's range)`, () => {
      const r = ref.ode45;
      const saveEvery = (r.time[1] as number) - (r.time[0] as number);
      const out = model.run({ method: 'rk45', saveEvery, rtol: 1e-9, atol: 1e-9 });
      expect(out.time.length).toBe(r.time.length);
      for (const [v, values] of Object.entries(r.series)) {
        const scale = Math.max(1, ...values.map(Math.abs));
        expect(maxAbsDiff(out.series[v] as Float64Array, values) / scale, v).toBeLessThan(1e-6);
      }
    });
  }
});
