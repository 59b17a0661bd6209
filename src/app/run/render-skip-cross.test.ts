/**
 * The children render of a box that reads `.cross` (spec §10.1) may still be skipped, keyed on what was
 * observed: a reconcile whose observed CR changed renders again (a gate opens, then closes), one whose
 * observed CR did not reuses the last render.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../kube/index.ts';
import { createReconciler, reconcileDepsFor, type ClusterWriter } from '../../runtime/index.ts';
import { childrenRenderInputs } from '../../runtime/reconcile/render-inputs.ts';
import { memoryCache, planOfText } from './reconcile-harness.ts';

const KATALOG = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: composed}
spec:
  crds:
    database:
      apiTypes: {group: demo.io, version: v1, kind: Database, plural: databases}
    website:
      apiTypes: {group: demo.io, version: v1, kind: Website, plural: websites}
      dependsOn: [database]
      operatorBox:
        cross:
          - {crd: database, selector: {name: "{{ .metadata.name }}-db"}, as: db}
        onReconcile:
          deployments:
            - name: "{{ .metadata.name }}"
              image: "{{ .spec.image }}"
              env: {DB_HOST: {value: '{{ get .cross.db.status "endpoint" }}'}}
              when: [{field: "{{ phase .cross.db }}", equals: Ready}]
`;

const website: KubeObject = {
  apiVersion: 'demo.io/v1',
  kind: 'Website',
  metadata: { name: 'shop', namespace: 'ns', uid: 'w-1', finalizers: ['orkestra.orkspace.io/cleanup'] },
  spec: { image: 'nginx:1' },
};

/** A box over an in-memory cluster whose observed Database the test sets. */
async function box() {
  const live = new Map<string, KubeObject>();
  const id = (o: KubeObject) => `${o.kind ?? ''}|${o.metadata?.name ?? ''}`;
  const state = { cr: website, db: undefined as KubeObject | undefined, skipped: 0 };
  const cache = memoryCache(state, live, id);
  const writer: ClusterWriter = {
    apply: (object) => {
      live.set(id(object), structuredClone(object));
      return Promise.resolve(object);
    },
    delete: (object) => {
      live.delete(id(object));
      return Promise.resolve();
    },
    patchStatus: (_cr, status) => Promise.resolve((state.cr = { ...state.cr, status })),
    patchSpec: () => Promise.reject(new Error('no normalize here')),
    patchMetadata: (cr, patch) =>
      Promise.resolve(
        (state.cr = { ...cr, metadata: { ...cr.metadata, annotations: { ...patch.annotations } } }),
      ),
  };
  const plan = await planOfText(KATALOG, { key: 'website' });
  const names: string[] = [];
  const deps = reconcileDepsFor({
    plan,
    cache,
    writer,
    events: { normal: () => undefined, warning: () => undefined },
    reportWarnings: () => undefined,
    countRenderSkipped: () => {
      state.skipped++;
    },
    cross: (_cr, data, render) => {
      names.push(String(render('{{ .metadata.name }}-db', data, 'text')));
      const db = state.db;
      return { db: db === undefined ? { found: false } : { found: true, ...db, children: {} } };
    },
  });
  const reconcile = createReconciler({ ...deps, renderPass: undefined });
  return {
    plan,
    state,
    live,
    names,
    reconcile: () => reconcile('ns/shop', new AbortController().signal),
  };
}

const database = (phase: string, resourceVersion: string): KubeObject => ({
  apiVersion: 'demo.io/v1',
  kind: 'Database',
  metadata: { name: 'shop-db', namespace: 'ns', uid: 'd-1', resourceVersion },
  status: { phase, endpoint: 'db.ns:5432' },
});

describe('a children render that reads .cross', () => {
  it('may be skipped: its inputs include the observed CRs', async () => {
    const { plan } = await box();
    assert.ok(childrenRenderInputs(plan)?.includes('cross'));
  });

  it('opens the gate when the observed phase turns Ready, closes it when it turns back, reuses otherwise', async () => {
    const b = await box();
    await b.reconcile();
    assert.equal(b.live.size, 0, 'no Database: {found: false}, phase is "" and the gate is shut');
    assert.equal(b.names[0], 'shop-db', 'the selector renders against the CR');
    b.state.db = database('Pending', '1');
    await b.reconcile();
    assert.equal(b.live.size, 0);
    b.state.db = database('Ready', '2');
    await b.reconcile();
    const deployment = b.live.get('Deployment|shop') as
      { spec: { template: { spec: { containers: { env: unknown }[] } } } } | undefined;
    assert.ok(deployment !== undefined, 'the gate opened');
    assert.deepEqual(deployment.spec.template.spec.containers[0]?.env, [
      { name: 'DB_HOST', value: 'db.ns:5432' },
    ]);
    const skipped = b.state.skipped;
    await b.reconcile();
    assert.equal(b.state.skipped, skipped + 1, 'the same observed version: the render is reused');
    b.state.db = database('Failed', '3');
    await b.reconcile();
    assert.equal(b.live.size, 0, 'the gate shut: the Deployment is pruned');
  });
});
