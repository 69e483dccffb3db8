/**
 * One GUM run and the stage it reaches over time (issue 3 item 4).
 */
import type { StageCatalog } from '../domain/knowledge.ts';
import type { Stage } from '../domain/vocabulary.ts';
import type { CompiledSdModel } from '../sd/index.ts';
import { gumModel, REPORTED, type Reported } from './gum.ts';

/** Integration settings of every GUM run: RK4 with monthly steps (docs/gum-model.md §1). */
export const GUM_DT = 1 / 12;

export interface GumRun {
  /** Years after the start, at each save. */
  time: Float64Array;
  series: Record<Reported, Float64Array>;
}

/** The model's constants with the given overrides (unknown names throw: a programming error). */
export function constantVector(
  overrides: Record<string, number>,
  model: CompiledSdModel = gumModel(),
): Float64Array {
  const c = model.defaultConstants();
  for (const [k, v] of Object.entries(overrides)) {
    const i = model.constantIndex(k);
    if (i < 0) throw new Error(`GUM model has no constant "${k}"`);
    c[i] = v;
  }
  return c;
}

/** Runs the GUM model for `years` and keeps the reported series. */
export function runGum(
  constants: Float64Array | Record<string, number>,
  years: number,
  saveEvery = 1,
  model: CompiledSdModel = gumModel(),
): GumRun {
  const c = constants instanceof Float64Array ? constants : constantVector(constants, model);
  const r = model.run({ method: 'rk4', dt: GUM_DT, start: 0, stop: years, saveEvery, constants: c });
  const series = {} as Record<Reported, Float64Array>;
  for (const k of REPORTED) series[k] = r.series[k] as Float64Array;
  return { time: r.time, series };
}

/** Capability thresholds of the stages beyond process (docs/gum-model.md §7). */
export const STAGE_THRESHOLDS = {
  product: { tech: 0.5 },
  functional: { innovationOutside: 0.45 },
  chain: { innovation: 0.6, outside: 0.6 },
  /** OBM's assumed part of the ODM+OBM share when a cluster reaches the chain stage. */
  obmPartAtChain: 0.8,
} as const;

export interface StageEntry {
  stage: Stage;
  /** ODM+OBM share needed (from knowledge/stages.yaml). */
  functionalShare: number;
}

/** The entry shares of knowledge/stages.yaml, read on the model's ODM+OBM share. */
export function stageEntries(catalog: StageCatalog): Record<Exclude<Stage, 'process'>, number> {
  const share = (id: Stage, fallback: number) => {
    const s = catalog.stages.find((x) => x.id === id);
    return s ? s.positionEntry.minShare : fallback;
  };
  return {
    product: share('product', 0.1),
    functional: share('functional', 0.3),
    // The chain stage asks OBM ≥ 40 %; with OBM taken as 80 % of the high end that is ODM+OBM ≥ 50 %.
    chain: share('chain', 0.4) / STAGE_THRESHOLDS.obmPartAtChain,
  };
}

/** The stage a state reaches: the highest whose share and capability thresholds hold, in order. */
export function stageOf(
  s: { tech: number; innovation: number; outside: number; functional: number },
  entries: Record<Exclude<Stage, 'process'>, number>,
): Stage {
  const T = STAGE_THRESHOLDS;
  if (!(s.functional >= entries.product && s.tech >= T.product.tech)) return 'process';
  if (
    !(s.functional >= entries.functional && (s.innovation + s.outside) / 2 >= T.functional.innovationOutside)
  )
    return 'product';
  if (!(s.functional >= entries.chain && s.innovation >= T.chain.innovation && s.outside >= T.chain.outside))
    return 'functional';
  return 'chain';
}

/** The stage at every save of a run. */
export function stagesOf(run: GumRun, catalog: StageCatalog): Stage[] {
  const entries = stageEntries(catalog);
  const out: Stage[] = [];
  for (let i = 0; i < run.time.length; i++)
    out.push(
      stageOf(
        {
          tech: run.series.tech_capability[i] as number,
          innovation: run.series.innovation_capability[i] as number,
          outside: run.series.outside_capability[i] as number,
          functional: run.series.functional_share[i] as number,
        },
        entries,
      ),
    );
  return out;
}
