import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RenderValueError } from '../errors.ts';
import { fakeRender } from '../testing/fake-render.ts';
import { websiteData, websiteOrigin } from '../testing/fixtures.ts';
import { buildChild, canOwn } from './build-child.ts';
import type { ChildRequest } from './build-child.ts';
import type { EntryBase } from '../../plan/index.ts';
import type { Manifest, ManifestMeta } from '../types.ts';

const scope = { data: websiteData, render: fakeRender };
const build = (group: string, entry: EntryBase, more: Partial<ChildRequest> = {}) =>
  buildChild({ group, entry, scope, origin: websiteOrigin, enforced: true, ...more });

const meta = (manifest: Manifest): ManifestMeta => manifest.metadata ?? {};

const ownerRef = {
  apiVersion: 'demo.orkestra.io/v1alpha1',
  kind: 'Website',
  name: 'shop',
  uid: '1111-2222',
  controller: true,
  blockOwnerDeletion: true,
};
const ownerLabels = {
  'app.kubernetes.io/managed-by': 'orkestra',
  'orkestra.orkspace.io/katalog': 'website-operator',
  'orkestra.orkspace.io/crd': 'website',
  'orkestra.orkspace.io/owner': 'shop',
  'orkestra.orkspace.io/owner-namespace': 'web',
};

describe('buildChild: the seed Website', () => {
  it('turns the deployment shorthand into a full Deployment', () => {
    const manifest = build('deployments', {
      name: '{{ .metadata.name }}',
      image: '{{ .spec.image }}',
      replicas: '{{ .spec.replicas }}',
      port: '{{ .spec.port }}',
    } as EntryBase);
    const selector = { 'orkestra.orkspace.io/instance': 'shop', 'orkestra.orkspace.io/workload': 'shop' };
    assert.deepEqual(manifest, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'shop',
        namespace: 'web',
        labels: ownerLabels,
        annotations: { 'orkestra.orkspace.io/reconcile': 'true' },
        ownerReferences: [ownerRef],
      },
      spec: {
        replicas: 3,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: selector },
          spec: {
            containers: [
              { name: 'shop', image: 'nginx:1.27', ports: [{ containerPort: 8080, protocol: 'TCP' }] },
            ],
          },
        },
      },
    });
  });

  it('turns the service shorthand into a Service selecting the CR pods', () => {
    const manifest = build('services', { port: 80, targetPort: '{{ .spec.port }}' } as EntryBase);
    assert.equal(manifest.kind, 'Service');
    assert.equal(manifest.apiVersion, 'v1');
    assert.deepEqual(manifest['spec'], {
      type: 'ClusterIP',
      selector: { 'orkestra.orkspace.io/instance': 'shop' },
      ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
    });
  });
});

describe('buildChild: common fields', () => {
  it('defaults the name to the CR name and the namespace to the CR namespace', () => {
    const manifest = build('configMaps', {});
    assert.equal(meta(manifest).name, 'shop');
    assert.equal(meta(manifest).namespace, 'web');
  });

  it('renders entry labels and annotations but never lets them replace the owner labels', () => {
    const manifest = build('configMaps', {
      labels: { tier: '{{ .spec.environment }}', 'orkestra.orkspace.io/owner': 'spoofed' },
      annotations: { note: 'hi {{ .metadata.name }}' },
    });
    assert.equal(meta(manifest).labels?.['tier'], 'production');
    assert.equal(meta(manifest).labels?.['orkestra.orkspace.io/owner'], 'shop');
    assert.equal(meta(manifest).annotations?.['note'], 'hi shop');
  });

  it('omits the reconcile annotation on create-once children', () => {
    const manifest = build('configMaps', {}, { enforced: false });
    assert.equal(meta(manifest).annotations, undefined);
  });

  it('leaves the owner reference off a child in another namespace (tracked by label instead)', () => {
    const manifest = build('configMaps', { namespace: 'shared' });
    assert.equal(meta(manifest).namespace, 'shared');
    assert.equal(meta(manifest).ownerReferences, undefined);
    assert.equal(meta(manifest).labels?.['orkestra.orkspace.io/owner-namespace'], 'web');
  });

  it('gives cluster-scoped kinds no namespace and no owner reference from a namespaced CR', () => {
    const manifest = build('clusterRoles', { name: '{{ .metadata.namespace }}-{{ .metadata.name }}-reader' });
    assert.equal(meta(manifest).name, 'web-shop-reader');
    assert.equal(meta(manifest).namespace, undefined);
    assert.equal(meta(manifest).ownerReferences, undefined);
  });

  it('lets a cluster-scoped CR own children anywhere but requires a namespace for namespaced kinds', () => {
    const origin = { ...websiteOrigin, owner: { ...websiteOrigin.owner, namespace: undefined } };
    const owned = build('configMaps', { namespace: 'apps' }, { origin });
    assert.deepEqual(meta(owned).ownerReferences, [ownerRef]);
    assert.throws(() => build('configMaps', {}, { origin }), RenderValueError);
    assert.equal(canOwn(origin.owner, undefined), true);
  });

  it('builds without an owner reference when asked (onDelete Jobs)', () => {
    const manifest = build('jobs', { image: 'busybox' } as EntryBase, { ownerReference: false });
    assert.equal(meta(manifest).ownerReferences, undefined);
  });

  it('deep-merges rendered overrides last', () => {
    const manifest = build('deployments', {
      image: 'nginx',
      overrides: {
        spec: {
          strategy: { type: 'Recreate' },
          template: { spec: { containers: [{ name: 'shop', imagePullPolicy: 'Always' }] } },
        },
        metadata: { annotations: { region: '{{ .spec.region }}' } },
      },
    } as EntryBase);
    const spec = manifest['spec'] as { strategy: unknown; template: { spec: { containers: unknown[] } } };
    assert.deepEqual(spec.strategy, { type: 'Recreate' });
    assert.deepEqual(spec.template.spec.containers, [
      { name: 'shop', image: 'nginx', imagePullPolicy: 'Always' },
    ]);
    assert.equal(meta(manifest).annotations?.['region'], 'eu-west-1');
  });

  it('rejects a name that renders empty', () => {
    assert.throws(
      () => build('configMaps', { name: '{{ .spec.missing }}' }),
      /name: expected a non-empty string/,
    );
  });

  it('rejects an unknown group key', () => {
    assert.throws(() => build('widgets', {}), /unknown resource group/);
  });

  it('resolves the hpa and pdb aliases', () => {
    assert.equal(build('hpa', { maxReplicas: 5 } as EntryBase).kind, 'HorizontalPodAutoscaler');
    assert.equal(build('pdb', { minAvailable: 1 } as EntryBase).kind, 'PodDisruptionBudget');
  });
});
