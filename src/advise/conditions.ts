import type { Condition } from '../domain/knowledge.ts';

export type FactValue = string | number | boolean;
export type Facts = ReadonlyMap<string, FactValue>;

/**
 * Evaluates a rule condition over diagnosis facts. A test on an absent fact is false, so advice that
 * needs data does not fire without it. Returns whether the condition holds and the facts it read.
 */
export function evaluate(cond: Condition, facts: Facts, read: Set<string> = new Set()): { holds: boolean; read: Set<string> } {
  return { holds: test(cond, facts, read), read };
}

function test(cond: Condition, facts: Facts, read: Set<string>): boolean {
  if ('all' in cond) return cond.all.map((c) => test(c, facts, read)).every(Boolean);
  if ('any' in cond) return cond.any.map((c) => test(c, facts, read)).some(Boolean);
  if ('not' in cond) return !test(cond.not, facts, read);
  read.add(cond.fact);
  const v = facts.get(cond.fact);
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
