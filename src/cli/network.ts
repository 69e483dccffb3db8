import type { Knowledge } from '../domain/knowledge-base.ts';
import type { Lang } from '../domain/vocabulary.ts';
import type { Workspace } from '../domain/workspace.ts';
import { speaker } from '../i18n/index.ts';
import { loadNetworkCsv } from '../io/network-csv.ts';
import { InputError } from '../io/problems.ts';
import { workspaceNetwork } from '../io/workspace-network.ts';
import { writeFileAtomic } from '../io/write-file.ts';
import { analyseNetwork, type NetworkAnalysis } from '../network/analyse.ts';
import type { NetworkData } from '../network/assemble.ts';
import { drawLayeredNetwork } from '../network/draw-svg.ts';
import type { WeightMode } from '../network/metrics/paths.ts';
import { networkCsv, networkJson } from '../report/network-json.ts';

export interface NetworkSourceOptions {
  nodes?: string;
  edges?: string;
  workspace?: string;
  directed?: boolean;
  weight?: string;
  types?: string[];
}

export function readNetwork(
  o: NetworkSourceOptions,
  kb: Knowledge,
  loadWs: (p: string) => Workspace,
): NetworkData {
  if (o.nodes && o.edges)
    return loadNetworkCsv(o.nodes, o.edges, {
      ...(o.directed ? { directed: true } : {}),
      ...(o.weight ? { weight: o.weight } : {}),
      ...(o.types ? { types: o.types } : {}),
    });
  if (o.workspace) {
    const data = workspaceNetwork(loadWs(o.workspace), o.workspace);
    if (data) return data;
  }
  const both = (key: string) => ({ zh: speaker('zh', kb).t(key), en: speaker('en', kb).t(key) });
  throw new InputError([
    {
      file: o.workspace ?? '--nodes/--edges',
      path: '',
      message: both('cli.noNetwork'),
      fix: both('cli.noNetworkFix'),
    },
  ]);
}

export function networkMetrics(data: NetworkData, format: 'json' | 'csv', pathWeights: WeightMode): string {
  const a = analyseNetwork(data, { pathWeights });
  return format === 'csv' ? networkCsv(a) : JSON.stringify(networkJson(a), null, 2);
}

const SIZE_METRICS = ['degree', 'strength', 'betweenness', 'pagerank', 'eigenvector', 'harmonic'] as const;
export type SizeMetric = (typeof SIZE_METRICS)[number];
export { SIZE_METRICS };

function sizeOf(a: NetworkAnalysis, metric: SizeMetric): Float64Array {
  switch (metric) {
    case 'degree':
      return a.degrees.degree;
    case 'strength':
      return a.degrees.strength;
    case 'betweenness':
      return a.betweenness;
    case 'pagerank':
      return a.pagerank;
    case 'eigenvector':
      return a.eigenvector;
    case 'harmonic':
      return a.harmonic;
  }
}

/** `climb network draw`: the layered picture, gatekeepers marked, labels in the chosen language. */
export function networkDraw(
  data: NetworkData,
  out: string,
  metric: SizeMetric,
  lang: Lang,
  kb: Knowledge,
): string {
  const a = analyseNetwork(data);
  const g = data.graph;
  const layer = data.attributes.get('layer') ?? Array.from({ length: g.n }, () => 'core');
  const names = data.attributes.get(lang === 'zh' ? 'name_zh' : 'name') ?? data.attributes.get('name');
  const label = g.ids.map((id, v) => names?.[v] || id);
  const highlight = Uint8Array.from({ length: g.n }, (_, v) =>
    a.layered?.cognitive.role[v] === 'gatekeeper' ? 1 : 0,
  );
  const sp = speaker(lang, kb);
  const svg = drawLayeredNetwork(g, {
    layer,
    label,
    size: sizeOf(a, metric),
    highlight,
    lang,
    sizeLabel: sp.t(`cli.sizeMetric.${metric}`),
  });
  writeFileAtomic(out, svg);
  return sp.t('cli.drawn', { out, n: g.n, gatekeepers: highlight.reduce((s, x) => s + x, 0) });
}
