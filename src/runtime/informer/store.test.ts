import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
