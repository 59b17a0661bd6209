import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Permissions } from '../../bundle/index.ts';
import { describeMissing, missingByBox, permissionChecks, ruleGrants } from './permission-checks.ts';

const website = { crd: 'website', text: 'child kind Deployment of crd website' };
const shop: Permissions = {
  cluster: [
    {
      apiGroups: ['example.com'],
      resources: ['websites', 'websites/status'],
      verbs: ['list', 'patch'],
      reasons: [{ crd: 'website', text: 'the CRs of crd website' }],
    },
  ],
  namespaced: [
    {
      namespace: 'shop',
      rules: [
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'patch'], reasons: [website] },
        {
          apiGroups: ['apps'],
          resources: ['deployments'],
          verbs: ['patch'],
          reasons: [{ crd: 'cache', text: 'child kind Deployment of crd cache' }],
        },
        {
          apiGroups: ['coordination.k8s.io'],
          resources: ['leases'],
          verbs: ['update'],
          resourceNames: ['orkestra-shop'],
          reasons: [{ text: 'leader election' }],
        },
      ],
    },
  ],
};

describe('permissionChecks', () => {
  it('asks one question per verb, group, resource, subresource, namespace and name, merging the reasons', () => {
    const checks = permissionChecks(shop);
    assert.deepEqual(
      checks.map((c) => c.attributes),
      [
        { verb: 'list', group: 'example.com', resource: 'websites' },
        { verb: 'patch', group: 'example.com', resource: 'websites' },
        { verb: 'list', group: 'example.com', resource: 'websites', subresource: 'status' },
        { verb: 'patch', group: 'example.com', resource: 'websites', subresource: 'status' },
        { verb: 'get', group: 'apps', resource: 'deployments', namespace: 'shop' },
        { verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'shop' },
        {
          verb: 'update',
          group: 'coordination.k8s.io',
          resource: 'leases',
          namespace: 'shop',
          name: 'orkestra-shop',
        },
      ],
    );
    assert.deepEqual(
      checks[5]?.reasons.map((r) => r.crd),
      ['website', 'cache'],
    );
  });

  it('asks nothing of permissions without rules', () => {
    assert.deepEqual(permissionChecks({ cluster: [], namespaced: [] }), []);
  });
});

describe('ruleGrants', () => {
  const patchDeployments = { verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'shop' };
  const patchStatus = { verb: 'patch', group: 'example.com', resource: 'websites', subresource: 'status' };

  it('matches verbs, groups and resources exactly or by a wildcard', () => {
    assert.ok(
      ruleGrants({ verbs: ['patch'], apiGroups: ['apps'], resources: ['deployments'] }, patchDeployments),
    );
    assert.ok(ruleGrants({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, patchDeployments));
    assert.ok(
      !ruleGrants({ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] }, patchDeployments),
    );
    assert.ok(
      !ruleGrants({ verbs: ['patch'], apiGroups: [''], resources: ['deployments'] }, patchDeployments),
    );
    assert.ok(
      !ruleGrants({ verbs: ['patch'], apiGroups: ['apps'], resources: ['services'] }, patchDeployments),
    );
  });

  it('grants a subresource only by its own name or a wildcard, never by its resource', () => {
    assert.ok(
      !ruleGrants({ verbs: ['patch'], apiGroups: ['example.com'], resources: ['websites'] }, patchStatus),
    );
    assert.ok(
      ruleGrants(
        { verbs: ['patch'], apiGroups: ['example.com'], resources: ['websites/status'] },
        patchStatus,
      ),
    );
    assert.ok(
      ruleGrants({ verbs: ['patch'], apiGroups: ['example.com'], resources: ['*/status'] }, patchStatus),
    );
    assert.ok(
      !ruleGrants({ verbs: ['patch'], apiGroups: ['example.com'], resources: ['*/scale'] }, patchStatus),
    );
  });

  it('restricts by resource names only when the rule lists some', () => {
    const named = {
      verbs: ['update'],
      apiGroups: ['apps'],
      resources: ['deployments'],
      resourceNames: ['web'],
    };
    assert.ok(ruleGrants(named, { verb: 'update', group: 'apps', resource: 'deployments', name: 'web' }));
    assert.ok(!ruleGrants(named, { verb: 'update', group: 'apps', resource: 'deployments', name: 'db' }));
    assert.ok(!ruleGrants(named, { verb: 'update', group: 'apps', resource: 'deployments' }));
  });
});

describe('describeMissing', () => {
  it('names the verb, the resource with its group, where, and why', () => {
    const [check] = permissionChecks({
      cluster: [],
      namespaced: [
        {
          namespace: 'shop',
          rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['patch'], reasons: [website] }],
        },
      ],
    });
    assert.equal(
      describeMissing(check!),
      'missing permission: patch deployments.apps in namespace shop — child kind Deployment of crd website',
    );
  });

  it('says cluster-wide, the core group without a suffix, a subresource and a name', () => {
    const checks = permissionChecks({
      cluster: [{ apiGroups: [''], resources: ['events'], verbs: ['create'] }],
      namespaced: [
        {
          namespace: 'ops',
          rules: [
            {
              apiGroups: ['example.com'],
              resources: ['websites/status'],
              verbs: ['patch'],
              resourceNames: ['a'],
            },
          ],
        },
      ],
    });
    assert.deepEqual(checks.map(describeMissing), [
      'missing permission: create events cluster-wide',
      'missing permission: patch websites.example.com/status named a in namespace ops',
    ]);
  });
});

describe('missingByBox', () => {
  it('degrades the boxes a reason names, and every box for what the process needs', () => {
    const checks = permissionChecks(shop);
    const byBox = missingByBox([checks[0]!, checks[6]!], ['website', 'cache']);
    assert.deepEqual([...byBox.keys()], ['website', 'cache']);
    assert.equal(byBox.get('website')?.length, 2);
    assert.deepEqual(byBox.get('cache'), [describeMissing(checks[6]!)]);
  });
});
