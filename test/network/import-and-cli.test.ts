import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNetworkCsv } from '../../src/io/network-csv.ts';
import { InputError, type Problem } from '../../src/io/problems.ts';
import { climb } from '../helpers.ts';

const FIX = join(import.meta.dirname, '..', 'fixtures');
const NODES = join(FIX, 'networks', 'cluster200_nodes.csv');
const EDGES = join(FIX, 'networks', 'cluster200_edges.csv');

function files(nodes: string, edges: string): [string, string] {
  const dir = mkdtempSync(join(tmpdir(), 'climb-net-'));
  writeFileSync(join(dir, 'n.csv'), nodes);
  writeFileSync(join(dir, 'e.csv'), edges);
  return [join(dir, 'n.csv'), join(dir, 'e.csv')];
}

function problems(nodes: string, edges: string): Problem[] {
  try {
    loadNetworkCsv(...files(nodes, edges));
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).problems;
  }
  throw new Error('expected rejection');
}

describe('network import', () => {
  const nodes = 'id,name,layer,role\na,A,core,manufacturer\nb,B,core,supplier\nc,C,external,global_buyer\n';
  it('reports unknown node ids and bad weights with their line numbers', () => {
    const p = problems(nodes, 'source,target,weight\na,b,1\na,zz,2\nb,c,heavy\n');
    expect(p.map((x) => [x.line, x.path])).toEqual([
      [3, 'target'],
      [4, 'weight'],
    ]);
    expect(p[0]?.message.en).toMatch(/"zz"/);
  });
  it('rejects an invalid layer and a missing column', () => {
    expect(problems('id,layer\na,inner\n', 'source,target\n')[0]?.message.en).toMatch(
      /Invalid layer "inner"/,
    );
    expect(problems(nodes, 'from,to\na,b\n').map((x) => x.path)).toEqual(['source', 'target']);
  });
  it('sums duplicates and drops self-loops, saying so with line numbers', () => {
    const d = loadNetworkCsv(...files(nodes, 'source,target,weight\na,b,1\nb,a,2\na,a,1\n'));
    expect(d.graph.m).toBe(1);
    expect(d.graph.outWeights[0]).toBe(3);
    expect(d.notices.map((x) => x.line)).toEqual([3, 4]);
    expect(d.notices[0]?.message.en).toMatch(/weights added/);
    expect(d.notices[1]?.message.en).toMatch(/Self-loop/);
  });
  it('keeps directed duplicates apart from reciprocal arcs', () => {
    const d = loadNetworkCsv(...files(nodes, 'source,target\na,b\nb,a\n'), { directed: true });
    expect(d.graph.m).toBe(2);
    expect(d.notices).toEqual([]);
  });
  it('reads a GB18030 (Chinese Excel) file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'climb-gbk-'));
    // "id,name\na,企业甲\nb,企业乙\n" in GB18030
    const gbk = Buffer.from([
      0x69, 0x64, 0x2c, 0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x61, 0x2c, 0xc6, 0xf3, 0xd2, 0xb5, 0xbc, 0xd7, 0x0a,
      0x62, 0x2c, 0xc6, 0xf3, 0xd2, 0xb5, 0xd2, 0xd2, 0x0a,
    ]);
    writeFileSync(join(dir, 'n.csv'), gbk);
    writeFileSync(join(dir, 'e.csv'), 'source,target\na,b\n');
    const d = loadNetworkCsv(join(dir, 'n.csv'), join(dir, 'e.csv'));
    expect(d.attributes.get('name')).toEqual(['企业甲', '企业乙']);
  });
});

describe('climb network', () => {
  it('metrics --format json has the fixed keys', async () => {
    const r = await climb('network', 'metrics', '--nodes', NODES, '--edges', EDGES, '--directed');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    for (const k of [
      'n',
      'm',
      'density',
      'transitivity',
      'components',
      'reciprocity',
      'assortativity',
      'modularity',
    ])
      expect(j.graph).toHaveProperty(k);
    expect(j.graph.n).toBe(200);
    expect(j.graph.m).toBe(1425);
    const node = j.nodes.MAN014;
    for (const k of [
      'degree',
      'inDegree',
      'outDegree',
      'strength',
      'betweenness',
      'betweennessNormalized',
      'closeness',
      'harmonic',
      'eigenvector',
      'pagerank',
      'clustering',
      'coreNumber',
      'constraint',
      'effectiveSize',
      'community',
      'role',
    ])
      expect(node).toHaveProperty(k);
    expect(node.cognitiveRole).toBe('gatekeeper');
    expect(j.brokerage.global.gatekeeper.raw).toBeGreaterThan(0);
    expect(j.cognitiveRoles.gatekeepers).toContain('MAN014');
  });
  it('metrics --format csv has one row per node', async () => {
    const r = await climb(
      'network',
      'metrics',
      '--nodes',
      NODES,
      '--edges',
      EDGES,
      '--directed',
      '--format',
      'csv',
    );
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(201);
    expect(lines[0]).toMatch(/^id,degree,/);
  });
  it('draw writes an SVG', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'climb-svg-')), 'net.svg');
    const r = await climb(
      'network',
      'draw',
      '--nodes',
      NODES,
      '--edges',
      EDGES,
      '--directed',
      '--out',
      out,
      '--lang',
      'zh',
    );
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8')).toMatch(/^<svg|^<\?xml/);
    expect(r.out).toMatch(/技术守门人/);
  });
  it('exits 1 on bad network input and 2 without a network', async () => {
    const [n, e] = files('id\na\n', 'source,target\na,b\n');
    const bad = await climb('network', 'metrics', '--nodes', n, '--edges', e);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/e\.csv:2/);
    expect((await climb('network', 'metrics')).code).toBe(1);
  });
});

describe('the network in a diagnosis', () => {
  it('puts the cluster-200 gatekeepers and brokerage into the diagnosis', async () => {
    const r = await climb('diagnose', join(FIX, 'cluster200.workspace.yaml'), '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.network.gatekeepers.map((g: { id: string }) => g.id)).toContain('MAN014');
    expect(j.network.brokerage.roles.gatekeeper.raw).toBeGreaterThan(0);
    expect(j.facts['network.gatekeepers']).toBe(j.network.gatekeepers.length);
    expect(j.facts['network.openness']).toBeCloseTo(j.network.openness, 12);
    const text = await climb('diagnose', join(FIX, 'cluster200.workspace.yaml'), '--lang', 'zh');
    expect(text.out).toMatch(/技术守门人：MAN014/);
  });
});
