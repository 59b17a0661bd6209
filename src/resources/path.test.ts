import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isEmptyValue, readPath, splitPath } from './path.ts';

describe('readPath', () => {
  const data = { spec: { ports: [{ port: 80 }], name: 'web', zero: 0 }, status: null };

  it('walks nested maps along a dotted path, with or without a leading dot', () => {
    assert.equal(readPath(data, 'spec.name'), 'web');
    assert.equal(readPath(data, '.spec.name'), 'web');
  });

  it('indexes lists with numeric segments', () => {
    assert.equal(readPath(data, 'spec.ports.0.port'), 80);
  });

  it('yields undefined through missing values and nulls instead of throwing', () => {
    assert.equal(readPath(data, 'spec.missing.deeper'), undefined);
    assert.equal(readPath(data, 'status.phase'), undefined);
    assert.equal(readPath(data, 'spec.ports.7'), undefined);
    assert.equal(readPath(data, 'spec.name.length'), undefined);
  });

  it('does not read inherited properties of plain objects', () => {
    assert.equal(readPath(data, 'spec.constructor'), undefined);
    assert.equal(readPath(data, 'spec.toString'), undefined);
  });

  it('returns the whole data for an empty path', () => {
    assert.equal(readPath(data, ''), data);
    assert.deepEqual(splitPath('.'), []);
  });
});

describe('isEmptyValue', () => {
  it('treats nil, the empty string, and empty lists and maps as empty', () => {
    for (const value of [undefined, null, '', [], {}]) assert.equal(isEmptyValue(value), true);
  });

  it('treats zero, false and whitespace as present', () => {
    for (const value of [0, false, ' ', [0], { a: undefined }]) assert.equal(isEmptyValue(value), false);
  });
});
