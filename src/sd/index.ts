/**
 * The system-dynamics engine: models as data (YAML/JSON/XMILE), compiled to one generated derivative
 * function over typed arrays, integrated by Euler, RK4 or adaptive Dormand–Prince. See docs/sd.md.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError } from '../io/problems.ts';
import { readDocument } from '../io/read-document.ts';
import { buildPlan, type Plan } from './compile.ts';
import { sdText } from './messages.ts';
import { modelProblem, parseSdModel, type SdModel } from './model.ts';
import { rk45, type Schedule, StepSizeError, Workspace } from './solve.ts';
import { importVensim } from './vensim.ts';
import { importXmile } from './xmile.ts';

export type { SdModel, SdOrigin } from './model.ts';
export { parseSdModel, SdModelSchema } from './model.ts';
export { importXmile } from './xmile.ts';

export type SdMethod = 'euler' | 'rk4' | 'rk45';

export interface SdRunOptions {
  method?: SdMethod;
  dt?: number;
  start?: number;
  stop?: number;
  saveEvery?: number;
  constants?: Float64Array | Record<string, number>;
  rtol?: number;
  atol?: number;
}

export interface SdRunResult {
  time: Float64Array;
  series: Record<string, Float64Array>;
  method: string;
  dt: number;
}

export interface CompiledSdModel {
  readonly model: SdModel;
  /** User-visible stocks (hidden SMOOTH/DELAY/INTEG stocks excluded). */
  readonly stockNames: readonly string[];
  readonly constantNames: readonly string[];
  /** Every stock, flow and auxiliary that can be reported. */
  readonly variableNames: readonly string[];
  /** -1 if absent. */
  constantIndex(name: string): number;
  /** A fresh copy of the constants' values. */
  defaultConstants(): Float64Array;
  run(opts?: SdRunOptions): SdRunResult;
  /**
   * Low-level, allocation-free after the first call: integrates with the given constants and writes the
   * requested variables at each save time into out (row-major: saveIndex × vars.length).
   */
  runInto(constants: Float64Array, vars: Int32Array, out: Float64Array, opts?: SdRunOptions): void;
  /** -1 if absent. */
  variableIndex(name: string): number;
  /** The number of save times a run with these options produces (rows of runInto's out). */
  saveCount(opts?: SdRunOptions): number;
  /** The save times of a run with these options. */
  saveTimes(opts?: SdRunOptions): Float64Array;
  /** The generated JavaScript (for inspection). */
  readonly source: string;
}

/** Reads a model by extension: .yaml/.yml/.json (Climb format), .xmile/.stmx/.xml (XMILE), .mdl (Vensim). */
export function loadSdModel(file: string): SdModel {
  const ext = extname(file).toLowerCase();
  const vensim = ext === '.mdl'; // Vensim (src/sd/vensim.ts)
  if (vensim || ext === '.xmile' || ext === '.stmx' || ext === '.xml' || ext === '.itmx') {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      readDocument(file); // throws the located "does not exist / cannot be read" problem
      throw new Error('unreachable');
    }
    return vensim ? importVensim(text, file) : importXmile(text, file);
  }
  const doc = readDocument(file);
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  return parseSdModel(doc.data, { file, locate: doc.locate, ...(text !== undefined ? { text } : {}) });
}

/** Compiles a model; throws InputError on syntax errors, undefined names, cycles and unit mismatches. */
export function compileSdModel(model: SdModel): CompiledSdModel {
  return new Compiled(model, buildPlan(model));
}

class Compiled implements CompiledSdModel {
  readonly stockNames: readonly string[];
  readonly constantNames: readonly string[];
  readonly variableNames: readonly string[];
  readonly source: string;
  private readonly constIdx: Map<string, number>;
  private readonly varIdx: Map<string, number>;
  private ws: Workspace | undefined;
  private readonly sched: Schedule = {
    start: 0,
    stop: 0,
    dt: 1,
    stride: 1,
    steps: 0,
    saves: 0,
    saveEvery: 1,
    rtol: 1e-6,
    atol: 1e-6,
  };

  constructor(
    readonly model: SdModel,
    private readonly plan: Plan,
  ) {
    this.stockNames = plan.stockNames;
    this.constantNames = plan.constantNames;
    this.variableNames = plan.variableNames;
    this.source = plan.kernel.source;
    this.constIdx = new Map(plan.constantNames.map((n, i) => [n, i]));
    this.varIdx = new Map(plan.variableNames.map((n, i) => [n, i]));
  }

  constantIndex(name: string): number {
    return this.constIdx.get(name) ?? -1;
  }

  variableIndex(name: string): number {
    return this.varIdx.get(name) ?? -1;
  }

  defaultConstants(): Float64Array {
    return this.plan.constants.slice();
  }

