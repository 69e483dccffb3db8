import { describe, expect, it } from 'vitest';
import { compareMeans } from '../../src/measure/survey/stats.ts';

describe('Welch t-test and permutation test', () => {
  it('matches scipy ttest_ind(equal_var=False)', () => {
    // scipy.stats.ttest_ind([3,4,5,6,7], [1,2,2,3,3,4], equal_var=False):
    // t = 3.0242918945456694, df = 6.745585874799358, p = 0.020150915650577333
    const r = compareMeans([3, 4, 5, 6, 7], [1, 2, 2, 3, 3, 4]);
    expect(r.t).toBeCloseTo(3.0242918945456694, 10);
    expect(r.df).toBeCloseTo(6.745585874799358, 10);
    expect(r.pWelch).toBeCloseTo(0.020150915650577333, 8);
    expect(r.pPermutation).toBeNull();
  });

  it('gives a seeded, reproducible permutation p near the t-test p', () => {
    const a = Array.from({ length: 40 }, (_, i) => 3 + (i % 7) * 0.3);
    const b = Array.from({ length: 50 }, (_, i) => 3.4 + (i % 5) * 0.3);
    const r1 = compareMeans(a, b, 2000, 9);
    const r2 = compareMeans(a, b, 2000, 9);
    expect(r1.pPermutation).toBe(r2.pPermutation);
    expect(Math.abs((r1.pPermutation as number) - r1.pWelch)).toBeLessThan(0.03);
  });

  it('ignores missing values', () => {
    expect(compareMeans([1, Number.NaN, 3], [2, 2, Number.NaN]).nA).toBe(2);
  });
});
