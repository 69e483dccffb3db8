import { describe, expect, it } from 'vitest';
import type { Firm, IndicatorYear } from '../../src/domain/workspace.ts';
import { positionMix } from '../../src/theory/positions.ts';
import { diagnoseStage } from '../../src/theory/stage.ts';
import { trend } from '../../src/theory/trends.ts';
import { assessUpgrading } from '../../src/theory/upgrading.ts';
import { firm, kb, panel } from '../helpers.ts';

const oemCluster: Firm[] = [firm({ id: 'a', revenue: 100 }), firm({ id: 'b', revenue: 100 })];
const designCluster: Firm[] = [
  firm({ id: 'a', revenue: 100, revenueSplit: { OEA: 0, OEM: 40, ODM: 40, OBM: 20 } }),
  firm({ id: 'b', revenue: 100, revenueSplit: { OEA: 0, OEM: 60, ODM: 30, OBM: 10 } }),
];
const grow = (start: number, rate: number) => (i: number) => start * (1 + rate) ** i;

function run(firms: Firm[], rows: IndicatorYear[]) {
  const positions = positionMix(firms);
  const { assessments } = assessUpgrading(rows, positions, kb);
  return { assessments, stage: diagnoseStage(positions, assessments, kb.stages) };
}

describe('indicator trends', () => {
  it('fits an OLS slope and reads it relative to the level', () => {
    const t = trend(
      panel(5, (i) => ({ laborProductivity: 10 + 2 * i })),
      'laborProductivity',
      0.03,
    );
    expect(t?.slope).toBeCloseTo(2, 12);
    expect(t?.relative).toBeCloseTo(2 / 14, 12);
    expect(t?.direction).toBe('up');
    expect(t?.strength).toBe(1);
  });
  it('calls a small change flat and needs two years', () => {
    expect(
      trend(
        panel(5, (i) => ({ laborProductivity: 10 + 0.01 * i })),
        'laborProductivity',
        0.03,
      )?.direction,
    ).toBe('flat');
    expect(
      trend(
        panel(1, () => ({ laborProductivity: 10 })),
        'laborProductivity',
        0.03,
      ),
    ).toBeUndefined();
  });
});

describe('evidence of upgrading types (H&S 2002, THEORY §2.3)', () => {
  it('reads rising productivity as process upgrading and falling as reversing', () => {
    const up = run(
      oemCluster,
      panel(5, (i) => ({ laborProductivity: grow(10, 0.08)(i), outputPerMu: grow(200, 0.06)(i) })),
    );
    expect(up.assessments.process.status).toBe('evident');
    const down = run(
      oemCluster,
      panel(5, (i) => ({ laborProductivity: grow(10, -0.06)(i) })),
    );
    expect(down.assessments.process.status).toBe('reversing');
  });
  it('says unknown, and which indicators would decide, when there is no data', () => {
    const r = run(oemCluster, []);
    expect(r.assessments.process.status).toBe('unknown');
    expect(r.assessments.process.missing).toContain('laborProductivity');
    expect(r.assessments.chain.missing).toContain('newSectorRevenueShare');
  });
  it('counts ODM/OBM revenue as evidence of functional upgrading', () => {
    const r = run(designCluster, []);
    expect(r.assessments.functional.status).toBe('evident');
    expect(r.assessments.functional.evidence[0]?.code).toBe('position-share');
    expect(run(oemCluster, []).assessments.functional.status).toBe('absent');
  });
});

describe('stage diagnosis (seed 000 §2)', () => {
  it('puts an OEM cluster with only process evidence in the process stage', () => {
    const r = run(
      oemCluster,
      panel(6, (i) => ({ laborProductivity: grow(10, 0.08)(i), newProductOutputRate: 15 })),
    );
    expect(r.stage.stage).toBe('process');
  });
  it('reaches the product stage with rising new products and some ODM', () => {
    const firms = [firm({ id: 'a', revenueSplit: { OEA: 0, OEM: 85, ODM: 15, OBM: 0 } })];
    const r = run(
      firms,
      panel(6, (i) => ({ newProductOutputRate: grow(15, 0.06)(i), unitValueIndex: grow(100, 0.04)(i) })),
    );
    expect(r.stage.stage).toBe('product');
  });
  it('reaches the functional stage with a large ODM/OBM share and rising own brands', () => {
    const r = run(
      designCluster,
      panel(6, (i) => ({ ownBrandShare: grow(10, 0.08)(i), designStaffShare: grow(3, 0.06)(i) })),
    );
    expect(r.stage.stage).toBe('functional');
  });
  it('does not claim the chain stage on own brands alone: it needs evidence of new sectors', () => {
    const obm = [firm({ id: 'a', revenueSplit: { OEA: 0, OEM: 20, ODM: 20, OBM: 60 } })];
    const base = (i: number) => ({ ownBrandShare: grow(40, 0.05)(i) });
    expect(run(obm, panel(6, base)).stage.stage).toBe('functional');
    expect(run(obm, panel(6, base)).stage.decidingTypes).toContain('chain');
    const diversified = run(
      obm,
      panel(6, (i) => ({ ...base(i), newSectorRevenueShare: grow(5, 0.15)(i) })),
    );
    expect(diversified.stage.stage).toBe('chain');
  });
  it('is more confident when the deciding data is there and the call is clear', () => {
    const thin = run(designCluster, []);
    const rich = run(
      designCluster,
      panel(6, (i) => ({
        ownBrandShare: grow(10, 0.08)(i),
        designStaffShare: grow(3, 0.06)(i),
        rndIntensity: grow(1, 0.08)(i),
        newSectorRevenueShare: 2,
      })),
    );
    expect(rich.stage.confidence).toBeGreaterThan(thin.stage.confidence);
    expect(rich.stage.confidence).toBeLessThanOrEqual(1);
  });
});
