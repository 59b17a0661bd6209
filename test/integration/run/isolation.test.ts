/**
 * One CRD never hurts another (spec §5 step 7): in one `ork run`, a box whose template fails at run
 * time on every CR turns degraded after failureThreshold, while the other box's CRs all become Ready.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { readyOf, startOperator, type TestCrd } from './operator-fixture.ts';

after(closeTestCluster);

const GOOD_CRS = ['a', 'b', 'c', 'd', 'e'];

/** Waits until every Good CR is Ready. */
async function everyReady(good: TestCrd): Promise<void> {
  await eventually(
    async () => {
      for (const name of GOOD_CRS) if (readyOf(await good.get(name))?.status !== 'True') return false;
      return true;
    },
    { what: 'every Good CR Ready', timeoutMs: 30_000 },
  );
}

test(
  'a box failing on every CR is degraded while the other box converges all of its CRs',
  { timeout: 120_000 },
  async (t) => {
    const op = await startOperator(t, {
      crds: {
        good: {
          kind: 'Good',
          entry: {
            operatorBox: {
              onReconcile: {
                configMaps: [{ name: '{{ .metadata.name }}-good', data: { size: '{{ .spec.size }}' } }],
              },
            },
          },
        },
        bad: {
          kind: 'Bad',
          entry: {
            workers: 1,
            queue: { failureThreshold: 3, retryBackoff: { initial: '100ms', max: '2s' } },
            operatorBox: {
              onReconcile: {
                configMaps: [
                  // spec.parts is never set: division by zero on every CR, found only at run time.
                  { name: '{{ .metadata.name }}-bad', data: { share: '{{ div .spec.size .spec.parts }}' } },
                ],
              },
            },
          },
        },
      },
    });
    const good = op.crds['good']!;
    const bad = op.crds['bad']!;
    await bad.create('x', { size: 10 });
    await bad.create('y', { size: 20 });
    for (const name of GOOD_CRS) await good.create(name, { size: 10 });

    await everyReady(good);
    for (const name of GOOD_CRS) assert.ok(await op.child('v1 configmaps', `${name}-good`), name);

    const degraded = await eventually(
      async () => {
        const res = await op.http('/katalog/bad/health');
        return res.status === 503 ? res.body : undefined;
      },
      { what: '/katalog/bad/health 503', timeoutMs: 30_000 },
    );
    assert.equal(degraded['status'], 'degraded');
    assert.ok(Number(degraded['consecutiveFailures']) >= 3);
    assert.match(JSON.stringify(degraded['reasons']), /division by zero/);
    const ready = readyOf(await bad.get('x'));
    assert.equal(ready?.status, 'False');
    assert.equal(ready.reason, 'ReconcileError');
    assert.equal(await op.child('v1 configmaps', 'x-bad'), undefined);

    const healthy = await op.http('/katalog/good/health');
    assert.equal(healthy.status, 200);
    assert.equal(healthy.body['status'], 'healthy');
  },
);

test(
  'a box whose CRD is not installed keeps /ready at 503 with its reason; the API serves and the other box converges',
  { timeout: 120_000 },
  async (t) => {
    const op = await startOperator(t, {
      crds: {
        good: {
          kind: 'Good',
          entry: { operatorBox: { onReconcile: { configMaps: [{ name: '{{ .metadata.name }}-good' }] } } },
        },
        missing: {
          kind: 'Missing',
          installed: false,
          entry: { operatorBox: { onReconcile: { configMaps: [{ name: '{{ .metadata.name }}-missing' }] } } },
        },
      },
    });
    const good = op.crds['good']!;
    for (const name of GOOD_CRS) await good.create(name, { size: 1 });
    await everyReady(good);
    const ready = await op.http('/ready');
    assert.equal(ready.status, 503);
    assert.match(JSON.stringify(ready.body), /missing: caches not synced/);
    assert.match(JSON.stringify(ready.body), /missings.*404/);
    assert.equal((await op.http('/katalog/good/health')).status, 200);
    const metrics = await op.http('/katalog');
    assert.equal(metrics.status, 200);
  },
);
