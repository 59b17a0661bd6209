import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fakeRender } from '../testing/fake-render.ts';
import { renderStatusValue, setPath } from './status-fields.ts';

describe('status fields', () => {
  it('sets nested paths without touching the input', () => {
    const input = { a: { b: 1 } };
    assert.deepEqual(setPath(input, 'a.c.d', 2), { a: { b: 1, c: { d: 2 } } });
    assert.deepEqual(input, { a: { b: 1 } });
    assert.deepEqual(setPath(input, 'a', 'flat'), { a: 'flat' });
  });

  it('writes the empty string for a string field that rendered nothing', () => {
    assert.equal(
      renderStatusValue({ path: 'p', value: '{{ .nothing }}', type: 'string' }, {}, fakeRender),
      '',
    );
  });

  it('refuses a fractional int and text for a bool', () => {
    assert.throws(
      () => renderStatusValue({ path: 'p', value: '1.5', type: 'int' }, {}, fakeRender),
      /type int/,
    );
    assert.throws(
      () => renderStatusValue({ path: 'p', value: 'yes', type: 'bool' }, {}, fakeRender),
      /true or false/,
    );
  });

  it('infers numbers and booleans from text in auto mode', () => {
    assert.equal(renderStatusValue({ path: 'p', value: '-3' }, {}, fakeRender), -3);
    assert.equal(renderStatusValue({ path: 'p', value: '0.25' }, {}, fakeRender), 0.25);
    assert.equal(renderStatusValue({ path: 'p', value: 'false' }, {}, fakeRender), false);
    assert.equal(renderStatusValue({ path: 'p', value: 'v1.2' }, {}, fakeRender), 'v1.2');
  });
});
