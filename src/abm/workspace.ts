import type { Knowledge } from '../domain/knowledge-base.ts';
import { GOVERNANCE_TYPES, POSITIONS } from '../domain/vocabulary.ts';
import type { Workspace } from '../domain/workspace.ts';
import { workspaceNetwork } from '../io/workspace-network.ts';
import type { NetworkData } from '../network/assemble.ts';
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

/**
 * The knowledge-network template of a workspace's network (actors and ties, or its network files): the
 * core-layer nodes are the cluster's firms; `partners` lists each one's ties to other core nodes (either
 * direction, CSR); a core node tied to an external-layer actor (global buyer, MNC lead firm) is a
 * gatekeeper (`ext`), one tied to a technology-providing auxiliary actor (university, research institute,
 * training body, platform) is linked to the platform; `lead` marks lead firms (`lead_firm` column, or role
 * lead firm). docs/abm.md §5 says how the initial network is cloned from it. Plain typed arrays, so it can
 * be passed to experiment workers.
 */
export interface NetworkTemplate {
  ids: string[];
  offsets: Int32Array;
  partners: Int32Array;
  ext: Uint8Array;
  platform: Uint8Array;
  lead: Uint8Array;
}

const TECH_ROLES = new Set([
  'university',
  'research_institute',
  'training',
  'platform',
  'technology_platform',
  'common_technology_platform',
]);

export function networkTemplate(data: NetworkData): NetworkTemplate | undefined {
  const g = data.graph;
  const layer = data.attributes.get('layer');
  if (!layer) return undefined;
  const role = data.attributes.get('role') ?? [];
  const leadCol = data.attributes.get('lead_firm');
  const core = new Int32Array(g.n).fill(-1);
  const ids: string[] = [];
  for (let v = 0; v < g.n; v++) if (layer[v] === 'core') core[v] = ids.push(g.ids[v] as string) - 1;
  if (ids.length === 0) return undefined;
  const C = ids.length;
  const ext = new Uint8Array(C);
  const platform = new Uint8Array(C);
  const lead = new Uint8Array(C);
  const lists: number[][] = ids.map(() => []);
  const visit = (v: number, w: number) => {
    const c = core[v] as number;
    if (c < 0) return;
    const cw = core[w] as number;
    if (cw >= 0) {
      if (cw !== c && !(lists[c] as number[]).includes(cw)) (lists[c] as number[]).push(cw);
    } else if (layer[w] === 'external') ext[c] = 1;
    else if (TECH_ROLES.has((role[w] ?? '').toLowerCase())) platform[c] = 1;
  };
  for (let v = 0; v < g.n; v++) {
    for (let e = g.outOffsets[v] as number; e < (g.outOffsets[v + 1] as number); e++)
      visit(v, g.outTargets[e] as number);
    for (let e = g.inOffsets[v] as number; e < (g.inOffsets[v + 1] as number); e++)
      visit(v, g.inSources[e] as number);
    const c = core[v] as number;
    if (c >= 0) {
      const l = (leadCol?.[v] ?? '').trim().toLowerCase();
      lead[c] = l === '1' || l === 'true' || /lead/.test(role[v] ?? '') ? 1 : 0;
    }
  }
  const offsets = new Int32Array(C + 1);
  for (let c = 0; c < C; c++) offsets[c + 1] = (offsets[c] as number) + (lists[c] as number[]).length;
  const partners = new Int32Array(offsets[C] as number);
  lists.forEach((l, c) => {
    partners.set(l, offsets[c] as number);
  });
  return { ids, offsets, partners, ext, platform, lead };
}

/**
 * The network template of a workspace, when it has a network: its network files (relative to the
 * workspace file) or its actors and ties — read as `climb network` reads them (src/cli/network.ts).
 */
export function workspaceNetworkTemplate(ws: Workspace, file: string): NetworkTemplate | undefined {
  const data = workspaceNetwork(ws, file);
  return data ? networkTemplate(data) : undefined;
}
