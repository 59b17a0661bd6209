/**
 * Pruning in `ork run` (spec §4.3): an enforced child whose `when` turned false is deleted, a forEach
 * element removed from the CR deletes its child, and a create-once child is left alone.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { startOperator, type RunningFixture } from './operator-fixture.ts';

after(closeTestCluster);

async function configMapNames(op: RunningFixture, owner: string): Promise<string[]> {
  const selector = encodeURIComponent(`orkestra.orkspace.io/owner=${owner}`);
  const res = await op.client.get<{ items: { metadata: { name: string; deletionTimestamp?: string } }[] }>(
    `/api/v1/namespaces/${op.ns}/configmaps?labelSelector=${selector}`,
  );
  return res.body.items
    .filter((i) => i.metadata.deletionTimestamp === undefined)
    .map((i) => i.metadata.name)
    .sort();
}

function sameNames(op: RunningFixture, owner: string, expected: string[]): Promise<string[]> {
  return eventually(
    async () => {
      const names = await configMapNames(op, owner);
      return JSON.stringify(names) === JSON.stringify(expected) ? names : undefined;
    },
    { what: `ConfigMaps ${expected.join(', ')}`, timeoutMs: 30_000 },
  );
}

test(
  'an enforced child whose when turned false is deleted; a create-once child stays',
  { timeout: 90_000 },
  async (t) => {
    const prodOnly = [{ field: 'spec.environment', equals: 'production' }];
    const op = await startOperator(t, {
      crds: {
        app: {
          kind: 'App',
          entry: {
            operatorBox: {
              onCreate: {
                configMaps: [{ name: '{{ .metadata.name }}-once', data: { a: 'b' }, when: prodOnly }],
              },
              onReconcile: {
                configMaps: [
                  {
                    name: '{{ .metadata.name }}-lb',
                    data: { env: '{{ .spec.environment }}' },
                    when: prodOnly,
                  },
                  { name: '{{ .metadata.name }}-always', data: { env: '{{ .spec.environment }}' } },
                ],
              },
            },
          },
        },
      },
    });
    const app = op.crds['app']!;
    await app.create('shop', { environment: 'production' });
    await sameNames(op, 'shop', ['shop-always', 'shop-lb', 'shop-once']);
    await app.patchSpec('shop', { environment: 'staging' });
    await sameNames(op, 'shop', ['shop-always', 'shop-once']);
    const always = await op.child('v1 configmaps', 'shop-always');
    assert.deepEqual(always?.data, { env: 'staging' });
    await app.patchSpec('shop', { environment: 'production' });
    await sameNames(op, 'shop', ['shop-always', 'shop-lb', 'shop-once']);
  },
);

test('a forEach element removed from the CR deletes its child', { timeout: 90_000 }, async (t) => {
  const op = await startOperator(t, {
    crds: {
      db: {
        kind: 'Db',
        entry: {
          operatorBox: {
            onReconcile: {
              configMaps: [
                {
                  name: '{{ .metadata.name }}-{{ .schema }}',
                  forEach: { field: 'spec.schemas', as: 'schema' },
                  data: { schema: '{{ .schema }}', position: '{{ .index }}' },
                },
              ],
            },
          },
        },
      },
    },
  });
  const db = op.crds['db']!;
  await db.create('main', { schemas: ['orders', 'users', 'audit'] });
  await sameNames(op, 'main', ['main-audit', 'main-orders', 'main-users']);
  await db.patchSpec('main', { schemas: ['orders', 'audit'] });
  await sameNames(op, 'main', ['main-audit', 'main-orders']);
  const audit = await op.child('v1 configmaps', 'main-audit');
  assert.deepEqual(audit?.data, { schema: 'audit', position: '1' });
});
