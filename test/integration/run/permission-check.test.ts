/**
 * The start-up permission check on the real control plane: `ork run` of examples/01 authenticated as a
 * ServiceAccount (a TokenRequest token, out of cluster) converges with every rule it needs, refuses to
 * start naming exactly the permission of a rule taken away, and with --allow-missing-permissions starts
 * with the box that needs it degraded.
 *
 * The rules examples/01 needs are spelled here by hand, from what the runtime does (informers list and
 * watch, server-side apply patches, prunes delete, Events are created and bumped); a test pins that the
 * bundle's generator agrees with them (the same cluster-wide rules; the Lease's narrower by name).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it, type TestContext } from 'node:test';
import { parse } from 'yaml';
import { loadKatalogFiles } from '../../../src/app/katalog.ts';
import { checkPermissions } from '../../../src/app/run/permission-check.ts';
import { runOperators } from '../../../src/app/run/run-input-prepare.ts';
import type { RunningOperators, RunSettings } from '../../../src/app/run/run.ts';
import { requiredPermissions, type Permissions, type PolicyRule } from '../../../src/bundle/index.ts';
import { createKubeClient, loadClusterConfig } from '../../../src/kube/index.ts';
import { leaderElectionSettings } from '../../../src/app/index.ts';
import { closeTestCluster, testCluster, testNamespace } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { testServiceAccount, type TestGrants } from '../../harness/service-account.ts';

const EXAMPLE = new URL('../../../examples/01-hello-website/', import.meta.url).pathname;
const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const GROUP = 'demo.orkestra.io';

/** A child kind of an example: its API group, plural and kind. */
type Child = [group: string, plural: string, kind: string];

const DEPLOYMENT: Child = ['apps', 'deployments', 'Deployment'];
const SERVICE: Child = ['', 'services', 'Service'];
const CONFIGMAP: Child = ['', 'configmaps', 'ConfigMap'];

/**
 * What an example whose CRDs watch every namespace needs, cluster-wide: its CRs (listed, watched,
 * patched: finalizer and annotations), their status and finalizers, each child kind (listed, watched,
 * created and patched by server-side apply — a create through apply is also authorized as a create —,
 * deleted when pruned), Events; and the Lease with leader election.
 */
function operatorPermissions(
  group: string,
  crds: { key: string; plural: string; children: Child[] }[],
  leaseNamespace?: string,
): Permissions {
  const cluster = crds.flatMap(({ key, plural, children }) => {
    const rule = (apiGroups: string[], resources: string[], verbs: string[], text: string): PolicyRule => ({
      apiGroups,
      resources,
      verbs,
      reasons: [{ crd: key, text: `${text} of crd ${key}` }],
    });
    return [
      rule([group], [plural], ['list', 'watch', 'patch'], 'the CRs'),
      rule([group], [`${plural}/status`], ['patch'], 'the status'),
      rule([group], [`${plural}/finalizers`], ['update'], 'owner references of the children'),
      ...children.map(([childGroup, childPlural, kind]) =>
        rule(
          [childGroup],
          [childPlural],
          ['list', 'watch', 'create', 'patch', 'delete'],
          `child kind ${kind}`,
        ),
      ),
      rule([''], ['events'], ['create', 'patch'], 'Events about the CRs'),
    ];
  });
  if (leaseNamespace === undefined) return { cluster, namespaced: [] };
  const lease = {
    apiGroups: ['coordination.k8s.io'],
    resources: ['leases'],
    verbs: ['get', 'watch', 'create', 'update'],
    reasons: [{ text: 'leader election' }],
  };
  return { cluster, namespaced: [{ namespace: leaseNamespace, rules: [lease] }] };
}

/** What examples/01 needs (it watches every namespace), and the Lease with leader election. */
function examplePermissions(leaseNamespace?: string): Permissions {
  const website = { key: 'website', plural: 'websites', children: [DEPLOYMENT, SERVICE] };
  return operatorPermissions(GROUP, [website], leaseNamespace);
}

/** The permissions as RBAC grants them, without `resource`'s `verb` (or its whole rule without a verb). */
function grantsWithout(permissions: Permissions, resource?: string, verb?: string): TestGrants {
  const strip = (rules: PolicyRule[]) =>
    rules.flatMap(({ reasons: _reasons, ...rule }) => {
      if (!rule.resources.includes(resource ?? '')) return [rule];
      if (verb === undefined) return [];
      return [{ ...rule, verbs: rule.verbs.filter((v) => v !== verb) }];
    });
  return {
    cluster: strip(permissions.cluster),
    namespaced: permissions.namespaced.map(({ namespace, rules }) => ({ namespace, rules: strip(rules) })),
  };
}

let katalog: Awaited<ReturnType<typeof loadKatalogFiles>>;

