/**
 * The Sobol' low-discrepancy sequence in base 2 (Sobol' 1967), built with the Gray-code recursion of
 * Antonov & Saleev (1979) from the direction numbers of Joe & Kuo 2008 (new-joe-kuo-6.21201, see
 * joe-kuo.ts), on 32 bits: point i of dimension d is x = (⊕_{j : bit j of gray(i) set} v_{d,j}) / 2^32
 * with gray(i) = i ⊕ (i >> 1), and consecutive points differ by one direction number:
 * x_{i+1} = x_i ⊕ v_{c(i)}, c(i) = the position of the lowest zero bit of i.
 *
 * Optional randomisation (seeded, counter-based so that a point does not depend on how many are drawn):
 * - 'owen': nested uniform scrambling (Owen 1995) of the 32 digits, each digit flipped by a random bit
 *   that depends on the dimension and on all the digits above it (a hash of the seed, the dimension, the
 *   digit position and the prefix), plus a random tail below 2^−32;
 * - 'shift': a random digital shift (one random 32-bit XOR mask per dimension; Dick & Pillichshammer 2010), plus a
 *   random tail.
 * Both keep the (t, m, s)-net structure and make every point uniform on [0, 1)^s.
 */
import { fmix32, seedWords } from '../numeric/xoshiro.ts';
import { JOE_KUO } from './joe-kuo.ts';

/** The largest dimension with direction numbers in the bundled table. */
export const MAX_SOBOL_DIMENSION = JOE_KUO.length + 1;
const BITS = 32;
const TWO32 = 4294967296;

export type Randomisation = 'none' | 'owen' | 'shift';

/** Direction numbers v_{d,1..32} of dimensions 1..dim, as 32-bit integers, dimension-major. */
export function directionNumbers(dim: number): Uint32Array {
  if (!Number.isInteger(dim) || dim < 1 || dim > MAX_SOBOL_DIMENSION)
    throw new RangeError(`Sobol' dimension must be 1..${MAX_SOBOL_DIMENSION} (got ${dim})`);
  const v = new Uint32Array(dim * BITS);
  for (let j = 0; j < BITS; j++) v[j] = 2 ** (31 - j); // dimension 1: m_j = 1
  for (let d = 1; d < dim; d++) {
    const row = JOE_KUO[d - 1] as readonly number[];
    const s = row[0] as number;
    const a = row[1] as number;
    const o = d * BITS;
    for (let j = 0; j < s && j < BITS; j++) v[o + j] = ((row[2 + j] as number) * 2 ** (31 - j)) >>> 0;
    for (let j = s; j < BITS; j++) {
      let x = (v[o + j - s] as number) ^ ((v[o + j - s] as number) >>> s);
      for (let q = 1; q < s; q++) if ((a >>> (s - 1 - q)) & 1) x ^= v[o + j - q] as number;
      v[o + j] = x >>> 0;
    }
  }
  return v;
}

/** The per-dimension key of a seed (the integer part of any finite number up to 2^53). */
function dimensionKey(seed: number, d: number): number {
  const [lo, hi] = seedWords(seed);
  return fmix32(fmix32(lo ^ 0x5bd1e995) ^ fmix32(hi + 0x9e3779b9) ^ fmix32(Math.imul(d + 1, 0x27d4eb2f)));
}

/** Owen's nested scrambling of the 32 digits of x under key: digit l flips by a bit of hash(key, l, digits above l). */
function owenScramble(x: number, key: number): number {
  let out = 0;
  for (let l = 0; l < BITS; l++) {
    const prefix = l === 0 ? 0 : x >>> (BITS - l);
    const flip = fmix32(key ^ fmix32(prefix + Math.imul(l + 1, 0x9e3779b9))) >>> 31;
    out |= (((x >>> (31 - l)) & 1) ^ flip) << (31 - l);
  }
  return out >>> 0;
}

/** A random tail in [0, 2^−32) for point `index` of dimension key `key` (21 bits). */
function tail(key: number, index: number): number {
  return (fmix32(key ^ fmix32(index + 0x632be5ab) ^ 0x1b873593) >>> 11) * 2 ** -53;
}

export interface SobolOptions {
  /** Index of the first point returned (points skip … skip + n − 1). */
  skip?: number;
  randomise?: Randomisation;
  seed?: number;
}

/**
 * Points skip … skip + n − 1 of the `dim`-dimensional Sobol' sequence, row-major (n × dim) in `out`.
 * Without randomisation the values are exact dyadic rationals k / 2^32.
 */
export function sobolPoints(
  dim: number,
  n: number,
  opts: SobolOptions = {},
  out: Float64Array = new Float64Array(n * dim),
): Float64Array {
  const skip = opts.skip ?? 0;
  const mode = opts.randomise ?? 'none';
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`number of points must be a whole number (got ${n})`);
  if (!Number.isInteger(skip) || skip < 0 || skip + n > TWO32 - 1)
    throw new RangeError(`Sobol' points must stay below index 2^32 − 1 (skip ${skip}, n ${n})`);
  if (out.length < n * dim) throw new RangeError('output array too short');
  const v = directionNumbers(dim);
  const x = new Uint32Array(dim);
  // The first point, from its Gray code.
  const g = skip ^ Math.floor(skip / 2);
  for (let d = 0; d < dim; d++) {
    let acc = 0;
    for (let j = 0, gg = g; gg > 0; j++, gg = Math.floor(gg / 2))
      if (gg % 2 === 1) acc ^= v[d * BITS + j] as number;
    x[d] = acc >>> 0;
  }
  const keys = new Uint32Array(dim);
  const shifts = new Uint32Array(dim);
  const seed = opts.seed ?? 0;
  if (mode !== 'none')
    for (let d = 0; d < dim; d++) {
      keys[d] = dimensionKey(seed, d);
      shifts[d] = fmix32((keys[d] as number) ^ 0xcc9e2d51);
    }
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    const index = skip + i;
    if (mode === 'none') for (let d = 0; d < dim; d++) out[o + d] = (x[d] as number) / TWO32;
    else if (mode === 'shift')
      for (let d = 0; d < dim; d++) {
        const k = keys[d] as number;
        out[o + d] = (((x[d] as number) ^ (shifts[d] as number)) >>> 0) / TWO32 + tail(k, index);
      }
    else
      for (let d = 0; d < dim; d++) {
        const k = keys[d] as number;
        out[o + d] = owenScramble(x[d] as number, k) / TWO32 + tail(k, index);
      }
    if (i + 1 < n) {
      // c = position of the lowest zero bit of `index`.
      let c = 0;
      let m = index;
      while (m % 2 === 1) {
        m = Math.floor(m / 2);
        c++;
      }
      for (let d = 0; d < dim; d++) x[d] = ((x[d] as number) ^ (v[d * BITS + c] as number)) >>> 0;
    }
  }
  return out;
}
