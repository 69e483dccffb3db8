import type { Graph } from '../graph.ts';

/**
 * Borgatti & Everett (2000) continuous core–periphery model: each node has a coreness c_i ≥ 0 and the
 * ideal pattern is δ_ij = c_i c_j (core–core ties strongest, periphery–periphery weakest). The fit is
 * the Pearson correlation of the data a_ij with δ_ij over all off-diagonal cells (ordered pairs i ≠ j;
 * an undirected graph lists each pair twice, which leaves the correlation unchanged).
 *
 * Data: the 0/1 adjacency (default) or, with `weighted`, the tie strengths. δ is symmetric, so a directed
 * graph is in effect fitted by its symmetrised ties.
 *
 * Two criteria (docs/network-cluster.md):
 * - 'minres' (default): c minimises Σ_{i≠j} (a_ij − c_i c_j)², i.e. C Cᵀ as close as possible to the data
 *   off the diagonal — the procedure UCINET documents for its continuous model. Well posed: the objective
 *   grows without bound as ‖c‖ → ∞, so a minimum (over c ≥ 0) always exists; isolates get 0.
 * - 'correlation': c maximises the correlation itself (least squares with a free intercept α,
 *   Σ (a_ij − α − c_i c_j)²; the slope is absorbed into the scale of c), started from the minres
 *   solution. This criterion can be ill-posed: as c → t(1 + εx) with t → ∞, c_i c_j tends (after the
 *   intercept) to the additive pattern x_i + x_j, whose best correlation is that of total degrees,
 *   corr(a_ij, k_i + k_j) (`additiveFit`). When the search heads that way (the coreness flattens and its
 *   scale keeps growing) or towards a single-node star (one c_i → ∞, the rest → 0), no maximum is
 *   attained. Then the result is flagged `degenerate` and the minres coreness and fit are returned. It is
 *   also flagged when the best correlation found does not beat the additive baseline or the minres fit.
 *
 * Solver (deterministic): projected Newton with conjugate gradients on the Hessian (Hessian–vector
 * products in O(n + m)), an ε-active set for the bound c ≥ 0 and a backtracking (Armijo) line search.
 * Near the optimum, where the predicted decrease is below the rounding of the objective, a step is
 * accepted when it shrinks the projected gradient. Start: c_i = k_i / √(Σ k) from total degree (or
 * strength) k. Stop when the Newton step is below `tolerance` (default 1e-12) times ‖c‖, or after
 * `maxIterations` (default 1000) Newton steps per phase.
 *
 * Output: c scaled to unit Euclidean length, the fit, and the Herfindahl–Hirschman index of the coreness
 * shares c_i / Σ c (reported for Giuliani's wine-cluster knowledge networks to compare how concentrated
 * they are around a core: 1/n when all are equally central, up to 1).
 */

export type CorePeripheryCriterion = 'minres' | 'correlation';

export interface CorePeripheryOptions {
  weighted?: boolean;
  criterion?: CorePeripheryCriterion;
  tolerance?: number;
  maxIterations?: number;
}

export interface CorePeripheryResult {
  criterion: CorePeripheryCriterion;
  /** Unit-length coreness, indexed like the graph. */
  coreness: Float64Array;
  /** Pearson correlation of a_ij with c_i c_j over i ≠ j; null when either side is constant. */
  fit: number | null;
  /** Correlation of a_ij with k_i + k_j (total degree or strength): the additive baseline. */
  additiveFit: number | null;
  /** 'correlation' only: no finite maximum was found (see above); coreness and fit are the minres ones. */
  degenerate: boolean;
  concentration: number | null;
  iterations: number;
  converged: boolean;
}

const tieValue = (weighted: boolean, w: Float64Array, p: number) => (weighted ? (w[p] as number) : 1);

/** Pearson correlation of a_ij with c_i c_j over the off-diagonal cells, in O(n + m). */
export function corePeripheryFit(g: Graph, c: Float64Array, weighted = false): number | null {
  const n = g.n;
  if (n < 2) return null;
  const M = n * (n - 1);
  let s1 = 0;
  let s2 = 0;
  let s4 = 0;
  for (let v = 0; v < n; v++) {
    const x = c[v] as number;
    s1 += x;
    s2 += x * x;
    s4 += x ** 4;
  }
  let sa = 0;
  let saa = 0;
  let sad = 0;
  for (let u = 0; u < n; u++) {
    const cu = c[u] as number;
    for (let p = g.outOffsets[u] as number; p < (g.outOffsets[u + 1] as number); p++) {
      const a = tieValue(weighted, g.outWeights, p);
      sa += a;
      saa += a * a;
      sad += a * cu * (c[g.outTargets[p] as number] as number);
    }
  }
  const sd = s1 * s1 - s2;
  const sdd = s2 * s2 - s4;
  const va = M * saa - sa * sa;
  const vd = M * sdd - sd * sd;
  if (!(va > 0) || !(vd > 0)) return null;
  return (M * sad - sa * sd) / Math.sqrt(va * vd);
}

