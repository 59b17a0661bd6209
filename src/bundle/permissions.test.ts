/**
 * The rules `requiredPermissions` derives: a Katalog compiled into Plans in, the rules out, one
 * feature at a time (each test fails without the code path it covers).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileKatalog, loadKatalog } from '../katalog/index.ts';
import type { Plan } from '../plan/index.ts';
import { requiredPermissions, UnknownKindError, whyOf } from './permissions.ts';
import type { PermissionInput, Permissions, PolicyRule } from './types.ts';

const HEAD = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: shop}
`;
const WEBSITE = `apiTypes: {group: demo.io, version: v1, kind: Website, plural: websites}`;

async function plansOf(text: string): Promise<readonly Plan[]> {
  const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(HEAD + text) });
  assert.ok(loaded.katalog !== undefined, loaded.diagnostics.map((d) => d.message).join('; '));
  return compileKatalog(loaded.katalog);
}

const OFF = { admission: false, conversion: false, protection: false };

async function permissionsOf(text: string, input: Partial<PermissionInput> = {}): Promise<Permissions> {
  const plans = await plansOf(text);
  return requiredPermissions({ plans, leaderElection: false, webhooks: OFF, namespace: 'ork', ...input });
}

const rule = (group: string, resource: string, verbs: string[], names?: string[]): PolicyRule => ({
  apiGroups: [group],
  resources: [resource],
  verbs,
  ...(names === undefined ? {} : { resourceNames: names }),
});

/** The rules without their (non-serialised) reasons, as a Role would carry them. */
const plain = (rules: readonly PolicyRule[]): PolicyRule[] =>
  rules.map((r) => JSON.parse(JSON.stringify(r)) as PolicyRule);

const find = (rules: readonly PolicyRule[], resource: string) =>
  plain(rules.filter((r) => r.resources[0] === resource));

const websiteCr = (verbsOf = ['list', 'watch', 'patch']): PolicyRule[] => [
  rule('demo.io', 'websites', verbsOf),
  rule('demo.io', 'websites/finalizers', ['update']),
  rule('demo.io', 'websites/status', ['patch']),
];

const HELLO = `spec:
  crds:
    website:
      ${WEBSITE}
      operatorBox:
        onCreate:
          deployments:
            - {name: '{{ .metadata.name }}', image: nginx, reconcile: true}
          services:
            - {name: '{{ .metadata.name }}', port: 80, reconcile: true}
`;

