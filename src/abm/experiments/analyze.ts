/**
 * Global sensitivity analysis of a finished experiment: reads the results file back (so a resumed sweep
 * is analysed the same way), averages the chosen output of each design point's final step over its seeds,
 * and hands the vector to src/sensitivity (Saltelli designs: sobolAnalyze; Morris designs: morrisAnalyze).
 */
import { readFileSync } from 'node:fs';
import type { Knowledge } from '../../domain/knowledge-base.ts';
import { bundledKnowledge } from '../../io/knowledge.ts';
import { InputError } from '../../io/problems.ts';
import { type MorrisResult, morrisAnalyze, type SobolResult, sobolAnalyze } from '../../sensitivity/index.ts';
import { OUTPUT_KEYS, type OutputKey } from './design.ts';
import { problem } from './errors.ts';
import { formatOf, prepareExperiment, type ResultFormat } from './runner.ts';

export interface AnalysisOptions {
  output: OutputKey;
  bootstrap?: number;
  seed?: number;
  format?: ResultFormat;
  kb?: Knowledge;
}

export interface ExperimentAnalysis {
  output: OutputKey;
  /** Point means of the output (design-point order). */
  y: Float64Array;
  result: SobolResult | MorrisResult;
}

/** Final-step value of `output` per run, read from a results file. */
export function readRunOutputs(
  file: string,
  format: ResultFormat,
  output: string,
  runs: number,
): Float64Array {
  const text = readFileSync(file, 'utf8');
  const y = new Float64Array(runs).fill(Number.NaN);
  const lines = text.split('\n').filter((l) => l.length > 0);
  if (format === 'csv') {
    const header = (lines[0] ?? '').split(',');
    const col = header.indexOf(output);
    const run = header.indexOf('run');
    if (col < 0)
      throw new InputError([problem('analyzeColumn', { name: output }, { file, path: '', line: 1 })]);
    // Rows of a run are in step order: the last one is the final step.
    for (const l of lines.slice(1)) {
      const cells = l.split(',');
      const r = Number(cells[run]);
      if (Number.isInteger(r) && r >= 0 && r < runs) y[r] = Number(cells[col]);
    }
  } else
    for (const l of lines) {
      const j = JSON.parse(l) as { run: number; values: Record<string, number | null> };
      if (!(output in j.values))
        throw new InputError([problem('analyzeColumn', { name: output }, { file, path: '' })]);
      const v = j.values[output];
      if (j.run >= 0 && j.run < runs) y[j.run] = v === null || v === undefined ? Number.NaN : v;
    }
  return y;
}

export function analyzeExperiment(
  designFile: string,
  resultsFile: string,
  o: AnalysisOptions,
): ExperimentAnalysis {
  const kb = o.kb ?? bundledKnowledge();
  const p = prepareExperiment(designFile, kb);
  const d = p.design;
  if (d.kind !== 'saltelli' && d.kind !== 'morris')
    throw new InputError([
      problem('analyzeKind', { kind: d.kind }, { file: designFile, path: 'design.kind' }),
    ]);
  if (!(OUTPUT_KEYS as readonly string[]).includes(o.output) || !d.output.columns.includes(o.output))
    throw new InputError([problem('analyzeColumn', { name: o.output }, { file: resultsFile, path: '' })]);
  const perRun = readRunOutputs(resultsFile, formatOf(resultsFile, o.format), o.output, p.runs);
  let done = 0;
  for (const v of perRun) if (!Number.isNaN(v)) done++;
  if (done < p.runs)
    throw new InputError([
      problem(
        'analyzeIncomplete',
        { done, total: p.runs, file: resultsFile },
        { file: resultsFile, path: '' },
      ),
    ]);
  const S = d.seeds.length;
  const points = p.expanded.points.length;
  const y = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    let s = 0;
    for (let r = 0; r < S; r++) s += perRun[i * S + r] as number;
    y[i] = s / S;
  }
  const space = p.expanded.space;
  if (!space) throw new Error('sampling design without a space');
  const result =
    d.kind === 'saltelli'
      ? sobolAnalyze(space, y, d.size, {
          secondOrder: d.secondOrder,
          bootstrap: o.bootstrap ?? 200,
          seed: o.seed ?? 1,
          source: resultsFile,
        })
      : morrisAnalyze(space, p.expanded.x as Float64Array, y, {
          levels: d.morrisLevels,
          bootstrap: o.bootstrap ?? 200,
          seed: o.seed ?? 1,
          source: resultsFile,
        });
  return { output: o.output, y, result };
}
