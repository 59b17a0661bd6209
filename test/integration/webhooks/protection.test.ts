/**
 * Deletion and namespace protection on the real control plane (spec §11), with `ork run` in-process
 * and its webhook listener on a free port: the API server refuses the DELETE of the Katalog's CRD and
 * of a labelled ConfigMap with the runtime's message, and lets other deletes through; a CR in a
 * restricted namespace is refused at apply time, and no child is ever written into one; a clean stop
 * removes the configurations with cleanupOnShutdown and leaves them without it. Every configuration
 * is named after the test's own Katalog (named after its namespace) and matches only the test's own
 * CRD, its labelled objects and its namespaces.
 */
import assert from 'node:assert/strict';
import { after, test, type TestContext } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { readyOf, startOperator, type RunningFixture } from '../run/operator-fixture.ts';

after(closeTestCluster);

const LABEL = 'orkestra.orkspace.io/deletion-protection';
const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const CONFIGURATIONS = '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations';

/** A Site writes a ConfigMap of its name, and one named `<name>-shared` in `spec.target`. */
const SITE = {
  kind: 'Site',
  entry: {
    operatorBox: {
      onCreate: {
        configMaps: [
          { name: '{{ .metadata.name }}', data: { a: 'b' } },
          { name: '{{ .metadata.name }}-shared', namespace: '{{ .spec.target }}', data: { a: 'b' } },
        ],
      },
    },
  },
};

const configurationPath = (ns: string, what: string) => `${CONFIGURATIONS}/orkestra-${ns}-${what}`;

/**
 * Deletes the test's configurations when the test ends, before the fixture's cleanup (hooks run in
 * the order registered): a configuration left after its runtime stopped fails closed, and would keep
 * the fixture from deleting the CRD and the labelled objects. `held.op` is the fixture, once started.
 */
function removeConfigurationsAfter(t: TestContext, held: { op?: RunningFixture }): void {
  t.after(async () => {
    const op = held.op;
    if (op === undefined) return;
    for (const what of ['deletion-protection', 'namespace-protection']) {
      await op.client.delete(configurationPath(op.ns, what));
    }
  });
}

/** DELETE of `path`, answered 403 once the API server sees the configuration; returns the message. */
async function deniedDelete(op: RunningFixture, path: string): Promise<string> {
  const res = await eventually(
    async () => {
      const answer = await op.client.send<{ message?: string }>('DELETE', path);
      assert.notEqual(answer.status, 200, `DELETE ${path} went through`);
      return answer.status === 403 ? answer : undefined;
    },
    { what: `the DELETE of ${path} denied`, timeoutMs: 15_000 },
  );
  return res.body.message ?? '';
}

async function labelledConfigMap(op: RunningFixture, name: string, labelled: boolean): Promise<string> {
  const path = `/api/v1/namespaces/${op.ns}/configmaps`;
  const labels = labelled ? { [LABEL]: 'true' } : {};
  await op.client.create(path, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels } });
  return `${path}/${name}`;
}

test('deletion protection denies protected deletes; a clean stop with cleanupOnShutdown removes it', async (t) => {
  const held: { op?: RunningFixture } = {};
  removeConfigurationsAfter(t, held);
  const op = await startOperator(t, {
    crds: { site: SITE },
    security: { deletionProtection: { enabled: true, cleanupOnShutdown: true } },
  });
  held.op = op;
  const site = op.crds['site']!;
  const crd = `${CRDS}/${site.plural}.${site.group}`;
  const crdMessage = await deniedDelete(op, crd);
  assert.match(
    crdMessage,
    new RegExp(`CustomResourceDefinition ${site.plural}\\.${site.group} is protected from deletion`),
  );
  assert.match(
    crdMessage,
    new RegExp(`delete the ValidatingWebhookConfiguration orkestra-${op.ns}-deletion-protection`),
  );
  assert.equal((await op.client.get(crd)).status, 200, 'the CRD is still there');

  const kept = await labelledConfigMap(op, 'kept', true);
  assert.match(await deniedDelete(op, kept), new RegExp(`ConfigMap ${op.ns}/kept is labelled ${LABEL}=true`));
  const free = await labelledConfigMap(op, 'free', false);
  assert.equal((await op.client.delete(free)).status, 200, 'an unlabelled object is deleted');

  await op.stop();
  assert.equal((await op.client.get(configurationPath(op.ns, 'deletion-protection'))).status, 404);
  const gone = await eventually(
    async () => ((await op.client.delete(kept)).status === 200 ? true : undefined),
    {
      what: 'the labelled ConfigMap deletable once the protection is gone',
      timeoutMs: 15_000,
    },
  );
  assert.ok(gone);
});

test('namespace protection denies a CR in a restricted namespace and writes no child there; without cleanupOnShutdown the configurations stay', async (t) => {
  const held: { op?: RunningFixture } = {};
  removeConfigurationsAfter(t, held);
  const op = await startOperator(t, {
    crds: { site: SITE },
    extraNamespaces: 1,
    security: (namespaces) => ({
      deletionProtection: { enabled: true },
      namespaceProtection: { enabled: true, restrictedNamespaces: [namespaces[1]] },
    }),
  });
  held.op = op;
  const [ns, locked = ''] = op.namespaces;
  const site = op.crds['site']!;
  const inLocked = site.in(locked);
  const denied = await eventually(
    async () => {
      const res = await op.client.send<{ message?: string }>('POST', inLocked.path(), {
        apiVersion: `${site.group}/v1`,
        kind: 'Site',
        metadata: { name: 'intruder' },
        spec: { target: locked },
      });
      if (res.status === 201) await op.client.delete(inLocked.path('intruder'));
      return res.status === 403 ? res : undefined;
    },
    { what: 'the CR in the restricted namespace denied', timeoutMs: 15_000 },
  );
  assert.match(
    denied.body.message ?? '',
    new RegExp(
      `Site ${locked}/intruder is refused: the namespace ${locked} is restricted by the Katalog ${ns}`,
    ),
  );
  assert.equal(await inLocked.get('intruder'), undefined, 'nothing stored');

  await site.create('home', { target: ns });
  await site.create('leaky', { target: locked });
  await eventually(async () => readyOf(await site.get('home'))?.status === 'True', {
    what: 'home Ready',
    timeoutMs: 30_000,
  });
  const leaky = await eventually(
    async () => {
      const ready = readyOf(await site.get('leaky'));
      return ready?.reason === 'RestrictedNamespace' ? ready : undefined;
    },
    { what: 'leaky refused its children', timeoutMs: 30_000 },
  );
  assert.equal(leaky.status, 'False');
  assert.match(leaky.message ?? '', new RegExp(`ConfigMap ${locked}/leaky-shared would be in ${locked}`));
  assert.ok(await op.child('v1 configmaps', 'home-shared'), 'a child outside is written');
  assert.equal(await op.child('v1 configmaps', 'leaky'), undefined, 'no child of the refused set');
  const shared = await op.client.get(`/api/v1/namespaces/${locked}/configmaps/leaky-shared`);
  assert.equal(shared.status, 404, 'never a child in the restricted namespace');

  // the CRs go while the operator runs (it releases their finalizers), then it stops
  await site.delete('home');
  await site.delete('leaky');
  await eventually(
    async () => (await site.get('home')) === undefined && (await site.get('leaky')) === undefined,
    {
      what: 'the Sites deleted',
      timeoutMs: 30_000,
    },
  );
  await op.stop();
  for (const what of ['deletion-protection', 'namespace-protection']) {
    assert.equal((await op.client.get(configurationPath(op.ns, what))).status, 200, `${what} stays`);
  }
});
