import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonPatchOf, pointerToken } from './json-patch.ts';

/** Applies the operations jsonPatchOf emits (add, replace, remove on objects), as the API server would. */
function apply(doc: Record<string, unknown>, patch: ReturnType<typeof jsonPatchOf>): Record<string, unknown> {
  const copy = structuredClone(doc);
  for (const op of patch) {
    const tokens = op.path
      .split('/')
      .slice(1)
      .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = tokens.pop() ?? '';
    let parent = copy;
    for (const t of tokens) parent = parent[t] as Record<string, unknown>;
    if (op.op === 'remove') Reflect.deleteProperty(parent, last);
    else parent[last] = op.value;
  }
  return copy;
}

describe('jsonPatchOf', () => {
  it('is empty for equal documents', () => {
    assert.deepEqual(jsonPatchOf({ spec: { a: [1, { b: 2 }] } }, { spec: { a: [1, { b: 2 }] } }), []);
  });

  it('adds, replaces and removes only what changed, deep in objects', () => {
    const before = { metadata: { name: 'a' }, spec: { replicas: 1, image: 'x', gone: true } };
    const after = { metadata: { name: 'a' }, spec: { replicas: 3, image: 'x', tier: { name: 'web' } } };
    assert.deepEqual(jsonPatchOf(before, after), [
      { op: 'remove', path: '/spec/gone' },
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'add', path: '/spec/tier', value: { name: 'web' } },
    ]);
    assert.deepEqual(apply(before, jsonPatchOf(before, after)), after);
  });

  it('adds a whole object that was missing, and replaces a differing array whole', () => {
    const before = { metadata: { name: 'a' }, spec: { ports: [80] } };
    const after = { metadata: { name: 'a' }, spec: { ports: [80, 443] }, extra: { x: 1 } };
    assert.deepEqual(jsonPatchOf(before, after), [
      { op: 'replace', path: '/spec/ports', value: [80, 443] },
      { op: 'add', path: '/extra', value: { x: 1 } },
    ]);
  });

  it('replaces a value whose type changed (an object by a scalar and back)', () => {
    assert.deepEqual(jsonPatchOf({ a: { b: 1 } }, { a: 'x' }), [{ op: 'replace', path: '/a', value: 'x' }]);
    assert.deepEqual(jsonPatchOf({ a: 'x' }, { a: { b: 1 } }), [
      { op: 'replace', path: '/a', value: { b: 1 } },
    ]);
  });

  it('escapes ~ and / in keys (RFC 6901)', () => {
    assert.equal(pointerToken('a/b~c'), 'a~1b~0c');
    const before = { metadata: { labels: {} } };
    const after = { metadata: { labels: { 'app.kubernetes.io/name': 'web', 'x~y': '1' } } };
    const patch = jsonPatchOf(before, after);
    assert.deepEqual(patch, [
      { op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'web' },
      { op: 'add', path: '/metadata/labels/x~0y', value: '1' },
    ]);
    assert.deepEqual(apply(before, patch), after);
  });
});
