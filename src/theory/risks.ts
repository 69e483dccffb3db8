import type { RiskDefinition } from '../domain/knowledge.ts';
import type { Knowledge } from '../domain/knowledge-base.ts';
import type { Firm, IndicatorKey, ShareList, Workspace } from '../domain/workspace.ts';
import type { GovernanceMix } from './governance.ts';
import type { PositionMix } from './positions.ts';
import { latest, type Trend } from './trends.ts';

export type RiskLevel = 'low' | 'medium' | 'high' | 'unknown';

export interface RiskAssessment {
  id: string;
  level: RiskLevel;
  /** The measure, in the unit of the definition; undefined when the data cannot give it. */
  value: number | undefined;
  /** Named inputs behind the value (for the evidence list). */
  inputs: Record<string, number | string | boolean>;
  /** Data that would let the risk be assessed, when it is unknown. */
  missing: string[];
  /** Set when the measure crosses a threshold but a gating condition of the definition is not met. */
  gated?: 'margins-not-falling' | 'margins-healthy';
  definition: RiskDefinition;
}

/** Herfindahl–Hirschman index of percentage shares (0–10,000). */
export function hhi(sharesPercent: readonly number[]): number {
  return sharesPercent.reduce((s, x) => s + x * x, 0);
}

export function levelOf(value: number, def: RiskDefinition): Exclude<RiskLevel, 'unknown'> {
  const t = def.thresholds;
  if (t.direction === 'below') return value <= t.high ? 'high' : value <= t.medium ? 'medium' : 'low';
  return value >= t.high ? 'high' : value >= t.medium ? 'medium' : 'low';
}

export interface RiskInputs {
  workspace: Workspace;
  governance: GovernanceMix;
  positions: PositionMix;
  trends: Map<IndicatorKey, Trend>;
  /** Latest profit-tax rate minus the Zhejiang benchmark for the industry, when both exist. */
  profitTaxGap: number | undefined;
  /** Revenue-weighted share of manufacturing activity relocated, 0–1. */
  relocatedManufacturing: number;
}

/** Buyer shares of total cluster sales, from the declared list or aggregated from firms' buyer lists. */
export function buyerShares(ws: Workspace): { shares: number[]; from: 'declared' | 'firms' } | undefined {
  if (ws.concentration?.buyers)
    return { shares: ws.concentration.buyers.items.map((i) => i.share), from: 'declared' };
  const total = ws.firms.reduce((s, f) => s + f.revenue, 0);
  const byName = new Map<string, number>();
  for (const f of ws.firms)
    for (const b of f.buyers ?? [])
      byName.set(b.name, (byName.get(b.name) ?? 0) + (f.revenue * b.salesShare) / 100);
  if (byName.size === 0 || total <= 0) return undefined;
  return { shares: [...byName.values()].map((v) => (100 * v) / total), from: 'firms' };
}

/** Revenue-weighted mean share (%) of each firm's sales going to its largest buyer. */
export function topBuyerDependence(firms: readonly Firm[]): number | undefined {
  let w = 0;
  let s = 0;
  for (const f of firms) {
    if (!f.buyers || f.buyers.length === 0) continue;
    s += f.revenue * Math.max(...f.buyers.map((b) => b.salesShare));
    w += f.revenue;
  }
  return w > 0 ? s / w : undefined;
}

