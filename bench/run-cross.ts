// The cost of `cross` (spec §10.1): the Site workload beside the same Sites observing a companion CR
// each, in one `ork run` (the real CLI process). One Katalog, three CRDs:
//   - site: the Site box of run-burst (a Deployment, a Service, a debug ConfigMap unless production,
//     status phase/endpoint/readyReplicas);
//   - xsite: the same box, plus `cross` to the SiteConfig named like the XSite (in its namespace): the
//     debug ConfigMap is also gated on `phase .cross.cfg` being Ready, and status.config says the phase seen;
//   - siteconfig: the companion, whose box only publishes status.phase from spec.phase.
// Phases, in one process (so the same run, the same warm-up):
//   0. N SiteConfigs created (spec.phase Ready) and reconciled (status.phase Ready): not measured;
//   1. plain: N Sites created → every Site Ready=True;
//   2. cross: N XSites created → every XSite Ready=True with status.config Ready (so it saw its SiteConfig);
//   3. companion change: every SiteConfig's spec.phase set to Paused → every XSite's status.config Paused
//      (its gated ConfigMap pruned): the re-enqueues caused by the companions.
// Per phase: converge time (first create or patch → the last CR seen done by a watch), operator CPU, the
// reconciles per CRD and the API writes (from /metrics). --cross-first runs phase 2 before phase 1, to
// see the order's effect. Pods are not what is measured: the Sites ask for 0 replicas so the shared
// cluster is not loaded with pods (converge = Ready=True, not readyReplicas).
// Needs a cluster in KUBECONFIG (e.g. the dev cluster) and a current build (`npm run build`). Takes a few
// minutes; prints figures, asserts nothing. Run:
//   source scripts/node-env.sh && eval "$(node bin/ork.js dev env)" && node bench/run-cross.ts [--count=1000]
// Options: --concurrency=50 (creates in flight), --workers=4 (per CRD), --keep keeps the log folder.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createKubeClient, loadClusterConfig } from '../src/kube/index.ts';
import type { GroupVersionResource, KubeClient, KubeObject } from '../src/kube/index.ts';
import { RESOURCES, crdOf, ensureNamespaces, installCrds, keyOf, listAndWatch, runPool } from './lib/kube.ts';
import { scrape, staleBuild, startOrk, stopOrk, waitReady, type OrkProcess } from './lib/ork.ts';
import { cpuSeconds, rssMb } from './lib/proc.ts';
import { describeDelta, sumBy, sumOf, type Sample } from './lib/prometheus.ts';
import { siteOf, siteOperatorBox } from './lib/site.ts';

const flag = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const COUNT = Number(flag('count') ?? 1000);
const CONCURRENCY = Number(flag('concurrency') ?? 50);
const WORKERS = Number(flag('workers') ?? 4);
const CROSS_FIRST = process.argv.includes('--cross-first');
const CONVERGE_TIMEOUT_MS = 10 * 60_000;

const GROUP = 'crossbench.bench.orkestra.dev';
const NAMESPACES = Array.from({ length: 5 }, (_, i) => `bench-cross-${i}`);
const gvr = (resource: string): GroupVersionResource => ({
  group: GROUP,
  version: 'v1',
  resource,
  namespaced: true,
});
const KINDS = [
  { kind: 'Site', plural: 'sites', gvr: gvr('sites') },
  { kind: 'XSite', plural: 'xsites', gvr: gvr('xsites') },
  { kind: 'SiteConfig', plural: 'siteconfigs', gvr: gvr('siteconfigs') },
] as const;
const [SITE, XSITE, SITECONFIG] = KINDS;

const KATALOG = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata:
  name: bench-run-cross
spec:
  crds:
    site:
      apiTypes: {group: ${GROUP}, version: v1, kind: Site, plural: sites}
      workers: ${WORKERS}
      operatorBox:
