import type { LocalizedText } from '../domain/common.ts';
import { InputError, type Problem } from '../io/problems.ts';
import { closest } from '../io/schema-problems.ts';
import {
  FUNCTION_ALIASES,
  makeLookup,
  PURE_BUILTINS,
  pulse,
  pulseTrain,
  ramp,
  STATEFUL_BUILTINS,
  TIME_NAMES,
} from './builtins.ts';
import { type BinOp, type Expr, ExprSyntaxError, parseExpr } from './expr.ts';
import { sdText } from './messages.ts';
import { modelProblem, type SdModel } from './model.ts';
import { FIXED_STEP_HELPERS, type FixedStepSolver } from './solve.ts';
import { checkUnits } from './unit-check.ts';

/** The resolved form of an expression: slots in the state (y), params (p), variables (v) and clock (c). */
export type IR =
  | { k: 'num'; v: number }
  | { k: 'y'; i: number }
  | { k: 'p'; i: number }
  | { k: 'v'; i: number }
  | { k: 't' }
  | { k: 'c'; i: number }
  | { k: 'un'; op: '-' | '+' | 'not'; a: IR }
  | { k: 'bin'; op: BinOp; a: IR; b: IR }
  | { k: 'fn'; fn: string; args: IR[] }
  | { k: 'lk'; i: number; a: IR };

/** Clock slots: c[0] = dt, c[1] = start, c[2] = stop, c[3] = time tolerance. */
const CLOCK = { dt: 0, t0: 1, t1: 2 } as const;

export interface Kernel {
  /** Computes every variable into v and the derivative of every state into dy. */
  deriv(
    t: number,
    y: Float64Array,
    dy: Float64Array,
    p: Float64Array,
    v: Float64Array,
    c: Float64Array,
  ): void;
  /** Sets the initial state (and the variables the initial values need). */
  init(t: number, y: Float64Array, p: Float64Array, v: Float64Array, c: Float64Array): void;
  /** Fixed-step integrators compiled with this model's deriv (see FIXED_STEP_SOURCE in solve.ts). */
  euler: FixedStepSolver;
  rk4: FixedStepSolver;
  nStates: number;
  nVars: number;
  /** States clamped at zero after each step. */
  nonNegative: Int32Array;
  source: string;
}

export interface Plan {
  kernel: Kernel;
  stockNames: string[];
  constantNames: string[];
  /** Reportable variables: the v slots 0 … variableNames.length − 1. */
  variableNames: string[];
  constants: Float64Array;
}

interface VarNode {
  label: string;
  path: string;
  ir: IR;
  /** For `flows` with nonNegative. */
  clampAtZero?: boolean;
}

interface StateNode {
  label: string;
  path: string;
  init: IR;
  deriv: IR;
}

type Sym =
  | { kind: 'const'; i: number }
  | { kind: 'stock'; i: number }
  | { kind: 'var'; i: number }
  | { kind: 'lookup'; i: number };

const isSimple = (ir: IR) => ir.k === 'num' || ir.k === 'y' || ir.k === 'p' || ir.k === 'v' || ir.k === 't';
const num = (v: number): IR => ({ k: 'num', v });
const bin = (op: BinOp, a: IR, b: IR): IR => ({ k: 'bin', op, a, b });

