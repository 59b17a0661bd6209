/** The record of a running dev cluster, kept in its run directory as state.json. */
import { readFile, writeFile } from 'node:fs/promises';
import type { AuditLogFiles, ComponentName } from './component-args.ts';
import { DevClusterError } from './errors.ts';
import type { DevClusterLayout } from './layout.ts';
import type { DevClusterPorts } from './ports.ts';

/** A started component: what we started, so that we stop exactly that. */
export interface ComponentRecord {
  name: ComponentName;
  pid: number;
  exe: string;
  log: string;
  /** Set by `ork dev stop`: not running on purpose (not a crash), until `ork dev start`. */
  stopped?: boolean;
}

/** Everything `ork dev status` and `down` need to know about a cluster `up` started. */
export interface DevClusterState {
  server: string;
  ports: DevClusterPorts;
  kubeconfig: string;
  etcdDataDir: string;
  startedAt: string;
  /** The API server's audit log and its policy, when the cluster was started with one. */
  audit?: AuditLogFiles | undefined;
  components: ComponentRecord[];
}

/** Reads the state file; undefined when there is none. */
export async function readState(file: string): Promise<DevClusterState | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as DevClusterState;
  } catch {
    return undefined;
  }
}

/** Writes the state file. */
export async function writeState(file: string, state: DevClusterState): Promise<void> {
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/**
 * The state, and the record of component `name` in it.
 * @throws DevClusterError when no cluster runs in the layout, or it has no such component
 */
export async function recordOf(
  layout: DevClusterLayout,
  name: ComponentName,
): Promise<{ state: DevClusterState; index: number; record: ComponentRecord }> {
  const state = await readState(layout.stateFile);
  if (!state)
    throw new DevClusterError(`no dev cluster runs in ${layout.runDir}`, 'start it with `ork dev up`');
  const index = state.components.findIndex((c) => c.name === name);
  const record = state.components[index];
  if (!record) throw new DevClusterError(`the dev cluster in ${layout.runDir} has no ${name}`);
  return { state, index, record };
}
