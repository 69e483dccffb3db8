/**
 * Behaviour tests of the GUM model (knowledge/models/gum.model.yaml): each compares runs and names the
 * passage of THEORY (/work/shared/THEORY.md) or the seed it encodes. See docs/gum-model.md §8.
 */
import { describe, expect, it } from 'vitest';
import { effectNames, FACTORS, gumModel, LEVERS, REPORTED } from '../../src/simulate/gum.ts';
import { runGum } from '../../src/simulate/run.ts';

const model = gumModel();
const at = (run: ReturnType<typeof runGum>, key: (typeof REPORTED)[number], year: number) => {
  const i = run.time.findIndex((t) => Math.abs(t - year) < 1e-9);
  return run.series[key][i] as number;
};
const last = (run: ReturnType<typeof runGum>, key: (typeof REPORTED)[number]) =>
  run.series[key][run.time.length - 1] as number;

const ONLY = (type: string) => ({
  gov_market: 0,
  gov_modular: 0,
  gov_relational: 0,
  gov_captive: 0,
  gov_hierarchy: 0,
  [`gov_${type}`]: 1,
});

/** A cluster in the process stage with some capability (the model defaults otherwise). */
const OEM_CLUSTER = {
  tech_capability0: 0.3,
  innovation_capability0: 0.15,
  outside_capability0: 0.1,
  functional_share0: 0.05,
};

describe('GUM structure (THEORY §3: four basic + two auxiliary factors, 28 directed effects)', () => {
  it('has the six factors, four realisation ways and exactly 28 named effects', () => {
    const effects = effectNames();
    expect(effects).toHaveLength(28);
    expect(new Set(effects).size).toBe(28);
    for (const e of effects) expect(model.constantIndex(e), e).toBeGreaterThanOrEqual(0);
    const declared = model.constantNames.filter((n) => /^e_[a-z]+_[a-z]+$/.test(n));
    expect(declared.sort()).toEqual([...effects].sort());
    for (const f of FACTORS) expect(model.stockNames).toContain(f.stock);
  });

  it('puts every effect e_<from>_<to> in the gain of <to> and nowhere else', () => {
    const gainOf: Record<string, string> = {
      lrn: 'learning_gain',
      inn: 'innovation_gain',
      gvc: 'gvc_gain',
      sc: 'social_capital_gain',
      pol: 'policy_gain',
      lead: 'leading_gain',
    };
    const stockOf: Record<string, string> = Object.fromEntries(FACTORS.map((f) => [f.id, f.stock]));
    for (const e of effectNames()) {
      const [, from, to] = e.split('_') as [string, string, string];
      const users = [...model.model.flows, ...model.model.auxiliaries].filter((f) =>
        new RegExp(`\\b${e}\\b`).test(f.equation),
      );
      expect(
        users.map((u) => u.name),
        e,
      ).toEqual([gainOf[to]]);
      // …multiplied by the acting factor
      expect(users[0]?.equation, e).toMatch(new RegExp(`${e} \\*( gov_tech \\*)? ${stockOf[from]}\\b`));
    }
  });
});

describe('stocks stay on the 0–1 scale', () => {
  it('holds at the extremes: all levers and shocks at full size, initial states 0 and 1, 50 years', () => {
    const everything: Record<string, number> = {
      shock_demand_size: 1,
      shock_cost_size: 1,
      shock_tech_size: 1,
      shock_demand_duration: 3,
      shock_tech_duration: 3,
    };
    for (const l of LEVERS) everything[`lever_${l.key}`] = 1;
    for (const init of [0, 1]) {
      const c: Record<string, number> = { ...everything };
      for (const s of model.stockNames) c[`${s}0`] = init;
      for (const extra of [{}, ONLY('captive'), ONLY('hierarchy')]) {
        const run = runGum({ ...c, ...extra }, 50, 0.25);
        for (const k of REPORTED)
          for (const v of run.series[k]) {
            expect(v, k).toBeGreaterThanOrEqual(-1e-12);
            expect(v, k).toBeLessThanOrEqual(1 + 1e-12);
          }
      }
    }
  });
});

