import type { SourceRef } from '../domain/common.ts';
import type { Knowledge } from '../domain/knowledge-base.ts';
import { UPGRADING_TYPES, type UpgradingType } from '../domain/vocabulary.ts';
import type { IndicatorKey, IndicatorYear } from '../domain/workspace.ts';
import type { PositionMix } from './positions.ts';
import { type Trend, trend } from './trends.ts';

/** One piece of evidence for or against a conclusion. Presentation turns `code` + `params` into text. */
export interface Evidence {
  code: 'indicator-trend' | 'position-share';
  /** Indicator key, or the positions counted. */
  key: string;
  params: Record<string, number | string>;
  /** −1 (against) … 1 (for). */
  effect: number;
  weight: number;
  source: SourceRef;
}

export type UpgradingStatus = 'evident' | 'emerging' | 'absent' | 'reversing' | 'unknown';

export interface UpgradingAssessment {
  type: UpgradingType;
  status: UpgradingStatus;
  /** Weighted mean effect of the evidence, −1…1 (0 when there is none). */
  score: number;
  /** Status from indicator trends alone: movement over time, without the position snapshot. */
  trendStatus: UpgradingStatus;
  /** Share of the possible evidence weight that the data provided, 0–1. */
  coverage: number;
  evidence: Evidence[];
  /** Indicators that would add evidence but are absent or have fewer than two years. */
  missing: IndicatorKey[];
}

/** Score cut-offs of the status labels (Climb's convention, symmetric around zero). */
export const STATUS_CUTS = { evident: 0.5, emerging: 0.15, reversing: -0.15 } as const;

export function statusOf(score: number, hasEvidence: boolean): UpgradingStatus {
  if (!hasEvidence) return 'unknown';
  if (score >= STATUS_CUTS.evident) return 'evident';
  if (score >= STATUS_CUTS.emerging) return 'emerging';
  if (score > STATUS_CUTS.reversing) return 'absent';
  return 'reversing';
}

/** Evidence for each of the four upgrading types from indicator trends and the position mix (THEORY §2.3). */
export function assessUpgrading(
  panel: readonly IndicatorYear[],
  positions: PositionMix | undefined,
  kb: Pick<Knowledge, 'indicators' | 'positionEvidence'>,
): { assessments: Record<UpgradingType, UpgradingAssessment>; trends: Map<IndicatorKey, Trend> } {
  const trends = new Map<IndicatorKey, Trend>();
  for (const def of kb.indicators.values()) {
    const t = trend(panel, def.key as IndicatorKey, def.meaningfulChange);
    if (t) trends.set(def.key as IndicatorKey, t);
  }
  const assessments = {} as Record<UpgradingType, UpgradingAssessment>;
  for (const type of UPGRADING_TYPES) {
    const evidence: Evidence[] = [];
    const missing: IndicatorKey[] = [];
    let possible = 0;
    for (const def of kb.indicators.values()) {
      for (const ev of def.evidenceFor) {
        if (ev.type !== type) continue;
        possible += ev.weight;
        const t = trends.get(def.key as IndicatorKey);
        if (!t) {
          missing.push(def.key as IndicatorKey);
          continue;
        }
        const effect = ev.direction === 'up' ? t.strength : -t.strength;
        evidence.push({
          code: 'indicator-trend',
          key: def.key,
          params: {
            first: t.values[0] as number,
            firstYear: t.years[0] as number,
            latest: t.latest,
            latestYear: t.latestYear,
            relative: t.relative,
            direction: t.direction,
          },
          effect,
          weight: ev.weight,
          source: def.source,
        });
      }
    }
    for (const pe of kb.positionEvidence.evidence) {
      if (pe.type !== type) continue;
      possible += pe.weight;
      if (!positions || positions.firms === 0) continue;
      const share = pe.positions.reduce((s, p) => s + positions.shares[p], 0);
      evidence.push({
        code: 'position-share',
        key: pe.positions.join('+'),
        params: { share, fullAt: pe.fullAt },
        effect: Math.min(1, share / pe.fullAt),
        weight: pe.weight,
        source: pe.source,
      });
    }
    const score = weightedEffect(evidence);
    const moving = evidence.filter((e) => e.code === 'indicator-trend');
    assessments[type] = {
      type,
      status: statusOf(score, evidence.length > 0),
      score,
      trendStatus: statusOf(weightedEffect(moving), moving.length > 0),
      coverage: possible > 0 ? evidence.reduce((s, e) => s + e.weight, 0) / possible : 0,
      evidence,
      missing,
    };
  }
  return { assessments, trends };
}

function weightedEffect(evidence: readonly Evidence[]): number {
  const w = evidence.reduce((s, e) => s + e.weight, 0);
  return w > 0 ? evidence.reduce((s, e) => s + e.weight * e.effect, 0) / w : 0;
}
