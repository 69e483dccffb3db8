import type { PositionCoverage } from '../domain/knowledge.ts';
import type { Knowledge } from '../domain/knowledge-base.ts';
import { POSITIONS } from '../domain/vocabulary.ts';
import type { Chain, Firm, Segment } from '../domain/workspace.ts';

/** A chain's segments: its own list, or its preset's. */
export function resolveSegments(chain: Chain, kb: Pick<Knowledge, 'chains'>): Segment[] | undefined {
  if (chain.segments) return chain.segments;
  return chain.preset ? kb.chains.get(chain.preset)?.segments : undefined;
}

export interface SegmentCapture {
  segment: Segment;
  /** Share of the segment's activity (for the cluster's output) performed by cluster firms, 0–1. */
  activity: number;
  /** Of which performed inside the cluster (not relocated), 0–1. */
  localActivity: number;
  /** valueShare × activity. */
  contribution: number;
}

export interface ValueCapture {
  /** Share of the chain's value added earned by the cluster's firms: Σ valueShare × activity. */
  capture: number;
  /** The same, counting only activity performed inside the cluster. */
  localCapture: number;
  /** What the cluster would capture if all its firms were pure OEA, and pure OBM (the smile's range). */
  bounds: { allOEA: number; allOBM: number };
  segments: SegmentCapture[];
}

/**
 * Smile-curve value capture (THEORY §2.1). For each firm and segment, the firm's activity is the sum over
 * business models of (revenue share of the model × the model's coverage of the segment's function),
 * set to zero for segments the firm says it does not perform; the cluster's activity is the
 * revenue-weighted mean over firms. Relocated shares count for `capture` (the firm still earns them) but
 * not for `localCapture`.
 */
export function valueCapture(
  segments: readonly Segment[],
  firms: readonly Firm[],
  coverage: PositionCoverage,
): ValueCapture {
  const total = firms.reduce((s, f) => s + f.revenue, 0);
  const rows: SegmentCapture[] = segments.map((segment) => {
    let activity = 0;
    let local = 0;
    for (const f of firms) {
      const splitSum = POSITIONS.reduce((s, p) => s + f.revenueSplit[p], 0);
      let a = 0;
      for (const p of POSITIONS) a += (f.revenueSplit[p] / splitSum) * coverage.coverage[p][segment.function];
      if (f.segments && !f.segments.includes(segment.id)) a = 0;
      const moved = Math.min(
        100,
        (f.relocations ?? []).filter((r) => r.segment === segment.id).reduce((s, r) => s + r.share, 0),
      );
      const w = total > 0 ? f.revenue / total : 0;
      activity += w * a;
      local += w * a * (1 - moved / 100);
    }
    return { segment, activity, localActivity: local, contribution: segment.valueShare * activity };
  });
  const pure = (p: (typeof POSITIONS)[number]) =>
    segments.reduce((s, seg) => s + seg.valueShare * coverage.coverage[p][seg.function], 0);
  return {
    capture: rows.reduce((s, r) => s + r.contribution, 0),
    localCapture: rows.reduce((s, r) => s + r.segment.valueShare * r.localActivity, 0),
    bounds: { allOEA: pure('OEA'), allOBM: pure('OBM') },
    segments: rows,
  };
}
