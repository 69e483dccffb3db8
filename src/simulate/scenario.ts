/**
 * Policy scenarios for `climb simulate` (issue 3 item 5): levers × start × intensity, shocks, constant
 * overrides, a budget with per-lever unit costs (assumptions), and parameter uncertainty for ensembles.
 * The format is documented in docs/scenarios.md; errors are located and bilingual.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { LocalizedText } from '../domain/common.ts';
import { translator } from '../i18n/index.ts';
import { formatPath, InputError, type Problem } from '../io/problems.ts';
import { readDocument, type SourceDocument } from '../io/read-document.ts';
import { closest, schemaProblems } from '../io/schema-problems.ts';
import { LEVERS, leverById, SHOCKS, type ShockKind, shockPrefix } from './gum.ts';
import type { Distribution } from './random.ts';

const LEVER_IDS = LEVERS.map((l) => l.id) as [string, ...string[]];

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'use letters, digits, "-", "_" or "."');
const When = {
  start: z.number().min(0).optional().meta({ description: 'Years after the start of the simulation.' }),
  year: z.number().int().min(1900).max(2200).optional().meta({ description: 'Calendar year.' }),
};

export const ScenarioLever = z.strictObject({
  lever: z.enum(LEVER_IDS),
  intensity: z.number().min(0).max(1).meta({ description: 'Intensity 0–1.' }),
  ...When,
});

export const ScenarioShock = z.strictObject({
  kind: z.enum(SHOCKS),
  size: z.number().min(0).max(1).meta({ description: 'Size 0–1.' }),
  duration: z
    .number()
    .positive()
    .optional()
    .meta({ description: 'Years (demand and technology shocks; a cost shock persists).' }),
  ...When,
});

export const DistributionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('uniform'), low: z.number(), high: z.number() }),
  z.strictObject({ kind: z.literal('triangular'), low: z.number(), mode: z.number(), high: z.number() }),
  z.strictObject({
    kind: z.literal('normal'),
    mean: z.number(),
    sd: z.number().positive(),
    low: z.number().optional(),
    high: z.number().optional(),
  }),
]);

export const ScenarioSchema = z.strictObject({
  id: Id,
  name: LocalizedText,
  description: LocalizedText.optional(),
  years: z.number().int().min(1).max(200).optional(),
  levers: z.array(ScenarioLever).default([]),
  shocks: z.array(ScenarioShock).default([]),
  constants: z.record(z.string(), z.number()).optional(),
  budget: z
    .strictObject({
      currency: z.union([z.string().min(1), LocalizedText]),
      unitCosts: z.record(z.string(), z.number().min(0)).meta({
        description: 'Cost per year of each lever at full intensity (an assumption).',
      }),
      assumption: LocalizedText,
      source: z.string().optional(),
    })
    .optional(),
  uncertainty: z
    .strictObject({
      members: z.number().int().min(2).max(100000).optional(),
      seed: z.number().int().min(0).optional(),
      ranges: z
        .boolean()
        .optional()
        .meta({ description: 'Draw every constant with a range (default true).' }),
      distributions: z.record(z.string(), DistributionSchema).optional(),
    })
    .optional(),
  source: z.string().optional(),
});
export type Scenario = z.output<typeof ScenarioSchema> & { file: string };

/** The scenario with no lever and no shock (the diagnosed cluster left to itself). */
export function baselineScenario(): Scenario {
  return {
    id: 'as-is',
    name: { zh: '现状延续（无新政策）', en: 'As is (no new policy)' },
    levers: [],
    shocks: [],
    file: '',
  };
}

const both = (key: string, values: Record<string, unknown> = {}): LocalizedText => ({
  zh: translator('zh')(`simulate.${key}`, values) as string,
  en: translator('en')(`simulate.${key}`, values) as string,
});

/** Reads and checks a scenario file; `constantNames` are the model's (for overrides and distributions). */
export function loadScenario(file: string, constantNames: readonly string[]): Scenario {
  const doc = readDocument(file);
  return parseScenario(doc, constantNames);
}

