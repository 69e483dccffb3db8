import { POSITIONS, type Position } from '../domain/vocabulary.ts';
import type { Firm } from '../domain/workspace.ts';

/** Functional-position mix of a cluster (OEA → OEM → ODM → OBM, THEORY §2.2). */
export interface PositionMix {
  /** Revenue-weighted shares of the four business models, 0–1, summing to 1. */
  shares: Record<Position, number>;
  /** Number of firms whose largest revenue share is in each model. */
  firmsByMainPosition: Record<Position, number>;
  /** The highest model in which any firm earns revenue. */
  highest: Position | undefined;
  lowEnd: number;
  highEnd: number;
  totalRevenue: number;
  firms: number;
}

/** A firm's main business model: its largest revenue share (ties go to the lower model). */
export function mainPosition(firm: Firm): Position {
  let best: Position = 'OEA';
  for (const p of POSITIONS) if (firm.revenueSplit[p] > firm.revenueSplit[best]) best = p;
  return best;
}

export function positionMix(firms: readonly Firm[]): PositionMix {
  const shares = { OEA: 0, OEM: 0, ODM: 0, OBM: 0 };
  const counts = { OEA: 0, OEM: 0, ODM: 0, OBM: 0 };
  let total = 0;
  let highest = -1;
  for (const f of firms) {
    const splitSum = POSITIONS.reduce((s, p) => s + f.revenueSplit[p], 0);
    POSITIONS.forEach((p, i) => {
      // Normalise each split so that a split within tolerance of 100 % does not bias the mix.
      shares[p] += (f.revenue * f.revenueSplit[p]) / splitSum;
      if (f.revenueSplit[p] > 0) highest = Math.max(highest, i);
    });
    counts[mainPosition(f)]++;
    total += f.revenue;
  }
  if (total > 0) for (const p of POSITIONS) shares[p] /= total;
  return {
    shares,
    firmsByMainPosition: counts,
    highest: highest >= 0 ? POSITIONS[highest] : undefined,
    lowEnd: shares.OEA + shares.OEM,
    highEnd: shares.ODM + shares.OBM,
    totalRevenue: total,
    firms: firms.length,
  };
}
