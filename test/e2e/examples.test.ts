/**
 * Every example, run the way its README says: the built CLI as a subprocess
 * (`ork run -k examples/NN/katalog.yaml --dev -n <namespace> --port <free>`), until /ready answers 200
 * and the example's CRs reach the state the README promises. Then its CRs are deleted (the operator
 * releases its finalizer), and SIGTERM must stop the operator with exit code 0 within 10 s.
 *
 * One file, so the examples run one after another: two operators on one CRD would fight.
 * dist/ is built here (node scripts/build.ts) when it is missing or older than a file of src/;
 * `bash scripts/setup.sh` builds it too. The examples' CRDs are applied by --dev and left installed
 * (a developer may be using them); the CRs live in a namespace of the test, deleted at the end.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test, type TestContext } from 'node:test';
import { startPipelineRegistry } from '../examples/pipeline-registry.ts';
import { closeTestCluster, testCluster } from '../harness/cluster.ts';
import { eventually } from '../harness/eventually.ts';
import type { TestClient } from '../harness/test-client.ts';
import {
  captureAll,
  createNamespace,
  ensureBuilt,
  processStart,
  startOrk,
  type OrkProcess,
} from './ork-process.ts';

before(ensureBuilt);
after(closeTestCluster);

const MERGE_PATCH = 'application/merge-patch+json';

/** A CR of an example: its API group/version, plural and name. */
interface ExampleCr {
  api: string;
  plural: string;
  name: string;
}

