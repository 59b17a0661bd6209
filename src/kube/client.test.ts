import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from './client.ts';
import { NotFoundError } from './errors.ts';
import { buildPath } from './path.ts';
import { sendJson, startFakeApiServer, statusBody } from './testing/fake-api-server.ts';
import type { FakeApiServer, SeenRequest } from './testing/fake-api-server.ts';
import { Transport } from './transport/transport.ts';
import type { GroupVersionResource } from './types.ts';

const deployments: GroupVersionResource = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  namespaced: true,
};
const namespaces: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'namespaces',
  namespaced: false,
};
const configmaps: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  namespaced: true,
};

describe('buildPath', () => {
  it('builds core, grouped, namespaced, cluster-scoped and subresource paths', () => {
    assert.equal(buildPath({ ...configmaps, namespace: 'a' }), '/api/v1/namespaces/a/configmaps');
    assert.equal(buildPath({ ...namespaces, name: 'a' }), '/api/v1/namespaces/a');
    assert.equal(
      buildPath({ ...deployments, namespace: 'a', name: 'web', subresource: 'status' }),
      '/apis/apps/v1/namespaces/a/deployments/web/status',
    );
    assert.equal(
      buildPath(deployments, { limit: 5, continue: undefined }),
      '/apis/apps/v1/deployments?limit=5',
    );
    assert.equal(
      buildPath({ ...configmaps, namespace: 'a', name: 'x/y' }),
      '/api/v1/namespaces/a/configmaps/x%2Fy',
    );
  });

  it('encodes query values so that selectors and continue tokens survive the trip', () => {
    const selector = 'app.kubernetes.io/managed-by=orkestra,tier in (a b)';
    const path = buildPath(configmaps, { labelSelector: selector, watch: true, continue: 'a+b/c=' });
    const query = new URL(`https://h${path}`).searchParams;
    assert.equal(query.get('labelSelector'), selector);
    assert.equal(query.get('watch'), 'true');
    assert.equal(query.get('continue'), 'a+b/c=');
    assert.equal(
      path.split('?')[1],
      'labelSelector=app.kubernetes.io%2Fmanaged-by%3Dorkestra%2Ctier%20in%20(a%20b)&watch=true&continue=a%2Bb%2Fc%3D',
    );
  });
});

