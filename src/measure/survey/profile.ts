/**
 * The cluster's GUM factor profile (THEORY §3: "a tool must report a cluster's factor profile, not one
 * score"): per construct, the mean item score over firms on the questionnaire's scale, rescaled to 0–1,
 * with a percentile bootstrap confidence interval over firms. A firm's construct score is the mean of its
 * answered items (after reverse coding); firms that answered none of a construct's items are left out of
 * that construct.
 */
import { dirname, resolve } from 'node:path';
import { quantile7 } from '../pls/bootstrap.ts';
import type { PlsData } from '../pls/estimate.ts';
import type { PlsModel } from '../pls/model.ts';
import { resampleRows } from '../pls/random.ts';

export interface GumFactor {
  /** Mean item score over firms, on the questionnaire's scale (1–7 for GUM). */
  mean: number;
  /** The mean rescaled to 0–1: (mean − min)/(max − min). */
  scaled: number;
  /** Bootstrap percentile interval of `mean` (questionnaire scale). */
  ciLow: number;
  ciHigh: number;
}

export interface GumProfile {
  /** Firms in the profile. */
  n: number;
  /** By construct name of the model (gum-model.yaml for the bundled instrument). */
  factors: Record<string, GumFactor>;
}

export interface GumProfileOptions {
  /** The items' scale (default 1–7). */
  scale?: { min: number; max: number };
  /** Bootstrap resamples over firms (default 1000; 0 gives no interval: ciLow = ciHigh = mean). */
  resamples?: number;
  seed?: number;
  /** Confidence level (default 0.95). */
  level?: number;
}

/** The survey data a profile needs: item columns (reverse coding applied, NaN missing), one row per firm. */
export interface ProfileInput {
  data: PlsData;
}

/** Per firm and construct, the mean of the answered items (NaN when none answered). */
export function constructScores(input: ProfileInput, model: PlsModel): Record<string, Float64Array> {
  const { columns, values } = input.data;
  const K = columns.length;
  const n = K ? values.length / K : 0;
  const col = new Map(columns.map((c, i) => [c, i]));
  const out: Record<string, Float64Array> = {};
  for (const c of model.constructs) {
    if (c.kind !== 'composite') continue;
    const idx = c.items.map((it) => col.get(it)).filter((i): i is number => i !== undefined);
    const scores = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      let s = 0;
      let k = 0;
      for (const i of idx) {
        const x = values[r * K + i] as number;
        if (!Number.isNaN(x)) {
          s += x;
          k++;
        }
      }
      scores[r] = k ? s / k : Number.NaN;
    }
    out[c.name] = scores;
  }
  return out;
}

/** The factor profile of a prepared survey (pure; deterministic for a given seed). */
export function gumProfile(input: ProfileInput, model: PlsModel, opts: GumProfileOptions = {}): GumProfile {
  const { min, max } = opts.scale ?? { min: 1, max: 7 };
  const B = opts.resamples ?? 1000;
  const seed = opts.seed ?? 42;
  const level = opts.level ?? 0.95;
  const scores = constructScores(input, model);
  const n = input.data.columns.length ? input.data.values.length / input.data.columns.length : 0;
  const factors: Record<string, GumFactor> = {};
  const rows = new Int32Array(n);
  const boot: Record<string, Float64Array> = {};
  for (const name of Object.keys(scores)) boot[name] = new Float64Array(B);
  for (let r = 0; r < B; r++) {
    resampleRows(seed, r, n, rows);
    for (const [name, s] of Object.entries(scores)) {
      let sum = 0;
      let k = 0;
      for (const i of rows) {
        const x = s[i] as number;
        if (!Number.isNaN(x)) {
          sum += x;
          k++;
        }
      }
      (boot[name] as Float64Array)[r] = k ? sum / k : Number.NaN;
    }
  }
  let firms = 0;
  for (let r = 0; r < n; r++) if (Object.values(scores).some((s) => !Number.isNaN(s[r] as number))) firms++;
  for (const [name, s] of Object.entries(scores)) {
    let sum = 0;
    let k = 0;
    for (const x of s)
      if (!Number.isNaN(x)) {
        sum += x;
        k++;
      }
    const m = k ? sum / k : Number.NaN;
    const sorted = (boot[name] as Float64Array).filter((x) => !Number.isNaN(x)).sort();
    const lo = sorted.length ? quantile7(sorted, (1 - level) / 2) : m;
    const hi = sorted.length ? quantile7(sorted, (1 + level) / 2) : m;
    factors[name] = { mean: m, scaled: (m - min) / (max - min), ciLow: lo, ciHigh: hi };
  }
  return { n: firms, factors };
}

/**
 * The factor profile of a workspace's survey (`survey: { data, model?, codebook? }`), or null when the
 * workspace has no survey. Reads and screens the data like `climb survey analyze` (bad rows left out).
 */
export async function workspaceGumProfile(workspacePath: string): Promise<GumProfile | null> {
  const { loadWorkspace } = await import('../../io/load-workspace.ts');
  const { bundledKnowledge } = await import('../../io/knowledge.ts');
  const { readSurveyInputs } = await import('./analyze.ts');
  const kb = bundledKnowledge();
  const { workspace } = loadWorkspace(workspacePath, kb);
  if (!workspace.survey) return null;
  const base = dirname(resolve(workspacePath));
  const at = (p: string | undefined) => (p ? resolve(base, p) : undefined);
  const inputs = await readSurveyInputs(
    {
      data: at(workspace.survey.data) as string,
      model: at(workspace.survey.model),
      codebook: at(workspace.survey.codebook),
    },
    kb,
  );
  return gumProfile(inputs.screened.prepared, inputs.model, {
    scale: inputs.scale,
    resamples: 1000,
    seed: 42,
  });
}
