// `ork run` under a burst: 1,000 Site CRs created at once, run by the real CLI process
// (`node bin/ork.js run -k <katalog>`, spawned) on a control plane of its own. A Site's operator
// keeps a Deployment (replicas 2 for every 5th Site, else 1), a Service and, unless production
// (every 4th), a ConfigMap, and writes status phase, endpoint and readyReplicas (Katalog: 4
// workers, resync 20s; --workers=N to change). Measured:
//   - converge: first create → every Site Ready=True (seen by a watch on the Sites), and → every
//     Site's status.readyReplicas == spec.replicas (needs kube-controller-manager to have made the
//     pods; the dev cluster raises its client rate limits, as the yardstick does);
//   - reconciles/s (orkestra_reconcile_total), how many reused the last render because the input
//     check found no input changed (orkestra_reconcile_render_skipped_total), API writes by verb
//     (orkestra_api_writes_total) and requests by verb (orkestra_api_requests_total), all from the
//     operator's /metrics;
//   - operator CPU seconds to converge (/proc/<pid>/stat, from /ready on) and RSS after converging
//     (/proc/<pid>/status VmRSS, VmHWM);
//   - idle: API writes (should be 0), reconciles and CPU over 40 s = two resync periods, 5 s after
//     convergence;
//   - drift: 50 Deployments deleted one by one; delete call → the recreated Deployment (a new uid)
//     seen by a watch; p50/p99 (nearest rank).
// Cluster: a SECOND dev cluster (name bench-run-burst, ports from 17503, 5 KWOK nodes × 250 pods =
// 1,250 pods ≥ the 1,200 the Sites ask for), started here and brought down at the end (with every
// object in it). Needs the dev cluster binaries (built once by `ork dev up`) and a current build
// (`npm run build`). Takes 4–8 minutes; prints figures, asserts nothing. Run:
//   source scripts/node-env.sh && node bench/run-burst.ts [--count=1000] [--concurrency=50]
// Options: --node-arg=<flag> (repeatable) for the operator's node (e.g. --cpu-prof);
// --keep keeps the log folder; --stale measures an out-of-date dist/.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { devClusterTools } from '../src/app/index.ts';
import { down } from '../src/devcluster/index.ts';
import { createKubeClient, loadClusterConfig } from '../src/kube/index.ts';
import type { KubeClient, KubeObject } from '../src/kube/index.ts';
import {
  RESOURCES,
  ensureNamespaces,
  installCrds,
  keyOf,
  listAndWatch,
  percentile,
  runPool,
} from './lib/kube.ts';
import { scrape, staleBuild, startOrk, stopOrk, waitReady, type OrkProcess } from './lib/ork.ts';
import { cpuSeconds, rssMb, statusMb, threadCpuSeconds } from './lib/proc.ts';
import { describeDelta, parseMetrics, sumBy, sumOf, type Sample } from './lib/prometheus.ts';
import { SITES, SITE_CRD, SITE_NAMESPACES, podsOf, siteKatalog, siteName, siteOf } from './lib/site.ts';

const { devClusterConfig, startDevCluster } = await devClusterTools();

const flag = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const COUNT = Number(flag('count') ?? 1000);
const CONCURRENCY = Number(flag('concurrency') ?? 50);
const NODE_ARGS = process.argv.filter((a) => a.startsWith('--node-arg=')).map((a) => a.slice(11));
const WORKERS = Number(flag('workers') ?? 4);
const DRIFT_SAMPLES = 50;
const RESYNC_S = 20;
const NODES = 5;
const CONVERGE_TIMEOUT_MS = 15 * 60_000;

/** Watches the Sites: when each got Ready=True, and when each status.readyReplicas matched spec. */
class SiteTracker {
  readonly ready = new Set<string>();
  readonly converged = new Set<string>();
  allReadyAt: number | undefined;
  allConvergedAt: number | undefined;

  onEvent(type: string, site: KubeObject): void {
    if (type !== 'ADDED' && type !== 'MODIFIED') return;
    const key = keyOf(site);
    const status = (site['status'] ?? {}) as { conditions?: unknown[]; readyReplicas?: number };
    const spec = (site['spec'] ?? {}) as { replicas?: number };
    const ready = (status.conditions ?? []).some((c) => {
      const condition = c as { type?: string; status?: string };
      return condition.type === 'Ready' && condition.status === 'True';
    });
    if (ready) this.ready.add(key);
    if (ready && status.readyReplicas === spec.replicas) this.converged.add(key);
    if (this.ready.size >= COUNT) this.allReadyAt ??= performance.now();
    if (this.converged.size >= COUNT) this.allConvergedAt ??= performance.now();
  }
}

