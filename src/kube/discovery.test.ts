import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KubeClient } from './client.ts';
import { NoKindMatchError, RestMapper, parseApiVersion } from './discovery.ts';
import { sendJson, startFakeApiServer, statusBody } from './testing/fake-api-server.ts';
import { Transport } from './transport/transport.ts';

describe('RestMapper', () => {
  it('maps kinds to resources, caches them, and refetches on a miss', async () => {
    let crdInstalled = false;
    const server = await startFakeApiServer((request, response) => {
      if (request.url === '/api/v1') {
        sendJson(response, 200, {
          resources: [
            { name: 'configmaps', kind: 'ConfigMap', namespaced: true },
            { name: 'namespaces', kind: 'Namespace', namespaced: false },
            { name: 'pods/status', kind: 'Pod', namespaced: true },
            { name: 'pods', kind: 'Pod', namespaced: true },
          ],
        });
        return;
      }
      const resources = [{ name: 'sites', kind: 'Site', namespaced: true }];
      if (crdInstalled) resources.push({ name: 'websites', kind: 'Website', namespaced: false });
      sendJson(response, 200, { resources });
    });
    let clock = 0;
    const client = new KubeClient(new Transport(server.config()));
    const mapper = new RestMapper(client, {
      minRefreshMs: 1000,
      now: () => clock,
    });
    assert.deepEqual(await mapper.resourceFor({ group: '', version: 'v1', kind: 'ConfigMap' }), {
      group: '',
      version: 'v1',
      resource: 'configmaps',
      namespaced: true,
    });
    assert.equal(
      (await mapper.resourceFor({ group: '', version: 'v1', kind: 'Namespace' })).namespaced,
      false,
    );
    assert.equal((await mapper.resourceFor({ group: '', version: 'v1', kind: 'Pod' })).resource, 'pods');
    assert.equal(server.requests.length, 1, 'one discovery request for the group version');

    const website = { group: 'example.com', version: 'v1', kind: 'Website' };
    await assert.rejects(mapper.resourceFor(website), NoKindMatchError);
    crdInstalled = true;
    await assert.rejects(mapper.resourceFor(website), NoKindMatchError, 'no refetch within minRefreshMs');
    clock += 1000;
    const found = await mapper.resourceForObject({ apiVersion: 'example.com/v1', kind: 'Website' });
    assert.equal(found.resource, 'websites');
    assert.equal(server.requests.filter((r) => r.url === '/apis/example.com/v1').length, 2);
    await client.transport.close();
    await server.close();
  });

  it('treats a group version the server does not serve as no match', async () => {
    const server = await startFakeApiServer((_request, response) => {
      sendJson(response, 404, statusBody(404, 'NotFound'));
    });
    const client = new KubeClient(new Transport(server.config()));
    const mapper = new RestMapper(client);
    const [first, second] = await Promise.allSettled([
      mapper.resourceFor({ group: 'x.io', version: 'v1', kind: 'X' }),
      mapper.resourceFor({ group: 'x.io', version: 'v1', kind: 'X' }),
    ]);
    assert.equal(first.status, 'rejected');
    assert.equal(second.status, 'rejected');
    assert.equal(server.requests.length, 1, 'concurrent lookups share one request');
    await client.transport.close();
    await server.close();
  });
});

describe('parseApiVersion', () => {
  it('splits group and version, with the core group empty', () => {
    assert.deepEqual(parseApiVersion('v1'), { group: '', version: 'v1' });
    assert.deepEqual(parseApiVersion('apps/v1'), { group: 'apps', version: 'v1' });
  });
});
