import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { analyzeExperiment } from '../../src/abm/experiments/analyze.ts';
import {
  expandDesign,
  latinHypercube,
  pointSpec,
  readDesign,
  resolveDesignWorkspace,
} from '../../src/abm/experiments/design.ts';
import { metaPath, prepareExperiment, runExperiment } from '../../src/abm/experiments/runner.ts';
import { createExperimentRunner } from '../../src/abm/experiments/task.ts';
import { S, SERIES_KEYS } from '../../src/abm/model.ts';
import { runCluster } from '../../src/abm/run.ts';
import { workspaceSegments, workspaceTemplates } from '../../src/abm/workspace.ts';
import { run } from '../../src/cli/main.ts';
import { bundledKnowledge } from '../../src/io/knowledge.ts';
import { loadWorkspace } from '../../src/io/load-workspace.ts';
import { InputError } from '../../src/io/problems.ts';

const dir = mkdtempSync(join(tmpdir(), 'climb-abmx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const kb = bundledKnowledge();

function design(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

const FACTORIAL = `name: small
base: { firms: 60, steps: 12, policy: { training: 0.3 } }
design:
  kind: factorial
  factors:
    governance: [captive, market]
    domesticShare: [0.1, 0.6]
seeds: 3
seed: 5
output: { columns: [ODM, OBM, upgraded, production, reputation] }
`;

const STEPS = `base: { firms: 50, steps: 10 }
design:
  kind: lhs
  points: 4
  seed: 3
  factors:
    policy.rnd-subsidy: { lower: 0, upper: 1 }
    pLearn: [0.05, 0.4]
seeds: 2
output: { rows: step, every: 4, columns: [OEA, upgraded, production] }
`;

describe('experiment designs', () => {
  it('reports every problem with its line, in both languages', () => {
    const f = design(
      'bad.yaml',
      `base:
  firms: 2
  governance: feudal
design:
  kind: lhs
  points: 5
  factors:
    governance: [captive, market]
    wages: { lower: 0, upper: 1 }
    domesticShare: { lower: 0.5, upper: 0.2 }
seeds: 0
extra: 1
`,
    );
    let err: unknown;
    try {
      readDesign(f, kb);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const ps = (err as InputError).problems;
    const by = (path: string) => ps.find((p) => p.path === path);
    expect(by('extra')?.line).toBe(12);
    expect(by('base.firms')?.line).toBe(2);
    expect(by('base.governance')?.message.zh).toContain('feudal');
    expect(by('design.factors.governance')?.message.en).toMatch(/categorical/);
    expect(by('design.factors.wages')?.message.en).toMatch(/Unknown factor/);
    expect(by('design.factors.domesticShare')?.line).toBe(10);
    expect(by('seeds')).toBeDefined();
    for (const p of ps) expect(p.message.zh.length).toBeGreaterThan(0);
  });

  it('expands a full factorial, first factor slowest, with common seeds', () => {
    const d = readDesign(design('f.yaml', FACTORIAL), kb);
    const e = expandDesign(d);
    expect(e.points).toEqual([
      ['captive', 0.1],
      ['captive', 0.6],
      ['market', 0.1],
      ['market', 0.6],
    ]);
    expect(d.seeds).toEqual([5, 6, 7]);
    const spec = pointSpec(d, e.points[3] as (string | number)[]);
    expect(spec).toMatchObject({ firms: 60, steps: 12, governance: 'market', domesticShare: 0.6 });
    expect(spec.policy).toEqual({ training: 0.3 });
  });

  it('draws a Latin hypercube: one point per stratum in every dimension, seeded', () => {
    const space = { names: ['a', 'b', 'c'], lower: [0, 10, -1], upper: [1, 20, 1] };
    const n = 17;
    const x = latinHypercube(space, n, 9);
    expect(latinHypercube(space, n, 9)).toEqual(x);
    expect(latinHypercube(space, n, 10)).not.toEqual(x);
    for (let j = 0; j < 3; j++) {
      const lo = space.lower[j] as number;
      const w = (space.upper[j] as number) - lo;
      const strata = new Set<number>();
      for (let i = 0; i < n; i++) strata.add(Math.floor((((x[i * 3 + j] as number) - lo) / w) * n));
      expect(strata.size).toBe(n);
    }
  });

  it('samples Saltelli designs with the sensitivity library', () => {
    const d = readDesign(
      design(
        's.yaml',
        `base: { firms: 40, steps: 5 }
design: { kind: saltelli, n: 8, factors: { pLearn: [0.05, 0.5], policy.training: [0, 1] } }
`,
      ),
      kb,
    );
    expect(expandDesign(d).points.length).toBe(8 * (2 + 2));
  });
});

describe('experiment runs', () => {
  it('runs as runCluster does (same options and seed, with a workspace)', () => {
    const ws = loadWorkspace(resolveDesignWorkspace('ningbo-garments', dir, kb) as string, kb);
    const segments = workspaceSegments(ws.workspace, kb);
    const f = design(
      'ws.yaml',
      `workspace: ningbo-garments
base: { firms: 80, steps: 15, scalars: { pLearn: 0.2 } }
design: { kind: factorial, factors: { governance: [relational], policy.rnd-subsidy: [0.5] } }
seeds: [11]
`,
    );
    const p = prepareExperiment(f, kb);
    const out = createExperimentRunner({ ...p.init, runOffset: 0 })(0, 1).values;
    const ref = runCluster({
      firms: 80,
      steps: 15,
      seed: 11,
      governance: 'relational',
      policy: { 'rnd-subsidy': 0.5 },
      scalars: { pLearn: 0.2 },
      templates: workspaceTemplates(ws.workspace, kb),
      kb,
      ...(segments ? { segments } : {}),
    });
    // Same initial templates; compare the outputs the design asked for (all of them).
    const cols = p.design.output.columns;
    cols.forEach((k, c) => {
      const v =
        k === 'upgraded' ? (ref.final[S.ODM] as number) + (ref.final[S.OBM] as number) : ref.final[S[k]];
      expect(out[c], k).toBe(v);
    });
    expect(cols.length).toBe(SERIES_KEYS.length);
  });

  it('writes byte-identical CSV and JSONL whatever the worker count', async () => {
    const f = design('f.yaml', FACTORIAL);
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    const s1 = await runExperiment(f, { workers: 1, out: a, kb });
    const s2 = await runExperiment(f, { workers: 3, out: b, kb, chunk: 1 });
    expect(s1.runs).toBe(12);
    expect(s2.workers).toBe(3);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
    const lines = readFileSync(a, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'run,point,replicate,seed,param.governance,param.domesticShare,ODM,OBM,upgraded,production,reputation,code',
    );
    expect(lines.length).toBe(13);
    expect(lines[12]?.startsWith('11,3,2,7,market,0.6,')).toBe(true);
    const meta = JSON.parse(readFileSync(metaPath(a), 'utf8'));
    expect(meta.designHash).toBe(s1.designHash);
    expect(meta.created).toMatch(/^\d{4}-/);
    const g = design('steps.yaml', STEPS);
    const c = join(dir, 'c.jsonl');
    const d = join(dir, 'd.jsonl');
    await runExperiment(g, { workers: 1, out: c, kb });
    await runExperiment(g, { workers: 2, out: d, kb, chunk: 1 });
    const text = readFileSync(c, 'utf8');
    expect(readFileSync(d, 'utf8')).toBe(text);
    const rows = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.length).toBe(4 * 2 * 4); // steps 0, 4, 8, 10
    expect(rows[3]).toMatchObject({ run: 0, point: 0, replicate: 0, seed: 1, step: 10 });
    expect(Object.keys(rows[0].parameters)).toEqual(['policy.rnd-subsidy', 'pLearn']);
  });

  it('resumes an interrupted file: drops a torn line and a cut run, appends the rest, same bytes', async () => {
    for (const [name, text] of [
      ['r.csv', FACTORIAL],
      ['r.jsonl', STEPS],
    ] as const) {
      const f = design(`r-${name}.yaml`, text);
      const ref = join(dir, `ref-${name}`);
      await runExperiment(f, { workers: 2, out: ref, kb });
      const full = readFileSync(ref, 'utf8');
      const out = join(dir, name);
      // An interruption in the middle of a line (and, for step rows, in the middle of a run).
      writeFileSync(out, full.slice(0, Math.floor(full.length * 0.45)));
      writeFileSync(metaPath(out), readFileSync(metaPath(ref)));
      const s = await runExperiment(f, { workers: 2, out, resume: true, kb });
      expect(s.skipped).toBeGreaterThan(0);
      expect(s.skipped + s.ran).toBe(s.runs);
      expect(readFileSync(out, 'utf8')).toBe(full);
      const meta = JSON.parse(readFileSync(metaPath(out), 'utf8'));
      expect(meta.resumed.length).toBe(1);
      // Nothing left to do.
      const again = await runExperiment(f, { workers: 2, out, resume: true, kb });
      expect(again.ran).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(full);
    }
    // Another design cannot resume this file.
    const other = design('other.yaml', FACTORIAL.replace('seeds: 3', 'seeds: 4'));
    await expect(runExperiment(other, { out: join(dir, 'r.csv'), resume: true, kb })).rejects.toBeInstanceOf(
      InputError,
    );
  });

  it('stops on abort with whole runs only; --resume finishes it', async () => {
    const f = design('ab.yaml', FACTORIAL);
    const out = join(dir, 'ab.csv');
    const ac = new AbortController();
    let seen = 0;
    await expect(
      runExperiment(f, {
        workers: 2,
        out,
        kb,
        chunk: 1,
        signal: ac.signal,
        onProgress: () => {
          seen++;
          if (seen === 4) ac.abort(new Error('stop'));
        },
      }),
    ).rejects.toThrow('stop');
    const part = readFileSync(out, 'utf8');
    expect(part.endsWith('\n')).toBe(true);
    // Out-of-order runs wait in memory, so fewer than the runs absorbed may be on disk; all lines are whole.
    for (const l of part.trim().split('\n')) expect(l.split(',').length).toBe(12);
    await runExperiment(f, { workers: 2, out, resume: true, kb });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(dir, 'a.csv'), 'utf8'));
  });

  it('computes Sobol indices of a Saltelli sweep (climb abm experiment --analyze)', async () => {
    const f = design(
      'sobol.yaml',
      `base: { firms: 40, steps: 20 }
design: { kind: saltelli, n: 8, seed: 2, factors: { governance-free: 1 } }
`,
    );
    await expect(runExperiment(f, { kb })).rejects.toBeInstanceOf(InputError);
    const g = design(
      'sobol2.yaml',
      `base: { firms: 40, steps: 20, governance: captive }
design: { kind: saltelli, n: 8, seed: 2, factors: { pMove: [0.005, 0.1], policy.training: [0, 1] } }
seeds: 1
output: { columns: [upgraded, production] }
`,
    );
    const out = join(dir, 'sobol.csv');
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      stdout += String(s);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await run([
      'abm',
      'experiment',
      g,
      '--workers',
      '2',
      '--out',
      out,
      '--analyze',
      'production',
    ]);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    expect(stdout).toContain("Sobol' indices of production");
    expect(stdout).toMatch(/pMove\s+-?\d/);
    const a = analyzeExperiment(g, out, { output: 'production', kb });
    expect(a.result.method).toBe('sobol');
    expect(a.y.length).toBe(32);
    expect(existsSync(metaPath(out))).toBe(true);
  });
});
