import type { Comparison } from '../abm/report/compare.ts';
import type { FactValue } from '../advise/conditions.ts';
import { buildFacts } from '../advise/facts.ts';
import { type Recommendation, recommend } from '../advise/recommend.ts';
import type { LocalizedText } from '../domain/common.ts';
import type { Knowledge } from '../domain/knowledge-base.ts';
import type { Stage, UpgradingType } from '../domain/vocabulary.ts';
import type { Chain, Firm, IndicatorKey, Workspace } from '../domain/workspace.ts';
import type { SurveyEvidence } from '../measure/survey/evidence.ts';
import { analyseNetwork, type NetworkAnalysis } from '../network/analyse.ts';
import type { NetworkData } from '../network/assemble.ts';
import { type Benchmark, benchmark } from '../theory/benchmarks.ts';
import { type GovernanceMix, governanceMix, type MixWeighting } from '../theory/governance.ts';
import { type PositionMix, positionMix } from '../theory/positions.ts';
import { assessProspects, type Prospects } from '../theory/prospects.ts';
import { assessRisks, type RiskAssessment } from '../theory/risks.ts';
import { diagnoseStage, type StageDiagnosis } from '../theory/stage.ts';
import { latest, type Trend } from '../theory/trends.ts';
import { assessUpgrading, type UpgradingAssessment } from '../theory/upgrading.ts';
import { resolveSegments, type ValueCapture, valueCapture } from '../theory/value-capture.ts';

export interface ChainCapture {
  chain: Chain;
  name: LocalizedText | undefined;
  firms: number;
  revenue: number;
  result: ValueCapture;
}

export interface MissingItem {
  /** Data item, in the notation of `missingData[].field` (e.g. "indicators.rndIntensity"). */
  field: string;
  /** What the item would decide (upgrading types, risks, governance). */
  decides: string[];
  declared: LocalizedText | undefined;
}

export interface Diagnosis {
  workspace: Workspace;
  governance: GovernanceMix;
  positions: PositionMix;
  chains: ChainCapture[];
  /** Revenue-weighted value capture over the cluster's chains. */
  valueCapture: number;
  localValueCapture: number;
  upgrading: Record<UpgradingType, UpgradingAssessment>;
  trends: Map<IndicatorKey, Trend>;
  benchmarks: { indicator: IndicatorKey; benchmark: Benchmark; gap: number | undefined }[];
  stage: StageDiagnosis;
  prospects: Prospects;
  risks: RiskAssessment[];
  facts: Map<string, FactValue>;
  recommendations: Recommendation[];
  missing: MissingItem[];
  illustrative: { firms: number; indicatorYears: number; other: string[] };
  /** The cluster network's analysis, when the workspace has a network. */
  network: NetworkAnalysis | undefined;
  /** The firm survey's evidence (GUM factor profile, governance), when the workspace references a survey. */
  survey: SurveyEvidence | undefined;
  /** The agent-based model run under several governance types (`climb diagnose --abm`), when asked. */
  abm: Comparison | undefined;
}

export interface DiagnoseOptions {
  weighting?: MixWeighting;
  /** The workspace's network (read by the caller from actors/ties or the referenced CSV files). */
  network?: NetworkData;
  /** The workspace's survey, read and analysed by the caller (src/measure/survey/evidence.ts). */
  survey?: SurveyEvidence;
  /** The governance comparison of the agent-based model, run by the caller (src/abm/report/compare.ts). */
  abm?: Comparison;
}

const BENCHMARKED: IndicatorKey[] = ['newProductOutputRate', 'exportDeliveryRatio', 'profitTaxPer100Yuan'];