  private method(opts: SdRunOptions | undefined): SdMethod {
    return opts?.method ?? this.model.time.method;
  }

  /** Fills the shared schedule (no allocation); throws InputError when the times do not fit together. */
  private schedule(opts: SdRunOptions | undefined): Schedule {
    const t = this.model.time;
    const s = this.sched;
    s.start = opts?.start ?? t.start;
    s.stop = opts?.stop ?? t.stop;
    s.dt = opts?.dt ?? t.dt;
    s.saveEvery = opts?.saveEvery ?? t.saveEvery ?? s.dt;
    s.rtol = opts?.rtol ?? t.rtol ?? 1e-6;
    s.atol = opts?.atol ?? t.atol ?? 1e-6;
    const span = s.stop - s.start;
    if (!(s.dt > 0) || !(span > 0) || !(s.saveEvery > 0))
      this.fail('time', 'run.badTimes', { start: s.start, stop: s.stop, dt: s.dt, saveEvery: s.saveEvery });
    if (this.method(opts) === 'rk45') {
      s.saves = Math.floor(span / s.saveEvery + 1e-9) + 1;
      s.steps = 0;
      s.stride = 1;
      return s;
    }
    s.steps = Math.round(span / s.dt);
    if (Math.abs(s.steps * s.dt - span) > 1e-6 * s.dt)
      this.fail('time.dt', 'run.dtNotDivide', { start: s.start, stop: s.stop, dt: s.dt });
    s.stride = Math.round(s.saveEvery / s.dt);
    if (s.stride < 1 || Math.abs(s.stride * s.dt - s.saveEvery) > 1e-6 * s.dt)
      this.fail('time.saveEvery', 'run.saveNotMultiple', { saveEvery: s.saveEvery, dt: s.dt });
    s.saves = Math.floor(s.steps / s.stride) + 1;
    return s;
  }

  private fail(path: string, key: string, values: Record<string, unknown>): never {
    throw new InputError([
      modelProblem(this.model.origin, path, sdText(key, values), sdText(`${key}Fix`, values)),
    ]);
  }

  saveCount(opts?: SdRunOptions): number {
    return this.schedule(opts).saves;
  }

  saveTimes(opts?: SdRunOptions): Float64Array {
    const s = this.schedule(opts);
    const every = this.method(opts) === 'rk45' ? s.saveEvery : s.stride * s.dt;
    return Float64Array.from({ length: s.saves }, (_, k) => s.start + k * every);
  }

  runInto(constants: Float64Array, vars: Int32Array, out: Float64Array, opts?: SdRunOptions): void {
    const s = this.schedule(opts);
    if (constants.length < this.constantNames.length)
      throw new RangeError(
        `constants has ${constants.length} values; the model has ${this.constantNames.length}`,
      );
    if (out.length < s.saves * vars.length)
      throw new RangeError(
        `out holds ${out.length} values; ${s.saves} saves × ${vars.length} variables needed`,
      );
    for (let j = 0; j < vars.length; j++) {
      const v = vars[j] as number;
      if (!(v >= 0 && v < this.variableNames.length))
        throw new RangeError(`vars[${j}] = ${v} is not a variable index`);
    }
    this.ws ??= new Workspace(this.plan.kernel);
    const method = this.method(opts);
    const k = this.plan.kernel;
    if (method === 'euler') k.euler(this.ws, constants, s, vars, out);
    else if (method === 'rk4') k.rk4(this.ws, constants, s, vars, out);
    else {
      try {
        rk45(k, this.ws, constants, s, vars, out);
      } catch (err) {
        if (err instanceof StepSizeError) this.fail('time', 'run.stepUnderflow', { t: err.t });
        throw err;
      }
    }
  }

  run(opts?: SdRunOptions): SdRunResult {
    let p: Float64Array;
    const given = opts?.constants;
    if (given instanceof Float64Array) p = given;
    else {
      p = this.defaultConstants();
      if (given)
        for (const [name, value] of Object.entries(given)) {
          const i = this.constantIndex(name);
          if (i < 0)
            this.fail('constants', 'run.unknownConstant', { name, names: this.constantNames.join(', ') });
          p[i] = value;
        }
    }
    const names = this.variableNames;
    const vars = Int32Array.from(names, (_, i) => i);
    const saves = this.saveCount(opts);
    const out = new Float64Array(saves * vars.length);
    this.runInto(p, vars, out, opts);
    const series: Record<string, Float64Array> = {};
    names.forEach((name, j) => {
      const col = new Float64Array(saves);
      for (let r = 0; r < saves; r++) col[r] = out[r * vars.length + j] as number;
      series[name] = col;
    });
    return {
      time: this.saveTimes(opts),
      series,
      method: this.method(opts),
      dt: opts?.dt ?? this.model.time.dt,
    };
  }
}