before(async () => {
  const client = testCluster();
  const crd = parse(await readFile(`${EXAMPLE}crd.yaml`, 'utf8')) as { metadata: { name: string } };
  // Shared with the e2e and bundle tests: applied (idempotent), never deleted.
  const path = `${CRDS}/${crd.metadata.name}?fieldManager=tests-permission-check&force=true`;
  const res = await client.send('PATCH', path, crd, 'application/apply-patch+yaml');
  assert.ok(res.status === 200 || res.status === 201, JSON.stringify(res.body));
  katalog = await loadKatalogFiles([`${EXAMPLE}katalog.yaml`]);
  assert.ok(katalog.ok && katalog.katalog, 'examples/01 is valid');
});
after(() => {
  closeTestCluster();
});

/** Runs examples/01 in this process as the account of `kubeconfig`. */
function run(
  t: TestContext,
  kubeconfig: string,
  settings: Partial<RunSettings> & { requiredPermissions: Permissions },
): Promise<RunningOperators> {
  const controller = new AbortController();
  const running = runOperators(katalog.katalog!, katalog.plans, {
    settings: {
      port: 0,
      dev: false,
      logLevel: (process.env['ORK_TEST_LOG'] ?? 'silent') as RunSettings['logLevel'],
      env: {},
      version: 'test',
      kubeconfig,
      ...settings,
    },
    signal: controller.signal,
  });
  t.after(async () => {
    controller.abort();
    await (
      await running.catch(() => undefined)
    )?.stopped;
  });
  return running;
}

