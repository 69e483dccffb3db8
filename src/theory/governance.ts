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

/** The GHS table compiled for the hot loop: per row, which levels are "high" and the outcome's index. */
interface CompiledTable {
  rows: { cx: boolean; cd: boolean; cap: boolean; outcome: number }[];
}
const compiled = new WeakMap<GhsTable, CompiledTable>();
function compile(table: GhsTable): CompiledTable {
  let c = compiled.get(table);
  if (!c) {
    c = {
      rows: table.rows.map((r) => ({
        cx: r.complexity === 'high',
        cd: r.codifiability === 'high',
        cap: r.capability === 'high',
        outcome: GOVERNANCE_OUTCOMES.indexOf(r.outcome),
      })),
    };
    compiled.set(table, c);
  }
  return c;
}

/** Adds weight × the membership of one relationship into `acc` (indexed like GOVERNANCE_OUTCOMES). */
function accumulate(
  acc: Float64Array,
  t: CompiledTable,
  cx: number,
  cd: number,
  cap: number,
  weight: number,
): void {
  for (const r of t.rows)
    acc[r.outcome] =
      (acc[r.outcome] as number) +
      weight * (r.cx ? cx : 1 - cx) * (r.cd ? cd : 1 - cd) * (r.cap ? cap : 1 - cap);
}

function toMembership(acc: Float64Array, scale = 1): Membership {
  // Spelled out (in GOVERNANCE_OUTCOMES order) because this runs once per firm on large clusters.
  return {
    market: (acc[0] as number) * scale,
    modular: (acc[1] as number) * scale,
    relational: (acc[2] as number) * scale,
    captive: (acc[3] as number) * scale,
    hierarchy: (acc[4] as number) * scale,
    exclusion: (acc[5] as number) * scale,
    'not-expected': (acc[6] as number) * scale,
  };
}

export function classifyGovernance(input: DeterminantInput, table: GhsTable): GovernanceResult {
  const scale = input.scale ?? 5;
  const degrees = {
    complexity: highDegree(input.complexity, scale),
    codifiability: highDegree(input.codifiability, scale),
    capability: highDegree(input.capability, scale),
  };
  const acc = new Float64Array(GOVERNANCE_OUTCOMES.length);
  accumulate(acc, compile(table), degrees.complexity, degrees.codifiability, degrees.capability, 1);
  const membership = toMembership(acc);
  const best = argmax(membership);
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
  const t = compile(table);
  const cluster = new Float64Array(GOVERNANCE_OUTCOMES.length);
  const own = new Float64Array(GOVERNANCE_OUTCOMES.length);
  let classified = 0;
  let base = 0;
  let relationships = 0;
  const perFirm: FirmGovernance[] = [];
  for (const firm of firms) {
    base += weighting === 'sales' ? firm.revenue : (firm.revenue * firm.exportShare) / 100;
    if (!firm.buyers || firm.buyers.length === 0) continue;
    own.fill(0);
    let ownWeight = 0;
    for (const b of firm.buyers) {
      const scale = b.scale ?? 5;
      const cx = highDegree(b.complexity, scale);
      const cd = highDegree(b.codifiability, scale);
      const cap = highDegree(b.capability, scale);
      relationships++;
      accumulate(own, t, cx, cd, cap, b.salesShare);
      ownWeight += b.salesShare;
      if (weighting === 'exports' && b.market !== 'export') continue;
      const w = (firm.revenue * b.salesShare) / 100;
      accumulate(cluster, t, cx, cd, cap, w);
      classified += w;
    }
    const membership = toMembership(own, ownWeight > 0 ? 1 / ownWeight : 0);
    perFirm.push({ firm: firm.id, membership, type: argmax(membership) });
  }
  const shares = toMembership(cluster, classified > 0 ? 1 / classified : 0);
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
