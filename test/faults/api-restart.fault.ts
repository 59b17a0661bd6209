/**
 * The API server restarted 5× during a burst of Widgets (1,000 by default; ORK_FAULT_BURST=n for
 * fewer while working on it), with `ork run` as a real process: every Widget converges, no child is
 * duplicated, and the runtime's writes the audit log shows stay within what converging needs —
 * measured on the same burst without faults first, in another namespace of the same operator (plus
 * the few a restart can make the runtime send twice; refused writes — 409, 429, 503 — apart).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { faultCluster } from './cluster.ts';
import {
  assertRunning,
  createWidgets,
  describeWrites,
  duplicateChildren,
  expectedChildren,
  faultNamespace,
  orphanOwners,
  installWidgetCrd,
  runtimeWrites,
  snapshot,
  startWidgetOperator,
  untilConverged,
} from './widgets.ts';

const COUNT = Number(process.env['ORK_FAULT_BURST'] ?? 1000);
const RESTARTS = 5;
/** The Katalog's workers: each has at most one request in flight. */
const WORKERS = 4;
const CONCURRENCY = 20;
/** Quiet time after converging, so late writes (there should be none) are counted too. */
const SETTLE_MS = 3000;

const cluster = await faultCluster();
after(() => {
  cluster.close();
});

test(
  `${COUNT} Widgets converge across ${RESTARTS} API server restarts, with no duplicate child and no needless write`,
  { timeout: 20 * 60_000 },
  async (t) => {
    const { client } = cluster;
    await installWidgetCrd(client);
    const ork = await startWidgetOperator(t, cluster.kubeconfig);

    // The baseline: the same burst with no fault.
    const base = await faultNamespace(t, client, 'baseline');
    const baseMark = await cluster.mark();
    let started = Date.now();
    await createWidgets(client, base, COUNT, { value: 'v1', concurrency: CONCURRENCY });
    await untilConverged(client, base, COUNT, 10 * 60_000);
    const baseSeconds = (Date.now() - started) / 1000;
    await delay(SETTLE_MS);
    const baseline = await runtimeWrites(cluster, baseMark, base);
    t.diagnostic(
      `baseline: converged in ${baseSeconds.toFixed(1)} s; ${baseline.length} writes (${describeWrites(baseline)})`,
    );

    // The same burst while the API server restarts 5 times, the first once a tenth is created.
    const ns = await faultNamespace(t, client, 'restarts');
    const mark = await cluster.mark();
    let firstRestart: () => void = () => undefined;
    const tenth = new Promise<void>((resolve) => (firstRestart = resolve));
    const restarts = (async () => {
      await tenth;
      for (let r = 0; r < RESTARTS; r++) {
        await cluster.restart('kube-apiserver');
        await delay(1500); // let the burst and the runtime move between two restarts
      }
    })();
    started = Date.now();
    const creating = createWidgets(client, ns, COUNT, {
      value: 'v1',
      concurrency: CONCURRENCY,
      onCreated: (n) => {
        if (n >= COUNT / 10) firstRestart();
      },
    });
    await Promise.all([creating, restarts]);
    const restartedAt = Date.now();
    await untilConverged(client, ns, COUNT, 10 * 60_000);
    t.diagnostic(
      `with restarts: converged ${((Date.now() - started) / 1000).toFixed(1)} s after the first create, ` +
        `${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the last restart`,
    );
    await delay(SETTLE_MS);
    assertRunning(ork);

    const snap = await snapshot(client, ns);
    assert.equal(duplicateChildren(snap), 0, 'no duplicate child');
    assert.deepEqual(orphanOwners(snap), [], 'no child without its Widget');
    assert.equal([...snap.children.values()].flat().length, expectedChildren(COUNT));

    const writes = await runtimeWrites(cluster, mark, ns);
    t.diagnostic(`with restarts: ${writes.length} writes (${describeWrites(writes)})`);
    // Writes the server refused changed nothing: 503s while it shuts down, and 409s when, after a
    // reconnect, the runtime reconciled from a cache a little behind its own last write and its
    // optimistic-lock patch was refused. What must not grow is the writes that landed.
    const refused = writes.filter((w) => w.code >= 300);
    const unexpected = refused.filter((w) => ![409, 429, 503].includes(w.code));
    assert.deepEqual(unexpected, [], 'refused writes are conflicts, throttling or a server going away');
    const landed = writes.filter((w) => w.code < 300);
    // A write may land twice when the API server applied and logged it (the audit log is in
    // blocking mode: logged before the answer is sent) but stopped before the runtime read the
    // answer, so the runtime sent it again. Each of the WORKERS workers has at most one request in
    // flight when a restart cuts it, so a restart can cost at most WORKERS such writes.
    const allowance = RESTARTS * WORKERS;
    const needed = baseline.filter((w) => w.code < 300).length;
    assert.ok(
      landed.length <= needed + allowance,
      `${landed.length} writes landed with restarts > ${needed} without + ${allowance}`,
    );
  },
);
