/**
 * `ork generate bundle` on the real control plane, for every example under examples/:
 * - its bundle applies cleanly: a server-side dry run, then for real (the Namespace first: a dry run of
 *   a namespaced object needs its namespace);
 * - `ork run` (the built CLI, out of cluster) authenticated as the bundle's ServiceAccount — a token
 *   from the TokenRequest API — passes its start-up permission check and converges the example's CRs,
 *   then releases their finalizers: the generated RBAC is sufficient;
 * - for examples/01 (with leader election), examples/05 (a Secret read by name, Jobs) and examples/06
 *   (two CRDs, one observing the other through cross), removing any one verb of any generated rule
 *   makes the start-up check name exactly that permission: every generated grant is needed, and the
 *   check sees it missing.
 *
 * One file, one example at a time: a bundle's ClusterRole is named after its Katalog, and two operators
 * of one CRD would fight. The examples' CRDs are shared with other tests (e2e, permission check): they
 * are applied (server-side apply, idempotent) and left installed; everything else the bundle made —
 * its namespace, ClusterRole and ClusterRoleBinding — is deleted when the test ends.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { parseAllDocuments, stringify } from 'yaml';
import { generateBundle } from '../../../src/app/generate.ts';
import { loadKatalogFiles } from '../../../src/app/katalog.ts';
import { MissingPermissionsError, verifyPermissions } from '../../../src/app/run/permission-check.ts';
import { permissionChecks } from '../../../src/app/run/permission-checks.ts';
import {
  requiredPermissions,
  type BundleObject,
  type Permissions,
  type PolicyRule,
} from '../../../src/bundle/index.ts';
import { whyOf } from '../../../src/bundle/rule-set.ts';
import { createKubeClient, loadClusterConfig } from '../../../src/kube/index.ts';
import { silentLogger } from '../../../src/observability/index.ts';
import { captureAll, ensureBuilt, freePort, startOrk, type OrkProcess } from '../../e2e/ork-process.ts';
import { startPipelineRegistry } from '../../examples/pipeline-registry.ts';
import { examplePath, listExamples, readManifests, type Manifest } from '../../examples/example-files.ts';
import { closeTestCluster, testCluster, testNamespace } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import {
  awaitGrants,
  testServiceAccount,
  writeAccountKubeconfig,
  type TestGrants,
  type TestRule,
} from '../../harness/service-account.ts';
import type { TestClient } from '../../harness/test-client.ts';

before(ensureBuilt);
after(closeTestCluster);

const APPLY = 'application/apply-patch+yaml';
const MERGE_PATCH = 'application/merge-patch+json';
const NO_WEBHOOKS = { admission: false, conversion: false, protection: false };

/** The API path of a bundle object or a CR (every kind of the bundle pluralises with an `s`). */
function pathOf(object: Manifest | BundleObject, plural?: string): string {
  const apiVersion = object.apiVersion ?? '';
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const namespace = object.metadata?.namespace;
  const where = namespace === undefined ? '' : `/namespaces/${namespace}`;
  const name = object.metadata?.name ?? '';
  return `${base}${where}/${plural ?? `${(object.kind ?? '').toLowerCase()}s`}/${name}`;
}

/** Server-side apply of one object (a dry run when asked); fails the test unless the server accepts it. */
async function apply(client: TestClient, object: BundleObject, dryRun: boolean): Promise<void> {
  const query = `?fieldManager=tests-bundle&force=true${dryRun ? '&dryRun=All' : ''}`;
  const res = await client.send('PATCH', `${pathOf(object)}${query}`, object, APPLY);
  const what = `${dryRun ? 'dry run of ' : ''}${object.kind} ${object.metadata.name}`;
  assert.ok(
    res.status === 200 || res.status === 201,
    `${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`,
  );
}

