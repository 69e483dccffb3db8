import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.ts';
import type { Workspace } from '../../src/domain/workspace.ts';
import { networkFromWorkspace } from '../../src/network/from-workspace.ts';
import { kb, workspace } from '../helpers.ts';

type Actor = NonNullable<Workspace['actors']>[number];
type Tie = NonNullable<Workspace['ties']>[number];
const actor = (id: string, layer: Actor['layer'], role = 'manufacturer'): Actor => ({
  id,
  name: id,
  layer,
  role,
});

function withNetwork(actors: Actor[], ties: Tie[]) {
  const ws = workspace({ actors, ties });
  const network = networkFromWorkspace(ws, 'test');
  if (!network) throw new Error('no network');
  return diagnose(ws, kb, { network });
}

const ids = (d: ReturnType<typeof withNetwork>) => d.recommendations.map((r) => r.rule.id);

describe('network facts drive the network rules (THEORY §4)', () => {
  // Twelve firms in four closed triangles, joined in a ring, and one outside buyer tied to one firm.
  const firms = Array.from({ length: 12 }, (_, i) => actor(`f${i}`, 'core'));
  const triangles: Tie[] = [];
  for (let t = 0; t < 4; t++) {
    const [a, b, c] = [3 * t, 3 * t + 1, 3 * t + 2];
    triangles.push(
      { source: `f${a}`, target: `f${b}` },
      { source: `f${b}`, target: `f${c}` },
      { source: `f${a}`, target: `f${c}` },
    );
    triangles.push({ source: `f${c}`, target: `f${(3 * t + 3) % 12}` });
  }

  it('a closed network with few outside ties fires the lock-in rule (Grabher 1993)', () => {
    const d = withNetwork(
      [...firms, actor('buyer', 'external', 'global_buyer')],
      [...triangles, { source: 'buyer', target: 'f0' }],
    );
    expect(d.facts.get('network.transitivity') as number).toBeGreaterThanOrEqual(0.3);
    expect(d.facts.get('network.openness') as number).toBeLessThan(0.1);
    expect(ids(d)).toContain('net.closure.open-up');
  });

  it('an open network does not', () => {
    const buyers = Array.from({ length: 6 }, (_, i) => actor(`b${i}`, 'external', 'global_buyer'));
    const outside: Tie[] = buyers.map((b, i) => ({ source: b.id, target: `f${i * 2}` }));
    const d = withNetwork([...firms, ...buyers], [...triangles, ...outside]);
    expect(d.facts.get('network.openness') as number).toBeGreaterThan(0.1);
    expect(ids(d)).not.toContain('net.closure.open-up');
  });

  it('outside ties held by one firm fire the gatekeeper-vulnerability rule (Giuliani & Bell 2005)', () => {
    const buyers = Array.from({ length: 4 }, (_, i) => actor(`b${i}`, 'external', 'global_buyer'));
    const d = withNetwork(
      [...firms, ...buyers],
      [...triangles, ...buyers.map((b) => ({ source: b.id, target: 'f0' }))],
    );
    expect(d.facts.get('network.externalConcentration')).toBeCloseTo(1, 12);
    expect(ids(d)).toContain('net.gatekeepers.broaden');
    const spread = withNetwork(
      [...firms, ...buyers],
      [...triangles, ...buyers.map((b, i) => ({ source: b.id, target: `f${3 * i + 1}` }))],
    );
    expect(ids(spread)).not.toContain('net.gatekeepers.broaden');
  });

  it('a fragmented network fires the broker rule (Burt 1992)', () => {
    const pairs: Tie[] = Array.from({ length: 6 }, (_, i) => ({
      source: `f${2 * i}`,
      target: `f${2 * i + 1}`,
    }));
    const d = withNetwork(firms, pairs);
    expect(d.facts.get('network.fragmentation') as number).toBeGreaterThan(0.8);
    expect(ids(d)).toContain('net.fragmented.brokers');
  });

  it('no network, no network facts', () => {
    const d = diagnose(workspace(), kb);
    expect(d.facts.has('network.available')).toBe(false);
    expect(ids(d).some((id) => id.startsWith('net.'))).toBe(false);
  });
});
