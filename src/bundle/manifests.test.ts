/** The bundle's objects: their order, names, labels, RBAC and the Deployment's shape. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundleManifests, releaseName, type BundleInput, type BundleObject } from './manifests.ts';

const base: BundleInput = {
  katalogName: 'shop',
  katalogYaml: 'kind: Katalog\n',
  crds: [
    { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'a.b' } },
  ],
  permissions: {
    cluster: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['list', 'watch'] }],
    namespaced: [{ namespace: 'a', rules: [{ apiGroups: [''], resources: ['events'], verbs: ['create'] }] }],
  },
  namespace: 'ork',
  version: '1.2.3',
  leaderElection: false,
  webhooks: false,
};

const kinds = (objects: readonly BundleObject[]) =>
  objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}`);
const container = (objects: readonly BundleObject[]): Record<string, unknown> & { replicas: number } => {
  const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as {
    spec: { replicas: number; template: { spec: { containers: Record<string, unknown>[] } } };
  };
  const first: Record<string, unknown> = deployment.spec.template.spec.containers[0] ?? {};
  return { ...first, replicas: deployment.spec.replicas };
};

describe('bundleManifests', () => {
  it('lists every object in apply order, each with the common labels', () => {
    const objects = bundleManifests(base);
    assert.deepEqual(kinds(objects), [
      'Namespace/',
      'CustomResourceDefinition/',
      'ServiceAccount/ork',
      'ClusterRole/',
      'ClusterRoleBinding/',
      'Role/a',
      'RoleBinding/a',
      'ConfigMap/ork',
      'Deployment/ork',
      'Service/ork',
      'PodDisruptionBudget/ork',
    ]);
    for (const object of objects) {
      assert.deepEqual(object.metadata.labels, {
        'app.kubernetes.io/name': 'orkestra',
        'app.kubernetes.io/instance': 'orkestra-shop',
        'app.kubernetes.io/version': '1.2.3',
        'app.kubernetes.io/managed-by': 'orkestra-bundle',
      });
    }
  });

  it('binds the roles to the ServiceAccount and carries the rules as given', () => {
    const objects = bundleManifests(base);
    const binding = objects.find((o) => o.kind === 'RoleBinding');
    assert.ok(binding);
    assert.deepEqual(binding['subjects'], [
      { kind: 'ServiceAccount', name: 'orkestra-shop', namespace: 'ork' },
    ]);
    assert.deepEqual(binding['roleRef'], {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'orkestra-shop',
    });
    assert.deepEqual(objects.find((o) => o.kind === 'ClusterRole')?.['rules'], base.permissions.cluster);
  });

  it('runs `ork run` on the ConfigMap, non-root with a read-only root filesystem', () => {
    const c = container(bundleManifests(base));
    assert.equal(c.replicas, 1);
    assert.equal(c['image'], 'ghcr.io/orkspace/orkestra:1.2.3');
    assert.deepEqual(c['args'], ['run', '-k', '/etc/orkestra/katalog.yaml']);
    assert.deepEqual(c['securityContext'], {
      runAsNonRoot: true,
      runAsUser: 65532,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    assert.deepEqual(c['ports'], [{ name: 'http', containerPort: 8080 }]);
  });

  it('leader election: two replicas by default, and the flag', () => {
    const c = container(bundleManifests({ ...base, leaderElection: true }));
    assert.equal(c.replicas, 2);
    assert.deepEqual(c['args'], ['run', '-k', '/etc/orkestra/katalog.yaml', '--leader-elect']);
    assert.equal(container(bundleManifests({ ...base, leaderElection: true, replicas: 3 })).replicas, 3);
  });

  it('webhooks: the webhook port on the container and the Service, and the Service name in the env', () => {
    const objects = bundleManifests({ ...base, webhooks: true });
    const c = container(objects);
    assert.ok(
      (c['env'] as { name: string; value?: string }[]).some(
        (e) => e.name === 'ORKESTRA_SERVICE_NAME' && e.value === 'orkestra-shop',
      ),
    );
    const service = objects.find((o) => o.kind === 'Service') as unknown as {
      spec: { ports: { port: number }[] };
    };
    assert.deepEqual(
      service.spec.ports.map((p) => p.port),
      [8080, 443],
    );
  });

  it('no cluster rules: no ClusterRole', () => {
    const objects = bundleManifests({ ...base, permissions: { cluster: [], namespaced: [] } });
    assert.equal(
      objects.some((o) => o.kind === 'ClusterRole' || o.kind === 'Role'),
      false,
    );
  });

  it('a release name is a valid object name', () => {
    assert.equal(releaseName('a+B'), 'orkestra-a-b');
  });
});
