import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from './client.ts';
import { EventRecorder } from './events.ts';
import { sendJson, startFakeApiServer, statusBody } from './testing/fake-api-server.ts';
import type { FakeApiServer, SeenRequest } from './testing/fake-api-server.ts';
import { Transport } from './transport/transport.ts';

const site = {
  apiVersion: 'example.com/v1',
  kind: 'Site',
  metadata: { name: 'blog', namespace: 'web', uid: 'u-1', resourceVersion: '3' },
};

describe('EventRecorder', () => {
  let server: FakeApiServer;
  let client: KubeClient;
  let answer: (request: SeenRequest) => [number, unknown] = (request) => [201, JSON.parse(request.body)];
  before(async () => {
    server = await startFakeApiServer((request, response) => {
      const [code, body] = answer(request);
      sendJson(response, code, body);
    });
    client = new KubeClient(new Transport(server.config(), { backoff: { maxRetries: 0 } }));
  });
  after(async () => {
    await client.transport.close();
    await server.close();
  });

  it('creates a core/v1 Event about the object', async () => {
    const recorder = new EventRecorder(client, {
      instance: 'pod-1',
      now: () => Date.parse('2026-01-01T00:00:00Z'),
    });
    assert.equal(
      await recorder.record(site, { reason: 'Created', message: 'created Deployment blog' }),
      'created',
    );
    const request = server.requests.at(-1)!;
    assert.equal(request.method, 'POST');
    assert.match(request.url, /^\/api\/v1\/namespaces\/web\/events\?/);
    const event = JSON.parse(request.body) as Record<string, unknown>;
    assert.deepEqual(event.involvedObject, {
      apiVersion: 'example.com/v1',
      kind: 'Site',
      name: 'blog',
      namespace: 'web',
      uid: 'u-1',
      resourceVersion: '3',
    });
    assert.equal(event.type, 'Normal');
    assert.equal(event.count, 1);
    assert.equal(event.firstTimestamp, '2026-01-01T00:00:00.000Z');
    assert.deepEqual(event.source, { component: 'orkestra' });
    assert.equal(event.reportingInstance, 'pod-1');
  });

  it('aggregates a repeat into a count patch on the same Event', async () => {
    const recorder = new EventRecorder(client);
    const warning = { type: 'Warning', reason: 'ReconcileFailed', message: 'boom' } as const;
    await recorder.record(site, warning);
    const created = JSON.parse(server.requests.at(-1)!.body) as { metadata: { name: string } };
    assert.equal(await recorder.record(site, warning), 'aggregated');
    assert.equal(await recorder.record(site, warning), 'aggregated');
    const patch = server.requests.at(-1)!;
    assert.equal(patch.method, 'PATCH');
    assert.match(patch.url, new RegExp(`^/api/v1/namespaces/web/events/${created.metadata.name}\\?`));
    assert.equal((JSON.parse(patch.body) as { count: number }).count, 3);
    assert.equal(await recorder.record(site, { ...warning, message: 'other' }), 'created');
  });

  it('creates a new Event when the aggregated one expired on the server', async () => {
    const recorder = new EventRecorder(client);
    await recorder.record(site, { reason: 'Expired', message: 'm' });
    answer = (request) => (request.method === 'PATCH' ? [404, statusBody(404, 'NotFound')] : [201, {}]);
    assert.equal(await recorder.record(site, { reason: 'Expired', message: 'm' }), 'created');
    answer = (request) => [201, JSON.parse(request.body)];
  });

  it('drops events of an object beyond its burst until tokens refill', async () => {
    let clock = 0;
    const recorder = new EventRecorder(client, { burst: 2, refillMs: 1000, now: () => clock });
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await recorder.record(site, { reason: 'R', message: `m${i}` }));
    assert.deepEqual(outcomes, ['created', 'created', 'dropped', 'dropped']);
    clock += 1000;
    assert.equal(await recorder.record(site, { reason: 'R', message: 'later' }), 'created');
  });

  it('reports a failed write instead of throwing', async () => {
    const errors: unknown[] = [];
    const recorder = new EventRecorder(client, { onError: (error) => errors.push(error) });
    answer = () => [403, statusBody(403, 'Forbidden')];
    assert.equal(await recorder.record(site, { reason: 'R', message: 'm' }), 'failed');
    assert.equal(errors.length, 1);
    answer = (request) => [201, JSON.parse(request.body)];
  });
});
