import { describe, expect, it } from 'vitest';
import { JOE_KUO } from '../../src/sensitivity/joe-kuo.ts';
import { directionNumbers, MAX_SOBOL_DIMENSION, sobolPoints } from '../../src/sensitivity/sobol-sequence.ts';

/**
 * Reference points: scipy.stats.qmc.Sobol(d, scramble=False, bits=32).random(n) (SciPy 1.17, which uses
 * the same Joe & Kuo new-joe-kuo-6.21201 numbers), first 16 points of 12 dimensions.
 */
const SCIPY_16x12 = [
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
  [0.75, 0.25, 0.25, 0.25, 0.75, 0.75, 0.25, 0.75, 0.75, 0.75, 0.75, 0.75],
  [0.25, 0.75, 0.75, 0.75, 0.25, 0.25, 0.75, 0.25, 0.25, 0.25, 0.25, 0.25],
  [0.375, 0.375, 0.625, 0.875, 0.375, 0.125, 0.375, 0.875, 0.875, 0.625, 0.875, 0.375],
  [0.875, 0.875, 0.125, 0.375, 0.875, 0.625, 0.875, 0.375, 0.375, 0.125, 0.375, 0.875],
  [0.625, 0.125, 0.875, 0.625, 0.625, 0.875, 0.125, 0.125, 0.125, 0.375, 0.125, 0.625],
  [0.125, 0.625, 0.375, 0.125, 0.125, 0.375, 0.625, 0.625, 0.625, 0.875, 0.625, 0.125],
  [0.1875, 0.3125, 0.9375, 0.4375, 0.5625, 0.3125, 0.4375, 0.9375, 0.9375, 0.3125, 0.6875, 0.0625],
  [0.6875, 0.8125, 0.4375, 0.9375, 0.0625, 0.8125, 0.9375, 0.4375, 0.4375, 0.8125, 0.1875, 0.5625],
  [0.9375, 0.0625, 0.6875, 0.1875, 0.3125, 0.5625, 0.1875, 0.1875, 0.1875, 0.5625, 0.4375, 0.8125],
  [0.4375, 0.5625, 0.1875, 0.6875, 0.8125, 0.0625, 0.6875, 0.6875, 0.6875, 0.0625, 0.9375, 0.3125],
  [0.3125, 0.1875, 0.3125, 0.5625, 0.9375, 0.4375, 0.0625, 0.0625, 0.0625, 0.9375, 0.3125, 0.4375],
  [0.8125, 0.6875, 0.8125, 0.0625, 0.4375, 0.9375, 0.5625, 0.5625, 0.5625, 0.4375, 0.8125, 0.9375],
  [0.5625, 0.4375, 0.0625, 0.8125, 0.1875, 0.6875, 0.3125, 0.8125, 0.8125, 0.1875, 0.5625, 0.6875],
  [0.0625, 0.9375, 0.5625, 0.3125, 0.6875, 0.1875, 0.8125, 0.3125, 0.3125, 0.6875, 0.0625, 0.1875],
];

describe("Sobol' sequence", () => {
  it('bundles Joe & Kuo direction numbers for at least 2k dimensions, k = 32', () => {
    expect(MAX_SOBOL_DIMENSION).toBeGreaterThanOrEqual(64);
    expect(JOE_KUO[8]).toEqual([5, 7, 1, 1, 7, 11, 19]); // dimension 10 of new-joe-kuo-6.21201
    expect(JOE_KUO[98]).toEqual([9, 244, 1, 1, 5, 5, 11, 5, 45, 117, 217]); // dimension 100
    for (const row of JOE_KUO) {
      const s = row[0] as number;
      expect(row.length).toBe(s + 2);
      row.slice(2).forEach((m, j) => {
        expect(m % 2).toBe(1);
        expect(m).toBeLessThan(2 ** (j + 1));
      });
    }
  });

  it("matches SciPy's unscrambled points", () => {
    const x = sobolPoints(12, 16);
    expect(Array.from(x)).toEqual(SCIPY_16x12.flat());
    const deep = sobolPoints(256, 1024);
    expect(Array.from(deep.subarray(1023 * 256 + 250, 1023 * 256 + 256))).toEqual([
      0.8623046875, 0.9521484375, 0.0361328125, 0.6201171875, 0.3408203125, 0.8427734375,
    ]);
    expect(Array.from(deep.subarray(777 * 256 + 100, 777 * 256 + 104))).toEqual([
      0.8427734375, 0.7568359375, 0.7138671875, 0.7373046875,
    ]);
  });

  it('starts anywhere: skip gives the same points as the run from 0', () => {
    const all = sobolPoints(7, 300);
    const tail = sobolPoints(7, 200, { skip: 100 });
    expect(Array.from(tail)).toEqual(Array.from(all.subarray(700)));
  });

  it('every 2^m block is stratified in each dimension, with and without randomisation', () => {
    const m = 8;
    const n = 2 ** m;
    for (const randomise of ['none', 'owen', 'shift'] as const) {
      const dim = 20;
      const x = sobolPoints(dim, n, { randomise, seed: 7 });
      for (let d = 0; d < dim; d++) {
        const cells = new Set<number>();
        for (let i = 0; i < n; i++) {
          const v = x[i * dim + d] as number;
          if (!(v >= 0 && v < 1)) throw new Error(`${randomise}: ${v} outside [0, 1)`);
          cells.add(Math.floor(v * n));
        }
        expect(cells.size, `${randomise} dimension ${d + 1}`).toBe(n);
      }
      // Two-dimensional projection (1, 2): one point per elementary box of 2^4 × 2^4.
      const boxes = new Set<number>();
      for (let i = 0; i < n; i++)
        boxes.add(Math.floor((x[i * dim] as number) * 16) * 16 + Math.floor((x[i * dim + 1] as number) * 16));
      expect(boxes.size).toBe(n);
    }
  });

  it('randomisation is reproducible by seed and differs between seeds', () => {
    for (const randomise of ['owen', 'shift'] as const) {
      const a = sobolPoints(5, 64, { randomise, seed: 1 });
      const b = sobolPoints(5, 64, { randomise, seed: 1 });
      const c = sobolPoints(5, 64, { randomise, seed: 2 });
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Array.from(a)).not.toEqual(Array.from(c));
      // No point sits exactly on the grid (no exact 0 for inverse CDFs).
      expect(Array.from(a).every((v) => v > 0)).toBe(true);
    }
  });

  it('rejects dimensions beyond the table', () => {
    expect(() => directionNumbers(MAX_SOBOL_DIMENSION + 1)).toThrow(RangeError);
  });
});
