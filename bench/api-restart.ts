// Time to converge again after a kube-apiserver restart, with 1,000 CRs converged: `ork run` (the
// real CLI process) runs Widgets (one ConfigMap each, two for every third, and status.value) on a
// dev cluster of its own. Once the 1,000 have converged:
//   - no fault: every Widget's spec.value changed (50 in flight) → every status.value updated
//     (seen by a watch): the time a change of the whole set takes when nothing is wrong;
//   - restart: the API server stopped (SIGTERM, SIGKILL after 2 s) and started; then the same
//     change at once. Printed: the API server's downtime (stop → /readyz), the first change seen
//     (one probe Widget patched as soon as the API answers → its status updated), the whole set
//     converged again, the operator's lists (relists) and writes during the restart phase.
// Cluster: a SECOND dev cluster (name bench-api-restart, ports from 17523), started here and
// brought down at the end. Needs the dev cluster binaries (built once by `ork dev up`) and a
// current build (`npm run build`). Takes about 2 minutes; prints figures, asserts nothing. Run:
//   source scripts/node-env.sh && node bench/api-restart.ts [--count=1000]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { devClusterTools } from '../src/app/index.ts';
import { down, restartComponent } from '../src/devcluster/index.ts';
import { createKubeClient, loadClusterConfig } from '../src/kube/index.ts';
import type { GroupVersionResource, KubeClient, KubeObject } from '../src/kube/index.ts';
import { crdOf, ensureNamespaces, installCrds, keyOf, listAndWatch, runPool } from './lib/kube.ts';
import { scrape, staleBuild, startOrk, stopOrk, waitReady, type OrkProcess } from './lib/ork.ts';
import { describeDelta, sumBy, sumOf, type Sample } from './lib/prometheus.ts';

const { devClusterConfig, startDevCluster } = await devClusterTools();

const flag = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const COUNT = Number(flag('count') ?? 1000);
const CONCURRENCY = 50;
const NAMESPACE = 'bench-api-restart';
const GROUP = 'apirestart.bench.orkestra.dev';
const WIDGETS: GroupVersionResource = { group: GROUP, version: 'v1', resource: 'widgets', namespaced: true };
const TIMEOUT_MS = 10 * 60_000;

const KATALOG = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata:
  name: bench-api-restart
spec:
  crds:
    widget:
      apiTypes: {group: ${GROUP}, version: v1, kind: Widget, plural: widgets}
      workers: 4
      resync: 10m
      operatorBox:
        onReconcile:
          configMaps:
            - name: "{{ .metadata.name }}"
              data: {value: "{{ .spec.value }}"}
            - name: "{{ .metadata.name }}-extra"
              data: {value: "{{ .spec.value }}"}
              when: [{field: spec.extra, equals: "yes"}]
        status:
          fields:
            - path: value
              value: "{{ .spec.value }}"
