/** Health of a dev cluster: each component's process, the API server's readiness, the nodes. */
import { readFile } from 'node:fs/promises';
import { AdminClient } from './api.ts';
import { pkiPaths } from './pki.ts';
import { runsExecutable } from './processes.ts';
import type { ComponentRecord, DevClusterState } from './state.ts';
import type { ComponentName } from './component-args.ts';

/**
 * How one component is doing: running, stopped on purpose (`ork dev stop`), or crashed (exited by
 * itself; it carries the tail of its log).
 */
export interface ComponentHealth {
  name: ComponentName;
  pid: number;
  state: 'running' | 'stopped' | 'crashed';
  logTail?: string[];
}

/** The whole picture, as `ork dev status` prints it. */
export interface DevClusterHealth {
  components: ComponentHealth[];
  apiReady: boolean;
  nodesReady: number;
  nodesTotal: number;
  healthy: boolean;
}

const LOG_TAIL_LINES = 15;

/** Checks every recorded component and asks the API server about readiness and nodes. */
export async function checkHealth(state: DevClusterState, pkiDir: string): Promise<DevClusterHealth> {
  const components = await Promise.all(state.components.map(componentHealth));
  const client = new AdminClient(state.server, pkiPaths(pkiDir));
  try {
    const apiReady = (await client.get('/readyz')).status === 200;
    const nodes = apiReady ? await countReadyNodes(client) : { ready: 0, total: 0 };
    const allRunning = components.every((c) => c.state === 'running');
    return {
      components,
      apiReady,
      nodesReady: nodes.ready,
      nodesTotal: nodes.total,
      healthy: allRunning && apiReady && nodes.ready > 0,
    };
  } finally {
    client.close();
  }
}

/** How one recorded component is doing. */
export async function componentHealth(record: ComponentRecord): Promise<ComponentHealth> {
  if (runsExecutable(record.pid, record.exe)) return { name: record.name, pid: record.pid, state: 'running' };
  if (record.stopped) return { name: record.name, pid: record.pid, state: 'stopped' };
  return { name: record.name, pid: record.pid, state: 'crashed', logTail: await tailOf(record.log) };
}

/** The last lines of a log file. */
export async function tailOf(file: string, lines = LOG_TAIL_LINES): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-lines);
}

interface NodeList {
  items?: { status?: { conditions?: { type: string; status: string }[] } }[];
}

/** Counts nodes and those whose Ready condition is True. */
export async function countReadyNodes(client: AdminClient): Promise<{ ready: number; total: number }> {
  const res = await client.get('/api/v1/nodes');
  if (res.status !== 200) return { ready: 0, total: 0 };
  const items = (JSON.parse(res.body) as NodeList).items ?? [];
  const ready = items.filter((n) =>
    n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  );
  return { ready: ready.length, total: items.length };
}
