/**
 * `ork dev stop | status | start` on the fault cluster: the API server stopped by its recorded pid
 * (status says STOPPED, the API does not answer), started again (same data, status running), and
 * the audit log witnessing a write made on each side of the stop; and `ork dev up` starting a
 * stopped component rather than replacing the cluster.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { eventually } from '../harness/eventually.ts';
import { ork } from '../harness/ork-cli.ts';
import { FAULT_CLUSTER, faultCluster } from './cluster.ts';

const cluster = await faultCluster();
after(() => {
  cluster.close();
});

const configMap = (name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data: { made: name },
});

test(
  'a component stopped with `ork dev stop` is reported stopped; `ork dev start` or `up` brings it back with its data',
  { timeout: 120_000 },
  async (t) => {
    const ns = `components-${Date.now().toString(36)}`;
    const { client } = cluster;
    await client.create('/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
    t.after(async () => {
      await cluster.start('kube-apiserver'); // whatever happened, leave them running
      await cluster.start('kube-scheduler');
      await client.delete(`/api/v1/namespaces/${ns}`);
    });
    const path = `/api/v1/namespaces/${ns}/configmaps`;
    const mark = await cluster.mark();
    await client.create(path, configMap('before'));

    const stop = await ork(['dev', 'stop', 'apiserver', '--name', 'faults']);
    assert.equal(stop.code, 0, stop.err);
    assert.match(stop.err, /stopped kube-apiserver \(pid \d+\)/);
    assert.equal((await client.get('/readyz').catch(() => ({ status: 0 }))).status, 0);
    const down = await ork(['dev', 'status', '--name', 'faults']);
    assert.equal(down.code, 1, 'an unhealthy cluster exits 1');
    process.exitCode = undefined; // the in-process CLI sets it; the next command starts clean
    assert.match(down.out, /kube-apiserver\s+STOPPED/);
    assert.match(down.out, /kube-controller-manager\s+running/);
    assert.match(down.out, /audit log\s+\S+audit\.log/);

    const start = await ork(['dev', 'start', 'apiserver', '--name', 'faults']);
    assert.equal(start.code, 0, start.err);
    assert.match(start.err, /started kube-apiserver \(pid \d+\), ready in/);
    const running = await ork(['dev', 'status', '--name', 'faults']);
    assert.match(running.out, /kube-apiserver\s+running/);
    assert.equal((await client.get(`${path}/before`)).status, 200, 'etcd kept the data');
    // The client's kept-alive connection died with the old process: retry until a create lands.
    await eventually(
      async () => [201, 409].includes((await client.send('POST', path, configMap('after'))).status),
      {
        what: 'a create to succeed after the start',
      },
    );

    // `ork dev up` on a cluster with a stopped component starts it instead of replacing the cluster.
    await cluster.stop('kube-scheduler');
    const up = await ork([
      'dev',
      'up',
      '--name',
      'faults',
      '--port-base',
      String(FAULT_CLUSTER.portBase),
      '--audit-log',
    ]);
    assert.equal(up.code, 0, up.err);
    assert.match(up.err, /starting kube-scheduler \(stopped by `ork dev stop`\)/);
    assert.match(up.err, /already running/);
    assert.match((await ork(['dev', 'status', '--name', 'faults'])).out, /kube-scheduler\s+running/);
    assert.equal((await client.get(`${path}/after`)).status, 200, 'the same cluster, with its data');

    const mine = (await cluster.writesSince(mark)).filter(
      (w) =>
        w.objectRef.namespace === ns &&
        w.objectRef.resource === 'configmaps' &&
        w.objectRef.name !== 'kube-root-ca.crt' && // the controller-manager's, into every namespace
        w.code === 201,
    );
    assert.deepEqual(
      mine.map((w) => [w.verb, w.objectRef.name, w.code]),
      [
        ['create', 'before', 201],
        ['create', 'after', 201],
      ],
    );
  },
);
