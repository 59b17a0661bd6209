import assert from 'node:assert/strict';
import { test } from 'node:test';
import { managedPart, yamlDiff, yamlLines } from './manifest-diff.ts';

test('the live object is cut down to the fields the desired one sets', () => {
  const desired = { metadata: { name: 'a', labels: { app: 'a' } }, data: { mode: 'green' } };
  const live = {
    metadata: { name: 'a', labels: { app: 'a' }, uid: 'u', resourceVersion: '7' },
    data: { mode: 'blue' },
    status: {},
  };
  assert.deepEqual(managedPart(desired, live), {
    metadata: { name: 'a', labels: { app: 'a' } },
    data: { mode: 'blue' },
  });
});

test('block YAML sorts keys and quotes what a plain scalar would misread', () => {
  assert.deepEqual(yamlLines({ b: ['x', { c: 1 }], a: 'true', d: {}, e: 'hello world' }), [
    'a: "true"',
    'b:',
    '  - x',
    '  - c: 1',
    'd: {}',
    'e: hello world',
  ]);
});

test('the diff marks live lines with - and desired ones with +, and is undefined when equal', () => {
  const live = { data: { mode: 'blue', size: 1 } };
  const desired = { data: { mode: 'green', size: 1 } };
  assert.equal(
    yamlDiff(live, desired),
    ['  data:', '-   mode: blue', '+   mode: green', '    size: 1'].join('\n'),
  );
  assert.equal(yamlDiff(live, live), undefined);
});
