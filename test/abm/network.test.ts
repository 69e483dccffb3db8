import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firmFlag, U_EXT, U_PLATFORM } from '../../src/abm/model.ts';
import { runCluster, runJson } from '../../src/abm/run.ts';
import { workspaceNetworkTemplate, workspaceTemplates } from '../../src/abm/workspace.ts';
import { loadWorkspace } from '../../src/io/load-workspace.ts';
import { kb } from '../helpers.ts';

const file = join(import.meta.dirname, '..', 'fixtures', 'cluster200.workspace.yaml');

function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const a = (x[i] as number) - mx;
    const b = (y[i] as number) - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('initial network from a workspace network', () => {
  const { workspace: ws } = loadWorkspace(file, kb);
  const net = workspaceNetworkTemplate(ws, file);

  it('reads the core layer, its ties and the gatekeepers of the workspace network', () => {
    expect(net).toBeDefined();
    if (!net) return;
    // cluster200: 151 core-layer actors (manufacturers, suppliers, competitors, complementors, customers).
    expect(net.ids.length).toBe(151);
    expect(net.ext.reduce((s, x) => s + x, 0)).toBeGreaterThan(0);
    expect(net.partners.length % 2).toBe(0);
  });

  it('clones ties, degrees and layers of the template network', () => {
    if (!net) return;
    const firms = 151 * 8;
    const r = runCluster({
      firms,
      steps: 0,
      seed: 3,
      kb,
      templates: workspaceTemplates(ws, kb),
      network: net,
    });
    const st = r.state;
    const node = st.netNode as Int32Array;
    const K = st.K;
    const C = net.ids.length;
    const clones = new Array<number>(C).fill(0);
    for (let i = 0; i < firms; i++) {
      const c = node[i] as number;
      clones[c] = (clones[c] as number) + 1;
    }
    // Equal clones of each core actor.
    expect(Math.max(...clones) - Math.min(...clones)).toBeLessThanOrEqual(1);
    const isPartner = (a: number, b: number) => {
      for (let e = net.offsets[a] as number; e < (net.offsets[a + 1] as number); e++)
        if (net.partners[e] === b) return true;
      return false;
    };
    const deg = (c: number) => (net.offsets[c + 1] as number) - (net.offsets[c] as number);
    let copied = 0;
    let expected = 0;
    const inDeg = new Array<number>(C).fill(0);
    for (let i = 0; i < firms; i++) {
      const c = node[i] as number;
      expected += Math.min(K, deg(c));
      for (let s = 0; s < K; s++) {
        const j = st.ties[i * K + s] as number;
        expect(j).toBeGreaterThanOrEqual(0);
        if (isPartner(c, node[j] as number)) copied++;
        inDeg[node[j] as number] = (inDeg[node[j] as number] as number) + 1;
      }
      // Layer structure: gatekeepers are the clones of actors tied to the external layer.
      expect(firmFlag(st, i, U_EXT)).toBe(net.ext[c]);
      if (net.platform[c]) expect(firmFlag(st, i, U_PLATFORM)).toBe(1);
    }
    // Nearly every template tie is cloned (a few fall on a clone already taken), and the rest are filled.
    expect(copied / expected).toBeGreaterThan(0.95);
    // Popular actors stay popular: the clones' mean in-degree follows the template degree.
    const degs = Array.from({ length: C }, (_, c) => deg(c));
    const meanIn = inDeg.map((x, c) => x / (clones[c] as number));
    expect(pearson(degs, meanIn)).toBeGreaterThan(0.8);
  });

  it('runs deterministically with the network and reports it in the JSON', () => {
    if (!net) return;
    const o = { firms: 300, steps: 10, seed: 5, kb, templates: workspaceTemplates(ws, kb), network: net };
    const a = JSON.stringify(runJson(runCluster(o)));
    expect(JSON.stringify(runJson(runCluster(o)))).toBe(a);
    expect(JSON.stringify(runJson(runCluster({ ...o, network: undefined })))).not.toBe(a);
  });
});
