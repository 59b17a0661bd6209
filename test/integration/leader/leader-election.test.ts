/**
 * Leader election with two real `ork run --leader-elect` processes on the shared control plane
 * (default timings: lease 15 s, renew deadline 10 s, retry 2 s): one writes, the other stays warm
 * and writes nothing; SIGTERM hands over in under 2 s, SIGKILL within lease + 2 s, and every CR
 * converges with one child each, the new leader reconciling from its warm caches (no LIST).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { ensureBuilt, type OrkProcess } from '../../e2e/ork-process.ts';
import { assertOneOwner, startReplicas, type Replicas } from './replicas.ts';

before(ensureBuilt);
after(closeTestCluster);

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

/** The first replica of `replicas` that is not `leader`. */
function followerOf(r: Replicas, leader: OrkProcess): OrkProcess {
  const follower = r.processes.find((p) => p !== leader);
  assert.ok(follower);
  return follower;
}

/** Polls the follower's /katalog every 25 ms until it leads; the ms from `since`. */
async function takeover(
  r: Replicas,
  follower: OrkProcess,
  since: number,
  timeoutMs: number,
): Promise<number> {
  await eventually(async () => (await r.leader(follower))?.isLeader === true, {
    what: `the follower to lead\n${follower.output()}`,
    timeoutMs,
    intervalMs: 25,
  });
  return Date.now() - since;
}

test(
  'only the leader writes; the follower is ready, on standby, and writes nothing',
  { timeout: 120_000 },
  async (t) => {
    const r = await startReplicas(t, 2);
    const leader = await r.theLeader();
    const follower = followerOf(r, leader);
    const crs = names('web', 20);
    for (const name of crs) await r.createCr(name);
    await r.converged(crs, 60_000);
    assert.equal(await r.writes(follower), 0, 'the follower wrote nothing');
    assert.ok((await r.writes(leader)) > 0);
    assertOneOwner(await r.children(), crs.length);
    const seen = await r.leader(follower);
    const leading = await r.leader(leader);
    assert.ok(seen && leading);
    assert.equal(seen.enabled, true);
    assert.equal(seen.isLeader, false);
    assert.equal(seen.holder, leading.identity, 'the follower knows who leads');
    assert.match(leading.since ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const health = await follower.http('/katalog/web/health');
    assert.equal(health.status, 200);
    assert.equal(health.body['status'], 'standby');
    assert.equal((await follower.http('/ready')).status, 200);
    assert.equal(await r.counter(follower, 'orkestra_leader_is_leader'), 0);
    assert.equal(await r.counter(leader, 'orkestra_leader_is_leader'), 1);
  },
);

test(
  'SIGTERM of the leader mid-burst: the follower leads within 2 s, warm, and every CR converges',
  { timeout: 180_000 },
  async (t) => {
    const r = await startReplicas(t, 2);
    const leader = await r.theLeader();
    const follower = followerOf(r, leader);
    const lists = await r.counter(follower, 'orkestra_api_requests_total', 'verb="list"');
    const crs = names('burst', 60);
    for (const name of crs.slice(0, 30)) await r.createCr(name);
    const signalled = Date.now();
    leader.child.kill('SIGTERM');
    const burst = (async () => {
      for (const name of crs.slice(30)) await r.createCr(name);
    })();
    const ms = await takeover(r, follower, signalled, 30_000);
    await burst;
    t.diagnostic(`SIGTERM handover: ${ms} ms`);
    assert.ok(ms < 2_000, `handover after SIGTERM took ${ms} ms`);
    await r.converged(crs, 90_000);
    assertOneOwner(await r.children(), crs.length);
    assert.equal(
      await r.counter(follower, 'orkestra_api_requests_total', 'verb="list"'),
      lists,
      'the new leader reconciled from its warm caches: no LIST',
    );
    assert.equal(await r.counter(follower, 'orkestra_leader_transitions_total'), 1);
  },
);

test(
  'SIGKILL of the leader mid-burst: the follower takes over within lease + 2 s, every CR converges',
  { timeout: 180_000 },
  async (t) => {
    const r = await startReplicas(t, 2);
    const leader = await r.theLeader();
    const follower = followerOf(r, leader);
    const crs = names('kill', 40);
    for (const name of crs.slice(0, 20)) await r.createCr(name);
    const killed = Date.now();
    leader.child.kill('SIGKILL');
    for (const name of crs.slice(20)) await r.createCr(name);
    const ms = await takeover(r, follower, killed, 30_000);
    t.diagnostic(`SIGKILL takeover: ${ms} ms`);
    assert.ok(ms <= 17_000, `takeover after SIGKILL took ${ms} ms`);
    await r.converged(crs, 90_000);
    assertOneOwner(await r.children(), crs.length);
  },
);
