/**
 * Random streams of the PLS bootstrap: resample r's rows come from the counter-based stream (seed, r)
 * (src/numeric/xoshiro.ts), so they do not depend on which worker draws them; no dependency on
 * Math.random.
 */
import { counterStream } from '../../numeric/xoshiro.ts';

export { counterStream, type Stream } from '../../numeric/xoshiro.ts';

/** Fills `out` with the 0-based row indices (with replacement, 0..n−1) of bootstrap resample `r`. */
export function resampleRows(seed: number, r: number, n: number, out: Int32Array): Int32Array {
  const s = counterStream(seed, r);
  for (let i = 0; i < out.length; i++) out[i] = s.int(n);
  return out;
}
