import { describe, expect, it } from 'vitest';
import { evaluate, referencedFacts } from '../../src/advise/conditions.ts';
import { FACT_PATTERNS } from '../../src/advise/facts.ts';
import { recommend } from '../../src/advise/recommend.ts';
import type { Rule } from '../../src/domain/knowledge.ts';
import { POLICY_LEVERS } from '../../src/domain/vocabulary.ts';
import { INDICATOR_KEYS } from '../../src/domain/workspace.ts';
import { kb } from '../helpers.ts';

const facts = new Map<string, string | number | boolean>([
  ['stage', 'process'],
  ['governance.captive', 0.6],
  ['risk.bertrand-trap', 'high'],
  ['policy.common-tech-platform', false],
]);

describe('conditions over facts', () => {
  it('compares, combines and negates', () => {
    expect(evaluate({ fact: 'governance.captive', gte: 0.5 }, facts).holds).toBe(true);
    expect(evaluate({ fact: 'governance.captive', lt: 0.5 }, facts).holds).toBe(false);
    expect(evaluate({ fact: 'risk.bertrand-trap', in: ['medium', 'high'] }, facts).holds).toBe(true);
    expect(
      evaluate(
        {
          all: [
            { fact: 'stage', eq: 'process' },
            { fact: 'governance.captive', gt: 0.7 },
          ],
        },
        facts,
      ).holds,
    ).toBe(false);
    expect(evaluate({ not: { fact: 'policy.common-tech-platform', eq: true } }, facts).holds).toBe(true);
  });
  it('is false on an absent fact, so missing data does not fire advice', () => {
    expect(evaluate({ fact: 'indicator.rndIntensity.latest', lt: 1 }, facts).holds).toBe(false);
    expect(evaluate({ fact: 'indicator.rndIntensity.latest', ne: 5 }, facts).holds).toBe(false);
  });
  it('cites as evidence only the branches that made it hold', () => {
    const r = evaluate(
      {
        any: [
          { fact: 'stage', eq: 'chain' },
          { fact: 'risk.bertrand-trap', eq: 'high' },
        ],
      },
      facts,
    );
    expect([...r.read]).toEqual(['risk.bertrand-trap']);
  });
});

describe('recommendation rules (knowledge/rules)', () => {
  const rule: Rule = {
    id: 't.1',
    level: 'cluster',
    stages: ['product'],
    when: { fact: 'governance.captive', gte: 0.5 },
    priority: 1,
    title: { zh: '标题', en: 'Title' },
    text: { zh: '正文', en: 'Text' },
    source: { ref: 'seed000' },
  };
  it('fires only at the stages it names, and lists its evidence', () => {
    expect(recommend([rule], facts, 'process', 'endogenous')).toHaveLength(0);
    const [r] = recommend([rule], facts, 'product', 'endogenous');
    expect(r?.evidence.map((e) => e.fact)).toEqual(['stage', 'governance.captive']);
  });

  it('every rule reads only facts of the documented vocabulary', () => {
    const bad: string[] = [];
    for (const r of kb.rules)
      for (const f of referencedFacts(r.when))
        if (!FACT_PATTERNS.some((p) => p.test(f))) bad.push(`${r.id}: ${f}`);
    expect(bad).toEqual([]);
  });

  it('every indicator, policy and risk a rule names exists', () => {
    const bad: string[] = [];
    for (const r of kb.rules)
      for (const f of referencedFacts(r.when)) {
        const [head, key] = f.split('.');
        if (head === 'indicator' && !(INDICATOR_KEYS as readonly string[]).includes(key ?? ''))
          bad.push(`${r.id}: ${f}`);
        if (head === 'policy' && !(POLICY_LEVERS as readonly string[]).includes(f.slice(7)))
          bad.push(`${r.id}: ${f}`);
        if (head === 'risk' && !kb.risks.has(f.slice(5))) bad.push(`${r.id}: ${f}`);
      }
    expect(bad).toEqual([]);
  });

  it('covers the required sources and all three levels', () => {
    const bySeed = (ref: string) => kb.rules.filter((r) => r.source.ref === ref).length;
    expect(bySeed('seed000')).toBeGreaterThanOrEqual(8); // four stages × cluster and firm
    expect(bySeed('seed003')).toBeGreaterThanOrEqual(7); // the seven NVC strategies
    expect(bySeed('seed002')).toBeGreaterThanOrEqual(2); // relocation, Belt and Road
    expect(bySeed('seed004')).toBeGreaterThanOrEqual(3); // technology and brand drivers
    expect(bySeed('seed001')).toBeGreaterThanOrEqual(3); // policy at three levels
    for (const level of ['government', 'cluster', 'firm'] as const)
      expect(kb.rules.filter((r) => r.level === level).length).toBeGreaterThan(5);
    for (const stage of ['process', 'product', 'functional', 'chain'] as const)
      expect(kb.rules.some((r) => r.source.ref === 'seed000' && r.stages?.includes(stage))).toBe(true);
  });

  it('no rule fires on an empty fact set', () => {
    for (const stage of ['process', 'product', 'functional', 'chain'] as const)
      expect(recommend(kb.rules, new Map(), stage, 'endogenous').map((r) => r.rule.id)).toEqual([]);
  });
});
