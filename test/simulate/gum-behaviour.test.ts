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

/**
 * Free start (docs/gum-model.md §6.3): the model's own dynamics from a given state, no drift calibrated.
 * Tests that compare runs from a common state under different governance, parameters or initial levels
 * use it: under the equilibrium start each of those runs would be calibrated to stand still.
 */
const FREE = { equilibrium_start: 0 };

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

  it('puts every effect e_<from>_<to> in the gain of <to> (and its start-up calibration) and nowhere else', () => {
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
      // the gain of <to>, and its net flow at the start (<to>_net0), which the equilibrium start cancels
      expect(
        users.map((u) => u.name),
        e,
      ).toEqual([gainOf[to], `${stockOf[to]}_net0`]);
      // …multiplied by the acting factor (its level, or its initial level in the calibration)
      expect(users[0]?.equation, e).toMatch(new RegExp(`${e} \\*( gov_tech \\*)? ${stockOf[from]}\\b(?!_)`));
      expect(users[1]?.equation, e).toMatch(new RegExp(`${e} \\*( gov_tech \\*)? ${stockOf[from]}_init\\b`));
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

describe('governance shapes upgrading, free start (THEORY §2.4, table "How governance shapes upgrading"; seed 002 §2.2.2–2.2.3)', () => {
  it('captive: outside-correlation capability and functional share plateau below the ceiling without other markets', () => {
    const c = { ...FREE, ...OEM_CLUSTER, ...ONLY('captive') };
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
    const captive = runGum({ ...FREE, ...OEM_CLUSTER, ...ONLY('captive') }, 50);
    const market = runGum({ ...FREE, ...OEM_CLUSTER, ...ONLY('market') }, 50);
    expect(at(market, 'tech_capability', 3)).toBeLessThan(at(captive, 'tech_capability', 3));
    expect(last(market, 'functional_share')).toBeGreaterThan(last(captive, 'functional_share') + 0.05);
    expect(last(market, 'outside_capability')).toBeGreaterThan(last(captive, 'outside_capability'));
  });

  it('network (relational/modular) lies between captive and market in functional upgrading', () => {
    const f = (type: string) =>
      last(runGum({ ...FREE, ...OEM_CLUSTER, ...ONLY(type) }, 50), 'functional_share');
    expect(f('relational')).toBeGreaterThan(f('captive'));
    expect(f('relational')).toBeLessThan(f('market'));
    expect(f('modular')).toBeGreaterThan(f('captive'));
  });

  it('hierarchy: little local functional upgrading (below captive)', () => {
    const h = runGum({ ...FREE, ...OEM_CLUSTER, ...ONLY('hierarchy') }, 50);
    const c = runGum({ ...FREE, ...OEM_CLUSTER, ...ONLY('captive') }, 50);
    expect(last(h, 'functional_share')).toBeLessThan(last(c, 'functional_share'));
    expect(last(h, 'functional_share')).toBeLessThanOrEqual(0.2 + 1e-9);
  });
});

describe('factor interactions, free start from different levels (THEORY §3: bidirectional action of the factors)', () => {
  it('raising social capital raises cluster learning (trust carries knowledge; seed 004)', () => {
    const low = runGum({ ...FREE, social_capital0: 0.1 }, 10);
    const high = runGum({ ...FREE, social_capital0: 0.8 }, 10);
    expect(at(high, 'learning', 5)).toBeGreaterThan(at(low, 'learning', 5) + 0.02);
    const noTie = runGum({ ...FREE, e_sc_lrn: 0 }, 10);
    expect(last(runGum(FREE, 10), 'learning')).toBeGreaterThan(last(noTie, 'learning'));
  });

  it('dominant firms amplify GVC insertion (auxiliary factor → basic factor)', () => {
    const weak = runGum({ ...FREE, leading_firms0: 0.05 }, 10);
    const strong = runGum({ ...FREE, leading_firms0: 0.8 }, 10);
    expect(at(strong, 'gvc_insertion', 5)).toBeGreaterThan(at(weak, 'gvc_insertion', 5) + 0.02);
    const none = runGum({ ...FREE, e_lead_gvc: 0 }, 10);
    expect(last(runGum(FREE, 10), 'gvc_insertion')).toBeGreaterThan(last(none, 'gvc_insertion'));
  });

  it('upgrading-oriented policy cultivates every basic factor (THEORY §3, "Public policy")', () => {
    const weak = runGum({ ...FREE, policy0: 0 }, 10);
    const strong = runGum({ ...FREE, policy0: 0.9 }, 10);
    for (const f of FACTORS.filter((x) => x.kind === 'basic'))
      expect(at(strong, f.stock, 3), f.stock).toBeGreaterThan(at(weak, f.stock, 3));
  });

  it('basic factors act back on the auxiliary factors (two-way links)', () => {
    const low = runGum({ ...FREE, innovation0: 0.05 }, 10);
    const high = runGum({ ...FREE, innovation0: 0.8 }, 10);
    expect(at(high, 'leading_firms', 3)).toBeGreaterThan(at(low, 'leading_firms', 3));
    expect(at(high, 'policy', 3)).toBeGreaterThan(at(low, 'policy', 3));
  });
});

/**
 * The same interactions from the equilibrium start: a lever raises one factor of a cluster that would
 * otherwise stand still, and the rise propagates along the effect under test. Each effect is checked by
 * switching it off (the calibration then holds the start without it): the rise of the acted-on factor is
 * larger with the effect than without.
 */
describe('factor interactions from the equilibrium start (THEORY §3)', () => {
  const rise = (c: Record<string, number>, key: (typeof REPORTED)[number], years = 10) => {
    const base = runGum(c, years);
    return (lever: string) => last(runGum({ ...c, [lever]: 1 }, years), key) - last(base, key);
  };

  it('social capital raised by a cluster association raises cluster learning (e_sc_lrn; seed 004)', () => {
    const withTie = rise({}, 'learning')('lever_cluster_association');
    const noTie = rise({ e_sc_lrn: 0 }, 'learning')('lever_cluster_association');
    expect(withTie).toBeGreaterThan(0.005);
    expect(withTie).toBeGreaterThan(noTie + 0.005);
  });

  it('leading firms raised by support amplify GVC insertion (e_lead_gvc: auxiliary → basic)', () => {
    const withLink = rise({}, 'gvc_insertion')('lever_leading_firm_support');
    const noLink = rise({ e_lead_gvc: 0 }, 'gvc_insertion')('lever_leading_firm_support');
    expect(withLink).toBeGreaterThan(0.005);
    expect(withLink).toBeGreaterThan(noLink + 0.005);
  });

  it('policy raised by any lever cultivates every basic factor (e_pol_*; THEORY §3, "Public policy")', () => {
    for (const f of FACTORS.filter((x) => x.kind === 'basic')) {
      const withPolicy = rise({}, f.stock)('lever_leading_firm_support');
      const without = rise({ [`e_pol_${f.id}`]: 0 }, f.stock)('lever_leading_firm_support');
      expect(withPolicy, f.stock).toBeGreaterThan(without + 1e-4);
    }
  });

  it('innovation raised by an R&D subsidy acts back on the leading firms (e_inn_lead: basic → auxiliary)', () => {
    // (The R&D subsidy does not act on the leading firms itself; policy is not used here because every
    // lever also raises it directly.)
    expect(rise({}, 'leading_firms')('lever_rnd_subsidy')).toBeGreaterThan(
      rise({ e_inn_lead: 0 }, 'leading_firms')('lever_rnd_subsidy') + 1e-3,
    );
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

/**
 * The equilibrium start (docs/gum-model.md §6.3; Sterman 2000, Business Dynamics, ch. 19): with the
 * policies in force and no shock the diagnosed state is a steady state, so the as-is path continues the
 * present and a scenario's difference from it is the effect of its levers and shocks.
 */
describe('equilibrium start (the baseline continues the present)', () => {
  const ranges = model.model.constants.filter((c) => c.range);
  /** A deterministic draw: parameters in their ranges, any state (edges included), governance, policies. */
  const draw = (k: number): Record<string, number> => {
    let x = 12345 + k * 7919;
    const u = () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
    const c: Record<string, number> = {};
    for (const r of ranges) {
      const [lo, hi] = r.range as [number, number];
      c[r.name] = lo + (hi - lo) * u();
    }
    const edge = [0, 1, 0.005, 0.999];
    for (const s of model.stockNames)
      if (s !== 'market_reach')
        c[`${s}0`] = k % 3 === 0 && u() < 0.3 ? (edge[Math.floor(u() * 4)] as number) : u();
    c.market_reach0 = u() < 0.5 ? 0 : 0.5 * u();
    for (const g of ['market', 'modular', 'relational', 'captive', 'hierarchy'])
      c[`gov_${g}`] = u() < 0.4 ? 0 : u();
    for (const l of LEVERS)
      if (u() < 0.3) {
        const v = u();
        c[`lever_${l.key}`] = v;
        c[`lever_${l.key}_base`] = v;
      }
    return c;
  };
  /** Net flow of every stock at TIME 0. */
  const netAtStart = (c: Record<string, number>) => {
    const p = model.defaultConstants();
    for (const [k, v] of Object.entries(c)) p[model.constantIndex(k)] = v;
    const r = model.run({ method: 'rk4', dt: 1 / 12, stop: 1 / 12, saveEvery: 1 / 12, constants: p });
    return model.model.stocks.map((s) => {
      let net = 0;
      for (const f of s.inflows) net += r.series[f]?.[0] as number;
      for (const f of s.outflows) net -= r.series[f]?.[0] as number;
      return [s.name, net] as const;
    });
  };

  it('makes every derivative 0 at TIME 0 (to 1e-9) for any parameters, state, governance and policies in force', () => {
    for (let k = 0; k < 60; k++)
      for (const [stock, net] of netAtStart(draw(k)))
        expect(Math.abs(net), `draw ${k}: ${stock}`).toBeLessThan(1e-9);
    // the free start is not an equilibrium in general
    const free = netAtStart({ ...draw(1), ...FREE });
    expect(Math.max(...free.map(([, n]) => Math.abs(n)))).toBeGreaterThan(1e-3);
  });

  it('keeps the as-is path flat for 50 years (no lever, no shock) and starts at the given levels', () => {
    for (const c of [{}, OEM_CLUSTER, draw(2), draw(5)]) {
      const run = runGum(c, 50, 1);
      for (const k of REPORTED) {
        const first = run.series[k][0] as number;
        for (const v of run.series[k]) expect(Math.abs(v - first), k).toBeLessThan(1e-9);
      }
      if (c === OEM_CLUSTER) expect(run.series.tech_capability[0]).toBe(0.3);
    }
  });

  it('moves from the steady state only through levers, each raising what it acts on and lowering nothing', () => {
    const base = runGum(OEM_CLUSTER, 10);
    for (const lever of LEVERS) {
      const run = runGum(
        { ...OEM_CLUSTER, [`lever_${lever.key}`]: 0.6, [`lever_${lever.key}_start`]: 2 },
        10,
      );
      for (const target of lever.targets)
        expect(last(run, target as 'learning'), `${lever.id} → ${target}`).toBeGreaterThan(
          last(base, target as 'learning') + 1e-3,
        );
      for (const k of REPORTED)
        expect(last(run, k), `${lever.id}: ${k}`).toBeGreaterThanOrEqual(last(base, k) - 1e-12);
      expect(at(run, 'learning', 1)).toBe(at(base, 'learning', 1));
    }
  });

  it('holds a policy in force; a scenario lever with its id replaces it from its own start on', () => {
    const inForce = { ...OEM_CLUSTER, lever_training: 0.5, lever_training_base: 0.5 };
    const asIs = runGum(inForce, 10, 1);
    expect(Math.abs(last(asIs, 'learning') - (asIs.series.learning[0] as number))).toBeLessThan(1e-9);
    const more = runGum({ ...inForce, lever_training: 1, lever_training_start: 3 }, 10, 1);
    expect(at(more, 'learning', 2)).toBeCloseTo(at(asIs, 'learning', 2), 12);
    expect(last(more, 'learning')).toBeGreaterThan(last(asIs, 'learning') + 0.01);
    const stopped = runGum({ ...inForce, lever_training: 0, lever_training_start: 3 }, 10, 1);
    expect(last(stopped, 'learning')).toBeLessThan(last(asIs, 'learning') - 0.01);
  });

  it('keeps the captive ceiling binding (THEORY §2.4; seed 002 §2.2.2–2.2.3): levers that open no other market cannot lift functional upgrading above it', () => {
    const ceiling = model.defaultConstants()[model.constantIndex('gov_ceiling_captive')] as number;
    const push: Record<string, number> = { ...OEM_CLUSTER, ...ONLY('captive') };
    for (const l of LEVERS)
      if (!['domestic-market', 'export-promotion', 'professional-market'].includes(l.id))
        push[`lever_${l.key}`] = 1;
    const run = runGum(push, 50);
    expect(Math.max(...run.series.outside_capability)).toBeLessThanOrEqual(ceiling + 1e-9);
    expect(Math.max(...run.series.functional_share)).toBeLessThanOrEqual(ceiling + 1e-9);
    // the push is real (from 0.1), and it is the ceiling that holds it: lifting it lets capability rise further
    expect(last(run, 'outside_capability')).toBeGreaterThan(0.2);
    const unbound = runGum({ ...push, gov_ceiling_captive: 1 }, 50);
    expect(last(unbound, 'outside_capability')).toBeGreaterThan(last(run, 'outside_capability') + 0.05);
    for (const lever of ['lever_domestic_market', 'lever_export_promotion']) {
      const open = runGum({ ...push, [lever]: 1 }, 50);
      expect(last(open, 'outside_capability'), lever).toBeGreaterThan(ceiling + 0.1);
      expect(last(open, 'functional_share'), lever).toBeGreaterThan(last(run, 'functional_share') + 0.02);
    }
  });

  it('infers the other markets a cluster must reach when it is diagnosed above its governance ceiling', () => {
    const above = { ...ONLY('captive'), outside_capability0: 0.6, functional_share0: 0.4 };
    const run = runGum(above, 20, 1);
    expect(run.series.outside_capability[0]).toBe(0.6);
    expect(run.series.market_reach[0]).toBeGreaterThan(0);
    expect(Math.abs(last(run, 'outside_capability') - 0.6)).toBeLessThan(1e-9);
    // under the free start the same state is pulled back under the ceiling
    expect(last(runGum({ ...above, ...FREE }, 20, 1), 'outside_capability')).toBeLessThan(0.4);
  });
});
