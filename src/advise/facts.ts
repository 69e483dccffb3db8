import {
  GOVERNANCE_OUTCOMES,
  POLICY_LEVERS,
  POSITIONS,
  type Stage,
  UPGRADING_TYPES,
  type UpgradingType,
} from '../domain/vocabulary.ts';
import type { IndicatorKey, Workspace } from '../domain/workspace.ts';
import type { SurveyEvidence } from '../measure/survey/evidence.ts';
import type { NetworkAnalysis } from '../network/analyse.ts';
import type { GovernanceMix } from '../theory/governance.ts';
import type { PositionMix } from '../theory/positions.ts';
import type { Prospects } from '../theory/prospects.ts';
import type { RiskAssessment } from '../theory/risks.ts';
import type { StageDiagnosis } from '../theory/stage.ts';
import type { Trend } from '../theory/trends.ts';
import type { UpgradingAssessment } from '../theory/upgrading.ts';
import type { FactValue } from './conditions.ts';

export interface FactInputs {
  workspace: Workspace;
  governance: GovernanceMix;
  positions: PositionMix;
  valueCapture: number;
  upgrading: Record<UpgradingType, UpgradingAssessment>;
  trends: Map<IndicatorKey, Trend>;
  gaps: Map<IndicatorKey, number>;
  stage: StageDiagnosis;
  prospects: Prospects;
  risks: RiskAssessment[];
  exportShare: number;
  relocation: { share: number; beltAndRoad: number; inland: number };
  network?: NetworkAnalysis | undefined;
  survey?: SurveyEvidence | undefined;
}

/** The flat fact set that recommendation rules read (vocabulary: docs/facts.md). */
export function buildFacts(x: FactInputs): Map<string, FactValue> {
  const f = new Map<string, FactValue>();
  const ws = x.workspace;
  f.set('cluster.type', ws.clusterType);
  f.set('stage', x.stage.stage satisfies Stage);
  f.set('stage.confidence', x.stage.confidence);
  if (x.governance.relationships > 0) {
    for (const o of GOVERNANCE_OUTCOMES) f.set(`governance.${o}`, x.governance.shares[o]);
    if (x.governance.dominant) f.set('governance.dominant', x.governance.dominant);
    f.set('governance.quasiHierarchy', x.governance.shares.captive);
    f.set('governance.network', x.governance.shares.modular + x.governance.shares.relational);
  }
  f.set('governance.coverage', x.governance.coverage);
  if (x.positions.firms > 0) {
    for (const p of POSITIONS) f.set(`positions.${p}`, x.positions.shares[p]);
    f.set('positions.lowEnd', x.positions.lowEnd);
    f.set('positions.highEnd', x.positions.highEnd);
    f.set('valueCapture', x.valueCapture);
    f.set('market.exportShare', x.exportShare);
    f.set('market.domesticShare', 1 - x.exportShare);
    f.set('relocation.share', x.relocation.share);
    f.set('relocation.beltAndRoad', x.relocation.beltAndRoad);
    f.set('relocation.inland', x.relocation.inland);
  }
  for (const t of UPGRADING_TYPES) {
    const a = x.upgrading[t];
    if (a.status !== 'unknown') {
      f.set(`upgrading.${t}`, a.status);
      f.set(`upgrading.${t}.score`, a.score);
    }
    f.set(`prospects.${t}`, x.prospects.byType[t].verdict);
  }
  for (const r of x.risks) if (r.level !== 'unknown') f.set(`risk.${r.id}`, r.level);
  for (const [key, t] of x.trends) {
    f.set(`indicator.${key}.latest`, t.latest);
    f.set(`indicator.${key}.trend`, t.relative);
    f.set(`indicator.${key}.direction`, t.direction);
  }
  // A single year still gives a latest value, without a trend.
  for (const row of [...ws.indicators].sort((a, b) => a.year - b.year))
    for (const [k, v] of Object.entries(row))
      if (k !== 'year' && typeof v === 'number' && !x.trends.has(k as IndicatorKey))
        f.set(`indicator.${k}.latest`, v);
  for (const [key, gap] of x.gaps) f.set(`indicator.${key}.gap`, gap);
  const year = Math.max(...ws.indicators.map((r) => r.year), Number.NEGATIVE_INFINITY);
  for (const lever of POLICY_LEVERS) if (lever !== 'other') f.set(`policy.${lever}`, false);
  for (const p of ws.policies) {
    const active =
      (p.since === undefined || !Number.isFinite(year) || p.since <= year) &&
      (p.until === undefined || !Number.isFinite(year) || p.until >= year);
    if (active && p.lever !== 'other') f.set(`policy.${p.lever}`, true);
  }
  f.set('firms.count', ws.firms.length);
  if (x.positions.totalRevenue > 0) {
    const dominant = ws.firms.filter((fi) => fi.dominant).reduce((s, fi) => s + fi.revenue, 0);
    f.set('firms.dominantShare', dominant / x.positions.totalRevenue);
    f.set('firms.smeShare', ws.firms.filter((fi) => fi.size !== 'large').length / ws.firms.length);
  }
  if (x.network) for (const [k, v] of networkFacts(x.network)) f.set(k, v);
  if (x.survey) for (const [k, v] of surveyFacts(x.survey)) f.set(k, v);
  return f;
}