/** Compiles a model to an evaluation plan; throws InputError listing every problem found. */
export function buildPlan(model: SdModel): Plan {
  const origin = model.origin;
  const problems: Problem[] = [];
  const syms = new Map<string, Sym>();
  model.constants.forEach((c, i) => {
    syms.set(c.name, { kind: 'const', i });
  });
  model.stocks.forEach((s, i) => {
    syms.set(s.name, { kind: 'stock', i });
  });
  const vars: VarNode[] = [];
  const states: StateNode[] = [];
  // Reportable slots: stocks, then flows, then auxiliaries. Hidden auxiliaries come after.
  const nStocks = model.stocks.length;
  model.flows.forEach((f, i) => {
    syms.set(f.name, { kind: 'var', i: nStocks + i });
  });
  model.auxiliaries.forEach((a, i) => {
    syms.set(a.name, { kind: 'var', i: nStocks + model.flows.length + i });
  });
  model.lookups.forEach((l, i) => {
    syms.set(l.name, { kind: 'lookup', i });
  });
  const allNames = [...syms.keys()];

  // Hidden auxiliaries (in `vars`) get the slots after the reportable ones.
  const reportable = nStocks + model.flows.length + model.auxiliaries.length;
  const varNodes: (VarNode | undefined)[] = new Array(reportable).fill(undefined);
  for (let i = 0; i < nStocks; i++)
    states.push({ label: model.stocks[i]?.name ?? '', path: '', init: num(0), deriv: num(0) });

  const parsed = new Map<string, Expr>();
  const parse = (text: string, path: string): Expr | undefined => {
    try {
      const e = parseExpr(text);
      parsed.set(path, e);
      return e;
    } catch (err) {
      if (!(err instanceof ExprSyntaxError)) throw err;
      const caret = `${text}\n${' '.repeat(err.pos)}^`;
      problems.push(
        modelProblem(
          origin,
          path,
          sdText('syntax.error', {
            detail: sdText(err.key, err.values).en,
            column: err.pos + 1,
            caret,
          }),
          sdText('syntax.fix'),
          err.pos + 1,
        ),
      );
      // Keep the Chinese detail in Chinese.
      const last = problems[problems.length - 1];
      if (last)
        last.message = {
          en: last.message.en,
          zh: sdText('syntax.error', { detail: sdText(err.key, err.values).zh, column: err.pos + 1, caret })
            .zh,
        };
      return undefined;
    }
  };

  const hiddenVar = (ir: IR, label: string, path: string): IR => {
    if (isSimple(ir)) return ir;
    const i = reportable + vars.length;
    vars.push({ label, path, ir });
    return { k: 'v', i };
  };
  const hiddenState = (label: string, path: string): number => {
    states.push({ label, path, init: num(0), deriv: num(0) });
    return states.length - 1;
  };

  const lower = (e: Expr, owner: string, path: string): IR => {
    const fail = (message: LocalizedText, fix?: LocalizedText): IR => {
      problems.push(modelProblem(origin, path, message, fix, e.pos + 1));
      return num(0);
    };
    switch (e.k) {
      case 'num':
        return num(e.v);
      case 'name': {
        const s = syms.get(e.name);
        if (s) {
          if (s.kind === 'const') return { k: 'p', i: s.i };
          if (s.kind === 'stock') return { k: 'y', i: s.i };
          if (s.kind === 'var') return { k: 'v', i: s.i };
          return fail(
            sdText('names.lookupAsValue', { name: e.name, owner }),
            sdText('names.lookupAsValueFix', { name: e.name }),
          );
        }
        const clock = TIME_NAMES[e.name.toUpperCase()];
        if (clock) return clock === 't' ? { k: 't' } : { k: 'c', i: CLOCK[clock] };
        const near = closest(e.name, allNames);
        return fail(
          sdText('names.undefined', { name: e.name, owner, column: e.pos + 1 }),
          near ? sdText('names.didYouMean', { near }) : sdText('names.undefinedFix'),
        );
      }
      case 'un':
        return { k: 'un', op: e.op, a: lower(e.a, owner, path) };
      case 'bin':
        return bin(e.op, lower(e.a, owner, path), lower(e.b, owner, path));
      case 'call': {
        const s = syms.get(e.fn);
        if (s?.kind === 'lookup') {
          if (e.args.length !== 1 || !e.args[0])
            return fail(sdText('names.arity', { fn: e.fn, min: 1, max: 1, got: e.args.length }));
          return { k: 'lk', i: s.i, a: lower(e.args[0], owner, path) };
        }
        const upper = e.fn.toUpperCase();
        const fn = FUNCTION_ALIASES[upper] ?? upper;
        const spec = PURE_BUILTINS[fn] ?? STATEFUL_BUILTINS[fn];
        if (!spec) {
          const near = closest(e.fn, [
            ...Object.keys(PURE_BUILTINS),
            ...Object.keys(STATEFUL_BUILTINS),
            ...model.lookups.map((l) => l.name),
          ]);
          return fail(
            sdText('names.unknownFunction', { fn: e.fn, owner }),
            near ? sdText('names.didYouMean', { near }) : sdText('names.unknownFunctionFix'),
          );
        }
        if (e.args.length < spec.min || e.args.length > spec.max)
          return fail(
            sdText('names.arity', {
              fn: e.fn,
              min: spec.min,
              max: spec.max === Number.POSITIVE_INFINITY ? '∞' : spec.max,
              got: e.args.length,
            }),
          );
        if (fn === 'LOOKUP') {
          const table = e.args[0] as Expr;
          const ts = table.k === 'name' ? syms.get(table.name) : undefined;
          if (ts?.kind !== 'lookup') return fail(sdText('names.notALookup', { owner }));
          return { k: 'lk', i: ts.i, a: lower(e.args[1] as Expr, owner, path) };
        }
        const args = e.args.map((a) => lower(a, owner, path));
        if (PURE_BUILTINS[fn]) return { k: 'fn', fn, args };
        return lowerStateful(fn, args, owner, path);
      }
    }
  };

  const lowerStateful = (fn: string, args: IR[], owner: string, path: string): IR => {
    const label = (what: string) => `${fn}(…) ${what} in ${owner}`;
    const [a0, a1, a2] = args as [IR, IR, IR | undefined];
    if (fn === 'INTEG') {
      const rate = hiddenVar(a0, label('rate'), path);
      const s = hiddenState(label('stock'), path);
      const st = states[s] as StateNode;
      st.init = a1;
      st.deriv = rate;
      return { k: 'y', i: s };
    }
    const input = hiddenVar(a0, label('input'), path);
    const delay = hiddenVar(a1, label('delay time'), path);
    const init = a2 ? hiddenVar(a2, label('initial value'), path) : input;
    if (fn === 'SMOOTH' || fn === 'SMOOTH3') {
      const order = fn === 'SMOOTH' ? 1 : 3;
      const tau = order === 1 ? delay : hiddenVar(bin('/', delay, num(order)), label('stage time'), path);
      let prev = input;
      for (let j = 0; j < order; j++) {
        const s = hiddenState(label(`stage ${j + 1}`), path);
        const st = states[s] as StateNode;
        st.init = init;
        st.deriv = bin('/', bin('-', prev, { k: 'y', i: s }), tau);
        prev = { k: 'y', i: s };
      }
      return prev;
    }
    // DELAY1 / DELAY3: material in transit L_j, outflow L_j / (delay / order).
    const order = fn === 'DELAY1' ? 1 : 3;
    const tau = order === 1 ? delay : hiddenVar(bin('/', delay, num(order)), label('stage time'), path);
    let inflow = input;
    let out: IR = num(0);
    for (let j = 0; j < order; j++) {
      const s = hiddenState(label(`stage ${j + 1}`), path);
      const st = states[s] as StateNode;
      st.init = bin('*', init, tau);
      out = hiddenVar(bin('/', { k: 'y', i: s }, tau), label(`outflow ${j + 1}`), path);
      st.deriv = bin('-', inflow, out);
      inflow = out;
    }
    return out;
  };

  model.stocks.forEach((s, i) => {
    const path = `stocks[${i}].initial`;
    const e = parse(s.initial, path);
    const st = states[i] as StateNode;
    st.label = s.name;
    st.path = path;
    if (e) st.init = lower(e, s.name, path);
    const v = (name: string) => {
      const sym = syms.get(name);
      return sym?.kind === 'var' ? ({ k: 'v', i: sym.i } as IR) : num(0);
    };
    let d: IR | undefined;
    for (const f of s.inflows) d = d ? bin('+', d, v(f)) : v(f);
    let out: IR | undefined;
    for (const f of s.outflows) out = out ? bin('+', out, v(f)) : v(f);
    st.deriv = d && out ? bin('-', d, out) : (d ?? (out ? { k: 'un', op: '-', a: out } : num(0)));
  });
  model.flows.forEach((f, i) => {
    const path = `flows[${i}].equation`;
    const e = parse(f.equation, path);
    varNodes[nStocks + i] = {
      label: f.name,
      path,
      ir: e ? lower(e, f.name, path) : num(0),
      ...(f.nonNegative ? { clampAtZero: true } : {}),
    };
  });
  model.auxiliaries.forEach((a, i) => {
    const path = `auxiliaries[${i}].equation`;
    const e = parse(a.equation, path);
    varNodes[nStocks + model.flows.length + i] = {
      label: a.name,
      path,
      ir: e ? lower(e, a.name, path) : num(0),
    };
  });
  model.stocks.forEach((s, i) => {
    varNodes[i] = { label: s.name, path: `stocks[${i}]`, ir: { k: 'y', i } };
  });
  if (problems.length === 0) problems.push(...checkUnits(model, parsed));
  if (problems.length) throw new InputError(problems);

  const allVars: VarNode[] = [...(varNodes as VarNode[]), ...vars];
  for (const vn of allVars) if (vn.clampAtZero) vn.ir = { k: 'fn', fn: 'MAX', args: [num(0), vn.ir] };

  // Run-time order: variables depend on variables (stocks and constants are known at each evaluation).
  const varDeps = allVars.map((vn) => refs(vn.ir, 'v'));
  const order = topoOrder(allVars.length, (i) => varDeps[i] as number[]);
  if ('cycle' in order) {
    const names = order.cycle.map((i) => allVars[i]?.label ?? '?');
    const first = allVars[order.cycle[0] as number] as VarNode;
    throw new InputError([
      modelProblem(
        origin,
        first.path,
        sdText('cycle.message', { cycle: [...names, names[0]].join(' → ') }),
        sdText('cycle.fix'),
      ),
    ]);
  }
  // Initial order: over variables (0 … V−1) and states (V … V+S−1).
  const V = allVars.length;
  const initDeps = (i: number): number[] => {
    if (i < V) {
      const vn = allVars[i] as VarNode;
      return [...refs(vn.ir, 'v'), ...refs(vn.ir, 'y').map((j) => V + j)];
    }
    const st = states[i - V] as StateNode;
    return [...refs(st.init, 'v'), ...refs(st.init, 'y').map((j) => V + j)];
  };
  const initOrder = topoOrder(V + states.length, initDeps);
  if ('cycle' in initOrder) {
    const names = initOrder.cycle.map((i) => (i < V ? allVars[i]?.label : states[i - V]?.label) ?? '?');
    const i0 = initOrder.cycle[0] as number;
    const path = (i0 < V ? allVars[i0]?.path : states[i0 - V]?.path) ?? '';
    throw new InputError([
      modelProblem(
        origin,
        path,
        sdText('cycle.initMessage', { cycle: [...names, names[0]].join(' → ') }),
        sdText('cycle.initFix'),
      ),
    ]);
  }

  const lines: string[] = [];
  lines.push('const min = Math.min, max = Math.max, abs = Math.abs, exp = Math.exp, log = Math.log;');
  lines.push(
    'const sqrt = Math.sqrt, pow = Math.pow, floor = Math.floor, trunc = Math.trunc, log10 = Math.log10;',
  );
  lines.push('const pulse = H.pulse, ramp = H.ramp, pulseTrain = H.pulseTrain, mod = H.mod;');
  model.lookups.forEach((_, i) => {
    lines.push(`const L${i} = H.lookups[${i}];`);
  });
  // Variables that depend on constants only are computed once per run, by init, and then read from v.
  const fixed = staticVariables(allVars, order.order);
  const dynamic = order.order.filter((i) => i >= nStocks && !fixed.has(i));
  lines.push('function deriv(t, y, dy, p, v, c) {');
  lines.push('  const TOL = c[3];');
  for (let i = 0; i < nStocks; i++) lines.push(`  v[${i}] = y[${i}];`);
  for (const i of dynamic) lines.push(`  v[${i}] = ${js(allVars[i]?.ir as IR)};`);
  states.forEach((st, j) => {
    lines.push(`  dy[${j}] = ${js(st.deriv)};`);
  });
  lines.push('}');
  lines.push('function init(t, y, p, v, c) {');
  lines.push('  const TOL = c[3];');
  for (const i of initOrder.order) {
    if (i < V) {
      if (i >= nStocks) lines.push(`  v[${i}] = ${js(allVars[i]?.ir as IR)};`);
    } else {
      const j = i - V;
      lines.push(`  y[${j}] = ${js(states[j]?.init as IR)};`);
      if (j < nStocks) lines.push(`  v[${j}] = y[${j}];`);
    }
  }
  lines.push('}');
  lines.push(FIXED_STEP_HELPERS);
  lines.push(
    ...scalarSolvers({
      nStocks,
      nStates: states.length,
      dynamic,
      fixed,
      varIR: (i) => (allVars[i] as VarNode).ir,
      stateIR: (j) => (states[j] as StateNode).deriv,
      nonNegative: nonNegativeStocks(model),
    }),
  );
  lines.push('return { deriv, init, euler, rk4 };');
  const source = lines.join('\n');
  const helpers = {
    pulse,
    mod: (x: number, m: number) => x - m * Math.floor(x / m),
    ramp,
    pulseTrain,
    lookups: model.lookups.map((l) =>
      makeLookup(
        Float64Array.from(l.points, (p) => p[0]),
        Float64Array.from(l.points, (p) => p[1]),
      ),
    ),
  };
  // The equations become one JavaScript function: no tree walking and no allocation per evaluation.
  const built = new Function('H', source)(helpers) as Pick<Kernel, 'deriv' | 'init' | 'euler' | 'rk4'>;
  const nonNegative = Int32Array.from(nonNegativeStocks(model));
  return {
    kernel: { ...built, nStates: states.length, nVars: V, nonNegative, source },
    stockNames: model.stocks.map((s) => s.name),
    constantNames: model.constants.map((c) => c.name),
    variableNames: [
      ...model.stocks.map((s) => s.name),
      ...model.flows.map((f) => f.name),
      ...model.auxiliaries.map((a) => a.name),
    ],
    constants: Float64Array.from(model.constants, (c) => c.value),
  };
}