`;

const nameOf = (i: number): string => `w-${String(i).padStart(4, '0')}`;

/** Watches the Widgets: which ones show `value` in their status, and who waits for one. */
class Tracker {
  readonly #values = new Map<string, string>();
  #waiters: { done: () => boolean; resolve: (at: number) => void }[] = [];

  onEvent(type: string, w: KubeObject): void {
    if (type !== 'ADDED' && type !== 'MODIFIED') return;
    const status = (w['status'] ?? {}) as { value?: string; observedGeneration?: number };
    if (status.observedGeneration === w.metadata?.generation && status.value !== undefined)
      this.#values.set(keyOf(w), status.value);
    const now = performance.now();
    this.#waiters = this.#waiters.filter((waiter) => {
      if (!waiter.done()) return true;
      waiter.resolve(now);
      return false;
    });
  }

  count(value: string): number {
    let n = 0;
    for (const v of this.#values.values()) if (v === value) n++;
    return n;
  }

  /** Resolves with the time `done` first holds (checked on each event). */
  until(done: () => boolean): Promise<number> {
    if (done()) return Promise.resolve(performance.now());
    return Promise.race([
      new Promise<number>((resolve) => this.#waiters.push({ done, resolve })),
      // Unreferenced: a pending time limit must not keep the process alive once measuring is done.
      delay(TIMEOUT_MS, undefined, { ref: false }).then(() => {
        throw new Error('timed out');
      }),
    ]);
  }

  valueOf(name: string): string | undefined {
    return this.#values.get(`${NAMESPACE}/${name}`);
  }
}

async function setValues(client: KubeClient, value: string, from = 0): Promise<void> {
  await runPool(COUNT - from, CONCURRENCY, (i) =>
    client.patch(WIDGETS, nameOf(i + from), { namespace: NAMESPACE, patch: { spec: { value } } }),
  );
}

/** Retries `call` until the API server answers (it may still be coming up). */
async function untilAnswered<T>(call: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch {
      await delay(50);
    }
  }
}

const f = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const lists = (m: Sample[]): number => sumOf(m, 'orkestra_api_requests_total', { verb: 'list' });
const writes = (m: Sample[]): Map<string, number> => sumBy(m, 'orkestra_api_writes_total', 'verb');

async function measure(
  client: KubeClient,
  ork: OrkProcess,
  layout: Parameters<typeof down>[0],
): Promise<void> {
  const tracker = new Tracker();
  const watches = new AbortController();
  void listAndWatch(
    client,
    WIDGETS,
    (e) => {
      tracker.onEvent(e.type, e.object);
    },
    watches.signal,
  );
  try {
    await waitReady(ork);
    let start = performance.now();
    await runPool(COUNT, CONCURRENCY, (i) =>
      client.create(WIDGETS, {
        apiVersion: `${GROUP}/v1`,
        kind: 'Widget',
        metadata: { name: nameOf(i), namespace: NAMESPACE },
        spec: { value: 'v1', extra: i % 3 === 0 ? 'yes' : 'no' },
      }),
    );
    await tracker.until(() => tracker.count('v1') >= COUNT);
    console.log(`${COUNT} Widgets created and converged in ${f(performance.now() - start)}`);

    start = performance.now();
    await setValues(client, 'v2');
    const settled = await tracker.until(() => tracker.count('v2') >= COUNT);
    console.log(`no fault: every spec changed → every status updated in ${f(settled - start)}`);

    const before = await scrape(ork);
    const stopAt = performance.now();
    await restartComponent(layout, 'kube-apiserver', { graceMs: 2000 });
    const readyAt = performance.now();
    const probe = nameOf(COUNT - 1);
    await untilAnswered(() =>
      client.patch(WIDGETS, probe, { namespace: NAMESPACE, patch: { spec: { value: 'v3' } } }),
    );
    const probeSeen = await tracker.until(() => tracker.valueOf(probe) === 'v3');
    await untilAnswered(() => setValues(client, 'v3'));
    const allSeen = await tracker.until(() => tracker.count('v3') >= COUNT);
    const after = await scrape(ork);
    console.log(
      `restart: API server down → /readyz again in ${f(readyAt - stopAt)} (2 s SIGTERM grace included)`,
    );
    console.log(`  first change seen: ${f(probeSeen - readyAt)} after /readyz (one Widget patched at once)`);
    console.log(`  every spec changed → every status updated: ${f(allSeen - readyAt)} after /readyz`);
    console.log(
      `  operator: ${lists(after) - lists(before)} lists (relists), writes ${describeDelta(writes(before), writes(after))}`,
    );
  } finally {
    watches.abort();
  }
}

async function main(): Promise<void> {
  const stale = staleBuild();
  if (stale !== undefined) throw new Error(stale);
  const config = devClusterConfig(process.env, { name: 'bench-api-restart', portBase: 17523 });
  const dir = mkdtempSync(join(tmpdir(), 'ork-api-restart-'));
  let ork: OrkProcess | undefined;
  try {
    const { state } = await startDevCluster(config);
    const client = createKubeClient(await loadClusterConfig({ env: { KUBECONFIG: state.kubeconfig } }));
    await installCrds(client, [crdOf({ group: GROUP, kind: 'Widget', plural: 'widgets' })]);
    await ensureNamespaces(client, [NAMESPACE]);
    const katalog = join(dir, 'katalog.yaml');
    writeFileSync(katalog, KATALOG);
    ork = await startOrk({ katalog, kubeconfig: state.kubeconfig, logFile: join(dir, 'ork.log') });
    await measure(client, ork, config.layout);
    await client.transport.close();
  } finally {
    if (ork !== undefined) await stopOrk(ork);
    await down(config.layout);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