/**
 * Facts read off the firm survey (GUM factor profile, THEORY §3; governance of the main buyer relationship
 * and the Humphrey–Schmitz comparison, THEORY §2.4). Factor scores and the gap are on the 0–1 scale.
 */
export function surveyFacts(s: SurveyEvidence): Map<string, FactValue> {
  const f = new Map<string, FactValue>();
  f.set('survey.n', s.profile.n);
  for (const [c, v] of Object.entries(s.profile.factors))
    if (Number.isFinite(v.scaled)) f.set(`survey.factor.${c}`, v.scaled);
  if (s.governance && s.governance.classified > 0) f.set('survey.captiveShare', s.governance.captiveShare);
  const ocu = s.humphreySchmitz?.find((c) => c.construct === 'OutsideCorrelationUpgrading');
  if (ocu && Number.isFinite(ocu.difference)) {
    f.set('survey.hsGap', ocu.difference / (s.scale.max - s.scale.min));
    f.set('survey.hsSignificant', ocu.pWelch < 0.05);
  }
  return f;
}

/** Facts read off the cluster network (Giuliani & Bell 2005; Burt 1992; THEORY §4). */
export function networkFacts(a: NetworkAnalysis): Map<string, FactValue> {
  const f = new Map<string, FactValue>();
  const set = (k: string, v: number | null | undefined) => {
    if (v !== null && v !== undefined && Number.isFinite(v)) f.set(k, v);
  };
  f.set('network.available', true);
  set('network.nodes', a.graph.n);
  set('network.density', a.graph.density);
  set('network.transitivity', a.graph.transitivity);
  set('network.fragmentation', a.graph.fragmentation);
  set('network.communities', a.graph.communities);
  set('network.modularity', a.graph.modularity);
  set('network.coreFit', a.corePeriphery.fit);
  if (a.options.groupAttribute === a.options.layerAttribute) set('network.eiLayer', a.ei?.whole.ei);
  if (a.layered) {
    const { openness, cognitive, inside } = a.layered;
    set('network.openness', openness.openness);
    set('network.externalConcentration', openness.externalTies.hhi);
    const members = inside.reduce((s, x) => s + x, 0);
    set('network.gatekeepers', cognitive.counts.gatekeeper);
    if (members > 0) {
      set('network.gatekeeperShare', cognitive.counts.gatekeeper / members);
      set('network.isolatedShare', cognitive.counts.isolated / members);
    }
  }
  return f;
}

/** Every fact name buildFacts can produce, as patterns (docs/facts.md documents them for rule authors). */
export const FACT_PATTERNS: readonly RegExp[] = [
  /^cluster\.type$/,
  /^stage(\.confidence)?$/,
  /^governance\.(market|modular|relational|captive|hierarchy|exclusion|not-expected|dominant|quasiHierarchy|network|coverage)$/,
  /^positions\.(OEA|OEM|ODM|OBM|lowEnd|highEnd)$/,
  /^valueCapture$/,
  /^upgrading\.(process|product|functional|chain)(\.score)?$/,
  /^prospects\.(process|product|functional|chain)$/,
  /^risk\.[a-z-]+$/,
  /^indicator\.[A-Za-z0-9]+\.(latest|trend|direction|gap)$/,
  /^policy\.[a-z-]+$/,
  /^market\.(exportShare|domesticShare)$/,
  /^relocation\.(share|beltAndRoad|inland)$/,
  /^firms\.(count|dominantShare|smeShare)$/,
  /^survey\.(n|captiveShare|hsGap|hsSignificant|factor\.[A-Za-z]+)$/,
  /^network\.(available|nodes|density|transitivity|openness|externalConcentration|gatekeepers|gatekeeperShare|isolatedShare|fragmentation|eiLayer|coreFit|communities|modularity)$/,
];
