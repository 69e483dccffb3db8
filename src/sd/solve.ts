import type { Kernel } from './compile.ts';

/** Scratch arrays of one compiled model, reused across runs so that a run allocates nothing. */
export class Workspace {
  readonly y: Float64Array;
  readonly yt: Float64Array;
  readonly v: Float64Array;
  readonly c = new Float64Array(4);
  readonly k: Float64Array[];
  constructor(kernel: Kernel) {
    const n = kernel.nStates;
    this.y = new Float64Array(n);
    this.yt = new Float64Array(n);
    this.v = new Float64Array(Math.max(1, kernel.nVars));
    this.k = Array.from({ length: 7 }, () => new Float64Array(n));
  }
}

export interface Schedule {
  start: number;
  stop: number;
  dt: number;
  /** Fixed-step methods: steps between saves and the number of steps. */
  stride: number;
  steps: number;
  /** Every method: number of saved times; save k is at start + k · saveEvery. */
  saves: number;
  saveEvery: number;
  rtol: number;
  atol: number;
}

function record(v: Float64Array, vars: Int32Array, out: Float64Array, row: number): void {
  const m = vars.length;
  const base = row * m;
  for (let j = 0; j < m; j++) out[base + j] = v[vars[j] as number] as number;
}

function clamp(y: Float64Array, nonNegative: Int32Array): void {
  for (let j = 0; j < nonNegative.length; j++) {
    const i = nonNegative[j] as number;
    if ((y[i] as number) < 0) y[i] = 0;
  }
}

function setClock(w: Workspace, s: Schedule): void {
  w.c[0] = s.dt;
  w.c[1] = s.start;
  w.c[2] = s.stop;
  w.c[3] = 1e-9 * Math.max(1, Math.abs(s.start), Math.abs(s.stop));
}

/** A fixed-step integrator generated for one model (see FIXED_STEP_SOURCE). */
export type FixedStepSolver = (
  w: Workspace,
  p: Float64Array,
  s: Schedule,
  vars: Int32Array,
  out: Float64Array,
) => void;

/** Helpers of the generated fixed-step loops (see scalarSolvers in compile.ts). */
export const FIXED_STEP_HELPERS = `
function setClock(c, s) {
  c[0] = s.dt; c[1] = s.start; c[2] = s.stop;
  c[3] = 1e-9 * Math.max(1, Math.abs(s.start), Math.abs(s.stop));
}
function record(v, vars, out, row) {
  const m = vars.length, base = row * m;
  for (let j = 0; j < m; j++) out[base + j] = v[vars[j]];
}
`;

// Dormand–Prince 5(4) coefficients (Dormand & Prince 1980; Hairer, Nørsett & Wanner, Table II.5.2).
const A21 = 1 / 5;
const A31 = 3 / 40;
const A32 = 9 / 40;
const A41 = 44 / 45;
const A42 = -56 / 15;
const A43 = 32 / 9;
const A51 = 19372 / 6561;
const A52 = -25360 / 2187;
const A53 = 64448 / 6561;
const A54 = -212 / 729;
const A61 = 9017 / 3168;
const A62 = -355 / 33;
const A63 = 46732 / 5247;
const A64 = 49 / 176;
const A65 = -5103 / 18656;
const B1 = 35 / 384;
const B3 = 500 / 1113;
const B4 = 125 / 192;
const B5 = -2187 / 6784;
const B6 = 11 / 84;
const E1 = 71 / 57600;
const E3 = -71 / 16695;
const E4 = 71 / 1920;
const E5 = -17253 / 339200;
const E6 = 22 / 525;
const E7 = -1 / 40;

export class StepSizeError extends Error {
  constructor(readonly t: number) {
    super(`step size underflow at t = ${t}`);
  }
}

/**
 * Adaptive Dormand–Prince RK5(4) with FSAL, error per component atol + rtol · max(|y|, |y_new|) in the RMS
 * norm, step factor 0.9 · err^(−1/5) bounded to [0.2, 5]. Steps are shortened to land on every save time.
 */
