import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { KubeObject } from '../../kube/index.ts';
import { keyOf, splitKey, toCached } from './object-key.ts';
import { Store } from './store.ts';

const obj = (name: string, rv: string, namespace?: string): KubeObject => ({
  metadata: { name, resourceVersion: rv, ...(namespace ? { namespace } : {}) },
});

describe('Store', () => {
  it('reports added, changed (by resourceVersion) and deleted objects on replace', () => {
    const store = new Store();
    store.replace([obj('a', '1'), obj('b', '1'), obj('c', '1')]);
    const diff = store.replace([obj('a', '1'), obj('b', '2'), obj('d', '1')]);
    assert.deepEqual(
      diff.added.map((o) => o.metadata?.name),
      ['d'],
    );
    assert.deepEqual(
      diff.updated.map(([o, n]) => [o.metadata?.resourceVersion, n.metadata?.resourceVersion]),
      [['1', '2']],
    );
    assert.deepEqual(
      diff.deleted.map((o) => o.metadata?.name),
      ['c'],
    );
    assert.deepEqual(store.keys().sort(), ['a', 'b', 'd']);
  });

  it('maintains custom indexes on upsert and remove', () => {
    const store = new Store({ byName: (o) => [o.metadata?.name ?? ''] });
    store.upsert(obj('x', '1', 'n1'));
    store.upsert(obj('x', '1', 'n2'));
    assert.deepEqual(store.byIndex('byName', 'x').sort(), ['n1/x', 'n2/x']);
    store.remove('n1/x');
    assert.deepEqual(store.byIndex('byName', 'x'), ['n2/x']);
    assert.deepEqual(store.byIndex('namespace', 'n1'), []);
  });

  it('answers every index like a scan of the objects, after any upserts and removes', () => {
    const tier = (o: KubeObject): string[] => (o.metadata?.labels?.tier ? [o.metadata.labels.tier] : []);
    const op = fc.record({
      remove: fc.boolean(),
      name: fc.constantFrom('a', 'b', 'c'),
      namespace: fc.constantFrom('n1', 'n2'),
      tier: fc.option(fc.constantFrom('web', 'db')),
      owner: fc.option(fc.constantFrom('u1', 'u2')),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const store = new Store({ tier });
        for (const o of ops) {
          if (o.remove) store.remove(`${o.namespace}/${o.name}`);
          else
            store.upsert({
              metadata: {
                name: o.name,
                namespace: o.namespace,
                ...(o.tier ? { labels: { tier: o.tier } } : {}),
                ...(o.owner
                  ? { ownerReferences: [{ uid: o.owner, apiVersion: 'v1', kind: 'X', name: 'x' }] }
                  : {}),
              },
            });
        }
        const scan = (values: (o: KubeObject) => readonly string[], value: string): string[] =>
          store
            .list()
            .filter((o) => values(o).includes(value))
            .map(keyOf)
            .sort();
        for (const value of ['web', 'db'])
          assert.deepEqual(store.byIndex('tier', value).sort(), scan(tier, value));
        for (const ns of ['n1', 'n2'])
          assert.deepEqual(
            store.byIndex('namespace', ns).sort(),
            scan((o) => [o.metadata?.namespace ?? ''], ns),
          );
        for (const uid of ['u1', 'u2'])
          assert.deepEqual(
            store.byIndex('owner', uid).sort(),
            scan((o) => (o.metadata?.ownerReferences ?? []).map((r) => r.uid), uid),
          );
      }),
    );
  });
});

describe('object keys', () => {
  it('keys namespaced objects as namespace/name and cluster-scoped ones as name', () => {
    assert.equal(keyOf(obj('a', '1', 'ns')), 'ns/a');
    assert.equal(keyOf(obj('node1', '1')), 'node1');
    assert.deepEqual(splitKey('ns/a'), { namespace: 'ns', name: 'a' });
    assert.deepEqual(splitKey('node1'), { namespace: '', name: 'node1' });
  });

  it('drops managedFields without touching the input object', () => {
    const input: KubeObject = { metadata: { name: 'a', managedFields: [{}] } };
    const cached = toCached(input, false);
    assert.equal(cached.metadata?.managedFields, undefined);
    assert.equal(input.metadata?.managedFields?.length, 1);
    assert.equal(Object.isFrozen(cached), false);
  });
});