/** The bundle of an example installing into `namespace`, as `ork generate bundle -k … -n namespace` makes it. */
async function bundleOf(example: string, namespace: string, leaderElection = false): Promise<BundleObject[]> {
  const outcome = await generateBundle([examplePath(example, 'katalog.yaml')], {
    namespace,
    leaderElection,
    version: 'test',
  });
  assert.equal(outcome.error, undefined);
  assert.ok(outcome.objects, `${example}: a bundle (${outcome.report ?? ''})`);
  return [...outcome.objects];
}

/**
 * Applies a bundle (the Namespace, then a dry run and a real apply of the rest) and deletes, when the
 * test ends, what it made: the namespace (with everything in it) and the cluster-scoped objects, but
 * never the CRDs (shared with other tests).
 */
async function installBundle(t: TestContext, objects: readonly BundleObject[]): Promise<void> {
  const client = testCluster();
  const [namespace, ...rest] = objects;
  assert.equal(namespace?.kind, 'Namespace');
  t.after(async () => {
    for (const object of rest) {
      const clusterScoped = object.metadata.namespace === undefined;
      if (clusterScoped && object.kind !== 'CustomResourceDefinition') await client.delete(pathOf(object));
    }
    await client.delete(pathOf(namespace));
  });
  await apply(client, namespace, true);
  await apply(client, namespace, false);
  for (const object of rest) await apply(client, object, true);
  for (const object of rest) await apply(client, object, false);
}

/** The bundle's RBAC as grants (what its Roles and ClusterRole say). */
function grantsOf(objects: readonly BundleObject[]): TestGrants {
  const rulesOf = (o: BundleObject) => o['rules'] as TestRule[];
  return {
    cluster: objects.filter((o) => o.kind === 'ClusterRole').flatMap(rulesOf),
    namespaced: objects
      .filter((o) => o.kind === 'Role')
      .map((o) => ({ namespace: o.metadata.namespace ?? '', rules: rulesOf(o) })),
  };
}

interface Obj {
  metadata: { name: string; deletionTimestamp?: string };
  status?: Record<string, unknown> & { conditions?: { type: string; status: string }[] };
}

/** What converged means for an example (as test/e2e/examples.test.ts judges it), in namespace `ns`. */
interface Convergence {
  /** Holds once the example's CRs reached the state its README promises. */
  converged(run: { client: TestClient; ns: string; ork: OrkProcess }): Promise<boolean>;
  what: string;
  /** Done before `ork run` starts (examples/05's registry and its token). */
  /** Sets up what the example needs; resolves with fields to set in its CRs' spec. */
  prepare?(t: TestContext, client: TestClient, ns: string): Promise<Record<string, unknown>>;
}

const DEMO = 'demo.orkestra.io/v1alpha1';
const PLATFORM = 'platform.demo.orkestra.io/v1alpha1';
const COMPOSED = 'composed.demo.orkestra.io/v1alpha1';

async function getObj(client: TestClient, ns: string, what: string): Promise<Obj | undefined> {
  const [api = '', plural = '', name = ''] = what.split(' ');
  const path = pathOf({ apiVersion: api, metadata: { name, namespace: ns } }, plural);
  const res = await client.get<Obj>(path);
  return res.status === 200 ? res.body : undefined;
}