interface SolverPlan {
  nStocks: number;
  nStates: number;
  /** Variables computed at every evaluation, in evaluation order. */
  dynamic: readonly number[];
  /** Variables computed once per run (constants only). */
  fixed: ReadonlySet<number>;
  varIR: (i: number) => IR;
  stateIR: (j: number) => IR;
  nonNegative: readonly number[];
}

/**
 * Euler and classical RK4 (as deSolve's `euler` and `rk4`) generated for one model with the state, the
 * stage slopes, the constants and the variables in local variables, so the inner loop is straight-line
 * arithmetic on registers. At each save the state is written back and the array `deriv` computes every
 * variable for the record. Each model gets its own loop, so no call site is shared between models.
 */
function scalarSolvers(plan: SolverPlan): string[] {
  const { nStocks, nStates: S, fixed } = plan;
  // Only the variables the state derivatives need (directly or through other variables): variables that
  // are only reported are computed by `deriv` at the save times.
  const needed = new Set<number>();
  const need = (ir: IR) => {
    for (const i of refs(ir, 'v'))
      if (i >= nStocks && !fixed.has(i) && !needed.has(i)) {
        needed.add(i);
        need(plan.varIR(i));
      }
  };
  for (let j = 0; j < S; j++) need(plan.stateIR(j));
  const dynamic = plan.dynamic.filter((i) => needed.has(i));
  const js_ = (ir: IR, n: Names) => js(ir, n);
  const used = new Set<number>();
  const usedFixed = new Set<number>();
  const all = [...dynamic.map(plan.varIR), ...Array.from({ length: S }, (_, j) => plan.stateIR(j))];
  for (const ir of all) {
    for (const i of refs(ir, 'p')) used.add(i);
    for (const i of refs(ir, 'v')) if (fixed.has(i)) usedFixed.add(i);
  }
  const idx = Array.from({ length: S }, (_, j) => j);
  const list = (f: (j: number) => string) => idx.map(f).join(', ');
  // Variables of time and constants only (levers switched on by STEP, shocks by PULSE): RK4 evaluates
  // them once at t + h/2 for its two middle stages and once at t + h for its last stage and the next
  // step's first, in two banks of locals (A: at t, B: at t + h/2).
  const timeOnly = new Set<number>();
  for (const i of dynamic) {
    const ir = plan.varIR(i);
    if (refs(ir, 'y').length === 0 && refs(ir, 'v').every((r) => fixed.has(r) || timeOnly.has(r)))
      timeOnly.add(i);
  }
  type Bank = { name: 'A' | 'B'; compute: boolean };
  const names = (y: (j: number) => string, bank?: Bank): Names => ({
    t: 'ts',
    y,
    p: (i) => `P${i}`,
    v: (i) =>
      i < nStocks ? y(i) : fixed.has(i) ? `V${i}` : bank && timeOnly.has(i) ? `${bank.name}${i}` : `a${i}`,
  });
  const computeBank = (bank: Bank, time: string): string[] => {
    const n = names((j) => `y${j}`, bank);
    return [
      '{',
      `const ts = ${time};`,
      ...dynamic.filter((i) => timeOnly.has(i)).map((i) => `${bank.name}${i} = ${js_(plan.varIR(i), n)};`),
      '}',
    ];
  };
  const stage = (time: string, y: (j: number) => string, k: string, bank?: Bank): string[] => {
    const n = names(y, bank);
    return [
      ...(bank?.compute ? computeBank(bank, time) : []),
      '{',
      `const ts = ${time};`,
      ...dynamic
        .filter((i) => !(bank && timeOnly.has(i)))
        .map((i) => `const a${i} = ${js_(plan.varIR(i), n)};`),
      ...idx.map((j) => `${k}${j} = ${js_(plan.stateIR(j), n)};`),
      '}',
    ];
  };
  const banks = [...timeOnly].flatMap((i) => [`A${i} = 0`, `B${i} = 0`]);
  const prologue = [
    'const y = w.y, v = w.v, c = w.c, dy = w.k[0];',
    'setClock(c, s);',
    'init(s.start, y, p, v, c);',
    'const TOL = c[3], h = s.dt, h2 = h / 2, h6 = h / 6, t0 = s.start, stride = s.stride, steps = s.steps;',
    ...[...used].map((i) => `const P${i} = p[${i}];`),
    ...[...usedFixed].map((i) => `const V${i} = v[${i}];`),
    S > 0 ? `let ${list((j) => `y${j} = y[${j}]`)};` : '',
    'let row = 0;',
  ];
  const save = (k: string) => [
    ...idx.map((j) => `y[${j}] = y${j};`),
    'deriv(t, y, dy, p, v, c);',
    'record(v, vars, out, row++);',
    ...idx.map((j) => `${k}${j} = dy[${j}];`),
  ];
  const clamp = plan.nonNegative.map((j) => `if (y${j} < 0) y${j} = 0;`);
  const epilogue = idx.map((j) => `y[${j}] = y${j};`);
  const yl = (j: number) => `y${j}`;
  const ul = (j: number) => `u${j}`;
  const euler = [
    'function euler(w, p, s, vars, out) {',
    ...prologue,
    S > 0 ? `let ${list((j) => `k1_${j} = 0`)};` : '',
    'for (let step = 0; ; step++) {',
    'const t = t0 + step * h;',
    'if (step % stride === 0) {',
    ...save('k1_'),
    '} else',
    ...stage('t', yl, 'k1_'),
    'if (step === steps) break;',
    ...idx.map((j) => `y${j} += h * k1_${j};`),
    ...clamp,
    '}',
    ...epilogue,
    '}',
  ];
  const rk4 = [
    'function rk4(w, p, s, vars, out) {',
    ...prologue,
    S > 0 ? `let ${list((j) => `k1_${j} = 0, k2_${j} = 0, k3_${j} = 0, k4_${j} = 0, u${j} = 0`)};` : '',
    banks.length > 0 ? `let ${banks.join(', ')};` : '',
    ...computeBank({ name: 'A', compute: true }, 't0'),
    'for (let step = 0; ; step++) {',
    'const t = t0 + step * h;',
    'if (step % stride === 0) {',
    ...save('k1_'),
    '} else',
    ...stage('t', yl, 'k1_', { name: 'A', compute: false }),
    'if (step === steps) break;',
    ...idx.map((j) => `u${j} = y${j} + h2 * k1_${j};`),
    ...stage('t + h2', ul, 'k2_', { name: 'B', compute: true }),
    ...idx.map((j) => `u${j} = y${j} + h2 * k2_${j};`),
    ...stage('t + h2', ul, 'k3_', { name: 'B', compute: false }),
    ...idx.map((j) => `u${j} = y${j} + h * k3_${j};`),
    ...stage('t + h', ul, 'k4_', { name: 'A', compute: true }),
    ...idx.map((j) => `y${j} += h6 * (k1_${j} + 2 * k2_${j} + 2 * k3_${j} + k4_${j});`),
    ...clamp,
    '}',
    ...epilogue,
    '}',
  ];
  return [...euler, ...rk4];
}

