import type { LocalizedText, SourceRef } from '../domain/common.ts';
import type { ProspectEffect, ProspectsTable } from '../domain/knowledge.ts';
import {
  GOVERNANCE_OUTCOMES,
  type GovernanceOutcome,
  UPGRADING_TYPES,
  type UpgradingType,
} from '../domain/vocabulary.ts';
import type { Membership } from './governance.ts';

/**
 * Governance × upgrading prospects (Humphrey & Schmitz 2002; THEORY §2.4) applied to a governance mix.
 * Each governance type's effect on an upgrading type is scored (table `effectScores`); the prospect of the
 * cluster is the mix-weighted mean score, over the governance outcomes the table covers.
 */
export type Verdict = 'favoured' | 'mixed' | 'hindered';
export const VERDICT_CUTS = { favoured: 0.4, hindered: -0.2 } as const;

export interface ProspectContribution {
  governance: GovernanceOutcome;
  share: number;
  effect: ProspectEffect;
  reason: LocalizedText;
  source: SourceRef;
}

export interface Prospect {
  type: UpgradingType;
  verdict: Verdict;
  score: number;
  contributions: ProspectContribution[];
}

export interface Prospects {
  byType: Record<UpgradingType, Prospect>;
  /** The way out of the functional-upgrading limit, when captive governance hinders it. */
  escape: { text: LocalizedText; source: SourceRef; domesticShare: number } | undefined;
}

/** Prospect of one governance type on its own (one row of the table). */
export function prospectOf(
  governance: GovernanceOutcome,
  type: UpgradingType,
  table: ProspectsTable,
): ProspectEffect | undefined {
  return table.rows.find((r) => r.governance === governance)?.effects[type];
}

export function assessProspects(shares: Membership, table: ProspectsTable, domesticShare: number): Prospects {
  const byType = {} as Record<UpgradingType, Prospect>;
  for (const type of UPGRADING_TYPES) {
    let weighted = 0;
    let mass = 0;
    const contributions: ProspectContribution[] = [];
    for (const g of GOVERNANCE_OUTCOMES) {
      const row = table.rows.find((r) => r.governance === g);
      const share = shares[g];
      if (!row || share <= 0) continue;
      const effect = row.effects[type];
      weighted += share * table.effectScores[effect];
      mass += share;
      contributions.push({ governance: g, share, effect, reason: row.reason, source: row.source });
    }
    contributions.sort((a, b) => b.share - a.share);
    const score = mass > 0 ? weighted / mass : 0;
    const verdict: Verdict =
      mass === 0
        ? 'mixed'
        : score >= VERDICT_CUTS.favoured
          ? 'favoured'
          : score <= VERDICT_CUTS.hindered
            ? 'hindered'
            : 'mixed';
    byType[type] = { type, verdict, score, contributions };
  }
  const captiveHeavy = shares.captive + shares.hierarchy >= 0.3;
  const wayOut =
    captiveHeavy && byType.functional.verdict !== 'favoured'
      ? { text: table.escape.text, source: table.escape.source, domesticShare }
      : undefined;
  return { byType, escape: wayOut };
}
