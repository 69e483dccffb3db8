import { abmSummary } from '../abm/report/blocks.ts';
import { citations } from '../abm/report/explain.ts';
import type { Diagnosis } from '../diagnose/diagnose.ts';
import type { SourceRef } from '../domain/common.ts';
import type { DiagnosisJson } from '../domain/diagnosis-json.ts';
import type { Knowledge } from '../domain/knowledge-base.ts';
import { STAGES, UPGRADING_TYPES, type UpgradingType } from '../domain/vocabulary.ts';
import { type Speaker, speaker } from '../i18n/index.ts';
import type { Evidence } from '../theory/upgrading.ts';
import { evidenceText, surveySummary } from './diagnosis-report.ts';
import { networkSummary } from './network-json.ts';

const GOVERNANCE_METHOD = {
  en: 'Each buyer relationship: graded determinants read as degrees of "high" ((g−1)/(S−1)); each of the 8 GHS rows weighted by the product of its degrees; the cluster mix weights relationships by the sales they carry.',
  zh: '每个采购商关系：分级评分折算为“高”的程度（(g−1)/(S−1)）；GHS 表 8 行各按其三个程度之积加权；集群结构按各关系所承载的销售额加权。',
};

/** The diagnosis as the published JSON object (shape: DiagnosisJson, both languages for every text). */
export function diagnosisJson(d: Diagnosis, kb: Knowledge): DiagnosisJson {
  const en = speaker('en', kb);
  const zh = speaker('zh', kb);
  const ws = d.workspace;
  const cited = new Set<string>();
  const src = (s: SourceRef) => {
    cited.add(s.ref);
    return s;
  };
  const both = (f: (sp: Speaker) => string) => ({ en: f(en), zh: f(zh) });
  const evidence = (e: Evidence) => ({
    code: e.code,
    key: e.key,
    effect: e.effect,
    weight: e.weight,
    params: e.params,
    statement: both((sp) => evidenceText(e, sp)),
    source: src(e.source),
  });
  const stageDef = kb.stages.stages.find((s) => s.id === d.stage.stage);
  if (!stageDef) throw new Error(`stage ${d.stage.stage} not in the catalogue`);
  const nextStage = STAGES[STAGES.indexOf(d.stage.stage) + 1];
  const stageTypes: UpgradingType[] = [d.stage.stage, ...(nextStage ? [nextStage] : [])];
  const years = [...new Set(ws.indicators.map((r) => r.year))].sort((a, b) => a - b);
  const ghsSource = kb.ghs.rows[0]?.source ?? { ref: 'ghs2005' };

  const json: DiagnosisJson = {
    schemaVersion: 1,
    cluster: {
      id: ws.id,
      name: ws.name,
      region: ws.region,
      industry: ws.industry,
      clusterType: ws.clusterType,
      firms: ws.firms.length,
      years,
      illustrative: {
        any: d.illustrative.firms + d.illustrative.indicatorYears + d.illustrative.other.length > 0,
        ...d.illustrative,
      },
    },
    governanceMix: {
      weighting: d.governance.weighting,
      shares: d.governance.shares,
      dominant: d.governance.dominant ?? null,
      coverage: d.governance.coverage,
      relationships: d.governance.relationships,
      method: GOVERNANCE_METHOD,
      source: src(ghsSource),
      firms: d.governance.firms.map((f) => ({ firm: f.firm, type: f.type, membership: f.membership })),
    },
    positions: {
      shares: d.positions.shares,
      firmsByMainPosition: d.positions.firmsByMainPosition,
      highest: d.positions.highest ?? null,
      lowEnd: d.positions.lowEnd,
      highEnd: d.positions.highEnd,
      source: src(kb.coverage.source),
    },
    valueCapture: {
      capture: d.valueCapture,
      localCapture: d.localValueCapture,
      chains: d.chains.map((c) => ({
        id: c.chain.id,
        preset: c.chain.preset ?? null,
        name: c.name ?? null,
        capture: c.result.capture,
        localCapture: c.result.localCapture,
        bounds: c.result.bounds,
        segments: c.result.segments.map((s) => ({
          id: s.segment.id,
          function: s.segment.function,
          name: s.segment.name,
          valueShare: s.segment.valueShare,
          activity: s.activity,
          localActivity: s.localActivity,
          contribution: s.contribution,
          source: s.segment.source ? src(s.segment.source) : null,
          assumption: s.segment.assumption ?? null,
        })),
      })),
    },
    upgrading: Object.fromEntries(
      UPGRADING_TYPES.map((u) => {
        const a = d.upgrading[u];
        return [
          u,
          {
            status: a.status,
            score: a.score,
            coverage: a.coverage,
            evidence: a.evidence.map(evidence),
            missing: a.missing,
          },
        ];
      }),
    ) as DiagnosisJson['upgrading'],
    stage: {
      id: d.stage.stage,
      name: stageDef.name,
      confidence: d.stage.confidence,
      firmModel: stageDef.firmModel,
      strategy: stageDef.strategy,
      build: stageDef.build,
      supports: d.stage.supports.map((s) => ({
        stage: s.stage,
        support: s.support,
        positionPart: s.positionPart,
        upgradingPart: s.upgradingPart ?? null,
        positionShare: s.positionShare,
        entryShare: s.entryShare,
        upgradingStatus: s.upgradingStatus,
      })),
      evidence: stageTypes.flatMap((u) => d.upgrading[u].evidence.map(evidence)),
      missing: d.stage.decidingTypes.flatMap((u) => d.upgrading[u].missing.map((k) => `indicators.${k}`)),
      source: src(stageDef.source),
    },
    prospects: Object.fromEntries(
      UPGRADING_TYPES.map((u) => {
        const p = d.prospects.byType[u];
        return [
          u,
          {
            verdict: p.verdict,
            score: p.score,
            contributions: p.contributions.map((c) => ({ ...c, source: src(c.source) })),
          },
        ];
      }),
    ) as DiagnosisJson['prospects'],
    escape: d.prospects.escape ? { ...d.prospects.escape, source: src(d.prospects.escape.source) } : null,
    risks: d.risks.map((r) => ({
      id: r.id,
      name: r.definition.name,
      level: r.level,
      value: r.value ?? null,
      unit: r.definition.unit,
      thresholds: {
        direction: r.definition.thresholds.direction,
        medium: r.definition.thresholds.medium,
        high: r.definition.thresholds.high,
        source: src(r.definition.thresholds.source),
        assumption: r.definition.thresholds.assumption ?? null,
      },
      inputs: r.inputs,
      gated: r.gated ?? null,
      missing: r.missing,
      source: src(r.definition.source),
    })),
    recommendations: d.recommendations.map((r) => ({
      id: r.rule.id,
      level: r.rule.level,
      priority: r.rule.priority,
      stages: r.rule.stages ?? null,
      title: r.rule.title,
      text: r.rule.text,
      source: src(r.rule.source),
      evidence: r.evidence.map((e) => ({
        fact: e.fact,
        value: e.value,
        label: both((sp) => `${sp.factLabel(e.fact)} = ${sp.factValue(e.fact, e.value)}`),
      })),
    })),
    network: d.network ? networkSummary(d.network) : null,
    survey: d.survey ? surveySummary(d.survey, kb) : null,
    abm: d.abm ? abmSummary(d.abm, kb) : null,
    facts: Object.fromEntries(d.facts),
    missingData: d.missing.map((m) => ({
      field: m.field,
      decides: m.decides,
      declared: m.declared !== undefined,
      reason: m.declared ?? null,
    })),
    warnings: d.missing
      .filter((m) => !m.declared)
      .map((m) => ({
        code: 'missing-data',
        field: m.field,
        message: {
          en: `${m.field} is not provided; it would decide: ${m.decides.join(', ')}. Provide it, or declare it under missingData.`,
          zh: `未提供 ${m.field}；它影响：${m.decides.join('、')}。请补充数据，或在 missingData 中声明缺失。`,
        },
      })),
    sources: [],
  };
  for (const s of json.abm?.sources ?? []) cited.add(s.id);
  // The bibliography, then the ABM's own (knowledge/abm/sources.yaml) for sources only the ABM cites.
  json.sources = citations([...cited].sort(), kb);
  return json;
}