/** The whole diagnosis of a validated workspace: pure, reads only the workspace and the knowledge base. */
export function diagnose(ws: Workspace, kb: Knowledge, opts: DiagnoseOptions = {}): Diagnosis {
  const governance = governanceMix(ws.firms, kb.ghs, opts.weighting ?? 'sales');
  const positions = positionMix(ws.firms);

  const chains: ChainCapture[] = ws.chains.map((chain) => {
    const firms = ws.firms.filter((f) => (f.chain ?? ws.chains[0]?.id) === chain.id);
    const segments = resolveSegments(chain, kb) ?? [];
    const preset = chain.preset ? kb.chains.get(chain.preset) : undefined;
    return {
      chain,
      name: chain.name ?? preset?.name,
      firms: firms.length,
      revenue: firms.reduce((s, f) => s + f.revenue, 0),
      result: valueCapture(segments, firms, kb.coverage),
    };
  });
  const revenue = chains.reduce((s, c) => s + c.revenue, 0);
  const weighted = (pick: (c: ChainCapture) => number) =>
    revenue > 0 ? chains.reduce((s, c) => s + c.revenue * pick(c), 0) / revenue : 0;

  const { assessments: upgrading, trends } = assessUpgrading(ws.indicators, positions, kb);
  const stage = diagnoseStage(positions, upgrading, kb.stages);

  const firstChain = ws.chains[0];
  const sector = firstChain?.preset ? kb.chains.get(firstChain.preset)?.benchmarkSector : undefined;
  const benchmarks = BENCHMARKED.flatMap((indicator) => {
    const b = benchmark(kb, sector, indicator);
    if (!b) return [];
    const t = trends.get(indicator);
    const last = t?.latest ?? latest(ws.indicators, indicator)?.value;
    return [{ indicator, benchmark: b, gap: last === undefined ? undefined : last - b.value }];
  });
  const gaps = new Map<IndicatorKey, number>();
  for (const b of benchmarks) if (b.gap !== undefined) gaps.set(b.indicator, b.gap);

  const exportShare = revenueWeighted(ws.firms, (f) => f.exportShare / 100);
  const relocation = relocationShares(ws, kb);
  const prospects = assessProspects(governance.shares, kb.prospects, 1 - exportShare);
  const risks = assessRisks(
    {
      workspace: ws,
      governance,
      positions,
      trends,
      profitTaxGap: gaps.get('profitTaxPer100Yuan'),
      relocatedManufacturing: relocation.share,
    },
    kb,
  );
  const valueCaptureAll = weighted((c) => c.result.capture);
  const network = opts.network && opts.network.graph.n > 0 ? analyseNetwork(opts.network) : undefined;
  const facts = buildFacts({
    workspace: ws,
    governance,
    positions,
    valueCapture: valueCaptureAll,
    upgrading,
    trends,
    gaps,
    stage,
    prospects,
    risks,
    exportShare,
    relocation,
    network,
    survey: opts.survey,
  });
  const recommendations = recommend(kb.rules, facts, stage.stage satisfies Stage, ws.clusterType);
  return {
    workspace: ws,
    governance,
    positions,
    chains,
    valueCapture: valueCaptureAll,
    localValueCapture: weighted((c) => c.result.localCapture),
    upgrading,
    trends,
    benchmarks,
    stage,
    prospects,
    risks,
    facts,
    recommendations,
    missing: missingData(ws, upgrading, risks),
    network,
    survey: opts.survey,
    abm: opts.abm,
    illustrative: {
      firms: ws.firms.filter((f) => f.illustrative).length,
      indicatorYears: ws.indicators.filter((r) => r.illustrative).length,
      other: [
        ...ws.policies.filter((p) => p.illustrative).map((p) => `policies.${p.id}`),
        ...(['products', 'markets', 'buyers'] as const)
          .filter((k) => ws.concentration?.[k]?.illustrative)
          .map((k) => `concentration.${k}`),
      ],
    },
  };
}

function revenueWeighted(firms: readonly Firm[], pick: (f: Firm) => number): number {
  const total = firms.reduce((s, f) => s + f.revenue, 0);
  return total > 0 ? firms.reduce((s, f) => s + f.revenue * pick(f), 0) / total : 0;
}

/** Revenue-weighted share of manufacturing relocated, by destination. */
function relocationShares(
  ws: Workspace,
  kb: Knowledge,
): { share: number; beltAndRoad: number; inland: number } {
  const manufacturing = new Set<string>();
  for (const c of ws.chains)
    for (const s of resolveSegments(c, kb) ?? []) if (s.function === 'manufacturing') manufacturing.add(s.id);
  const moved = (f: Firm, dest?: string) =>
    Math.min(
      1,
      (f.relocations ?? [])
        .filter((r) => manufacturing.has(r.segment) && (dest === undefined || r.destination === dest))
        .reduce((s, r) => s + r.share / 100, 0),
    );
  return {
    share: revenueWeighted(ws.firms, (f) => moved(f)),
    beltAndRoad: revenueWeighted(ws.firms, (f) => moved(f, 'belt-and-road')),
    inland: revenueWeighted(ws.firms, (f) => moved(f, 'inland-china')),
  };
}

const normalise = (field: string) => field.replace(/\[\]/g, '').replace(/\[\d+\]/g, '');

/** Data the diagnosis lacked, each with what it would decide and whether the workspace declared it. */
function missingData(
  ws: Workspace,
  upgrading: Record<UpgradingType, UpgradingAssessment>,
  risks: RiskAssessment[],
): MissingItem[] {
  const decides = new Map<string, Set<string>>();
  const need = (field: string, what: string) => {
    const k = normalise(field);
    if (!decides.has(k)) decides.set(k, new Set());
    decides.get(k)?.add(what);
  };
  for (const a of Object.values(upgrading))
    for (const key of a.missing) need(`indicators.${key}`, `upgrading.${a.type}`);
  for (const r of risks) for (const m of r.missing) need(m, `risk.${r.id}`);
  // Firms listing only their main buyers are fine; a firm with no buyer data leaves governance unread.
  if (ws.firms.some((f) => !f.buyers || f.buyers.length === 0)) need('firms.buyers', 'governance');
  const declared = (ws.missingData ?? []).map((d) => ({ field: normalise(d.field), reason: d.reason }));
  return [...decides].map(([field, set]) => ({
    field,
    decides: [...set],
    declared: declared.find((d) => field === d.field || field.startsWith(`${d.field}.`))?.reason,
  }));
}
