/**
 * `cross` and `dependsOn` (spec §10.1) on the real control plane: a Deployment gated on an observed
 * CR's phase appears within 2 s of the phase turning Ready and is pruned when it turns back; one change
 * of an observed CR re-enqueues its 500 observers with no API read; a box waits for the boxes it
 * depends on.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster, testCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { startOperator, type Obj, type TestCrd } from './operator-fixture.ts';

after(closeTestCluster);

const MERGE_PATCH = 'application/merge-patch+json';

const DATABASE = { kind: 'Database', entry: { operatorBox: { status: { conditions: false } } } };

/** Sets status.phase of an observed CR through its status subresource, as its own operator would. */
async function setPhase(crd: TestCrd, name: string, phase: string): Promise<void> {
  const res = await testCluster().send(
    'PATCH',
    `${crd.path(name)}/status`,
    { status: { phase } },
    MERGE_PATCH,
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

/** The sum of a counter's samples whose labels include `match`, from the operator's /metrics. */
async function counter(port: number, metric: string, match: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${String(port)}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${metric}{`) && line.includes(match)) total += Number(line.split(' ').pop());
  }
  return total;
}

test(
  'a cross-gated Deployment appears within 2 s of the phase turning Ready and is pruned when it turns back',
  { timeout: 120_000 },
  async (t) => {
    const op = await startOperator(t, {
      crds: {
        database: DATABASE,
        website: {
          kind: 'Website',
          entry: {
            dependsOn: ['database'],
            operatorBox: {
              cross: [{ crd: 'database', selector: { name: '{{ .metadata.name }}-db' }, as: 'db' }],
              onReconcile: {
                deployments: [
                  {
                    name: '{{ .metadata.name }}',
                    image: 'nginx',
                    env: { DB_HOST: { value: '{{ get .cross.db.status "endpoint" }}' } },
                    when: [{ field: '{{ phase .cross.db }}', equals: 'Ready' }],
                  },
                ],
              },
              status: { fields: [{ path: 'db', value: '{{ .cross.db.found }}/{{ phase .cross.db }}' }] },
            },
          },
        },
      },
    });
    const database = op.crds['database']!;
    const website = op.crds['website']!;
    await website.create('shop', {});
    // no Database yet: {found: false}, `phase` gives "" without an error, and the gate stays shut
    await eventually(async () => (await website.get('shop'))?.status?.['db'] === 'false/', {
      what: 'the Website reconciled with no Database',
      timeoutMs: 30_000,
    });
    const ready = (await website.get('shop'))?.status?.conditions?.find((c) => c.type === 'Ready');
    assert.equal(ready?.status, 'True', JSON.stringify(ready));
    await database.create('shop-db', {});
    await setPhase(database, 'shop-db', 'Pending');
    await eventually(async () => (await website.get('shop'))?.status?.['db'] === 'true/Pending', {
      what: 'the Website seeing the Pending Database',
      timeoutMs: 30_000,
    });
    assert.equal(await op.child('apps/v1 deployments', 'shop'), undefined);

    const res = await testCluster().send(
      'PATCH',
      `${database.path('shop-db')}/status`,
      { status: { phase: 'Ready', endpoint: 'shop-db.svc:5432' } },
      MERGE_PATCH,
    );
    assert.equal(res.status, 200);
    const start = performance.now();
    const deployment = await eventually(() => op.child('apps/v1 deployments', 'shop'), {
      what: 'the gated Deployment',
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    const elapsed = performance.now() - start;
    t.diagnostic(`Deployment created ${elapsed.toFixed(0)} ms after the phase turned Ready`);
    assert.ok(elapsed < 2_000, `took ${elapsed.toFixed(0)} ms`);
    const env = (deployment as Obj & { spec: { template: { spec: { containers: { env?: unknown }[] } } } })
      .spec.template.spec.containers[0]?.env;
    assert.deepEqual(env, [{ name: 'DB_HOST', value: 'shop-db.svc:5432' }]);

    await setPhase(database, 'shop-db', 'Failed');
    const pruneStart = performance.now();
    await eventually(async () => (await op.child('apps/v1 deployments', 'shop')) === undefined, {
      what: 'the Deployment pruned',
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    t.diagnostic(
      `Deployment pruned ${(performance.now() - pruneStart).toFixed(0)} ms after the phase turned back`,
    );
  },
);

const OBSERVERS = 500;

test(
  `one change of an observed CR re-enqueues its ${String(OBSERVERS)} observers with no API read`,
  { timeout: 600_000 },
  async (t) => {
    const op = await startOperator(t, {
      crds: {
        database: DATABASE,
        website: {
          kind: 'Website',
          entry: {
            workers: 8,
            operatorBox: {
              cross: [{ crd: 'database', selector: { name: 'shared' }, as: 'db' }],
              status: { conditions: false, fields: [{ path: 'db', value: '{{ phase .cross.db }}' }] },
            },
          },
        },
      },
    });
    const database = op.crds['database']!;
    const website = op.crds['website']!;
    await database.create('shared', {});
    await setPhase(database, 'shared', 'Pending');
    const names = Array.from({ length: OBSERVERS }, (_, i) => `site-${String(i)}`);
    for (let i = 0; i < names.length; i += 25) {
      await Promise.all(names.slice(i, i + 25).map((name) => website.create(name, {})));
    }
    const phases = async (phase: string): Promise<boolean> => {
      const res = await testCluster().get<{ items: Obj[] }>(website.path());
      const items = res.body.items;
      return items.length === OBSERVERS && items.every((cr) => cr.status?.['db'] === phase);
    };
    await eventually(() => phases('Pending'), { what: 'every Website seeing Pending', timeoutMs: 300_000 });
    const port = op.port;
    const gets = await counter(port, 'orkestra_api_requests_total', 'verb="get"');
    const reconciles = await counter(port, 'orkestra_reconcile_total', `crd="website"`);
    const start = performance.now();
    await setPhase(database, 'shared', 'Ready');
    await eventually(() => phases('Ready'), { what: 'every Website seeing Ready', timeoutMs: 120_000 });
    t.diagnostic(
      `${String(OBSERVERS)} observers saw the change in ${(performance.now() - start).toFixed(0)} ms`,
    );
    const reconciled = (await counter(port, 'orkestra_reconcile_total', `crd="website"`)) - reconciles;
    assert.ok(reconciled >= OBSERVERS, `only ${String(reconciled)} reconciles`);
    assert.equal(await counter(port, 'orkestra_api_requests_total', 'verb="get"'), gets, 'no GET');
  },
);

test('a box starts only after the boxes it depends on are synced', { timeout: 120_000 }, async (t) => {
  const op = await startOperator(t, {
    crds: {
      // its CRD is not installed: its box never syncs
      database: { ...DATABASE, installed: false },
      website: {
        kind: 'Website',
        entry: {
          dependsOn: ['database'],
          operatorBox: { onReconcile: { configMaps: [{ name: '{{ .metadata.name }}' }] } },
        },
      },
      other: {
        kind: 'Other',
        entry: { operatorBox: { onReconcile: { configMaps: [{ name: 'other-{{ .metadata.name }}' }] } } },
      },
    },
  });
  await op.crds['website']!.create('shop', {});
  await op.crds['other']!.create('a', {});
  // a box that depends on nothing runs meanwhile
  await eventually(() => op.child('v1 configmaps', 'other-a'), { what: 'the other box', timeoutMs: 30_000 });
  const ready = await op.http('/ready');
  assert.equal(ready.status, 503);
  assert.match(JSON.stringify(ready.body), /website: waiting for database \(dependsOn\)/);
  const health = await op.http('/katalog/website/health');
  assert.match(JSON.stringify(health.body), /waiting for database/);
  assert.equal(await op.child('v1 configmaps', 'shop'), undefined, 'the waiting box reconciles nothing');
  assert.deepEqual((await op.crds['website']!.get('shop'))?.metadata.finalizers ?? [], []);
});
