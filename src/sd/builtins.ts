/**
 * The built-in functions of the equation language: arity, and the run-time helpers the generated code
 * calls. Names are case-insensitive. Functions that hold state (SMOOTH, DELAY, INTEG) are not here:
 * the compiler replaces them by hidden stocks (see compile.ts).
 */
export interface BuiltinSpec {
  min: number;
  max: number;
}

export const PURE_BUILTINS: Record<string, BuiltinSpec> = {
  MIN: { min: 2, max: Number.POSITIVE_INFINITY },
  MAX: { min: 2, max: Number.POSITIVE_INFINITY },
  ABS: { min: 1, max: 1 },
  EXP: { min: 1, max: 1 },
  LN: { min: 1, max: 1 },
  LOG10: { min: 1, max: 1 },
  SQRT: { min: 1, max: 1 },
  POW: { min: 2, max: 2 },
  INT: { min: 1, max: 1 },
  MOD: { min: 2, max: 2 },
  IF_THEN_ELSE: { min: 3, max: 3 },
  STEP: { min: 2, max: 2 },
  PULSE: { min: 2, max: 2 },
  RAMP: { min: 2, max: 3 },
  /** XMILE's PULSE(volume, first[, interval]): volume/DT during one DT at first, first+interval, … */
  PULSE_TRAIN: { min: 2, max: 3 },
  LOOKUP: { min: 2, max: 2 },
};

export const STATEFUL_BUILTINS: Record<string, BuiltinSpec> = {
  SMOOTH: { min: 2, max: 3 },
  SMOOTH3: { min: 2, max: 3 },
  DELAY1: { min: 2, max: 3 },
  DELAY3: { min: 2, max: 3 },
  INTEG: { min: 2, max: 2 },
};

/** Aliases accepted in equations (Vensim and XMILE spellings). */
export const FUNCTION_ALIASES: Record<string, string> = {
  SMOOTHI: 'SMOOTH',
  SMOOTH3I: 'SMOOTH3',
  DELAY1I: 'DELAY1',
  DELAY3I: 'DELAY3',
  SMTH1: 'SMOOTH',
  SMTH3: 'SMOOTH3',
  INTEGER: 'INT',
  MODULO: 'MOD',
  POWER: 'POW',
  LOG: 'LN',
};

/** Names that mean the clock when no model element has that name. */
export const TIME_NAMES: Record<string, 't' | 'dt' | 't0' | 't1'> = {
  TIME: 't',
  TIME_STEP: 'dt',
  DT: 'dt',
  INITIAL_TIME: 't0',
  STARTTIME: 't0',
  FINAL_TIME: 't1',
  STOPTIME: 't1',
};

/** PULSE(start, width): 1 from start for width (width ≤ 0 means one DT), else 0. */
export function pulse(t: number, start: number, width: number, dt: number, tol: number): number {
  const w = width > 0 ? width : dt;
  return t >= start - tol && t < start + w - tol ? 1 : 0;
}

/** RAMP(slope, start[, end]): 0 before start, slope·(t − start) until end, then constant. */
export function ramp(t: number, slope: number, start: number, end: number): number {
  if (t <= start) return 0;
  return slope * ((t < end ? t : end) - start);
}

/** XMILE PULSE(volume, first, interval): volume/DT in the DT starting at first (and every interval). */
export function pulseTrain(
  t: number,
  volume: number,
  first: number,
  interval: number,
  dt: number,
  tol: number,
): number {
  if (t < first - tol) return 0;
  if (!(interval > 0)) return t < first + dt - tol ? volume / dt : 0;
  const since = t - first;
  const k = Math.floor((since + tol) / interval);
  return since - k * interval < dt - tol ? volume / dt : 0;
}

/** A graphical function: linear interpolation between points, clamped to the end values outside them. */
export function makeLookup(xs: Float64Array, ys: Float64Array): (x: number) => number {
  const n = xs.length;
  const x0 = xs[0] as number;
  const xn = xs[n - 1] as number;
  const y0 = ys[0] as number;
  const yn = ys[n - 1] as number;
  return (x: number) => {
    if (!(x > x0)) return x <= x0 ? y0 : x;
    if (x >= xn) return yn;
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((xs[mid] as number) <= x) lo = mid;
      else hi = mid;
    }
    const xl = xs[lo] as number;
    const yl = ys[lo] as number;
    return yl + (((ys[hi] as number) - yl) * (x - xl)) / ((xs[hi] as number) - xl);
  };
}
