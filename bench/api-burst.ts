// API burst: 1,000 ConfigMap creates through src/kube beside the same burst through
// @kubernetes/client-node 2 (imported only here, in bench/). For each: requests/s, CPU ms per
// request (process.cpuUsage() around the burst, user + system, this process only), connections
// opened (our transport's own count; undici's 'undici:client:connected' diagnostics channel for
// client-node) and their protocol, latency p50/p99, and failures. Each client runs in a fresh child process, in a namespace
// of its own, with the same number of requests in flight; the namespaces are deleted afterwards.
// Needs a cluster in KUBECONFIG. Run:
//   source scripts/node-env.sh && eval "$(node bin/ork.js dev env)" && node bench/api-burst.ts [count] [inFlight]
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import { fileURLToPath } from 'node:url';
import { TransportStats, createKubeClient, loadClusterConfig } from '../src/kube/index.ts';
import type { KubeObject } from '../src/kube/index.ts';
import { RESOURCES } from './lib/kube.ts';

const isChild = process.argv[2] === 'child';
const [countArg, inFlightArg] = process.argv.slice(isChild ? 5 : 2);
const COUNT = Number(countArg ?? 1000);
const IN_FLIGHT = Number(inFlightArg ?? 50);
const { namespaces, configmaps } = RESOURCES;

interface BurstResult {
  client: string;
  ms: number;
  cpuMs: number;
  connections: number;
  protocols: string;
  failures: number;
  firstFailure?: string;
  p50: number;
  p99: number;
}

const configMap = (namespace: string, i: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: `burst-${i}`, namespace },
  data: { index: String(i), note: 'a small object' },
});

/** Runs `create` for 0..COUNT-1 with IN_FLIGHT requests at a time; measures time, CPU and latencies. */
async function burst(
  create: (i: number) => Promise<unknown>,
): Promise<Omit<BurstResult, 'client' | 'connections' | 'protocols'>> {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < COUNT; i = next++) {
      const start = performance.now();
      try {
        await create(i);
      } catch (error) {
        failures++;
        firstFailure ??= error instanceof Error ? error.message.slice(0, 120) : String(error);
      }
      latencies.push(performance.now() - start);
    }
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { ms, cpuMs: (used.user + used.system) / 1000, failures, firstFailure, p50: at(0.5), p99: at(0.99) };
}

/** Counts connections undici opens in this process, and the protocols they negotiated (ALPN). */
function countConnections(): { count: () => number; protocols: () => string } {
  let connected = 0;
  const protocols = new Set<string>();
  subscribe('undici:client:connected', (message) => {
    connected++;
    const socket = (message as { socket?: { alpnProtocol?: string | false } }).socket;
    protocols.add(socket?.alpnProtocol || 'http/1.1');
  });
  return { count: () => connected, protocols: () => [...protocols].join(',') };
}

async function burstWithOurs(namespace: string): Promise<BurstResult> {
  const stats = new TransportStats();
  const client = createKubeClient(await loadClusterConfig({ env: process.env }), { metrics: stats });
  await client.get(namespaces, namespace); // warm: one connection and TLS session, as a running operator has
  const result = await burst((i) => client.create(configmaps, configMap(namespace, i)));
  // Our transport counts its own connections (it does not go through undici).
  const opened = stats.snapshot().connections;
  await client.transport.close();
  return {
    client: 'src/kube',
    ...result,
    connections: opened.request + opened.watch + opened.http2,
    protocols: opened.http2 > 0 && opened.request === 0 ? 'h2' : 'http/1.1',
  };
}

async function burstWithClientNode(namespace: string): Promise<BurstResult> {
  const connections = countConnections();
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromDefault();
  const api = kc.makeApiClient(k8s.CoreV1Api);
  await api.readNamespace({ name: namespace }); // warm, as above
  const result = await burst((i) =>
    api.createNamespacedConfigMap({ namespace, body: configMap(namespace, i) as never }),
  );
  return {
    client: '@kubernetes/client-node 2',
    ...result,
    connections: connections.count(),
    protocols: connections.protocols(),
  };
}

// ---------------------------------------------------------------- parent

function runChild(which: string, namespace: string): BurstResult {
  const self = fileURLToPath(import.meta.url);
  const args = [self, 'child', which, namespace, String(COUNT), String(IN_FLIGHT)];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as BurstResult;
}

async function parent(): Promise<void> {
  const client = createKubeClient(await loadClusterConfig({ env: process.env }));
  const suffix = randomBytes(3).toString('hex');
  const names = { ours: `bench-burst-kube-${suffix}`, clientNode: `bench-burst-client-node-${suffix}` };
  try {
    for (const name of Object.values(names)) {
      await client.create(namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
    const results = [runChild('ours', names.ours), runChild('client-node', names.clientNode)];
    console.log(`${COUNT} ConfigMap creates, ${IN_FLIGHT} in flight, each client in a fresh process\n`);
    console.log(
      'client                        req/s   CPU ms/req  connections  p50 ms  p99 ms  failures  protocol',
    );
    for (const r of results) {
      const rate = ((COUNT / r.ms) * 1000).toFixed(0).padStart(7);
      const cpu = (r.cpuMs / COUNT).toFixed(2).padStart(10);
      const conns = String(r.connections);
      console.log(
        `${r.client.padEnd(27)} ${rate}  ${cpu}  ${conns.padStart(11)}  ${r.p50.toFixed(1).padStart(6)}  ${r.p99.toFixed(1).padStart(6)}  ${String(r.failures).padStart(8)}  ${r.protocols}`,
      );
      if (r.firstFailure !== undefined) console.log(`  first failure: ${r.firstFailure}`);
    }
  } finally {
    for (const name of Object.values(names)) await client.delete(namespaces, name).catch(() => undefined);
    await client.transport.close();
  }
}

if (isChild) {
  const namespace = process.argv[4] ?? '';
  const result =
    process.argv[3] === 'ours' ? await burstWithOurs(namespace) : await burstWithClientNode(namespace);
  console.log(JSON.stringify(result));
} else {
  await parent();
}
