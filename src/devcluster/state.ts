/** The record of a running dev cluster, kept in its run directory as state.json. */
import { readFile, writeFile } from 'node:fs/promises';
import type { ComponentName } from './component-args.ts';
import type { DevClusterPorts } from './ports.ts';

/** A started component: what we started, so that we stop exactly that. */
export interface ComponentRecord {
  name: ComponentName;
  pid: number;
  exe: string;
  log: string;
}

/** Everything `ork dev status` and `down` need to know about a cluster `up` started. */
export interface DevClusterState {
  server: string;
  ports: DevClusterPorts;
  kubeconfig: string;
  etcdDataDir: string;
  startedAt: string;
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