/** Variables whose value depends on constants (and dt) only: neither on time nor on any state. */
function staticVariables(vars: readonly VarNode[], order: readonly number[]): Set<number> {
  const fixed = new Set<number>();
  const isStatic = (ir: IR): boolean => {
    switch (ir.k) {
      case 'num':
      case 'p':
      case 'c':
        return true;
      case 'v':
        return fixed.has(ir.i);
      case 'y':
      case 't':
        return false;
      case 'un':
        return isStatic(ir.a);
      case 'bin':
        return isStatic(ir.a) && isStatic(ir.b);
      case 'lk':
        return isStatic(ir.a);
      case 'fn':
        return !TIME_FUNCTIONS.has(ir.fn) && ir.args.every(isStatic);
    }
  };
  for (const i of order) if (isStatic((vars[i] as VarNode).ir)) fixed.add(i);
  return fixed;
}
const TIME_FUNCTIONS = new Set(['STEP', 'PULSE', 'RAMP', 'PULSE_TRAIN']);

function nonNegativeStocks(model: SdModel): number[] {
  return model.stocks.flatMap((s, i) => (s.nonNegative ? [i] : []));
}

function refs(ir: IR, kind: 'v' | 'y' | 'p', out: number[] = []): number[] {
  switch (ir.k) {
    case 'v':
    case 'y':
    case 'p':
      if (ir.k === kind) out.push(ir.i);
      break;
    case 'un':
      refs(ir.a, kind, out);
      break;
    case 'bin':
      refs(ir.a, kind, out);
      refs(ir.b, kind, out);
      break;
    case 'fn':
      for (const a of ir.args) refs(a, kind, out);
      break;
    case 'lk':
      refs(ir.a, kind, out);
      break;
    default:
      break;
  }
  return out;
}