/** Watches the Deployments: the uid of each, and who waits for one to be recreated. */
class DeploymentTracker {
  readonly uids = new Map<string, string>();
  readonly #waiters = new Map<string, { oldUid: string; resolve: (at: number) => void }>();

  onEvent(type: string, deployment: KubeObject): void {
    const key = keyOf(deployment);
    if (type === 'DELETED') {
      this.uids.delete(key);
      return;
    }
    if (type !== 'ADDED' && type !== 'MODIFIED') return;
    const uid = deployment.metadata?.uid ?? '';
    this.uids.set(key, uid);
    const waiter = this.#waiters.get(key);
    if (waiter !== undefined && uid !== waiter.oldUid) {
      this.#waiters.delete(key);
      waiter.resolve(performance.now());
    }
  }

  /** Resolves with the time a Deployment `key` with another uid than `oldUid` is seen. */
  recreated(key: string, oldUid: string): Promise<number> {
    return new Promise((resolve) => this.#waiters.set(key, { oldUid, resolve }));
  }
}

interface Snapshot {
  at: number;
  cpu: number;
  metrics: Sample[];
}

async function snapshot(ork: OrkProcess): Promise<Snapshot> {
  const at = performance.now();
  const cpu = cpuSeconds(ork.pid);
  return { at, cpu, metrics: await scrape(ork) };
}

/** The API server's own /metrics (its view: latency as served, writes of every client). */
async function apiserverMetrics(client: KubeClient): Promise<Sample[]> {
  const response = await client.transport.request({ method: 'GET', path: '/metrics' });
  return parseMetrics(response.text);
}

const WRITE_VERBS = ['POST', 'PUT', 'PATCH', 'APPLY', 'DELETE'];

/** Server-side mean latency of the operator's kinds of writes, and all clients' writes, between two scrapes. */
function printServerSide(from: Sample[], to: Sample[]): void {
  const delta = (name: string, where: Record<string, string>): number =>
    sumOf(to, name, where) - sumOf(from, name, where);
  const rows: string[] = [];
  for (const [verb, resource, subresource] of [
    ['APPLY', 'deployments', ''],
    ['APPLY', 'services', ''],
    ['APPLY', 'configmaps', ''],
    ['PATCH', 'sites', ''],
    ['PATCH', 'sites', 'status'],
    ['POST', 'events', ''],
    ['DELETE', 'deployments', ''],
  ] as const) {
    const where = { verb, resource, subresource };
    const count = delta('apiserver_request_duration_seconds_count', where);
    const sum = delta('apiserver_request_duration_seconds_sum', where);
    if (count > 0)
      rows.push(
        `${verb} ${resource}${subresource ? `/${subresource}` : ''} ${count}× ${f((sum / count) * 1000)} ms`,
      );
  }
  const allWrites = WRITE_VERBS.reduce((n, verb) => n + delta('apiserver_request_total', { verb }), 0);
  console.log(`  API server side: mean latency ${rows.join(', ')}`);
  console.log(`  API server: ${allWrites} writes from all clients (control plane included) in this time`);
}

async function until(what: string, done: () => number | undefined): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < CONVERGE_TIMEOUT_MS) {
    const at = done();
    if (at !== undefined) return at;
    await delay(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const f = (n: number, digits = 1): string => n.toFixed(digits);
const reconciles = (s: Snapshot): number => sumOf(s.metrics, 'orkestra_reconcile_total');
/** Reconciles that reused the last rendered children: the input check found nothing changed. */
const renderSkips = (s: Snapshot): number => sumOf(s.metrics, 'orkestra_reconcile_render_skipped_total');
const writesByVerb = (s: Snapshot): Map<string, number> =>
  sumBy(s.metrics, 'orkestra_api_writes_total', 'verb');
const requestsByVerb = (s: Snapshot): Map<string, number> =>
  sumBy(s.metrics, 'orkestra_api_requests_total', 'verb');
const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

function printPhase(label: string, from: Snapshot, to: Snapshot, startAt: number): void {
  const seconds = (to.at - startAt) / 1000;
  const recs = reconciles(to) - reconciles(from);
  const writes = total(writesByVerb(to)) - total(writesByVerb(from));
  const requests = total(requestsByVerb(to)) - total(requestsByVerb(from));
  console.log(`${label}: ${f(seconds)} s after the first create`);
  console.log(
    `  reconciles ${recs} (${f(recs / seconds)}/s, results: ${describeDelta(sumBy(from.metrics, 'orkestra_reconcile_total', 'result'), sumBy(to.metrics, 'orkestra_reconcile_total', 'result'))})`,
  );
  const skips = renderSkips(to) - renderSkips(from);
  console.log(
    `  children render skipped by the input check: ${skips} (${f((100 * skips) / Math.max(1, recs))}% of reconciles)`,
  );
  console.log(
    `  API writes ${writes} (${f(writes / COUNT, 2)} per Site; ${describeDelta(writesByVerb(from), writesByVerb(to))})`,
  );
  console.log(`  API requests ${requests} (${describeDelta(requestsByVerb(from), requestsByVerb(to))})`);
  console.log(`  operator CPU ${f(to.cpu - from.cpu, 2)} s since /ready`);
  const mean = (name: string): string => {
    const count = sumOf(to.metrics, `${name}_count`) - sumOf(from.metrics, `${name}_count`);
    const sum = sumOf(to.metrics, `${name}_sum`) - sumOf(from.metrics, `${name}_sum`);
    return count > 0 ? `${f((sum / count) * 1000)} ms` : 'n/a';
  };
  console.log(
    `  mean reconcile ${mean('orkestra_reconcile_duration_seconds')}, mean queue wait ${mean('orkestra_queue_wait_seconds')}`,
  );
}

/** Creates the Sites, CONCURRENCY at a time; resolves with the time of the first create. */
async function createSites(client: KubeClient): Promise<{ firstAt: number; ms: number }> {
  const firstAt = performance.now();
  await runPool(COUNT, CONCURRENCY, (i) => client.create(SITES, siteOf(i)));
  return { firstAt, ms: performance.now() - firstAt };
}

/** Children in the bench namespaces with a controller ownerReference to a Site, per kind. */
async function countChildren(client: KubeClient): Promise<string> {
  const counts: string[] = [];
  for (const gvr of [RESOURCES.deployments, RESOURCES.services, RESOURCES.configmaps]) {
    const list = await client.listAll(gvr, {});
    const owned = list.items.filter((o) =>
      (o.metadata?.ownerReferences ?? []).some((r) => r.kind === 'Site' && r.controller === true),
    );
    counts.push(`${gvr.resource} ${owned.length}`);
  }
  return counts.join(', ');
}

async function idleWindow(ork: OrkProcess): Promise<void> {
  await delay(5000);
  const from = await snapshot(ork);
  await delay(2 * RESYNC_S * 1000);
  const to = await snapshot(ork);
  const writes = describeDelta(writesByVerb(from), writesByVerb(to));
  console.log(`idle ${2 * RESYNC_S} s (two resyncs of ${RESYNC_S} s), from 5 s after converging:`);
  console.log(
    `  API writes: ${writes}; requests: ${describeDelta(requestsByVerb(from), requestsByVerb(to))}`,
  );
  console.log(
    `  reconciles ${reconciles(to) - reconciles(from)} (render skipped ${renderSkips(to) - renderSkips(from)}); operator CPU ${f(to.cpu - from.cpu, 2)} s; RSS at the end ${f(rssMb(ork.pid))} MB, heap used/total ${f(sumOf(to.metrics, 'nodejs_heap_size_used_bytes') / 2 ** 20)} / ${f(sumOf(to.metrics, 'nodejs_heap_size_total_bytes') / 2 ** 20)} MB`,
  );
}

async function drift(client: KubeClient, deployments: DeploymentTracker): Promise<void> {
  const latencies: number[] = [];
  for (let s = 0; s < DRIFT_SAMPLES; s++) {
    const { name, namespace } = siteName(Math.floor((s * COUNT) / DRIFT_SAMPLES));
    const key = `${namespace}/${name}`;
    const oldUid = deployments.uids.get(key) ?? '';
    const seen = deployments.recreated(key, oldUid);
    const start = performance.now();
    await client.delete(RESOURCES.deployments, name, { namespace });
    const at = await Promise.race([seen, delay(30_000, Number.NaN)]);
    latencies.push(at - start);
  }
  const ok = latencies.filter((l) => !Number.isNaN(l));
  console.log(
    `drift: ${DRIFT_SAMPLES} Deployments deleted one by one; delete call → recreated Deployment seen by a watch:`,
  );
  console.log(
    `  p50 ${f(percentile(ok, 0.5))} ms, p99 ${f(percentile(ok, 0.99))} ms, min ${f(Math.min(...ok))} ms (${DRIFT_SAMPLES - ok.length} not recreated within 30 s)`,
  );
}

async function measure(client: KubeClient, ork: OrkProcess): Promise<void> {
  const sites = new SiteTracker();
  const deployments = new DeploymentTracker();
  const watches = new AbortController();
  void listAndWatch(
    client,
    SITES,
    (e) => {
      sites.onEvent(e.type, e.object);
    },
    watches.signal,
  );
  void listAndWatch(
    client,
    RESOURCES.deployments,
    (e) => {
      deployments.onEvent(e.type, e.object);
    },
    watches.signal,
  );
  try {
    const readyMs = await waitReady(ork);
    const atReady = await snapshot(ork);
    console.log(`ork run ready ${f(readyMs, 0)} ms after spawn; RSS ${f(rssMb(ork.pid))} MB\n`);
    const serverBefore = await apiserverMetrics(client);
    const created = await createSites(client);
    console.log(`${COUNT} Sites created in ${f(created.ms / 1000)} s (${CONCURRENCY} in flight)`);
    await until('every Site Ready=True', () => sites.allReadyAt);
    const ready = { ...(await snapshot(ork)), at: sites.allReadyAt ?? 0 };
    printPhase('every Site Ready=True', atReady, ready, created.firstAt);
    printServerSide(serverBefore, await apiserverMetrics(client));
    await until('every Site readyReplicas == spec.replicas', () => sites.allConvergedAt);
    const converged = { ...(await snapshot(ork)), at: sites.allConvergedAt ?? 0 };
    printPhase('every Site status.readyReplicas == spec.replicas', atReady, converged, created.firstAt);
    console.log(`  RSS after converging ${f(rssMb(ork.pid))} MB (VmHWM ${f(statusMb(ork.pid, 'VmHWM'))} MB)`);
    console.log(
      `  children owned by a Site: ${await countChildren(client)} (expected ${COUNT}, ${COUNT}, ${COUNT - Math.ceil(COUNT / 4)})\n`,
    );
    await idleWindow(ork);
    const beforeDrift = await apiserverMetrics(client);
    await drift(client, deployments);
    printServerSide(beforeDrift, await apiserverMetrics(client));
    console.log(
      `\noperator at the end: RSS ${f(rssMb(ork.pid))} MB, VmHWM ${f(statusMb(ork.pid, 'VmHWM'))} MB, CPU ${f(cpuSeconds(ork.pid), 1)} s in all`,
    );
    const threads = [...threadCpuSeconds(ork.pid)].sort((a, b) => b[1] - a[1]);
    console.log(`  CPU s by thread: ${threads.map(([name, s]) => `${name} ${f(s, 1)}`).join(', ')}`);
  } finally {
    watches.abort();
  }
}

async function main(): Promise<void> {
  const stale = staleBuild();
  if (stale !== undefined && !process.argv.includes('--stale')) throw new Error(stale);
  const config = devClusterConfig(process.env, { name: 'bench-run-burst', portBase: 17503, nodes: NODES });
  const dir = mkdtempSync(join(tmpdir(), 'ork-run-burst-'));
  let ork: OrkProcess | undefined;
  try {
    const upStart = performance.now();
    const { state } = await startDevCluster(config);
    console.log(
      `second dev cluster up in ${f((performance.now() - upStart) / 1000)} s: ${NODES} KWOK nodes × 250 pods for ${podsOf(COUNT)} pods`,
    );
    const client = createKubeClient(await loadClusterConfig({ env: { KUBECONFIG: state.kubeconfig } }));
    await installCrds(client, [SITE_CRD]);
    await ensureNamespaces(client, SITE_NAMESPACES);
    const katalog = join(dir, 'katalog.yaml');
    writeFileSync(katalog, siteKatalog(`${RESYNC_S}s`, WORKERS));
    ork = await startOrk({
      katalog,
      kubeconfig: state.kubeconfig,
      logFile: join(dir, 'ork.log'),
      nodeArgs: NODE_ARGS,
    });
    await measure(client, ork);
    await client.transport.close();
  } finally {
    if (ork !== undefined) await stopOrk(ork);
    await down(config.layout);
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
    else console.log(`log and Katalog kept in ${dir}`);
  }
}

await main();
