import { describe, expect, it } from 'vitest';
import type { GovernanceOutcome, UpgradingType } from '../../src/domain/vocabulary.ts';
import { emptyMembership } from '../../src/theory/governance.ts';
import { assessProspects } from '../../src/theory/prospects.ts';
import { kb } from '../helpers.ts';

const pure = (g: GovernanceOutcome) => ({ ...emptyMembership(), [g]: 1 });
const verdicts = (g: GovernanceOutcome) => {
  const p = assessProspects(pure(g), kb.prospects, 0).byType;
  return {
    process: p.process.verdict,
    product: p.product.verdict,
    functional: p.functional.verdict,
    chain: p.chain.verdict,
  };
};

// Humphrey & Schmitz (2002), as in THEORY §2.4 (rows of the governance × upgrading table).
describe('governance × upgrading table, one row per governance type', () => {
  it('quasi-hierarchy (captive): fast process and product upgrading, functional hindered', () => {
    expect(verdicts('captive')).toMatchObject({
      process: 'favoured',
      product: 'favoured',
      functional: 'hindered',
    });
  });
  it('market: slower process and product upgrading, functional possible', () => {
    const v = verdicts('market');
    expect(v.process).not.toBe('favoured');
    expect(v.product).not.toBe('favoured');
    expect(v.functional).not.toBe('hindered');
  });
  it.each(['modular', 'relational'] as const)(
    'network (%s): favourable to process, product and functional',
    (g) => {
      expect(verdicts(g)).toMatchObject({ process: 'favoured', product: 'favoured', functional: 'favoured' });
    },
  );
  it('hierarchy: transfer inside the multinational; functional restricted', () => {
    expect(verdicts('hierarchy')).toMatchObject({ process: 'favoured', functional: 'hindered' });
  });
  it('exclusion: no upgrading inside the chain (GHS 2005)', () => {
    expect(verdicts('exclusion')).toEqual({
      process: 'hindered',
      product: 'hindered',
      functional: 'hindered',
      chain: 'hindered',
    });
  });
  it('orders functional prospects: network > market > captive', () => {
    const score = (g: GovernanceOutcome, t: UpgradingType) =>
      assessProspects(pure(g), kb.prospects, 0).byType[t].score;
    expect(score('relational', 'functional')).toBeGreaterThan(score('market', 'functional'));
    expect(score('market', 'functional')).toBeGreaterThan(score('captive', 'functional'));
    expect(score('captive', 'process')).toBeGreaterThan(score('market', 'process'));
  });
});

describe('applied to a mix', () => {
  it('weights the effects by the mix and lists the contributions, largest first', () => {
    const mix = { ...emptyMembership(), captive: 0.6, market: 0.4 };
    const p = assessProspects(mix, kb.prospects, 0.3);
    const s = kb.prospects.effectScores;
    expect(p.byType.functional.score).toBeCloseTo(0.6 * s.hindered + 0.4 * s.possible, 12);
    expect(p.byType.functional.contributions.map((c) => c.governance)).toEqual(['captive', 'market']);
    expect(p.byType.functional.contributions[0]?.source.ref).toBe('hs2002');
  });
  it('offers the way out of the functional ceiling when captive governance weighs heavily (seed 002 §2.2.3)', () => {
    expect(
      assessProspects({ ...emptyMembership(), captive: 0.7, market: 0.3 }, kb.prospects, 0.4).escape
        ?.domesticShare,
    ).toBe(0.4);
    expect(assessProspects({ ...emptyMembership(), market: 1 }, kb.prospects, 0.4).escape).toBeUndefined();
  });
});
