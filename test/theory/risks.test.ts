import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/domain/workspace.ts';
import { governanceMix } from '../../src/theory/governance.ts';
import { positionMix } from '../../src/theory/positions.ts';
import { assessRisks, hhi, levelOf, topBuyerDependence } from '../../src/theory/risks.ts';
import { assessUpgrading } from '../../src/theory/upgrading.ts';
import { firm, kb, panel, workspace } from '../helpers.ts';

function risks(ws: Workspace, extra: { profitTaxGap?: number; relocated?: number } = {}) {
  const positions = positionMix(ws.firms);
  const { trends } = assessUpgrading(ws.indicators, positions, kb);
  const list = assessRisks(
    {
      workspace: ws,
      governance: governanceMix(ws.firms, kb.ghs),
      positions,
      trends,
      profitTaxGap: extra.profitTaxGap,
      relocatedManufacturing: extra.relocated ?? 0,
    },
    kb,
  );
  return Object.fromEntries(list.map((r) => [r.id, r]));
}

const captiveBuyer = {
  name: 'Walmart',
  market: 'export' as const,
  complexity: 'high' as const,
  codifiability: 'high' as const,
  capability: 'low' as const,
};

describe('risk measures and thresholds', () => {
  it('computes HHI on percentage shares and applies the DOJ/FTC cut-offs', () => {
    expect(hhi([50, 50])).toBe(5000);
    expect(hhi([10, 10, 10, 10, 10, 10, 10, 10, 10, 10])).toBe(1000);
    const def = kb.risks.get('market-concentration');
    if (!def) throw new Error('missing');
    expect(levelOf(1499, def)).toBe('low');
    expect(levelOf(1500, def)).toBe('medium');
    expect(levelOf(2500, def)).toBe('high');
  });
  it('reads "below" thresholds the other way round (low R&D = high cognitive lock-in risk)', () => {
    const def = kb.risks.get('lockin-cognitive');
    if (!def) throw new Error('missing');
    expect(levelOf(0.5, def)).toBe('high');
    expect(levelOf(1.2, def)).toBe('medium');
    expect(levelOf(3, def)).toBe('low');
  });
  it('measures dependence on the largest buyer, revenue-weighted', () => {
    const firms = [
      firm({ id: 'a', revenue: 300, buyers: [{ ...captiveBuyer, salesShare: 80 }] }),
      firm({ id: 'b', revenue: 100, buyers: [{ ...captiveBuyer, name: 'X', salesShare: 20 }] }),
    ];
    expect(topBuyerDependence(firms)).toBeCloseTo((300 * 80 + 100 * 20) / 400, 12);
  });
});

describe('risks from the theory (THEORY §2.5)', () => {
  const homogeneous = workspace({
    firms: [firm({ id: 'a', revenueSplit: { OEA: 20, OEM: 80, ODM: 0, OBM: 0 } }), firm({ id: 'b' })],
  });
  it('flags the Bertrand trap only when homogeneous low-end firms see margins fall (seed 000)', () => {
    const falling = risks({
      ...homogeneous,
      indicators: panel(5, (i) => ({ profitTaxPer100Yuan: 9 - 0.6 * i })),
    });
    expect(falling['bertrand-trap']?.level).toBe('high');
    const stable = risks({ ...homogeneous, indicators: panel(5, () => ({ profitTaxPer100Yuan: 9 })) });
    expect(stable['bertrand-trap']?.level).toBe('low');
    expect(stable['bertrand-trap']?.gated).toBe('margins-not-falling');
    expect(risks(homogeneous)['bertrand-trap']?.level).toBe('unknown');
  });
  it('sees functional lock-in in captive attachment (Grabher 1993)', () => {
    const ws = workspace({ firms: [firm({ id: 'a', buyers: [{ ...captiveBuyer, salesShare: 90 }] })] });
    expect(risks(ws)['lockin-functional']?.level).toBe('high');
    expect(risks(workspace())['lockin-functional']?.level).toBe('unknown');
  });
  it('sees political lock-in in protective policies', () => {
    const pol = (id: string, orientation?: 'protective') => ({
      id,
      lever: 'other' as const,
      name: { zh: id, en: id },
      ...(orientation ? { orientation } : {}),
    });
    expect(
      risks(workspace({ policies: [pol('a', 'protective'), pol('b')] }))['lockin-political']?.level,
    ).toBe('high');
    expect(risks(workspace({ policies: [pol('a'), pol('b')] }))['lockin-political']?.level).toBe('low');
  });
  it('calls relocation without strategic segments hollowing-out, and less so when design and brand stay', () => {
    const oem = risks(workspace(), { relocated: 0.5 })['hollowing-out'];
    const obm = risks(
      workspace({ firms: [firm({ id: 'a', revenueSplit: { OEA: 0, OEM: 20, ODM: 30, OBM: 50 } })] }),
      {
        relocated: 0.5,
      },
    )['hollowing-out'];
    expect(oem?.level).toBe('high');
    expect(obm?.value).toBeLessThan(oem?.value ?? 0);
    expect(obm?.level).toBe('low');
  });
  it('flags capture by lead firms only with squeezed margins (seed 003)', () => {
    const ws = workspace({ firms: [firm({ id: 'a', buyers: [{ ...captiveBuyer, salesShare: 100 }] })] });
    expect(risks(ws, { profitTaxGap: -1.5 })['lead-firm-capture']?.level).toBe('high');
    expect(risks(ws, { profitTaxGap: 2 })['lead-firm-capture']?.level).toBe('low');
  });
  it('gives every risk its source and thresholds', () => {
    for (const r of Object.values(risks(workspace()))) {
      expect(kb.sources.has(r.definition.source.ref)).toBe(true);
      expect(kb.sources.has(r.definition.thresholds.source.ref)).toBe(true);
    }
  });
});
