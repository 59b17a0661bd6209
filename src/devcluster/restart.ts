/**
 * Restarting one component of a running dev cluster (for fault tests: an API server restart
 * mid-watch): stop the recorded process, start the same binary with the same flags, record the
 * new pid, and wait until the component answers again.
 */
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { AdminClient, plainGet } from './api.ts';
import { componentArgs, type ComponentContext, type ComponentName } from './component-args.ts';
import { DevClusterError } from './errors.ts';
import { componentHealth } from './health.ts';
import type { DevClusterLayout } from './layout.ts';
import { pkiPaths } from './pki.ts';
import { startDetached, stopProcess } from './processes.ts';
import { recordOf, writeState, type ComponentRecord, type DevClusterState } from './state.ts';

/** Options of {@link restartComponent}. */
export interface RestartOptions {
  /** Time between SIGTERM and SIGKILL when stopping. @default 10_000 */
  graceMs?: number;
  /** How long to wait for the restarted component to answer. @default 120_000 */
  timeoutMs?: number;
  /** Called once the old process is gone and before the new one starts (act while it is down). */
  whileStopped?: () => Promise<void> | void;
}

const POLL_MS = 50;

/**
 * Restarts the component `name` of the dev cluster at `layout` and resolves to its new record
 * once it is ready: etcd's /health, the API server's /readyz, the controller-manager's and the
 * scheduler's /healthz answer 200; KWOK (which serves nothing) is running. A component that was
 * not running (crashed) is simply started.
 * @throws DevClusterError when there is no cluster, or the component dies or is not ready in time
 * (with the tail of its log).
 */
export async function restartComponent(
  layout: DevClusterLayout,
  name: ComponentName,
  options: RestartOptions = {},
): Promise<ComponentRecord> {
  const { state, index, record: old } = await recordOf(layout, name);
  await stopProcess(old.pid, old.exe, options.graceMs);
  await options.whileStopped?.();
  const pid = startDetached(old.exe, componentArgs(name, contextOf(layout, state)), old.log);
  const record: ComponentRecord = { name, pid, exe: old.exe, log: old.log };
  state.components[index] = record;
  await writeState(layout.stateFile, state);
  await waitReady({ pkiDir: layout.pkiDir, state, record }, options.timeoutMs ?? 120_000);
  return record;
}

/** The flags' inputs of a running cluster, rebuilt from its state the way `up` made them. */
export function contextOf(layout: DevClusterLayout, state: DevClusterState): ComponentContext {
  return {
    ports: state.ports,
    pki: pkiPaths(layout.pkiDir),
    kubeconfig: state.kubeconfig,
    etcdDataDir: state.etcdDataDir,
    kwokConfig: join(layout.runDir, 'kwok.yaml'),
    audit: state.audit,
  };
}

/** A component just started, and where to find what its readiness probe needs. */
export interface Restarted {
  pkiDir: string;
  state: DevClusterState;
  record: ComponentRecord;
}

/**
 * Resolves once the started component answers; fails early, with its log, when it exits.
 * @throws DevClusterError when it dies or is not ready within `timeoutMs`
 */
export async function waitReady({ pkiDir, state, record }: Restarted, timeoutMs: number): Promise<void> {
  // Made only when first needed: a component may be restarted before the PKI exists.
  let admin: AdminClient | undefined;
  const adminClient = (): AdminClient => (admin ??= new AdminClient(state.server, pkiPaths(pkiDir)));
  const probe = readinessProbe(record.name, state, adminClient);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const health = await componentHealth(record);
      if (health.state === 'crashed') {
        const tail = (health.logTail ?? []).join('\n  ');
        throw new DevClusterError(
          `${record.name} exited after a restart. Last lines of ${record.log}:\n  ${tail}`,
        );
      }
      if (await probe()) return;
      if (Date.now() > deadline) {
        throw new DevClusterError(
          `${record.name} not ready ${timeoutMs / 1000}s after a restart`,
          `see ${record.log}`,
        );
      }
      await delay(POLL_MS);
    }
  } finally {
    admin?.close();
  }
}

function readinessProbe(
  name: ComponentName,
  state: DevClusterState,
  admin: () => AdminClient,
): () => Promise<boolean> {
  const { ports } = state;
  switch (name) {
    case 'etcd':
      return async () => (await plainGet(`http://127.0.0.1:${ports.etcdClient}/health`)).status === 200;
    case 'kube-apiserver':
      return async () => (await admin().get('/readyz')).status === 200;
    case 'kube-controller-manager':
      return () => healthzAnswers(ports.controllerManager);
    case 'kube-scheduler':
      return () => healthzAnswers(ports.scheduler);
    case 'kwok':
      return () => Promise.resolve(true);
  }
}

/**
 * True when `https://127.0.0.1:<port>/healthz` answers 200. These components serve a
 * self-signed certificate made at start, so it is not verified (loopback only).
 */
function healthzAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const url = `https://127.0.0.1:${port}/healthz`;
    const req = httpsRequest(url, { rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      resolve(false);
    });
    req.end();
  });
}