describe('KubeClient', () => {
  let server: FakeApiServer;
  let client: KubeClient;
  let answer: (request: SeenRequest) => [number, unknown] = () => [200, {}];
  before(async () => {
    server = await startFakeApiServer((request, response) => {
      const [code, body] = answer(request);
      sendJson(response, code, body);
    });
    client = new KubeClient(new Transport(server.config()));
  });
  after(async () => {
    await client.transport.close();
    await server.close();
  });
  const last = (): SeenRequest => server.requests.at(-1)!;

  it('gets an object and throws NotFoundError for a missing one', async () => {
    answer = (request) =>
      request.url.endsWith('/web')
        ? [200, { kind: 'Deployment', metadata: { name: 'web' } }]
        : [404, statusBody(404, 'NotFound')];
    const object = await client.get(deployments, 'web', { namespace: 'a' });
    assert.equal(object.metadata?.name, 'web');
    assert.equal(last().url, '/apis/apps/v1/namespaces/a/deployments/web');
    await assert.rejects(client.get(deployments, 'gone', { namespace: 'a' }), NotFoundError);
  });

  it('asks its fence before every write and sends none it refuses; reads pass', async () => {
    answer = () => [200, { kind: 'ConfigMap', metadata: { name: 'x' } }];
    let open = false;
    const asked: string[] = [];
    const fenced = client.fenced((request) => {
      asked.push(request.method);
      if (!open) throw new Error('not the leader');
    });
    const before = server.requests.length;
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'a' } };
    await fenced.get(configmaps, 'x', { namespace: 'a' });
    await assert.rejects(fenced.apply(configmaps, cm), /not the leader/);
    await assert.rejects(
      fenced.patchStatus(configmaps, 'x', { namespace: 'a', patch: {} }),
      /not the leader/,
    );
    await assert.rejects(fenced.delete(configmaps, 'x', { namespace: 'a' }), /not the leader/);
    await assert.rejects(fenced.create(configmaps, cm), /not the leader/);
    assert.equal(server.requests.length, before + 1, 'only the GET reached the server');
    assert.deepEqual(asked, ['PATCH', 'PATCH', 'DELETE', 'POST']);
    open = true;
    await fenced.apply(configmaps, cm);
    assert.equal(last().method, 'PATCH');
    await client.apply(configmaps, cm); // the client it came from has no fence
  });

  it('asks its fence again before retrying a write, and sends no retry it refuses', async () => {
    let open = true;
    answer = () => {
      open = false; // the term ends while the first attempt is answered 503
      return [503, { kind: 'Status', code: 503, message: 'unavailable' }];
    };
    const fenced = client.fenced(() => {
      if (!open) throw new Error('not the leader');
    });
    const before = server.requests.length;
    await assert.rejects(fenced.delete(configmaps, 'x', { namespace: 'a' }), /not the leader/);
    assert.equal(server.requests.length, before + 1, 'the first attempt only');
  });

  it('refuses a namespaced call without a namespace', async () => {
    await assert.rejects(client.get(deployments, 'web'), /namespace is required/);
  });

  it('lists every page with limit and continue, typing the items', async () => {
    answer = (request) => {
      const url = new URL(request.url, 'http://x');
      const token = url.searchParams.get('continue');
      const page = token === null ? 1 : Number(token);
      return [
        200,
        {
          apiVersion: 'v1',
          kind: 'ConfigMapList',
          metadata: { resourceVersion: `rv${page}`, ...(page < 3 ? { continue: String(page + 1) } : {}) },
          items: [{ metadata: { name: `cm${page}` } }],
        },
      ];
    };
    const all = await client.listAll(configmaps, { namespace: 'a', labelSelector: 'app=x', limit: 1 });
    assert.deepEqual(
      all.items.map((item) => [item.apiVersion, item.kind, item.metadata?.name]),
      [
        ['v1', 'ConfigMap', 'cm1'],
        ['v1', 'ConfigMap', 'cm2'],
        ['v1', 'ConfigMap', 'cm3'],
      ],
    );
    assert.equal(all.resourceVersion, 'rv3');
    assert.equal(all.continue, undefined);
    const urls = server.requests.slice(-3).map((request) => request.url);
    assert.deepEqual(urls, [
      '/api/v1/namespaces/a/configmaps?labelSelector=app%3Dx&limit=1',
      '/api/v1/namespaces/a/configmaps?labelSelector=app%3Dx&limit=1&continue=2',
      '/api/v1/namespaces/a/configmaps?labelSelector=app%3Dx&limit=1&continue=3',
    ]);
  });

  it('lists all namespaces when none is given', async () => {
    answer = () => [200, { metadata: { resourceVersion: '9' }, items: [] }];
    const page = await client.list(configmaps);
    assert.equal(page.resourceVersion, '9');
    assert.equal(last().url, '/api/v1/configmaps');
  });

  it('creates in the namespace of the object', async () => {
    answer = (request) => [201, JSON.parse(request.body)];
    await client.create(configmaps, { metadata: { name: 'c', namespace: 'b' } });
    assert.equal(last().method, 'POST');
    assert.equal(last().url, '/api/v1/namespaces/b/configmaps?fieldManager=orkestra');
  });

  it('applies server-side with the apply content type, field manager and force', async () => {
    answer = (request) => [200, JSON.parse(request.body)];
    const object = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'a' } };
    await client.apply(deployments, object, { force: true });
    assert.equal(last().method, 'PATCH');
    assert.equal(last().headers['content-type'], 'application/apply-patch+yaml');
    assert.equal(last().url, '/apis/apps/v1/namespaces/a/deployments/web?fieldManager=orkestra&force=true');
    assert.deepEqual(JSON.parse(last().body), object);
    await client.apply(deployments, object);
    assert.equal(last().url, '/apis/apps/v1/namespaces/a/deployments/web?fieldManager=orkestra');
  });

  it('merge-patches, JSON-patches and patches the status subresource', async () => {
    answer = () => [200, {}];
    await client.patch(deployments, 'web', { namespace: 'a', patch: { spec: { replicas: 2 } } });
    assert.equal(last().headers['content-type'], 'application/merge-patch+json');
    await client.patch(deployments, 'web', {
      namespace: 'a',
      type: 'json',
      patch: [{ op: 'remove', path: '/x' }],
    });
    assert.equal(last().headers['content-type'], 'application/json-patch+json');
    await client.patchStatus(deployments, 'web', { namespace: 'a', patch: { status: { ready: true } } });
    assert.equal(last().url, '/apis/apps/v1/namespaces/a/deployments/web/status?fieldManager=orkestra');
    assert.deepEqual(JSON.parse(last().body), { status: { ready: true } });
  });

  it('deletes with a propagation policy, and cluster-scoped without a namespace', async () => {
    answer = () => [200, { kind: 'Status', status: 'Success' }];
    await client.delete(deployments, 'web', { namespace: 'a', propagationPolicy: 'Foreground' });
    assert.equal(last().method, 'DELETE');
    assert.equal(last().url, '/apis/apps/v1/namespaces/a/deployments/web?propagationPolicy=Foreground');
    await client.delete(namespaces, 'team', { namespace: 'ignored' });
    assert.equal(last().url, '/api/v1/namespaces/team');
  });
});
