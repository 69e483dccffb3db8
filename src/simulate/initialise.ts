/**
 * Start from the cluster as it is (issue 3 item 4): the GUM model's initial state and governance
 * constants from a diagnosis, and from a survey's GUM factor profile when there is one. Pure: takes the
 * diagnosis and the profile, returns constants and the basis of each. The mapping and its rationale are
 * documented in docs/gum-model.md §6.
 */
import type { FactValue } from '../advise/conditions.ts';
import type { Diagnosis } from '../diagnose/diagnose.ts';
import { GOVERNANCE_TYPES, type PolicyLever } from '../domain/vocabulary.ts';
import type { GumProfile } from '../measure/survey/profile.ts';
import { FACTORS, leverById, WAYS } from './gum.ts';

// The survey's GUM factor scores: `mean` and its interval on the questionnaire's scale, `scaled` on 0–1.
// Only `scaled` is used.
export type { GumProfile } from '../measure/survey/profile.ts';

export type Basis = 'survey' | 'indicators' | 'default';

export interface InitialValue {
  constant: string;
  value: number;
  basis: Basis;
  /** What the value was read from: fact names of the diagnosis, or the survey construct. */
  from: string[];
}

export interface Initialisation {
  constants: Record<string, number>;
  values: InitialValue[];
  /** Calendar year of TIME = 0: the latest indicator year, or the current year. */
  baseYear: number;
  /** Levers of the policies in force, at their intensity from year 0. */
  policies: { lever: PolicyLever; intensity: number; id: string }[];
  /** The governance mix used (shares of the five types); `classified` false when the default was kept. */
  governance: { shares: Record<string, number>; classified: boolean };
  surveyN: number | undefined;
}

/** Default intensity of a policy in force that states none. */
export const DEFAULT_POLICY_INTENSITY = 0.5;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Each signal maps a diagnosis fact to 0–1; a factor's initial level is the mean of the signals present. */
interface Signal {
  fact: string;
  map: (v: number) => number;
}
const id = (v: number) => v;
const score = (v: number) => (v + 1) / 2;
const upTo = (full: number) => (v: number) => v / full;

/**
 * Indicator signals of each stock (docs/gum-model.md §6.2). Percent indicators are read on their %
 * scale; "full" is the level taken as the top of the 0–1 scale (Climb's assumption, documented there).
 */
export const SIGNALS: Record<string, Signal[]> = {
  learning: [
    { fact: 'upgrading.process.score', map: score },
    { fact: 'indicator.certifiedFirmShare.latest', map: upTo(100) },
    { fact: 'network.transitivity', map: id },
    { fact: 'indicator.designStaffShare.latest', map: upTo(15) },
  ],
  innovation: [
    { fact: 'indicator.newProductOutputRate.latest', map: upTo(50) },
    { fact: 'indicator.rndIntensity.latest', map: upTo(5) },
    { fact: 'upgrading.product.score', map: score },
  ],
  gvc_insertion: [
    { fact: 'market.exportShare', map: id },
    { fact: 'indicator.exportDeliveryRatio.latest', map: upTo(100) },
  ],
  social_capital: [
    { fact: 'network.transitivity', map: id },
    { fact: 'network.fragmentation', map: (v) => 1 - v },
    { fact: 'network.density', map: upTo(0.3) },
  ],
  leading_firms: [{ fact: 'firms.dominantShare', map: upTo(0.6) }],
  tech_capability: [
    { fact: 'upgrading.process.score', map: score },
    { fact: 'upgrading.product.score', map: score },
    { fact: 'indicator.certifiedFirmShare.latest', map: upTo(100) },
    { fact: 'positions.OEA', map: (v) => 1 - v },
  ],
  innovation_capability: [
    { fact: 'indicator.rndIntensity.latest', map: upTo(5) },
    { fact: 'indicator.newProductOutputRate.latest', map: upTo(50) },
    { fact: 'positions.highEnd', map: upTo(0.6) },
  ],
  outside_capability: [
    { fact: 'upgrading.functional.score', map: score },
    { fact: 'indicator.ownBrandShare.latest', map: upTo(60) },
    { fact: 'positions.OBM', map: upTo(0.5) },
    { fact: 'network.openness', map: id },
  ],
  sc_capability: [
    { fact: 'network.transitivity', map: id },
    { fact: 'network.coreFit', map: id },
  ],
};

