/**
 * The fault suite's cluster: a dev cluster of its own named `faults` (other ports than the shared
 * one), started by the suite's global setup with the API server's audit log, because its tests stop
 * and restart components. This module is what a fault test needs of it: the layout and kubeconfig,
 * a client, stop/start/restart of a component, and the audit log read from a mark on.
 */
import { devClusterTools } from '../../src/app/index.ts';
import {
  auditMark,
  readAuditLog,
  readState,
  restartComponent,
  startComponent,
  stopComponent,
  type AuditWrite,
  type ComponentName,
  type DevClusterLayout,
  type DevClusterState,
} from '../../src/devcluster/index.ts';
import { TestClient } from '../harness/test-client.ts';

const { devClusterConfig } = await devClusterTools();

/** Name and base port of the fault suite's cluster (the shared one is `default` on 16443). */
export const FAULT_CLUSTER = { name: 'faults', portBase: 17483 } as const;

/** The configuration of the fault cluster (with its audit log), as the global setup starts it. */
export function faultClusterConfig(env: NodeJS.ProcessEnv = process.env) {
  return devClusterConfig(env, { ...FAULT_CLUSTER, auditLog: true });
}

/** Stop the API server fast: a fault, not a clean shutdown (its graceful one waits out watches). */
const FAULT_GRACE_MS = 2000;

/** The running fault cluster, as a test uses it. */
export interface FaultCluster {
  readonly layout: DevClusterLayout;
  readonly state: DevClusterState;
  readonly kubeconfig: string;
  /** An admin client of the cluster (closed by {@link FaultCluster.close}). */
  readonly client: TestClient;
  /** Stops a component (SIGTERM, SIGKILL after 2 s). */
  stop(name: ComponentName): Promise<void>;
  /** Starts a stopped component and waits until it answers. */
  start(name: ComponentName): Promise<void>;
  /** Stops and starts a component; `whileStopped` runs while it is down. */
  restart(name: ComponentName, whileStopped?: () => Promise<void>): Promise<void>;
  /** The audit log's current end; pass it to {@link FaultCluster.writesSince}. */
  mark(): Promise<number>;
  /** The writes the API server logged since `mark` (complete lines only). */
  writesSince(mark: number): Promise<AuditWrite[]>;
  /**
   * A reader of the writes logged since `mark` for polling: each call reads only what the log gained
   * since the last and returns every write so far. Re-reading the log from the mark on every poll
   * grows with the log (megabytes a minute) and starves the test process, proxies included.
   */
  writesReader(mark: number): () => Promise<readonly AuditWrite[]>;
  /**
   * Compacts etcd at its current revision (physically, through its v3 JSON gateway) and resolves
   * to that revision: every older resourceVersion is gone from the store.
   */
  compactEtcd(): Promise<number>;
  close(): void;
}

/**
 * The fault cluster the global setup started. Fails clearly when the suite runs without it (run it
 * with `npm run test:faults`).
 */
export async function faultCluster(): Promise<FaultCluster> {
  const { layout } = faultClusterConfig();
  const state = await readState(layout.stateFile);
  const audit = state?.audit;
  if (!state || !audit)
    throw new Error(
      `no fault cluster with an audit log in ${layout.runDir}: run the fault suite with \`npm run test:faults\``,
    );
  const client = new TestClient(state.kubeconfig);
  return {
    layout,
    state,
    kubeconfig: state.kubeconfig,
    client,
    stop: async (name) => {
      await stopComponent(layout, name, { graceMs: FAULT_GRACE_MS });
    },
    start: async (name) => {
      await startComponent(layout, name);
    },
    restart: async (name, whileStopped) => {
      await restartComponent(layout, name, { graceMs: FAULT_GRACE_MS, whileStopped });
    },
    mark: () => auditMark(audit.log),
    writesSince: async (mark) => (await readAuditLog(audit.log, mark)).writes,
    writesReader: (mark) => {
      let next = mark;
      const writes: AuditWrite[] = [];
      return async () => {
        const read = await readAuditLog(audit.log, next);
        next = read.next;
        writes.push(...read.writes);
        return writes;
      };
    },
    compactEtcd: () => compactEtcd(`http://127.0.0.1:${state.ports.etcdClient}`),
    close: () => {
      client.close();
    },
  };
}

async function etcdCall<T>(base: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`etcd ${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function compactEtcd(base: string): Promise<number> {
  // Any range answers with the store's current revision in its header.
  const range = await etcdCall<{ header: { revision: string } }>(base, '/v3/kv/range', {
    key: Buffer.from('/').toString('base64'),
    count_only: true,
  });
  const revision = Number(range.header.revision);
  await etcdCall(base, '/v3/kv/compaction', { revision: String(revision), physical: true });
  return revision;
}
