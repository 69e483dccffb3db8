/**
 * `climb sensitivity <workspace>` (issue 3 item 6, workspace mode): which GUM constants (over their
 * ranges) and which policy levers (intensity 0–1, from year 0) move an output of the diagnosed cluster
 * most at the horizon. Runs go through the batch runner (worker_threads, allocation-free runInto);
 * sampling and indices are the sensitivity library's (src/sensitivity).
 */
import { availableParallelism } from 'node:os';
import { resolveWorkspace } from '../cli/main.ts';
import { diagnose } from '../diagnose/diagnose.ts';
import type { Lang } from '../domain/vocabulary.ts';
import { speaker } from '../i18n/index.ts';
import { bundledKnowledge } from '../io/knowledge.ts';
import { loadWorkspace } from '../io/load-workspace.ts';
import { InputError } from '../io/problems.ts';
import { workspaceNetwork } from '../io/workspace-network.ts';
import type { Block } from '../report/blocks.ts';
import { render } from '../report/render.ts';
import {
  type MorrisResult,
  morrisAnalyze,
  morrisSample,
  type ParameterSpace,
  type SobolResult,
  saltelliSample,
  sobolAnalyze,
} from '../sensitivity/index.ts';
import { morrisJson, sobolJson } from '../sensitivity/report.ts';
import { runBatch } from './ensemble.ts';
import { gumModel, LEVERS, REPORTED } from './gum.ts';
import { initialiseGum } from './initialise.ts';
import { constantVector } from './run.ts';
import { gumDefaults, gumRanges, surveyProfile } from './simulate.ts';

export interface WorkspaceSensitivityOptions {
  output: string;
  years: number;
  method: 'sobol' | 'morris';
  samples: number;
  seed: number;
  bootstrap: number;
  lang: 'en' | 'zh';
  format: 'json' | 'text';
  /** Worker threads (default: all cores). */
  workers?: number;
  /** Free start instead of the equilibrium start (docs/gum-model.md §6.3). */
  freeStart?: boolean;
  /** Sobol: second-order indices and a scrambled Sobol sequence (Owen, or a random shift), as for the test functions. */
  secondOrder?: boolean;
  scramble?: 'owen' | 'shift' | false;
  /** Morris: grid levels (default 4) and the confidence level of the bootstrap intervals. */
  levels?: number;
  confidence?: number;
}

