/**
 * SRMR (standardised root mean square residual) of a PLS model, as cSEM's `calculateSRMR` and SmartPLS
 * define it: the root mean square of the differences between the observed item correlations R and the
 * model-implied item correlations Σ, over the K(K+1)/2 elements of the lower triangle including the
 * diagonal (whose residuals are 0).
 *
 * The implied correlations Σ (docs/pls.md, "SRMR"):
 * - items k, l of different constructs i ≠ j: Σ_kl = λ_k λ_l Φ_ij, with λ the reported outer loadings
 *   (cov(item, score); PLSc loadings for reflective constructs; for a Mode B block the loadings are
 *   R_block w, i.e. they follow from its weights) and Φ the construct correlations;
 * - items of one Mode A block: Σ_kl = λ_k λ_l (the block is reproduced through its loadings);
 * - items of one Mode B block: Σ_kl = R_kl (a composite lets its indicators covary freely);
 * - Σ_kk = 1.
 *
 * Φ is the construct correlation matrix used for the paths (disattenuated under PLSc). The
 * **saturated** model uses Φ as estimated (every construct correlated freely); the **estimated** model
 * uses the correlations implied by the structural model: Φ_exo as estimated among exogenous constructs,
 * η = Bη + ζ, Var(ζ_j) = 1 − Σ_i β_ij Φ_ij, and Φ̂ = (I − B)⁻¹ Ψ (I − B)⁻ᵀ with the diagonal set to 1
 * (cSEM's `fit()`).
 */

import { invert } from './linalg.ts';

export interface SrmrBlock {
  mode: 'A' | 'B';
  /** Indices into the K items. */
  items: number[];
}

export interface SrmrInput {
  /** K × K observed item correlations (row-major). */
  r: Float64Array;
  K: number;
  blocks: SrmrBlock[];
  /** K × C loadings (row-major, item × construct; zero outside blocks). */
  loadings: Float64Array;
  /** C × C construct correlations. */
  phi: Float64Array;
}

/** The implied item correlation matrix for construct correlations `phi` (K × K, row-major). */
export function impliedItemCorrelations(x: SrmrInput): Float64Array {
  const { K, blocks, loadings, phi, r } = x;
  const C = blocks.length;
  const owner = new Int32Array(K).fill(-1);
  const lambda = new Float64Array(K);
  blocks.forEach((b, c) => {
    for (const i of b.items) {
      owner[i] = c;
      lambda[i] = loadings[i * C + c] as number;
    }
  });
  const sigma = new Float64Array(K * K);
  for (let k = 0; k < K; k++) {
    sigma[k * K + k] = 1;
    for (let l = k + 1; l < K; l++) {
      const i = owner[k] as number;
      const j = owner[l] as number;
      let v: number;
      if (i < 0 || j < 0) v = r[k * K + l] as number;
      else if (i !== j) v = (lambda[k] as number) * (lambda[l] as number) * (phi[i * C + j] as number);
      else if ((blocks[i] as SrmrBlock).mode === 'B') v = r[k * K + l] as number;
      else v = (lambda[k] as number) * (lambda[l] as number);
      sigma[k * K + l] = v;
      sigma[l * K + k] = v;
    }
  }
  return sigma;
}

/** SRMR between two K × K correlation matrices: √(Σ_{k≤l} (a − b)² / (K(K+1)/2)). */
export function srmrBetween(a: Float64Array, b: Float64Array, K: number): number {
  let ss = 0;
  for (let k = 0; k < K; k++) {
    for (let l = 0; l <= k; l++) {
      const d = (a[k * K + l] as number) - (b[k * K + l] as number);
      ss += d * d;
    }
  }
  return Math.sqrt(ss / ((K * (K + 1)) / 2));
}

/**
 * Construct correlations implied by a recursive structural model: beta[from·C + to] are the path
 * coefficients of `paths` ([from, to]), phi the estimated construct correlations (used among exogenous constructs and for the
 * structural error variances).
 */
export function impliedConstructCorrelations(
  beta: Float64Array,
  phi: Float64Array,
  C: number,
  paths: readonly (readonly [number, number])[],
): Float64Array {
  const endogenous = new Uint8Array(C);
  for (const [, t] of paths) endogenous[t] = 1;
  // A = I − B with B[to, from] = β.
  const a = new Float64Array(C * C);
  for (let t = 0; t < C; t++) {
    a[t * C + t] = 1;
    for (let f = 0; f < C; f++) a[t * C + f] = (a[t * C + f] as number) - (beta[f * C + t] as number);
  }
  const psi = new Float64Array(C * C);
  for (let i = 0; i < C; i++) {
    if (endogenous[i]) {
      let explained = 0;
      for (let f = 0; f < C; f++) explained += (beta[f * C + i] as number) * (phi[f * C + i] as number);
      psi[i * C + i] = 1 - explained;
    } else {
      for (let j = 0; j < C; j++)
        if (!endogenous[j]) psi[i * C + j] = i === j ? 1 : (phi[i * C + j] as number);
    }
  }
  const inv = invert(a, C, 'implied construct correlations');
  // Σ = inv · Ψ · invᵀ
  const tmp = new Float64Array(C * C);
  for (let i = 0; i < C; i++)
    for (let j = 0; j < C; j++) {
      let s = 0;
      for (let k = 0; k < C; k++) s += (inv[i * C + k] as number) * (psi[k * C + j] as number);
      tmp[i * C + j] = s;
    }
  const out = new Float64Array(C * C);
  for (let i = 0; i < C; i++)
    for (let j = 0; j < C; j++) {
      if (i === j) {
        out[i * C + j] = 1;
        continue;
      }
      let s = 0;
      for (let k = 0; k < C; k++) s += (tmp[i * C + k] as number) * (inv[j * C + k] as number);
      out[i * C + j] = s;
    }
  return out;
}

export interface Srmr {
  /** Saturated model: the construct correlations as estimated. */
  saturated: number;
  /** Estimated model: the construct correlations implied by the structural paths. */
  estimated: number;
}

export function computeSrmr(
  x: SrmrInput,
  beta: Float64Array,
  paths: readonly (readonly [number, number])[],
): Srmr {
  const C = x.blocks.length;
  const saturated = srmrBetween(x.r, impliedItemCorrelations(x), x.K);
  // Inadmissible estimates (NaN paths under PLSc) leave the estimated-model SRMR undefined.
  if (beta.some((v) => Number.isNaN(v))) return { saturated, estimated: Number.NaN };
  const phiHat = impliedConstructCorrelations(beta, x.phi, C, paths);
  const estimated = srmrBetween(x.r, impliedItemCorrelations({ ...x, phi: phiHat }), x.K);
  return { saturated, estimated };
}
