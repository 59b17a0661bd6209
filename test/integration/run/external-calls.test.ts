/**
 * External calls (spec §10.2) on the real control plane, against an HTTP server in this process: a failed
 * call fails the reconcile (Ready=False ExternalCallFailed, retried) unless it says continueOnError; a
 * header value from a Secret is sent and shows nowhere; cacheFor spares the endpoint; an endpoint that
 * hangs holds only its own box's workers, and another box's CRs converge meanwhile (measured).
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { after, before, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { readyOf, startOperator } from './operator-fixture.ts';

after(closeTestCluster);

const TOKEN = 'Bearer itest-7c1d9e0f-secret';

/** Requests seen, by path and `cr` query parameter; hanging responses, answered at the end. */
const seen: { path: string; cr: string; authorization: string | undefined }[] = [];
const hanging: ServerResponse[] = [];
/** Whether /hang hangs (it answers at once after the test that needs it). */
let hang = true;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const url = new URL(req.url ?? '/', 'http://x');
  seen.push({
    path: url.pathname,
    cr: url.searchParams.get('cr') ?? '',
    authorization: req.headers.authorization,
  });
  if (url.pathname === '/hang' && hang) {
    hanging.push(res);
    return;
  }
  if (url.pathname === '/fail') {
    res.statusCode = 500;
    res.end(`refused ${req.headers.authorization ?? ''}`);
    return;
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ value: 'fine', path: url.pathname }));
});
let base = '';

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${String(typeof address === 'object' && address !== null ? address.port : 0)}`;
});

after(() => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  server.close();
});

const count = (path: string, cr: string): number => seen.filter((s) => s.path === path && s.cr === cr).length;

test(
  'a failed call fails the reconcile unless continueOnError; a Secret header is sent and shown nowhere',
  { timeout: 120_000 },
  async (t) => {
    const op = await startOperator(t, {
      crds: {
        caller: {
          kind: 'Caller',
          entry: {
            queue: { retryBackoff: { initial: '200ms', max: '1s' } },
            operatorBox: {
              onReconcile: {
                external: [
                  {
                    name: 'must',
                    url: '{{ .spec.base }}{{ .spec.must }}?cr={{ .metadata.name }}',
                    headers: { Authorization: { secretKeyRef: { name: 'api-token', key: 'token' } } },
                  },
                  {
                    name: 'may',
                    url: '{{ .spec.base }}{{ .spec.may }}?cr={{ .metadata.name }}',
                    headers: { Authorization: { secretKeyRef: { name: 'api-token', key: 'token' } } },
                    continueOnError: true,
                  },
                ],
                configMaps: [
                  {
                    name: '{{ .metadata.name }}-result',
                    data: {
                      must: '{{ .external.must.body.value }}',
                      mayCalled: '{{ .external.may.called }}',
                      mayError: '{{ .external.may.error }}',
                      mayBody: '{{ .external.may.body }}',
                    },
                  },
                ],
              },
              status: { fields: [{ path: 'mustStatus', value: '{{ .external.must.status }}', type: 'int' }] },
            },
          },
        },
      },
    });
    await op.client.create(`/api/v1/namespaces/${op.ns}/secrets`, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'api-token' },
      stringData: { token: TOKEN },
    });
    const caller = op.crds['caller']!;
    await caller.create('good', { base, must: '/ok', may: '/fail' });
    await caller.create('bad', { base, must: '/fail', may: '/ok' });

    const result = await eventually(() => op.child('v1 configmaps', 'good-result'), {
      what: 'the ConfigMap of the CR whose failing call may fail',
      timeoutMs: 30_000,
    });
    assert.equal(result.data?.['must'], 'fine');
    assert.equal(result.data['mayCalled'], 'true');
    assert.match(
      result.data['mayError'] ?? '',
      /^GET http:\/\/127\.0\.0\.1:\d+\/fail\?cr=good answered 500, expected 2xx$/,
    );
    assert.equal(result.data['mayBody'], 'refused [redacted]');
    const good = await eventually(
      async () => {
        const cr = await caller.get('good');
        return readyOf(cr)?.status === 'True' ? cr : undefined;
      },
      { what: 'good Ready', timeoutMs: 30_000 },
    );
    assert.equal(good.status?.['mustStatus'], 200);

    const bad = await eventually(
      async () => {
        const cr = await caller.get('bad');
        return readyOf(cr)?.reason === 'ExternalCallFailed' ? cr : undefined;
      },
      { what: 'bad Ready=False ExternalCallFailed', timeoutMs: 30_000 },
    );
    assert.equal(readyOf(bad)?.status, 'False');
    assert.match(
      readyOf(bad)?.message ?? '',
      /^external call "must" failed: GET .*\/fail\?cr=bad answered 500/,
    );
    await eventually(() => count('/fail', 'bad') >= 3, {
      what: 'the failed call retried',
      timeoutMs: 30_000,
    });
    assert.equal(count('/ok', 'bad'), 0, 'the calls after a failed one are not made');
    assert.equal(await op.child('v1 configmaps', 'bad-result'), undefined);

    assert.ok(
      seen.some((s) => s.authorization === TOKEN),
      'the header value was sent',
    );
    const events = await op.client.get(`/api/v1/namespaces/${op.ns}/events`);
    const health = await op.http('/katalog/caller/health');
    const crView = await op.http(`/katalog/caller/cr/${op.ns}/bad`);
    const shown = JSON.stringify([bad, good, result, events.body, health.body, crView.body]);
    assert.match(shown, /external call \\"must\\" failed/, 'the failure is shown');
    assert.ok(!shown.includes('itest-7c1d9e0f'), 'the Secret value is shown somewhere');
  },
);

test(
  'cacheFor: a result is reused across reconciles; a call without it is made every time',
  { timeout: 120_000 },
  async (t) => {
    const op = await startOperator(t, {
      crds: {
        cached: {
          kind: 'Cached',
          entry: {
            operatorBox: {
              onReconcile: {
                external: [
                  { name: 'kept', url: '{{ .spec.base }}/kept?cr={{ .metadata.name }}', cacheFor: '1h' },
                  { name: 'fresh', url: '{{ .spec.base }}/fresh?cr={{ .metadata.name }}' },
                ],
                configMaps: [
                  {
                    name: '{{ .metadata.name }}',
                    data: { n: '{{ .spec.n }}', v: '{{ .external.kept.body.value }}' },
                  },
                ],
              },
            },
          },
        },
      },
    });
    const cached = op.crds['cached']!;
    await cached.create('c1', { base, n: '0' });
    for (let n = 1; n <= 3; n++) {
      await eventually(async () => (await op.child('v1 configmaps', 'c1'))?.data?.['n'] === String(n - 1), {
        what: `the ConfigMap at n=${String(n - 1)}`,
        timeoutMs: 30_000,
      });
      await cached.patchSpec('c1', { n: String(n) });
    }
    await eventually(async () => (await op.child('v1 configmaps', 'c1'))?.data?.['n'] === '3', {
      what: 'the ConfigMap at n=3',
      timeoutMs: 30_000,
    });
    assert.equal((await op.child('v1 configmaps', 'c1'))?.data?.['v'], 'fine');
    t.diagnostic(`kept: ${String(count('/kept', 'c1'))} call(s), fresh: ${String(count('/fresh', 'c1'))}`);
    assert.equal(count('/kept', 'c1'), 1);
    assert.ok(count('/fresh', 'c1') >= 4, `fresh called ${String(count('/fresh', 'c1'))} times`);
  },
);

test(
  'an endpoint that hangs holds only its own box: another box converges meanwhile (measured)',
  { timeout: 180_000 },
  async (t) => {
    const op = await startOperator(t, {
      crds: {
        slow: {
          kind: 'Slow',
          entry: {
            workers: 2,
            operatorBox: {
              onReconcile: {
                external: [
                  { name: 'hang', url: '{{ .spec.base }}/hang?cr={{ .metadata.name }}', timeout: '60s' },
                ],
                configMaps: [{ name: '{{ .metadata.name }}-slow', data: { a: 'b' } }],
              },
            },
          },
        },
        fast: {
          kind: 'Fast',
          entry: {
            workers: 2,
            operatorBox: {
              onReconcile: { configMaps: [{ name: '{{ .metadata.name }}-fast', data: { a: 'b' } }] },
            },
          },
        },
      },
    });
    const slow = op.crds['slow']!;
    const fast = op.crds['fast']!;
    for (const name of ['s1', 's2', 's3', 's4']) await slow.create(name, { base });
    await eventually(() => hanging.length >= 2, {
      what: 'the slow box hanging on its calls',
      timeoutMs: 30_000,
    });
    const started = Date.now();
    const names = Array.from({ length: 20 }, (_, i) => `f${String(i)}`);
    for (const name of names) await fast.create(name, {});
    await eventually(
      async () => {
        const res = await op.client.get<{ items?: { metadata: { name: string } }[] }>(
          `/api/v1/namespaces/${op.ns}/configmaps`,
        );
        const have = new Set((res.body.items ?? []).map((c) => c.metadata.name));
        return names.every((n) => have.has(`${n}-fast`));
      },
      { what: 'every Fast CR converged', timeoutMs: 30_000, intervalMs: 50 },
    );
    const ms = Date.now() - started;
    t.diagnostic(
      `20 Fast CRs converged in ${String(ms)} ms while the Slow box hung on ${String(hanging.length)} calls`,
    );
    assert.ok(ms < 15_000, `the Fast box took ${String(ms)} ms`);
    assert.equal(hanging.length, 2, 'the slow box holds no more calls than its workers');
    assert.equal(await op.child('v1 configmaps', 's1-slow'), undefined);
    // let the slow box go, so the CRs can be deleted at the end
    hang = false;
    for (const res of hanging.splice(0)) res.end('{}');
  },
);
