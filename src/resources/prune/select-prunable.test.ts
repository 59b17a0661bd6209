import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderGroup } from '../builders/render-group.ts';
import { fakeRender } from '../testing/fake-render.ts';
import { hookOf, type GroupLiteral } from '../testing/hook-of.ts';
import { websiteData, websiteOrigin } from '../testing/fixtures.ts';
import type { Manifest, TemplateData } from '../types.ts';
import { isLabelledChildOf, selectPrunable } from './select-prunable.ts';

const render = (
  group: GroupLiteral,
  data: TemplateData = websiteData,
  hook: 'onCreate' | 'onReconcile' = 'onReconcile',
) =>
  renderGroup({ hook, group: hookOf(group), data, render: fakeRender, origin: websiteOrigin }).map(
    (child) => child.manifest,
  );
const names = (manifests: Manifest[]) => manifests.map((m) => `${m.kind ?? ''}/${m.metadata?.name ?? ''}`);
const prune = (desired: Manifest[], live: Manifest[]) =>
  selectPrunable({ desired, live, origin: websiteOrigin });

const perDatabase: GroupLiteral = {
  configMaps: [{ name: 'db-{{ .item }}', forEach: { field: 'spec.databases' } }],
};

describe('selectPrunable', () => {
  it('deletes nothing when everything live is still desired', () => {
    const live = render(perDatabase);
    assert.deepEqual(prune(render(perDatabase), live), []);
  });

  it('deletes the child of a forEach element that went away', () => {
    const live = render(perDatabase);
    const data = { ...websiteData, spec: { ...(websiteData['spec'] as object), databases: ['orders'] } };
    assert.deepEqual(names(prune(render(perDatabase, data), live)), ['ConfigMap/db-users']);
  });

  it('deletes a child whose when turned false', () => {
    const group = (env: string): GroupLiteral => ({
      services: [{ name: 'lb', when: [{ field: 'spec.environment', equals: env }] }],
    });
    const live = render(group('production'));
    assert.deepEqual(names(prune(render(group('staging')), live)), ['Service/lb']);
  });

  it('deletes the old child when the name template changed', () => {
    const live = render({ configMaps: [{ name: '{{ .metadata.name }}-cfg' }] });
    const desired = render({ configMaps: [{ name: '{{ .metadata.name }}-config' }] });
    assert.deepEqual(names(prune(desired, live)), ['ConfigMap/shop-cfg']);
  });

  it('never prunes create-once children or Jobs', () => {
    const live = [
      ...render({ configMaps: [{ name: 'once' }] }, websiteData, 'onCreate'),
      ...render({ jobs: [{ name: 'migrate', image: 'm' }] as never }),
    ];
    const enforcedJob = {
      ...live[1]!,
      metadata: { ...live[1]!.metadata, annotations: { 'orkestra.orkspace.io/reconcile': 'true' } },
    };
    assert.deepEqual(prune([], [...live, enforcedJob]), []);
  });

  it('leaves alone objects of another CR, another CRD, or already being deleted', () => {
    const [mine] = render({ configMaps: [{ name: 'x' }] });
    assert.ok(mine);
    const relabel = (key: string, value: string): Manifest => ({
      ...mine,
      metadata: { ...mine.metadata, labels: { ...mine.metadata?.labels, [key]: value } },
    });
    const others = [
      relabel('orkestra.orkspace.io/owner', 'other'),
      relabel('orkestra.orkspace.io/crd', 'database'),
      relabel('orkestra.orkspace.io/owner-namespace', 'elsewhere'),
      { ...mine, metadata: { ...mine.metadata, deletionTimestamp: '2025-01-01T00:00:00Z' } },
      {
        ...mine,
        metadata: {
          ...mine.metadata,
          ownerReferences: [
            { apiVersion: 'v1', kind: 'Website', name: 'shop', uid: 'old-uid', controller: true },
          ],
        },
      },
    ];
    assert.deepEqual(prune([], others), []);
    assert.deepEqual(names(prune([], [mine])), ['ConfigMap/x']);
  });

  it('keeps a child whose identity matches a desired one of any mode', () => {
    const live = render({ configMaps: [{ name: 'x' }] });
    const desiredOnce = render({ configMaps: [{ name: 'x' }] }, websiteData, 'onCreate');
    assert.deepEqual(prune(desiredOnce, live), []);
  });
});

describe('isLabelledChildOf', () => {
  it('needs every owner label', () => {
    const [child] = render({ configMaps: [{}] });
    assert.ok(child);
    assert.equal(isLabelledChildOf(child, websiteOrigin), true);
    assert.equal(isLabelledChildOf({ ...child, metadata: { name: 'x', labels: {} } }, websiteOrigin), false);
  });
});
