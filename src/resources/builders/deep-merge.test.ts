import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deepMerge } from './deep-merge.ts';

describe('deepMerge', () => {
  it('merges maps key by key and leaves the inputs untouched', () => {
    const base = { spec: { replicas: 1, selector: { a: 'b' } } };
    const merged = deepMerge(base, { spec: { replicas: 2, paused: true } });
    assert.deepEqual(merged, { spec: { replicas: 2, selector: { a: 'b' }, paused: true } });
    assert.deepEqual(base, { spec: { replicas: 1, selector: { a: 'b' } } });
  });

  it('removes a key set to null, also inside new maps', () => {
    assert.deepEqual(deepMerge({ a: 1, b: 2 }, { b: null }), { a: 1 });
    assert.deepEqual(deepMerge({}, { c: { d: null, e: 1 } }), { c: { e: 1 } });
  });

  it('merges lists of named objects by name and appends new names', () => {
    const base = { containers: [{ name: 'app', image: 'a' }] };
    const merged = deepMerge(base, {
      containers: [
        { name: 'app', image: 'b' },
        { name: 'sidecar', image: 's' },
      ],
    });
    assert.deepEqual(merged, {
      containers: [
        { name: 'app', image: 'b' },
        { name: 'sidecar', image: 's' },
      ],
    });
  });

  it('replaces any other list and any scalar', () => {
    assert.deepEqual(deepMerge({ args: ['a', 'b'] }, { args: ['c'] }), { args: ['c'] });
    assert.deepEqual(deepMerge({ x: { y: 1 } }, { x: 'flat' }), { x: 'flat' });
  });
});