interface Obj {
  metadata: { name: string; deletionTimestamp?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown> & { conditions?: { type: string; status: string; reason?: string }[] };
  data?: Record<string, string>;
}

interface Run {
  client: TestClient;
  ns: string;
  ork: OrkProcess;
  /** The object at a namespaced path (`apps/v1 deployments hello`); undefined when missing. */
  get(what: string): Promise<Obj | undefined>;
}

function pathOf(ns: string, what: string): string {
  const [api = '', plural = '', name = ''] = what.split(' ');
  const base = api === 'v1' ? '/api/v1' : `/apis/${api}`;
  return `${base}/namespaces/${ns}/${plural}${name ? `/${name}` : ''}`;
}

function ready(cr: Obj | undefined): { status: string; reason?: string } | undefined {
  return cr?.status?.conditions?.find((c) => c.type === 'Ready');
}

/** The operator runs with what bin/ork.js's #! line sets: its memory depends on each of them. */
function assertProductFlags(ork: OrkProcess): void {
  const { argv, env } = processStart(ork.child.pid ?? 0);
  for (const flag of ['--max-semi-space-size=8', '--expose-gc'])
    assert.ok(argv.includes(flag), argv.join(' '));
  assert.ok(env.includes('MALLOC_ARENA_MAX=2'), 'MALLOC_ARENA_MAX=2 in the environment');
}

/** Runs an example, checks it, deletes its CRs, stops it; cleans up whatever a failure leaves. */
async function runExample(
  t: TestContext,
  example: { dir: string; crs: ExampleCr[] },
  check: (run: Run) => Promise<void>,
): Promise<void> {
  const client = testCluster();
  const ns = await createNamespace(client, example.dir);
  const crPaths = example.crs.map((cr) => pathOf(ns, `${cr.api} ${cr.plural} ${cr.name}`));
  const ork = await startOrk(['-k', `examples/${example.dir}/katalog.yaml`, '--dev', '-n', ns]);
  t.after(async () => {
    if (ork.running()) {
      for (const path of crPaths)
        await client.send('PATCH', path, { metadata: { finalizers: null } }, MERGE_PATCH);
      ork.child.kill('SIGKILL');
    }
    await client.delete(`/api/v1/namespaces/${ns}`);
  });
  const get = async (what: string): Promise<Obj | undefined> => {
    const res = await client.get<Obj>(pathOf(ns, what));
    return res.status === 200 ? res.body : undefined;
  };
  try {
    await eventually(async () => (await ork.http('/ready')).status === 200, {
      what: '/ready 200',
      timeoutMs: 60_000,
    });
    assertProductFlags(ork);
    await check({ client, ns, ork, get });
    for (const path of crPaths) await client.delete(path);
    await eventually(
      async () => {
        for (const path of crPaths) if ((await client.get(path)).status !== 404) return false;
        return true;
      },
      { what: 'the CRs gone (finalizers released)', timeoutMs: 60_000 },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- ork run output (tail) ---\n${ork.output().slice(-4000)}`, {
      cause: error,
    });
  }
  const exit = await ork.terminate(10_000);
  assert.equal(exit.code, 0, `exit code after SIGTERM (${exit.ms} ms)\n${ork.output().slice(-2000)}`);
  t.diagnostic(`ork run exited 0, ${exit.ms} ms after SIGTERM`);
}

const DEMO = 'demo.orkestra.io/v1alpha1';
const PLATFORM = 'platform.demo.orkestra.io/v1alpha1';

test(
  '01-hello-website: a Website gets a Deployment and a Service and becomes Ready',
  { timeout: 120_000 },
  (t) =>
    runExample(
      t,
      { dir: '01-hello-website', crs: [{ api: DEMO, plural: 'websites', name: 'hello' }] },
      async (run) => {
        const website = await eventually(
          async () => {
            const cr = await run.get(`${DEMO} websites hello`);
            return ready(cr)?.status === 'True' && cr?.status?.['readyReplicas'] === 2 ? cr : undefined;
          },
          { what: 'Website hello Ready with 2 ready replicas', timeoutMs: 60_000 },
        );
        assert.equal(website.status?.['observedGeneration'], 1);
        const deployment = await run.get('apps/v1 deployments hello');
        assert.equal((deployment?.spec as { replicas: number } | undefined)?.replicas, 2);
        const service = await run.get('v1 services hello');
        const ports = (service?.spec as { ports: { port: number; targetPort: number }[] } | undefined)?.ports;
        assert.deepEqual(
          ports?.map((p) => [p.port, p.targetPort]),
          [[80, 80]],
        );
      },
    ),
);

function names(list: { items?: Obj[] }): string[] {
  return (list.items ?? [])
    .filter((o) => o.metadata.deletionTimestamp === undefined)
    .map((o) => o.metadata.name)
    .sort();
}

async function childrenOf(run: Run, owner: string): Promise<string> {
  const selector = `?labelSelector=${encodeURIComponent(`orkestra.orkspace.io/owner=${owner}`)}`;
  const kinds = ['apps/v1 deployments', 'v1 services', 'v1 configmaps'];
  const found: string[] = [];
  for (const kind of kinds) {
    const res = await run.client.get<{ items?: Obj[] }>(`${pathOf(run.ns, kind)}${selector}`);
    found.push(...names(res.body).map((n) => `${kind.split(' ')[1] ?? ''}/${n}`));
  }
  return found.join(' ');
}

function childrenAre(run: Run, owner: string, expected: string): Promise<string> {
  return eventually(async () => ((await childrenOf(run, owner)) === expected ? expected : undefined), {
    what: `children: ${expected}`,
    timeoutMs: 30_000,
  });
}

test(
  '02-conditional: switching the environment creates what is wanted and prunes the rest',
  { timeout: 120_000 },
  (t) =>
    runExample(
      t,
      { dir: '02-conditional', crs: [{ api: DEMO, plural: 'apps', name: 'shop' }] },
      async (run) => {
        const app = `${DEMO} apps shop`;
        await childrenAre(run, 'shop', 'deployments/shop configmaps/shop-debug');
        await run.client.send(
          'PATCH',
          pathOf(run.ns, app),
          { spec: { environment: 'production' } },
          MERGE_PATCH,
        );
        await childrenAre(run, 'shop', 'deployments/shop services/shop-lb');
        const deployment = await run.get('apps/v1 deployments shop');
        assert.equal((deployment?.spec as { replicas: number } | undefined)?.replicas, 3);
        await run.client.send(
          'PATCH',
          pathOf(run.ns, app),
          { spec: { environment: 'staging' } },
          MERGE_PATCH,
        );
        await childrenAre(run, 'shop', 'deployments/shop configmaps/shop-debug');
        const debug = await run.get('v1 configmaps shop-debug');
        assert.equal(debug?.data?.['environment'], 'staging');
        assert.equal(ready(await run.get(app))?.status, 'True');
      },
    ),
);

test('03-status: a Site reports phase, endpoint, clusterIP and readyReplicas', { timeout: 120_000 }, (t) =>
  runExample(t, { dir: '03-status', crs: [{ api: DEMO, plural: 'sites', name: 'docs' }] }, async (run) => {
    const status = await eventually(
      async () => {
        const cr = await run.get(`${DEMO} sites docs`);
        return cr?.status?.['phase'] === 'Running' && cr.status['readyReplicas'] === 2
          ? cr.status
          : undefined;
      },
      { what: 'Site docs Running with 2 ready replicas', timeoutMs: 60_000 },
    );
    assert.equal(status['endpoint'], `docs.${run.ns}.svc.cluster.local:80`);
    const service = await run.get('v1 services docs');
    assert.equal(status['clusterIP'], (service?.spec as { clusterIP: string } | undefined)?.clusterIP);
    assert.equal(ready({ metadata: { name: 'docs' }, status })?.status, 'True');
    await run.client.send(
      'PATCH',
      pathOf(run.ns, `${DEMO} sites docs`),
      { spec: { suspend: true } },
      MERGE_PATCH,
    );
    await eventually(
      async () => {
        const cr = await run.get(`${DEMO} sites docs`);
        return cr?.status?.['phase'] === 'Suspended' && cr.status['readyReplicas'] === 0;
      },
      { what: 'Site docs Suspended with 0 ready replicas', timeoutMs: 60_000 },
    );
  }),
);

test(
  '04-many-crds: the healthy boxes converge while the broken queue box is degraded',
  { timeout: 120_000 },
  (t) =>
    runExample(
      t,
      {
        dir: '04-many-crds',
        crs: [
          { api: PLATFORM, plural: 'websites', name: 'storefront' },
          { api: PLATFORM, plural: 'caches', name: 'storefront-cache' },
          { api: PLATFORM, plural: 'queues', name: 'orders' },
        ],
      },
      async (run) => {
        for (const what of [`${PLATFORM} websites storefront`, `${PLATFORM} caches storefront-cache`]) {
          await eventually(async () => ready(await run.get(what))?.status === 'True', {
            what: `${what} Ready`,
            timeoutMs: 60_000,
          });
        }
        await eventually(async () => (await run.ork.http('/katalog/queue/health')).status === 503, {
          what: '/katalog/queue/health 503',
          timeoutMs: 60_000,
        });
        const queue = await run.ork.http('/katalog/queue/health');
        assert.equal(queue.body['status'], 'degraded');
        assert.match(JSON.stringify(queue.body['reasons']), /division by zero/);
        for (const crd of ['website', 'cache']) {
          const health = await run.ork.http(`/katalog/${crd}/health`);
          assert.equal(health.status, 200, crd);
          assert.equal(health.body['status'], 'healthy', crd);
        }
        const orders = ready(await run.get(`${PLATFORM} queues orders`));
        assert.equal(orders?.status, 'False');
        assert.equal(orders.reason, 'ReconcileError');
        assert.equal(await run.get('apps/v1 deployments orders'), undefined);
        assert.ok(await run.get('apps/v1 deployments storefront'));
        assert.ok(await run.get('v1 services storefront-cache'));
      },
    ),
);

const COMPOSED = 'composed.demo.orkestra.io/v1alpha1';

test(
  '06-composed: the Website runs while its Database is Ready, through cross, and stops when it is not',
  { timeout: 180_000 },
  (t) =>
    runExample(
      t,
      {
        dir: '06-composed',
        crs: [
          { api: COMPOSED, plural: 'websites', name: 'shop' },
          { api: COMPOSED, plural: 'databases', name: 'shop-db' },
        ],
      },
      async (run) => {
        const phases = async (): Promise<string> => {
          const db = await run.get(`${COMPOSED} databases shop-db`);
          const site = await run.get(`${COMPOSED} websites shop`);
          return `${String(db?.status?.['phase'])}/${String(site?.status?.['database'])}`;
        };
        await eventually(async () => ((await phases()) === 'Ready/Ready' ? true : undefined), {
          what: 'the Database Ready, seen by the Website',
          timeoutMs: 60_000,
        });
        const deployment = await eventually(() => run.get('apps/v1 deployments shop'), {
          what: 'the Website Deployment',
          timeoutMs: 30_000,
        });
        const containers = (deployment.spec as { template: { spec: { containers: { env?: unknown }[] } } })
          .template.spec.containers;
        assert.deepEqual(containers[0]?.env, [{ name: 'DB_HOST', value: `shop-db.${run.ns}.svc:5432` }]);
        await run.client.send(
          'PATCH',
          pathOf(run.ns, `${COMPOSED} databases shop-db`),
          { spec: { replicas: 0 } },
          MERGE_PATCH,
        );
        await eventually(async () => ((await phases()) === 'Stopped/Stopped' ? true : undefined), {
          what: 'the Database Stopped, seen by the Website',
          timeoutMs: 60_000,
        });
        await eventually(
          async () => ((await run.get('apps/v1 deployments shop')) === undefined ? true : undefined),
          {
            what: 'the Website Deployment pruned',
            timeoutMs: 30_000,
          },
        );
        assert.equal(ready(await run.get(`${COMPOSED} websites shop`))?.status, 'True');
      },
    ),
);

interface Job {
  metadata: { name: string; uid: string };
}

async function jobsOf(run: { client: TestClient; ns: string }): Promise<Record<string, string>> {
  const res = await run.client.get<{ items?: Job[] }>(pathOf(run.ns, 'batch/v1 jobs'));
  return Object.fromEntries((res.body.items ?? []).map((j) => [j.metadata.name, j.metadata.uid]));
}

test(
  '05-pipeline: the state machine runs to the end through a kill -9, no step repeated, no token logged',
  { timeout: 240_000 },
  async (t) => {
    const client = testCluster();
    const ns = await createNamespace(client, '05-pipeline');
    const token = `e2e-token-${randomBytes(8).toString('hex')}`;
    const registry = await startPipelineRegistry(t, token);
    await client.create(`/api/v1/namespaces/${ns}/secrets`, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'registry-token' },
      stringData: { token: `Bearer ${token}` },
    });
    const crPath = pathOf(ns, `${DEMO} pipelines release`);
    const args = ['-k', 'examples/05-pipeline/katalog.yaml', '--dev', '-n', ns, '--log-level', 'debug'];
    const first = await startOrk(args);
    const logs = [captureAll(first)];
    let current = first;
    t.after(async () => {
      if (current.running()) {
        await client.send('PATCH', crPath, { metadata: { finalizers: null } }, MERGE_PATCH);
        current.child.kill('SIGKILL');
      }
      await client.delete(`/api/v1/namespaces/${ns}`);
    });
    const phase = async (): Promise<string | undefined> => {
      const res = await client.get<Obj>(crPath);
      return res.status === 200 ? (res.body.status?.['phase'] as string | undefined) : undefined;
    };
    try {
      await eventually(async () => (await phase()) === 'Testing', {
        what: 'the Pipeline in its Testing step',
        timeoutMs: 90_000,
        intervalMs: 50,
      });
      first.child.kill('SIGKILL'); // mid-pipeline: the build is done, the test step under way
      await new Promise((resolve) => first.child.once('exit', resolve));
      const before = await jobsOf({ client, ns });
      assert.ok(before['release-build'] !== undefined, JSON.stringify(before));
      t.diagnostic(`killed at phase Testing with Jobs ${Object.keys(before).join(', ')}`);
      current = await startOrk(args);
      logs.push(captureAll(current));
      const done = await eventually(
        async () => {
          const res = await client.get<Obj>(crPath);
          return res.body.status?.['phase'] === 'Succeeded' ? res.body : undefined;
        },
        { what: 'the Pipeline Succeeded after the restart', timeoutMs: 120_000 },
      );
      const after = await jobsOf({ client, ns });
      assert.deepEqual(Object.keys(after).sort(), ['release-build', 'release-test']);
      for (const [name, uid] of Object.entries(before))
        assert.equal(after[name], uid, `${name} created once`);
      assert.equal(done.status?.['tag'], 'v1.0.1');
      assert.match(String(done.status['release']), /^release@\d{4}-/);
      assert.equal(ready(done)?.status, 'True');
      assert.deepEqual(await registry.calls(), { 'GET /approvals': 1, 'PUT /releases': 1 });
      await client.delete(crPath);
      await eventually(async () => (await client.get(crPath)).status === 404, {
        what: 'the Pipeline gone (finalizer released)',
        timeoutMs: 60_000,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${message}\n--- ork run output (tail) ---\n${current.output().slice(-4000)}`, {
        cause: error,
      });
    }
    const exit = await current.terminate(10_000);
    assert.equal(exit.code, 0, `exit code after SIGTERM (${exit.ms} ms)`);
    const printed = logs.map((all) => all()).join('\n');
    assert.ok(printed.length > 0, 'the operators printed their logs');
    assert.ok(!printed.includes(token), 'the registry token appears in the operator output');
  },
);
