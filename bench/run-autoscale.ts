// The operator autoscaler under a burst (spec §10.3): one `ork run` (the real CLI, spawned) with two
// boxes of the Site workload (bench/lib/site.ts) that differ only in autoscale — `site` keeps its
// 2 workers, `site-auto` has `autoscale: {interval: 5s, cooldown: 15s, conditions: queueDepth > 100,
// do: {workers: 8}}` — and one burst of --count CRs (default 2,000) created at once, alternating
// between the two kinds, so both boxes meet the same API server at the same time. Sites ask for 0
// replicas: the Deployments, Services, ConfigMaps and status writes are the workload's, without
// thousands of pods on a shared cluster. Measured from the operator's /metrics (polled every 250 ms)
// and a watch on both kinds:
//   - when site-auto's queue first exceeds the threshold, and when its workers reach 8 (the first
//     evaluation after: within one interval);
//   - each box's peak queue depth and the time until every one of its CRs is Ready=True (the drain);
//   - when site-auto's workers return to 2 after its queue drained (the cooldown);
//   - the operator's CPU during the burst.
// Cluster: the one in KUBECONFIG (e.g. the dev cluster); CRDs of group autoscale.bench.orkestra.dev
// and namespaces bench-autoscale-0..4, all deleted at the end. Needs a current build (`npm run
// build`). Takes 1–3 minutes; prints figures, asserts nothing. Run:
//   source scripts/node-env.sh && node bench/run-autoscale.ts [--count=2000] [--concurrency=50]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parse, stringify } from 'yaml';
import { createKubeClient, loadClusterConfig } from '../src/kube/index.ts';
import type { GroupVersionResource, KubeClient, KubeObject } from '../src/kube/index.ts';
import {
  RESOURCES,
  crdOf,
  deleteAll,
  ensureNamespaces,
  installCrds,
  keyOf,
  listAndWatch,
  runPool,
} from './lib/kube.ts';
import { scrape, staleBuild, startOrk, stopOrk, waitReady, type OrkProcess } from './lib/ork.ts';
import { cpuSeconds } from './lib/proc.ts';
import { sumOf, type Sample } from './lib/prometheus.ts';
import { siteKatalog, siteOf } from './lib/site.ts';

const flag = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const COUNT = Number(flag('count') ?? 2000);
const CONCURRENCY = Number(flag('concurrency') ?? 50);
const BASE_WORKERS = 2;
const SCALED_WORKERS = 8;
const THRESHOLD = 100;
const INTERVAL_S = 5;
const COOLDOWN_S = 15;
const GROUP = 'autoscale.bench.orkestra.dev';
const NAMESPACES = Array.from({ length: 5 }, (_, i) => `bench-autoscale-${i}`);
const TIMEOUT_MS = 10 * 60_000;

interface Box {
  key: string;
  kind: string;
  gvr: GroupVersionResource;
  ready: Set<string>;
  total: number;
  allReadyAt: number | undefined;
  peakDepth: number;
}

function boxOf(key: string, kind: string, plural: string): Box {
  const gvr = { group: GROUP, version: 'v1', resource: plural, namespaced: true };
  return { key, kind, gvr, ready: new Set(), total: 0, allReadyAt: undefined, peakDepth: 0 };
}

const plain = boxOf('site', 'Site', 'sites');
const auto = boxOf('site-auto', 'AutoSite', 'autosites');

/** The Site entry of bench/lib twice: as is, and with the autoscaler. */
function katalog(): string {
  const doc = parse(siteKatalog('5m', BASE_WORKERS)) as {
    spec: { crds: Record<string, Record<string, unknown>> };
  };
  const site = doc.spec.crds['site'] ?? {};
  const entry = (box: Box, extra: Record<string, unknown>) => ({
    ...site,
    apiTypes: { group: GROUP, version: 'v1', kind: box.kind, plural: box.gvr.resource },
    ...extra,
  });
  const operatorBox = site['operatorBox'] as Record<string, unknown>;
  doc.spec.crds = {
    [plain.key]: entry(plain, {}),
    [auto.key]: entry(auto, {
      operatorBox: {
        ...operatorBox,
        autoscale: {
          interval: `${INTERVAL_S}s`,
          cooldown: `${COOLDOWN_S}s`,
          conditions: { when: [{ field: 'metrics.queueDepth', greaterThan: String(THRESHOLD) }] },
          do: { workers: SCALED_WORKERS },
        },
      },
    }),
  };
  return stringify(doc);
}

function crOf(i: number): { box: Box; object: KubeObject } {
  const box = i % 2 === 0 ? plain : auto;
  const site = siteOf(i);
  const spec = { ...(site['spec'] as Record<string, unknown>), replicas: 0 };
  const metadata = { name: `s-${String(i).padStart(5, '0')}`, namespace: NAMESPACES[i % NAMESPACES.length] };
  return { box, object: { apiVersion: `${GROUP}/v1`, kind: box.kind, metadata, spec } };
}

