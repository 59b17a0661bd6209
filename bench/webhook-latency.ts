// Admission latency as a client and as the API server see it (issue: admission webhooks). One `ork run`
// (the real CLI process) runs two CRDs of the same shape: `Open`, without admission rules (so no
// webhook is registered for it), and `Gated`, with mutation defaults and deny and warn validation
// rules, served by the runtime's admission webhooks (failurePolicy Fail). A third kind, `Floor`, has
// a mutating and a validating webhook served by an allow-all process of its own
// (bench/lib/allow-webhook.ts): the floor of two webhook calls on this machine, with no rule, no
// template and no operator sharing the process.
// For each rate (open loop: create i is sent at i/rate whatever the earlier ones do), the three kinds
// take turns in short slots (2 s each, the order rotating every cycle) until each has had --seconds:
// every kind then sees the same background (the machine's other load, the operator reconciling the
// CRs of earlier slots), which a p99 — a handful of the slowest creates — is very sensitive to.
// Printed per kind:
//   - create latency as the client sees it (request sent → 201), p50/p99, and the difference from
//     Open (what the webhooks add);
//   - the handlers' own p50/p99 from the runtime's `orkestra_admission_duration_seconds` histogram
//     (interpolated within its buckets, as Prometheus' histogram_quantile does);
//   - the webhook calls as the API server sees them, from its own
//     `apiserver_admission_webhook_admission_duration_seconds` (coarser buckets: 5 ms first).
// Targets: handler p99 < 2 ms at 500/s; added create p99 < 5 ms. The machine's other load (the API
// server and etcd share its two cores with this process and the operator) is the floor: run it quiet.
// Needs a cluster in KUBECONFIG (the dev cluster) and a current build (`npm run build`). Prints figures,
// asserts nothing. Run:
//   source scripts/node-env.sh && eval "$(node bin/ork.js dev env)" && node bench/webhook-latency.ts
// Options: --seconds=12 (per kind and rate), --rates=100,500, --keep keeps the log folder.
// The handler figures are per call; the runtime answers on the event loop its reconciles share, so
// a rate the operator cannot keep up with shows in the create latency, not in the handler's own.
// Each rate starts by deleting the CRs of the last one while the operator runs, waiting until they
// are gone.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createKubeClient, loadClusterConfig } from '../src/kube/index.ts';
import type { GroupVersionResource, KubeClient } from '../src/kube/index.ts';
import { crdOf, ensureNamespaces, installCrds, percentile } from './lib/kube.ts';
import { freePort, scrape, staleBuild, startOrk, stopOrk, waitReady } from './lib/ork.ts';
import { parseMetrics, type Sample } from './lib/prometheus.ts';

const flag = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const SECONDS = Number(flag('seconds') ?? 12);
const SLOT_SECONDS = 2;
const RATES = (flag('rates') ?? '100,500').split(',').map(Number);
const GROUP = 'webhookbench.bench.orkestra.dev';
const NAMESPACE = 'bench-webhooks';
const KINDS = {
  open: { kind: 'Open', plural: 'opens' },
  floor: { kind: 'Floor', plural: 'floors' },
  gated: { kind: 'Gated', plural: 'gateds' },
} as const;
type Which = keyof typeof KINDS;
const WHICH = ['open', 'floor', 'gated'] as const;
const gvrOf = (which: Which): GroupVersionResource => ({
  group: GROUP,
  version: 'v1',
  resource: KINDS[which].plural,
  namespaced: true,
});

const BOX = `      operatorBox:
        status: {conditions: false}`;
const KATALOG = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata:
  name: bench-webhooks
spec:
  crds:
    open:
      apiTypes: {group: ${GROUP}, version: v1, kind: Open, plural: opens}
${BOX}
    gated:
      apiTypes: {group: ${GROUP}, version: v1, kind: Gated, plural: gateds}
      mutation:
        rules:
          - {field: spec.replicas, default: "2", valueType: int}
          - {field: spec.tier, default: standard}
      validation:
        rules:
          - {field: spec.image, prefix: "registry.local/", message: "images come from registry.local/"}
          - {field: spec.replicas, lessThanOrEqual: 10, message: "at most 10 replicas", action: deny}
          - {field: spec.owner, exists: true, message: "spec.owner is recommended", action: warn}
${BOX}
security:
  webhooks:
    admission: {enabled: true, failurePolicy: Fail}
  deletionProtection: {cleanupOnShutdown: true}
