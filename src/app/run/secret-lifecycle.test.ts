/**
 * The lifecycle of a CR's Secrets through a whole reconcile, from a compiled Plan, on a cluster in
 * memory and a clock of the test's: a `once` Secret is written once and kept, written again with the
 * same values while the cache lags, rotated when older than `rotateAfter` (a reused render too), and
 * the Deployment that uses it carries the digest of what the Secret holds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../kube/index.ts';
import { createReconciler, reconcileDepsFor, type ClusterWriter } from '../../runtime/index.ts';
import { memoryCache, planOfText } from './reconcile-harness.ts';

const GENERATED_AT = 'orkestra.orkspace.io/generated-at';
const SECRETS_HASH = 'orkestra.orkspace.io/secrets-hash';

/** A Katalog whose `app` Deployment uses the `creds` Secret; `value` is the Secret's password template. */
const katalog = (value: string, flags: string) => `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: secrets}
spec:
  crds:
    app:
      apiTypes: {group: t.example.io, version: v1, kind: App, plural: apps}
      resync: 1h
      operatorBox:
        onCreate:
          secrets:
            - {name: creds, ${flags}, data: {password: '${value}'}}
        onReconcile:
          deployments:
            - name: app
              image: nginx
              env: {PASSWORD: {secretKeyRef: {name: creds, key: password}}}
          configMaps:
            - {name: plain, data: {a: b}}
`;

const CR: KubeObject = {
  apiVersion: 't.example.io/v1',
  kind: 'App',
  metadata: { name: 'a', namespace: 'ns', uid: 'a-1', finalizers: ['orkestra.orkspace.io/cleanup'] },
  spec: {},
};

/** The CR's world in memory; `lag` hides what is written from the cache until `catchUp`. */
async function harness(text: string) {
  const id = (o: KubeObject) => `${o.kind ?? ''}/${o.metadata?.name ?? ''}`;
  const live = new Map<string, KubeObject>();
  const pending = new Map<string, KubeObject>();
  const state = { cr: CR, nowMs: Date.parse('2030-01-01T00:00:00Z'), lag: false, skipped: 0 };
  const writes: string[] = [];
  const events: string[] = [];
  const cache = memoryCache(state, live, id);
  const writer: ClusterWriter = {
    apply: (object) => {
      const written = structuredClone(object);
      written.metadata = { ...written.metadata, creationTimestamp: new Date(state.nowMs).toISOString() };
      writes.push(id(written));
      (state.lag ? pending : live).set(id(written), written);
      return Promise.resolve(written);
    },
    delete: () => Promise.resolve(),
    patchStatus: (_target, status) => Promise.resolve((state.cr = { ...state.cr, status })),
    patchSpec: () => Promise.reject(new Error('no normalize here')),
    patchMetadata: (target) => Promise.resolve((state.cr = target)),
  };
  const deps = reconcileDepsFor({
    plan: await planOfText(text),
    cache,
    writer,
    events: {
      normal: (_cr, reason, message) => events.push(`${reason}: ${message}`),
      warning: () => undefined,
    },
    reportWarnings: () => undefined,
    now: () => new Date(state.nowMs),
    countRenderSkipped: () => {
      state.skipped++;
    },
  });
  const reconcile = createReconciler({ ...deps, renderPass: undefined });
  const secret = () => live.get('Secret/creds');
  return {
    state,
    writes,
    events,
    live,
    reconcile: () => reconcile('ns/a', new AbortController().signal),
    catchUp: () => {
      for (const [key, object] of pending) live.set(key, object);
      pending.clear();
    },
    password: () =>
      Buffer.from((secret()?.['data'] as Record<string, string>)['password'] ?? '', 'base64').toString(),
    generatedAt: () => secret()?.metadata?.annotations?.[GENERATED_AT],
    hash: () => {
      const template = (live.get('Deployment/app')?.['spec'] as { template: KubeObject }).template;
      return template.metadata?.annotations?.[SECRETS_HASH];
    },
  };
}

