// One hostile CR beside a healthy operator, in one `ork run` (the real CLI process): does the healthy
// operator keep its throughput and latency? Two CRDs in one Katalog:
//   - victim: each CR keeps a ConfigMap and a status phase (4 workers);
//   - hostile: each CR renders a ConfigMap whose `when` tests spec.text against `^(a+)+$` (exponential
//     for a backtracking engine on 'aaa…a!') and whose data spins 4,000,000 loop steps and doubles a
//     string 40 times (2^40 bytes unbounded): every reconcile of it must stop at a budget (steps, time,
//     value size) and fail that CR alone, again on each retry.
// Two phases, each in a fresh process: `quiet` (victims only) and `hostile` (the hostile CRs created
// first, then the victims). Measured per phase: time from the first victim create to every victim
// Ready (a watch on the victims), create → Ready latency p50/p99 per victim, the victim's reconcile
// duration p99 (histogram bucket bound from /metrics), reconciles of each CRD, operator CPU seconds and
// RSS; and what the hostile CRs' Ready condition says. Prints figures, asserts nothing.
// Needs a cluster in KUBECONFIG (e.g. `ork dev up`) and a current build (`npm run build`). Run:
//   source scripts/node-env.sh && eval "$(node bin/ork.js dev env)" && node bench/run-hostile.ts [--victims=300] [--hostiles=2]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createKubeClient, loadClusterConfig } from '../src/kube/index.ts';
import type { GroupVersionResource, KubeClient, KubeObject } from '../src/kube/index.ts';
import {
  RESOURCES,
  crdOf,
  ensureNamespaces,
  installCrds,
  listAndWatch,
  percentile,
  runPool,
} from './lib/kube.ts';
import { scrape, staleBuild, startOrk, stopOrk, waitReady, type OrkProcess } from './lib/ork.ts';
import { cpuSeconds, rssMb } from './lib/proc.ts';
import { sumBy, sumOf, type Sample } from './lib/prometheus.ts';

const victimOnly = (samples: readonly Sample[]) => samples.filter((s) => s.labels['crd'] === 'victim');

const GROUP = 'hostile.bench.orkestra.dev';
const NAMESPACE = 'bench-hostile';
const flag = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const VICTIMS = Number(flag('victims') ?? 300);
const HOSTILES = Number(flag('hostiles') ?? 2);
const CONVERGE_TIMEOUT_MS = 5 * 60_000;
const RUN_ID = Math.random().toString(16).slice(2, 6);

const gvr = (plural: string): GroupVersionResource => ({
  group: GROUP,
  version: 'v1',
  resource: plural,
  namespaced: true,
});
const VICTIM = gvr('victims');
const HOSTILE = gvr('hostiles');

const KATALOG = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata:
  name: bench-hostile
spec:
  crds:
    victim:
      apiTypes: {group: ${GROUP}, version: v1, kind: Victim, plural: victims}
      workers: 4
      operatorBox:
        onReconcile:
          configMaps:
            - name: '{{ .metadata.name }}-v'
              data: {size: '{{ .spec.size }}'}
        status:
          fields:
            - path: phase
              value: Active
    hostile:
      apiTypes: {group: ${GROUP}, version: v1, kind: Hostile, plural: hostiles}
      workers: 2
      queue: {retryBackoff: {initial: 100ms, max: 2s}}
      operatorBox:
        onReconcile:
          configMaps:
            - name: '{{ .metadata.name }}-match'
              when: [{field: spec.text, regex: '^(a+)+$'}]
              data: {matched: 'yes'}
            - name: '{{ .metadata.name }}-grow'
              data:
                spin: '{{ $n := 0 }}{{ range split "," (repeat 2000 ",") }}{{ range split "," (repeat 2000 ",") }}{{ $n = add $n 1 }}{{ end }}{{ end }}{{ $n }}'
                grown: '{{ $s := "ab" }}{{ range list ${Array.from({ length: 40 }, (_, i) => i).join(' ')} }}{{ $s = print $s $s }}{{ end }}{{ len $s }}'
