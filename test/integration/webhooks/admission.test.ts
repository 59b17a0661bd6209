/**
 * Admission on the real control plane: `ork run` (in this process) with the admission webhook on, the
 * real kube-apiserver calling it, and `kubectl apply` as a user runs it. An invalid CR is denied with
 * the rule's message and not stored; a warn rule's warning is printed by kubectl; defaults are stored;
 * mutateFirst decides whether a rule sees a default; a rule whose template fails denies (and is
 * counted as an error); with the webhook process stopped (its configurations left behind),
 * failurePolicy Ignore admits and Fail denies.
 *
 * Each test has its own CRD group, namespace and Katalog name, so its configurations (cluster-wide)
 * never touch another test's objects; they are deleted when the test ends.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { stringify } from 'yaml';
import { loadKatalogFiles } from '../../../src/app/katalog.ts';
import { runOperators } from '../../../src/app/run/run-input-prepare.ts';
import type { LogLevel } from '../../../src/observability/index.ts';
import { closeTestCluster, testCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { installTestCrd, type Obj } from '../run/operator-fixture.ts';

after(closeTestCluster);

const CONFIGURATIONS = '/apis/admissionregistration.k8s.io/v1';
const MERGE_PATCH = 'application/merge-patch+json';

/** The rules of every test: a tier rule that passes only once the tier default is applied. */
const RULES = (mutateFirst: boolean) => ({
  mutation: {
    mutateFirst,
    rules: [
      { field: 'spec.replicas', default: '2' },
      { field: 'spec.tier', default: 'web' },
      // a template that fails at admission time for shards: 0
      {
        field: 'spec.perShard',
        default: '{{ div 100 .spec.shards }}',
        when: [{ field: 'spec.shards', exists: true }],
      },
    ],
  },
  validation: {
    rules: [
      {
        field: 'spec.image',
        prefix: 'myorg/',
        message: 'images must come from myorg/, not {{ .spec.image }}',
      },
      { field: 'spec.tier', exists: true, message: 'spec.tier is required' },
      {
        field: 'spec.replicas',
        lessThan: 10,
        message: '{{ .spec.replicas }} replicas is costly',
        action: 'warn',
      },
    ],
  },
});

interface Admission {
  readonly ns: string;
  readonly katalogName: string;
  readonly group: string;
  /** The run's HTTP API port. */
  readonly port: number;
  /** Stops the run (its webhook configurations stay: no cleanupOnShutdown). */
  stop(): Promise<void>;
  /** `kubectl apply` of a Site in the namespace. */
  apply(name: string, spec: Record<string, unknown>, extra?: string[]): Promise<Kubectl>;
  /** The stored Site, or undefined. */
  get(name: string): Promise<Obj | undefined>;
}

/**
 * Runs a Katalog of one CRD (`Site`, a group of its own) with admission on, and waits until the API
 * server calls the webhook (a server-side dry run of an invalid Site is denied).
 */
