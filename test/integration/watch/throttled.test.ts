/**
 * API Priority and Fairness tightened until the runtime gets 429s. The built `ork run` runs as a
 * ServiceAccount of the test (its token, from the TokenRequest API, in a kubeconfig through the
 * loopback TCP proxy), so only its own requests are throttled on the shared cluster: a FlowSchema
 * sends that ServiceAccount, and nobody else, to a PriorityLevelConfiguration of the test.
 *
 * Tightened: nominalConcurrencyShares 1 (3 seats of the dev cluster's 600), nothing lent or
 * borrowed, Reject. The test then takes every seat of the level with requests whose answers it does
 * not read (HTTP/2 window 0: the API server's handler cannot finish, so the seat stays taken) and
 * creates a burst of CRs: the open watches see them (an open watch holds no seat) and every request
 * of the reconciles is answered 429 with Retry-After; then it cuts the runtime's connections, so its
 * watches must start again and are refused too. The runtime must back off (no 429 storm), count the
 * 429s in its metrics and say why in /ready and the box's health. Lifted (seats released, FlowSchema
 * deleted): every CR converges and readiness comes back in the same process.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, type ClientHttp2Stream } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { parse, stringify } from 'yaml';
import { ensureBuilt, startOrk, type OrkProcess } from '../../e2e/ork-process.ts';
import { closeTestCluster, testCluster, testNamespace } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { kubeconfigServer, startTcpProxy, writeProxyKubeconfig } from '../../harness/tcp-proxy.ts';
import type { TestClient } from '../../harness/test-client.ts';
import { installTestCrd, sumSeries, type Obj } from '../run/operator-fixture.ts';

before(ensureBuilt);
after(closeTestCluster);

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const FLOWCONTROL = '/apis/flowcontrol.apiserver.k8s.io/v1';

/** CRs created while the runtime is throttled. */
const BURST = 30;

/** How long the level stays saturated: longer than the client's own retries (4, ~1 s each). */
const THROTTLED_MS = 15_000;

function katalog(group: string, namespace: string) {
  return {
    apiVersion: 'orkestra.orkspace.io/v1',
    kind: 'Katalog',
    metadata: { name: 'throttled' },
    spec: {
      crds: {
        site: {
          apiTypes: { group, version: 'v1', kind: 'Site', plural: 'sites' },
          namespaces: [namespace],
          operatorBox: {
            onReconcile: {
              configMaps: [{ name: '{{ .metadata.name }}', data: { message: '{{ .spec.message }}' } }],
            },
          },
        },
      },
    },
  };
}

/**
 * A ServiceAccount in `ns` allowed what the runtime does there (its CRs, their ConfigMaps, events)
 * and to read CRDs and children everywhere; returns its name. The ClusterRole and its binding are deleted when the test ends.
 */