/** Assesses every risk of the catalogue (THEORY §2.5). */
export function assessRisks(inp: RiskInputs, kb: Pick<Knowledge, 'risks'>): RiskAssessment[] {
  const def = (id: string): RiskDefinition => {
    const d = kb.risks.get(id);
    if (!d) throw new Error(`risk ${id} missing from knowledge/risks.yaml`);
    return d;
  };
  const out: RiskAssessment[] = [];
  const add = (
    id: string,
    value: number | undefined,
    inputs: RiskAssessment['inputs'],
    missing: string[] = [],
    gate?: RiskAssessment['gated'],
  ) => {
    const d = def(id);
    let level: RiskLevel = value === undefined ? 'unknown' : levelOf(value, d);
    let gated: RiskAssessment['gated'];
    if (gate && level !== 'low' && level !== 'unknown') {
      gated = gate;
      level = 'low';
    }
    out.push({
      id,
      level,
      value,
      inputs,
      missing: value === undefined ? missing : [],
      definition: d,
      ...(gated ? { gated } : {}),
    });
  };
  const ws = inp.workspace;
  const shareList = (l: ShareList | undefined) => (l ? hhi(l.items.map((i) => i.share)) : undefined);

  add('product-concentration', shareList(ws.concentration?.products), {}, ['concentration.products']);
  add('market-concentration', shareList(ws.concentration?.markets), {}, ['concentration.markets']);
  const buyers = buyerShares(ws);
  add(
    'buyer-concentration',
    buyers ? hhi(buyers.shares) : undefined,
    buyers ? { buyers: buyers.shares.length, from: buyers.from } : {},
    ['concentration.buyers', 'firms[].buyers'],
  );
  const dep = topBuyerDependence(ws.firms);
  add('buyer-dependence', dep, {}, ['firms[].buyers']);

  const margin = inp.trends.get('profitTaxPer100Yuan');
  const marginsFalling = margin ? margin.direction === 'down' : undefined;
  add(
    'bertrand-trap',
    margin ? inp.positions.lowEnd : undefined,
    margin
      ? { lowEnd: inp.positions.lowEnd, marginTrend: margin.relative, marginDirection: margin.direction }
      : {},
    ['indicators.profitTaxPer100Yuan'],
    marginsFalling ? undefined : 'margins-not-falling',
  );

  const g = inp.governance;
  const classified = g.relationships > 0;
  const captiveShare = g.shares.captive + g.shares.hierarchy;
  add(
    'lockin-functional',
    classified ? captiveShare : undefined,
    { captive: g.shares.captive, hierarchy: g.shares.hierarchy },
    ['firms[].buyers'],
  );

  const rnd = inp.trends.get('rndIntensity');
  const rndLatest = rnd?.latest ?? latest(ws.indicators, 'rndIntensity')?.value;
  add('lockin-cognitive', rndLatest, rndLatest === undefined ? {} : { rndIntensity: rndLatest }, [
    'indicators.rndIntensity',
  ]);

  const policies = ws.policies;
  const protective = policies.filter((p) => p.orientation === 'protective').length;
  add(
    'lockin-political',
    policies.length > 0 ? protective / policies.length : undefined,
    { policies: policies.length, protective },
    ['policies'],
  );

  add('hollowing-out', inp.relocatedManufacturing * (1 - inp.positions.highEnd), {
    relocated: inp.relocatedManufacturing,
    highEnd: inp.positions.highEnd,
  });

  const signals: Record<string, boolean> = {};
  if (margin) signals.profitFalling = margin.direction === 'down';
  if (rndLatest !== undefined) signals.lowRnd = rndLatest < 1;
  const lp = inp.trends.get('laborProductivity');
  if (lp) signals.productivityStagnant = lp.direction !== 'up';
  const mu = inp.trends.get('outputPerMu');
  if (mu) signals.landEfficiencyStagnant = mu.direction !== 'up';
  const known = Object.keys(signals).length;
  add('low-road', known >= 3 ? Object.values(signals).filter(Boolean).length / known : undefined, signals, [
    'indicators.profitTaxPer100Yuan',
    'indicators.rndIntensity',
    'indicators.laborProductivity',
    'indicators.outputPerMu',
  ]);

  const squeezed = (inp.profitTaxGap !== undefined && inp.profitTaxGap < 0) || marginsFalling === true;
  const marginKnown = inp.profitTaxGap !== undefined || margin !== undefined;
  add(
    'lead-firm-capture',
    classified && marginKnown ? captiveShare : undefined,
    {
      captive: g.shares.captive,
      hierarchy: g.shares.hierarchy,
      ...(inp.profitTaxGap !== undefined ? { profitTaxGap: inp.profitTaxGap } : {}),
      ...(marginsFalling !== undefined ? { marginsFalling } : {}),
    },
    ['firms[].buyers', 'indicators.profitTaxPer100Yuan'],
    squeezed ? undefined : 'margins-healthy',
  );
  return out;
}
