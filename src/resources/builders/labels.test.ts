import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instanceLabels, ownerLabels, toLabelValue, workloadSelector } from './labels.ts';

describe('labels', () => {
  it('keeps short names as label values', () => {
    assert.equal(toLabelValue('shop'), 'shop');
    assert.equal(toLabelValue('x'.repeat(63)), 'x'.repeat(63));
  });

  it('shortens long names to 63 characters, distinct names staying distinct', () => {
    const a = toLabelValue(`${'a'.repeat(70)}-one`);
    const b = toLabelValue(`${'a'.repeat(70)}-two`);
    assert.equal(a.length <= 63, true);
    assert.notEqual(a, b);
    assert.match(a, /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
  });

  it('labels children with the manager, Katalog, CRD and owner, and the owner namespace when there is one', () => {
    const owner = { apiVersion: 'v1', kind: 'K', name: 'n', namespace: 'ns', uid: 'u' };
    assert.deepEqual(ownerLabels({ katalog: 'k', crd: 'c', owner }), {
      'app.kubernetes.io/managed-by': 'orkestra',
      'orkestra.orkspace.io/katalog': 'k',
      'orkestra.orkspace.io/crd': 'c',
      'orkestra.orkspace.io/owner': 'n',
      'orkestra.orkspace.io/owner-namespace': 'ns',
    });
    const cluster = ownerLabels({ katalog: 'k', crd: 'c', owner: { ...owner, namespace: undefined } });
    assert.equal('orkestra.orkspace.io/owner-namespace' in cluster, false);
  });

  it('selects one workload within the CR instance', () => {
    const owner = { apiVersion: 'v1', kind: 'K', name: 'n', uid: 'u' };
    assert.deepEqual(instanceLabels(owner), { 'orkestra.orkspace.io/instance': 'n' });
    assert.deepEqual(workloadSelector(owner, 'web'), {
      'orkestra.orkspace.io/instance': 'n',
      'orkestra.orkspace.io/workload': 'web',
    });
  });
});