function isReady(cr: Obj | undefined): boolean {
  return cr?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

const CONVERGENCE: Record<string, Convergence> = {
  '01-hello-website': {
    what: 'Website hello Ready with 2 ready replicas, its Service',
    converged: async ({ client, ns }) => {
      const cr = await getObj(client, ns, `${DEMO} websites hello`);
      const service = await getObj(client, ns, 'v1 services hello');
      return isReady(cr) && cr?.status?.['readyReplicas'] === 2 && service !== undefined;
    },
  },
  '02-conditional': {
    what: 'App shop Ready with its Deployment and debug ConfigMap',
    converged: async ({ client, ns }) =>
      isReady(await getObj(client, ns, `${DEMO} apps shop`)) &&
      (await getObj(client, ns, 'apps/v1 deployments shop')) !== undefined &&
      (await getObj(client, ns, 'v1 configmaps shop-debug')) !== undefined,
  },
  '03-status': {
    what: 'Site docs Running with 2 ready replicas and its endpoint',
    converged: async ({ client, ns }) => {
      const cr = await getObj(client, ns, `${DEMO} sites docs`);
      const s = cr?.status;
      return s?.['phase'] === 'Running' && s['readyReplicas'] === 2 && typeof s['clusterIP'] === 'string';
    },
  },
  '04-many-crds': {
    what: 'the Website and Cache Ready, the Queue degraded by its division by zero (and nothing else)',
    converged: async ({ client, ns, ork }) => {
      for (const what of [`${PLATFORM} websites storefront`, `${PLATFORM} caches storefront-cache`])
        if (!isReady(await getObj(client, ns, what))) return false;
      const queue = await ork.http('/katalog/queue/health');
      const reasons = JSON.stringify(queue.body['reasons']);
      return queue.status === 503 && /division by zero/.test(reasons) && !/permission/.test(reasons);
    },
  },
  '05-pipeline': {
    what: 'the Pipeline Succeeded, its two Jobs run',
    prepare: async (t, client, ns) => {
      const token = `bundle-token-${randomBytes(8).toString('hex')}`;
      // a port of its own: the e2e test of the example may hold 8787 at the same time
      const port = await freePort();
      await startPipelineRegistry(t, token, port);
      await client.create(`/api/v1/namespaces/${ns}/secrets`, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'registry-token' },
        stringData: { token: `Bearer ${token}` },
      });
      return { registryUrl: `http://127.0.0.1:${String(port)}` };
    },
    converged: async ({ client, ns }) => {
      const cr = await getObj(client, ns, `${DEMO} pipelines release`);
      return cr?.status?.['phase'] === 'Succeeded' && isReady(cr);
    },
  },
  '06-composed': {
    what: 'the Database Ready, seen by the Website through cross, its Deployment',
    converged: async ({ client, ns }) => {
      const db = await getObj(client, ns, `${COMPOSED} databases shop-db`);
      const site = await getObj(client, ns, `${COMPOSED} websites shop`);
      const deployment = await getObj(client, ns, 'apps/v1 deployments shop');
      return db?.status?.['phase'] === 'Ready' && site?.status?.['database'] === 'Ready' && !!deployment;
    },
  },
};