function track(box: Box) {
  return (event: { type: string; object: KubeObject }): void => {
    if (event.type !== 'ADDED' && event.type !== 'MODIFIED') return;
    const status = (event.object['status'] ?? {}) as { conditions?: { type?: string; status?: string }[] };
    if (status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') !== true) return;
    box.ready.add(keyOf(event.object));
    if (box.total > 0 && box.ready.size >= box.total) box.allReadyAt ??= performance.now();
  };
}

/** One poll of /metrics: site-auto's workers and both queue depths. */
interface Poll {
  at: number;
  autoWorkers: number;
  autoDepth: number;
  plainDepth: number;
}

function pollOf(at: number, metrics: Sample[]): Poll {
  const gauge = (name: string, crd: string) => sumOf(metrics, name, { crd });
  return {
    at,
    autoWorkers: gauge('orkestra_workers', auto.key),
    autoDepth: gauge('orkestra_queue_depth', auto.key),
    plainDepth: gauge('orkestra_queue_depth', plain.key),
  };
}

async function pollUntil(ork: OrkProcess, polls: Poll[], done: (last: Poll) => boolean): Promise<void> {
  const start = performance.now();
  while (performance.now() - start < TIMEOUT_MS) {
    const poll = pollOf(performance.now(), await scrape(ork));
    polls.push(poll);
    plain.peakDepth = Math.max(plain.peakDepth, poll.plainDepth);
    auto.peakDepth = Math.max(auto.peakDepth, poll.autoDepth);
    if (done(poll)) return;
    await delay(250);
  }
  throw new Error('timed out');
}

const s = (ms: number | undefined): string => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);

async function cleanUp(client: KubeClient, ork: OrkProcess | undefined): Promise<void> {
  // The operator is still running, so it releases the finalizers of the CRs the namespaces take with them.
  await deleteAll(client, RESOURCES.namespaces, NAMESPACES);
  for (const name of NAMESPACES) {
    const start = performance.now();
    while (performance.now() - start < TIMEOUT_MS) {
      const gone = await client.get(RESOURCES.namespaces, name).then(
        () => false,
        () => true,
      );
      if (gone) break;
      await delay(500);
    }
  }
  if (ork) await stopOrk(ork);
  await deleteAll(
    client,
    RESOURCES.crds,
    [plain, auto].map((b) => `${b.gvr.resource}.${GROUP}`),
  );
}

async function main(): Promise<void> {
  const stale = staleBuild();
  if (stale) throw new Error(stale);
  const kubeconfig = process.env['KUBECONFIG'];
  if (!kubeconfig) throw new Error('KUBECONFIG is not set (eval "$(node bin/ork.js dev env)")');
  const client = createKubeClient(await loadClusterConfig({ env: process.env }));
  const dir = mkdtempSync(join(tmpdir(), 'ork-bench-autoscale-'));
  const file = join(dir, 'katalog.yaml');
  writeFileSync(file, katalog());
  let ork: OrkProcess | undefined;
  const watching = new AbortController();
  try {
    await installCrds(
      client,
      [plain, auto].map((b) => crdOf({ group: GROUP, kind: b.kind, plural: b.gvr.resource })),
    );
    await ensureNamespaces(client, NAMESPACES);
    ork = await startOrk({ katalog: file, kubeconfig, logFile: join(dir, 'ork.log') });
    await waitReady(ork);
    for (const box of [plain, auto]) void listAndWatch(client, box.gvr, track(box), watching.signal);
    const crs = Array.from({ length: COUNT }, (_, i) => crOf(i));
    for (const { box } of crs) box.total += 1;
    const cpuStart = cpuSeconds(ork.pid);
    const polls: Poll[] = [];
    const t0 = performance.now();
    const creating = runPool(COUNT, CONCURRENCY, async (i) => {
      const { box, object } = crs[i] as { box: Box; object: KubeObject };
      await client.create(box.gvr, object, { namespace: object.metadata?.namespace });
    });
    let createdAt: number | undefined;
    void creating.then(() => (createdAt = performance.now()));
    const running = ork;
    await pollUntil(running, polls, () => plain.allReadyAt !== undefined && auto.allReadyAt !== undefined);
    await creating;
    const createdIn = (createdAt ?? performance.now()) - t0;
    const cpu = cpuSeconds(running.pid) - cpuStart;
    const drainedAt = Math.max(plain.allReadyAt ?? 0, auto.allReadyAt ?? 0);
    // Usually back already (site-auto drains first); else wait for the cooldown to end.
    await pollUntil(running, polls, (p) => p.autoWorkers === BASE_WORKERS && p.at > drainedAt);
    const crossed = polls.find((p) => p.autoDepth > THRESHOLD);
    const rose = polls.find((p) => p.autoWorkers === SCALED_WORKERS);
    const back = polls.find((p) => p.at > (rose?.at ?? Infinity) && p.autoWorkers === BASE_WORKERS);
    const autoQueueEmpty = polls.find((p) => p.at > (rose?.at ?? Infinity) && p.autoDepth === 0);
    console.log(
      `run-autoscale: ${COUNT} Sites (${plain.total} ${plain.kind}, ${auto.total} ${auto.kind}), ${CONCURRENCY} creates in flight`,
    );
    console.log(
      `  site: ${BASE_WORKERS} workers; site-auto: ${BASE_WORKERS} → ${SCALED_WORKERS} while queueDepth > ${THRESHOLD} (interval ${INTERVAL_S} s, cooldown ${COOLDOWN_S} s)`,
    );
    console.log(`  (times after the first create; the last create returned at ${s(createdIn)})`);
    console.log(
      `  site-auto queue > ${THRESHOLD}: ${s(crossed && crossed.at - t0)}; workers ${SCALED_WORKERS}: ${s(rose && rose.at - t0)} (${s(crossed && rose && rose.at - crossed.at)} later)`,
    );
    for (const box of [plain, auto]) {
      console.log(
        `  ${box.key}: peak queue ${box.peakDepth}, every CR Ready at ${s(box.allReadyAt && box.allReadyAt - t0)}`,
      );
    }
    console.log(
      `  site-auto queue empty: ${s(autoQueueEmpty && autoQueueEmpty.at - t0)}; workers back to ${BASE_WORKERS}: ${s(back && back.at - t0)} (${s(back && autoQueueEmpty && back.at - autoQueueEmpty.at)} after the queue emptied)`,
    );
    console.log(`  operator CPU during the burst: ${cpu.toFixed(2)} s`);
  } finally {
    watching.abort();
    await cleanUp(client, ork);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
