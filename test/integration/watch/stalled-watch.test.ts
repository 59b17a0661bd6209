/**
 * A watch stalled without being closed (a loopback TCP proxy between the operator and the API server
 * stops forwarding bytes and keeps the connections open): the operator notices within its inactivity
 * limit, /ready and the box's health answer 503 with the reason meanwhile, the watch is restarted on
 * a new connection, readiness comes back by itself in the same process, and a CR changed during the
 * stall converges to its last spec.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { kubeconfigServer, startTcpProxy, writeProxyKubeconfig } from '../../harness/tcp-proxy.ts';
import { startOperator, sumSeries, type RunningFixture, type TestCrd } from '../run/operator-fixture.ts';

after(closeTestCluster);

const MERGE_PATCH = 'application/merge-patch+json';

const SITE = {
  kind: 'Site',
  entry: {
    operatorBox: {
      onReconcile: {
        configMaps: [{ name: '{{ .metadata.name }}', data: { message: '{{ .spec.message }}' } }],
      },
    },
  },
};

/** The inactivity limit of the operator under test: short, so the test is. */
const INACTIVITY_MS = 5_000;

/**
 * With a limit far below the API server's bookmark interval (about a minute), a healthy watch of a
 * quiet resource would be cut too: something its two watches see changes every second (an
 * annotation of the CR, a ConfigMap with the managed-by label that no CR owns). Returns the stop.
 */
function heartbeat(op: RunningFixture, site: TestCrd): () => Promise<void> {
  const cm = `/api/v1/namespaces/${op.ns}/configmaps`;
  let beats = 0;
  let last: Promise<unknown> = op.client.send('POST', cm, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'heartbeat', labels: { 'app.kubernetes.io/managed-by': 'orkestra' } },
  });
  const timer = setInterval(() => {
    const patch = { metadata: { annotations: { 'test/beat': String(++beats) } } };
    last = Promise.all([
      op.client.send('PATCH', site.path('web'), patch, MERGE_PATCH),
      op.client.send('PATCH', `${cm}/heartbeat`, patch, MERGE_PATCH),
    ]).catch(() => undefined);
  }, 1_000);
  return async () => {
    clearInterval(timer);
    await last;
  };
}

test(
  'a stalled watch makes /ready and the box 503 with the reason, and is repaired without a restart',
  { timeout: 150_000 },
  async (t) => {
    const kubeconfig = process.env['KUBECONFIG'];
    assert.ok(kubeconfig, 'KUBECONFIG names the test cluster');
    const proxy = await startTcpProxy(await kubeconfigServer(kubeconfig));
    const dir = await mkdtemp(join(tmpdir(), 'ork-proxy-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const viaProxy = join(dir, 'kubeconfig');
    await writeProxyKubeconfig({ from: kubeconfig, to: viaProxy, port: proxy.port });

    const op = await startOperator(t, {
      crds: { site: SITE },
      settings: { kubeconfig: viaProxy, watchInactivityMs: INACTIVITY_MS },
    });
    // after the operator's cleanup (hooks run in order): its watches never reach a closed proxy
    t.after(() => proxy.close());
    const site = op.crds['site']!;
    await site.create('web', { message: 'one' });
    t.after(heartbeat(op, site));
    const message = async (): Promise<string | undefined> =>
      (await op.child('v1 configmaps', 'web'))?.data?.['message'];
    await eventually(async () => (await message()) === 'one', { what: 'the ConfigMap of spec one' });
    const connections = proxy.acceptedConnections;

    proxy.stall();
    const stalledAt = Date.now();
    // changed twice while the operator hears nothing: the last spec must win
    await site.patchSpec('web', { message: 'two' });
    await site.patchSpec('web', { message: 'three' });

    const ready = await eventually(
      async () => {
        const r = await op.http('/ready');
        return r.status === 503 ? r.body : undefined;
      },
      { what: '/ready to turn 503', timeoutMs: 4 * INACTIVITY_MS, intervalMs: 200 },
    );
    const detectedMs = Date.now() - stalledAt;
    const reasons = (ready['reasons'] as string[]).join('\n');
    assert.match(
      reasons,
      new RegExp(`^site: watch of (sites\\.${site.group}|configmaps) stale for \\d+ s$`, 'm'),
    );
    assert.ok(detectedMs < 2 * INACTIVITY_MS, `detected after ${detectedMs} ms`);
    const health = await op.http('/katalog/site/health');
    assert.equal(health.status, 503);
    assert.equal(health.body['status'], 'degraded');
    assert.match((health.body['reasons'] as string[]).join('\n'), /watch of .* stale for \d+ s/);

    // nothing is restored by hand: the operator gives up the stalled connection and opens another
    await eventually(async () => (await op.http('/ready')).status === 200, {
      what: '/ready to recover by itself',
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    assert.ok(proxy.acceptedConnections > connections, 'the watches came back on a new connection');
    assert.equal((await op.http('/katalog/site/health')).status, 200);
    await eventually(async () => (await message()) === 'three', {
      what: 'the ConfigMap of the last spec',
      timeoutMs: 30_000,
    });
    const metrics = await (await fetch(`http://127.0.0.1:${op.port}/metrics`)).text();
    const cuts = metrics
      .split('\n')
      .filter((l) => l.startsWith('orkestra_watch_restarts_total{') && l.includes('reason="inactivity"'));
    assert.ok(sumSeries(cuts.join('\n'), 'orkestra_watch_restarts_total', 'site') >= 1, metrics);
    assert.match(metrics, /^orkestra_watch_last_event_age_seconds\{crd="site",resource="configmaps"\} /m);
  },
);
