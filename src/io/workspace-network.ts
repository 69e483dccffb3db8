import { dirname, resolve } from 'node:path';
import type { Workspace } from '../domain/workspace.ts';
import type { NetworkData } from '../network/assemble.ts';
import { networkFromWorkspace } from '../network/from-workspace.ts';
import { loadNetworkCsv } from './network-csv.ts';

/**
 * The network of a workspace: the node and edge CSV files it references (paths relative to the workspace
 * file), or else its actors and ties; undefined when it has neither. Shared by `climb network`,
 * `climb diagnose`, the GUM simulation and the ABM's initial network.
 */
export function workspaceNetwork(ws: Workspace, file: string): NetworkData | undefined {
  if (ws.network) {
    const base = dirname(resolve(file));
    return loadNetworkCsv(resolve(base, ws.network.nodes), resolve(base, ws.network.edges), {
      ...(ws.network.directed !== undefined ? { directed: ws.network.directed } : {}),
      ...(ws.network.weight ? { weight: ws.network.weight } : {}),
    });
  }
  return networkFromWorkspace(ws, file);
}
