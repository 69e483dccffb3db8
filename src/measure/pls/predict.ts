/**
 * PLSpredict (Shmueli, Ray, Velasquez Estrada & Chatla 2016; Shmueli et al. 2019): repeated k-fold
 * cross-validation of the model's predictions of the endogenous constructs' indicators, against a
 * linear-regression (LM) benchmark and the training-mean benchmark of Q²_predict.
 *
 * Per repetition r the usable rows are shuffled by the counter stream (seed, r) and cut into k folds of
 * near-equal size. Per fold the model is estimated on the other folds (the lean estimator: weights,
 * loadings, paths); the held-out rows are standardised with the training means and SDs, the exogenous
 * scores Y = ZW are formed and carried through the structural model:
 *
 * - EA (earliest antecedents, default): each endogenous construct is predicted from the predictions of
 *   its antecedents, so only the exogenous constructs' items enter (seminr's `predict_EA`);
 * - DA (direct antecedents): each endogenous construct is predicted from the scores of its direct
 *   antecedents computed from their own items (seminr's `predict_DA`).
 *
 * Item predictions are the predicted construct score times the item's loading, unstandardised with the
 * training mean and SD (as seminr). As in seminr, the predictions of the repetitions are averaged per
 * row and item before RMSE and MAE are computed; Q²_predict = 1 − SSE(PLS) / SSE(training mean) uses
 * the training-fold means, averaged the same way. See docs/pls-mga-predict.md.
 */

import { createLeanPlsEstimator, type InnerScheme, type PlsData, SingularMatrixError } from './estimate.ts';
import { solve } from './linalg.ts';
import type { PlsModel } from './model.ts';
import { counterStream } from './random.ts';

export type PredictTechnique = 'EA' | 'DA';

export interface PredictOptions {
  /** Number of folds k (default 10). */
  folds?: number;
  /** Repetitions of the k-fold split (default 10). */
  repetitions?: number;
  /** Seed of the fold streams (default 42). */
  seed?: number;
  /** Earliest (default) or direct antecedents. */
  technique?: PredictTechnique;
  /**
   * Predictors of the LM benchmark: the items of the exogenous constructs (default; Shmueli et al.
   * 2019, SmartPLS) or every item outside the predicted item's own construct (seminr 2.3's benchmark).
   */
  benchmark?: 'exogenous' | 'others';
  scheme?: InnerScheme;
  missing?: 'mean' | 'listwise';
  maxIter?: number;
  stopCriterion?: number;
  /** Also return the case-wise out-of-sample predictions (averaged over the repetitions). */
  predictions?: boolean;
}

export interface PredictMetrics {
  rmse: number;
  mae: number;
  /** 1 − SSE / SSE of the training-mean prediction. */
  q2predict: number;
}

export interface PredictItem {
  construct: string;
  item: string;
  /** Rows with an observed value and a prediction (the metrics' denominator). */
  n: number;
  pls: PredictMetrics;
  lm: PredictMetrics;
  /** PLS minus LM (negative: PLS predicts better). */
  difference: { rmse: number; mae: number };
}

export interface PredictResult {
  technique: PredictTechnique;
  benchmark: 'exogenous' | 'others';
  folds: number;
  repetitions: number;
  seed: number;
  /** Rows used (after listwise deletion). */
  n: number;
  exogenous: string[];
  endogenous: string[];
  items: PredictItem[];
  /** Training folds whose PLS estimation failed or whose LM was singular (their rows lack that repetition). */
  failedFolds: number;
  /** Training folds whose PLS iterations reached maxIter (kept). */
  nonConverged: number;
  failures: string[];
  /**
   * With `predictions: true`: the data row of each prediction row, and the PLS and LM predictions
   * (row-major, rows × items in the order of `items`; NaN where a row has none).
   */
  predictions?: { rows: number[]; pls: Float64Array; lm: Float64Array };
}

