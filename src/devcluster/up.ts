/**
 * `ork dev up`: start etcd, kube-apiserver, kube-controller-manager, kube-scheduler and KWOK on
 * loopback, register fake nodes, and write the admin kubeconfig. Each step waits for the one
 * before it to be ready; a component that dies on the way is reported with the tail of its log.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { AdminClient, plainGet } from './api.ts';
import { AUDIT_POLICY } from './audit.ts';
import {
  COMPONENT_NAMES,
  componentArgs,
  KWOK_CONFIG,
  type AuditLogFiles,
  type ComponentContext,
  type ComponentName,
} from './component-args.ts';
import { startComponent } from './control.ts';
import { down } from './down.ts';
import { DevClusterError } from './errors.ts';
import { fakeNode } from './fake-node.ts';
import { checkHealth, componentHealth, countReadyNodes, type DevClusterHealth } from './health.ts';
import { renderKubeconfig } from './kubeconfig.ts';
import type { Binaries, DevClusterLayout } from './layout.ts';
import { ensurePki } from './pki.ts';
import { requireFreePorts, type DevClusterPorts } from './ports.ts';
import { startDetached } from './processes.ts';
import { readState, writeState, type DevClusterState } from './state.ts';

/** Options of {@link up}. */
export interface UpOptions {
  ports: DevClusterPorts;
  /** Number of fake nodes. @default 1 */
  nodes?: number;
  /** Environment of the child processes. */
  env: NodeJS.ProcessEnv;
  /** Where etcd keeps its data; a fresh folder under it is made. @default /dev/shm when writable */
  etcdDataRoot: string;
  onStep?: (message: string) => void;
  /** Have the API server write an audit log of writes into the run directory (see audit.ts). */
  auditLog?: boolean | undefined;
}

/** What `up` found or did. */
export interface UpResult {
  alreadyRunning: boolean;
  state: DevClusterState;
}

/** Starts the cluster, or reports that it is already running and healthy. */
export async function up(
  layout: DevClusterLayout,
  binaries: Binaries,
  options: UpOptions,
): Promise<UpResult> {
  const existing = await readState(layout.stateFile);
  if (existing) {
    const health = await startStopped(layout, existing, options);
    if (health.healthy) {
      if (options.auditLog && !existing.audit)
        throw new DevClusterError(
          `the dev cluster in ${layout.runDir} runs without an audit log`,
          'stop it with `ork dev down` (same --name) and start it again with --audit-log',
        );
      return { alreadyRunning: true, state: existing };
    }
    options.onStep?.(`a previous cluster is not healthy (${describeUnhealthy(health)}); replacing it`);
    await down(layout);
  }
  await requireFreePorts(options.ports);
  const state = await startComponents(layout, binaries, options);
  return { alreadyRunning: false, state };
}

/**
 * The health of a recorded cluster, after starting the components `ork dev stop` stopped (in start
 * order) when none crashed: `up` brings such a cluster back rather than replacing it and its data.
 */
async function startStopped(
  layout: DevClusterLayout,
  state: DevClusterState,
  options: UpOptions,
): Promise<DevClusterHealth> {
  const health = await checkHealth(state, layout.pkiDir);
  const stopped = health.components.filter((c) => c.state === 'stopped');
  if (stopped.length === 0 || health.components.some((c) => c.state === 'crashed')) return health;
  for (const { name } of stopped) {
    options.onStep?.(`starting ${name} (stopped by \`ork dev stop\`)`);
    const { record } = await startComponent(layout, name);
    const index = state.components.findIndex((c) => c.name === name);
    state.components[index] = record;
  }
  return checkHealth(state, layout.pkiDir);
}

function describeUnhealthy(health: DevClusterHealth): string {
  const down = health.components.filter((c) => c.state !== 'running').map((c) => `${c.name} ${c.state}`);
  return down.length > 0 ? down.join(', ') : 'API server not ready';
}

async function startComponents(layout: DevClusterLayout, binaries: Binaries, options: UpOptions) {
  const { state, context } = await prepareRun(layout, options);
  const client = new AdminClient(state.server, context.pki);
  const nodes = options.nodes ?? 1;
  try {
    await startInOrder({ layout, binaries, context, state, client, options });
    await registerNodes(client, nodes);
    await waitFor({ what: 'fake nodes Ready', timeoutMs: 90_000, state }, async () => {
      return (await countReadyNodes(client)).ready >= nodes;
    });
  } catch (error) {
    await down(layout).catch(() => undefined);
    throw error;
  } finally {
    client.close();
  }
  return state;
}

