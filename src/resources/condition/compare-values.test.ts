import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toMemberList, toNumber, toText, valueContains, valuesEqual } from './compare-values.ts';

describe('compare-values', () => {
  it('reads numbers from numbers and numeric strings only', () => {
    assert.equal(toNumber(3), 3);
    assert.equal(toNumber(' 2.5 '), 2.5);
    assert.equal(toNumber(''), undefined);
    assert.equal(toNumber('3x'), undefined);
    assert.equal(toNumber(true), undefined);
    assert.equal(toNumber(Infinity), undefined);
  });

  it('prints nil as the empty string and maps as JSON', () => {
    assert.equal(toText(undefined), '');
    assert.equal(toText(null), '');
    assert.equal(toText(false), 'false');
    assert.equal(toText({ a: 1 }), '{"a":1}');
  });

  it('compares a number with a numeric string by value, two strings by text', () => {
    assert.equal(valuesEqual(200, '200'), true);
    assert.equal(valuesEqual(1, '1.0'), true);
    assert.equal(valuesEqual('1.10', '1.1'), false);
    assert.equal(valuesEqual(true, 'true'), true);
    assert.equal(valuesEqual(1, 'one'), false);
  });

  it('finds list elements, map keys and substrings', () => {
    assert.equal(valueContains([1, 2], '2'), true);
    assert.equal(valueContains({ tls: true }, 'tls'), true);
    assert.equal(valueContains('myorg/app', 'org/'), true);
    assert.equal(valueContains('myorg/app', 'x'), false);
  });

  it('splits comma lists and trims their members', () => {
    assert.deepEqual(toMemberList('a, b ,c'), ['a', 'b', 'c']);
    assert.deepEqual(toMemberList(['x', 1]), ['x', 1]);
  });
});