/** The fold (0..k−1) of each of n rows in repetition `rep`: a seeded shuffle cut into k near-equal parts. */
export function foldAssignment(n: number, k: number, seed: number, rep: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const s = counterStream(seed, rep);
  for (let i = n - 1; i > 0; i--) {
    const j = s.int(i + 1);
    const x = order[i] as number;
    order[i] = order[j] as number;
    order[j] = x;
  }
  const fold = new Int32Array(n);
  for (let pos = 0; pos < n; pos++) fold[order[pos] as number] = Math.floor((pos * k) / n);
  return fold;
}

export function plsPredict(data: PlsData, model: PlsModel, opts: PredictOptions = {}): PredictResult {
  const k = opts.folds ?? 10;
  const R = opts.repetitions ?? 10;
  const seed = opts.seed ?? 42;
  const technique = opts.technique ?? 'EA';
  const benchmark = opts.benchmark ?? 'exogenous';
  if (!Number.isInteger(k) || k < 2) throw new RangeError('folds must be a whole number ≥ 2');
  if (!Number.isInteger(R) || R < 1) throw new RangeError('repetitions must be a whole number ≥ 1');
  const estOptions = {
    ...(opts.scheme ? { scheme: opts.scheme } : {}),
    ...(opts.missing ? { missing: opts.missing } : {}),
    ...(opts.maxIter !== undefined ? { maxIter: opts.maxIter } : {}),
    ...(opts.stopCriterion !== undefined ? { stopCriterion: opts.stopCriterion } : {}),
  };
  const lean = createLeanPlsEstimator(data, model, estOptions);
  const { layout } = lean;
  const items = lean.items as string[];
  const K = items.length;
  const p = data.columns.length;
  const nAll = data.values.length / p;
  const cols = items.map((it) => data.columns.indexOf(it));

  // Constructs (lean block order), their items (indices into `items`), paths.
  const constructs: string[] = [];
  const blockItems: number[][] = [];
  const itemBlock = new Int32Array(K);
  layout.items.forEach(([c], i) => {
    let b = constructs.indexOf(c);
    if (b < 0) {
      b = constructs.length;
      constructs.push(c);
      blockItems.push([]);
    }
    (blockItems[b] as number[]).push(i);
    itemBlock[i] = b;
  });
  const C = constructs.length;
  const paths = layout.paths.map(
    ([f, t]) => [constructs.indexOf(f), constructs.indexOf(t)] as [number, number],
  );
  const preds: number[][] = constructs.map((_, j) => paths.filter(([, t]) => t === j).map(([f]) => f));
  const isEndo = preds.map((x) => x.length > 0);
  // Topological order (the model is recursive).
  const order: number[] = [];
  const placed = new Uint8Array(C);
  while (order.length < C) {
    for (let j = 0; j < C; j++) {
      if (placed[j] || !(preds[j] as number[]).every((f) => placed[f])) continue;
      placed[j] = 1;
      order.push(j);
    }
  }
  const endoItems: number[] = [];
  for (let i = 0; i < K; i++) if (isEndo[itemBlock[i] as number]) endoItems.push(i);
  const E = endoItems.length;
  const exoItems: number[] = [];
  for (let i = 0; i < K; i++) if (!isEndo[itemBlock[i] as number]) exoItems.push(i);
  // LM predictors of each endogenous item.
  const lmPredictors = endoItems.map((e) =>
    benchmark === 'exogenous'
      ? exoItems
      : items.map((_, i) => i).filter((i) => itemBlock[i] !== itemBlock[e]),
  );

  // Usable rows.
  const listwise = opts.missing === 'listwise';
  const rowsUsed: number[] = [];
  for (let i = 0; i < nAll; i++) {
    if (listwise && cols.some((c) => Number.isNaN(data.values[i * p + c] as number))) continue;
    rowsUsed.push(i);
  }
  const n = rowsUsed.length;
  if (n < 2 * k) throw new RangeError(`${n} usable rows are too few for ${k} folds`);
  const x = (row: number, i: number) => data.values[row * p + (cols[i] as number)] as number;

  // Sums of predictions over repetitions: PLS, LM, training mean; and counts.
  const sumPls = new Float64Array(n * E);
  const sumLm = new Float64Array(n * E);
  const sumMean = new Float64Array(n * E);
  const cntPls = new Int32Array(n * E);
  const cntLm = new Int32Array(n * E);
  const failures: string[] = [];
  let failedFolds = 0;
  let nonConverged = 0;
  const out = new Float64Array(lean.size);
  const mean = new Float64Array(K);
  const sd = new Float64Array(K);
  const w = new Float64Array(K);
  const lambda = new Float64Array(K);
  const beta = new Float64Array(C * C);
  const score = new Float64Array(C);
  const pred = new Float64Array(C);
  const z = new Float64Array(K);

  for (let rep = 0; rep < R; rep++) {
    const fold = foldAssignment(n, k, seed, rep);
    for (let f = 0; f < k; f++) {
      const train: number[] = [];
      const test: number[] = [];
      for (let r = 0; r < n; r++) (fold[r] === f ? test : train).push(r);
      const trainRows = Int32Array.from(train, (r) => rowsUsed[r] as number);
      // Training means and SDs as the estimator standardises (mean replacement keeps the mean and
      // adds zero deviations).
      for (let i = 0; i < K; i++) {
        let s = 0;
        let c = 0;
        for (const row of trainRows) {
          const v = x(row, i);
          if (!Number.isNaN(v)) {
            s += v;
            c++;
          }
        }
        const m = s / c;
        let ss = 0;
        for (const row of trainRows) {
          const v = x(row, i);
          if (!Number.isNaN(v)) ss += (v - m) ** 2;
        }
        mean[i] = m;
        sd[i] = Math.sqrt(ss / (trainRows.length - 1));
      }
      for (const r of test) {
        for (let e = 0; e < E; e++)
          sumMean[r * E + e] = (sumMean[r * E + e] as number) + (mean[endoItems[e] as number] as number);
      }
      // PLS on the training rows.
      let plsOk = true;
      try {
        if (!lean.estimate(trainRows, out, 0)) nonConverged++;
      } catch (err) {
        plsOk = false;
        failedFolds++;
        if (failures.length < 20)
          failures.push(
            `repetition ${rep + 1}, fold ${f + 1}: ${err instanceof Error ? err.message : String(err)}`,
          );
      }
      if (plsOk) {
        beta.fill(0);
        paths.forEach(([a, b], q) => {
          beta[a * C + b] = out[q] as number;
        });
        for (let i = 0; i < K; i++) {
          lambda[i] = out[paths.length + i] as number;
          w[i] = out[paths.length + K + i] as number;
        }
        for (const r of test) {
          const row = rowsUsed[r] as number;
          for (let i = 0; i < K; i++) {
            const v = x(row, i);
            z[i] = Number.isNaN(v) ? 0 : (v - (mean[i] as number)) / (sd[i] as number);
          }
          score.fill(0);
          for (let i = 0; i < K; i++) {
            const b = itemBlock[i] as number;
            score[b] = (score[b] as number) + (w[i] as number) * (z[i] as number);
          }
          for (const j of order) {
            const pj = preds[j] as number[];
            if (pj.length === 0) {
              pred[j] = score[j] as number;
              continue;
            }
            let acc = 0;
            for (const a of pj)
              acc += (beta[a * C + j] as number) * ((technique === 'EA' ? pred[a] : score[a]) as number);
            pred[j] = acc;
          }
          endoItems.forEach((i, e) => {
            const v =
              (pred[itemBlock[i] as number] as number) * (lambda[i] as number) * (sd[i] as number) +
              (mean[i] as number);
            sumPls[r * E + e] = (sumPls[r * E + e] as number) + v;
            cntPls[r * E + e] = (cntPls[r * E + e] as number) + 1;
          });
        }
      }
      // LM benchmark on the training rows (standardised predictors, intercept through centring).
      endoItems.forEach((target, e) => {
        const X = lmPredictors[e] as number[];
        try {
          const coef = lmFit(trainRows, X, target, x, mean, sd);
          for (const r of test) {
            const row = rowsUsed[r] as number;
            let v = mean[target] as number;
            X.forEach((i, a) => {
              const xi = x(row, i);
              const zi = Number.isNaN(xi) ? 0 : (xi - (mean[i] as number)) / (sd[i] as number);
              v += (coef[a] as number) * zi;
            });
            sumLm[r * E + e] = (sumLm[r * E + e] as number) + v;
            cntLm[r * E + e] = (cntLm[r * E + e] as number) + 1;
          }
        } catch (err) {
          if (!(err instanceof SingularMatrixError)) throw err;
          failedFolds++;
          if (failures.length < 20)
            failures.push(`repetition ${rep + 1}, fold ${f + 1}: LM for "${items[target]}": ${err.message}`);
        }
      });
    }
  }

  const metrics = (sum: Float64Array, cnt: Int32Array, e: number, target: number) => {
    let sse = 0;
    let sae = 0;
    let sseMean = 0;
    let m = 0;
    for (let r = 0; r < n; r++) {
      const c = cnt[r * E + e] as number;
      const actual = x(rowsUsed[r] as number, target);
      if (c === 0 || Number.isNaN(actual)) continue;
      const res = actual - (sum[r * E + e] as number) / c;
      const resMean = actual - (sumMean[r * E + e] as number) / R;
      sse += res * res;
      sae += Math.abs(res);
      sseMean += resMean * resMean;
      m++;
    }
    return {
      m,
      rmse: m ? Math.sqrt(sse / m) : Number.NaN,
      mae: m ? sae / m : Number.NaN,
      q2predict: m ? 1 - sse / sseMean : Number.NaN,
    };
  };
  const resultItems: PredictItem[] = endoItems.map((i, e) => {
    const a = metrics(sumPls, cntPls, e, i);
    const b = metrics(sumLm, cntLm, e, i);
    return {
      construct: constructs[itemBlock[i] as number] as string,
      item: items[i] as string,
      n: a.m,
      pls: { rmse: a.rmse, mae: a.mae, q2predict: a.q2predict },
      lm: { rmse: b.rmse, mae: b.mae, q2predict: b.q2predict },
      difference: { rmse: a.rmse - b.rmse, mae: a.mae - b.mae },
    };
  });
  const result: PredictResult = {
    technique,
    benchmark,
    folds: k,
    repetitions: R,
    seed,
    n,
    exogenous: constructs.filter((_, j) => !isEndo[j]),
    endogenous: constructs.filter((_, j) => isEndo[j]),
    items: resultItems,
    failedFolds,
    nonConverged,
    failures,
  };
  if (opts.predictions) {
    const avg = (sum: Float64Array, cnt: Int32Array) =>
      sum.map((v, i) => ((cnt[i] as number) > 0 ? v / (cnt[i] as number) : Number.NaN));
    result.predictions = { rows: rowsUsed, pls: avg(sumPls, cntPls), lm: avg(sumLm, cntLm) };
  }
  return result;
}

