/**
 * Namespace protection at reconcile time, from a compiled Plan: the restricted namespaces reach the
 * Plan only when the protection is on; a child never lands in one (none of the CR's children is
 * written, Ready says why); a CR stored in one is not reconciled at all.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../kube/index.ts';
import { createReconciler, reconcileDepsFor, type ClusterWriter } from '../../runtime/index.ts';
import { memoryCache, planOfText } from './reconcile-harness.ts';

const katalog = (security: string) => `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: guarded}
spec:
  crds:
    site:
      apiTypes: {group: guarded.example.io, version: v1, kind: Site, plural: sites}
      operatorBox:
        onCreate:
          configMaps:
            - {name: "{{ .metadata.name }}", data: {a: b}}
            - {name: "{{ .metadata.name }}-shared", namespace: "{{ .spec.target }}", data: {a: b}}
security:
${security}`;

const RESTRICTED = katalog('  namespaceProtection: {enabled: true, restrictedNamespaces: [locked]}\n');

/** A reconcile of one Site over a cluster in memory, recording every write and event. */
async function siteIn(namespace: string, target: string) {
  const id = (o: KubeObject) => `${o.kind ?? ''}|${o.metadata?.namespace ?? ''}|${o.metadata?.name ?? ''}`;
  const state = {
    cr: {
      apiVersion: 'guarded.example.io/v1',
      kind: 'Site',
      metadata: { name: 'a', namespace, uid: 'a-1', generation: 1 },
      spec: { target },
    } as KubeObject,
  };
  const live = new Map<string, KubeObject>();
  const writes: string[] = [];
  const events: string[] = [];
  const writer: ClusterWriter = {
    apply: (object) => {
      writes.push(`apply ${id(object)}`);
      live.set(id(object), object);
      return Promise.resolve(object);
    },
    delete: (object) => {
      writes.push(`delete ${id(object)}`);
      return Promise.resolve();
    },
    patchStatus: (_cr, status) => {
      state.cr = { ...state.cr, status };
      return Promise.resolve(state.cr);
    },
    patchSpec: () => Promise.reject(new Error('no normalize here')),
    patchMetadata: (cr, patch) => {
      writes.push('metadata');
      state.cr = { ...cr, metadata: { ...cr.metadata, ...patch } } as KubeObject;
      return Promise.resolve(state.cr);
    },
  };
  const reconcile = createReconciler(
    reconcileDepsFor({
      plan: await planOfText(RESTRICTED),
      cache: memoryCache(state, live, id),
      writer,
      events: {
        normal: () => undefined,
        warning: (_cr, reason, message) => events.push(`${reason}: ${message}`),
      },
      reportWarnings: () => undefined,
    }),
  );
  type Status = { conditions?: { type: string; status: string; reason: string; message: string }[] };
  const ready = () => (state.cr['status'] as Status | undefined)?.conditions?.find((c) => c.type === 'Ready');
  return {
    reconcile: () => reconcile(`${namespace}/a`, new AbortController().signal),
    writes,
    events,
    ready,
  };
}

describe('restricted namespaces at reconcile time', () => {
  it('reach the Plan only when namespace protection is on', async () => {
    assert.deepEqual((await planOfText(RESTRICTED)).restrictedNamespaces, ['locked']);
    const off = katalog('  namespaceProtection: {enabled: false, restrictedNamespaces: [locked]}\n');
    assert.deepEqual((await planOfText(off)).restrictedNamespaces, []);
  });

  it('children outside them are applied as usual', async () => {
    const site = await siteIn('open', 'open');
    await site.reconcile();
    assert.deepEqual(
      site.writes.filter((w) => w.startsWith('apply')),
      ['apply ConfigMap|open|a', 'apply ConfigMap|open|a-shared'],
    );
    assert.equal(site.ready()?.status, 'True');
  });

  it('a child templated into one: no child is written, Ready=False says which and why', async () => {
    const site = await siteIn('open', 'locked');
    await assert.rejects(site.reconcile(), { name: 'RestrictedNamespaceError' });
    assert.deepEqual(
      site.writes.filter((w) => w.startsWith('apply') || w.startsWith('delete')),
      [],
      'not even the child in the open namespace',
    );
    const ready = site.ready();
    assert.ok(ready);
    assert.equal(ready.status, 'False');
    assert.equal(ready.reason, 'RestrictedNamespace');
    assert.match(
      ready.message,
      /ConfigMap locked\/a-shared would be in locked, restricted by security\.namespaceProtection/,
    );
    assert.equal(site.events.length, 1);
    assert.match(site.events[0] ?? '', /^RestrictedNamespace: no child written/);
  });

  it('a CR stored in one is not reconciled: no finalizer, no child, Ready=False and an event', async () => {
    const site = await siteIn('locked', 'open');
    await site.reconcile();
    assert.deepEqual(site.writes, [], 'no finalizer added, no child written');
    const ready = site.ready();
    assert.ok(ready);
    assert.equal(ready.status, 'False');
    assert.equal(ready.reason, 'RestrictedNamespace');
    assert.match(ready.message, /not reconciled: the namespace locked is restricted/);
    assert.match(site.events[0] ?? '', /^RestrictedNamespace: not reconciled/);
  });
});
