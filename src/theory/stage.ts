import type { SourceRef } from '../domain/common.ts';
import type { StageCatalog } from '../domain/knowledge.ts';
import { STAGES, type Stage, type UpgradingType } from '../domain/vocabulary.ts';
import type { PositionMix } from './positions.ts';
import type { UpgradingAssessment, UpgradingStatus } from './upgrading.ts';

/**
 * Stage diagnosis (seed 000 §2: process → product → functional → chain).
 *
 * Every cluster inserted in a chain is at least in the process stage. For each later stage, support is
 * the mean of two parts: the position part, min(1, share of the stage's business models ÷ its entry
 * share), and the upgrading part, the trend status of the stage's own upgrading type (indicator
 * movement only, so the position snapshot is not counted twice) mapped to
 * evident 1 / emerging 0.6 / absent 0.2 / reversing 0. When the upgrading type cannot be judged
 * (no data) it counts as absent: a stage is not claimed without evidence of its own upgrading type, and
 * the missing data is named as what would decide. A stage is reached when its business models reach
 * their entry share (the firm model of the stage is there: a gate, not something trends can make up
 * for) and its support reaches REACHED (so its own upgrading is at least emerging). The diagnosed stage
 * is the highest stage reached. Confidence = coverage × (0.5 + 0.5 × min(1, margin ÷ 0.3)), where
 * the margin is how far the deciding supports lie from REACHED, and coverage the mean data coverage of
 * the deciding upgrading types.
 */
export const REACHED = 0.65;
/** Value given to an upgrading type without data: the same as "absent". */
const UNKNOWN_AS = 0.2;
const STATUS_VALUE: Record<UpgradingStatus, number | undefined> = {
  evident: 1,
  emerging: 0.6,
  absent: 0.2,
  reversing: 0,
  unknown: undefined,
};

export function reached(s: StageSupport): boolean {
  return s.positionPart >= 1 && s.support >= REACHED;
}

export interface StageSupport {
  stage: Stage;
  support: number;
  positionPart: number;
  upgradingPart: number | undefined;
  positionShare: number;
  entryShare: number;
  upgradingStatus: UpgradingStatus;
  source: SourceRef;
}

export interface StageDiagnosis {
  stage: Stage;
  confidence: number;
  supports: StageSupport[];
  /** What would most sharpen the diagnosis: the upgrading types whose data is missing. */
  decidingTypes: UpgradingType[];
}

export function diagnoseStage(
  positions: PositionMix,
  upgrading: Record<UpgradingType, UpgradingAssessment>,
  catalog: StageCatalog,
): StageDiagnosis {
  const supports: StageSupport[] = STAGES.map((stage) => {
    const def = catalog.stages.find((s) => s.id === stage);
    if (!def) throw new Error(`stage ${stage} missing from the stage catalog`);
    const share = def.positionEntry.positions.reduce((s, p) => s + positions.shares[p], 0);
    const entry = def.positionEntry.minShare;
    const status = upgrading[stage].trendStatus;
    if (stage === 'process')
      return {
        stage,
        support: 1,
        positionPart: 1,
        upgradingPart: STATUS_VALUE[status],
        positionShare: share,
        entryShare: entry,
        upgradingStatus: status,
        source: def.source,
      };
    const positionPart = entry > 0 ? Math.min(1, share / entry) : 1;
    const upgradingPart = STATUS_VALUE[status];
    const support = (positionPart + (upgradingPart ?? UNKNOWN_AS)) / 2;
    return {
      stage,
      support,
      positionPart,
      upgradingPart,
      positionShare: share,
      entryShare: entry,
      upgradingStatus: status,
      source: def.source,
    };
  });
  let idx = 0;
  supports.forEach((s, i) => {
    if (reached(s)) idx = i;
  });
  const chosen = supports[idx] as StageSupport;
  const next = supports[idx + 1];
  const margins: number[] = [];
  if (idx > 0) margins.push(chosen.support - REACHED);
  // How far the next stage is from being reached: by its support or by its position gate.
  if (next) margins.push(Math.max(REACHED - next.support, 1 - next.positionPart));
  const margin = margins.length > 0 ? Math.max(0, Math.min(...margins)) : 0.3;
  const deciding = [chosen, next].filter((s): s is StageSupport => s !== undefined && s.stage !== 'process');
  const coverage =
    deciding.length > 0 ? deciding.reduce((s, d) => s + upgrading[d.stage].coverage, 0) / deciding.length : 1;
  return {
    stage: chosen.stage,
    confidence: coverage * (0.5 + 0.5 * Math.min(1, margin / 0.3)),
    supports,
    decidingTypes: deciding.filter((d) => upgrading[d.stage].missing.length > 0).map((d) => d.stage),
  };
}
