import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadWorkspace } from '../../src/io/load-workspace.ts';
import { InputError, type Problem } from '../../src/io/problems.ts';
import { kb } from '../helpers.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'minimal.workspace.yaml');
// biome-ignore lint/suspicious/noExplicitAny: tests mutate raw parsed YAML freely
const base = () => parse(readFileSync(FIXTURE, 'utf8')) as Record<string, any>;

function problemsOf(write: (dir: string) => string): Problem[] {
  const dir = mkdtempSync(join(tmpdir(), 'climb-ws-'));
  const path = write(dir);
  try {
    loadWorkspace(path, kb);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).problems;
  }
  throw new Error('expected the workspace to be rejected');
}

// biome-ignore lint/suspicious/noExplicitAny: raw parsed YAML
function withData(mutate: (d: Record<string, any>) => void, name = 'ws.yaml'): Problem[] {
  return problemsOf((dir) => {
    const d = base();
    mutate(d);
    const file = join(dir, name);
    writeFileSync(file, name.endsWith('.json') ? JSON.stringify(d, null, 2) : stringify(d));
    return file;
  });
}

describe('loading a workspace', () => {
  it('accepts the valid fixture', () => {
    const { workspace } = loadWorkspace(FIXTURE, kb);
    expect(workspace.firms).toHaveLength(2);
    expect(workspace.policies[0]?.lever).toBe('regional-brand');
  });

  it('reads a folder: workspace.yaml plus a file per section', () => {
    const dir = mkdtempSync(join(tmpdir(), 'climb-dir-'));
    const { firms, ...rest } = base();
    writeFileSync(join(dir, 'workspace.yaml'), stringify(rest));
    writeFileSync(join(dir, 'firms.json'), JSON.stringify({ firms }));
    expect(loadWorkspace(dir, kb).workspace.firms).toHaveLength(2);
  });
});

