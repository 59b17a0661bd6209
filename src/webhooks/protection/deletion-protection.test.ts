import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../kube/index.ts';
import type { FeatureInput } from '../feature.ts';
import { webhookFeatures } from '../features.ts';
import { compiled, katalogText, request } from '../testing/protections.ts';
import {
  DELETION_PROTECTION_LABEL,
  DELETION_PROTECTION_PATH,
  deletionHandler,
  protectedObjects,
} from './deletion-protection.ts';

const ON = '  deletionProtection: {enabled: true}\n';

async function input(security = ON, endpoint?: FeatureInput['endpoint']): Promise<FeatureInput> {
  const { plans, security: plan } = await compiled(katalogText(security));
  return { katalogName: 'protections', plans, security: plan, endpoint };
}

const crdDelete = (name: string) =>
  request({
    kind: { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' },
    resource: { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' },
    name,
    namespace: '',
  });

const labelled = (value: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'a', namespace: 'ns', labels: { [DELETION_PROTECTION_LABEL]: value } },
});

describe('the deletion protection handler', () => {
  const handle = async (endpoint?: FeatureInput['endpoint']) => {
    const { katalogName, plans } = await input();
    return deletionHandler(protectedObjects(katalogName, plans, endpoint));
  };

  it('denies the DELETE of the Katalog CRDs, saying what is protected and how to lift it', async () => {
    const handler = await handle();
    for (const name of ['websites.demo.io', 'tenants.tenants.demo.io']) {
      const decision = await handler(crdDelete(name));
      assert.equal(decision.allowed, false);
      assert.equal(decision.status?.code, 403);
      assert.match(
        decision.status.message ?? '',
        new RegExp(`CustomResourceDefinition ${name} is protected`),
      );
      assert.match(
        decision.status.message ?? '',
        /turn security\.deletionProtection off .* ValidatingWebhookConfiguration orkestra-protections-deletion-protection/,
      );
    }
    assert.equal((await handler(crdDelete('gadgets.demo.io'))).allowed, true, 'another CRD');
  });

  it('denies the DELETE of an object labelled deletion-protection "true", naming the label to remove', async () => {
    const handler = await handle();
    const decision = await handler(request({ oldObject: labelled('true') }));
    assert.equal(decision.allowed, false);
    assert.match(
      decision.status?.message ?? '',
      /ConfigMap ns\/a is labelled orkestra\.orkspace\.io\/deletion-protection=true .* kubectl label configmaps a -n ns orkestra\.orkspace\.io\/deletion-protection-$/,
    );
    const deployment = request({
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'web',
      oldObject: labelled('true'),
    });
    assert.match(
      (await handler(deployment)).status?.message ?? '',
      /kubectl label deployments\.apps web -n ns orkestra\.orkspace\.io\/deletion-protection-$/,
    );
    assert.equal((await handler(request({ oldObject: labelled('false') }))).allowed, true);
    assert.equal((await handler(request({ oldObject: null }))).allowed, true, 'no label: allowed');
  });

  it('does not trust the selector: only a DELETE is refused', async () => {
    const handler = await handle();
    const update = request({ operation: 'UPDATE', object: labelled('true'), oldObject: labelled('true') });
    assert.equal((await handler(update)).allowed, true);
    assert.equal((await handler({ ...crdDelete('websites.demo.io'), operation: 'CREATE' })).allowed, true);
  });

  it('in a pod, protects the runtime Service and the Deployment and Ingress of its name', async () => {
    const handler = await handle({ kind: 'service', name: 'orkestra', namespace: 'ops', port: 443 });
    const own = (group: string, resource: string, name = 'orkestra', namespace = 'ops') =>
      request({
        resource: { group, version: 'v1', resource },
        kind: { group, version: 'v1', kind: '' },
        name,
        namespace,
      });
    for (const [group, resource] of [
      ['apps', 'deployments'],
      ['', 'services'],
      ['networking.k8s.io', 'ingresses'],
    ] as const) {
      const decision = await handler(own(group, resource));
      assert.equal(decision.allowed, false, resource);
      assert.match(decision.status?.message ?? '', /runs the Katalog protections and is protected/);
    }
    assert.equal((await handler(own('apps', 'deployments', 'other'))).allowed, true);
    assert.equal((await handler(own('apps', 'deployments', 'orkestra', 'default'))).allowed, true);
    assert.equal((await handler(own('', 'configmaps'))).allowed, true);
    const outside = await handle({ kind: 'url', host: '127.0.0.1' });
    assert.equal((await outside(own('apps', 'deployments'))).allowed, true, 'outside a pod: none');
  });
});

