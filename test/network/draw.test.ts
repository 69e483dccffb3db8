import { describe, expect, it } from 'vitest';
import { loadNetworkCsv } from '../../src/io/network-csv.ts';
import { drawLayeredNetwork } from '../../src/network/draw-svg.ts';
import { buildGraph, type Graph } from '../../src/network/graph.ts';

const FIXTURES = new URL('../fixtures/networks/', import.meta.url).pathname;

function cluster200() {
  const { graph, attributes } = loadNetworkCsv(
    `${FIXTURES}cluster200_nodes.csv`,
    `${FIXTURES}cluster200_edges.csv`,
    { directed: true },
  );
  const layer = attributes.get('layer') as string[];
  // Size by total degree; mark as gatekeepers the core firms with a tie to the external layer.
  const size = new Float64Array(graph.n);
  const highlight = new Uint8Array(graph.n);
  for (let v = 0; v < graph.n; v++) {
    size[v] =
      (graph.outOffsets[v + 1] as number) -
      (graph.outOffsets[v] as number) +
      (graph.inOffsets[v + 1] as number) -
      (graph.inOffsets[v] as number);
    if (layer[v] !== 'core') continue;
    for (let p = graph.outOffsets[v] as number; p < (graph.outOffsets[v + 1] as number); p++)
      if (layer[graph.outTargets[p] as number] === 'external') highlight[v] = 1;
    for (let p = graph.inOffsets[v] as number; p < (graph.inOffsets[v + 1] as number); p++)
      if (layer[graph.inSources[p] as number] === 'external') highlight[v] = 1;
  }
  return { graph, layer, size, highlight, label: [...graph.ids] };
}

/** Checks that tags are balanced and properly nested (a light well-formedness test). */
function wellFormed(svg: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(svg); m; m = tag.exec(svg)) {
    // Text between tags must not contain raw markup characters.
    expect(svg.slice(last, m.index)).not.toMatch(/[<>]/);
    last = m.index + m[0].length;
    const [, closing, name, , selfClosing] = m;
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name as string);
  }
  expect(svg.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
}

const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;

