/**
 * Importance–performance map analysis (Ringle & Sarstedt 2016; docs/pls.md, "IPMA").
 *
 * 1. Items are rescaled to 0–100: x̃ = 100·(x − min)/(max − min), with the item's scale range.
 * 2. Unstandardised weights: w̃_k = w_k / sd(x̃_k) (w the standardised outer weights), rescaled to sum to 1
 *    within each construct: w^r_k = w̃_k / Σ w̃. A construct's rescaled score is Σ w^r_k x̃_k, an affine
 *    function of its standardised score, so it lies in [0, 100] whenever its rescaled weights are positive.
 * 3. Performance = the mean rescaled score (construct) or the mean x̃ (item).
 * 4. Importance = the unstandardised total effect on the target: each path β_ij·sd(S_j)/sd(S_i) (S the
 *    rescaled scores) — the coefficients of the regression of the rescaled scores — and their total
 *    effects. An item's importance is its rescaled weight times its construct's importance.
 *
 * Interaction terms are left out of the map (their total effects depend on the moderator level).
 */
import type { PlsData, PlsResult } from './estimate.ts';
import type { PlsModel } from './model.ts';

export interface ScaleRange {
  min: number;
  max: number;
  /** Where the range came from. */
  source: 'codebook' | 'option' | 'observed';
}

export interface IpmaConstruct {
  construct: string;
  importance: number;
  performance: number;
}

export interface IpmaItem {
  construct: string;
  item: string;
  /** The rescaled unstandardised weight (they sum to 1 within a construct). */
  weight: number;
  importance: number;
  performance: number;
  min: number;
  max: number;
  source: ScaleRange['source'];
}

export interface IpmaResult {
  target: string;
  /** Performance of the target itself. */
  targetPerformance: number;
  /** Constructs with a total effect on the target, in model order. */
  constructs: IpmaConstruct[];
  items: IpmaItem[];
  /** Items whose scale range is the observed min/max (no codebook or option gave one). */
  observedRange: string[];
  /** Constructs with a negative rescaled weight (IPMA assumes positive weights; their performance may leave 0–100). */
  negativeWeights: string[];
}

export interface IpmaOptions {
  target: string;
  /** A range per item (codebook); items without one use `scale`, then the observed range. */
  ranges?: Map<string, { min: number; max: number }>;
  scale?: { min: number; max: number };
  missing?: 'mean' | 'listwise';
}

export class IpmaError extends Error {
  readonly key: string;
  readonly params: Record<string, string>;
  constructor(key: string, params: Record<string, string>, message: string) {
    super(message);
    this.name = 'IpmaError';
    this.key = key;
    this.params = params;
  }
}