interface Webhook {
  name: string;
  clientConfig: { url?: string; caBundle: string };
  rules: { apiGroups: string[]; resources: string[]; operations: string[]; scope: string }[];
  matchConditions?: { expression: string }[];
  objectSelector?: unknown;
  namespaceSelector?: unknown;
  failurePolicy: string;
  sideEffects: string;
}

const context = {
  clientConfig: (path: string) => ({ url: `https://127.0.0.1:9443${path}` }),
  caBundle: 'Q0E=',
};

describe('the deletion protection feature', () => {
  it('is off unless security.deletionProtection.enabled', async () => {
    const features = webhookFeatures(await input('  deletionProtection: {enabled: false}\n'));
    assert.deepEqual(
      features.map((f) => f.name),
      [],
    );
  });

  it('registers one configuration per Katalog: the CRDs by name, labelled objects by selector', async () => {
    const [feature] = webhookFeatures(await input());
    assert.equal(feature?.name, 'deletion-protection');
    assert.deepEqual([...feature.routes.keys()], [DELETION_PROTECTION_PATH]);
    const [configuration, ...more] = feature.registrations(context);
    assert.equal(more.length, 0);
    assert.equal(configuration?.kind, 'ValidatingWebhookConfiguration');
    assert.equal(configuration.metadata?.name, 'orkestra-protections-deletion-protection');
    const [crds, labels, ...others] = configuration['webhooks'] as Webhook[];
    assert.equal(others.length, 0, 'no runtime objects outside a pod');
    assert.deepEqual(crds?.rules, [
      {
        apiGroups: ['apiextensions.k8s.io'],
        apiVersions: ['v1'],
        operations: ['DELETE'],
        resources: ['customresourcedefinitions'],
        scope: 'Cluster',
      },
    ]);
    assert.deepEqual(
      crds.matchConditions?.map((c) => c.expression),
      ["request.name in ['tenants.tenants.demo.io', 'websites.demo.io']"],
    );
    assert.deepEqual(labels?.objectSelector, { matchLabels: { [DELETION_PROTECTION_LABEL]: 'true' } });
    assert.deepEqual(labels.rules[0]?.operations, ['DELETE']);
    for (const webhook of [crds, labels]) {
      assert.deepEqual(webhook.clientConfig, {
        url: 'https://127.0.0.1:9443/deletion-protection',
        caBundle: 'Q0E=',
      });
      assert.equal(webhook.failurePolicy, 'Fail', 'a protection fails closed');
      assert.equal(webhook.sideEffects, 'None');
    }
  });

  it('in a pod, adds the runtime objects: its namespace and name only', async () => {
    const endpoint = { kind: 'service', name: 'orkestra', namespace: 'ops', port: 443 } as const;
    const [feature] = webhookFeatures(await input(ON, endpoint));
    const webhooks = feature?.registrations(context)[0]?.['webhooks'] as Webhook[];
    const runtime = webhooks.find((w) => w.name.startsWith('runtime.'));
    assert.deepEqual(runtime?.namespaceSelector, { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } });
    assert.deepEqual(
      runtime.matchConditions?.map((c) => c.expression),
      ["request.name == 'orkestra'"],
    );
    assert.deepEqual(
      runtime.rules.map((r) => r.resources[0]),
      ['deployments', 'services', 'ingresses'],
    );
  });

  it('names the configuration validly for a Katalog of several documents', async () => {
    const [feature] = webhookFeatures({ ...(await input()), katalogName: 'a+B' });
    assert.equal(feature?.registrations(context)[0]?.metadata?.name, 'orkestra-a-b-deletion-protection');
  });
});