describe('governance shapes upgrading (THEORY §2.4, table "How governance shapes upgrading"; seed 002 §2.2.2–2.2.3)', () => {
  it('captive: outside-correlation capability and functional share plateau below the ceiling without other markets', () => {
    const c = { ...OEM_CLUSTER, ...ONLY('captive') };
    const ceiling = model.defaultConstants()[model.constantIndex('gov_ceiling_captive')] as number;
    const run = runGum(c, 50);
    expect(Math.max(...run.series.outside_capability)).toBeLessThanOrEqual(ceiling + 1e-9);
    expect(Math.max(...run.series.functional_share)).toBeLessThanOrEqual(ceiling + 1e-9);
    // the ceiling binds: lifting it (as if buyers did not guard their functions) lets both rise further
    const unbound = runGum({ ...c, gov_ceiling_captive: 1 }, 50);
    expect(last(unbound, 'outside_capability')).toBeGreaterThan(last(run, 'outside_capability') + 0.05);
    expect(last(unbound, 'functional_share')).toBeGreaterThan(last(run, 'functional_share') + 0.05);
    // and it is a plateau: the last decade hardly moves
    expect(Math.abs(last(run, 'outside_capability') - at(run, 'outside_capability', 40))).toBeLessThan(0.01);
    for (const lever of ['lever_domestic_market', 'lever_export_promotion']) {
      const open = runGum({ ...c, [lever]: 1 }, 50);
      expect(last(open, 'outside_capability'), lever).toBeGreaterThan(ceiling + 0.1);
      expect(last(open, 'functional_share'), lever).toBeGreaterThan(last(run, 'functional_share') + 0.05);
    }
  });

  it('market: slower technical upgrading early, higher functional upgrading over a long horizon', () => {
    const captive = runGum({ ...OEM_CLUSTER, ...ONLY('captive') }, 50);
    const market = runGum({ ...OEM_CLUSTER, ...ONLY('market') }, 50);
    expect(at(market, 'tech_capability', 3)).toBeLessThan(at(captive, 'tech_capability', 3));
    expect(last(market, 'functional_share')).toBeGreaterThan(last(captive, 'functional_share') + 0.05);
    expect(last(market, 'outside_capability')).toBeGreaterThan(last(captive, 'outside_capability'));
  });

  it('network (relational/modular) lies between captive and market in functional upgrading', () => {
    const f = (type: string) => last(runGum({ ...OEM_CLUSTER, ...ONLY(type) }, 50), 'functional_share');
    expect(f('relational')).toBeGreaterThan(f('captive'));
    expect(f('relational')).toBeLessThan(f('market'));
    expect(f('modular')).toBeGreaterThan(f('captive'));
  });

  it('hierarchy: little local functional upgrading (below captive)', () => {
    const h = runGum({ ...OEM_CLUSTER, ...ONLY('hierarchy') }, 50);
    const c = runGum({ ...OEM_CLUSTER, ...ONLY('captive') }, 50);
    expect(last(h, 'functional_share')).toBeLessThan(last(c, 'functional_share'));
    expect(last(h, 'functional_share')).toBeLessThanOrEqual(0.2 + 1e-9);
  });
});

describe('factor interactions (THEORY §3: bidirectional action of the factors)', () => {
  it('raising social capital raises cluster learning (trust carries knowledge; seed 004)', () => {
    const low = runGum({ social_capital0: 0.1 }, 10);
    const high = runGum({ social_capital0: 0.8 }, 10);
    expect(at(high, 'learning', 5)).toBeGreaterThan(at(low, 'learning', 5) + 0.02);
    const noTie = runGum({ e_sc_lrn: 0 }, 10);
    expect(last(runGum({}, 10), 'learning')).toBeGreaterThan(last(noTie, 'learning'));
  });

  it('dominant firms amplify GVC insertion (auxiliary factor → basic factor)', () => {
    const weak = runGum({ leading_firms0: 0.05 }, 10);
    const strong = runGum({ leading_firms0: 0.8 }, 10);
    expect(at(strong, 'gvc_insertion', 5)).toBeGreaterThan(at(weak, 'gvc_insertion', 5) + 0.02);
    const none = runGum({ e_lead_gvc: 0 }, 10);
    expect(last(runGum({}, 10), 'gvc_insertion')).toBeGreaterThan(last(none, 'gvc_insertion'));
  });

  it('upgrading-oriented policy cultivates every basic factor (THEORY §3, "Public policy")', () => {
    const weak = runGum({ policy0: 0 }, 10);
    const strong = runGum({ policy0: 0.9 }, 10);
    for (const f of FACTORS.filter((x) => x.kind === 'basic'))
      expect(at(strong, f.stock, 3), f.stock).toBeGreaterThan(at(weak, f.stock, 3));
  });

  it('basic factors act back on the auxiliary factors (two-way links)', () => {
    const low = runGum({ innovation0: 0.05 }, 10);
    const high = runGum({ innovation0: 0.8 }, 10);
    expect(at(high, 'leading_firms', 3)).toBeGreaterThan(at(low, 'leading_firms', 3));
    expect(at(high, 'policy', 3)).toBeGreaterThan(at(low, 'policy', 3));
  });
});

