/**
 * The bundled synthetic GUM survey (issue 5 item 9): reproducible byte for byte, and the analysis
 * recovers the known population parameters within sampling error.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticSurvey } from '../../scripts/make-synthetic-survey.ts';
import { templateColumns } from '../../src/domain/instrument.ts';
import { KNOWLEDGE_DIR } from '../../src/io/knowledge.ts';
import { readSurveyFile } from '../../src/io/survey.ts';
import { bootstrapPls } from '../../src/measure/pls/bootstrap.ts';
import type { PlsModel } from '../../src/measure/pls/model.ts';
import {
  analyseSurvey,
  readSurveyInputs,
  type SurveyInputs,
  surveyGovernance,
} from '../../src/measure/survey/analyze.ts';
import { constructScores, gumProfile } from '../../src/measure/survey/profile.ts';
import { compareMeans } from '../../src/measure/survey/stats.ts';
import { SYNTHETIC_ID } from '../../src/measure/survey/synthetic.ts';
import { kb } from '../helpers.ts';

const DIR = join(KNOWLEDGE_DIR, 'surveys');
const CSV = join(DIR, `${SYNTHETIC_ID}.csv`);
const truth = JSON.parse(readFileSync(join(DIR, `${SYNTHETIC_ID}.truth.json`), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'climb-synthetic-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let inputs: SurveyInputs;
beforeAll(async () => {
  inputs = await readSurveyInputs({ data: CSV }, kb);
});

describe('synthetic survey files', () => {
  it('are reproduced byte for byte by scripts/make-synthetic-survey.ts', () => {
    for (const file of writeSyntheticSurvey(tmp)) {
      const name = file.slice(tmp.length + 1);
      expect(readFileSync(file, 'utf8'), name).toBe(readFileSync(join(DIR, name), 'utf8'));
    }
  }, 60_000);

  it('have exactly the columns of the blank template', async () => {
    const raw = await readSurveyFile(CSV);
    expect(raw.header).toEqual(templateColumns(kb.instrument).map((c) => c.column));
    expect(raw.rows).toHaveLength(truth.model.firms);
  });
});

describe('import flags the deliberately bad rows', () => {
  it('leaves out the straight-liners and out-of-range rows, keeps rows with missing answers', () => {
    const { excluded, prepared } = inputs.screened;
    const bad = truth.badRows as { id: string; kind: string; line: number }[];
    const expected = bad
      .filter((b) => b.kind !== 'missing')
      .map((b) => ({ row: b.line, firm: b.id, reason: b.kind }))
      .sort((a, b) => a.row - b.row);
    expect(excluded.map((e) => ({ row: e.row, firm: e.firm, reason: e.reason }))).toEqual(expected);
    expect(prepared.used).toBe(truth.model.firms - expected.length);
    expect(prepared.missingCells).toBe(4); // OCU2, SOC1, SOC2 (−99), VCAP4
    expect(prepared.missingCodes).toBe(2);
  });
});

describe('recovers the known parameters', () => {
  // PLSc (reflective constructs) estimates the latent-variable paths consistently; the population values
  // are the pooled standardised regressions of the population model (Monte Carlo, 200 000 draws). With
  // 296 firms a path's bootstrap SE is 0.05–0.08, and 7-point discretisation and the reverse-coded items
  // add a little bias. Expected: ≈ 95 % of true values inside the 95 % intervals; we require 80 % (18 of
  // 22; P(fewer) < 1 % under nominal coverage), a mean absolute error below 0.08 and no error above 0.25
  // (about 3.5 SE).
  it('PLS path coefficients: true values inside the bootstrap 95 % CIs for most paths', async () => {
    const model: PlsModel = {
      ...inputs.model,
      constructs: inputs.model.constructs.map((c) =>
        c.kind === 'composite' ? { ...c, reflective: true } : c,
      ),
    };
    const b = await bootstrapPls(inputs.screened.prepared.data, model, {
      resamples: 300,
      seed: 1,
      jackknifeGroups: 2,
    });
    let inside = 0;
    let sum = 0;
    for (const p of b.paths) {
      const t = (truth.population.paths as { from: string; to: string; value: number }[]).find(
        (x) => x.from === p.from && x.to === p.to,
      )?.value as number;
      expect(t, `${p.from}→${p.to}`).toBeTypeOf('number');
      const err = Math.abs(p.original - t);
      expect(err, `${p.from}→${p.to}`).toBeLessThan(0.25);
      sum += err;
      if (t >= p.percentile[0] && t <= p.percentile[1]) inside++;
    }
    expect(b.paths).toHaveLength(22);
    expect(inside).toBeGreaterThanOrEqual(18);
    expect(sum / b.paths.length).toBeLessThan(0.08);
  }, 120_000);

  it('factor profile: population means inside the 95 % CIs (within 0.2 points everywhere)', () => {
    const p = gumProfile(inputs.screened.prepared, inputs.model, { resamples: 500, seed: 3 });
    let inside = 0;
    for (const [c, f] of Object.entries(p.factors)) {
      const t = truth.population.profile[c] as number;
      expect(Math.abs(f.mean - t), c).toBeLessThan(0.2);
      expect(f.scaled).toBeCloseTo((f.mean - 1) / 6, 12);
      if (t >= f.ciLow && t <= f.ciHigh) inside++;
    }
    expect(inside).toBeGreaterThanOrEqual(9); // of 11
    expect(p.n).toBe(296);
  });

  it('classifies every firm as the type it was generated with', () => {
    const g = surveyGovernance(inputs.screened, kb);
    expect(g.available).toBe(true);
    const classified = g.firms.filter((f) => f.type !== null);
    expect(g.firms.filter((f) => f.type === null).map((f) => f.firm)).toEqual(['S279']);
    for (const f of classified) expect(f.type, f.firm ?? '').toBe(truth.governance[f.firm as string]);
    expect(classified).toHaveLength(295);
  });

  it('detects the Humphrey–Schmitz effect: captive firms upgrade less functionally', () => {
    const g = surveyGovernance(inputs.screened, kb);
    const s = constructScores(inputs.screened.prepared, inputs.model)
      .OutsideCorrelationUpgrading as Float64Array;
    const a: number[] = [];
    const b: number[] = [];
    g.firms.forEach((f, i) => {
      if (f.type === 'captive') a.push(s[i] as number);
      else if (f.type) b.push(s[i] as number);
    });
    const r = compareMeans(a, b, 999, 7);
    const gap = truth.population.humphreySchmitz.gap.OutsideCorrelationUpgrading as number;
    expect(gap).toBeLessThan(-0.3);
    expect(r.difference).toBeLessThan(0);
    expect(Math.abs(r.difference - gap)).toBeLessThan(0.3); // SE of the difference ≈ 0.12
    expect(r.pWelch).toBeLessThan(0.01);
    expect(r.pPermutation).toBeLessThan(0.01);
  });
});

describe('multigroup PLS by governance', () => {
  it('compares captive with the other classified firms by default (the Humphrey–Schmitz contrast)', async () => {
    const a = await analyseSurvey(inputs, kb, { resamples: 10, seed: 3 });
    expect(a.mga.status).toBe('done');
    const r = a.mga.result;
    expect(r?.groups).toEqual([
      { name: 'captive', n: 99 },
      { name: 'non-captive', n: 196 },
    ]);
    expect(r?.comparisons.map((c) => [c.groupA, c.groupB])).toEqual([['captive', 'non-captive']]);
    expect(r?.excluded.missingGroup).toBe(1); // S279, not classifiable
    const ocu = r?.comparisons[0]?.paths.find(
      (p) => p.from === 'GvcInsertion' && p.to === 'OutsideCorrelationUpgrading',
    );
    expect(ocu?.difference).toBeLessThan(0);
    expect(a.measurement.paths).toHaveLength(22);
    expect(a.measurement.resamples).toBe(10);
  }, 60_000);

  it('compares every pair of governance types with --group governance-types', async () => {
    const a = await analyseSurvey(inputs, kb, { resamples: 4, group: 'governance-types' });
    expect(a.mga.result?.groups.map((g) => g.name)).toEqual([
      'captive',
      'hierarchy',
      'market',
      'modular',
      'relational',
    ]);
    expect(a.mga.result?.comparisons).toHaveLength(10);
  }, 60_000);
});
