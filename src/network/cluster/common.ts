import type { Graph } from '../graph.ts';

/**
 * Shared helpers for the cluster analyses: categorical labels as group indices, the cluster boundary,
 * and degree counts read straight off the CSR offsets.
 */

/** Categorical labels coded as group indices; `groups` sorted by code-unit order (deterministic). */
export interface Grouping {
  readonly groups: readonly string[];
  /** Group index of each node. */
  readonly of: Int32Array;
  /** Number of nodes in each group. */
  readonly size: Int32Array;
}

/** Codes one label per node (e.g. `attributes.get('layer')`) as group indices. */
export function groupBy(labels: readonly string[], n: number): Grouping {
  if (labels.length !== n) throw new RangeError(`Expected ${n} labels (one per node), got ${labels.length}.`);
  const groups = [...new Set(labels)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const code = new Map(groups.map((g, i) => [g, i]));
  const of = new Int32Array(n);
  const size = new Int32Array(groups.length);
  for (let v = 0; v < n; v++) {
    const k = code.get(labels[v] as string) as number;
    of[v] = k;
    size[k] = (size[k] as number) + 1;
  }
  return { groups, of, size };
}

/** Layer values that lie outside the cluster boundary (THEORY §4: the external layer). */
export const EXTERNAL_LAYERS: readonly string[] = ['external'];

/**
 * The cluster boundary as a mask: 1 for members of the cluster (core and auxiliary layers — any layer
 * value not listed in `external`, including an empty one), 0 for the external layer.
 */
export function insideCluster(
  layers: readonly string[],
  external: readonly string[] = EXTERNAL_LAYERS,
): Uint8Array {
  const out = new Uint8Array(layers.length);
  for (let v = 0; v < layers.length; v++) out[v] = external.includes(layers[v] as string) ? 0 : 1;
  return out;
}

export function checkMask(g: Graph, mask: Uint8Array): void {
  if (mask.length !== g.n) throw new RangeError(`Expected a mask of ${g.n} entries, got ${mask.length}.`);
}

/** (E − I) / (E + I), or null when there is no tie. */
export function eiRatio(e: number, i: number): number | null {
  return e + i === 0 ? null : (e - i) / (e + i);
}
