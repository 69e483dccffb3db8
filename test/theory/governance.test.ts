import { describe, expect, it } from 'vitest';
import { GOVERNANCE_OUTCOMES } from '../../src/domain/vocabulary.ts';
import { classifyGovernance, governanceMix, highDegree } from '../../src/theory/governance.ts';
import { firm, kb } from '../helpers.ts';

// Gereffi, Humphrey & Sturgeon (2005), Table 1, written out here independently of knowledge/ghs-table.yaml.
const GHS_2005: [string, string, string, string][] = [
  ['low', 'high', 'high', 'market'],
  ['high', 'high', 'high', 'modular'],
  ['high', 'low', 'high', 'relational'],
  ['high', 'high', 'low', 'captive'],
  ['high', 'low', 'low', 'hierarchy'],
  ['low', 'high', 'low', 'exclusion'],
  ['low', 'low', 'high', 'not-expected'],
  ['low', 'low', 'low', 'not-expected'],
];

describe('GHS classifier (all 8 combinations)', () => {
  it.each(GHS_2005)('complexity %s, codifiability %s, capability %s → %s', (cx, cd, cap, expected) => {
    const r = classifyGovernance(
      {
        complexity: cx as 'high' | 'low',
        codifiability: cd as 'high' | 'low',
        capability: cap as 'high' | 'low',
      },
      kb.ghs,
    );
    expect(r.type).toBe(expected);
    expect(r.crisp).toBe(true);
    expect(r.membership[r.type]).toBe(1);
    expect(r.tiedWith).toEqual([]);
  });

  it('gives the scale ends the crisp answers (1 = low, 5 = high)', () => {
    expect(classifyGovernance({ complexity: 5, codifiability: 5, capability: 1 }, kb.ghs).type).toBe(
      'captive',
    );
    expect(
      classifyGovernance({ complexity: 1, codifiability: 7, capability: 7, scale: 7 }, kb.ghs).type,
    ).toBe('market');
  });
});

describe('graded determinants', () => {
  it('maps grades linearly to a degree of "high"', () => {
    expect(highDegree(1)).toBe(0);
    expect(highDegree(3)).toBe(0.5);
    expect(highDegree(5)).toBe(1);
    expect(highDegree(4, 7)).toBe(0.5);
    expect(() => highDegree(6)).toThrow(RangeError);
    expect(() => highDegree(0.5, 7)).toThrow(RangeError);
  });

  it('returns a distribution over the seven outcomes that sums to 1', () => {
    for (const [a, b, c] of [
      [2, 4, 3],
      [4.5, 1.5, 2],
      [3, 3, 3],
    ] as const) {
      const m = classifyGovernance({ complexity: a, codifiability: b, capability: c }, kb.ghs).membership;
      const sum = GOVERNANCE_OUTCOMES.reduce((s, o) => s + m[o], 0);
      expect(sum).toBeCloseTo(1, 12);
    }
  });

  it('computes the product memberships of a worked example', () => {
    // complexity 4 → 0.75, codifiability 3 → 0.5, capability 2 → 0.25
    const m = classifyGovernance({ complexity: 4, codifiability: 3, capability: 2 }, kb.ghs).membership;
    expect(m.captive).toBeCloseTo(0.75 * 0.5 * 0.75, 12);
    expect(m.hierarchy).toBeCloseTo(0.75 * 0.5 * 0.75, 12);
    expect(m.modular).toBeCloseTo(0.75 * 0.5 * 0.25, 12);
    expect(m.market).toBeCloseTo(0.25 * 0.5 * 0.25, 12);
    expect(m['not-expected']).toBeCloseTo(0.25 * 0.5, 12);
  });

  it('reports a tie instead of hiding it', () => {
    const r = classifyGovernance({ complexity: 4, codifiability: 3, capability: 2 }, kb.ghs);
    expect(['captive', 'hierarchy']).toContain(r.type);
    expect(r.tiedWith).toContain(r.type === 'captive' ? 'hierarchy' : 'captive');
  });

  it('moves from captive towards modular as supplier capability rises', () => {
    const captive = (cap: number) =>
      classifyGovernance({ complexity: 5, codifiability: 5, capability: cap }, kb.ghs).membership;
    expect(captive(2).captive).toBeGreaterThan(captive(4).captive);
    expect(captive(4).modular).toBeGreaterThan(captive(2).modular);
    expect(classifyGovernance({ complexity: 5, codifiability: 5, capability: 4 }, kb.ghs).type).toBe(
      'modular',
    );
  });
});

describe('cluster governance mix', () => {
  const exporter = firm({
    id: 'a',
    revenue: 300,
    exportShare: 100,
    buyers: [
      {
        name: 'B1',
        market: 'export',
        salesShare: 100,
        complexity: 'high',
        codifiability: 'high',
        capability: 'low',
      },
    ],
  });
  const domestic = firm({
    id: 'b',
    revenue: 100,
    exportShare: 0,
    buyers: [
      {
        name: 'B2',
        market: 'domestic',
        salesShare: 100,
        complexity: 'low',
        codifiability: 'high',
        capability: 'high',
      },
    ],
  });
  const silent = firm({ id: 'c', revenue: 100 });

  it('weights relationships by the sales they carry', () => {
    const mix = governanceMix([exporter, domestic], kb.ghs, 'sales');
    expect(mix.shares.captive).toBeCloseTo(0.75, 12);
    expect(mix.shares.market).toBeCloseTo(0.25, 12);
    expect(mix.dominant).toBe('captive');
    expect(mix.coverage).toBeCloseTo(1, 12);
  });

  it('counts only export sales when weighted by exports', () => {
    const mix = governanceMix([exporter, domestic], kb.ghs, 'exports');
    expect(mix.shares.captive).toBeCloseTo(1, 12);
    expect(mix.shares.market).toBe(0);
  });

  it('reports the share of sales without buyer data as missing coverage', () => {
    const mix = governanceMix([exporter, domestic, silent], kb.ghs);
    expect(mix.coverage).toBeCloseTo(400 / 500, 12);
    expect(governanceMix([silent], kb.ghs).dominant).toBeUndefined();
  });
});