/** Correlation of a_ij with k_i + k_j over i ≠ j (k = total degree or strength), in O(n + m). */
export function additiveFit(g: Graph, weighted = false): number | null {
  const n = g.n;
  if (n < 2) return null;
  const M = n * (n - 1);
  const k = totalDegree(g, weighted);
  let s1 = 0;
  let s2 = 0;
  for (let v = 0; v < n; v++) {
    s1 += k[v] as number;
    s2 += (k[v] as number) ** 2;
  }
  let sa = 0;
  let saa = 0;
  let sax = 0;
  for (let u = 0; u < n; u++)
    for (let p = g.outOffsets[u] as number; p < (g.outOffsets[u + 1] as number); p++) {
      const a = tieValue(weighted, g.outWeights, p);
      sa += a;
      saa += a * a;
      sax += a * ((k[u] as number) + (k[g.outTargets[p] as number] as number));
    }
  // x_ij = k_i + k_j over ordered pairs i ≠ j: Σx = 2(n−1)s1, Σx² = 2(n−2)s2 + 2 s1².
  const sx = 2 * (n - 1) * s1;
  const sxx = 2 * (n - 2) * s2 + 2 * s1 * s1;
  const va = M * saa - sa * sa;
  const vx = M * sxx - sx * sx;
  if (!(va > 0) || !(vx > 0)) return null;
  return (M * sax - sa * sx) / Math.sqrt(va * vx);
}

function totalDegree(g: Graph, weighted: boolean): Float64Array {
  const k = new Float64Array(g.n);
  for (let u = 0; u < g.n; u++)
    for (let p = g.outOffsets[u] as number; p < (g.outOffsets[u + 1] as number); p++) {
      const a = tieValue(weighted, g.outWeights, p);
      k[u] = (k[u] as number) + a;
      const v = g.outTargets[p] as number;
      k[v] = (k[v] as number) + a;
    }
  return k;
}

interface SolveResult {
  iterations: number;
  converged: boolean;
  /** Euclidean norm of c at the end. */
  norm: number;
}

/**
 * Minimises F(c) = Σ_{i≠j} (a_ij − α − c_i c_j)² over c ≥ 0, with α = 0 (`intercept` false) or α at its
 * optimum (a_ij − c_i c_j averaged), in place on c. `stopNorm`: give up (not converged) once ‖c‖ exceeds it.
 */
