import { describe, expect, it } from 'vitest';
import { criticalMassSigmoid, S, U_ALIVE, US } from '../../src/abm/model.ts';
import { runCluster } from '../../src/abm/run.ts';
import { kb } from '../helpers.ts';

describe('embeddedness and critical mass (docs/abm.md §7.2b, §7.5, §7.10)', () => {
  it('keeps each firm’s embeddedness equal to the sum of its tie strengths', () => {
    const r = runCluster({ firms: 200, steps: 40, seed: 3, kb, series: false });
    const st = r.state;
    let checked = 0;
    for (let i = 0; i < st.n; i++) {
      if (st.u[i * US + U_ALIVE] !== 1) continue;
      let sum = 0;
      for (let s = 0; s < st.K; s++) {
        const x = st.tieStr[i * st.K + s] as number;
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        sum += x;
      }
      expect(st.emb[i] as number).toBeCloseTo(sum, 4);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('gives empty tie slots no strength: a firm with fewer sources is less embedded', () => {
    const r = runCluster({ firms: 30, steps: 0, seed: 2, kb, series: false, scalars: { rewire: 0 } });
    const st = r.state;
    let empty = 0;
    for (let i = 0; i < st.n; i++)
      for (let s = 0; s < st.K; s++)
        if ((st.ties[i * st.K + s] as number) < 0) {
          expect(st.tieStr[i * st.K + s]).toBe(0);
          empty++;
        }
    // The 30-firm ring fills every slot of its firms; the 25 % headroom slots are empty (settleTieStrength).
    expect(empty).toBeGreaterThan(0);
    for (let i = 0; i < st.n; i++) {
      let sum = 0;
      for (let s = 0; s < st.K; s++) sum += st.tieStr[i * st.K + s] as number;
      expect(st.emb[i]).toBeCloseTo(sum, 6);
    }
  });

  it('strengthens ties in a closed cluster more than in an open one', () => {
    const meanEmb = (scalars: Record<string, number>) => {
      const st = runCluster({ firms: 200, steps: 60, seed: 5, kb, series: false, scalars }).state;
      let s = 0;
      let n = 0;
      for (let i = 0; i < st.n; i++)
        if (st.u[i * US + U_ALIVE] === 1) {
          s += (st.emb[i] as number) / st.K;
          n++;
        }
      return s / n;
    };
    expect(meanEmb({ pTieSearch: 0.005, pTriadic: 1 })).toBeGreaterThan(meanEmb({ pTieSearch: 0.1 }) + 0.1);
  });

  it('has an S-shaped critical-mass sigmoid, ½ at the critical mass and off when it is 0', () => {
    expect(criticalMassSigmoid(40, 40, 4)).toBeCloseTo(0.5, 12);
    expect(criticalMassSigmoid(0, 40, 4)).toBe(0);
    expect(criticalMassSigmoid(12, 40, 4)).toBeLessThan(0.01);
    expect(criticalMassSigmoid(500, 40, 4)).toBeGreaterThan(0.9999);
    expect(criticalMassSigmoid(3, 0, 4)).toBe(1);
  });

  it('lets a small seeded cluster die out while a larger one grows', () => {
    const growth = (firms: number) => {
      const r = runCluster({ firms, steps: 60, seed: 2, kb, series: false, scalars: { headroom: 4 } });
      return (r.final[S.localFirms] as number) / firms;
    };
    expect(growth(12)).toBeLessThan(1);
    expect(growth(60)).toBeGreaterThanOrEqual(1);
  });
});