/** Runs `ork run` of an example as the bundle's ServiceAccount until its CRs converge and are deleted. */
async function runAsServiceAccount(t: TestContext, example: string, objects: readonly BundleObject[]) {
  const client = testCluster();
  const account = objects.find((o) => o.kind === 'ServiceAccount');
  const ns = account?.metadata.namespace ?? '';
  const name = account?.metadata.name ?? '';
  await awaitGrants(`system:serviceaccount:${ns}:${name}`, grantsOf(objects));
  const dir = await mkdtemp(join(tmpdir(), 'ork-bundle-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const kubeconfig = await writeAccountKubeconfig(join(dir, 'kubeconfig'), ns, name);
  const convergence = CONVERGENCE[example];
  assert.ok(convergence, `${example}: how it converges is known to this test`);
  const specFields = (await convergence.prepare?.(t, client, ns)) ?? {};
  const crs = readManifests(examplePath(example, 'cr.yaml'))
    .filter((m) => m.kind !== undefined)
    .map((cr) => (cr.spec === undefined ? cr : { ...cr, spec: { ...cr.spec, ...specFields } }));
  const crPaths = crs.map((cr) => {
    const plural = `${(cr.kind ?? '').toLowerCase()}s`;
    return pathOf({ ...cr, metadata: { ...cr.metadata, namespace: ns } }, plural);
  });
  const katalog = await watchingOnly(example, ns, dir);
  // the account's kubeconfig, by flag and environment alike: nothing may fall back to the admin's
  const ork = await startOrk(['-k', katalog, '--kubeconfig', kubeconfig, '-n', ns, '--log-level', 'debug'], {
    KUBECONFIG: kubeconfig,
  });
  const output = captureAll(ork);
  t.after(async () => {
    if (!ork.running()) return;
    for (const path of crPaths)
      await client.send('PATCH', path, { metadata: { finalizers: null } }, MERGE_PATCH);
    ork.child.kill('SIGKILL');
  });
  try {
    await eventually(async () => (await ork.http('/ready')).status === 200 || !ork.running(), {
      what: '/ready 200',
      timeoutMs: 60_000,
    });
    assert.ok(ork.running(), 'ork run started (its start-up permission check passed)');
    assert.match(output(), /permissions checked/, 'the start-up check ran');
    for (const [i, cr] of crs.entries()) {
      const collection = crPaths[i]?.replace(/\/[^/]+$/, '') ?? '';
      await client.create(collection, { ...cr, metadata: { ...cr.metadata, namespace: ns } });
    }
    await eventually(() => convergence.converged({ client, ns, ork }), {
      what: `${example}: ${convergence.what}`,
      timeoutMs: example === '05-pipeline' ? 120_000 : 60_000,
    });
    for (const path of crPaths) await client.delete(path);
    await eventually(
      async () => {
        for (const path of crPaths) if ((await client.get(path)).status !== 404) return false;
        return true;
      },
      { what: 'the CRs gone (their finalizers released by the operator)', timeoutMs: 60_000 },
    );
    assert.doesNotMatch(output(), /forbidden|missing permission/i, 'no request of the run was refused');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- ork run output (tail) ---\n${output().slice(-4000)}`, { cause: error });
  }
  const exit = await ork.terminate(10_000);
  assert.equal(exit.code, 0, `exit code after SIGTERM\n${output().slice(-2000)}`);
}

/**
 * The example's Katalog with every CRD watching `ns` only (written into `dir`, its crdFiles made
 * absolute): tests running side by side on the cluster run operators of the same examples, and one
 * reconciling the CRs of another would call its services (examples/05's registry) and fight over
 * them. The bundle's rules, made for the whole cluster, cover this narrower run.
 */
async function watchingOnly(example: string, ns: string, dir: string): Promise<string> {
  const source = examplePath(example, 'katalog.yaml');
  const docs = parseAllDocuments(await readFile(source, 'utf8')).map((doc) => doc.toJS() as KatalogDoc);
  for (const doc of docs) {
    for (const entry of Object.values(doc.spec?.crds ?? {})) {
      entry.namespaces = [ns];
      if (entry.crdFile !== undefined) entry.crdFile = resolve(dirname(source), entry.crdFile);
      delete entry.crFiles;
    }
  }
  const file = join(dir, 'katalog.yaml');
  await writeFile(file, docs.map((doc) => stringify(doc)).join('---\n'));
  return file;
}

interface KatalogDoc {
  spec?: { crds?: Record<string, { namespaces?: string[]; crdFile?: string; crFiles?: string[] }> };
}

/** A fresh namespace name for a bundle (the bundle creates it). */
function bundleNamespace(example: string): string {
  return `t-bundle-${example.slice(0, 2)}-${randomBytes(3).toString('hex')}`;
}

describe('ork generate bundle on the real control plane', () => {
  for (const example of listExamples()) {
    it(`${example}: the bundle applies (dry run, then for real) and ork run as its ServiceAccount converges the example`, async (t) => {
      const objects = await bundleOf(example, bundleNamespace(example));
      await installBundle(t, objects);
      await runAsServiceAccount(t, example, objects);
    });
  }
});

/** One grant of generated Permissions: one verb of one rule, cluster-wide or in a namespace. */
interface Grant {
  namespace: string | undefined;
  rule: PolicyRule;
  verb: string;
}

function grantsIn(permissions: Permissions): Grant[] {
  const of = (namespace: string | undefined, rules: PolicyRule[]) =>
    rules.flatMap((rule) => rule.verbs.map((verb) => ({ namespace, rule, verb })));
  return [
    ...of(undefined, permissions.cluster),
    ...permissions.namespaced.flatMap(({ namespace, rules }) => of(namespace, rules)),
  ];
}

/** The rules as RBAC grants them (reasons dropped), without one grant. */
function grantsWithout(permissions: Permissions, removed?: Grant): TestGrants {
  const strip = (namespace: string | undefined, rules: PolicyRule[]): TestRule[] =>
    rules.flatMap((rule) => {
      const { apiGroups, resources, resourceNames } = rule;
      const gone = removed?.rule === rule && removed.namespace === namespace ? removed.verb : undefined;
      const verbs = rule.verbs.filter((verb) => verb !== gone);
      if (verbs.length === 0) return [];
      return [{ apiGroups, resources, verbs, ...(resourceNames ? { resourceNames } : {}) }];
    });
  return {
    cluster: strip(undefined, permissions.cluster),
    namespaced: permissions.namespaced.map(({ namespace, rules }) => ({
      namespace,
      rules: strip(namespace, rules),
    })),
  };
}

/** The Permissions that hold only one grant (with the reasons of its rule). */
function onlyGrant(grant: Grant): Permissions {
  const rule = { ...grant.rule, verbs: [grant.verb] };
  Object.defineProperty(rule, 'reasons', { value: grant.rule.reasons, enumerable: false });
  return grant.namespace === undefined
    ? { cluster: [rule], namespaced: [] }
    : { cluster: [], namespaced: [{ namespace: grant.namespace, rules: [rule] }] };
}

describe('every generated rule is needed', () => {
  const cases = [
    { example: '01-hello-website', leaderElection: true },
    { example: '05-pipeline', leaderElection: false },
    { example: '06-composed', leaderElection: false },
  ];
  for (const { example, leaderElection } of cases) {
    it(`${example}${leaderElection ? ' with leader election' : ''}: without any one verb of any rule, the start-up check names exactly that permission`, async (t) => {
      const ns = await testNamespace(t);
      const load = await loadKatalogFiles([examplePath(example, 'katalog.yaml')]);
      assert.ok(load.ok, `${example} is valid`);
      const required = requiredPermissions({
        plans: load.plans,
        leaderElection,
        webhooks: NO_WEBHOOKS,
        namespace: ns,
      });
      const account = await testServiceAccount(t, { namespace: ns, grants: grantsWithout(required) });
      const asAccount = createKubeClient(
        await loadClusterConfig({ env: {}, kubeconfig: account.kubeconfig }),
        {
          version: 'test',
        },
      );
      t.after(() => asAccount.transport.close());
      const options = { allowMissing: false, crdKeys: load.plans.map((p) => p.key), logger: silentLogger };
      assert.deepEqual(
        await verifyPermissions(asAccount, required, options),
        new Map(),
        'all granted: nothing missing',
      );
      const grants = grantsIn(required);
      for (const grant of grants) {
        await account.grant(grantsWithout(required, grant));
        const what = `${grant.verb} ${grant.rule.resources.join(',')}.${grant.rule.apiGroups.join(',')} in ${grant.namespace ?? 'the cluster'}`;
        await assert.rejects(verifyPermissions(asAccount, required, options), (error: Error) => {
          assert.ok(error instanceof MissingPermissionsError, `${what}: ${error.message}`);
          const expected = permissionChecks(onlyGrant(grant));
          assert.deepEqual(
            error.missing.map((c) => c.attributes),
            expected.map((c) => c.attributes),
            `without ${what}`,
          );
          for (const why of whyOf(grant.rule))
            assert.ok(error.message.includes(why), `${what}: names why (${why})`);
          return true;
        });
      }
      t.diagnostic(`${example}: ${grants.length} grants, each needed and named when missing`);
    });
  }
});