function solve(
  g: Graph,
  c: Float64Array,
  weighted: boolean,
  intercept: boolean,
  tol: number,
  maxIter: number,
  stopNorm: number,
): SolveResult {
  const n = g.n;
  const M = n * (n - 1);
  let sa = 0;
  let saa = 0;
  for (let u = 0; u < n; u++)
    for (let p = g.outOffsets[u] as number; p < (g.outOffsets[u + 1] as number); p++) {
      const a = tieValue(weighted, g.outWeights, p);
      sa += a;
      saa += a * a;
    }
  // (A + Aᵀ) v, written into out.
  const adj = (v: Float64Array, out: Float64Array) => {
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let p = g.outOffsets[k] as number; p < (g.outOffsets[k + 1] as number); p++)
        s += tieValue(weighted, g.outWeights, p) * (v[g.outTargets[p] as number] as number);
      for (let p = g.inOffsets[k] as number; p < (g.inOffsets[k + 1] as number); p++)
        s += tieValue(weighted, g.inWeights, p) * (v[g.inSources[p] as number] as number);
      out[k] = s;
    }
  };
  const state = (x: Float64Array) => {
    let s1 = 0;
    let s2 = 0;
    let s4 = 0;
    for (let v = 0; v < n; v++) {
      const y = x[v] as number;
      s1 += y;
      s2 += y * y;
      s4 += y ** 4;
    }
    let sad = 0;
    for (let u = 0; u < n; u++)
      for (let p = g.outOffsets[u] as number; p < (g.outOffsets[u + 1] as number); p++)
        sad +=
          tieValue(weighted, g.outWeights, p) * (x[u] as number) * (x[g.outTargets[p] as number] as number);
    const sd = s1 * s1 - s2;
    const sdd = s2 * s2 - s4;
    const alpha = intercept ? (sa - sd) / M : 0;
    // Σ(a − δ)² − M α² when α is the mean residual; Σ(a − δ)² otherwise.
    const F = saa - 2 * sad + sdd - (intercept ? (sa - sd) ** 2 / M : 0);
    return { s1, s2, alpha, F };
  };
  let st = state(c);
  const lin = new Float64Array(n);
  const grad = new Float64Array(n);
  // Gradient of F at x (with its state), written into out; returns the norm of the projected gradient
  // x − max(0, x − ∇F), which vanishes exactly at a KKT point of min F s.t. x ≥ 0.
  const gradientAt = (x: Float64Array, sx: { s1: number; s2: number; alpha: number }, out: Float64Array) => {
    adj(x, lin);
    let pg = 0;
    for (let k = 0; k < n; k++) {
      const xk = x[k] as number;
      const gk = -2 * (lin[k] as number) + 4 * sx.alpha * (sx.s1 - xk) + 4 * xk * (sx.s2 - xk * xk);
      out[k] = gk;
      const step = xk - Math.max(0, xk - gk);
      pg += step * step;
    }
    return Math.sqrt(pg);
  };
  const gradient = () => gradientAt(c, st, grad);
  const free = new Uint8Array(n);
  const tmp = new Float64Array(n);
  // Hessian of F (α eliminated) times v, restricted to the free coordinates.
  const hess = (v: Float64Array, out: Float64Array) => {
    adj(v, tmp);
    let uv = 0;
    let cv = 0;
    let sv = 0;
    for (let k = 0; k < n; k++) {
      const vk = v[k] as number;
      uv += (st.s1 - (c[k] as number)) * vk;
      cv += (c[k] as number) * vk;
      sv += vk;
    }
    for (let k = 0; k < n; k++) {
      if (!free[k]) {
        out[k] = 0;
        continue;
      }
      const ck = c[k] as number;
      const vk = v[k] as number;
      let h = -2 * (tmp[k] as number) + 8 * ck * cv + (4 * st.s2 - 12 * ck * ck) * vk;
      if (intercept) h += -(8 / M) * (st.s1 - ck) * uv + 4 * st.alpha * (sv - vk);
      out[k] = h;
    }
  };
  let pgNorm = gradient();
  const trialGrad = new Float64Array(n);
  const d = new Float64Array(n);
  const r = new Float64Array(n);
  const dir = new Float64Array(n);
  const hd = new Float64Array(n);
  const trial = new Float64Array(n);
  const cgMax = Math.max(20, Math.min(n, 250));
  let iterations = 0;
  let converged = false;
  let norm = 0;
  while (iterations < maxIter) {
    iterations++;
    // ε-active set (Bertsekas 1982): coordinates at or near 0 whose gradient pushes them below 0.
    let cmax = 0;
    for (let k = 0; k < n; k++) cmax = Math.max(cmax, c[k] as number);
    const eps = Math.min(1e-3 * cmax, pgNorm);
    let gn = 0;
    for (let k = 0; k < n; k++) {
      const ck = c[k] as number;
      free[k] = ck > eps || (grad[k] as number) < 0 ? 1 : 0;
      if (free[k]) gn += (grad[k] as number) ** 2;
    }
    gn = Math.sqrt(gn);
    // Truncated conjugate gradients on H_ff d = −g_f (forcing term min(0.5, √‖g‖)).
    d.fill(0);
    for (let k = 0; k < n; k++) {
      r[k] = free[k] ? -(grad[k] as number) : 0;
      dir[k] = r[k] as number;
    }
    let rr = gn * gn;
    const forcing = Math.min(0.5, Math.sqrt(gn)) * gn;
    for (let j = 0; j < cgMax && rr > 0; j++) {
      hess(dir, hd);
      let curv = 0;
      for (let k = 0; k < n; k++) curv += (dir[k] as number) * (hd[k] as number);
      if (!(curv > 0)) {
        // Negative curvature: fall back to steepest descent if no progress was made yet.
        if (j === 0) for (let k = 0; k < n; k++) d[k] = free[k] ? -(grad[k] as number) : 0;
        break;
      }
      const step = rr / curv;
      let rr2 = 0;
      for (let k = 0; k < n; k++) {
        d[k] = (d[k] as number) + step * (dir[k] as number);
        r[k] = (r[k] as number) - step * (hd[k] as number);
        rr2 += (r[k] as number) ** 2;
      }
      if (Math.sqrt(rr2) <= forcing) break;
      const beta = rr2 / rr;
      rr = rr2;
      for (let k = 0; k < n; k++) dir[k] = (r[k] as number) + beta * (dir[k] as number);
    }
    // Active coordinates head for 0.
    for (let k = 0; k < n; k++) if (!free[k]) d[k] = -(c[k] as number);
    let stepMax = 0;
    let cNorm = 0;
    for (let k = 0; k < n; k++) {
      stepMax = Math.max(stepMax, Math.abs(d[k] as number));
      cNorm += (c[k] as number) ** 2;
    }
    cNorm = Math.sqrt(cNorm);
    // Projected backtracking line search (Armijo). Near the optimum the predicted decrease falls below
    // the rounding of F; there a step is accepted when it shrinks the projected gradient instead.
    let t = 1;
    let next = st;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      let decrease = 0;
      for (let k = 0; k < n; k++) {
        const x = Math.max(0, (c[k] as number) + t * (d[k] as number));
        trial[k] = x;
        decrease += (grad[k] as number) * (x - (c[k] as number));
      }
      next = state(trial);
      if (next.F <= st.F + 1e-4 * decrease) accepted = true;
      else if (-decrease <= 1e-10 * Math.max(1, Math.abs(st.F))) {
        accepted = gradientAt(trial, next, trialGrad) < pgNorm;
      }
      if (accepted) break;
      t /= 2;
    }
    if (!accepted) {
      // No step improves the objective or the projected gradient: optimal to machine precision.
      converged = true;
      break;
    }
    c.set(trial);
    st = next;
    pgNorm = gradient();
    // The Newton step estimates the distance to the optimum.
    if (stepMax <= tol * cNorm) {
      converged = true;
      break;
    }
    norm = 0;
    for (let k = 0; k < n; k++) norm += (c[k] as number) ** 2;
    if (Math.sqrt(norm) > stopNorm) break;
  }
  norm = 0;
  for (let k = 0; k < n; k++) norm += (c[k] as number) ** 2;
  return { iterations, converged, norm: Math.sqrt(norm) };
}

