import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Plan } from '../../plan/index.ts';
import { crScopesOf, watchedNamespaces } from './cr-scope.ts';

/** The three fields the scope reads; the rest of a plan does not matter here. */
function plan(fields: Partial<Pick<Plan, 'scope' | 'namespaces' | 'labelSelector'>>): Plan {
  return { scope: 'Namespaced', namespaces: undefined, labelSelector: undefined, ...fields } as Plan;
}

describe('the CRs a box reconciles', () => {
  it('watches each listed namespace with an informer of its own, listed twice or not', () => {
    const scopes = crScopesOf(
      plan({ namespaces: ['a', 'b', 'a'], labelSelector: { tier: 'web', team: 'x' } }),
    );
    assert.deepEqual(scopes, [
      { namespace: 'a', labelSelector: 'tier=web,team=x' },
      { namespace: 'b', labelSelector: 'tier=web,team=x' },
    ]);
  });

  it('watches every namespace without a list, with an empty one, and for a cluster-scoped CRD', () => {
    for (const p of [plan({}), plan({ namespaces: [] }), plan({ scope: 'Cluster', namespaces: ['a'] })]) {
      assert.equal(watchedNamespaces(p), undefined);
      assert.deepEqual(crScopesOf(p), [{}]);
    }
  });
});
