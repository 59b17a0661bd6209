/**
 * Leader election under faults, with the API server's audit log as the witness of writes: two
 * `ork run --leader-elect` replicas of the Widget Katalog, each naming its identity in its user
 * agent.
 * - The leader SIGKILLed mid-burst: the follower leads within lease + 2 s, every Widget converges
 *   with no duplicate child, and the replicas never write at the same time: every write of the
 *   killed leader is logged before the first of the new one.
 * - The leader partitioned from the API server (a loopback proxy stalls its connections and holds
 *   new ones): it fences its writes at its renew deadline, before the follower may take the Lease
 *   over; the partition heals and it follows; every Widget converges.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import type { AuditWrite } from '../../src/devcluster/index.ts';
import type { OrkProcess } from '../e2e/ork-process.ts';
import { eventually } from '../harness/eventually.ts';
import { kubeconfigServer, startTcpProxy, writeProxyKubeconfig } from '../harness/tcp-proxy.ts';
import { faultCluster } from './cluster.ts';
import {
  createWidgets,
  duplicateChildren,
  faultNamespace,
  installWidgetCrd,
  metricsOf,
  metricSum,
  runtimeWrites,
  runtimeWritesIn,
  snapshot,
  startWidgetOperator,
  untilConverged,
} from './widgets.ts';

const cluster = await faultCluster();
after(() => {
  cluster.close();
});
await installWidgetCrd(cluster.client);

interface LeaderInfo {
  isLeader: boolean;
  identity?: string;
  holder?: string;
}

async function leaderOf(ork: OrkProcess): Promise<LeaderInfo | undefined> {
  return (await ork.http('/katalog')).body['leader'] as LeaderInfo | undefined;
}

/** Starts a replica and waits until it is ready; resolves with it and its identity. */
async function replica(t: TestContext, kubeconfig: string, args: readonly string[]) {
  const ork = await startWidgetOperator(t, kubeconfig, ['--leader-elect', ...args]);
  const info = await eventually(async () => (await leaderOf(ork))?.identity, {
    what: 'the replica names its identity',
  });
  t.after(() => {
    if (ork.running()) ork.child.kill('SIGKILL');
  });
  return { ork, identity: info };
}

/**
 * Waits until the audit log shows `count` writes of the replica in `ns` (Events are not audited), so
 * that a fault hits a leader that is working there; resolves with how many it shows.
 */
async function untilWrote(ns: string, mark: number, replica: Replica, count: number): Promise<number> {
  const { identity } = replica;
  const read = cluster.writesReader(mark);
  try {
    return await eventually(
      async () => {
        const writes = writesOf(runtimeWritesIn(await read(), ns), identity).length;
        return writes >= count ? writes : undefined;
      },
      { what: `${identity} to write ${count} times in ${ns}`, timeoutMs: 60_000, intervalMs: 100 },
    );
  } catch (error) {
    const counted = metricSum(await metricsOf(replica.ork).catch(() => ''), 'orkestra_api_writes_total');
    throw new Error(
      `${String(error)}; it counted ${counted} writes (Events included)\n${replica.ork.output()}`,
      { cause: error },
    );
  }
}

interface Replica {
  ork: OrkProcess;
  identity: string;
}

async function untilLeads(ork: OrkProcess, timeoutMs: number): Promise<void> {
  await eventually(async () => (await leaderOf(ork))?.isLeader === true || undefined, {
    what: `the replica on :${ork.port} to lead\n${ork.output()}`,
    timeoutMs,
    intervalMs: 50,
  });
}

/** The writes of one replica (its user agent names its identity), the Lease's left out. */
function writesOf(writes: readonly AuditWrite[], identity: string): AuditWrite[] {
  return writes.filter((w) => w.userAgent.includes(`(${identity})`) && w.objectRef.resource !== 'leases');
}

const time = (w: AuditWrite): number => Date.parse(w.at);

/** The time of a log line of the replica's output (JSON lines with `time`), by its message. */
function loggedAt(ork: OrkProcess, message: string): number | undefined {
  for (const line of ork.output().split('\n')) {
    if (!line.includes(`"msg":"${message}`)) continue;
    const at = /"time":"([^"]+)"/.exec(line)?.[1];
    if (at !== undefined) return Date.parse(at);
  }
  return undefined;
}