describe('shocks and the low road (THEORY §2.4 Kaplinsky 2000; §2.5 cluster risks)', () => {
  /** A low-road cluster: cost-dependent, captive, weak factors, in its own steady state. */
  const lowRoad = (): Record<string, number> => {
    const c: Record<string, number> = {
      ...ONLY('captive'),
      cost_dependence: 0.9,
      base_lrn: 0.01,
      base_inn: 0.005,
      learning0: 0.15,
      innovation0: 0.1,
      social_capital0: 0.2,
      policy0: 0.05,
      leading_firms0: 0.05,
      tech_capability0: 0.2,
      innovation_capability0: 0.05,
      outside_capability0: 0.05,
      sc_capability0: 0.1,
      functional_share0: 0.02,
    };
    const spin = runGum(c, 60, 60);
    for (const s of model.stockNames) c[`${s}0`] = spin.series[s as 'learning']?.[1] ?? c[`${s}0`] ?? 0;
    return c;
  };

  it('a low-road cluster with no policy loses value capture after a cost shock', () => {
    const c = lowRoad();
    const calm = runGum(c, 10);
    const shocked = runGum({ ...c, shock_cost_size: 0.5, shock_cost_start: 2 }, 10);
    const before = at(shocked, 'value_capture', 1);
    expect(last(shocked, 'value_capture')).toBeLessThan(before - 0.005);
    expect(last(shocked, 'value_capture')).toBeLessThan(last(calm, 'value_capture'));
    expect(last(shocked, 'gvc_insertion')).toBeLessThan(last(calm, 'gvc_insertion'));
  });

  it('a high-road cluster (technical capability, little cost dependence) loses less from the same shock', () => {
    const shock = { shock_cost_size: 0.5, shock_cost_start: 2 };
    const loss = (c: Record<string, number>) =>
      1 - last(runGum({ ...c, ...shock }, 10), 'value_capture') / last(runGum(c, 10), 'value_capture');
    expect(loss({ cost_dependence: 0.3, tech_capability0: 0.8 })).toBeLessThan(loss(lowRoad()));
  });

  it('a demand shock lowers GVC insertion while it lasts; a technology shock lowers technical capability', () => {
    const base = runGum({}, 10, 0.5);
    const demand = runGum(
      { shock_demand_size: 0.6, shock_demand_start: 2, shock_demand_duration: 1 },
      10,
      0.5,
    );
    expect(at(demand, 'gvc_insertion', 3)).toBeLessThan(at(base, 'gvc_insertion', 3) - 0.05);
    const tech = runGum({ shock_tech_size: 0.6, shock_tech_start: 2, shock_tech_duration: 1 }, 10, 0.5);
    expect(at(tech, 'tech_capability', 3)).toBeLessThan(at(base, 'tech_capability', 3) - 0.05);
    expect(at(base, 'gvc_insertion', 1)).toBe(at(demand, 'gvc_insertion', 1));
  });
});

describe('policy levers (THEORY §5; seeds 000–004)', () => {
  const context = { ...OEM_CLUSTER, shock_cost_size: 0.3, shock_cost_start: 0 };
  const baseline = runGum(context, 10);

  for (const lever of LEVERS)
    it(`${lever.id} raises what it acts on (${lever.targets.join(', ')}) and lowers no stock`, () => {
      const run = runGum({ ...context, [`lever_${lever.key}`]: 1, [`lever_${lever.key}_start`]: 2 }, 10);
      for (const target of lever.targets)
        expect(last(run, target as 'learning'), target).toBeGreaterThan(
          last(baseline, target as 'learning') + 1e-3,
        );
      for (const k of REPORTED) expect(last(run, k), k).toBeGreaterThanOrEqual(last(baseline, k) - 1e-12);
      // nothing moves before the lever starts
      expect(at(run, 'learning', 1)).toBe(at(baseline, 'learning', 1));
    });

  it('a lever that starts after the horizon, or has intensity 0, changes nothing', () => {
    for (const lever of LEVERS) {
      const late = runGum({ ...context, [`lever_${lever.key}`]: 1, [`lever_${lever.key}_start`]: 20 }, 10);
      const zero = runGum({ ...context, [`lever_${lever.key}`]: 0 }, 10);
      for (const k of REPORTED) {
        expect(Array.from(late.series[k]), `${lever.id} ${k}`).toEqual(Array.from(baseline.series[k]));
        expect(Array.from(zero.series[k]), `${lever.id} ${k}`).toEqual(Array.from(baseline.series[k]));
      }
    }
  });
});