/** Depth-first topological order (dependencies first), or one cycle when there is one. */
function topoOrder(n: number, deps: (i: number) => number[]): { order: number[] } | { cycle: number[] } {
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const order: number[] = [];
  const stack: number[] = [];
  const visit = (i: number): number[] | undefined => {
    state[i] = 1;
    stack.push(i);
    for (const d of deps(i)) {
      if (state[d] === 1) return stack.slice(stack.indexOf(d));
      if (state[d] === 0) {
        const c = visit(d);
        if (c) return c;
      }
    }
    stack.pop();
    state[i] = 2;
    order.push(i);
    return undefined;
  };
  for (let i = 0; i < n; i++)
    if (state[i] === 0) {
      const c = visit(i);
      if (c) return { cycle: c };
    }
  return { order };
}

/**
 * How generated code names time, states, constants and variables: arrays in `deriv` and `init`, locals in
 * the quick derivative and in the scalar fixed-step loops.
 */
interface Names {
  t: string;
  y: (i: number) => string;
  p: (i: number) => string;
  v: (i: number) => string;
}
const ARRAYS: Names = { t: 't', y: (i) => `y[${i}]`, p: (i) => `p[${i}]`, v: (i) => `v[${i}]` };

function js(ir: IR, n: Names = ARRAYS): string {
  const js1 = (x: IR) => js(x, n);
  const t = n.t;
  switch (ir.k) {
    case 'num':
      return ir.v < 0 ? `(${ir.v})` : String(ir.v);
    case 'y':
      return n.y(ir.i);
    case 'p':
      return n.p(ir.i);
    case 'v':
      return n.v(ir.i);
    case 't':
      return t;
    case 'c':
      return `c[${ir.i}]`;
    case 'un':
      if (ir.op === 'not') return `(${js1(ir.a)} === 0 ? 1 : 0)`;
      return ir.op === '-' ? `(-${js1(ir.a)})` : js1(ir.a);
    case 'bin': {
      const a = js1(ir.a);
      const b = js1(ir.b);
      switch (ir.op) {
        case '+':
        case '-':
        case '*':
        case '/':
          return `(${a} ${ir.op} ${b})`;
        case '^':
          return `pow(${a}, ${b})`;
        case '==':
          return `(${a} === ${b} ? 1 : 0)`;
        case '!=':
          return `(${a} !== ${b} ? 1 : 0)`;
        case 'and':
          return `(${a} !== 0 && ${b} !== 0 ? 1 : 0)`;
        case 'or':
          return `(${a} !== 0 || ${b} !== 0 ? 1 : 0)`;
        default:
          return `(${a} ${ir.op} ${b} ? 1 : 0)`;
      }
    }
    case 'lk':
      return `L${ir.i}(${js1(ir.a)})`;
    case 'fn': {
      const a = ir.args.map(js1);
      switch (ir.fn) {
        case 'MIN':
          return `min(${a.join(', ')})`;
        case 'MAX':
          return `max(${a.join(', ')})`;
        case 'ABS':
          return `abs(${a[0]})`;
        case 'EXP':
          return `exp(${a[0]})`;
        case 'LN':
          return `log(${a[0]})`;
        case 'LOG10':
          return `log10(${a[0]})`;
        case 'SQRT':
          return `sqrt(${a[0]})`;
        case 'POW':
          return `pow(${a[0]}, ${a[1]})`;
        case 'INT':
          return `trunc(${a[0]})`;
        case 'MOD':
          return `mod(${a[0]}, ${a[1]})`;
        case 'IF_THEN_ELSE':
          return `(${a[0]} !== 0 ? ${a[1]} : ${a[2]})`;
        case 'STEP':
          return `(${t} >= ${a[1]} - TOL ? ${a[0]} : 0)`;
        case 'PULSE':
          return `pulse(${t}, ${a[0]}, ${a[1]}, c[0], TOL)`;
        case 'RAMP':
          return `ramp(${t}, ${a[0]}, ${a[1]}, ${a[2] ?? 'Infinity'})`;
        case 'PULSE_TRAIN':
          return `pulseTrain(${t}, ${a[0]}, ${a[1]}, ${a[2] ?? '0'}, c[0], TOL)`;
        default:
          throw new Error(`internal: no code for ${ir.fn}`);
      }
    }
  }
}
