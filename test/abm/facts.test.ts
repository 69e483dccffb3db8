import { describe, expect, it } from 'vitest';
import { meanCi, runFacts } from '../../src/abm/facts.ts';
import { kb } from '../helpers.ts';

describe('stylised facts (reduced size)', () => {
  it('reproduces facts 1, 2, 4, 5 and 9 over 8 seeds', () => {
    const facts = runFacts({ seeds: 8, firms: 200, steps: 60, kb });
    const byId = new Map(facts.map((f) => [f.id, f]));
    for (const id of [1, 2, 4, 5, 9]) expect(byId.get(id)?.pass, `fact ${id}`).toBe(true);
    expect(facts).toHaveLength(10);
  });

  it('computes a t-based 95 % CI', () => {
    const { mean, ci } = meanCi([1, 2, 3, 4, 5]);
    expect(mean).toBe(3);
    expect(ci[0]).toBeCloseTo(3 - (2.776 * Math.sqrt(2.5)) / Math.sqrt(5), 6);
  });
});
