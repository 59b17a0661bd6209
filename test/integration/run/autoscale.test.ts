/**
 * The operator autoscaler on the real control plane (spec §10.3): a box with one worker gets its
 * override workers within one interval of its queue crossing the threshold, drains, and returns to
 * one worker after the cooldown; both changes are Events on the box's CustomResourceDefinition and
 * show in /metrics.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { startOperator, sumSeries, type RunningFixture } from './operator-fixture.ts';

after(closeTestCluster);

const INTERVAL_MS = 2_000;
const COOLDOWN_MS = 4_000;
const BURST = 120;

interface KubeEvent {
  reason: string;
  message: string;
  involvedObject: { kind: string; name: string; uid?: string };
}

async function gauge(op: RunningFixture, metric: string, crd: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${op.port}/metrics`);
  return sumSeries(await res.text(), metric, crd);
}

/** The Events Kubernetes keeps for a cluster-scoped object (namespace `default`). */
async function crdEvents(op: RunningFixture, name: string): Promise<KubeEvent[]> {
  const selector = encodeURIComponent(
    `involvedObject.kind=CustomResourceDefinition,involvedObject.name=${name}`,
  );
  const res = await op.client.get<{ items: KubeEvent[] }>(
    `/api/v1/namespaces/default/events?fieldSelector=${selector}`,
  );
  return res.body.items;
}

test(
  'a box whose queue crosses the threshold gets its override workers within one interval and returns after the cooldown',
  { timeout: 180_000 },
  async (t) => {
    const op = await startOperator(t, {
      crds: {
        job: {
          kind: 'Batch',
          entry: {
            workers: 1,
            operatorBox: {
              onReconcile: {
                configMaps: [{ name: '{{ .metadata.name }}-out', data: { n: '{{ .spec.n }}' } }],
              },
              autoscale: {
                interval: `${INTERVAL_MS}ms`,
                cooldown: `${COOLDOWN_MS}ms`,
                conditions: { when: [{ field: 'metrics.queueDepth', greaterThan: '10' }] },
                do: { workers: 6, queueDepth: 5000 },
              },
            },
          },
        },
      },
    });
    const crd = op.crds['job']!;
    const crdName = `${crd.plural}.${crd.group}`;
    assert.equal(await gauge(op, 'orkestra_workers', 'job'), 1);
    assert.equal(await gauge(op, 'orkestra_autoscale_active', 'job'), 0);

    // The burst: more CRs than one worker clears within an interval.
    const names = Array.from({ length: BURST }, (_, i) => `b${i}`);
    for (let i = 0; i < names.length; i += 30) {
      await Promise.all(names.slice(i, i + 30).map((name) => crd.create(name, { n: name })));
    }
    const burstDone = Date.now();
    const queued = await gauge(op, 'orkestra_queue_depth', 'job');
    assert.ok(queued > 10, `the queue holds ${queued} keys after the burst`);

    await eventually(async () => (await gauge(op, 'orkestra_workers', 'job')) === 6, {
      what: 'six workers',
      timeoutMs: 2 * INTERVAL_MS + 1_000,
      intervalMs: 50,
    });
    const scaledAfter = Date.now() - burstDone;
    assert.ok(scaledAfter <= INTERVAL_MS + 500, `scaled ${scaledAfter} ms after the burst`);
    assert.equal(await gauge(op, 'orkestra_autoscale_active', 'job'), 1);
    const summary = await op.http('/katalog/job');
    assert.equal((summary.body as { workers?: number }).workers, 6);

    // Every CR converges, the queue drains, and after the cooldown the baseline returns.
    await eventually(async () => (await op.child('v1 configmaps', `b${BURST - 1}-out`)) !== undefined, {
      what: 'the last child',
    });
    await eventually(async () => (await gauge(op, 'orkestra_queue_depth', 'job')) === 0, {
      what: 'an empty queue',
    });
    const drained = Date.now();
    await eventually(async () => (await gauge(op, 'orkestra_workers', 'job')) === 1, {
      what: 'the baseline worker',
      timeoutMs: COOLDOWN_MS + 2 * INTERVAL_MS + 2_000,
      intervalMs: 50,
    });
    const restoredAfter = Date.now() - drained;
    assert.ok(restoredAfter >= COOLDOWN_MS - INTERVAL_MS, `restored ${restoredAfter} ms after draining`);
    assert.equal(await gauge(op, 'orkestra_autoscale_active', 'job'), 0);

    const uid = (
      await op.client.get<{ metadata: { uid: string } }>(
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crdName}`,
      )
    ).body.metadata.uid;
    const events = await eventually(
      async () => {
        const found = await crdEvents(op, crdName);
        return found.some((e) => e.reason === 'AutoscaleReverted') && found;
      },
      { what: 'the autoscale Events on the CRD', timeoutMs: 10_000 },
    );
    const applied = events.find((e) => e.reason === 'AutoscaleApplied');
    const reverted = events.find((e) => e.reason === 'AutoscaleReverted');
    assert.match(
      applied?.message ?? '',
      /^Overrides applied: workers 1 → 6, queue depth unlimited → 5000; conditions hold \(queueDepth \d+/,
    );
    assert.match(
      reverted?.message ?? '',
      /^Baseline restored: workers 6 → 1, queue depth 5000 → unlimited; conditions false for \d+ s/,
    );
    assert.equal(applied?.involvedObject.uid, uid);
  },
);