/** OLS of item `target` on the standardised predictors X over the training rows: the slopes. */
function lmFit(
  rows: Int32Array,
  X: number[],
  target: number,
  x: (row: number, i: number) => number,
  mean: Float64Array,
  sd: Float64Array,
): Float64Array {
  const q = X.length;
  const xtx = new Float64Array(q * q);
  const xty = new Float64Array(q);
  const zrow = new Float64Array(q);
  for (const row of rows) {
    for (let a = 0; a < q; a++) {
      const i = X[a] as number;
      const v = x(row, i);
      zrow[a] = Number.isNaN(v) ? 0 : (v - (mean[i] as number)) / (sd[i] as number);
    }
    const yv = x(row, target);
    const y = Number.isNaN(yv) ? 0 : yv - (mean[target] as number);
    for (let a = 0; a < q; a++) {
      const za = zrow[a] as number;
      xty[a] = (xty[a] as number) + za * y;
      for (let b = a; b < q; b++) xtx[a * q + b] = (xtx[a * q + b] as number) + za * (zrow[b] as number);
    }
  }
  const scale = rows.length - 1;
  for (let a = 0; a < q; a++) {
    xty[a] = (xty[a] as number) / scale;
    for (let b = a; b < q; b++) {
      const v = (xtx[a * q + b] as number) / scale;
      xtx[a * q + b] = v;
      xtx[b * q + a] = v;
    }
  }
  return solve(xtx, q, xty, 1, 'LM benchmark');
}
