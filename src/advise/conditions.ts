import type { Condition } from '../domain/knowledge.ts';

export type FactValue = string | number | boolean;
export type Facts = ReadonlyMap<string, FactValue>;

/**
 * Evaluates a rule condition over diagnosis facts. A test on an absent fact is false, so advice that
 * needs data does not fire without it. Returns whether the condition holds and the facts that made it
 * hold: all parts of an `all`, only the true branches of an `any`, the inner facts of a `not`.
 */
export function evaluate(cond: Condition, facts: Facts): { holds: boolean; read: Set<string> } {
  if ('all' in cond) {
    const parts = cond.all.map((c) => evaluate(c, facts));
    return { holds: parts.every((p) => p.holds), read: union(parts) };
  }
  if ('any' in cond) {
    const parts = cond.any.map((c) => evaluate(c, facts));
    const held = parts.filter((p) => p.holds);
    return { holds: held.length > 0, read: union(held) };
  }
  if ('not' in cond) {
    const inner = evaluate(cond.not, facts);
    return { holds: !inner.holds, read: inner.read };
  }
  return { holds: test(cond, facts.get(cond.fact)), read: new Set([cond.fact]) };
}

function union(parts: { read: Set<string> }[]): Set<string> {
  const out = new Set<string>();
  for (const p of parts) for (const f of p.read) out.add(f);
  return out;
}

function test(cond: Extract<Condition, { fact: string }>, v: FactValue | undefined): boolean {
  if (v === undefined) return false;
  if (cond.eq !== undefined) return v === cond.eq;
  if (cond.ne !== undefined) return v !== cond.ne;
  if (cond.in !== undefined) return cond.in.includes(v as string | number);
  if (typeof v !== 'number') return false;
  if (cond.gt !== undefined) return v > cond.gt;
  if (cond.gte !== undefined) return v >= cond.gte;
  if (cond.lt !== undefined) return v < cond.lt;
  if (cond.lte !== undefined) return v <= cond.lte;
  return false;
}

/** Every fact name a condition refers to (for checking rules against the fact vocabulary). */
export function referencedFacts(cond: Condition, out: Set<string> = new Set()): Set<string> {
  if ('all' in cond) for (const c of cond.all) referencedFacts(c, out);
  else if ('any' in cond) for (const c of cond.any) referencedFacts(c, out);
  else if ('not' in cond) referencedFacts(cond.not, out);
  else out.add(cond.fact);
  return out;
}
