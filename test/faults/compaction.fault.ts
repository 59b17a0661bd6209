/**
 * etcd compacted while the runtime was away, so its watches resume with 410 Gone and it relists:
 * `ork run` is paused (SIGSTOP) with its Widgets converged; meanwhile Widgets are changed twice,
 * one deleted and one created; etcd is compacted past every resourceVersion the runtime knows, and
 * the API server restarted (its watch cache then starts after the compaction too: resuming from
 * the cache would otherwise hide the compaction). Resumed (SIGCONT), the runtime must relist and
 * converge every Widget to its last spec: no update lost, none stale.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { faultCluster } from './cluster.ts';
import {
  assertRunning,
  createWidgets,
  duplicateChildren,
  faultNamespace,
  installWidgetCrd,
  metricSum,
  metricsOf,
  orphanOwners,
  sendUntilAnswered,
  snapshot,
  startWidgetOperator,
  untilConverged,
  widget,
  widgetsPath,
} from './widgets.ts';

const COUNT = 20;
const MERGE_PATCH = 'application/merge-patch+json';

const cluster = await faultCluster();
after(() => {
  cluster.close();
});

test(
  'after an etcd compaction the runtime relists and every Widget converges to its last spec',
  { timeout: 5 * 60_000 },
  async (t) => {
    const { client } = cluster;
    await installWidgetCrd(client);
    const ork = await startWidgetOperator(t, cluster.kubeconfig);
    const ns = await faultNamespace(t, client, 'compaction');
    await createWidgets(client, ns, COUNT, { value: 'v1', concurrency: 5 });
    await untilConverged(client, ns, COUNT, 120_000);
    const listsBefore = metricSum(await metricsOf(ork), 'orkestra_api_requests_total', { verb: 'list' });

    const deletedUid = (await snapshot(client, ns)).widgets.find(
      (w) => w.metadata.name === widget(1, '').name,
    )?.metadata.uid;
    ork.child.kill('SIGSTOP');
    t.after(() => ork.child.kill('SIGCONT'));
    const path = widgetsPath(ns);
    for (let i = 0; i < COUNT; i++) {
      const { name } = widget(i, '');
      for (const value of ['v2', `v3-${i}`]) {
        const patch = () => client.send('PATCH', `${path}/${name}`, { spec: { value } }, MERGE_PATCH);
        await sendUntilAnswered(patch, [200]);
      }
    }
    await client.delete(`${path}/${widget(1, '').name}`); // held by the runtime's finalizer
    await client.create(path, widget(COUNT, 'new').body);
    const revision = await cluster.compactEtcd();
    await cluster.restart('kube-apiserver');
    t.diagnostic(`etcd compacted at revision ${revision}; API server restarted`);
    ork.child.kill('SIGCONT');

    await untilConverged(client, ns, COUNT, 120_000); // 20 - 1 deleted + 1 created
    await delay(2000);
    const snap = await snapshot(client, ns);
    const values = new Map(snap.widgets.map((w) => [w.metadata.name, w.spec.value]));
    assert.equal(values.has(widget(1, '').name), false, 'the deleted Widget is gone (finalizer released)');
    assert.equal(values.get(widget(COUNT, '').name), 'new');
    for (let i = 0; i < COUNT; i++) if (i !== 1) assert.equal(values.get(widget(i, '').name), `v3-${i}`);
    assert.equal(duplicateChildren(snap), 0);
    // The deleted Widget's child may wait for the garbage collector, whose retries of items that
    // failed while the API server was down back off for long; any other orphan would be a bug.
    for (const owner of orphanOwners(snap)) assert.equal(owner, deletedUid);
    assertRunning(ork);
    const listsAfter = metricSum(await metricsOf(ork), 'orkestra_api_requests_total', { verb: 'list' });
    t.diagnostic(`the runtime listed ${listsAfter - listsBefore} time(s) after resuming`);
    assert.ok(listsAfter > listsBefore, 'the runtime relisted (it lists only after a 410)');
  },
);