/** IPMA of `target` from an estimate `result` of `model` on `data` (the same rows and missing policy). */
export function ipma(data: PlsData, model: PlsModel, result: PlsResult, o: IpmaOptions): IpmaResult {
  const names = result.constructs;
  const composites = model.constructs.filter((c) => c.kind === 'composite' && names.includes(c.name));
  if (!names.includes(o.target) || !composites.some((c) => c.name === o.target))
    throw new IpmaError('ipmaUnknownTarget', { target: o.target }, `target "${o.target}" is not a construct`);
  if (result.rSquared[o.target] === undefined)
    throw new IpmaError(
      'ipmaExogenousTarget',
      { target: o.target },
      `target "${o.target}" has no antecedents; IPMA needs an endogenous target`,
    );

  // Rows and values as the estimator used them.
  const p = data.columns.length;
  const nAll = data.values.length / p;
  const colOf = new Map<string, number>();
  data.columns.forEach((c, i) => {
    if (!colOf.has(c)) colOf.set(c, i);
  });
  const items = composites.flatMap((c) => (c.kind === 'composite' ? c.items : []));
  const cols = items.map((i) => colOf.get(i) as number);
  let rows = Array.from({ length: nAll }, (_, i) => i);
  if ((o.missing ?? 'mean') === 'listwise')
    rows = rows.filter((r) => cols.every((c) => !Number.isNaN(data.values[r * p + c] as number)));
  const n = rows.length;

  const rescaled = new Map<string, Float64Array>();
  const itemRows: Omit<IpmaItem, 'construct' | 'weight' | 'importance'>[] = [];
  const observedRange: string[] = [];
  items.forEach((item, k) => {
    const c = cols[k] as number;
    const x = new Float64Array(n);
    let sum = 0;
    let cnt = 0;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    rows.forEach((r, i) => {
      const v = data.values[r * p + c] as number;
      x[i] = v;
      if (!Number.isNaN(v)) {
        sum += v;
        cnt++;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    });
    const mean = sum / cnt;
    for (let i = 0; i < n; i++) if (Number.isNaN(x[i] as number)) x[i] = mean;
    const given = o.ranges?.get(item);
    const range: ScaleRange = given
      ? { ...given, source: 'codebook' }
      : o.scale
        ? { ...o.scale, source: 'option' }
        : { min: lo, max: hi, source: 'observed' };
    if (range.source === 'observed') observedRange.push(item);
    const width = range.max - range.min;
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const v = (100 * ((x[i] as number) - range.min)) / width;
      x[i] = v;
      acc += v;
    }
    rescaled.set(item, x);
    itemRows.push({ item, performance: acc / n, min: range.min, max: range.max, source: range.source });
  });

  const sd = (x: Float64Array) => {
    let m = 0;
    for (const v of x) m += v;
    m /= x.length;
    let ss = 0;
    for (const v of x) ss += (v - m) ** 2;
    return Math.sqrt(ss / (x.length - 1));
  };

  // Rescaled weights and scores per construct.
  const weights = new Map<string, Map<string, number>>();
  const scoreSd = new Map<string, number>();
  const performance = new Map<string, number>();
  const negativeWeights: string[] = [];
  for (const c of composites) {
    if (c.kind !== 'composite') continue;
    const raw = c.items.map((item) => {
      const w = result.outerWeights[c.name]?.[item] as number;
      return w / sd(rescaled.get(item) as Float64Array);
    });
    const total = raw.reduce((a, b) => a + b, 0);
    const wr = new Map(c.items.map((item, i) => [item, (raw[i] as number) / total]));
    if ([...wr.values()].some((w) => w < 0)) negativeWeights.push(c.name);
    weights.set(c.name, wr);
    const score = new Float64Array(n);
    for (const [item, w] of wr) {
      const x = rescaled.get(item) as Float64Array;
      for (let i = 0; i < n; i++) score[i] = (score[i] as number) + w * (x[i] as number);
    }
    let m = 0;
    for (const v of score) m += v;
    performance.set(c.name, m / n);
    scoreSd.set(c.name, sd(score));
  }

  // Unstandardised paths and their total effects on the target (the model is recursive).
  const interaction = new Set(model.constructs.filter((c) => c.kind === 'interaction').map((c) => c.name));
  const unstd = result.paths
    .filter((q) => !interaction.has(q.from))
    .map((q) => ({
      ...q,
      b: (q.estimate * (scoreSd.get(q.to) as number)) / (scoreSd.get(q.from) as number),
    }));
  const memo = new Map<string, number>();
  const totalTo = (from: string): number => {
    if (from === o.target) return 1;
    const known = memo.get(from);
    if (known !== undefined) return known;
    let t = 0;
    for (const q of unstd) if (q.from === from) t += q.b * totalTo(q.to);
    memo.set(from, t);
    return t;
  };
  const reaches = (from: string): boolean =>
    unstd.some((q) => q.from === from && (q.to === o.target || reaches(q.to)));

  const constructs: IpmaConstruct[] = [];
  const itemsOut: IpmaItem[] = [];
  for (const c of composites) {
    if (c.kind !== 'composite' || c.name === o.target || !reaches(c.name)) continue;
    const importance = totalTo(c.name);
    constructs.push({ construct: c.name, importance, performance: performance.get(c.name) as number });
    for (const item of c.items) {
      const row = itemRows.find((r) => r.item === item) as (typeof itemRows)[number];
      const w = weights.get(c.name)?.get(item) as number;
      itemsOut.push({ construct: c.name, ...row, weight: w, importance: w * importance });
    }
  }
  return {
    target: o.target,
    targetPerformance: performance.get(o.target) as number,
    constructs,
    items: itemsOut,
    observedRange,
    negativeWeights,
  };
}
