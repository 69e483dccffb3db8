import type { Problem } from '../io/problems.ts';
import { FUNCTION_ALIASES, TIME_NAMES } from './builtins.ts';
import type { Expr } from './expr.ts';
import { sdText } from './messages.ts';
import { modelProblem, type SdModel } from './model.ts';
import {
  type Dim,
  DMNL,
  divDim,
  formatDim,
  isDmnl,
  mulDim,
  parseUnits,
  sameDim,
  scale,
  UnitSyntaxError,
} from './units.ts';

/** The units of an expression: known, `any` (a bare number adapts to its context) or unknown (no check). */
type U = Dim | 'any' | null;

/**
 * Dimensional analysis of every equation against the declared units. Variables without units are not
 * checked (and make the expressions that use them unknown); bare numbers take the units they need.
 */
export function checkUnits(model: SdModel, parsed: ReadonlyMap<string, Expr>): Problem[] {
  const origin = model.origin;
  const problems: Problem[] = [];
  const declared = new Map<string, Dim>();
  const lookupOut = new Map<string, Dim>();
  const lookupIn = new Map<string, Dim>();
  const read = (text: string | undefined, path: string): Dim | undefined => {
    if (text === undefined) return undefined;
    try {
      return parseUnits(text);
    } catch (err) {
      if (!(err instanceof UnitSyntaxError)) throw err;
      problems.push(
        modelProblem(
          origin,
          path,
          sdText('units.syntax', { units: text, column: err.pos + 1 }),
          sdText('units.syntaxFix'),
        ),
      );
      return undefined;
    }
  };
  const time = read(model.time.units, 'time.units') ?? DMNL;
  const sections = ['constants', 'stocks', 'flows', 'auxiliaries'] as const;
  for (const section of sections)
    (model[section] as { name: string; units?: string | undefined }[]).forEach((el, i) => {
      const d = read(el.units, `${section}[${i}].units`);
      if (d) declared.set(el.name, d);
    });
  model.lookups.forEach((l, i) => {
    lookupOut.set(l.name, read(l.units, `lookups[${i}].units`) ?? DMNL);
    const inU = read(l.inputUnits, `lookups[${i}].inputUnits`);
    if (inU) lookupIn.set(l.name, inU);
  });

  let path = '';
  let owner = '';
  const mismatch = (pos: number, what: string, a: Dim, b: Dim) => {
    problems.push(
      modelProblem(
        origin,
        path,
        sdText('units.mismatch', { owner, what, a: formatDim(a), b: formatDim(b), column: pos + 1 }),
        sdText('units.mismatchFix'),
        pos + 1,
      ),
    );
  };
  /** Both sides must agree (for + − comparisons MIN MAX IF): returns the common units. */
  const same = (pos: number, what: string, a: U, b: U): U => {
    if (a === null || b === null) return null;
    if (a === 'any') return b;
    if (b === 'any') return a;
    if (!sameDim(a, b)) mismatch(pos, what, a, b);
    return a;
  };
  const expectDim = (pos: number, what: string, u: U, want: Dim) => {
    if (u !== null && u !== 'any' && !sameDim(u, want)) mismatch(pos, what, u, want);
  };
  const known = (u: U): Dim | null => (u === 'any' ? DMNL : u);
  const literal = (e: Expr): number | undefined => {
    if (e.k === 'num') return e.v;
    if (e.k === 'un' && e.op === '-' && e.a.k === 'num') return -e.a.v;
    return undefined;
  };

  const unit = (e: Expr): U => {
    switch (e.k) {
      case 'num':
        return 'any';
      case 'name': {
        if (declared.has(e.name)) return declared.get(e.name) as Dim;
        if (model.constants.some((c) => c.name === e.name) || model.stocks.some((s) => s.name === e.name))
          return null;
        if (model.flows.some((f) => f.name === e.name) || model.auxiliaries.some((a) => a.name === e.name))
          return null;
        return TIME_NAMES[e.name.toUpperCase()] ? time : null;
      }
      case 'un':
        return e.op === 'not' ? DMNL : unit(e.a);
      case 'bin': {
        const a = unit(e.a);
        const b = unit(e.b);
        switch (e.op) {
          case '+':
          case '-':
            return same(e.pos, e.op, a, b);
          case '*':
          case '/': {
            if (a === 'any' && b === 'any') return 'any';
            const ka = known(a);
            const kb = known(b);
            if (ka === null || kb === null) return null;
            return e.op === '*' ? mulDim(ka, kb) : divDim(ka, kb);
          }
          case '^': {
            const k = literal(e.b);
            expectDim(e.b.pos, '^', b, DMNL);
            if (a === 'any' || a === null) return a;
            if (k !== undefined) return scale(a, k);
            return isDmnl(a) ? DMNL : null;
          }
          case 'and':
          case 'or':
            return DMNL;
          default:
            same(e.pos, e.op, a, b);
            return DMNL;
        }
      }
      case 'call': {
        const lookup = lookupOut.get(e.fn);
        if (lookup) {
          const want = lookupIn.get(e.fn);
          const arg = e.args[0];
          if (arg) {
            const u = unit(arg);
            if (want) expectDim(arg.pos, e.fn, u, want);
          }
          return lookup;
        }
        const upper = e.fn.toUpperCase();
        const fn = FUNCTION_ALIASES[upper] ?? upper;
        const args = e.args.map(unit);
        const [a0, a1, a2] = args;
        const pos = (i: number) => e.args[i]?.pos ?? e.pos;
        switch (fn) {
          case 'MIN':
          case 'MAX':
            return args.reduce((acc: U, u, i) => same(pos(i), fn, acc, u), 'any' as U);
          case 'ABS':
          case 'INT':
            return a0 ?? null;
          case 'MOD':
            return same(e.pos, fn, a0 ?? null, a1 ?? null);
          case 'EXP':
          case 'LN':
          case 'LOG10':
            expectDim(pos(0), fn, a0 ?? null, DMNL);
            return DMNL;
          case 'SQRT':
            if (a0 === 'any' || a0 === null || a0 === undefined) return a0 ?? null;
            return scale(a0, 0.5);
          case 'POW': {
            expectDim(pos(1), fn, a1 ?? null, DMNL);
            const k = e.args[1] ? literal(e.args[1]) : undefined;
            if (a0 === 'any' || a0 === null || a0 === undefined) return a0 ?? null;
            if (k !== undefined) return scale(a0, k);
            return isDmnl(a0) ? DMNL : null;
          }
          case 'IF_THEN_ELSE':
            return same(e.pos, fn, a1 ?? null, a2 ?? null);
          case 'STEP':
            expectDim(pos(1), fn, a1 ?? null, time);
            return a0 ?? null;
          case 'PULSE':
            expectDim(pos(0), fn, a0 ?? null, time);
            expectDim(pos(1), fn, a1 ?? null, time);
            return DMNL;
          case 'RAMP': {
            expectDim(pos(1), fn, a1 ?? null, time);
            if (a2 !== undefined) expectDim(pos(2), fn, a2, time);
            const s = known(a0 ?? null);
            return s ? mulDim(s, time) : null;
          }
          case 'PULSE_TRAIN': {
            expectDim(pos(1), fn, a1 ?? null, time);
            const s = known(a0 ?? null);
            return s ? divDim(s, time) : null;
          }
          case 'SMOOTH':
          case 'SMOOTH3':
          case 'DELAY1':
          case 'DELAY3':
            expectDim(pos(1), fn, a1 ?? null, time);
            return a2 === undefined ? (a0 ?? null) : same(pos(2), fn, a0 ?? null, a2);
          case 'INTEG': {
            const r = known(a0 ?? null);
            if (a1 !== undefined && a1 !== null && a1 !== 'any' && r)
              expectDim(pos(0), fn, r, divDim(a1, time));
            return a1 ?? null;
          }
          default:
            return null;
        }
      }
    }
  };

  const check = (p: string, name: string, want: Dim | undefined) => {
    const e = parsed.get(p);
    if (!e) return;
    path = p;
    owner = name;
    const u = unit(e);
    if (want && u !== null && u !== 'any' && !sameDim(u, want))
      problems.push(
        modelProblem(
          origin,
          p,
          sdText('units.declared', { owner: name, got: formatDim(u), want: formatDim(want) }),
          sdText('units.declaredFix'),
        ),
      );
  };
  model.stocks.forEach((s, i) => {
    check(`stocks[${i}].initial`, s.name, declared.get(s.name));
  });
  model.flows.forEach((f, i) => {
    check(`flows[${i}].equation`, f.name, declared.get(f.name));
  });
  model.auxiliaries.forEach((a, i) => {
    check(`auxiliaries[${i}].equation`, a.name, declared.get(a.name));
  });
  const flowUnits = new Map(model.flows.map((f) => [f.name, declared.get(f.name)]));
  model.stocks.forEach((s, i) => {
    const su = declared.get(s.name);
    if (!su) return;
    const want = divDim(su, time);
    for (const dir of ['inflows', 'outflows'] as const)
      s[dir].forEach((f, j) => {
        const fu = flowUnits.get(f);
        if (fu && !sameDim(fu, want))
          problems.push(
            modelProblem(
              origin,
              `stocks[${i}].${dir}[${j}]`,
              sdText('units.flow', { flow: f, stock: s.name, got: formatDim(fu), want: formatDim(want) }),
              sdText('units.flowFix', { want: formatDim(want) }),
            ),
          );
      });
  });
  return problems;
}