export function parseScenario(doc: SourceDocument, constantNames: readonly string[]): Scenario {
  const parsed = ScenarioSchema.safeParse(doc.data);
  if (!parsed.success)
    throw new InputError(schemaProblems(doc, ScenarioSchema, parsed.error.issues, 'docs/scenarios.md'));
  const s = parsed.data;
  const problems: Problem[] = [];
  const at = (path: (string | number)[], key: string, values: Record<string, unknown>, fix?: string) =>
    problems.push({
      file: doc.file,
      path: formatPath(path),
      ...doc.locate(path),
      message: both(key, values),
      ...(fix ? { fix: both(fix, values) } : {}),
    });
  const known = new Set(constantNames);
  const checkName = (path: (string | number)[], name: string) => {
    if (!known.has(name)) {
      const near = closest(name, constantNames);
      at(path, 'errors.unknownConstant', { name, near: near ?? '—' }, 'errors.unknownConstantFix');
    }
  };
  s.levers.forEach((l, i) => {
    if (l.start !== undefined && l.year !== undefined)
      at(['levers', i], 'errors.startAndYear', {}, 'errors.startAndYearFix');
    if (s.levers.findIndex((x) => x.lever === l.lever) !== i)
      at(['levers', i, 'lever'], 'errors.duplicateLever', { lever: l.lever }, 'errors.duplicateLeverFix');
  });
  s.shocks.forEach((x, i) => {
    if (x.start !== undefined && x.year !== undefined)
      at(['shocks', i], 'errors.startAndYear', {}, 'errors.startAndYearFix');
  });
  for (const name of Object.keys(s.constants ?? {})) checkName(['constants', name], name);
  for (const [name, d] of Object.entries(s.uncertainty?.distributions ?? {})) {
    checkName(['uncertainty', 'distributions', name], name);
    const bad =
      (d.kind === 'uniform' && !(d.low < d.high)) ||
      (d.kind === 'triangular' && !(d.low <= d.mode && d.mode <= d.high && d.low < d.high)) ||
      (d.kind === 'normal' && d.low !== undefined && d.high !== undefined && !(d.low < d.high));
    if (bad)
      at(
        ['uncertainty', 'distributions', name],
        'errors.badDistribution',
        { name },
        'errors.badDistributionFix',
      );
  }
  for (const lever of Object.keys(s.budget?.unitCosts ?? {}))
    if (!leverById(lever))
      at(
        ['budget', 'unitCosts', lever],
        'errors.unknownLever',
        { lever, near: closest(lever, LEVER_IDS) ?? '—' },
        'errors.unknownLeverFix',
      );
  if (problems.length > 0) throw new InputError(problems);
  return { ...s, file: doc.file || basename(doc.file) };
}

/** Years after the start of an entry given by `start` or by calendar `year`. */
export function startOf(
  e: { start?: number | undefined; year?: number | undefined },
  baseYear: number,
): number {
  if (e.year !== undefined) return Math.max(0, e.year - baseYear);
  return e.start ?? 0;
}

/** The constants a scenario sets (on top of the initialisation). */
export function scenarioConstants(s: Scenario, baseYear: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of s.levers) {
    const spec = leverById(l.lever);
    if (!spec) continue;
    out[`lever_${spec.key}`] = l.intensity;
    out[`lever_${spec.key}_start`] = startOf(l, baseYear);
  }
  for (const x of s.shocks) {
    const p = shockPrefix(x.kind as ShockKind);
    out[`${p}_size`] = x.size;
    out[`${p}_start`] = startOf(x, baseYear);
    if (x.kind !== 'cost') out[`${p}_duration`] = x.duration ?? 1;
  }
  for (const [k, v] of Object.entries(s.constants ?? {})) out[k] = v;
  return out;
}

export interface BudgetLine {
  lever: string;
  intensity: number;
  years: number;
  unitCost: number;
  cost: number;
}

/** The budget of a scenario over `years`: Σ intensity × unit cost × years in force (undefined without costs). */
export function scenarioBudget(
  s: Scenario,
  years: number,
  baseYear: number,
):
  | { currency: string | LocalizedText; total: number; lines: BudgetLine[]; assumption: LocalizedText }
  | undefined {
  if (!s.budget) return undefined;
  const lines = s.levers.map((l) => {
    const unitCost = s.budget?.unitCosts[l.lever] ?? 0;
    const inForce = Math.max(0, years - startOf(l, baseYear));
    return {
      lever: l.lever,
      intensity: l.intensity,
      years: inForce,
      unitCost,
      cost: l.intensity * unitCost * inForce,
    };
  });
  return {
    currency: s.budget.currency,
    total: lines.reduce((a, b) => a + b.cost, 0),
    lines,
    assumption: s.budget.assumption,
  };
}

/** The distributions of the ensemble: every ranged constant (uniform) unless turned off, then the scenario's. */
export function ensembleDistributions(
  ranges: ReadonlyMap<string, [number, number]>,
  s: Scenario | undefined,
): Map<string, Distribution> {
  const out = new Map<string, Distribution>();
  if (s?.uncertainty?.ranges !== false)
    for (const [name, [low, high]] of ranges) if (high > low) out.set(name, { kind: 'uniform', low, high });
  for (const [name, d] of Object.entries(s?.uncertainty?.distributions ?? {})) out.set(name, d);
  return out;
}