describe('drawLayeredNetwork', () => {
  const data = cluster200();
  const draw = (lang: 'zh' | 'en') =>
    drawLayeredNetwork(data.graph, {
      layer: data.layer,
      label: data.label,
      size: data.size,
      highlight: data.highlight,
      lang,
      title: lang === 'zh' ? '集群知识网络 <测试> & "引号"' : 'Cluster network',
      sizeLabel: lang === 'zh' ? '度数' : 'degree',
    });

  it('produces one well-formed SVG document', () => {
    const svg = draw('en');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    wellFormed(svg);
    wellFormed(draw('zh'));
    expect(draw('zh')).toContain('集群知识网络 &#60;测试&#62; &#38; &#34;引号&#34;');
  });

  it('draws one circle per node and one marker per gatekeeper', () => {
    const svg = draw('zh');
    expect(count(svg, /<circle class="node"/g)).toBe(data.graph.n);
    const gatekeepers = data.highlight.reduce((a, b) => a + b, 0);
    expect(gatekeepers).toBeGreaterThan(0);
    expect(count(svg, /<circle class="gatekeeper"/g)).toBe(gatekeepers);
    // Directed: one arc per edge, with arrowheads.
    expect(count(svg, /<path d="M[^"]*" marker-end=/g)).toBe(data.graph.m);
  });

  it('has the legend in the chosen language and a CJK-capable font list', () => {
    const zh = draw('zh');
    for (const t of ['核心层', '辅助层', '外部层', '技术守门人', '集群边界']) expect(zh).toContain(t);
    expect(zh).not.toContain('Core layer');
    const en = draw('en');
    for (const t of ['Core layer', 'Auxiliary layer', 'External layer', 'Technological gatekeeper'])
      expect(en).toContain(t);
    expect(en).not.toContain('核心层');
    expect(en).toMatch(/font-family="[^"]*Noto Sans CJK SC[^"]*sans-serif"/);
  });

  it('labels only the largest nodes (plus a few gatekeepers)', () => {
    const svg = draw('en');
    const labels = svg.slice(
      svg.indexOf('<g class="labels"'),
      svg.indexOf('</g>', svg.indexOf('<g class="labels"')),
    );
    const n = count(labels, /<text /g);
    expect(n).toBeGreaterThan(5);
    expect(n).toBeLessThanOrEqual(24);
    // The node with the largest size is labelled.
    let top = 0;
    for (let v = 1; v < data.graph.n; v++) if ((data.size[v] as number) > (data.size[top] as number)) top = v;
    expect(labels).toContain(`>${data.label[top]}</text>`);
  });

  it('is deterministic', () => {
    expect(draw('zh')).toBe(draw('zh'));
  });

  it('separates the layers: core innermost, external outermost', () => {
    const svg = draw('en');
    const radii: Record<string, number[]> = { core: [], auxiliary: [], external: [] };
    const fill: Record<string, string> = { '#2b5c8a': 'core', '#2f9470': 'auxiliary', '#e08a2c': 'external' };
    const [cx, cy] = [490, 530];
    for (const m of svg.matchAll(
      /<circle class="node" cx="([\d.-]+)" cy="([\d.-]+)" r="[\d.]+" fill="(#\w+)"/g,
    )) {
      const layer = fill[m[3] as string] as string;
      radii[layer]?.push(Math.hypot(Number(m[1]) - cx, Number(m[2]) - cy));
    }
    const max = (a: number[]) => Math.max(...a);
    const min = (a: number[]) => Math.min(...a);
    expect(max(radii.core as number[])).toBeLessThan(min(radii.auxiliary as number[]));
    expect(max(radii.auxiliary as number[])).toBeLessThan(min(radii.external as number[]));
  });

  it('handles an undirected graph, an empty layer and an empty graph', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const g = buildGraph(
      ids,
      { source: Int32Array.from([0, 0, 1]), target: Int32Array.from([1, 2, 3]), weight: null },
      false,
    );
    const svg = drawLayeredNetwork(g, {
      layer: ['core', 'core', 'external', 'unknown'],
      label: ids,
      size: new Float64Array([3, 1, 0, Number.NaN]),
      lang: 'en',
    });
    wellFormed(svg);
    expect(count(svg, /<circle class="node"/g)).toBe(4);
    expect(count(svg, /marker-end/g)).toBe(0);
    expect(count(svg, /<circle class="gatekeeper"/g)).toBe(0);
    expect(svg).toContain('No layer given');
    const empty: Graph = buildGraph(
      [],
      { source: new Int32Array(0), target: new Int32Array(0), weight: null },
      false,
    );
    const none = drawLayeredNetwork(empty, { layer: [], label: [], size: new Float64Array(0), lang: 'zh' });
    wellFormed(none);
    expect(count(none, /<circle class="node"/g)).toBe(0);
  });

  it('draws 5,000 nodes quickly', () => {
    const n = 5000;
    const src: number[] = [];
    const dst: number[] = [];
    for (let v = 1; v < n; v++) {
      // A deterministic scale-free-ish tree plus some chords.
      src.push(v);
      dst.push((v * 7919) % v);
      if (v % 3 === 0) {
        src.push(v);
        dst.push(Math.floor(v / 3));
      }
    }
    const pairs = new Set<string>();
    const s: number[] = [];
    const t: number[] = [];
    src.forEach((a, i) => {
      const b = dst[i] as number;
      const key = `${Math.min(a, b)}-${Math.max(a, b)}`;
      if (a === b || pairs.has(key)) return;
      pairs.add(key);
      s.push(a);
      t.push(b);
    });
    const ids = Array.from({ length: n }, (_, i) => `v${i}`);
    const g = buildGraph(
      ids,
      { source: Int32Array.from(s), target: Int32Array.from(t), weight: null },
      false,
    );
    const size = Float64Array.from(
      ids,
      (_, v) => (g.outOffsets[v + 1] as number) - (g.outOffsets[v] as number),
    );
    const layer = ids.map((_, i) => (i % 10 < 7 ? 'core' : i % 10 < 9 ? 'auxiliary' : 'external'));
    const highlight = Uint8Array.from(size, (d) => (d > 20 ? 1 : 0));
    const t0 = performance.now();
    const svg = drawLayeredNetwork(g, { layer, label: ids, size, highlight, lang: 'en' });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(count(svg, /<circle class="node"/g)).toBe(n);
    expect(count(svg, /<circle class="gatekeeper"/g)).toBe(highlight.reduce((a, b) => a + b, 0));
  });
});