/** Parameter names ordered by importance: total Sobol index ST, or Morris μ*, largest first. */
export function sensitivityRanking(r: SobolResult | MorrisResult, names: readonly string[]): string[] {
  const key = r.method === 'sobol' ? r.ST : r.muStar;
  const v = (n: string) => {
    const x = key[n];
    return x === undefined || !Number.isFinite(x) ? Number.NEGATIVE_INFINITY : x;
  };
  return [...names].sort((a, b) => v(b) - v(a) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The space: every ranged constant not read from the data, and every lever's intensity on 0–1. */
export function gumSpace(fixed: Record<string, number>): ParameterSpace {
  const names: string[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (const [name, [lo, hi]] of gumRanges()) {
    if (name in fixed || !(hi > lo)) continue;
    names.push(name);
    lower.push(lo);
    upper.push(hi);
  }
  for (const l of LEVERS) {
    names.push(`lever_${l.key}`);
    lower.push(0);
    upper.push(1);
  }
  return { names, lower, upper };
}

/** Output of every row of a sample at the horizon. */
export async function evaluateRows(
  base: Record<string, number>,
  space: ParameterSpace,
  x: Float64Array,
  rows: number,
  output: string,
  years: number,
  workers: number,
): Promise<Float64Array> {
  const model = gumModel();
  const columns = Int32Array.from(space.names.map((n) => model.constantIndex(n)));
  // Levers sampled here start at year 0.
  const c = { ...base };
  for (const l of LEVERS) c[`lever_${l.key}_start`] = 0;
  const out = await runBatch(
    {
      jobs: [{ base: constantVector(c, model), members: rows, matrix: x, columns }],
      years,
      saveEvery: years,
      vars: [output],
    },
    { workers },
  );
  const all = out.values[0] as Float64Array;
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) y[r] = all[r * out.saves + out.saves - 1] as number;
  return y;
}

export async function workspaceSensitivity(
  workspace: string,
  opts: WorkspaceSensitivityOptions,
): Promise<string> {
  const kb = bundledKnowledge();
  const model = gumModel();
  // camelCase names (valueCapture) are the model's snake_case variables (value_capture).
  const snake = opts.output.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  if (model.variableIndex(opts.output) < 0 && model.variableIndex(snake) >= 0)
    opts = { ...opts, output: snake };
  if (model.variableIndex(opts.output) < 0) {
    const t = speaker(opts.lang, kb).t;
    const list = REPORTED.join(', ');
    throw new InputError([
      {
        file: workspace,
        path: '--output',
        message: {
          zh: speaker('zh', kb).t('simulate.errors.badOutput', { name: opts.output }),
          en: speaker('en', kb).t('simulate.errors.badOutput', { name: opts.output }),
        },
        fix: {
          zh: t('simulate.errors.badOutputFix', { list }),
          en: t('simulate.errors.badOutputFix', { list }),
        },
      },
    ]);
  }
  const file = resolveWorkspace(workspace, kb);
  const { workspace: ws } = loadWorkspace(file, kb);
  const network = workspaceNetwork(ws, file);
  const d = diagnose(ws, kb, network ? { network } : {});
  const init = initialiseGum(d, await surveyProfile(d, file), gumDefaults());
  init.constants.equilibrium_start = opts.freeStart ? 0 : 1;
  const space = gumSpace(init.constants);
  const workers = opts.workers ?? availableParallelism();
  let result: SobolResult | MorrisResult;
  let runs: number;
  if (opts.method === 'sobol') {
    const secondOrder = opts.secondOrder ?? false;
    const s = saltelliSample(space, opts.samples, {
      seed: opts.seed,
      secondOrder,
      scramble: opts.scramble ?? false,
    });
    const y = await evaluateRows(init.constants, space, s.x, s.rows, opts.output, opts.years, workers);
    result = sobolAnalyze(space, y, opts.samples, {
      bootstrap: opts.bootstrap,
      seed: opts.seed,
      secondOrder,
      ...(opts.confidence !== undefined ? { confidence: opts.confidence } : {}),
    });
    runs = s.rows;
  } else {
    const levels = opts.levels ?? 4;
    const s = morrisSample(space, { trajectories: opts.samples, levels, seed: opts.seed });
    const y = await evaluateRows(init.constants, space, s.x, s.rows, opts.output, opts.years, workers);
    result = morrisAnalyze(space, s.x, y, {
      levels,
      bootstrap: opts.bootstrap,
      seed: opts.seed,
      ...(opts.confidence !== undefined ? { confidence: opts.confidence } : {}),
    });
    runs = s.rows;
  }
  const context = {
    workspace: ws.id,
    model: 'knowledge/models/gum.model.yaml',
    output: opts.output,
    horizonYears: opts.years,
    baseYear: init.baseYear,
    start: opts.freeStart ? 'free' : 'equilibrium',
    runs,
  };
  if (opts.format === 'json') {
    const body =
      result.method === 'sobol'
        ? sobolJson(result, { seed: opts.seed })
        : morrisJson(result, { seed: opts.seed });
    return JSON.stringify({ ...context, ranking: sensitivityRanking(result, space.names), ...body }, null, 2);
  }
  return render(sensitivityBlocks(result, space, opts, init.baseYear, runs, ws.name), 'text', opts.lang);
}

function sensitivityBlocks(
  r: SobolResult | MorrisResult,
  space: ParameterSpace,
  opts: WorkspaceSensitivityOptions,
  baseYear: number,
  runs: number,
  name: { zh: string; en: string },
): Block[] {
  const kb = bundledKnowledge();
  const sp = speaker(opts.lang as Lang, kb);
  const t = sp.t;
  const docs = new Map(gumModel().model.constants.map((c) => [c.name, c.doc ?? '']));
  const order = sensitivityRanking(r, space.names);
  const head =
    r.method === 'sobol'
      ? [
          t('simulate.sens.col.rank'),
          t('simulate.sens.col.parameter'),
          'ST',
          '±',
          'S1',
          '±',
          t('simulate.sens.col.range'),
          t('simulate.sens.col.doc'),
        ]
      : [
          t('simulate.sens.col.rank'),
          t('simulate.sens.col.parameter'),
          'μ*',
          'σ',
          'μ',
          t('simulate.sens.col.range'),
          t('simulate.sens.col.doc'),
        ];
  const f = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(4));
  const rows = order.map((n, i) => {
    const k = space.names.indexOf(n);
    const range = `${space.lower[k]}–${space.upper[k]}`;
    const doc = (docs.get(n) ?? '').slice(0, 60);
    return r.method === 'sobol'
      ? [String(i + 1), n, f(r.ST[n]), f(r.STConf[n]), f(r.S1[n]), f(r.S1Conf[n]), range, doc]
      : [String(i + 1), n, f(r.muStar[n]), f(r.sigma[n]), f(r.mu[n]), range, doc];
  });
  return [
    {
      kind: 'title',
      text: t('simulate.sens.title', {
        name: sp.text(name),
        output: t(`simulate.var.${opts.output}`, { defaultValue: opts.output }),
        year: baseYear + opts.years,
      }),
      subtitle: t('simulate.sens.subtitle', {
        method: r.method === 'sobol' ? 'Sobol' : 'Morris',
        runs,
        seed: opts.seed,
      }),
    },
    {
      kind: 'paragraph',
      text: t(r.method === 'sobol' ? 'simulate.sens.sobolNote' : 'simulate.sens.morrisNote'),
    },
    { kind: 'table', head, rows, numeric: head.map((_, i) => i >= 2 && i < head.length - 2) },
  ];
}