async function http(port: number, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A rule as RBAC stores it, as one comparable string. */
function plainRule({ apiGroups, resources, verbs, resourceNames }: PolicyRule): string {
  return JSON.stringify({ apiGroups, resources, verbs, resourceNames });
}

describe('the start-up permission check', () => {
  it("spells by hand the generator's rules for examples/01", () => {
    const webhooks = { admission: false, conversion: false, protection: false };
    const generated = requiredPermissions({
      plans: katalog.plans,
      leaderElection: true,
      webhooks,
      namespace: 'ns',
    });
    const byHand = examplePermissions('ns');
    assert.deepEqual(generated.cluster.map(plainRule).sort(), byHand.cluster.map(plainRule).sort());
    // the Lease: by hand one rule for every name, generated narrowed to its name but for create
    const [lease] = byHand.namespaced[0]?.rules ?? [];
    assert.deepEqual(
      generated.namespaced.map(({ namespace, rules }) => [namespace, rules.map((r) => r.resources)]),
      [['ns', [['leases'], ['leases']]]],
    );
    const verbs = generated.namespaced[0]?.rules.flatMap((rule) => rule.verbs) ?? [];
    assert.deepEqual(verbs.sort(), [...(lease?.verbs ?? [])].sort());
  });

  it('lets a ServiceAccount with every rule examples/01 needs run it until it converges', async (t) => {
    const ns = await testNamespace(t);
    const required = examplePermissions();
    const account = await testServiceAccount(t, { namespace: ns, grants: grantsWithout(required) });
    const running = await run(t, account.kubeconfig, { requiredPermissions: required });
    const port = await running.listening;
    await eventually(async () => (await http(port, '/ready')).status === 200, {
      what: 'ready',
      timeoutMs: 30_000,
    });
    const client = testCluster();
    const cr = parse(await readFile(`${EXAMPLE}cr.yaml`, 'utf8')) as Record<string, unknown>;
    const websites = `/apis/${GROUP}/v1alpha1/namespaces/${ns}/websites`;
    await client.create(websites, cr);
    await eventually(
      async () => {
        const site = await client.get<{ status?: { readyReplicas?: number } }>(`${websites}/hello`);
        const service = await client.get(`/api/v1/namespaces/${ns}/services/hello`);
        return site.body.status?.readyReplicas === 2 && service.status === 200;
      },
      { what: 'the Website converged (2 ready replicas, its Service)', timeoutMs: 60_000 },
    );
    const health = await http(port, '/katalog/website/health');
    assert.equal(health.status, 200, JSON.stringify(health.body));
    await client.delete(`${websites}/hello`);
    await eventually(async () => (await client.get(`${websites}/hello`)).status === 404, {
      what: 'the Website deleted, its finalizer released by the operator',
      timeoutMs: 30_000,
    });
  });

  const cases: {
    what: string;
    resource: string;
    verb?: string;
    leader?: boolean;
    missing: (ns: string) => string[];
  }[] = [
    {
      what: 'a verb of a child kind',
      resource: 'deployments',
      verb: 'patch',
      missing: () => [
        'missing permission: patch deployments.apps cluster-wide — child kind Deployment of crd website',
      ],
    },
    {
      what: 'the status of the CRs',
      resource: 'websites/status',
      missing: () => [
        `missing permission: patch websites.${GROUP}/status cluster-wide — the status of crd website`,
      ],
    },
    {
      what: 'Events',
      resource: 'events',
      missing: () => [
        'missing permission: create events cluster-wide — Events about the CRs of crd website',
        'missing permission: patch events cluster-wide — Events about the CRs of crd website',
      ],
    },
    {
      what: 'the Lease of leader election',
      resource: 'leases',
      leader: true,
      missing: (ns) =>
        ['get', 'watch', 'create', 'update'].map(
          (verb) =>
            `missing permission: ${verb} leases.coordination.k8s.io in namespace ${ns} — leader election`,
        ),
    },
  ];
  for (const c of cases) {
    it(`refuses to start without ${c.what}, naming exactly that permission`, async (t) => {
      const ns = await testNamespace(t);
      const required = examplePermissions(c.leader ? ns : undefined);
      const grants = grantsWithout(required, c.resource, c.verb);
      const account = await testServiceAccount(t, { namespace: ns, grants });
      const leaderElection = c.leader ? leaderElectionSettings({ leaderElect: true }, {}) : undefined;
      const settings = { requiredPermissions: required, namespace: ns, leaderElection };
      await assert.rejects(run(t, account.kubeconfig, settings), (error: Error) => {
        assert.equal(error.name, 'MissingPermissionsError');
        const lines = error.message
          .split('\n')
          .slice(1)
          .map((line) => line.trim());
        assert.deepEqual(lines, c.missing(ns));
        return true;
      });
    });
  }

  it('starts with --allow-missing-permissions, the box that needs one degraded by it, ready as before', async (t) => {
    const ns = await testNamespace(t);
    const required = examplePermissions();
    const account = await testServiceAccount(t, {
      namespace: ns,
      grants: grantsWithout(required, 'deployments', 'patch'),
    });
    const running = await run(t, account.kubeconfig, {
      requiredPermissions: required,
      allowMissingPermissions: true,
    });
    const port = await running.listening;
    await eventually(async () => (await http(port, '/ready')).status === 200, {
      what: 'ready',
      timeoutMs: 30_000,
    });
    const health = await http(port, '/katalog/website/health');
    assert.equal(health.status, 503);
    assert.equal(health.body['status'], 'degraded');
    assert.deepEqual(
      (health.body['reasons'] as string[])[0],
      'missing permission: patch deployments.apps cluster-wide — child kind Deployment of crd website',
    );
  });

  it('asks one question per distinct permission of examples/01, and one for an identity that may do anything', async (t) => {
    const ns = await testNamespace(t);
    const required = examplePermissions(ns);
    const account = await testServiceAccount(t, { namespace: ns, grants: grantsWithout(required) });
    const asAccount = createKubeClient(await loadClusterConfig({ env: {}, kubeconfig: account.kubeconfig }), {
      version: 'test',
    });
    const asAdmin = createKubeClient(await loadClusterConfig({ env: process.env }), { version: 'test' });
    t.after(() => Promise.all([asAccount.transport.close(), asAdmin.transport.close()]));
    const started = performance.now();
    const checked = await checkPermissions(asAccount, required);
    const ms = Math.round(performance.now() - started);
    // 1 for everything, 1 rules review for the Lease's namespace, then one review per cluster-wide question
    assert.deepEqual(checked, { missing: [], checks: 21, requests: 2 + 17 });
    t.diagnostic(
      `examples/01 as its ServiceAccount: ${checked.checks} checks, ${checked.requests} requests, ${ms} ms`,
    );
    assert.deepEqual(await checkPermissions(asAdmin, required), { missing: [], checks: 21, requests: 1 });
  });

  it('checks the three operators of examples/04 with one request per distinct permission', async (t) => {
    const ns = await testNamespace(t);
    const required = operatorPermissions('platform.demo.orkestra.io', [
      { key: 'website', plural: 'websites', children: [DEPLOYMENT, SERVICE] },
      { key: 'cache', plural: 'caches', children: [DEPLOYMENT, SERVICE] },
      { key: 'queue', plural: 'queues', children: [DEPLOYMENT, CONFIGMAP] },
    ]);
    const account = await testServiceAccount(t, { namespace: ns, grants: grantsWithout(required) });
    const asAccount = createKubeClient(await loadClusterConfig({ env: {}, kubeconfig: account.kubeconfig }), {
      version: 'test',
    });
    t.after(() => asAccount.transport.close());
    const started = performance.now();
    const checked = await checkPermissions(asAccount, required);
    const ms = Math.round(performance.now() - started);
    // each CRD's CRs, status and finalizers (3 × 5); deployments, services, configmaps (3 × 5); events (2)
    assert.deepEqual(checked, { missing: [], checks: 32, requests: 33 });
    t.diagnostic(
      `examples/04 as its ServiceAccount: ${checked.checks} checks, ${checked.requests} requests, ${ms} ms`,
    );
  });
});
