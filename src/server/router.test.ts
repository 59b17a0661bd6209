import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answer, route } from './router.ts';
import type { BoxHealth, BoxView, RuntimeView } from './view.ts';

function box(crd: string, health: BoxHealth): BoxView {
  return {
    summary: () => ({
      crd,
      group: 'example.com',
      version: 'v1',
      kind: 'Website',
      plural: 'websites',
      namespaced: true,
      workers: 2,
      resyncSeconds: 300,
      description: undefined,
      managedObjects: 1,
      health,
      stats: {
        queueDepth: 0,
        workersBusy: 0,
        reconciles: { success: 3, error: 1 },
        at: '2025-01-01T00:00:00Z',
      },
    }),
    listCustomResources: () => [
      {
        namespace: 'default',
        name: 'site',
        ready: 'True',
        observedGeneration: 1,
        generation: 1,
        createdAt: '2025-01-01T00:00:00Z',
      },
    ],
    customResource: (ns, name) =>
      ns === 'default' && name === 'site'
        ? { object: { metadata: { name } }, conditions: [], children: [], events: [] }
        : undefined,
    render: (cr) =>
      Promise.resolve(
        (cr as { spec?: { broken?: boolean } }).spec?.broken === true
          ? { error: 'template: line 1: boom' }
          : { objects: [{ kind: 'ConfigMap' }], changes: [] },
      ),
  };
}

const healthy: BoxHealth = { status: 'healthy', reasons: [], consecutiveFailures: 0, warnings: [] };
const degraded: BoxHealth = {
  status: 'degraded',
  reasons: ['3 failures in a row'],
  consecutiveFailures: 3,
  warnings: [],
};

function view(ready = true): RuntimeView {
  const boxes = [box('website', healthy), box('broken', degraded)];
  return {
    katalogName: () => 'demo',
    boxes: () => boxes,
    box: (crd) => boxes.find((b) => b.summary().crd === crd),
    readiness: () => ({ ready, reasons: ready ? [] : ['website: informer not synced'] }),
    metrics: () => Promise.resolve({ contentType: 'text/plain', text: 'orkestra_up 1\n' }),
  };
}

const body = (text: string) => JSON.parse(text) as Record<string, unknown>;

test('health is always 200 while the process serves', async () => {
  assert.equal((await route(view(false), 'GET', '/health')).status, 200);
});

test('ready is 503 with the reasons until every box is ready', async () => {
  const notReady = await route(view(false), 'GET', '/ready');
  assert.equal(notReady.status, 503);
  assert.deepEqual(body(notReady.body)['reasons'], ['website: informer not synced']);
  assert.equal((await route(view(true), 'GET', '/ready')).status, 200);
});

test('metrics are served as the registry renders them', async () => {
  const res = await route(view(), 'GET', '/metrics');
  assert.equal(res.body, 'orkestra_up 1\n');
  assert.equal(res.contentType, 'text/plain');
});

test('the katalog lists every box', async () => {
  const res = body((await route(view(), 'GET', '/katalog')).body);
  assert.equal(res['name'], 'demo');
  assert.deepEqual(
    (res['crds'] as { crd: string }[]).map((c) => c.crd),
    ['website', 'broken'],
  );
});

test('a box health is 200 when healthy and 503 when degraded', async () => {
  assert.equal((await route(view(), 'GET', '/katalog/website/health')).status, 200);
  const res = await route(view(), 'GET', '/katalog/broken/health');
  assert.equal(res.status, 503);
  assert.equal(body(res.body)['consecutiveFailures'], 3);
});

test('custom resources are listed and shown one by one', async () => {
  const list = body((await route(view(), 'GET', '/katalog/website/cr')).body);
  assert.equal((list['items'] as unknown[]).length, 1);
  assert.equal((await route(view(), 'GET', '/katalog/website/cr/default/site')).status, 200);
  assert.equal((await route(view(), 'GET', '/katalog/website/cr/default/other')).status, 404);
});

test('unknown CRDs and routes are 404 with a message, and writes are 405', async () => {
  const res = await route(view(), 'GET', '/katalog/nope');
  assert.equal(res.status, 404);
  assert.match(body(res.body)['message'] as string, /no CRD "nope"/);
  assert.equal((await route(view(), 'GET', '/katalog/website/other')).status, 404);
  assert.equal((await route(view(), 'POST', '/katalog')).status, 405);
});

test('a CR posted to render is previewed; bad JSON is 400, a render error 422, other writes 405', async () => {
  const post = (pathname: string, body: string) => answer(view(), { method: 'POST', pathname, body });
  const ok = await post('/katalog/website/render', JSON.stringify({ metadata: { name: 'x' } }));
  assert.equal(ok.status, 200);
  assert.deepEqual(body(ok.body)['objects'], [{ kind: 'ConfigMap' }]);
  assert.equal((await post('/katalog/website/render', '{nope')).status, 400);
  const failed = await post('/katalog/website/render', JSON.stringify({ spec: { broken: true } }));
  assert.equal(failed.status, 422);
  assert.match(body(failed.body)['message'] as string, /boom/);
  assert.equal((await post('/katalog/nope/render', '{}')).status, 404);
  assert.equal((await post('/katalog/website/cr', '{}')).status, 405);
  assert.equal((await answer(view(), { method: 'GET', pathname: '/katalog/website/render' })).status, 404);
});

test('the source lists the Katalog files and warnings, none when the run has not them', async () => {
  const empty = body((await route(view(), 'GET', '/katalog/source')).body);
  assert.deepEqual(empty, { name: 'demo', files: [], diagnostics: [] });
  const file = { path: 'k.yaml', text: 'kind: Katalog\n' };
  const withSource: RuntimeView = { ...view(), source: () => ({ files: [file], diagnostics: [] }) };
  const res = body((await route(withSource, 'GET', '/katalog/source')).body);
  assert.deepEqual(res['files'], [file]);
});