const num = (facts: Map<string, FactValue>, k: string): number | undefined => {
  const v = facts.get(k);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

/**
 * The initial constants of the GUM model for a diagnosed cluster. A survey profile, when given, sets
 * the ten factor and way levels it measures (its `scaled` score); the rest come from the indicator
 * signals, and a stock with neither keeps the model's default (`defaults`).
 */
export function initialiseGum(
  d: Diagnosis,
  profile: GumProfile | null,
  defaults: Record<string, number>,
): Initialisation {
  const facts = d.facts;
  const constants: Record<string, number> = {};
  const values: InitialValue[] = [];
  const set = (constant: string, value: number, basis: Basis, from: string[]) => {
    const v = clamp01(value);
    constants[constant] = v;
    values.push({ constant, value: v, basis, from });
  };
  const stocks: { stock: string; construct: string }[] = [...FACTORS, ...WAYS];
  for (const { stock, construct } of stocks) {
    const constant = `${stock}0`;
    const p = profile?.factors[construct];
    if (p && Number.isFinite(p.scaled)) {
      set(constant, p.scaled, 'survey', [`survey.${construct}`]);
      continue;
    }
    if (stock === 'policy') {
      const pol = policyLevel(d);
      if (pol) set(constant, pol.value, 'indicators', pol.from);
      else set(constant, defaults[constant] ?? 0, 'default', []);
      continue;
    }
    const present = (SIGNALS[stock] ?? []).flatMap((s) => {
      const v = num(facts, s.fact);
      return v === undefined ? [] : [{ fact: s.fact, v: clamp01(s.map(v)) }];
    });
    if (present.length === 0) set(constant, defaults[constant] ?? 0, 'default', []);
    else
      set(
        constant,
        present.reduce((a, b) => a + b.v, 0) / present.length,
        'indicators',
        present.map((s) => s.fact),
      );
  }

  // Functional upgrading: the ODM+OBM revenue share; cost dependence: the OEA+OEM share (the low road).
  const highEnd = num(facts, 'positions.highEnd');
  if (highEnd !== undefined) set('functional_share0', highEnd, 'indicators', ['positions.highEnd']);
  else set('functional_share0', defaults.functional_share0 ?? 0, 'default', []);
  const lowEnd = num(facts, 'positions.lowEnd');
  if (lowEnd !== undefined) {
    const margin = num(facts, 'indicator.profitTaxPer100Yuan.gap');
    // A profit-and-tax rate below the sector benchmark (seed 003) marks a cluster competing on cost.
    const squeeze = margin === undefined ? 0 : Math.min(0.2, Math.max(-0.2, -margin / 10));
    set(
      'cost_dependence',
      clamp01(lowEnd + squeeze),
      'indicators',
      margin === undefined ? ['positions.lowEnd'] : ['positions.lowEnd', 'indicator.profitTaxPer100Yuan.gap'],
    );
  } else set('cost_dependence', defaults.cost_dependence ?? 0.6, 'default', []);
  set('market_reach0', 0, 'default', []);

  // Governance: the five GHS types, renormalised over the classified part (exclusion and
  // not-expected relationships are left out).
  const shares: Record<string, number> = {};
  let total = 0;
  for (const g of GOVERNANCE_TYPES) total += d.governance.shares[g];
  const classified = total > 0;
  for (const g of GOVERNANCE_TYPES) {
    const v = classified ? d.governance.shares[g] / total : (defaults[`gov_${g}`] ?? 0);
    shares[g] = v;
    constants[`gov_${g}`] = v;
  }

  // The smile curve of the cluster's chains, weighted by revenue.
  const smile = smileShares(d);
  if (smile) {
    constants.smile_manufacturing = smile.manufacturing;
    constants.smile_high_end = smile.highEnd;
  }

  // Policies in force: their levers, from year 0.
  const baseYear = Math.max(0, ...d.workspace.indicators.map((r) => r.year)) || new Date().getFullYear();
  const policies: Initialisation['policies'] = [];
  for (const p of d.workspace.policies) {
    const spec = leverById(p.lever);
    if (!spec || p.orientation === 'protective') continue;
    if (p.since !== undefined && p.since > baseYear) continue;
    if (p.until !== undefined && p.until < baseYear) continue;
    const intensity = p.intensity ?? DEFAULT_POLICY_INTENSITY;
    const key = `lever_${spec.key}`;
    constants[key] = Math.max(constants[key] ?? 0, intensity);
    constants[`${key}_start`] = 0;
    // In force at the diagnosis: part of the present the equilibrium start holds (docs/gum-model.md §6.3),
    // and acting until a scenario lever with the same id starts.
    constants[`${key}_base`] = constants[key] as number;
    policies.push({ lever: spec.id, intensity, id: p.id });
  }

  // Value capture: the model scales its smile-curve capture so that year 0 equals the diagnosed one.
  if (d.valueCapture > 0) constants.vc_observed = d.valueCapture;
  return {
    constants,
    values,
    baseYear,
    policies,
    governance: { shares, classified },
    surveyN: profile?.n,
  };
}

/** The policy factor: the upgrading policies in force (count and intensity) — none found gives no signal. */
function policyLevel(d: Diagnosis): { value: number; from: string[] } | undefined {
  const year = Math.max(0, ...d.workspace.indicators.map((r) => r.year)) || new Date().getFullYear();
  const inForce = d.workspace.policies.filter(
    (p) =>
      p.lever !== 'other' &&
      (p.since === undefined || p.since <= year) &&
      (p.until === undefined || p.until >= year),
  );
  if (d.workspace.policies.length === 0) return undefined;
  let level = 0;
  for (const p of inForce) {
    const w = p.intensity ?? DEFAULT_POLICY_INTENSITY;
    level += p.orientation === 'protective' ? -0.1 * w : 0.2 * w;
  }
  // Each upgrading policy at full intensity adds 0.2 on top of a floor of 0.1; protective ones subtract.
  return { value: clamp01(0.1 + level), from: inForce.map((p) => `policy.${p.lever}`) };
}

/** Revenue-weighted value shares of the manufacturing side and of the high-end segments. */
export function smileShares(d: Diagnosis): { manufacturing: number; highEnd: number } | undefined {
  let w = 0;
  let m = 0;
  let h = 0;
  for (const c of d.chains) {
    const weight = c.revenue > 0 ? c.revenue : 0;
    if (weight === 0 || c.result.segments.length === 0) continue;
    let cm = 0;
    let ch = 0;
    for (const s of c.result.segments) {
      const f = s.segment.function;
      if (f === 'manufacturing' || f === 'sourcing' || f === 'logistics') cm += s.segment.valueShare;
      else ch += s.segment.valueShare;
    }
    w += weight;
    m += weight * cm;
    h += weight * ch;
  }
  return w > 0 ? { manufacturing: m / w, highEnd: h / w } : undefined;
}