`;

function crOf(which: Which, name: string) {
  return {
    apiVersion: `${GROUP}/v1`,
    kind: KINDS[which].kind,
    metadata: { name, namespace: NAMESPACE },
    spec: { image: 'registry.local/web:1.0' },
  };
}

/** Creates `count` CRs at `rate` per second, open loop; resolves with each create's latency in ms. */
async function createAtRate(client: KubeClient, which: Which, rate: number, count: number, tag: string) {
  const latencies: number[] = [];
  let failures = 0;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await delay(wait);
    const sent = performance.now();
    inFlight.push(
      client.create(gvrOf(which), crOf(which, `${tag}-${String(i)}`)).then(
        () => {
          latencies.push(performance.now() - sent);
        },
        () => {
          failures++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { latencies, failures, seconds: (performance.now() - start) / 1000 };
}

/** Creates each kind's CRs at `rate`, the kinds taking turns in slots; the latencies of each kind. */
async function inTurns(client: KubeClient, rate: number) {
  const latencies: Record<Which, number[]> = { open: [], floor: [], gated: [] };
  const failures: Record<Which, number> = { open: 0, floor: 0, gated: 0 };
  const cycles = Math.max(1, Math.round(SECONDS / SLOT_SECONDS));
  for (let cycle = 0; cycle < cycles; cycle++) {
    for (let turn = 0; turn < WHICH.length; turn++) {
      const which = WHICH[(cycle + turn) % WHICH.length] as Which;
      const tag = `r${String(rate)}-c${String(cycle)}`;
      const run = await createAtRate(client, which, rate, rate * SLOT_SECONDS, tag);
      latencies[which].push(...run.latencies);
      failures[which] += run.failures;
    }
  }
  return { latencies, failures };
}

/** Deletes every CR of a kind in the namespace and waits until they are gone. */
async function clear(client: KubeClient, which: Which): Promise<void> {
  const path = `/apis/${GROUP}/v1/namespaces/${NAMESPACE}/${KINDS[which].plural}`;
  await client.transport.request({ method: 'DELETE', path, verb: 'deletecollection' });
  while ((await client.list(gvrOf(which), { namespace: NAMESPACE, limit: 1 })).items.length > 0)
    await delay(200);
}

/**
 * The q-quantile of a histogram's delta between two scrapes, interpolated linearly within the bucket
 * it falls in (as histogram_quantile does). Seconds → ms.
 */
function histogramQuantile(
  before: Sample[],
  after: Sample[],
  name: string,
  where: Record<string, string | ((value: string | undefined) => boolean)>,
  q: number,
) {
  const buckets = (samples: Sample[]) => {
    const byLe = new Map<number, number>();
    for (const s of samples) {
      if (s.name !== `${name}_bucket`) continue;
      const matches = ([k, v]: [string, string | ((value: string | undefined) => boolean)]) =>
        typeof v === 'string' ? s.labels[k] === v : v(s.labels[k]);
      if (!Object.entries(where).every(matches)) continue;
      const le = s.labels['le'] === '+Inf' ? Infinity : Number(s.labels['le']);
      byLe.set(le, (byLe.get(le) ?? 0) + s.value);
    }
    return byLe;
  };
  const b0 = buckets(before);
  const delta = [...buckets(after)]
    .map(([le, n]) => [le, n - (b0.get(le) ?? 0)] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = delta.at(-1)?.[1] ?? 0;
  if (total === 0) return { ms: Number.NaN, count: 0 };
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const [le, n] of delta) {
    if (n >= rank) {
      if (le === Infinity) return { ms: lower * 1000, count: total };
      return { ms: (lower + ((le - lower) * (rank - below)) / Math.max(1, n - below)) * 1000, count: total };
    }
    lower = le;
    below = n;
  }
  return { ms: Number.NaN, count: total };
}

async function apiServerMetrics(client: KubeClient): Promise<Sample[]> {
  const res = await client.transport.request({ method: 'GET', path: '/metrics' });
  return parseMetrics(res.text);
}

const ADMISSION_REGISTRATION = (resource: string): GroupVersionResource => ({
  group: 'admissionregistration.k8s.io',
  version: 'v1',
  resource,
  namespaced: false,
});
const FLOOR_CONFIGURATIONS = [
  ['MutatingWebhookConfiguration', 'mutatingwebhookconfigurations'],
  ['ValidatingWebhookConfiguration', 'validatingwebhookconfigurations'],
] as const;

/**
 * The floor: an allow-all webhook in a process of its own (bench/lib/allow-webhook.ts), registered
 * as a mutating and a validating webhook of the Floor kind, as the runtime registers Gated's.
 * Resolves with a function that unregisters and stops it.
 */
async function startFloorWebhook(client: KubeClient): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('lib/allow-webhook.ts', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const { port, ca } = JSON.parse(line) as { port: number; ca: string };
  const webhook = {
    clientConfig: { url: `https://127.0.0.1:${String(port)}/`, caBundle: Buffer.from(ca).toString('base64') },
    rules: [
      { apiGroups: [GROUP], apiVersions: ['*'], resources: [KINDS.floor.plural], operations: ['CREATE'] },
    ],
    failurePolicy: 'Fail',
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    timeoutSeconds: 5,
  };
  for (const [kind, resource] of FLOOR_CONFIGURATIONS) {
    const configuration = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind,
      metadata: { name: 'bench-webhooks-floor' },
      webhooks: [{ name: `floors.${GROUP}`, ...webhook }],
    };
    await client.apply(ADMISSION_REGISTRATION(resource), configuration, { force: true });
  }
  await delay(2000); // the API server picks up new configurations within a second or so
  return async () => {
    for (const [, resource] of FLOOR_CONFIGURATIONS) {
      await client.delete(ADMISSION_REGISTRATION(resource), 'bench-webhooks-floor');
    }
    child.kill();
  };
}

