import type { Rule } from '../domain/knowledge.ts';
import type { ClusterType } from '../domain/vocabulary.ts';
import { ADVICE_LEVELS, type Stage } from '../domain/vocabulary.ts';
import { evaluate, type Facts, type FactValue } from './conditions.ts';

export interface Recommendation {
  rule: Rule;
  /** The facts the rule's condition read, with their values: why it fired. */
  evidence: { fact: string; value: FactValue }[];
}

/**
 * Applies the rules to the facts: a rule fires when its condition holds and, where it names them, the
 * diagnosed stage and the cluster type match. Sorted by level (government, cluster, firm), then priority.
 */
export function recommend(
  rules: readonly Rule[],
  facts: Facts,
  stage: Stage,
  clusterType: ClusterType,
): Recommendation[] {
  const out: Recommendation[] = [];
  for (const rule of rules) {
    if (rule.stages && !rule.stages.includes(stage)) continue;
    if (rule.clusterTypes && !rule.clusterTypes.includes(clusterType)) continue;
    const { holds, read } = evaluate(rule.when, facts);
    if (!holds) continue;
    const evidence = [...read].flatMap((fact) => {
      const value = facts.get(fact);
      return value === undefined ? [] : [{ fact, value }];
    });
    if (rule.stages) evidence.unshift({ fact: 'stage', value: stage });
    out.push({ rule, evidence: dedupe(evidence) });
  }
  return out.sort(
    (a, b) =>
      ADVICE_LEVELS.indexOf(a.rule.level) - ADVICE_LEVELS.indexOf(b.rule.level) ||
      a.rule.priority - b.rule.priority,
  );
}

function dedupe(ev: { fact: string; value: FactValue }[]): { fact: string; value: FactValue }[] {
  const seen = new Set<string>();
  return ev.filter((e) => {
    if (seen.has(e.fact)) return false;
    seen.add(e.fact);
    return true;
  });
}