describe('a once Secret', () => {
  it('is generated once and kept; the Deployment using it carries the digest of its data', async () => {
    const h = await harness(katalog('{{ randomAlphanumeric 16 }}', 'once: true'));
    await h.reconcile();
    const password = h.password();
    assert.match(password, /^[A-Za-z0-9]{16}$/);
    assert.equal(h.generatedAt(), '2030-01-01T00:00:00.000Z');
    const hash = h.hash();
    assert.match(hash ?? '', /^[0-9a-f]{16}$/);
    h.writes.length = 0;
    h.state.nowMs += 400 * 86_400_000;
    await h.reconcile();
    await h.reconcile();
    assert.deepEqual(h.writes, [], 'a kept Secret and its unchanged consumer are not written');
    assert.equal(h.password(), password);
    assert.equal(h.hash(), hash);
  });

  it('is written with the same values again while the cache does not show it yet', async () => {
    const h = await harness(katalog('{{ randomAlphanumeric 16 }}', 'once: true'));
    h.state.lag = true;
    await h.reconcile();
    await h.reconcile();
    assert.deepEqual(
      h.writes.filter((w) => w === 'Secret/creds'),
      ['Secret/creds', 'Secret/creds'],
    );
    h.catchUp();
    h.state.lag = false;
    const password = h.password();
    const hash = h.hash();
    h.writes.length = 0;
    await h.reconcile();
    assert.deepEqual(h.writes, []);
    assert.equal(h.password(), password, 'no second draw');
    assert.equal(h.hash(), hash);
  });
});

describe('a once Secret with rotateAfter', () => {
  it('is regenerated when older than rotateAfter, rolls its consumer, and requeues for the next rotation', async () => {
    const h = await harness(katalog('{{ randomAlphanumeric 16 }}', 'once: true, rotateAfter: 10m'));
    assert.deepEqual(await h.reconcile(), { requeueAfterMs: 600_000 });
    const first = { password: h.password(), hash: h.hash() };
    h.state.nowMs += 9 * 60_000;
    h.writes.length = 0;
    assert.deepEqual(await h.reconcile(), { requeueAfterMs: 60_000 }, 'requeued for the due time');
    assert.deepEqual(h.writes, [], 'not due yet');
    h.state.nowMs += 60_000;
    await h.reconcile();
    assert.notEqual(h.password(), first.password);
    assert.equal(h.generatedAt(), '2030-01-01T00:10:00.000Z');
    assert.notEqual(h.hash(), first.hash, 'the Deployment rolls');
    assert.deepEqual(h.writes.sort(), ['Deployment/app', 'Secret/creds']);
    assert.equal(h.events.filter((e) => e.startsWith('SecretRotated')).length, 1);
    assert.ok(
      !h.events.some((e) => e.includes(first.password) || e.includes(h.password())),
      'no value in events',
    );
  });

  it('is rotated when due even when the render is reused', async () => {
    const h = await harness(katalog('{{ .metadata.name }}-fixed', 'once: true, rotateAfter: 10m'));
    await h.reconcile();
    await h.reconcile();
    assert.equal(h.state.skipped, 1, 'the render is reused');
    h.state.nowMs += 10 * 60_000;
    await h.reconcile();
    assert.equal(h.state.skipped, 2);
    assert.equal(h.generatedAt(), '2030-01-01T00:10:00.000Z', 'rotated');
    assert.equal(h.password(), 'a-fixed');
  });

  it('takes the creation time for the age of a Secret without generated-at', async () => {
    const h = await harness(katalog('{{ randomAlphanumeric 16 }}', 'once: true, rotateAfter: 10m'));
    h.live.set('Secret/creds', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: 'ns', creationTimestamp: '2029-12-31T23:55:00Z' },
      data: { password: Buffer.from('old').toString('base64') },
    });
    assert.deepEqual(await h.reconcile(), { requeueAfterMs: 300_000 });
    assert.equal(h.password(), 'old');
    h.state.nowMs += 300_000;
    await h.reconcile();
    assert.notEqual(h.password(), 'old');
  });
});