const fmt = (n: number) => (Number.isNaN(n) ? '—' : n.toFixed(2));

async function main(): Promise<void> {
  const stale = staleBuild();
  if (stale !== undefined) throw new Error(stale);
  const kubeconfig = process.env['KUBECONFIG'];
  if (kubeconfig === undefined) throw new Error('set KUBECONFIG (eval "$(node bin/ork.js dev env)")');
  const client = createKubeClient(await loadClusterConfig({ env: process.env }));
  await installCrds(client, [
    crdOf({ group: GROUP, ...KINDS.open }),
    crdOf({ group: GROUP, ...KINDS.floor }),
    crdOf({ group: GROUP, ...KINDS.gated }),
  ]);
  await ensureNamespaces(client, [NAMESPACE]);
  const dir = mkdtempSync(join(tmpdir(), 'ork-webhook-bench-'));
  writeFileSync(join(dir, 'katalog.yaml'), KATALOG);
  const webhookPort = await freePort();
  const ork = await startOrk({
    katalog: join(dir, 'katalog.yaml'),
    kubeconfig,
    logFile: join(dir, 'ork.log'),
    orkArgs: ['--webhook-port', String(webhookPort)],
  });
  const stopFloor = await startFloorWebhook(client);
  try {
    await waitReady(ork, 60_000);
    // CRs a broken earlier run left behind go first: their finalizers need the operator running
    for (const which of WHICH) await clear(client, which);
    // warm-up: connections, JIT, the API server's webhook client
    await createAtRate(client, 'gated', 50, 100, 'warm');
    await createAtRate(client, 'open', 50, 100, 'warm');
    await createAtRate(client, 'floor', 50, 100, 'warm');
    console.log(
      `admission latency — ${String(SECONDS)} s per kind and rate in ${String(SLOT_SECONDS)} s turns, open loop (ms)`,
    );
    console.log(
      'rate/s | kind  | creates | failed | p50    | p99    | handler p50 | handler p99 | API server p50 | API server p99',
    );
    for (const rate of RATES) {
      for (const which of WHICH) await clear(client, which);
      const [ork0, api0] = [await scrape(ork), await apiServerMetrics(client)];
      const { latencies, failures } = await inTurns(client, rate);
      const [ork1, api1] = [await scrape(ork), await apiServerMetrics(client)];
      const handler = (q: number) =>
        histogramQuantile(ork0, ork1, 'orkestra_admission_duration_seconds', { crd: 'gated' }, q).ms;
      const seen = (which: Which, q: number) =>
        histogramQuantile(
          api0,
          api1,
          'apiserver_admission_webhook_admission_duration_seconds',
          { operation: 'CREATE', name: (name) => name?.startsWith(`${KINDS[which].plural}.`) === true },
          q,
        ).ms;
      const p = (which: Which, q: number) => percentile(latencies[which], q);
      for (const which of WHICH) {
        const gated = which === 'gated';
        const called = which !== 'open';
        console.log(
          `${String(rate).padStart(6)} | ${which.padEnd(5)} | ${String(latencies[which].length).padStart(7)} | ${String(failures[which]).padStart(6)} | ${fmt(p(which, 0.5)).padStart(6)} | ${fmt(p(which, 0.99)).padStart(6)} | ${(gated ? fmt(handler(0.5)) : '').padStart(11)} | ${(gated ? fmt(handler(0.99)) : '').padStart(11)} | ${(called ? fmt(seen(which, 0.5)) : '').padStart(14)} | ${called ? fmt(seen(which, 0.99)) : ''}`,
        );
      }
      const added = (which: Which, q: number) => fmt(p(which, q) - p('open', q));
      console.log(
        `${String(rate).padStart(6)} | added by the webhooks: p50 ${added('gated', 0.5)} ms, p99 ${added('gated', 0.99)} ms; by the allow-all floor: p50 ${added('floor', 0.5)} ms, p99 ${added('floor', 0.99)} ms`,
      );
    }
  } finally {
    // cleared while the operator runs (it releases their finalizers); its clean stop then removes the
    // webhook configurations (cleanupOnShutdown), so no Fail-policy webhook outlives the bench
    for (const which of WHICH) await clear(client, which);
    await stopOrk(ork);
    await stopFloor();
    await client.transport.close();
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
    else console.log(`log: ${dir}`);
  }
}

await main();