describe('bad input gets a located, actionable message', () => {
  it('malformed YAML: file, line and column', () => {
    const [p] = problemsOf((dir) => {
      const f = join(dir, 'bad.yaml');
      writeFileSync(f, 'schemaVersion: 1\nid: x\nname: { zh: a, en: b\nregion: x\n');
      return f;
    });
    expect(p?.file).toMatch(/bad\.yaml$/);
    expect(p?.line).toBeGreaterThanOrEqual(3);
    expect(p?.message.en).toMatch(/Not valid YAML/);
    expect(p?.fix?.zh).toBeTruthy();
  });

  it('malformed JSON is reported too', () => {
    const [p] = problemsOf((dir) => {
      const f = join(dir, 'bad.json');
      writeFileSync(f, '{"schemaVersion": 1, "id": "x",, }');
      return f;
    });
    expect(p?.message.en).toMatch(/Not valid YAML\/JSON/);
  });

  it('revenue split not summing to 100 names firms[i].revenueSplit and the line', () => {
    const problems = withData((d) => {
      d.firms[1].revenueSplit.OEM = 50;
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('firms[1].revenueSplit');
    expect(problems[0]?.message.en).toMatch(/sums to 90/);
    expect(problems[0]?.line).toBeGreaterThan(1);
  });

  it('a split within the ±0.5 tolerance is accepted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'climb-ok-'));
    const d = base();
    d.firms[0].revenueSplit = { OEA: 10.2, OEM: 90.1, ODM: 0, OBM: 0 };
    writeFileSync(join(dir, 'ws.yaml'), stringify(d));
    expect(() => loadWorkspace(join(dir, 'ws.yaml'), kb)).not.toThrow();
  });

  it('unknown field: suggests the field that was probably meant', () => {
    const problems = withData((d) => {
      d.firms[0].exportShre = d.firms[0].exportShare;
      delete d.firms[0].exportShare;
    });
    const unknown = problems.find((x) => /Unknown field/.test(x.message.en));
    expect(unknown?.path).toBe('firms[0]');
    expect(unknown?.fix?.en).toMatch(/"exportShre" → "exportShare"/);
    expect(problems.some((x) => x.path === 'firms[0].exportShare')).toBe(true);
  });

  it('negative and impossible values', () => {
    const neg = withData((d) => {
      d.firms[0].revenue = -5;
    });
    expect(neg[0]?.path).toBe('firms[0].revenue');
    expect(neg[0]?.message.en).toMatch(/greater than 0/);
    const pct = withData((d) => {
      d.firms[0].exportShare = 140;
    });
    expect(pct[0]?.path).toBe('firms[0].exportShare');
    expect(pct[0]?.fix?.en).toMatch(/percentages are 0–100/);
    const grade = withData((d) => {
      d.firms[1].buyers[0].capability = 6;
    });
    expect(grade[0]?.path).toBe('firms[1].buyers[0].capability');
    expect(grade[0]?.fix?.en).toMatch(/scale: 7/);
  });

  it('missing required data', () => {
    const p = withData((d) => {
      delete d.clusterType;
      delete d.firms[0].size;
    });
    expect(p.map((x) => x.path).sort()).toEqual(['clusterType', 'firms[0].size']);
    expect(p[0]?.message.en).toMatch(/missing/);
  });

  it('wrong enum value lists the allowed values', () => {
    const [p] = withData((d) => {
      d.clusterType = 'organic';
    });
    expect(p?.message.en).toMatch(/Invalid value: "organic"/);
    expect(p?.fix?.en).toMatch(/"endogenous", "embedded"/);
  });

  it('a misspelt enum value is called invalid, not missing, with the nearest allowed value', () => {
    const [p] = withData((d) => {
      d.clusterType = 'endogenus';
    });
    expect(p?.message.en).not.toMatch(/missing/);
    expect(p?.fix?.en).toMatch(/Did you mean "endogenous"\?/);
    expect(p?.fix?.zh).toMatch(/是否想写 "endogenous"/);
  });

  it('references: unknown preset, segment and tie endpoint', () => {
    const p = withData((d) => {
      d.chains[0].preset = 'shoes';
      d.actors = [{ id: 'a1', name: 'Firm 1', layer: 'core', role: 'producer' }];
      d.ties = [{ source: 'a1', target: 'a9' }];
    });
    expect(p.map((x) => x.path)).toEqual(expect.arrayContaining(['chains[0].preset', 'ties[0].target']));
    const seg = withData((d) => {
      d.firms[0].relocations = [{ segment: 'sewing', share: 30, destination: 'inland-china' }];
    });
    expect(seg[0]?.path).toBe('firms[0].relocations[0].segment');
    expect(seg[0]?.fix?.en).toMatch(/manufacturing/);
  });

  it('a source that is in no bibliography', () => {
    const [p] = withData((d) => {
      d.firms[0].source = { ref: 'my-survey' };
      delete d.firms[0].illustrative;
    });
    expect(p?.path).toBe('firms[0].source.ref');
    const dir = mkdtempSync(join(tmpdir(), 'climb-src-'));
    const d = base();
    d.firms[0].source = { ref: 'my-survey' };
    d.sources = [{ id: 'my-survey', citation: 'Cluster survey 2024' }];
    writeFileSync(join(dir, 'ws.yaml'), stringify(d));
    expect(() => loadWorkspace(join(dir, 'ws.yaml'), kb)).not.toThrow();
  });

  it('the example in docs/workspace.md is a valid workspace', () => {
    const md = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'workspace.md'), 'utf8');
    const yaml = md.match(/```yaml\n([\s\S]*?)```/)?.[1];
    expect(yaml).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'climb-doc-'));
    writeFileSync(join(dir, 'ws.yaml'), yaml as string);
    expect(loadWorkspace(join(dir, 'ws.yaml'), kb).workspace.id).toBe('my-cluster');
  });

  it('duplicate ids', () => {
    const [p] = withData((d) => {
      d.firms[1].id = 'f01';
    });
    expect(p?.path).toBe('firms[1].id');
    expect(p?.message.en).toMatch(/Duplicate/);
  });

  it('a missing file', () => {
    try {
      loadWorkspace('/nonexistent/ws.yaml', kb);
      throw new Error('should fail');
    } catch (err) {
      expect((err as InputError).problems[0]?.message.en).toMatch(/does not exist/);
    }
  });

  it('the same problems are found in a JSON workspace, with lines', () => {
    const [p] = withData((d) => {
      d.firms[0].revenue = 0;
    }, 'ws.json');
    expect(p?.path).toBe('firms[0].revenue');
    expect(p?.line).toBeGreaterThan(10);
  });
});
