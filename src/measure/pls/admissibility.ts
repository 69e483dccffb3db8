/**
 * Admissibility warnings of a PLS estimate, in plain language and in English and Chinese
 * (`pls.warning.<code>` in locales/pls.*.json). They do not stop the estimation; they say which
 * results should not be interpreted as they stand, and why.
 */
import type { PlsResult, Table } from './estimate.ts';
import { plsMessage } from './model.ts';

export type PlsWarningCode =
  | 'notConverged'
  | 'stage1NotConverged'
  | 'loadingAboveOne'
  | 'negativeLoading'
  | 'singularBlock'
  | 'rSquaredOutOfRange'
  | 'correlationAboveOne'
  | 'htmtHigh'
  | 'aveLow'
  | 'negativeReliability';

export interface PlsWarning {
  code: PlsWarningCode;
  construct?: string;
  /** The second construct of a pair (HTMT, correlations). */
  other?: string;
  item?: string;
  value?: number;
  message: { en: string; zh: string };
}

/** Thresholds: HTMT above 0.9 (Henseler et al. 2015), AVE below 0.5 (Fornell & Larcker 1981). */
export const HTMT_LIMIT = 0.9;
export const AVE_LIMIT = 0.5;
/** A block whose item correlation matrix has a Cholesky pivot below this is treated as singular. */
export const SINGULAR_PIVOT = 1e-8;

export interface WarningBlock {
  name: string;
  mode: 'A' | 'B';
  reflective: boolean;
  items: string[];
  /** A two-stage interaction term (a single product item): no measurement-model warnings. */
  interaction?: boolean;
}

export interface AdmissibilityInput {
  result: Pick<
    PlsResult,
    'converged' | 'iterations' | 'outerLoadings' | 'rSquared' | 'reliability' | 'htmt' | 'consistent'
  >;
  blocks: WarningBlock[];
  /** Constructs whose item correlation matrix is singular or nearly so. */
  singular: string[];
  /** Construct correlations used for the paths (disattenuated under PLSc). */
  pathCorrelations?: Table;
  /** First stage of a two-stage interaction model. */
  stage1?: { iterations: number; converged: boolean };
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x));

export function warning(
  code: PlsWarningCode,
  fields: Omit<PlsWarning, 'code' | 'message'>,
  params: Record<string, string | number> = {},
): PlsWarning {
  const all = {
    construct: fields.construct ?? '',
    other: fields.other ?? '',
    item: fields.item ?? '',
    value: fields.value === undefined ? '' : fmt(fields.value),
    ...params,
  };
  return {
    code,
    ...fields,
    message: {
      en: plsMessage('en', `warning.${code}`, all),
      zh: plsMessage('zh', `warning.${code}`, all),
    },
  };
}

/** Every admissibility problem of an estimate, in a stable order (model-level, then per construct). */
export function admissibilityWarnings(x: AdmissibilityInput): PlsWarning[] {
  const { result: r, blocks } = x;
  const out: PlsWarning[] = [];
  if (x.stage1 && !x.stage1.converged)
    out.push(warning('stage1NotConverged', {}, { iterations: x.stage1.iterations }));
  if (!r.converged) out.push(warning('notConverged', {}, { iterations: r.iterations }));
  for (const name of x.singular) out.push(warning('singularBlock', { construct: name }));
  for (const b of blocks) {
    if (b.interaction) continue;
    const lo = r.outerLoadings[b.name] ?? {};
    for (const item of b.items) {
      const l = lo[item];
      if (l === undefined) continue;
      if (Math.abs(l) > 1) out.push(warning('loadingAboveOne', { construct: b.name, item, value: l }));
      else if (l < 0 && b.items.length > 1)
        out.push(warning('negativeLoading', { construct: b.name, item, value: l }));
    }
  }
  for (const b of blocks) {
    if (b.interaction || b.items.length < 2) continue;
    const rel = r.reliability[b.name];
    if (!rel) continue;
    for (const [measure, v] of [
      ['alpha', rel.alpha],
      ['rhoC', rel.rhoC],
      ['rhoA', rel.rhoA],
    ] as const) {
      if (v < 0) out.push(warning('negativeReliability', { construct: b.name, value: v }, { measure }));
    }
    if (b.mode === 'A' && rel.ave < AVE_LIMIT)
      out.push(warning('aveLow', { construct: b.name, value: rel.ave }, { limit: AVE_LIMIT }));
  }
  for (const [name, v] of Object.entries(r.rSquared)) {
    if (!(v >= 0 && v <= 1)) out.push(warning('rSquaredOutOfRange', { construct: name, value: v }));
  }
  if (r.consistent && x.pathCorrelations) {
    const names = Object.keys(x.pathCorrelations);
    names.forEach((a, i) => {
      for (const b of names.slice(i + 1)) {
        const v = x.pathCorrelations?.[a]?.[b];
        if (v !== undefined && Math.abs(v) > 1)
          out.push(warning('correlationAboveOne', { construct: a, other: b, value: v }));
      }
    });
  }
  const interaction = new Set(blocks.filter((b) => b.interaction).map((b) => b.name));
  for (const [a, row] of Object.entries(r.htmt)) {
    if (interaction.has(a)) continue;
    for (const [b, v] of Object.entries(row)) {
      if (!interaction.has(b) && v > HTMT_LIMIT)
        out.push(warning('htmtHigh', { construct: a, other: b, value: v }, { limit: HTMT_LIMIT }));
    }
  }
  return out;
}

/**
 * Whether a correlation matrix (m × m, row-major) is singular or nearly so: the smallest pivot of its
 * Cholesky factorisation (each pivot is the variance of an item not explained by the items before it)
 * is below `tol`.
 */
export function nearlySingular(a: Float64Array, m: number, tol = SINGULAR_PIVOT): boolean {
  const l = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    let d = a[j * m + j] as number;
    for (let k = 0; k < j; k++) d -= (l[j * m + k] as number) ** 2;
    if (!(d > tol)) return true;
    const s = Math.sqrt(d);
    l[j * m + j] = s;
    for (let i = j + 1; i < m; i++) {
      let v = a[i * m + j] as number;
      for (let k = 0; k < j; k++) v -= (l[i * m + k] as number) * (l[j * m + k] as number);
      l[i * m + j] = v / s;
    }
  }
  return false;
}
