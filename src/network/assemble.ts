import type { Problem } from '../io/problems.ts';
import { buildGraph, type Graph } from './graph.ts';

/** A network ready for analysis: the graph plus node attributes (one value per node index). */
export interface NetworkData {
  graph: Graph;
  attributes: Map<string, string[]>;
  /** What was done with irregular rows, each with its location and the policy applied. */
  notices: Problem[];
}

export interface NetworkOptions {
  /** Treat the network as directed (default: undirected unless edges say `directed`). */
  directed?: boolean;
  /** Weight column (default `weight` when present; otherwise unweighted). */
  weight?: string;
  /** What to do with repeated edges: add their weights (default), keep the largest, keep the first. */
  duplicates?: 'sum' | 'max' | 'first';
  /** Keep only ties of these types (`type` column: transaction, technology, social, knowledge). */
  types?: string[];
}

export interface RawEdge {
  source: string;
  target: string;
  weight: number;
  line: number;
  type?: string;
  directed?: boolean;
}

/**
 * Turns validated raw edges into a graph, applying the stated policies: self-loops are dropped (none
 * of the cluster metrics defines them), duplicates are combined by `duplicates`, an edge marked
 * `directed: false` in a directed network becomes two arcs, and type filters apply. Every row affected
 * is reported as a notice.
 */
export function assembleNetwork(
  ids: string[],
  attributes: Map<string, string[]>,
  raw: readonly RawEdge[],
  opts: NetworkOptions & { weighted: boolean },
  file: string,
): NetworkData {
  const directed = opts.directed ?? raw.some((e) => e.directed === true);
  const policy = opts.duplicates ?? 'sum';
  const index = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const notices: Problem[] = [];
  const slot = new Map<number, number>();
  const src: number[] = [];
  const dst: number[] = [];
  const wt: number[] = [];
  const firstLine: number[] = [];
  let filtered = 0;
  const add = (u: number, v: number, w: number, line: number) => {
    const key = directed ? u * n + v : Math.min(u, v) * n + Math.max(u, v);
    const at = slot.get(key);
    if (at === undefined) {
      slot.set(key, src.length);
      src.push(u);
      dst.push(v);
      wt.push(w);
      firstLine.push(line);
      return;
    }
    const old = wt[at] as number;
    wt[at] = policy === 'sum' ? old + w : policy === 'max' ? Math.max(old, w) : old;
    notices.push({
      file,
      path: 'source,target',
      line,
      message: {
        zh: `重复的联系（与第 ${firstLine[at]} 行相同）：${policyZh[policy]}。`,
        en: `Duplicate edge (same as line ${firstLine[at]}): ${policyEn[policy]}.`,
      },
      fix: { zh: '如属录入错误，请删除该行。', en: 'Delete the row if it is a data-entry error.' },
    });
  };
  for (const e of raw) {
    if (opts.types && (!e.type || !opts.types.includes(e.type))) {
      filtered++;
      continue;
    }
    const u = index.get(e.source) as number;
    const v = index.get(e.target) as number;
    if (u === v) {
      notices.push({
        file,
        path: 'source,target',
        line: e.line,
        message: { zh: '自环（节点指向自身）已忽略。', en: 'Self-loop dropped (a node tied to itself).' },
        fix: {
          zh: '集群网络指标不定义自环；如属录入错误请删除。',
          en: 'Cluster network metrics do not define self-loops; delete the row if it is an error.',
        },
      });
      continue;
    }
    add(u, v, e.weight, e.line);
    if (directed && e.directed === false) add(v, u, e.weight, e.line);
  }
  if (filtered > 0)
    notices.push({
      file,
      path: 'type',
      message: {
        zh: `按类型筛选，略去 ${filtered} 条联系（保留：${opts.types?.join('、')}）。`,
        en: `${filtered} edge(s) left out by the type filter (kept: ${opts.types?.join(', ')}).`,
      },
    });
  const graph = buildGraph(
    ids,
    {
      source: Int32Array.from(src),
      target: Int32Array.from(dst),
      weight: opts.weighted ? Float64Array.from(wt) : null,
    },
    directed,
  );
  return { graph, attributes, notices };
}

const policyEn = { sum: 'weights added', max: 'the larger weight kept', first: 'the first kept' } as const;
const policyZh = { sum: '权重已相加', max: '保留较大权重', first: '保留第一条' } as const;
