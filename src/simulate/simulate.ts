/**
 * `climb simulate`: a diagnosed cluster, initialised as it is, run under policy scenarios, with
 * optional ensembles over parameter uncertainty (issue 3 items 4–5).
 */

import { type Diagnosis, diagnose } from '../diagnose/diagnose.ts';
import type { Knowledge } from '../domain/knowledge-base.ts';
import type { Stage } from '../domain/vocabulary.ts';
import { loadWorkspace } from '../io/load-workspace.ts';
import { workspaceNetwork } from '../io/workspace-network.ts';
import { type GumProfile, workspaceGumProfile } from '../measure/survey/profile.ts';
import { type Band, type BatchJob, type BatchProgress, bands, runBatch } from './ensemble.ts';
import { gumModel, REPORTED } from './gum.ts';
import { type Initialisation, initialiseGum } from './initialise.ts';
import { constantVector, type GumRun, runGum, stagesOf } from './run.ts';
import {
  baselineScenario,
  ensembleDistributions,
  loadScenario,
  type Scenario,
  scenarioBudget,
  scenarioConstants,
} from './scenario.ts';

export interface SimulateOptions {
  /** Scenario files; none: the cluster as it is, with no new policy. */
  scenarios?: string[];
  years?: number;
  /** Ensemble members per scenario (0 or undefined: no ensemble unless a scenario asks for one). */
  ensemble?: number;
  seed?: number;
  workers?: number;
  /** Save interval of the trajectories in years (default 0.25). */
  saveEvery?: number;
  /**
   * Free start: the model's own dynamics from the diagnosed state (equilibrium_start = 0). By default the
   * diagnosed state is calibrated as a steady state, so the baseline continues the present
   * (docs/gum-model.md §6.3).
   */
  freeStart?: boolean;
  onProgress?: (p: BatchProgress) => void;
}

export interface ScenarioResult {
  scenario: Scenario;
  constants: Record<string, number>;
  run: GumRun;
  stages: Stage[];
  budget: ReturnType<typeof scenarioBudget>;
  ensemble?: Record<string, Band>;
}

export interface SimulationResult {
  diagnosis: Diagnosis;
  init: Initialisation;
  years: number;
  saveEvery: number;
  /** Equilibrium start (the default) or free start (docs/gum-model.md §6.3). */
  start: 'equilibrium' | 'free';
  scenarios: ScenarioResult[];
  ensemble?: { members: number; seed: number; uncertain: string[] };
}

const DEFAULT_YEARS = 10;

/** The survey's GUM profile when the workspace references a survey (src/measure/survey/profile.ts). */
export async function surveyProfile(diagnosis: Diagnosis, file: string): Promise<GumProfile | null> {
  return diagnosis.workspace.survey ? await workspaceGumProfile(file) : null;
}

/** Loads and diagnoses a workspace file, then simulates it. */
export async function simulateWorkspace(
  file: string,
  kb: Knowledge,
  opts: SimulateOptions = {},
): Promise<SimulationResult> {
  const { workspace } = loadWorkspace(file, kb);
  const network = workspaceNetwork(workspace, file);
  const d = diagnose(workspace, kb, network ? { network } : {});
  const profile = await surveyProfile(d, file);
  const model = gumModel();
  const scenarios = (opts.scenarios ?? []).map((f) => loadScenario(f, model.constantNames));
  return simulateDiagnosis(d, profile, kb, scenarios, opts);
}

/** The model's defaults as a record. */
export function gumDefaults(): Record<string, number> {
  const model = gumModel();
  const c = model.defaultConstants();
  return Object.fromEntries(model.constantNames.map((n, i) => [n, c[i] as number]));
}

/** The ranges of the model's constants (the uncertainty of ensembles and sensitivity analyses). */
export function gumRanges(): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const c of gumModel().model.constants) if (c.range) out.set(c.name, c.range);
  return out;
}

export async function simulateDiagnosis(
  d: Diagnosis,
  profile: GumProfile | null,
  kb: Knowledge,
  scenarioList: Scenario[],
  opts: SimulateOptions = {},
): Promise<SimulationResult> {
  const model = gumModel();
  const init = initialiseGum(d, profile, gumDefaults());
  init.constants.equilibrium_start = opts.freeStart ? 0 : 1;
  const scenarios = scenarioList.length > 0 ? scenarioList : [baselineScenario()];
  const years = opts.years ?? Math.max(...scenarios.map((s) => s.years ?? DEFAULT_YEARS));
  const saveEvery = opts.saveEvery ?? 0.25;
  const results: ScenarioResult[] = scenarios.map((scenario) => {
    const constants = { ...init.constants, ...scenarioConstants(scenario, init.baseYear) };
    const run = runGum(constants, years, saveEvery, model);
    return {
      scenario,
      constants,
      run,
      stages: stagesOf(run, kb.stages),
      budget: scenarioBudget(scenario, years, init.baseYear),
    };
  });

  const members = opts.ensemble ?? Math.max(0, ...scenarios.map((s) => s.uncertainty?.members ?? 0));
  let ensemble: SimulationResult['ensemble'];
  if (members >= 2) {
    const seed =
      opts.seed ?? scenarios.find((s) => s.uncertainty?.seed !== undefined)?.uncertainty?.seed ?? 42;
    const ranges = gumRanges();
    const uncertain = new Set<string>();
    const jobs: BatchJob[] = results.map((r) => {
      // Constants read from the data or fixed by the scenario are not drawn (unless the scenario gives
      // them a distribution).
      const free = new Map([...ranges].filter(([name]) => !(name in r.constants)));
      const dists = [...ensembleDistributions(free, r.scenario)]
        .map(([name, dist]) => [model.constantIndex(name), dist] as const)
        .filter(([i]) => i >= 0)
        .sort((a, b) => a[0] - b[0]);
      for (const [i] of dists) uncertain.add(model.constantNames[i] as string);
      return {
        base: constantVector(r.constants, model),
        members,
        seed,
        dists: dists.map(([i, dist]) => [i, dist]),
      };
    });
    const vars = [...REPORTED];
    const out = await runBatch(
      { jobs, years, saveEvery, vars },
      { workers: opts.workers ?? 1, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) },
    );
    results.forEach((r, k) => {
      r.ensemble = bands(out.values[k] as Float64Array, members, out.saves, vars);
    });
    ensemble = { members, seed, uncertain: [...uncertain].sort() };
  }
  return {
    diagnosis: d,
    init,
    years,
    saveEvery,
    start: opts.freeStart ? 'free' : 'equilibrium',
    scenarios: results,
    ...(ensemble ? { ensemble } : {}),
  };
}
