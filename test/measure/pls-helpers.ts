import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { registerPls } from '../../src/cli/pls.ts';
import { translator } from '../../src/i18n/index.ts';
import type { PlsData } from '../../src/measure/pls/estimate.ts';
import type { PlsModel } from '../../src/measure/pls/model.ts';
import { type Captured, captureOutput } from '../helpers.ts';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'plssem');

/** Reads a plain numeric CSV with a (possibly quoted) header into the estimator's row-major layout. */
export function readNumericCsv(file: string): PlsData {
  const lines = readFileSync(join(FIXTURES, file), 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  const unquote = (s: string) => s.trim().replace(/^"(.*)"$/, '$1');
  const columns = (lines[0] as string).split(',').map(unquote);
  const values = new Float64Array((lines.length - 1) * columns.length);
  lines.slice(1).forEach((line, i) => {
    line.split(',').forEach((cell, j) => {
      const v = unquote(cell);
      values[i * columns.length + j] = v === '' || v === 'NA' ? Number.NaN : Number(v);
    });
  });
  return { columns, values };
}

export interface ReferenceVariant {
  settings: { inner_weights: string; maxIt: number; stopCriterion: number; n_obs_used: number };
  measurement_model: { construct: string; item: string; type: 'A' | 'B' | 'C' }[];
  structural_model: { from: string; to: string }[];
  iterations: number;
  weightDiff_final: number;
  outer_weights: Record<string, Record<string, number>>;
  outer_loadings: Record<string, Record<string, number>>;
  path_coefficients: { from: string; to: string; estimate: number }[];
  r_squared: Record<string, { r2: number; adj_r2: number }>;
  reliability: Record<string, { alpha: number; rhoC: number; AVE: number; rhoA: number }>;
  htmt: { a: string; b: string; value: number }[];
  fornell_larcker: Record<string, Record<string, number | null>>;
  cross_loadings: Record<string, Record<string, number>>;
  vif_items: Record<string, Record<string, number>>;
  vif_antecedents: Record<string, Record<string, number | null>>;
  f_squared: Record<string, Record<string, number> | []>;
  total_effects: Record<string, Record<string, number> | []>;
  construct_score_correlations: Record<string, Record<string, number>>;
  construct_scores: Record<string, number[]>;
}

/** The seminr model of a reference variant as a Climb model (type C = seminr reflective() = PLSc). */
export function modelOf(v: ReferenceVariant): PlsModel {
  const order: string[] = [];
  const byName = new Map<string, { mode: 'A' | 'B'; items: string[]; reflective: boolean }>();
  for (const row of v.measurement_model) {
    let c = byName.get(row.construct);
    if (!c) {
      c = { mode: row.type === 'B' ? 'B' : 'A', items: [], reflective: row.type === 'C' };
      byName.set(row.construct, c);
      order.push(row.construct);
    }
    c.items.push(row.item);
  }
  return {
    constructs: order.map((name) => {
      const c = byName.get(name) as { mode: 'A' | 'B'; items: string[]; reflective: boolean };
      return { kind: 'composite' as const, name, mode: c.mode, items: c.items, reflective: c.reflective };
    }),
    paths: v.structural_model.map((p) => ({ from: p.from, to: p.to })),
  };
}

export function schemeOf(v: ReferenceVariant): 'path' | 'factorial' | 'centroid' {
  const s = v.settings.inner_weights;
  if (s.startsWith('centroid')) return 'centroid';
  if (s === 'path_factorial') return 'factorial';
  if (s === 'path_weighting') return 'path';
  throw new Error(`unknown inner weighting scheme ${s}`);
}

/**
 * Runs `climb pls …` on a fresh program with only the pls commands (as main.ts wires them) and returns
 * what it printed; unlike `climb` in ../helpers.ts, errors are thrown (InputError, CommanderError), not
 * turned into exit codes.
 */
export async function plsCli(...args: string[]): Promise<Captured> {
  const h = translator('en');
  const program = new Command('climb').exitOverride();
  registerPls(program, h, () =>
    new Option('--lang <lang>', h('help.lang')).choices(['en', 'zh']).default('en'),
  );
  const { out, err } = await captureOutput(() => program.parseAsync(['pls', ...args], { from: 'user' }));
  return { out, err };
}
