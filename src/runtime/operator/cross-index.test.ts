import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../kube/index.ts';
import { CrossIndex } from './cross-index.ts';

const db = (name: string, labels: Record<string, string> = {}, namespace = 'ns'): KubeObject => ({
  apiVersion: 'demo.io/v1',
  kind: 'Database',
  metadata: { name, namespace, labels },
});

describe('the cross index: who observes whom', () => {
  it('finds the observers of a CR named by a selector, present or not yet', () => {
    const index = new CrossIndex();
    index.observe('ns/site-a', [{ crd: 'database', key: 'ns/a-db' }]);
    index.observe('ns/site-b', [{ crd: 'database', key: 'ns/a-db' }]);
    index.observe('ns/site-c', [{ crd: 'database', key: 'ns/c-db' }]);
    assert.deepEqual(index.observersOf('database', db('a-db')).sort(), ['ns/site-a', 'ns/site-b']);
    assert.deepEqual(index.observersOf('database', db('a-db', {}, 'other')), []);
    assert.deepEqual(index.observersOf('cache', db('a-db')), [], 'another CRD of the same name');
    assert.deepEqual(index.observersOfKey('database', 'ns/c-db'), ['ns/site-c']);
  });

  it('replaces what an observer watches at its next reconcile, and forgets a deleted one', () => {
    const index = new CrossIndex();
    index.observe('ns/site', [{ crd: 'database', key: 'ns/old' }]);
    index.observe('ns/site', [{ crd: 'database', key: 'ns/new' }]);
    assert.deepEqual(index.observersOf('database', db('old')), []);
    assert.deepEqual(index.observersOf('database', db('new')), ['ns/site']);
    index.forget('ns/site');
    assert.deepEqual(index.observersOf('database', db('new')), []);
    assert.equal(index.size, 0);
  });

  it('finds label-selector observers by the labels a CR carries, in their namespace or any', () => {
    const index = new CrossIndex();
    const labels = { namespace: 'ns', matchLabels: { app: 'shop', tier: 'db' } };
    index.observe('ns/shop', [{ crd: 'database', labels }]);
    index.observe('ns/any', [{ crd: 'database', labels: { namespace: '', matchLabels: {} } }]);
    assert.deepEqual(index.observersOf('database', db('x', { app: 'shop', tier: 'db', extra: '1' })).sort(), [
      'ns/any',
      'ns/shop',
    ]);
    assert.deepEqual(
      index.observersOf('database', db('x', { app: 'shop' })),
      ['ns/any'],
      'the whole selector',
    );
    assert.deepEqual(index.observersOf('database', db('x', { app: 'shop', tier: 'db' }, 'other')), [
      'ns/any',
    ]);
  });

  it('finds a label-selector observer through the CR it chose, after that CR stops matching', () => {
    const index = new CrossIndex();
    const labels = { namespace: 'ns', matchLabels: { app: 'shop' } };
    index.observe('ns/shop', [{ crd: 'database', key: 'ns/x', labels }]);
    assert.deepEqual(index.observersOf('database', db('x', { app: 'other' })), ['ns/shop']);
  });

  it('answers 500 observers of one CR from the index', () => {
    const index = new CrossIndex();
    for (let i = 0; i < 500; i++)
      index.observe(`ns/site-${String(i)}`, [{ crd: 'database', key: 'ns/shared' }]);
    assert.equal(index.observersOf('database', db('shared')).length, 500);
  });
});