describe('requiredPermissions', () => {
  it('a Katalog of Deployments and Services: its CRs, their status and finalizers, the children, Events', async () => {
    const permissions = await permissionsOf(HELLO);
    assert.deepEqual(plain(permissions.cluster), [
      rule('', 'events', ['create', 'patch']),
      rule('', 'services', ['list', 'watch', 'create', 'patch', 'delete']),
      rule('apps', 'deployments', ['list', 'watch', 'create', 'patch', 'delete']),
      ...websiteCr(),
    ]);
    assert.deepEqual(permissions.namespaced, []);
  });

  it('each rule says why it is needed, and the reason is not serialised', async () => {
    const { cluster } = await permissionsOf(HELLO);
    const deployments = cluster.find((r) => r.resources[0] === 'deployments');
    assert.ok(deployments);
    assert.deepEqual(whyOf(deployments), [
      'child kind Deployment of crd website (applied, pruned)',
      'child kind Deployment of crd website (watched)',
    ]);
    assert.equal(JSON.stringify(deployments).includes('child kind'), false);
  });

  it('a fixed namespaces list: the CRs, their children and Events in Roles there; child informers stay cluster-wide', async () => {
    const permissions = await permissionsOf(
      HELLO.replace('operatorBox:', 'namespaces: [a, b]\n      operatorBox:'),
    );
    assert.deepEqual(plain(permissions.cluster), [
      rule('', 'services', ['list', 'watch']),
      rule('apps', 'deployments', ['list', 'watch']),
    ]);
    const namespaced = [
      rule('', 'events', ['create', 'patch']),
      rule('', 'services', ['create', 'patch', 'delete']),
      rule('apps', 'deployments', ['create', 'patch', 'delete']),
      ...websiteCr(),
    ];
    assert.deepEqual(
      permissions.namespaced.map((n) => ({ namespace: n.namespace, rules: plain(n.rules) })),
      [
        { namespace: 'a', rules: namespaced },
        { namespace: 'b', rules: namespaced },
      ],
    );
  });

  it('a child with a fixed namespace is written there; a templated one anywhere', async () => {
    const fixed = await permissionsOf(
      HELLO.replace("{name: '{{ .metadata.name }}', port", '{namespace: edge, name: x, port'),
    );
    assert.deepEqual(find(fixed.cluster, 'services'), [rule('', 'services', ['list', 'watch'])]);
    assert.deepEqual(plain(fixed.namespaced.find((n) => n.namespace === 'edge')?.rules ?? []), [
      rule('', 'services', ['create', 'patch', 'delete']),
    ]);
    const templated = await permissionsOf(
      HELLO.replace('operatorBox:', 'namespaces: [a]\n      operatorBox:').replace(
        "{name: '{{ .metadata.name }}', port",
        "{namespace: '{{ .spec.ns }}', name: x, port",
      ),
    );
    assert.deepEqual(find(templated.cluster, 'services'), [
      rule('', 'services', ['list', 'watch', 'create', 'patch', 'delete']),
    ]);
    assert.deepEqual(find(templated.namespaced[0]?.rules ?? [], 'services'), []);
  });

  it('a cluster-scoped child kind is written cluster-wide even when the CRs are in fixed namespaces', async () => {
    const permissions = await permissionsOf(`spec:
  crds:
    website:
      ${WEBSITE}
      namespaces: [a]
      operatorBox:
        onCreate:
          namespaces: [{name: '{{ .metadata.name }}'}]
`);
    assert.deepEqual(find(permissions.cluster, 'namespaces'), [
      rule('', 'namespaces', ['list', 'watch', 'create', 'patch', 'delete']),
    ]);
  });

  it("a custom child of one of the Katalog's CRDs gets that CRD's plural", async () => {
    const permissions = await permissionsOf(`spec:
  crds:
    website:
      ${WEBSITE}
      operatorBox:
        onCreate:
          custom:
            - {apiVersion: demo.io/v1, kind: Database, name: db}
    database:
      apiTypes: {group: demo.io, version: v1, kind: Database, plural: databases}
`);
    assert.deepEqual(find(permissions.cluster, 'databases'), [
      rule('demo.io', 'databases', ['list', 'watch', 'create', 'patch', 'delete']),
    ]);
  });

  it('a custom kind the bundle cannot know offline is refused with its CRD, entry and kind', async () => {
    const unknown = permissionsOf(`spec:
  crds:
    website:
      ${WEBSITE}
      operatorBox:
        onCreate:
          custom:
            - {apiVersion: cert-manager.io/v1, kind: Certificate, name: c}
`);
    await assert.rejects(unknown, (error: Error) => {
      assert.ok(error instanceof UnknownKindError);
      assert.match(
        error.message,
        /^crd website: .*custom\[0\]: kind Certificate \(cert-manager\.io\/v1\) is neither/,
      );
      return true;
    });
    const templated = permissionsOf(`spec:
  crds:
    website:
      ${WEBSITE}
      operatorBox:
        onCreate:
          custom:
            - {apiVersion: demo.io/v1, kind: '{{ .spec.kind }}', name: c}
`);
    await assert.rejects(
      templated,
      /kind "\{\{ \.spec\.kind \}\}" of apiVersion "demo\.io\/v1" is a template/,
    );
  });

  it('a tls Secret signed by a CA Secret: that Secret is listed and watched by name', async () => {
    const permissions = await permissionsOf(`spec:
  crds:
    website:
      ${WEBSITE}
      operatorBox:
        onCreate:
          secrets:
            - name: cert
              tls: {commonName: x, ca: {secretName: shop-ca}}
`);
    assert.deepEqual(find(permissions.cluster, 'secrets'), [
      rule('', 'secrets', ['list', 'watch', 'create', 'patch', 'delete']),
    ]);
    const external = await permissionsOf(`spec:
  crds:
    website:
      ${WEBSITE}
      operatorBox:
        onCreate:
          configMaps:
            - name: cfg
        onReconcile:
          external:
            - name: hook
              url: https://example.org
              headers:
                Authorization: {secretKeyRef: {name: api-token, key: token}}
`);
    assert.deepEqual(find(external.cluster, 'secrets'), [
      rule('', 'secrets', ['list', 'watch'], ['api-token']),
    ]);
  });

  it("cross: the observed CRD's CRs and child kinds are listed and watched cluster-wide", async () => {
    const permissions = await permissionsOf(`spec:
  crds:
    website:
      ${WEBSITE}
      namespaces: [a]
      operatorBox:
        cross:
          - {crd: database, selector: {name: db}, as: db}
    database:
      apiTypes: {group: demo.io, version: v1, kind: Database, plural: databases}
      enabled: false
      operatorBox:
        onCreate:
          statefulSets: [{name: db, image: postgres}]
`);
    assert.deepEqual(plain(permissions.cluster), [
      rule('apps', 'statefulsets', ['list', 'watch']),
      rule('demo.io', 'databases', ['list', 'watch']),
    ]);
  });

  it("autoscale: the box's CRD is read by name and Events go to namespace default", async () => {
    const permissions = await permissionsOf(`spec:
  crds:
    website:
      ${WEBSITE}
      namespaces: [a]
      operatorBox:
        autoscale:
          interval: 30s
          cooldown: 2m
          conditions:
            when: [{field: metrics.queueDepth, greaterThan: "300"}]
          do: {workers: 4}
`);
    assert.deepEqual(find(permissions.cluster, 'customresourcedefinitions'), [
      rule('apiextensions.k8s.io', 'customresourcedefinitions', ['get'], ['websites.demo.io']),
    ]);
    assert.deepEqual(plain(permissions.namespaced.find((n) => n.namespace === 'default')?.rules ?? []), [
      rule('', 'events', ['create', 'patch']),
    ]);
  });

  it('a cluster-scoped CRD: its Events go to namespace default', async () => {
    const permissions = await permissionsOf(`spec:
  crds:
    tenant:
      apiTypes: {group: demo.io, version: v1, kind: Tenant, plural: tenants, scope: Cluster}
`);
    assert.deepEqual(find(permissions.cluster, 'events'), []);
    assert.deepEqual(plain(permissions.namespaced[0]?.rules ?? []), [
      rule('', 'events', ['create', 'patch']),
    ]);
    assert.equal(permissions.namespaced[0]?.namespace, 'default');
  });

  it('leader election: the Lease in the install namespace, by name (create cannot be narrowed)', async () => {
    const permissions = await permissionsOf(HELLO, { leaderElection: true });
    assert.deepEqual(
      permissions.namespaced,
      [
        {
          namespace: 'ork',
          rules: [
            rule('coordination.k8s.io', 'leases', ['create']),
            rule('coordination.k8s.io', 'leases', ['get', 'watch', 'update'], ['orkestra-shop']),
          ],
        },
      ].map((n) => ({ ...n, rules: n.rules })),
    );
    assert.deepEqual(whyOf(permissions.namespaced[0]?.rules[0] as PolicyRule), [
      'the Lease of leader election',
    ]);
  });

  it('admission: the configurations the rules need and the certificate Secret', async () => {
    const text = HELLO.replace(
      'operatorBox:',
      `validation:
        rules: [{field: spec.image, prefix: "myorg/", message: no}]
      operatorBox:`,
    );
    const permissions = await permissionsOf(text, { webhooks: { ...OFF, admission: true } });
    assert.deepEqual(find(permissions.cluster, 'validatingwebhookconfigurations'), [
      rule('admissionregistration.k8s.io', 'validatingwebhookconfigurations', ['create']),
      rule(
        'admissionregistration.k8s.io',
        'validatingwebhookconfigurations',
        ['patch'],
        ['orkestra-shop-validate'],
      ),
    ]);
    assert.deepEqual(find(permissions.cluster, 'mutatingwebhookconfigurations'), []);
    assert.deepEqual(plain(permissions.namespaced[0]?.rules ?? []), [
      rule('', 'secrets', ['create']),
      rule('', 'secrets', ['get', 'update'], ['orkestra-shop-webhook-tls']),
    ]);
  });

  it('protection: its configurations are applied and deleted on a clean stop', async () => {
    const permissions = await permissionsOf(HELLO, { webhooks: { ...OFF, protection: true } });
    assert.deepEqual(find(permissions.cluster, 'validatingwebhookconfigurations'), [
      rule('admissionregistration.k8s.io', 'validatingwebhookconfigurations', ['create']),
      rule(
        'admissionregistration.k8s.io',
        'validatingwebhookconfigurations',
        ['patch', 'delete'],
        ['orkestra-shop-deletion-protection', 'orkestra-shop-namespace-protection'],
      ),
    ]);
  });

  it('conversion: the converted CRDs are read and patched by name', async () => {
    const plans = await plansOf(`spec:
  crds:
    website:
      apiTypes: {group: demo.io, version: v2, kind: Website, plural: websites}
      conversion:
        storageVersion: v2
        paths:
          - {from: v1, to: v2, spec: {image: '{{ .spec.img }}'}}
`);
    const permissions = requiredPermissions({
      plans,
      leaderElection: false,
      webhooks: { ...OFF, conversion: true },
      namespace: 'ork',
    });
    assert.deepEqual(find(permissions.cluster, 'customresourcedefinitions'), [
      rule('apiextensions.k8s.io', 'customresourcedefinitions', ['get', 'patch'], ['websites.demo.io']),
    ]);
  });

  it('RBAC children: escalate for Roles, bind for bindings', async () => {
    const permissions = await permissionsOf(`spec:
  crds:
    website:
      ${WEBSITE}
      operatorBox:
        onCreate:
          roles: [{name: r, rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]}]
          roleBindings: [{name: rb, roleRef: {kind: Role, name: r}, subjects: [{kind: ServiceAccount, name: s}]}]
`);
    assert.deepEqual(find(permissions.cluster, 'roles'), [
      rule('rbac.authorization.k8s.io', 'roles', [
        'list',
        'watch',
        'create',
        'patch',
        'delete',
        'escalate',
        'bind',
      ]),
    ]);
    assert.deepEqual(find(permissions.cluster, 'clusterroles'), [
      rule('rbac.authorization.k8s.io', 'clusterroles', ['bind']),
    ]);
  });

  it('a disabled CRD needs nothing', async () => {
    const permissions = await permissionsOf(
      HELLO.replace('operatorBox:', 'enabled: false\n      operatorBox:'),
    );
    assert.deepEqual(permissions, { cluster: [], namespaced: [] });
  });
});