test(
  'the leader SIGKILLed mid-burst: the follower leads within lease + 2 s, every Widget converges, and no two replicas write at once',
  { timeout: 180_000 },
  async (t) => {
    const { client } = cluster;
    const ns = await faultNamespace(t, client, 'kill');
    const a = await replica(t, cluster.kubeconfig, ['-n', ns]);
    await untilLeads(a.ork, 30_000);
    const b = await replica(t, cluster.kubeconfig, ['-n', ns]);
    assert.equal((await leaderOf(b.ork))?.isLeader, false, 'the second replica follows');
    const mark = await cluster.mark();
    const count = 300;
    const burst = createWidgets(client, ns, count, { value: 'v1', concurrency: 8 });
    const wroteBeforeKill = await untilWrote(ns, mark, a, 20);
    a.ork.child.kill('SIGKILL');
    const killedAt = Date.now();
    await burst;
    await untilLeads(b.ork, 30_000);
    const takeoverMs = Date.now() - killedAt;
    assert.ok(takeoverMs <= 17_000, `the follower led ${takeoverMs} ms after the SIGKILL (lease 15 s + 2 s)`);
    await untilConverged(client, ns, count, 120_000);
    assert.equal(duplicateChildren(await snapshot(client, ns)), 0, 'no duplicate child');
    const writes = await runtimeWrites(cluster, mark, ns);
    const [byA, byB] = [writesOf(writes, a.identity), writesOf(writes, b.identity)];
    assert.ok(
      byA.length >= wroteBeforeKill && byB.length > 0,
      `the audit log shows ${byA.length} writes of the killed leader (${wroteBeforeKill} before the kill) and ${byB.length} of the new one`,
    );
    const lastOfA = Math.max(...byA.map(time));
    const firstOfB = Math.min(...byB.map(time));
    assert.ok(
      lastOfA < firstOfB,
      `the killed leader's last write (${new Date(lastOfA).toISOString()}) precedes the new leader's first (${new Date(firstOfB).toISOString()})`,
    );
    t.diagnostic(
      `takeover ${takeoverMs} ms; writes ${byA.length} by the killed leader, ${byB.length} by the new one`,
    );
  },
);

test(
  'a partitioned leader fences its writes before the follower takes over; healed, it follows; every Widget converges',
  { timeout: 180_000 },
  async (t) => {
    const { client } = cluster;
    const ns = await faultNamespace(t, client, 'partition');
    const proxy = await startTcpProxy(await kubeconfigServer(cluster.kubeconfig));
    const dir = await mkdtemp(join(tmpdir(), 'ork-partition-'));
    t.after(async () => {
      await proxy.close();
      await rm(dir, { recursive: true, force: true });
    });
    const throughProxy = join(dir, 'kubeconfig');
    await writeProxyKubeconfig({ from: cluster.kubeconfig, to: throughProxy, port: proxy.port });
    // short timings, so that the test is short: the renew deadline (4 s) is well before the lease's end (6 s)
    const timings = ['--leader-elect-lease-duration', '6s', '--leader-elect-renew-deadline', '4s'];
    const args = ['-n', ns, ...timings, '--leader-elect-retry-period', '1s'];
    const a = await replica(t, throughProxy, args);
    await untilLeads(a.ork, 30_000);
    const b = await replica(t, cluster.kubeconfig, args);
    const mark = await cluster.mark();
    const count = 200;
    const burst = createWidgets(client, ns, count, { value: 'v1', concurrency: 2 });
    await untilWrote(ns, mark, a, 20);
    proxy.stall({ direction: 'both', newConnections: 'blackhole' });
    const partitionedAt = Date.now();
    await burst;
    await untilLeads(b.ork, 30_000);
    const fencedAt = loggedAt(a.ork, 'leader election: lost the lease');
    const acquiredAt = loggedAt(b.ork, 'leader election: acquired the lease');
    assert.ok(fencedAt !== undefined, `the partitioned leader logged its loss:\n${a.ork.output()}`);
    assert.ok(acquiredAt !== undefined, `the follower logged its acquisition:\n${b.ork.output()}`);
    assert.ok(
      fencedAt < acquiredAt,
      `fenced at ${new Date(fencedAt).toISOString()}, before the new leader acquired at ${new Date(acquiredAt).toISOString()}`,
    );
    assert.ok(
      fencedAt - partitionedAt <= 4_000 + 1_000,
      `fenced ${fencedAt - partitionedAt} ms into the partition`,
    );
    // What the proxy held is dropped (a partition loses packets), then the network heals.
    proxy.cut();
    proxy.restore();
    await eventually(
      async () => {
        const info = await leaderOf(a.ork);
        return (info?.isLeader === false && info.holder === b.identity) || undefined;
      },
      { what: `the healed replica follows ${b.identity}\n${a.ork.output()}`, timeoutMs: 60_000 },
    );
    await untilConverged(client, ns, count, 120_000);
    assert.equal(duplicateChildren(await snapshot(client, ns)), 0, 'no duplicate child');
    const writes = await runtimeWrites(cluster, mark, ns);
    const [byA, byB] = [writesOf(writes, a.identity), writesOf(writes, b.identity)];
    assert.ok(byA.length > 0, 'the audit log shows the partitioned leader writing before the partition');
    const firstOfB = Math.min(...byB.map(time));
    const late = byA.filter((w) => time(w) >= firstOfB);
    const iso = (ms: number) => new Date(ms).toISOString();
    assert.deepEqual(
      late.map((w) => `${w.at} ${w.verb} ${w.objectRef.resource}/${w.objectRef.name ?? ''}`),
      [],
      `no write of the partitioned leader after the new leader's first (${iso(firstOfB)}); partitioned at ${iso(partitionedAt)}, fenced at ${iso(fencedAt)}, the new leader acquired at ${iso(acquiredAt)}`,
    );
    t.diagnostic(
      `fenced ${fencedAt - partitionedAt} ms into the partition, ${acquiredAt - fencedAt} ms before the takeover; writes ${byA.length} by the partitioned leader, ${byB.length} by the new one`,
    );
  },
);