/** Writes what the components need before they start: PKI, kubeconfig, KWOK config, etcd's data dir. */
async function prepareRun(layout: DevClusterLayout, options: UpOptions) {
  await mkdir(layout.logsDir, { recursive: true });
  const pki = await ensurePki(layout.pkiDir, options.env);
  const server = `https://127.0.0.1:${options.ports.apiserver}`;
  await writeFile(layout.kubeconfig, renderKubeconfig(server, pki), { mode: 0o600 });
  const kwokConfig = join(layout.runDir, 'kwok.yaml');
  await writeFile(kwokConfig, KWOK_CONFIG);
  await mkdir(options.etcdDataRoot, { recursive: true });
  const etcdDataDir = await mkdtemp(join(options.etcdDataRoot, 'orkestra-etcd-'));
  const audit = options.auditLog ? await writeAuditPolicy(layout) : undefined;
  const context: ComponentContext = {
    ports: options.ports,
    pki,
    kubeconfig: layout.kubeconfig,
    etcdDataDir,
    kwokConfig,
    audit,
  };
  const state: DevClusterState = {
    server,
    ports: options.ports,
    kubeconfig: layout.kubeconfig,
    etcdDataDir,
    startedAt: new Date().toISOString(),
    audit,
    components: [],
  };
  return { state, context };
}

/** Writes the audit policy into the run directory; the log goes beside it. */
async function writeAuditPolicy(layout: DevClusterLayout): Promise<AuditLogFiles> {
  const files = { log: join(layout.runDir, 'audit.log'), policy: join(layout.runDir, 'audit-policy.yaml') };
  await writeFile(files.policy, AUDIT_POLICY);
  return files;
}

interface StartContext {
  layout: DevClusterLayout;
  binaries: Binaries;
  context: ComponentContext;
  state: DevClusterState;
  client: AdminClient;
  options: UpOptions;
}

async function startInOrder(s: StartContext): Promise<void> {
  const readiness: Record<ComponentName, [string, number, () => Promise<boolean>] | undefined> = {
    etcd: [
      'etcd',
      30_000,
      async () => (await plainGet(`http://127.0.0.1:${s.options.ports.etcdClient}/health`)).status === 200,
    ],
    'kube-apiserver': [
      'kube-apiserver /readyz',
      120_000,
      async () => (await s.client.get('/readyz')).status === 200,
    ],
    'kube-controller-manager': undefined,
    'kube-scheduler': undefined,
    kwok: [
      'the default ServiceAccount (kube-controller-manager at work)',
      90_000,
      async () => (await s.client.get('/api/v1/namespaces/default/serviceaccounts/default')).status === 200,
    ],
  };
  for (const name of COMPONENT_NAMES) {
    const exe = executableOf(s.binaries, name);
    const log = join(s.layout.logsDir, `${name}.log`);
    const pid = startDetached(exe, componentArgs(name, s.context), log);
    s.state.components.push({ name, pid, exe, log });
    await writeState(s.layout.stateFile, s.state);
    s.options.onStep?.(`started ${name} (pid ${pid})`);
    const ready = readiness[name];
    if (ready) await waitFor({ what: ready[0], timeoutMs: ready[1], state: s.state }, ready[2]);
  }
}

function executableOf(binaries: Binaries, name: ComponentName): string {
  const byName: Record<ComponentName, string> = {
    etcd: binaries.etcd,
    'kube-apiserver': binaries.kubeApiserver,
    'kube-controller-manager': binaries.kubeControllerManager,
    'kube-scheduler': binaries.kubeScheduler,
    kwok: binaries.kwok,
  };
  return byName[name];
}

async function registerNodes(client: AdminClient, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const res = await client.post('/api/v1/nodes', fakeNode(i));
    if (res.status !== 201 && res.status !== 409) {
      throw new DevClusterError(`could not register fake node ${i}: HTTP ${res.status} ${res.body}`);
    }
  }
}

const POLL_MS = 250;

interface WaitTarget {
  what: string;
  timeoutMs: number;
  state: DevClusterState;
}

/** Polls `check` until it is true; fails early, with its log, when a started component dies. */
async function waitFor({ what, timeoutMs, state }: WaitTarget, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    await failIfCrashed(what, state);
    if (Date.now() > deadline) {
      const log = state.components.at(-1)?.log ?? 'the run directory';
      throw new DevClusterError(
        `timed out after ${timeoutMs / 1000}s waiting for ${what}`,
        `see the log ${log}`,
      );
    }
    await delay(POLL_MS);
  }
}

async function failIfCrashed(what: string, state: DevClusterState): Promise<void> {
  for (const record of state.components) {
    const health = await componentHealth(record);
    if (health.state === 'crashed') {
      const tail = (health.logTail ?? []).join('\n  ');
      throw new DevClusterError(
        `${record.name} exited while waiting for ${what}. Last lines of ${record.log}:\n  ${tail}`,
      );
    }
  }
}
