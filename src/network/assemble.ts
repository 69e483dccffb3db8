import type { Problem } from '../io/problems.ts';
import { buildGraph, countingOrder, type Graph } from './graph.ts';

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

/** Validated edges in columns (node indices), as importers collect them without per-row objects. */
export interface EdgeRows {
  count: number;
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
  /** Line (or row) number of each edge in its source, for notices. */
  line: Int32Array;
  /** Per edge: 1 directed, 0 undirected, −1 not said. */
  directed: Int8Array;
  /** Per edge: index into `typeNames`, −1 when the edge has no type. */
  type: Int32Array;
  typeNames: string[];
}

/** Growable column store for importers. */
export class EdgeRowsBuilder {
  private cap = 1024;
  private rows: EdgeRows;
  private readonly typeIndex = new Map<string, number>();
  constructor() {
    this.rows = empty(this.cap);
  }
  push(
    source: number,
    target: number,
    weight: number,
    line: number,
    directed: -1 | 0 | 1,
    type?: string,
  ): void {
    if (this.rows.count === this.cap) this.grow();
    const r = this.rows;
    const i = r.count++;
    r.source[i] = source;
    r.target[i] = target;
    r.weight[i] = weight;
    r.line[i] = line;
    r.directed[i] = directed;
    if (type) {
      let t = this.typeIndex.get(type);
      if (t === undefined) {
        t = r.typeNames.length;
        r.typeNames.push(type);
        this.typeIndex.set(type, t);
      }
      r.type[i] = t;
    } else r.type[i] = -1;
  }
  build(): EdgeRows {
    return this.rows;
  }
  private grow(): void {
    const old = this.rows;
    this.cap *= 2;
    const r = empty(this.cap);
    r.count = old.count;
    r.source.set(old.source);
    r.target.set(old.target);
    r.weight.set(old.weight);
    r.line.set(old.line);
    r.directed.set(old.directed);
    r.type.set(old.type);
    r.typeNames = old.typeNames;
    this.rows = r;
  }
}

function empty(cap: number): EdgeRows {
  return {
    count: 0,
    source: new Int32Array(cap),
    target: new Int32Array(cap),
    weight: new Float64Array(cap),
    line: new Int32Array(cap),
    directed: new Int8Array(cap),
    type: new Int32Array(cap),
    typeNames: [],
  };
}

/**
 * Turns validated edges into a graph, applying the stated policies: self-loops are dropped (none of the
 * cluster metrics defines them), duplicates are combined by `duplicates`, an edge marked
 * `directed: false` in a directed network becomes two arcs, and type filters apply. Every row affected
 * is reported as a notice. Duplicates are found by sorting (two counting passes), not by hashing, so a
 * million-node network assembles in linear time.
 */
export function assembleNetwork(
  ids: string[],
  attributes: Map<string, string[]>,
  rows: EdgeRows,
  opts: NetworkOptions & { weighted: boolean },
  file: string,
): NetworkData {
  let directed = opts.directed ?? false;
  if (opts.directed === undefined)
    for (let i = 0; i < rows.count; i++) if (rows.directed[i] === 1) directed = true;
  const policy = opts.duplicates ?? 'sum';
  const n = ids.length;
  const notices: Problem[] = [];
  const keepType = opts.types ? new Set(opts.types) : undefined;

  // Pass 1: filter, drop self-loops, orient (undirected: smaller endpoint first), expand two-way arcs.
  const cap = directed ? 2 * rows.count : rows.count;
  const u = new Int32Array(cap);
  const v = new Int32Array(cap);
  const w = new Float64Array(cap);
  const line = new Int32Array(cap);
  let k = 0;
  let filtered = 0;
  for (let i = 0; i < rows.count; i++) {
    const t = rows.type[i] as number;
    if (keepType && (t < 0 || !keepType.has(rows.typeNames[t] as string))) {
      filtered++;
      continue;
    }
    const a = rows.source[i] as number;
    const b = rows.target[i] as number;
    if (a === b) {
      notices.push({
        file,
        path: 'source,target',
        line: rows.line[i] as number,
        message: { zh: '自环（节点指向自身）已忽略。', en: 'Self-loop dropped (a node tied to itself).' },
        fix: {
          zh: '集群网络指标不定义自环；如属录入错误请删除。',
          en: 'Cluster network metrics do not define self-loops; delete the row if it is an error.',
        },
      });
      continue;
    }
    const put = (x: number, y: number) => {
      u[k] = directed ? x : Math.min(x, y);
      v[k] = directed ? y : Math.max(x, y);
      w[k] = rows.weight[i] as number;
      line[k] = rows.line[i] as number;
      k++;
    };
    put(a, b);
    if (directed && rows.directed[i] === 0) put(b, a);
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

  // Usual case: no repeated pair. The CSR build sorts every row, so a repeat would sit next to its twin.
  const weights = opts.weighted ? w.subarray(0, k) : null;
  const direct = buildGraph(
    ids,
    { source: u.subarray(0, k), target: v.subarray(0, k), weight: weights },
    directed,
  );
  if (!hasRepeats(direct)) {
    notices.sort((x, y) => (x.line ?? 0) - (y.line ?? 0));
    return { graph: direct, attributes, notices };
  }

  // Pass 2: stable order by (u, v); equal pairs are then adjacent, earliest row first.
  const order = stableOrder(n, u, v, k);
  const src: number[] = [];
  const dst: number[] = [];
  const wt: number[] = [];
  let prevU = -1;
  let prevV = -1;
  let firstLine = 0;
  for (let j = 0; j < k; j++) {
    const e = order[j] as number;
    const a = u[e] as number;
    const b = v[e] as number;
    if (a === prevU && b === prevV) {
      const last = wt.length - 1;
      const old = wt[last] as number;
      const add = w[e] as number;
      wt[last] = policy === 'sum' ? old + add : policy === 'max' ? Math.max(old, add) : old;
      notices.push({
        file,
        path: 'source,target',
        line: line[e] as number,
        message: {
          zh: `重复的联系（与第 ${firstLine} 行相同）：${policyZh[policy]}。`,
          en: `Duplicate edge (same as line ${firstLine}): ${policyEn[policy]}.`,
        },
        fix: { zh: '如属录入错误，请删除该行。', en: 'Delete the row if it is a data-entry error.' },
      });
      continue;
    }
    prevU = a;
    prevV = b;
    firstLine = line[e] as number;
    src.push(a);
    dst.push(b);
    wt.push(w[e] as number);
  }
  notices.sort((x, y) => (x.line ?? 0) - (y.line ?? 0));
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

function hasRepeats(g: Graph): boolean {
  for (let x = 0; x < g.n; x++)
    for (let p = (g.outOffsets[x] as number) + 1; p < (g.outOffsets[x + 1] as number); p++)
      if (g.outTargets[p] === g.outTargets[p - 1]) return true;
  return false;
}

/** Positions 0…k−1 ordered by (u, v), stable: two counting-sort passes (by v, then by u). */
function stableOrder(n: number, u: Int32Array, v: Int32Array, k: number): Int32Array {
  return countingOrder(n, u.subarray(0, k), countingOrder(n, v.subarray(0, k), null));
}

const policyEn = { sum: 'weights added', max: 'the larger weight kept', first: 'the first kept' } as const;
const policyZh = { sum: '权重已相加', max: '保留较大权重', first: '保留第一条' } as const;
