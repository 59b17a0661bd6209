import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, suggestClosest } from './suggest.ts';

describe('suggestClosest', () => {
  it('suggests the field a typo most likely meant', () => {
    assert.equal(suggestClosest('replica', ['image', 'replicas', 'ports']), 'replicas');
    assert.equal(suggestClosest('imgae', ['image', 'replicas']), 'image');
    assert.equal(suggestClosest('greaterthan', ['greaterThan', 'lessThan']), 'greaterThan');
    assert.equal(suggestClosest('service', ['serviceAccounts', 'services']), 'services');
    assert.equal(suggestClosest('deploy', ['deployments', 'daemonSets']), 'deployments');
  });

  it('suggests nothing when no candidate is close', () => {
    assert.equal(suggestClosest('zzz', ['image', 'replicas']), undefined);
    assert.equal(suggestClosest('', ['image']), undefined);
  });

  it('counts an adjacent swap as one edit', () => {
    assert.equal(editDistance('ab', 'ba'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });
});