async function serviceAccount(
  t: { after(fn: () => Promise<unknown>): void },
  client: TestClient,
  ns: string,
  group: string,
): Promise<string> {
  const name = 'ork-runner';
  await client.create(`/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name } });
  const subjects = [{ kind: 'ServiceAccount', name, namespace: ns }];
  const all = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
  await client.create(`${RBAC}/namespaces/${ns}/roles`, {
    metadata: { name },
    rules: [
      { apiGroups: [group], resources: ['sites', 'sites/status', 'sites/finalizers'], verbs: all },
      { apiGroups: [''], resources: ['configmaps'], verbs: all },
      { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch', 'update'] },
    ],
  });
  await client.create(`${RBAC}/namespaces/${ns}/rolebindings`, {
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects,
  });
  const cluster = `${ns}-ork-runner`;
  t.after(() => client.delete(`${RBAC}/clusterrolebindings/${cluster}`));
  t.after(() => client.delete(`${RBAC}/clusterroles/${cluster}`));
  await client.create(`${RBAC}/clusterroles`, {
    metadata: { name: cluster },
    rules: [
      {
        apiGroups: ['apiextensions.k8s.io'],
        resources: ['customresourcedefinitions'],
        verbs: ['get', 'list', 'watch'],
      },
      // the runtime watches its children across namespaces (by its managed-by label)
      { apiGroups: [''], resources: ['namespaces', 'configmaps'], verbs: ['get', 'list', 'watch'] },
    ],
  });
  await client.create(`${RBAC}/clusterrolebindings`, {
    metadata: { name: cluster },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: cluster },
    subjects,
  });
  return name;
}

/** A token of the ServiceAccount from the TokenRequest API. */
async function tokenOf(client: TestClient, ns: string, sa: string): Promise<string> {
  const res = await client.create<{ status: { token: string } }>(
    `/api/v1/namespaces/${ns}/serviceaccounts/${sa}/token`,
    { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
  );
  return res.status.token;
}

/**
 * The tight level and the FlowSchema that sends the ServiceAccount (only it) there; returns the
 * level's uid and the FlowSchema's path (deleting it lifts the limit).
 */
async function tighten(
  client: TestClient,
  name: string,
  sa: { namespace: string; name: string },
): Promise<{ levelUid: string; flowSchema: string }> {
  const level = await client.create<Obj>(`${FLOWCONTROL}/prioritylevelconfigurations`, {
    metadata: { name },
    spec: {
      type: 'Limited',
      limited: {
        nominalConcurrencyShares: 1,
        lendablePercent: 0,
        borrowingLimitPercent: 0,
        limitResponse: { type: 'Reject' },
      },
    },
  });
  const all = { verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true, namespaces: ['*'] };
  await client.create(`${FLOWCONTROL}/flowschemas`, {
    metadata: { name },
    spec: {
      priorityLevelConfiguration: { name },
      matchingPrecedence: 50, // before every suggested schema but exempt and probes
      distinguisherMethod: { type: 'ByUser' },
      rules: [
        {
          subjects: [{ kind: 'ServiceAccount', serviceAccount: sa }],
          resourceRules: [all],
          nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
        },
      ],
    },
  });
  return { levelUid: level.metadata.uid ?? '', flowSchema: `${FLOWCONTROL}/flowschemas/${name}` };
}

/** An HTTP/2 session to the API server with a token, and the CA of the kubeconfig. */
async function apiSession(kubeconfig: string, token: string) {
  const raw = parse(await readFile(kubeconfig, 'utf8')) as {
    clusters: { cluster: Record<string, string> }[];
  };
  const cluster = raw.clusters[0]?.cluster ?? {};
  const ca = Buffer.from(cluster['certificate-authority-data'] ?? '', 'base64');
  // window 0: the server can send headers but no byte of a body
  const session = connect(cluster['server'] ?? '', { ca, settings: { initialWindowSize: 0 } });
  session.on('error', () => undefined);
  const request = (path: string): ClientHttp2Stream => {
    const stream = session.request({ ':path': path, authorization: `Bearer ${token}` });
    stream.on('error', () => undefined);
    stream.end();
    return stream;
  };
  return {
    /** The uid of the priority level the API server put a request in. */
    levelOf: (path: string) =>
      new Promise<string | undefined>((resolve) => {
        const stream = request(path);
        stream.on('response', (headers) => {
          stream.close();
          resolve(headers['x-kubernetes-pf-prioritylevel-uid'] as string | undefined);
        });
      }),
    /**
     * Takes `n` seats of the level: requests with a large answer (the OpenAPI document) the server
     * cannot send, so their handlers cannot finish. `release(k)` frees k of them (all by default).
     */
    hold: async (n: number) => {
      const streams = await Promise.all(
        Array.from(
          { length: n },
          () =>
            new Promise<ClientHttp2Stream>((resolve, reject) => {
              const stream = request('/openapi/v2');
              stream.on('response', (headers) => {
                if (headers[':status'] === 200) resolve(stream);
                else reject(new Error(`holding a seat: HTTP ${String(headers[':status'])}`));
              });
            }),
        ),
      );
      return {
        release: (k = streams.length) => {
          for (const stream of streams.splice(0, k)) stream.close();
        },
      };
    },
    close: () => {
      session.destroy();
    },
  };
}

/** The `orkestra_api_requests_total` series answered 429, by verb. */
function codes429(metrics: string): Map<string, number> {
  const byVerb = new Map<string, number>();
  for (const line of metrics.split('\n')) {
    const match = /^orkestra_api_requests_total\{verb="(\w+)",code="429"\} (\d+)$/.exec(line);
    if (match) byVerb.set(match[1] ?? '', Number(match[2]));
  }
  return byVerb;
}

/** Every 429 the process was answered. */
function refusedAll(metrics: string): number {
  return [...codes429(metrics).values()].reduce((a, b) => a + b, 0);
}

/** The 429s answered to anything but a list or a watch: the reconciles' reads and writes. */
function refusedWrites(metrics: string): number {
  const byVerb = codes429(metrics);
  return refusedAll(metrics) - (byVerb.get('list') ?? 0) - (byVerb.get('watch') ?? 0);
}

/** `orkestra_reconcile_total` of the box with that result. */
function reconciles(metrics: string, result: string): number {
  const line = metrics
    .split('\n')
    .find((l) => l.startsWith(`orkestra_reconcile_total{crd="site",result="${result}"}`));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function metricsOf(ork: OrkProcess): Promise<string> {
  return (await fetch(`http://127.0.0.1:${ork.port}/metrics`)).text();
}

test(
  'throttled by priority and fairness, ork run backs off, says why, and converges when the limit lifts',
  { timeout: 180_000 },
  async (t) => {
    const kubeconfig = process.env['KUBECONFIG'];
    assert.ok(kubeconfig, 'KUBECONFIG names the test cluster');
    const client = testCluster();
    // Undone before what the test made earlier (hooks run in the order they were added): the
    // throttle first, then the runtime (which must still release its CRs' finalizers), and only
    // then the RBAC, CRD and namespace it ran with.
    const undo = { throttle: [] as (() => unknown)[], runtime: [] as (() => unknown)[] };
    t.after(async () => {
      for (const step of [...undo.throttle, ...undo.runtime]) await step();
    });
    const ns = await testNamespace(t);
    const group = `t${randomBytes(4).toString('hex')}.orkestra.test`;
    const crd = await installTestCrd(client, { group, kind: 'Site', plural: 'sites' });
    t.after(() => client.delete(`${CRDS}/${crd}`));
    const sa = await serviceAccount(t, client, ns, group);
    const token = await tokenOf(client, ns, sa);

    const proxy = await startTcpProxy(await kubeconfigServer(kubeconfig));
    const dir = await mkdtemp(join(tmpdir(), 'ork-apf-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const viaProxy = join(dir, 'kubeconfig');
    await writeProxyKubeconfig({ from: kubeconfig, to: viaProxy, port: proxy.port, token });
    const file = join(dir, 'katalog.yaml');
    await writeFile(file, stringify(katalog(group, ns)));
    let failed = true;
    const ork = await startOrk(['-k', file, '--kubeconfig', viaProxy, '--log-level', 'info']);
    const sites = `/apis/${group}/v1/namespaces/${ns}/sites`;
    undo.runtime.push(() => {
      // what the runtime said, when the test failed (or ORK_TEST_LOG asks)
      if (failed || process.env['ORK_TEST_LOG'] !== undefined) t.diagnostic(ork.output());
    });
    undo.runtime.push(async () => {
      // the CRs go while the runtime still runs (it releases its finalizer), then the runtime
      await client.send('DELETE', sites);
      await eventually(
        async () => ((await client.get<{ items?: Obj[] }>(sites)).body.items ?? []).length === 0,
        {
          what: 'every Site deleted',
          timeoutMs: 60_000,
        },
      ).catch(() => undefined);
      if (ork.running()) await ork.terminate(15_000);
      await proxy.close();
    });
    await eventually(async () => (await ork.http('/ready')).status === 200, {
      what: 'ork run ready',
      timeoutMs: 30_000,
    });
    const message = async (name: string): Promise<string | undefined> => {
      const res = await client.get<Obj>(`/api/v1/namespaces/${ns}/configmaps/${name}`);
      return res.status === 200 ? res.body.data?.['message'] : undefined;
    };
    const create = (name: string, spec: Record<string, unknown>) =>
      client.create(sites, { apiVersion: `${group}/v1`, kind: 'Site', metadata: { name }, spec });
    await create('first', { message: 'before' });
    await eventually(async () => (await message('first')) === 'before', { what: 'the first ConfigMap' });

    // tightened: the API server classifies the ServiceAccount's requests into the test's level
    const api = await apiSession(kubeconfig, token);
    undo.throttle.push(() => {
      api.close();
    });
    const flow = `${ns}-ork`;
    undo.throttle.push(() => client.delete(`${FLOWCONTROL}/flowschemas/${flow}`));
    undo.throttle.push(() => client.delete(`${FLOWCONTROL}/prioritylevelconfigurations/${flow}`));
    const { levelUid, flowSchema } = await tighten(client, flow, { namespace: ns, name: sa });
    await eventually(async () => (await api.levelOf('/version')) === levelUid, {
      what: 'the ServiceAccount classified into the tight level',
      timeoutMs: 30_000,
      intervalMs: 200,
    });

    const seats = await api.hold(3);
    undo.throttle.unshift(() => {
      seats.release();
    });
    const start = await metricsOf(ork);
    const throttledAt = Date.now();
    // the watches are open (an open watch takes no seat) and see the burst: every write is refused
    for (let i = 0; i < BURST; i++) await create(`s${i}`, { message: `m${i}` });
    await eventually(async () => refusedWrites(await metricsOf(ork)) > refusedWrites(start), {
      what: 'the reconciles refused with 429',
      timeoutMs: THROTTLED_MS,
    });
    proxy.cut(); // and the watches must start again, into a level with no seat free
    const ready = await eventually(
      async () => {
        const r = await ork.http('/ready');
        return r.status === 503 ? r.body : undefined;
      },
      { what: '/ready to turn 503', timeoutMs: THROTTLED_MS, intervalMs: 200 },
    );
    assert.match(
      (ready['reasons'] as string[]).join('\n'),
      /^site: watch of (sites\.\S+|configmaps) throttled \(429\), retrying (in \d+ s|now)$/m,
    );
    const health = await ork.http('/katalog/site/health');
    assert.equal(health.status, 503);
    assert.match((health.body['reasons'] as string[]).join('\n'), /throttled \(429\)/);

    // held until the end of the window: the runtime keeps being refused and must not storm
    await delay(Math.max(0, throttledAt + THROTTLED_MS - Date.now()));
    const metrics = await metricsOf(ork);
    const refused = refusedAll(metrics) - refusedAll(start);
    const seconds = (Date.now() - throttledAt) / 1000;
    // each worker (2) and each watch (2) tries again after Retry-After (1 s) at the soonest
    assert.ok(refused <= 6 * seconds, `${refused} 429s in ${seconds.toFixed(1)} s: no backoff`);
    assert.ok(sumSeries(metrics, 'orkestra_watch_throttled_total', 'site') >= 1, metrics);
    // the reconciles refused were requeued after the Retry-After, not failed with a growing backoff
    assert.ok(reconciles(metrics, 'retry-after') >= 1, metrics);
    assert.equal(reconciles(metrics, 'error'), 0, metrics);
    assert.equal(await message('s0'), undefined, 'nothing was written while throttled');
    t.diagnostic(`${refused} 429s in ${seconds.toFixed(1)} s: ${JSON.stringify([...codes429(metrics)])}`);

    // lifted
    seats.release();
    await client.delete(flowSchema);
    const liftedAt = Date.now();
    await eventually(
      async () => {
        for (let i = 0; i < BURST; i++) if ((await message(`s${i}`)) !== `m${i}`) return false;
        return true;
      },
      // a throttled watch backs off 5 s at most: back within seconds of the lift, not 30 s
      { what: 'every CR converged', timeoutMs: 20_000, intervalMs: 500 },
    );
    // the box's health too: reconciles from a cache still stale just after the lift may conflict (409)
    for (const path of ['/ready', '/katalog/site/health']) {
      await eventually(async () => (await ork.http(path)).status === 200, {
        what: `${path} to recover by itself`,
        timeoutMs: 30_000,
      });
    }
    assert.ok(ork.running(), 'the same process recovered');
    failed = false;
    t.diagnostic(`converged ${((Date.now() - liftedAt) / 1000).toFixed(1)} s after the lift`);
  },
);