${siteOperatorBox()}
    siteconfig:
      apiTypes: {group: ${GROUP}, version: v1, kind: SiteConfig, plural: siteconfigs}
      workers: ${WORKERS}
      operatorBox:
        status:
          fields:
            - path: phase
              value: '{{ .spec.phase }}'
    xsite:
      apiTypes: {group: ${GROUP}, version: v1, kind: XSite, plural: xsites}
      workers: ${WORKERS}
      operatorBox:
        cross:
          - crd: siteconfig
            selector:
              name: '{{ .metadata.name }}'
            as: cfg
${siteOperatorBox(
  ", {field: '{{ phase .cross.cfg }}', equals: Ready}",
  `            - path: config
              value: '{{ phase .cross.cfg }}'
`,
)}`;

/** CR `i` of a kind: the Site of bench/lib/site.ts (0 replicas), in this bench's namespaces and group. */
function crOf(kind: string, i: number, spec?: Record<string, unknown>): KubeObject {
  const site = siteOf(i);
  const name = `${kind.toLowerCase()}-${String(i).padStart(4, '0')}`;
  const namespace = NAMESPACES[i % NAMESPACES.length] ?? '';
  return {
    apiVersion: `${GROUP}/v1`,
    kind,
    metadata: { name: kind === 'SiteConfig' ? `xsite-${String(i).padStart(4, '0')}` : name, namespace },
    spec: spec ?? { ...(site['spec'] as object), replicas: 0 },
  };
}

/** Watches one kind: the CRs that meet `done`, and when the last of COUNT did. */
class Tracker {
  readonly done = new Set<string>();
  allAt: number | undefined;
  predicate: (cr: KubeObject) => boolean;

  constructor(predicate: (cr: KubeObject) => boolean) {
    this.predicate = predicate;
  }

  /** Waits for a new condition: forgets who met the last one. */
  reset(predicate: (cr: KubeObject) => boolean): void {
    this.predicate = predicate;
    this.done.clear();
    this.allAt = undefined;
  }

  onEvent(type: string, cr: KubeObject): void {
    if (type !== 'ADDED' && type !== 'MODIFIED') return;
    if (this.predicate(cr)) this.done.add(keyOf(cr));
    else this.done.delete(keyOf(cr));
    if (this.done.size >= COUNT) this.allAt ??= performance.now();
  }
}

const statusOf = (cr: KubeObject): Record<string, unknown> => (cr['status'] ?? {}) as Record<string, unknown>;
function isReady(cr: KubeObject): boolean {
  const conditions = (statusOf(cr)['conditions'] ?? []) as { type?: string; status?: string }[];
  const generation = cr.metadata?.generation;
  return (
    conditions.some((c) => c.type === 'Ready' && c.status === 'True') &&
    statusOf(cr)['observedGeneration'] === generation
  );
}

async function until(what: string, tracker: Tracker): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < CONVERGE_TIMEOUT_MS) {
    if (tracker.allAt !== undefined) return tracker.allAt;
    await delay(50);
  }
  throw new Error(`timed out waiting for ${what} (${tracker.done.size}/${COUNT})`);
}

interface Snapshot {
  at: number;
  cpu: number;
  metrics: Sample[];
}

async function snapshot(ork: OrkProcess, at = performance.now()): Promise<Snapshot> {
  return { at, cpu: cpuSeconds(ork.pid), metrics: await scrape(ork) };
}

const f = (n: number, digits = 1): string => n.toFixed(digits);
const byCrd = (s: Snapshot, name: string): Map<string, number> => sumBy(s.metrics, name, 'crd');

function printPhase(label: string, from: Snapshot, to: Snapshot, startAt: number): void {
  const seconds = (to.at - startAt) / 1000;
  const cpu = to.cpu - from.cpu;
  const writes =
    sumOf(to.metrics, 'orkestra_api_writes_total') - sumOf(from.metrics, 'orkestra_api_writes_total');
  console.log(
    `${label}: converge ${f(seconds, 2)} s, operator CPU ${f(cpu, 2)} s (${f((1000 * cpu) / COUNT, 2)} ms per CR)`,
  );
  console.log(
    `  reconciles by CRD: ${describeDelta(byCrd(from, 'orkestra_reconcile_total'), byCrd(to, 'orkestra_reconcile_total'))}; render skipped: ${describeDelta(byCrd(from, 'orkestra_reconcile_render_skipped_total'), byCrd(to, 'orkestra_reconcile_render_skipped_total'))}`,
  );
  console.log(
    `  API writes ${writes} (${describeDelta(sumBy(from.metrics, 'orkestra_api_writes_total', 'verb'), sumBy(to.metrics, 'orkestra_api_writes_total', 'verb'))})`,
  );
  const mean = (name: string, crd: string): string => {
    const count = sumOf(to.metrics, `${name}_count`, { crd }) - sumOf(from.metrics, `${name}_count`, { crd });
    const sum = sumOf(to.metrics, `${name}_sum`, { crd }) - sumOf(from.metrics, `${name}_sum`, { crd });
    return count > 0 ? `${f((sum / count) * 1000, 2)} ms` : 'n/a';
  };
  console.log(
    `  mean reconcile: site ${mean('orkestra_reconcile_duration_seconds', 'site')}, xsite ${mean('orkestra_reconcile_duration_seconds', 'xsite')}, siteconfig ${mean('orkestra_reconcile_duration_seconds', 'siteconfig')}`,
  );
}

async function createAll(client: KubeClient, kind: (typeof KINDS)[number]): Promise<number> {
  const firstAt = performance.now();
  await runPool(COUNT, CONCURRENCY, (i) =>
    client.create(kind.gvr, crOf(kind.kind, i, kind === SITECONFIG ? { phase: 'Ready' } : undefined)),
  );
  return firstAt;
}

async function measure(client: KubeClient, ork: OrkProcess): Promise<void> {
  const trackers = new Map<string, Tracker>(KINDS.map((k) => [k.kind, new Tracker(isReady)]));
  const tracker = (kind: string): Tracker => trackers.get(kind) ?? new Tracker(isReady);
  const watches = new AbortController();
  const phaseIs = (phase: string) => (cr: KubeObject) => isReady(cr) && statusOf(cr)['phase'] === phase;
  const configIs = (phase: string) => (cr: KubeObject) => isReady(cr) && statusOf(cr)['config'] === phase;
  tracker('SiteConfig').reset(phaseIs('Ready'));
  tracker('XSite').reset(configIs('Ready'));
  for (const kind of KINDS)
    void listAndWatch(
      client,
      kind.gvr,
      (e) => {
        tracker(kind.kind).onEvent(e.type, e.object);
      },
      watches.signal,
    );
  try {
    console.log(`ork run ready ${f(await waitReady(ork), 0)} ms after spawn; RSS ${f(rssMb(ork.pid))} MB`);
    await createAll(client, SITECONFIG);
    await until('every SiteConfig status.phase Ready', tracker('SiteConfig'));
    await delay(2000); // the SiteConfigs' own follow-up reconciles settle before measuring
    console.log(`${COUNT} SiteConfigs created and reconciled (not measured)\n`);
    const phases = CROSS_FIRST ? [XSITE, SITE] : [SITE, XSITE];
    for (const kind of phases) {
      const from = await snapshot(ork);
      const startAt = await createAll(client, kind);
      const at = await until(`every ${kind.kind} done`, tracker(kind.kind));
      await delay(1000); // let the operator finish the writes that follow the last Ready
      const label =
        kind === SITE ? `plain: ${COUNT} Sites` : `cross: ${COUNT} XSites observing a SiteConfig each`;
      printPhase(label, from, { ...(await snapshot(ork)), at }, startAt);
    }
    tracker('XSite').reset(configIs('Paused'));
    const from = await snapshot(ork);
    const startAt = performance.now();
    await runPool(COUNT, CONCURRENCY, (i) => {
      const { name, namespace } = crOf('SiteConfig', i).metadata ?? {};
      return client.patch(SITECONFIG.gvr, name ?? '', { namespace, patch: { spec: { phase: 'Paused' } } });
    });
    const at = await until('every XSite status.config Paused', tracker('XSite'));
    await delay(1000);
    printPhase(
      `companion change: ${COUNT} SiteConfigs Ready → Paused, until every XSite saw it (gated ConfigMaps pruned)`,
      from,
      { ...(await snapshot(ork)), at },
      startAt,
    );
    console.log(
      `\noperator at the end: RSS ${f(rssMb(ork.pid))} MB, CPU ${f(cpuSeconds(ork.pid), 1)} s in all`,
    );
  } finally {
    watches.abort();
  }
}

/** Removes this bench's CRs (finalizers dropped: the operator is stopped), CRDs and namespaces. */
async function cleanUp(client: KubeClient): Promise<void> {
  for (const kind of KINDS) {
    for (const namespace of NAMESPACES) {
      const list = await client.list(kind.gvr, { namespace }).catch(() => ({ items: [] as KubeObject[] }));
      await runPool(list.items.length, CONCURRENCY, async (i) => {
        const name = list.items[i]?.metadata?.name ?? '';
        const patch = { metadata: { finalizers: null } };
        await client.patch(kind.gvr, name, { namespace, patch }).catch(() => undefined);
        await client.delete(kind.gvr, name, { namespace }).catch(() => undefined);
      });
    }
    await client.delete(RESOURCES.crds, `${kind.plural}.${GROUP}`).catch(() => undefined);
  }
  for (const namespace of NAMESPACES)
    await client.delete(RESOURCES.namespaces, namespace).catch(() => undefined);
  await namespacesGone(client);
}

/** Waits (up to 2 min) until none of the bench's namespaces is left terminating from a previous run. */
async function namespacesGone(client: KubeClient): Promise<void> {
  const terminating = async (): Promise<boolean> => {
    for (const namespace of NAMESPACES) {
      const ns = await client.get(RESOURCES.namespaces, namespace).catch(() => undefined);
      if ((ns?.['status'] as { phase?: string } | undefined)?.phase === 'Terminating') return true;
    }
    return false;
  };
  for (let i = 0; i < 240 && (await terminating()); i++) await delay(500);
}

async function main(): Promise<void> {
  const stale = staleBuild();
  if (stale !== undefined && !process.argv.includes('--stale')) throw new Error(stale);
  const kubeconfig = process.env['KUBECONFIG'];
  if (!kubeconfig) throw new Error('KUBECONFIG is not set (eval "$(node bin/ork.js dev env)")');
  const client = createKubeClient(await loadClusterConfig({ env: process.env }));
  const dir = mkdtempSync(join(tmpdir(), 'ork-run-cross-'));
  let ork: OrkProcess | undefined;
  try {
    await installCrds(
      client,
      KINDS.map((k) => crdOf({ group: GROUP, kind: k.kind, plural: k.plural })),
    );
    await namespacesGone(client);
    await ensureNamespaces(client, NAMESPACES);
    const katalog = join(dir, 'katalog.yaml');
    writeFileSync(katalog, KATALOG);
    console.log(
      `${COUNT} Sites, ${COUNT} XSites, ${COUNT} SiteConfigs; ${WORKERS} workers per CRD; node ${process.version}`,
    );
    ork = await startOrk({ katalog, kubeconfig, logFile: join(dir, 'ork.log') });
    await measure(client, ork);
  } finally {
    if (ork !== undefined) await stopOrk(ork);
    await cleanUp(client);
    await client.transport.close();
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
    else console.log(`log and Katalog kept in ${dir}`);
  }
}

await main();
