import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Permissions } from '../../bundle/index.ts';
import { createKubeClient, type KubeClient } from '../../kube/index.ts';
import { sendJson, startFakeApiServer, type FakeApiServer } from '../../kube/testing/index.ts';
import { createLogger } from '../../observability/index.ts';
import { checkPermissions, MissingPermissionsError, verifyPermissions } from './permission-check.ts';

interface Attributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
}

/** A fake authorizer: what it allows, and the reviews it was asked. */
interface Authorizer {
  allowed: (a: Attributes) => boolean;
  rules: (namespace: string) => { verbs: string[]; apiGroups: string[]; resources: string[] }[];
  accessReviews: Attributes[];
  rulesReviews: string[];
  inFlight: number;
  maxInFlight: number;
}

const children = (count: number): Permissions => ({
  cluster: [
    {
      apiGroups: ['apps'],
      resources: Array.from({ length: count }, (_, i) => `kind${i}s`),
      verbs: ['patch'],
      reasons: [{ crd: 'website', text: 'children of crd website' }],
    },
  ],
  namespaced: [],
});

describe('checkPermissions', () => {
  let server: FakeApiServer;
  let client: KubeClient;
  let authz: Authorizer;
  before(async () => {
    server = await startFakeApiServer(async (request, response) => {
      const review = JSON.parse(request.body) as {
        spec: { resourceAttributes?: Attributes; namespace?: string };
      };
      if (request.url.includes('/selfsubjectrulesreviews')) {
        const namespace = review.spec.namespace ?? '';
        authz.rulesReviews.push(namespace);
        sendJson(response, 201, {
          ...review,
          status: { resourceRules: authz.rules(namespace), incomplete: false },
        });
        return;
      }
      const attributes = review.spec.resourceAttributes!;
      authz.accessReviews.push(attributes);
      authz.inFlight += 1;
      authz.maxInFlight = Math.max(authz.maxInFlight, authz.inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      authz.inFlight -= 1;
      sendJson(response, 201, { ...review, status: { allowed: authz.allowed(attributes) } });
    });
    client = createKubeClient(server.config(), { version: 'test' });
  });
  after(async () => {
    await client.transport.close();
    await server.close();
  });
  beforeEach(() => {
    authz = {
      allowed: () => true,
      rules: () => [],
      accessReviews: [],
      rulesReviews: [],
      inFlight: 0,
      maxInFlight: 0,
    };
  });

  it('settles an identity that may do anything with one review', async () => {
    const result = await checkPermissions(client, children(20));
    assert.deepEqual(result, { missing: [], checks: 20, requests: 1 });
    assert.deepEqual(authz.accessReviews, [{ verb: '*', group: '*', resource: '*' }]);
  });

  it('asks each question once, a bounded number at a time, and reports the refused ones', async () => {
    authz.allowed = (a) => a.verb !== '*' && a.resource !== 'kind3s';
    const result = await checkPermissions(client, children(20), { concurrency: 4 });
    assert.deepEqual(
      result.missing.map((m) => m.attributes.resource),
      ['kind3s'],
    );
    assert.equal(result.requests, 21);
    assert.equal(authz.accessReviews.length, 21);
    assert.ok(authz.maxInFlight <= 4, `at most 4 in flight, saw ${authz.maxInFlight}`);
    assert.ok(authz.maxInFlight > 1, 'the reviews run concurrently');
  });

  it('answers namespaced questions from one rules review per namespace, confirming a refusal', async () => {
    authz.allowed = () => false;
    authz.rules = (ns) =>
      ns === 'shop' ? [{ verbs: ['get', 'patch'], apiGroups: ['apps'], resources: ['deployments'] }] : [];
    const result = await checkPermissions(client, {
      cluster: [],
      namespaced: [
        {
          namespace: 'shop',
          rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'patch', 'delete'] }],
        },
      ],
    });
    assert.deepEqual(authz.rulesReviews, ['shop']);
    assert.deepEqual(
      authz.accessReviews.map((a) => a.verb),
      ['*', 'delete'],
    );
    assert.deepEqual(
      result.missing.map((m) => m.attributes.verb),
      ['delete'],
    );
  });

  it('asks the API server again about a question the rules review does not list (it may be incomplete)', async () => {
    authz.allowed = (a) => a.verb === 'delete';
    const result = await checkPermissions(client, {
      cluster: [],
      namespaced: [
        {
          namespace: 'shop',
          rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['delete'] }],
        },
      ],
    });
    assert.deepEqual(result.missing, []);
  });
});

describe('verifyPermissions', () => {
  let server: FakeApiServer;
  let client: KubeClient;
  before(async () => {
    server = await startFakeApiServer((request, response) => {
      const review = JSON.parse(request.body) as { spec: { resourceAttributes: Attributes } };
      const { verb, resource } = review.spec.resourceAttributes;
      sendJson(response, 201, { ...review, status: { allowed: verb !== '*' && resource !== 'kind1s' } });
    });
    client = createKubeClient(server.config(), { version: 'test' });
  });
  after(async () => {
    await client.transport.close();
    await server.close();
  });
  const logger = createLogger({ level: 'silent' });

  it('refuses to start, naming each missing permission and why it is needed', async () => {
    const options = { allowMissing: false, crdKeys: ['website'], logger };
    await assert.rejects(verifyPermissions(client, children(3), options), (error: unknown) => {
      assert.ok(error instanceof MissingPermissionsError);
      assert.match(error.message, /lacks a permission its Katalog needs; nothing was started/);
      assert.match(
        error.message,
        /\n {2}missing permission: patch kind1s\.apps cluster-wide — children of crd website$/,
      );
      assert.doesNotMatch(error.message, /kind0s|kind2s/);
      return true;
    });
  });

  it('starts anyway when allowed, giving each box the permissions it misses', async () => {
    const byBox = await verifyPermissions(client, children(3), {
      allowMissing: true,
      crdKeys: ['website', 'cache'],
      logger,
    });
    assert.deepEqual(
      [...byBox],
      [['website', ['missing permission: patch kind1s.apps cluster-wide — children of crd website']]],
    );
  });
});