export function rk45(
  k: Kernel,
  w: Workspace,
  p: Float64Array,
  s: Schedule,
  vars: Int32Array,
  out: Float64Array,
) {
  setClock(w, s);
  const { y, yt, v, c } = w;
  const [k1, k2, k3, k4, k5, k6, k7] = w.k as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const n = y.length;
  const { rtol, atol } = s;
  k.init(s.start, y, p, v, c);
  let t = s.start;
  k.deriv(t, y, k1, p, v, c);
  record(v, vars, out, 0);
  let h = Math.min(s.dt, s.saveEvery);
  const span = Math.abs(s.stop - s.start);
  let swap = k1;
  let fk1 = k1;
  let fk7 = k7;
  for (let row = 1; row < s.saves; row++) {
    const target = s.start + row * s.saveEvery;
    while (t < target) {
      let last = false;
      let hs = h;
      if (t + h >= target - 1e-12 * span) {
        hs = target - t;
        last = true;
      }
      for (let i = 0; i < n; i++) yt[i] = (y[i] as number) + hs * A21 * (fk1[i] as number);
      k.deriv(t + hs / 5, yt, k2, p, v, c);
      for (let i = 0; i < n; i++)
        yt[i] = (y[i] as number) + hs * (A31 * (fk1[i] as number) + A32 * (k2[i] as number));
      k.deriv(t + (3 * hs) / 10, yt, k3, p, v, c);
      for (let i = 0; i < n; i++)
        yt[i] =
          (y[i] as number) +
          hs * (A41 * (fk1[i] as number) + A42 * (k2[i] as number) + A43 * (k3[i] as number));
      k.deriv(t + (4 * hs) / 5, yt, k4, p, v, c);
      for (let i = 0; i < n; i++)
        yt[i] =
          (y[i] as number) +
          hs *
            (A51 * (fk1[i] as number) +
              A52 * (k2[i] as number) +
              A53 * (k3[i] as number) +
              A54 * (k4[i] as number));
      k.deriv(t + (8 * hs) / 9, yt, k5, p, v, c);
      for (let i = 0; i < n; i++)
        yt[i] =
          (y[i] as number) +
          hs *
            (A61 * (fk1[i] as number) +
              A62 * (k2[i] as number) +
              A63 * (k3[i] as number) +
              A64 * (k4[i] as number) +
              A65 * (k5[i] as number));
      k.deriv(t + hs, yt, k6, p, v, c);
      for (let i = 0; i < n; i++)
        yt[i] =
          (y[i] as number) +
          hs *
            (B1 * (fk1[i] as number) +
              B3 * (k3[i] as number) +
              B4 * (k4[i] as number) +
              B5 * (k5[i] as number) +
              B6 * (k6[i] as number));
      k.deriv(t + hs, yt, fk7, p, v, c);
      let err = 0;
      for (let i = 0; i < n; i++) {
        const e =
          hs *
          (E1 * (fk1[i] as number) +
            E3 * (k3[i] as number) +
            E4 * (k4[i] as number) +
            E5 * (k5[i] as number) +
            E6 * (k6[i] as number) +
            E7 * (fk7[i] as number));
        const sc = atol + rtol * Math.max(Math.abs(y[i] as number), Math.abs(yt[i] as number));
        err += (e / sc) * (e / sc);
      }
      err = n > 0 ? Math.sqrt(err / n) : 0;
      if (!Number.isFinite(err)) err = 1e10;
      const factor = err === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * err ** -0.2));
      if (err <= 1) {
        t = last ? target : t + hs;
        y.set(yt);
        if (k.nonNegative.length > 0) {
          clamp(y, k.nonNegative);
          k.deriv(t, y, fk7, p, v, c);
        }
        swap = fk1;
        fk1 = fk7;
        fk7 = swap;
        h = last ? Math.max(h, hs * factor) : hs * factor;
      } else {
        h = hs * Math.max(0.2, factor);
        if (h < 1e-14 * Math.max(1, Math.abs(t))) throw new StepSizeError(t);
      }
    }
    // The last stage was evaluated at (t, y) exactly (FSAL), so v holds the variables at the save time,
    // unless a rejected step came after; re-evaluate to be sure.
    k.deriv(t, y, fk1, p, v, c);
    record(v, vars, out, row);
  }
}
