import type { GhsTable } from '../domain/knowledge.ts';
import { GOVERNANCE_OUTCOMES, type GovernanceOutcome } from '../domain/vocabulary.ts';
import type { Determinant, Firm } from '../domain/workspace.ts';

/**
 * GVC governance from the three determinants (Gereffi, Humphrey & Sturgeon 2005, Table 1).
 *
 * Method for graded inputs: a grade g on a 1–S scale is read as a degree of "high",
 * h = (g − 1)/(S − 1), and of "low", 1 − h. Each of the eight rows of the GHS table gets the product of
 * the degrees of its three levels (a product t-norm); a row's weight goes to its outcome. Because the
 * degrees of high and low sum to one for each determinant, the eight weights sum to one, so the result is
 * a distribution over the seven outcomes. "high"/"low" inputs give degrees 1/0, so a crisp input puts all
 * membership on exactly one row of the table. The label is the outcome with the largest membership; a tie
 * (e.g. a grade exactly at the scale midpoint) is reported, not hidden.
 */

export type Membership = Record<GovernanceOutcome, number>;

export interface DeterminantInput {
  complexity: Determinant;
  codifiability: Determinant;
  capability: Determinant;
  /** Scale of numeric grades: 5 (default) or 7. */
  scale?: 5 | 7;
}

export interface GovernanceResult {
  type: GovernanceOutcome;
  membership: Membership;
  /** Degrees of "high" of each determinant, 0–1. */
  degrees: { complexity: number; codifiability: number; capability: number };
  /** True when every determinant was given as high/low (or at a scale end). */
  crisp: boolean;
  /** Other outcomes whose membership equals the winner's (ambiguous inputs). */
  tiedWith: GovernanceOutcome[];
}

export function emptyMembership(): Membership {
  return Object.fromEntries(GOVERNANCE_OUTCOMES.map((o) => [o, 0])) as Membership;
}

/** Degree to which a determinant is "high" (0–1). Throws on a grade outside the scale. */
export function highDegree(value: Determinant, scale: 5 | 7 = 5): number {
  if (value === 'high') return 1;
  if (value === 'low') return 0;
  if (!Number.isFinite(value) || value < 1 || value > scale)
    throw new RangeError(`grade ${value} is outside the 1–${scale} scale`);
  return (value - 1) / (scale - 1);
}

export function classifyGovernance(input: DeterminantInput, table: GhsTable): GovernanceResult {
  const scale = input.scale ?? 5;
  const degrees = {
    complexity: highDegree(input.complexity, scale),
    codifiability: highDegree(input.codifiability, scale),
    capability: highDegree(input.capability, scale),
  };
  const membership = emptyMembership();
  for (const row of table.rows) {
    const w =
      (row.complexity === 'high' ? degrees.complexity : 1 - degrees.complexity) *
      (row.codifiability === 'high' ? degrees.codifiability : 1 - degrees.codifiability) *
      (row.capability === 'high' ? degrees.capability : 1 - degrees.capability);
    membership[row.outcome] += w;
  }
  let best: GovernanceOutcome = 'market';
  for (const o of GOVERNANCE_OUTCOMES) if (membership[o] > membership[best] + 1e-12) best = o;
  const tiedWith = GOVERNANCE_OUTCOMES.filter(
    (o) => o !== best && Math.abs(membership[o] - membership[best]) <= 1e-12,
  );
  const crisp = Object.values(degrees).every((d) => d === 0 || d === 1);
  return { type: best, membership, degrees, crisp, tiedWith };
}

export type MixWeighting = 'sales' | 'exports';

export interface FirmGovernance {
  firm: string;
  /** The firm's own mix over its buyer relationships (weighted by each buyer's sales share). */
  membership: Membership;
  type: GovernanceOutcome;
  relationships: {
    buyer: string;
    market: 'export' | 'domestic';
    salesShare: number;
    result: GovernanceResult;
  }[];
}

export interface GovernanceMix {
  weighting: MixWeighting;
  /** Shares over outcomes, summing to 1 over the classified part (all zero when nothing is classified). */
  shares: Membership;
  dominant: GovernanceOutcome | undefined;
  /** Share of the weighting base (revenue, or exports) covered by classified buyer relationships. */
  coverage: number;
  relationships: number;
  firms: FirmGovernance[];
}

/**
 * The cluster's governance mix: every buyer relationship's membership, weighted by the sales it carries
 * (firm revenue × buyer's share of the firm's sales) or, with `exports`, by export sales only.
 */
export function governanceMix(
  firms: readonly Firm[],
  table: GhsTable,
  weighting: MixWeighting = 'sales',
): GovernanceMix {
  const shares = emptyMembership();
  let classified = 0;
  let base = 0;
  let relationships = 0;
  const perFirm: FirmGovernance[] = [];
  for (const firm of firms) {
    base += weighting === 'sales' ? firm.revenue : (firm.revenue * firm.exportShare) / 100;
    if (!firm.buyers || firm.buyers.length === 0) continue;
    const own = emptyMembership();
    let ownWeight = 0;
    const rels: FirmGovernance['relationships'] = [];
    for (const b of firm.buyers) {
      const result = classifyGovernance(b, table);
      rels.push({ buyer: b.name, market: b.market, salesShare: b.salesShare, result });
      relationships++;
      const w = (firm.revenue * b.salesShare) / 100;
      for (const o of GOVERNANCE_OUTCOMES) own[o] += result.membership[o] * b.salesShare;
      ownWeight += b.salesShare;
      if (weighting === 'exports' && b.market !== 'export') continue;
      for (const o of GOVERNANCE_OUTCOMES) shares[o] += result.membership[o] * w;
      classified += w;
    }
    if (ownWeight > 0) for (const o of GOVERNANCE_OUTCOMES) own[o] /= ownWeight;
    perFirm.push({ firm: firm.id, membership: own, type: argmax(own), relationships: rels });
  }
  if (classified > 0) for (const o of GOVERNANCE_OUTCOMES) shares[o] /= classified;
  return {
    weighting,
    shares,
    dominant: classified > 0 ? argmax(shares) : undefined,
    coverage: base > 0 ? Math.min(1, classified / base) : 0,
    relationships,
    firms: perFirm,
  };
}

function argmax(m: Membership): GovernanceOutcome {
  let best: GovernanceOutcome = 'market';
  for (const o of GOVERNANCE_OUTCOMES) if (m[o] > m[best] + 1e-12) best = o;
  return best;
}
