import type { Workspace } from '../domain/workspace.ts';
import { assembleNetwork, EdgeRowsBuilder, type NetworkData } from './assemble.ts';

/**
 * The network of a workspace's `actors` and `ties`. Directed when any tie says `directed: true`;
 * weighted when any tie has a weight (missing weights count 1). Attributes: name, layer, role, firm.
 */
export function networkFromWorkspace(ws: Workspace, file: string): NetworkData | undefined {
  const actors = ws.actors ?? [];
  if (actors.length === 0) return undefined;
  const name = (a: (typeof actors)[number]) => (typeof a.name === 'string' ? a.name : a.name.en);
  const attributes = new Map<string, string[]>([
    ['name', actors.map(name)],
    ['name_zh', actors.map((a) => (typeof a.name === 'string' ? a.name : a.name.zh))],
    ['layer', actors.map((a) => a.layer)],
    ['role', actors.map((a) => a.role)],
    ['firm', actors.map((a) => a.firm ?? '')],
  ]);
  const ties = ws.ties ?? [];
  const index = new Map(actors.map((a, i) => [a.id, i]));
  const rows = new EdgeRowsBuilder();
  ties.forEach((t, i) => {
    rows.push(
      index.get(t.source) as number,
      index.get(t.target) as number,
      t.weight ?? 1,
      i + 1,
      t.directed === undefined ? -1 : t.directed ? 1 : 0,
      t.type,
    );
  });
  return assembleNetwork(
    actors.map((a) => a.id),
    attributes,
    rows.build(),
    { weighted: ties.some((t) => t.weight !== undefined) },
    `${file} ties`,
  );
}
