import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuantity, quantitiesEqual } from './quantity.ts';

describe('quantities', () => {
  it('parses decimal, binary and exponent forms', () => {
    assert.equal(parseQuantity('500m'), 0.5);
    assert.equal(parseQuantity('1Gi'), 1073741824);
    assert.equal(parseQuantity('1e3'), 1000);
    assert.equal(parseQuantity('1E'), 1e18);
    assert.equal(parseQuantity('.5'), 0.5);
    assert.equal(parseQuantity(2), 2);
  });

  it('refuses text that is not a quantity', () => {
    for (const text of ['', 'abc', '1GB', '1 Gi', 'Gi', '1.2.3'])
      assert.equal(parseQuantity(text), undefined, text);
  });

  it('compares by value as the API server normalises', () => {
    assert.equal(quantitiesEqual('1000m', '1'), true);
    assert.equal(quantitiesEqual('1Gi', '1024Mi'), true);
    assert.equal(quantitiesEqual('0.5', '500m'), true);
    assert.equal(quantitiesEqual(1, '1'), true);
    assert.equal(quantitiesEqual('0.1', '100m'), true);
    assert.equal(quantitiesEqual('1G', '1Gi'), false);
    assert.equal(quantitiesEqual('250m', '0.3'), false);
    assert.equal(quantitiesEqual('x', 'x'), false);
  });
});
