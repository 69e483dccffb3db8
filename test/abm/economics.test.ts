import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firmFlag, firmValue, POS_OBM, POS_OEM, S, U_ALIVE, U_PLATFORM, U_POS } from '../../src/abm/model.ts';
import { compareGovernance } from '../../src/abm/report/compare.ts';
import { explainComparison } from '../../src/abm/report/explain.ts';
import { runCluster } from '../../src/abm/run.ts';
import { kb } from '../helpers.ts';

describe('size dynamics (docs/abm.md §7.5: capital follows the profit rate, decreasing returns)', () => {
  it('grows firms of high-profit positions more, within the per-step cap and toward a bounded size', () => {
    const steps = 40;
    const r = runCluster({ firms: 600, steps, seed: 8, kb, series: true });
    const st = r.state;
    const { growthCap, sizeGrowth, sizeDamping, normalProfit } = r.params.scalars;
    const ratio: number[][] = [[], [], [], []];
    for (let i = 0; i < 600; i++) {
      if (!firmFlag(st, i, U_ALIVE) || st.born[i] !== 0) continue;
      const q = firmFlag(st, i, U_POS);
      const x = firmValue(st, i, 'size') * (st.invSize0[i] as number);
      ratio[q]?.push(x);
      expect(x).toBeLessThanOrEqual((1 + growthCap) ** steps * 1.0001);
      // A firm's size cannot pass the size at which decreasing returns cancel the largest profit rate the
      // margin rule allows (markup ≤ 1.3 with the IP lever, plus premium and embeddedness: < 1.5).
      expect(x).toBeLessThanOrEqual(1 + (sizeGrowth * (1.5 - normalProfit)) / sizeDamping);
    }
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(mean(ratio[POS_OBM] as number[])).toBeGreaterThan(1.5 * mean(ratio[POS_OEM] as number[]));
    // Value capture moves with the position mix and firm sizes, not in a jump: < 0.1 per 10 steps.
    const vc = (t: number) => (r.series as Float64Array)[t * r.final.length + S.valueCapture] as number;
    for (let t = 10; t <= steps; t += 10) expect(Math.abs(vc(t) - vc(t - 10))).toBeLessThan(0.1);
  });
});

describe('learning by doing (Arrow 1962)', () => {
  it('raises production capability without buyers, peers or pipelines', () => {
    const quiet = { pLearn: 0, pExt: 0, pExtGain: 0, extShare: 0, pInnov: 0, nvcTransfer: 0, decay: 0 };
    const on = runCluster({ firms: 300, steps: 40, seed: 3, kb, governance: 'market', scalars: quiet });
    const off = runCluster({
      firms: 300,
      steps: 40,
      seed: 3,
      kb,
      governance: 'market',
      scalars: { ...quiet, learnByDoing: 0 },
    });
    const prod = (x: typeof on, t: number) =>
      (x.series as Float64Array)[t * x.final.length + S.production] as number;
    expect(prod(off, 40)).toBeLessThanOrEqual(prod(off, 0));
    expect(prod(on, 40) - prod(on, 0)).toBeGreaterThan(0.05);
    expect(prod(on, 40) - prod(off, 40)).toBeGreaterThan(0.05);
  });
});

describe('absorptive capacity at initialisation (docs/abm.md §5)', () => {
  it('counts the training lever, so training widens the initial platform links', () => {
    const run = (training: number) =>
      runCluster({ firms: 2000, steps: 0, seed: 4, kb, series: false, policy: { training } });
    const links = (x: ReturnType<typeof run>) => {
      let k = 0;
      for (let i = 0; i < 2000; i++) k += firmFlag(x.state, i, U_PLATFORM);
      return k;
    };
    const off = run(0);
    const on = run(1);
    const add = on.params.scalars.trainingAbsorb * (on.params.leverScale.training ?? 0);
    expect(add).toBeGreaterThan(0);
    for (let i = 0; i < 2000; i++) {
      const a1 = firmValue(on.state, i, 'absorb');
      const a0 = firmValue(off.state, i, 'absorb');
      if (a1 < 1) expect(a1 - a0).toBeCloseTo(add, 5);
    }
    expect(links(on)).toBeGreaterThan(1.2 * links(off));
  });
});

describe('the bundled Ningbo case under captive and market governance (H&S 2002)', () => {
  it('shows faster process upgrading under captive and more functional upgrading under market', async () => {
    const ws = join(kb.cases.get('ningbo-garments')?.file ?? '', '..', 'ningbo-garments.workspace.yaml');
    const c = await compareGovernance({
      governances: ['captive', 'market'],
      workspace: ws,
      firms: 300,
      steps: 100,
      seeds: 6,
      workers: 2,
      kb,
    });
    const ex = explainComparison(c, 'en');
    expect(ex.checks.map((x) => [x.claim, x.verdict])).toEqual([
      ['process', 'agrees'],
      ['functional', 'agrees'],
    ]);
  });
});
