import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../kube/index.ts';
import type { FeatureInput } from '../feature.ts';
import { webhookFeatures } from '../features.ts';
import { compiled, katalogText, request } from '../testing/protections.ts';
import {
  NAMESPACE_PROTECTION_PATH,
  namespaceHandler,
  restrictedCustomResources,
} from './namespace-protection.ts';

const ON = '  namespaceProtection: {enabled: true, restrictedNamespaces: [locked, frozen]}\n';

async function input(security = ON): Promise<FeatureInput> {
  const { plans, security: plan } = await compiled(katalogText(security));
  return { katalogName: 'protections', plans, security: plan };
}

const website = (namespace: string, fields: Record<string, unknown> = {}) =>
  request({
    kind: { group: 'demo.io', version: 'v1', kind: 'Website' },
    resource: { group: 'demo.io', version: 'v1', resource: 'websites' },
    name: 'shop',
    namespace,
    operation: 'CREATE',
    ...fields,
  });

describe('the namespace protection handler', () => {
  const handler = async () => {
    const { katalogName, plans, security } = await input();
    return namespaceHandler(
      restrictedCustomResources(katalogName, plans, security.namespaceProtection.restrictedNamespaces),
    );
  };

  it('denies a CR of the Katalog created or updated in a restricted namespace, saying why', async () => {
    const handle = await handler();
    for (const operation of ['CREATE', 'UPDATE'] as const) {
      const decision = await handle(website('locked', { operation }));
      assert.equal(decision.allowed, false, operation);
      assert.equal(decision.status?.code, 403);
      assert.equal(
        decision.status.message,
        'orkestra: Website locked/shop is refused: the namespace locked is restricted by the Katalog ' +
          'protections (security.namespaceProtection.restrictedNamespaces); create it in another namespace',
      );
    }
    assert.equal((await handle(website('frozen'))).allowed, false);
  });

  it('allows other namespaces, other resources, subresources and deletions', async () => {
    const handle = await handler();
    assert.equal((await handle(website('open'))).allowed, true);
    const configMap = request({ namespace: 'locked', operation: 'CREATE' });
    assert.equal((await handle(configMap)).allowed, true, 'not a CR of the Katalog');
    assert.equal(
      (await handle(website('locked', { subResource: 'status', operation: 'UPDATE' }))).allowed,
      true,
    );
    assert.equal((await handle(website('locked', { operation: 'DELETE' }))).allowed, true);
  });

  it('lets a CR being deleted lose its finalizers', async () => {
    const handle = await handler();
    const deleting: KubeObject = { metadata: { name: 'shop', deletionTimestamp: '2026-01-01T00:00:00Z' } };
    const update = website('locked', { operation: 'UPDATE', oldObject: deleting, object: deleting });
    assert.equal((await handle(update)).allowed, true);
  });

  it('names a CR created with generateName by its prefix', async () => {
    const handle = await handler();
    const created = website('locked', { name: '', object: { metadata: { generateName: 'shop-' } } });
    assert.match((await handle(created)).status?.message ?? '', /Website locked\/shop-… is refused/);
  });
});

interface Webhook {
  rules: unknown[];
  namespaceSelector: unknown;
  clientConfig: unknown;
  failurePolicy: string;
}

describe('the namespace protection feature', () => {
  const context = { clientConfig: (path: string) => ({ url: `https://h:1${path}` }), caBundle: 'Q0E=' };

  it('registers the namespaced CRDs of the Katalog, in the restricted namespaces only', async () => {
    const [feature] = webhookFeatures(await input());
    assert.equal(feature?.name, 'namespace-protection');
    assert.deepEqual([...feature.routes.keys()], [NAMESPACE_PROTECTION_PATH]);
    const [configuration] = feature.registrations(context);
    assert.equal(configuration?.metadata?.name, 'orkestra-protections-namespace-protection');
    const [webhook] = configuration['webhooks'] as Webhook[];
    assert.deepEqual(webhook?.rules, [
      {
        apiGroups: ['demo.io'],
        apiVersions: ['*'],
        operations: ['CREATE', 'UPDATE'],
        resources: ['websites'],
        scope: 'Namespaced',
      },
    ]);
    assert.deepEqual(webhook.namespaceSelector, {
      matchExpressions: [
        { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['locked', 'frozen'] },
      ],
    });
    assert.deepEqual(webhook.clientConfig, { url: 'https://h:1/namespace-protection', caBundle: 'Q0E=' });
    assert.equal(webhook.failurePolicy, 'Fail');
  });

  it('is off when disabled or when no namespace is restricted', async () => {
    for (const security of [
      '  namespaceProtection: {enabled: false, restrictedNamespaces: [locked]}\n',
      '  namespaceProtection: {enabled: true}\n',
    ]) {
      assert.deepEqual(webhookFeatures(await input(security)), []);
    }
  });
});
