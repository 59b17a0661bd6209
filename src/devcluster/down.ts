/** `ork dev down`: stop exactly the processes `up` started (by pid), and remove their state. */
import { rm } from 'node:fs/promises';
import type { DevClusterLayout } from './layout.ts';
import { stopProcess } from './processes.ts';
import { readState } from './state.ts';

/** What `down` did. */
export interface DownResult {
  /** Components that were running and were stopped. */
  stopped: string[];
  /** False when there was no cluster to stop. */
  found: boolean;
}

/** Stops the cluster's processes in reverse start order, then deletes its etcd data and run directory. */
export async function down(layout: DevClusterLayout): Promise<DownResult> {
  const state = await readState(layout.stateFile);
  if (!state) {
    await rm(layout.runDir, { recursive: true, force: true });
    return { stopped: [], found: false };
  }
  const stopped: string[] = [];
  for (const record of [...state.components].reverse()) {
    const wasOurs = await stopProcess(record.pid, record.exe);
    if (wasOurs) stopped.push(record.name);
  }
  if (state.etcdDataDir.includes('orkestra-etcd-'))
    await rm(state.etcdDataDir, { recursive: true, force: true });
  await rm(layout.runDir, { recursive: true, force: true });
  return { stopped, found: true };
}