async function startAdmission(
  t: TestContext,
  options: { mutateFirst: boolean; failurePolicy: 'Fail' | 'Ignore' },
): Promise<Admission> {
  const client = testCluster();
  const id = randomBytes(4).toString('hex');
  const group = `t${id}.orkestra.test`;
  const ns = `t-admission-${id}`;
  const katalogName = `admission-${id}`;
  const controller = new AbortController();
  const run: { stopped?: Promise<void> } = {};
  const dir = await mkdtemp(join(tmpdir(), 'ork-admission-'));
  t.after(async () => {
    controller.abort();
    await run.stopped;
    for (const kind of ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations']) {
      for (const webhook of ['mutate', 'validate']) {
        await client.delete(`${CONFIGURATIONS}/${kind}/orkestra-${katalogName}-${webhook}`);
      }
    }
    const sites = `/apis/${group}/v1/namespaces/${ns}/sites`;
    const list = await client.get<{ items?: Obj[] }>(sites);
    for (const site of list.body.items ?? []) {
      await client.send(
        'PATCH',
        `${sites}/${site.metadata.name}`,
        { metadata: { finalizers: null } },
        MERGE_PATCH,
      );
    }
    await client.delete(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/sites.${group}`);
    await client.delete(`/api/v1/namespaces/${ns}`);
    await rm(dir, { recursive: true, force: true });
  });
  await client.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await installTestCrd(client, { group, kind: 'Site', plural: 'sites' });
  const file = join(dir, 'katalog.yaml');
  await writeFile(
    file,
    stringify({
      apiVersion: 'orkestra.orkspace.io/v1',
      kind: 'Katalog',
      metadata: { name: katalogName },
      spec: {
        crds: {
          site: {
            apiTypes: { group, version: 'v1', kind: 'Site', plural: 'sites', scope: 'Namespaced' },
            namespaces: [ns],
            ...RULES(options.mutateFirst),
          },
        },
      },
      security: { webhooks: { admission: { enabled: true, failurePolicy: options.failurePolicy } } },
    }),
  );
  const loaded = await loadKatalogFiles([file]);
  assert.ok(loaded.ok && loaded.katalog, `the Katalog is invalid: ${JSON.stringify(loaded.diagnostics)}`);
  const running = await runOperators(loaded.katalog, loaded.plans, {
    settings: {
      port: 0,
      dev: false,
      logLevel: (process.env['ORK_TEST_LOG'] ?? 'silent') as LogLevel,
      env: process.env,
      version: 'test',
      freezeCaches: true,
      webhooks: { port: 0, secretNamespace: ns },
    },
    signal: controller.signal,
  });
  run.stopped = running.stopped;
  const port = await eventually(() => running.port, { what: 'the HTTP API port', timeoutMs: 10_000 });
  const site = (name: string, spec: Record<string, unknown>) => ({
    apiVersion: `${group}/v1`,
    kind: 'Site',
    metadata: { name, namespace: ns },
    spec,
  });
  const apply = (name: string, spec: Record<string, unknown>, extra: string[] = []) =>
    kubectl(['apply', '-f', '-', ...extra], JSON.stringify(site(name, spec)));
  // the API server may take a moment to see new configurations: a dry run stores nothing
  await eventually(
    async () =>
      (await apply('probe', { image: 'docker.io/probe', tier: 't' }, ['--dry-run=server'])).code !== 0,
    { what: 'the API server to call the admission webhook', timeoutMs: 30_000 },
  );
  return {
    ns,
    katalogName,
    group,
    port,
    stop: async () => {
      controller.abort();
      await run.stopped;
    },
    apply,
    get: async (name) => {
      const res = await client.get<Obj>(`/apis/${group}/v1/namespaces/${ns}/sites/${name}`);
      return res.status === 404 ? undefined : res.body;
    },
  };
}

interface Kubectl {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the machine's kubectl (KUBECONFIG: the test cluster) with `input` on stdin. */
function kubectl(args: readonly string[], input: string): Promise<Kubectl> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, { env: process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

test('kubectl apply: a deny rule refuses with its message, a warn rule warns, defaults are stored', async (t) => {
  const admission = await startAdmission(t, { mutateFirst: true, failurePolicy: 'Fail' });
  const denied = await admission.apply('bad', { image: 'docker.io/nginx' });
  assert.notEqual(denied.code, 0);
  assert.match(denied.stderr, /denied the request: images must come from myorg\/, not docker\.io\/nginx/);
  assert.equal(await admission.get('bad'), undefined, 'a denied CR is not stored');

  // no tier written: the tier rule passes because mutation (the default) comes first
  const warned = await admission.apply('big', { image: 'myorg/web', replicas: 20 });
  assert.equal(warned.code, 0, warned.stderr);
  assert.match(warned.stderr, /^Warning: 20 replicas is costly$/m);
  assert.deepEqual((await admission.get('big'))?.spec, { image: 'myorg/web', replicas: 20, tier: 'web' });

  const small = await admission.apply('small', { image: 'myorg/web' });
  assert.equal(small.code, 0, small.stderr);
  assert.doesNotMatch(small.stderr, /Warning/);
  assert.deepEqual((await admission.get('small'))?.spec, { image: 'myorg/web', replicas: 2, tier: 'web' });

  const broken = await admission.apply('broken', { image: 'myorg/web', shards: 0 });
  assert.notEqual(broken.code, 0);
  assert.match(broken.stderr, /denied the request: Site "broken": .*division by zero/);
  assert.equal(await admission.get('broken'), undefined);

  const metrics = await (await fetch(`http://127.0.0.1:${admission.port}/metrics`)).text();
  assert.match(
    metrics,
    /orkestra_admission_requests_total\{crd="site",webhook="validate",result="denied"\} [1-9]/,
  );
  assert.match(
    metrics,
    /orkestra_admission_requests_total\{crd="site",webhook="mutate",result="allowed"\} [1-9]/,
  );
  assert.match(metrics, /orkestra_admission_requests_total\{crd="site",webhook="mutate",result="error"\} 1/);
});

test('mutateFirst false: the CR is validated as written, before the defaults', async (t) => {
  const admission = await startAdmission(t, { mutateFirst: false, failurePolicy: 'Fail' });
  const config = `${CONFIGURATIONS}/validatingwebhookconfigurations/orkestra-${admission.katalogName}-validate`;
  assert.equal((await testCluster().get(config)).status, 404, 'no validating webhook: /mutate validates');
  const denied = await admission.apply('untiered', { image: 'myorg/web', replicas: 20 });
  assert.notEqual(denied.code, 0);
  assert.match(denied.stderr, /denied the request: spec\.tier is required/);
  assert.equal(await admission.get('untiered'), undefined);

  const tiered = await admission.apply('tiered', { image: 'myorg/web', tier: 'db', replicas: 20 });
  assert.equal(tiered.code, 0, tiered.stderr);
  assert.match(tiered.stderr, /^Warning: 20 replicas is costly$/m);
  const defaulted = await admission.apply('defaulted', { image: 'myorg/web', tier: 'db' });
  assert.equal(defaulted.code, 0, defaulted.stderr);
  assert.deepEqual((await admission.get('defaulted'))?.spec, { image: 'myorg/web', replicas: 2, tier: 'db' });
});

for (const failurePolicy of ['Ignore', 'Fail'] as const) {
  test(`webhook process stopped: failurePolicy ${failurePolicy}`, async (t) => {
    const admission = await startAdmission(t, { mutateFirst: true, failurePolicy });
    await admission.stop();
    const result = await admission.apply('unchecked', { image: 'docker.io/nginx' });
    if (failurePolicy === 'Ignore') {
      assert.equal(result.code, 0, result.stderr);
      // stored as written: neither validated nor mutated
      assert.deepEqual((await admission.get('unchecked'))?.spec, { image: 'docker.io/nginx' });
    } else {
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /failed calling webhook/);
      assert.equal(await admission.get('unchecked'), undefined);
    }
  });
}

test('webhook process stopped under Fail: the operator’s bookkeeping still goes through, content changes do not', async (t) => {
  const admission = await startAdmission(t, { mutateFirst: true, failurePolicy: 'Fail' });
  assert.equal((await admission.apply('kept', { image: 'myorg/web' })).code, 0);
  await eventually(async () => ((await admission.get('kept'))?.metadata.finalizers ?? []).length > 0, {
    what: 'the operator’s finalizer on the CR',
    timeoutMs: 15_000,
  });
  await admission.stop();
  const path = `/apis/${admission.group}/v1/namespaces/${admission.ns}/sites/kept`;
  // the API server does not call the webhook for an update of the finalizers alone
  const released = await testCluster().send('PATCH', path, { metadata: { finalizers: null } }, MERGE_PATCH);
  assert.equal(released.status, 200, JSON.stringify(released.body));
  const changed = await admission.apply('kept', { image: 'myorg/web', replicas: 3 });
  assert.notEqual(changed.code, 0);
  assert.match(changed.stderr, /failed calling webhook/);
  assert.equal((await admission.get('kept'))?.spec?.['replicas'], 2);
});
