/**
 * Small dense linear algebra on row-major Float64Array matrices (sizes are the number of items in a
 * block or of constructs: tens at most). LU with partial pivoting, as LAPACK's dgesv behind R's `solve`.
 */

export class SingularMatrixError extends Error {
  constructor(what: string) {
    super(`${what}: the matrix is singular (collinear items or constructs)`);
    this.name = 'SingularMatrixError';
  }
}

/**
 * Solves A X = B for X. A is m × m, B is m × k (row-major); neither is modified. Returns X (m × k).
 */
export function solve(
  a: Float64Array,
  m: number,
  b: Float64Array,
  k: number,
  what = 'solve',
  /** Optional work buffers (≥ m·m and ≥ m·k), reused instead of allocating; the result is `x`. */
  lu: Float64Array = new Float64Array(m * m),
  x: Float64Array = new Float64Array(m * k),
): Float64Array {
  lu.set(a.subarray(0, m * m));
  x.set(b.subarray(0, m * k));
  for (let col = 0; col < m; col++) {
    let piv = col;
    let best = Math.abs(lu[col * m + col] as number);
    for (let r = col + 1; r < m; r++) {
      const v = Math.abs(lu[r * m + col] as number);
      if (v > best) {
        best = v;
        piv = r;
      }
    }
    if (!(best > 1e-14)) throw new SingularMatrixError(what);
    if (piv !== col) {
      for (let c = 0; c < m; c++) {
        const t = lu[col * m + c] as number;
        lu[col * m + c] = lu[piv * m + c] as number;
        lu[piv * m + c] = t;
      }
      for (let c = 0; c < k; c++) {
        const t = x[col * k + c] as number;
        x[col * k + c] = x[piv * k + c] as number;
        x[piv * k + c] = t;
      }
    }
    const d = lu[col * m + col] as number;
    for (let r = col + 1; r < m; r++) {
      const f = (lu[r * m + col] as number) / d;
      if (f === 0) continue;
      lu[r * m + col] = f;
      for (let c = col + 1; c < m; c++)
        lu[r * m + c] = (lu[r * m + c] as number) - f * (lu[col * m + c] as number);
      for (let c = 0; c < k; c++) x[r * k + c] = (x[r * k + c] as number) - f * (x[col * k + c] as number);
    }
  }
  for (let r = m - 1; r >= 0; r--) {
    const d = lu[r * m + r] as number;
    for (let c = 0; c < k; c++) {
      let s = x[r * k + c] as number;
      for (let j = r + 1; j < m; j++) s -= (lu[r * m + j] as number) * (x[j * k + c] as number);
      x[r * k + c] = s / d;
    }
  }
  return x;
}

/** Inverse of an m × m matrix. */
export function invert(a: Float64Array, m: number, what = 'invert'): Float64Array {
  const id = new Float64Array(m * m);
  for (let i = 0; i < m; i++) id[i * m + i] = 1;
  return solve(a, m, id, m, what);
}

/** The sub-matrix of a (n × n, row-major) on the given row/column indices. */
export function subMatrix(
  a: Float64Array,
  n: number,
  rows: readonly number[],
  cols: readonly number[] = rows,
  out: Float64Array = new Float64Array(rows.length * cols.length),
): Float64Array {
  for (let i = 0; i < rows.length; i++) {
    const ri = (rows[i] as number) * n;
    for (let j = 0; j < cols.length; j++) out[i * cols.length + j] = a[ri + (cols[j] as number)] as number;
  }
  return out;
}