`;

interface Phase {
  convergeMs: number;
  latencies: number[];
  reconcileP99: string;
  reconciles: { victim: number; hostile: number; victimResults: string };
  cpu: number;
  rss: number;
  hostileReady: string[];
}

const readyOf = (o: KubeObject): { status?: string; message?: string } | undefined =>
  (
    (o as { status?: { conditions?: { type: string; status?: string; message?: string }[] } }).status
      ?.conditions ?? []
  ).find((c) => c.type === 'Ready');

/** The smallest bucket bound holding 99 % of the victim's reconciles ("> 5" past the last). */
function histogramP99(samples: readonly Sample[]): string {
  const buckets = samples
    .filter((s) => s.name === 'orkestra_reconcile_duration_seconds_bucket' && s.labels['crd'] === 'victim')
    .map((s) => ({ le: s.labels['le'] ?? '', count: s.value }));
  const total = buckets.find((b) => b.le === '+Inf')?.count ?? 0;
  const hit = buckets.find((b) => b.count >= 0.99 * total);
  return hit === undefined || hit.le === '+Inf' ? '> 5 s' : `≤ ${Number(hit.le) * 1000} ms`;
}

async function createAll(
  client: KubeClient,
  resource: GroupVersionResource,
  kind: string,
  count: number,
  spec: (i: number) => object,
  created: Map<string, number>,
  phase: string,
): Promise<void> {
  // Names of their own per run and phase: the garbage collector may still be deleting the children of
  // the CRs of the same names before (a recreated CR's children then belong to its predecessor).
  await runPool(count, 20, async (i) => {
    const name = `${kind.toLowerCase()}-${phase}${RUN_ID}-${i}`;
    created.set(name, performance.now());
    await client.create(resource, {
      apiVersion: `${GROUP}/v1`,
      kind,
      metadata: { name, namespace: NAMESPACE },
      spec: spec(i),
    });
  });
}

async function deleteCollection(client: KubeClient, resource: GroupVersionResource): Promise<void> {
  const list = await client.list(resource, { namespace: NAMESPACE });
  for (const o of list.items) {
    const name = o.metadata?.name ?? '';
    await client
      .patch(resource, name, { namespace: NAMESPACE, patch: { metadata: { finalizers: null } } })
      .catch(() => undefined);
    await client.delete(resource, name, { namespace: NAMESPACE }).catch(() => undefined);
  }
  for (let i = 0; i < 100 && (await client.list(resource, { namespace: NAMESPACE })).items.length > 0; i++)
    await delay(100);
}

async function runPhase(
  client: KubeClient,
  katalog: string,
  kubeconfig: string,
  logFile: string,
  hostile: boolean,
): Promise<Phase> {
  const ork: OrkProcess = await startOrk({ katalog, kubeconfig, logFile });
  const watch = new AbortController();
  try {
    await waitReady(ork);
    const cpu0 = cpuSeconds(ork.pid);
    const created = new Map<string, number>();
    const readyAt = new Map<string, number>();
    const hostileReady = new Map<string, string>();
    void listAndWatch(
      client,
      VICTIM,
      (e) => {
        const name = e.object.metadata?.name ?? '';
        if (readyOf(e.object)?.status === 'True' && !readyAt.has(name)) readyAt.set(name, performance.now());
      },
      watch.signal,
    );
    void listAndWatch(
      client,
      HOSTILE,
      (e) => {
        hostileReady.set(
          e.object.metadata?.name ?? '',
          `${readyOf(e.object)?.status ?? '-'}: ${readyOf(e.object)?.message ?? ''}`,
        );
      },
      watch.signal,
    );
    if (hostile) {
      await createAll(
        client,
        HOSTILE,
        'Hostile',
        HOSTILES,
        () => ({ text: `${'a'.repeat(35)}!` }),
        new Map(),
        'h',
      );
      await delay(2000); // let them fail and retry a few times before the victims come
    }
    const start = performance.now();
    await createAll(client, VICTIM, 'Victim', VICTIMS, (i) => ({ size: i }), created, hostile ? 'h' : 'q');
    while (readyAt.size < VICTIMS && performance.now() - start < CONVERGE_TIMEOUT_MS) await delay(20);
    const convergeMs = Math.max(...readyAt.values()) - start;
    const metrics = await scrape(ork);
    return {
      convergeMs,
      latencies: [...readyAt].map(([name, at]) => at - (created.get(name) ?? at)),
      reconcileP99: histogramP99(metrics),
      reconciles: {
        victim: sumOf(metrics, 'orkestra_reconcile_total', { crd: 'victim' }),
        hostile: sumOf(metrics, 'orkestra_reconcile_total', { crd: 'hostile' }),
        victimResults: [...sumBy(victimOnly(metrics), 'orkestra_reconcile_total', 'result')]
          .map(([result, n]) => `${result}=${String(n)}`)
          .join(' '),
      },
      cpu: cpuSeconds(ork.pid) - cpu0,
      rss: rssMb(ork.pid),
      hostileReady: [...hostileReady].map(([name, ready]) => `${name} ${ready.slice(0, 240)}`),
    };
  } finally {
    watch.abort();
    await stopOrk(ork);
    await deleteCollection(client, VICTIM);
    await deleteCollection(client, HOSTILE);
  }
}

function print(name: string, p: Phase): void {
  const f = (n: number) => n.toFixed(0);
  console.log(
    `${name.padEnd(8)} converge ${f(p.convergeMs).padStart(6)} ms  create→Ready p50 ${f(percentile(p.latencies, 0.5)).padStart(5)} ms  p99 ${f(percentile(p.latencies, 0.99)).padStart(5)} ms  reconcile p99 ${p.reconcileP99.padStart(9)}  reconciles victim ${p.reconciles.victim} (${p.reconciles.victimResults}) hostile ${p.reconciles.hostile}  CPU ${p.cpu.toFixed(2)} s  RSS ${p.rss.toFixed(1)} MB`,
  );
  for (const line of p.hostileReady) console.log(`         hostile ${line}`);
}

async function main(): Promise<void> {
  const stale = staleBuild();
  if (stale !== undefined && !process.argv.includes('--stale')) throw new Error(stale);
  const kubeconfig = process.env['KUBECONFIG'];
  if (!kubeconfig) throw new Error('KUBECONFIG is not set (eval "$(node bin/ork.js dev env)")');
  const client = createKubeClient(await loadClusterConfig({ env: process.env }));
  const dir = mkdtempSync(join(tmpdir(), 'ork-run-hostile-'));
  try {
    await installCrds(client, [
      crdOf({ group: GROUP, kind: 'Victim', plural: 'victims' }),
      crdOf({ group: GROUP, kind: 'Hostile', plural: 'hostiles' }),
    ]);
    await ensureNamespaces(client, [NAMESPACE]);
    const katalog = join(dir, 'katalog.yaml');
    writeFileSync(katalog, KATALOG);
    console.log(`${VICTIMS} victim CRs, ${HOSTILES} hostile CRs beside them; node ${process.version}\n`);
    const quiet = await runPhase(client, katalog, kubeconfig, join(dir, 'quiet.log'), false);
    print('quiet', quiet);
    const hostile = await runPhase(client, katalog, kubeconfig, join(dir, 'hostile.log'), true);
    print('hostile', hostile);
  } finally {
    await client.delete(RESOURCES.crds, `victims.${GROUP}`).catch(() => undefined);
    await client.delete(RESOURCES.crds, `hostiles.${GROUP}`).catch(() => undefined);
    await client.transport.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
