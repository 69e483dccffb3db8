import type { Knowledge } from '../domain/knowledge-base.ts';
import { GOVERNANCE_TYPES, POSITIONS } from '../domain/vocabulary.ts';
import type { Workspace } from '../domain/workspace.ts';
import { classifyGovernance } from '../theory/governance.ts';
import { mainPosition } from '../theory/positions.ts';
import { resolveSegments } from '../theory/value-capture.ts';
import type { FirmTemplate } from './init.ts';

const SIZE = { micro: 0.3, small: 0.6, medium: 1.5, large: 4 } as const;

/**
 * Firm templates from a workspace (docs/abm.md §5): each workspace firm becomes one template — its main
 * position (largest revenue share, src/theory/positions.ts), domestic share = 1 − export share, size class,
 * leading-firm mark, and the GHS governance (src/theory/governance.ts) of its largest export buyer
 * relationship (−1 when it has none, or when the classifier says exclusion / not expected).
 */
export function workspaceTemplates(ws: Workspace, kb: Knowledge): FirmTemplate[] {
  return ws.firms.map((f) => {
    const exportBuyers = (f.buyers ?? []).filter((b) => b.market === 'export');
    const main = exportBuyers.sort((a, b) => b.salesShare - a.salesShare)[0];
    let gov = -1;
    if (main) {
      const r = classifyGovernance(
        {
          complexity: main.complexity,
          codifiability: main.codifiability,
          capability: main.capability,
          ...(main.scale ? { scale: main.scale } : {}),
        },
        kb.ghs,
      );
      gov = GOVERNANCE_TYPES.indexOf(r.type as (typeof GOVERNANCE_TYPES)[number]);
    }
    return {
      id: f.id,
      pos: POSITIONS.indexOf(mainPosition(f)),
      dom: Math.max(0, Math.min(1, 1 - f.exportShare / 100)),
      gov,
      size: SIZE[f.size],
      lead: f.dominant === true,
    };
  });
}

/** The workspace's first chain's segments (for smile-curve value shares), when it has them. */
export function workspaceSegments(ws: Workspace, kb: Knowledge) {
  const chain = ws.chains[0];
  return chain ? resolveSegments(chain, kb) : undefined;
}
