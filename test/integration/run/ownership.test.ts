/**
 * A child another controller holds is not taken over: the CR that wants it gets a terminal failure
 * on its Ready condition (no retries with backoff, no write), and the holder keeps it. Two cases:
 * another CR of the same operator already made the child (seen in the cache), and an object the
 * operator does not watch already names a controller (the API server refuses a second one).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { readyOf, startOperator, sumSeries, type Obj, type RunningFixture } from './operator-fixture.ts';

after(closeTestCluster);

/** The operator's counter of reconciles of `crd` that ended with `result`. */
async function reconciles(op: RunningFixture, crd: string, result: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${op.port}/metrics`)).text();
  const lines = text
    .split('\n')
    .filter((l) => !l.startsWith('orkestra_reconcile_total{') || l.includes(`result="${result}"`));
  return sumSeries(lines.join('\n'), 'orkestra_reconcile_total', crd);
}

async function readyFalse(op: RunningFixture, name: string, message: RegExp): Promise<void> {
  await eventually(
    async () => {
      const ready = readyOf(await op.crds['app']!.get(name));
      return ready?.status === 'False' && message.test(ready.message ?? '') ? ready : undefined;
    },
    { what: `${name} Ready=False matching ${message}`, timeoutMs: 30_000 },
  );
}

const controllerUid = (o: Obj | undefined) => o?.metadata.ownerReferences?.find((r) => r.controller)?.uid;

test(
  "a child another CR already controls stays that CR's, and the second CR fails terminally",
  { timeout: 90_000 },
  async (t) => {
    const op = await startOperator(t, {
      crds: {
        app: {
          kind: 'App',
          entry: {
            resync: '2s',
            operatorBox: {
              onReconcile: { configMaps: [{ name: 'shared', data: { owner: '{{ .metadata.name }}' } }] },
            },
          },
        },
      },
    });
    const first = await op.crds['app']!.create('first', {});
    await eventually(async () => readyOf(await op.crds['app']!.get('first'))?.status === 'True', {
      what: 'first Ready',
      timeoutMs: 30_000,
    });
    await op.crds['app']!.create('second', {});
    await readyFalse(op, 'second', /ConfigMap .*\/shared is controlled by App first/);
    const writes = await op.writes('app');
    const [success, terminal] = [
      await reconciles(op, 'app', 'success'),
      await reconciles(op, 'app', 'terminal'),
    ];
    // Two resyncs later (2 s each) both CRs were reconciled again: still nothing written.
    await eventually(async () => (await reconciles(op, 'app', 'success')) >= success + 2, {
      what: 'two resyncs of first',
      timeoutMs: 15_000,
    });
    await eventually(async () => (await reconciles(op, 'app', 'terminal')) >= terminal + 2, {
      what: 'two resyncs of second',
      timeoutMs: 15_000,
    });
    assert.equal(await op.writes('app'), writes, 'no write: the two CRs do not fight over the ConfigMap');
    const shared = await op.child('v1 configmaps', 'shared');
    assert.equal(controllerUid(shared), first.metadata.uid);
    assert.deepEqual(shared?.data, { owner: 'first' });
    assert.equal(await reconciles(op, 'app', 'error'), 0, 'never retried with backoff');
  },
);

test(
  'an object that already names another controller is refused as a child, terminally',
  { timeout: 90_000 },
  async (t) => {
    const op = await startOperator(t, {
      crds: {
        app: {
          kind: 'App',
          entry: { operatorBox: { onReconcile: { configMaps: [{ name: 'taken', data: { a: 'b' } }] } } },
        },
      },
    });
    const configmaps = `/api/v1/namespaces/${op.ns}/configmaps`;
    const holder = await op.client.create<Obj>(configmaps, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'holder' },
    });
    const reference = { apiVersion: 'v1', kind: 'ConfigMap', name: 'holder', uid: holder.metadata.uid };
    await op.client.create(configmaps, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'taken', ownerReferences: [{ ...reference, controller: true }] },
      data: { theirs: 'yes' },
    });
    await op.crds['app']!.create('web', {});
    await readyFalse(op, 'web', /ConfigMap .*\/taken is controlled by another owner/);
    assert.ok((await reconciles(op, 'app', 'terminal')) >= 1);
    assert.equal(await reconciles(op, 'app', 'error'), 0, 'never retried with backoff');
    const taken = await op.child('v1 configmaps', 'taken');
    assert.deepEqual(taken?.data, { theirs: 'yes' });
    assert.equal(controllerUid(taken), holder.metadata.uid);
  },
);