export function corePeriphery(g: Graph, opts: CorePeripheryOptions = {}): CorePeripheryResult {
  const weighted = opts.weighted === true;
  const criterion = opts.criterion ?? 'minres';
  const tol = opts.tolerance ?? 1e-12;
  const maxIter = opts.maxIterations ?? 1000;
  const n = g.n;
  const c = new Float64Array(n);
  const k = totalDegree(g, weighted);
  let total = 0;
  for (let v = 0; v < n; v++) total += k[v] as number;
  const base = additiveFit(g, weighted);
  if (n < 2 || total === 0)
    return {
      criterion,
      coreness: c,
      fit: null,
      additiveFit: base,
      degenerate: false,
      concentration: null,
      iterations: 0,
      converged: true,
    };
  for (let v = 0; v < n; v++) c[v] = (k[v] as number) / Math.sqrt(total);
  const first = solve(g, c, weighted, false, tol, maxIter, Number.POSITIVE_INFINITY);
  let iterations = first.iterations;
  let converged = first.converged;
  let degenerate = false;
  if (criterion === 'correlation') {
    const minres = Float64Array.from(c);
    const minresFit = corePeripheryFit(g, minres, weighted);
    // Scale growth by 100× over the minres solution means the search is running off to infinity.
    const second = solve(g, c, weighted, true, tol, maxIter, 100 * first.norm);
    iterations += second.iterations;
    const fit = corePeripheryFit(g, c, weighted);
    degenerate =
      !second.converged ||
      fit === null ||
      (minresFit !== null && fit < minresFit) ||
      (base !== null && fit <= base);
    if (degenerate) c.set(minres);
    else converged = second.converged;
  }
  let norm = 0;
  for (let v = 0; v < n; v++) norm += (c[v] as number) ** 2;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let v = 0; v < n; v++) c[v] = (c[v] as number) / norm;
  let s1 = 0;
  for (let v = 0; v < n; v++) s1 += c[v] as number;
  let hhi: number | null = null;
  if (s1 > 0) {
    hhi = 0;
    for (let v = 0; v < n; v++) hhi += ((c[v] as number) / s1) ** 2;
  }
  return {
    criterion,
    coreness: c,
    fit: corePeripheryFit(g, c, weighted),
    additiveFit: base,
    degenerate,
    concentration: hhi,
    iterations,
    converged,
  };
}
