/**
 * Skipping the children render when its inputs are unchanged, from a compiled Plan: which boxes may
 * skip (decided from the templates' inputs the compiler recorded), and a reconcile that reuses the
 * last render yet still corrects drift and renders again when an input changes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NoKindMatchError, type KubeObject } from '../../kube/index.ts';
import { createReconciler, reconcileDepsFor, type ClusterWriter } from '../../runtime/index.ts';
import { childrenRenderInputs } from '../../runtime/reconcile/render-inputs.ts';
import { memoryCache, planOfText } from './reconcile-harness.ts';

const SITE = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: bench-sites}
spec:
  crds:
    site:
      apiTypes: {group: bench.example.io, version: v1, kind: Site, plural: sites}
      operatorBox:
        onCreate:
          deployments:
            - name: "{{ .metadata.name }}"
              image: "{{ .spec.image }}"
              replicas: "{{ .spec.replicas }}"
              port: "{{ .spec.port }}"
              reconcile: true
          services:
            - {name: "{{ .metadata.name }}", port: 80, targetPort: "{{ .spec.port }}", reconcile: true}
        onReconcile:
          configMaps:
            - name: "{{ .metadata.name }}-debug"
              data: {level: debug}
              when: [{field: spec.environment, notEquals: production}]
        status:
          fields:
            - {path: phase, value: '{{ ternary .spec.suspend "Suspended" "Active" }}'}
            - {path: readyReplicas, value: '{{ get .children.deployment "status" "readyReplicas" }}', type: int}
`;

/** The Site Katalog with its onReconcile group replaced, and `extra` top-level keys. */
const siteWith = (onReconcile: string, extra = ''): string =>
  SITE.replace(/ {8}onReconcile:\n(?: {10}.*\n)+/, `        onReconcile:\n${onReconcile}`) + extra;

describe('which boxes may skip the children render', () => {
  it('the Site Katalog may: it reads the CR paths of its templates, conditions and identity', async () => {
    assert.deepEqual(childrenRenderInputs(await planOfText(SITE)), [
      'metadata.name',
      'metadata.namespace',
      'metadata.uid',
      'spec.environment',
      'spec.image',
      'spec.port',
      'spec.replicas',
    ]);
  });

  it('not when a resource template reads .children (status reading it is fine)', async () => {
    const plan = await planOfText(
      siteWith(`          configMaps:
            - {name: x, data: {ready: '{{ get .children.deployment "status" "readyReplicas" }}'}}
`),
    );
    assert.equal(childrenRenderInputs(plan), undefined);
  });

  it('not when a condition reads .children', async () => {
    const plan = await planOfText(
      siteWith(`          configMaps:
            - {name: x, when: [{field: children.deployment.status.readyReplicas, exists: true}]}
`),
    );
    assert.equal(childrenRenderInputs(plan), undefined);
  });

  it('not when a resource template calls an impure function', async () => {
    const plan = await planOfText(
      siteWith(`          configMaps:
            - {name: x, data: {token: '{{ randomAlphanumeric 8 }}'}}
`),
    );
    assert.equal(childrenRenderInputs(plan), undefined);
  });

  it('not with a tls Secret', async () => {
    const plan = await planOfText(
      siteWith(`          secrets:
            - {name: x, tls: {commonName: "{{ .metadata.name }}"}}
`),
    );
    assert.equal(childrenRenderInputs(plan), undefined);
  });

  it('not when a resource template calls a note', async () => {
    const plan = await planOfText(
      siteWith(
        `          configMaps:
            - {name: x, data: {prod: '{{ isProd }}'}}
`,
        `notes: {isProd: {expression: '{{ eq .spec.environment "production" }}'}}\n`,
      ),
    );
    assert.equal(childrenRenderInputs(plan), undefined);
  });

  it('not when a hook makes external calls (each pass calls, or reads its cacheFor result)', async () => {
    const plan = await planOfText(
      siteWith(`          external:
            - {name: ping, url: "http://127.0.0.1:9/{{ .metadata.name }}", cacheFor: 1m}
`),
    );
    assert.equal(childrenRenderInputs(plan), undefined);
  });

  it('not when a resource template reads .external', async () => {
    const plan = await planOfText(
      siteWith(`          configMaps:
            - {name: x, data: {v: '{{ .external.ping.body }}'}}
`),
    );
    assert.equal(childrenRenderInputs(plan), undefined);
  });

  it('not when the inputs of the templates are unknown', async () => {
    assert.equal(childrenRenderInputs(await planOfText(SITE, { analysed: false })), undefined);
  });
});

/** A cluster in memory: the CR, its live children (written by apply), and the status patches. */
function world(cr: KubeObject) {
  const id = (o: KubeObject) => `${o.kind ?? ''}|${o.metadata?.namespace ?? ''}|${o.metadata?.name ?? ''}`;
  const live = new Map<string, KubeObject>();
  const applied: string[] = [];
  const state = { cr, down: false, metadataWrites: 0 };
  const cache = memoryCache(state, live, id);
  const writer: ClusterWriter = {
    apply: (object) => {
      if (state.down) return Promise.reject(new Error('the API server is down'));
      const written = structuredClone(object);
      applied.push(id(written));
      live.set(id(written), written);
      return Promise.resolve(written);
    },
    delete: (object) => {
      live.delete(id(object));
      return Promise.resolve();
    },
    patchStatus: (_target, status) => {
      state.cr = { ...state.cr, status }; // as the API server: a status patch keeps the metadata
      return Promise.resolve(state.cr);
    },
    patchSpec: () => Promise.reject(new Error('no normalize here')),
    patchMetadata: (target, patch) => {
      state.metadataWrites += 1;
      const metadata = {
        ...target.metadata,
        annotations: { ...target.metadata?.annotations, ...patch.annotations },
      };
      state.cr = {
        ...target,
        metadata: { ...metadata, finalizers: [...(patch.finalizers ?? metadata.finalizers ?? [])] },
      };
      return Promise.resolve(state.cr);
    },
  };
  return { cache, writer, live, applied, state };
}

const site = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'bench.example.io/v1',
  kind: 'Site',
  metadata: {
    name: 'a',
    namespace: 'ns',
    uid: 'a-1',
    generation: 1,
    finalizers: ['orkestra.orkspace.io/cleanup'],
  },
  spec,
});

async function siteReconciler(cr: KubeObject) {
  const w = world(cr);
  let skipped = 0;
  let imageRenders = 0;
  const deps = reconcileDepsFor({
    plan: await planOfText(SITE),
    cache: w.cache,
    writer: w.writer,
    events: { normal: () => undefined, warning: () => undefined },
    reportWarnings: () => undefined,
    countRenderSkipped: () => {
      skipped++;
    },
  });
  const reconcile = createReconciler({
    ...deps,
    renderPass: undefined, // every pass renders through the counting render below
    render: (template, data) => {
      if (template === '{{ .spec.image }}') imageRenders++;
      return deps.render(template, data);
    },
  });
  return {
    ...w,
    reconcile: () => reconcile('ns/a', new AbortController().signal),
    counts: () => ({ skipped, imageRenders }),
  };
}

describe('a reconcile whose render inputs are unchanged', () => {
  const spec = { image: 'nginx:1', replicas: 1, port: 8080, environment: 'dev' };

  it('reuses the last render; a child status update changes nothing', async () => {
    const r = await siteReconciler(site(spec));
    await r.reconcile();
    assert.deepEqual(r.counts(), { skipped: 0, imageRenders: 1 });
    assert.equal(r.applied.length, 3);
    const annotations = r.state.cr.metadata?.annotations ?? {};
    assert.equal(
      annotations['orkestra.orkspace.io/child-types'],
      'ConfigMap.v1,Deployment.apps/v1,Service.v1',
    );
    assert.equal(r.state.metadataWrites, 1, 'the child types are recorded once');
    const deployment = r.live.get('Deployment|ns|a');
    assert.ok(deployment !== undefined);
    r.live.set('Deployment|ns|a', { ...deployment, status: { readyReplicas: 1 } });
    await r.reconcile();
    assert.deepEqual(r.counts(), { skipped: 1, imageRenders: 1 });
    assert.equal(r.applied.length, 3, 'nothing written');
    assert.equal(r.state.metadataWrites, 1, 'nor the child types again');
    assert.equal((r.state.cr['status'] as { readyReplicas?: number }).readyReplicas, 1, 'status still runs');
  });

  it('skips a recorded child type the API server no longer serves, and drops it from the record', async () => {
    const cr = site(spec);
    const annotation = 'orkestra.orkspace.io/child-types';
    cr.metadata = {
      ...cr.metadata,
      annotations: { [annotation]: 'Deployment.apps/v1,Widget.example.io/v1' },
    };
    const r = await siteReconciler(cr);
    const asked: string[] = [];
    r.cache.watchTypes = (types) => {
      asked.push(...types.map((t) => t.kind));
      const widget = types.find((t) => t.kind === 'Widget');
      if (widget === undefined) return Promise.resolve(false);
      return Promise.reject(new NoKindMatchError({ group: 'example.io', version: 'v1', kind: 'Widget' }));
    };
    await r.reconcile();
    assert.ok(asked.includes('Widget'), 'the recorded type is looked up');
    assert.equal(r.applied.length, 3, 'the CR is reconciled all the same');
    const annotations = r.state.cr.metadata?.annotations ?? {};
    assert.equal(annotations[annotation], 'ConfigMap.v1,Deployment.apps/v1,Service.v1');
  });

  it('renders again when a spec input changes', async () => {
    const r = await siteReconciler(site(spec));
    await r.reconcile();
    r.state.cr = site({ ...spec, image: 'nginx:2' });
    await r.reconcile();
    assert.deepEqual(r.counts(), { skipped: 0, imageRenders: 2 });
    const image = (
      r.live.get('Deployment|ns|a') as { spec: { template: { spec: { containers: { image: string }[] } } } }
    ).spec.template.spec.containers[0]?.image;
    assert.equal(image, 'nginx:2');
  });

  it('still corrects drift of a live child, and prunes against the kept render', async () => {
    const r = await siteReconciler(site(spec));
    await r.reconcile();
    r.live.delete('Service|ns|a');
    const configMap = r.live.get('ConfigMap|ns|a-debug');
    assert.ok(configMap !== undefined);
    r.live.set('ConfigMap|ns|a-debug', { ...configMap, data: { level: 'info' } });
    r.live.set('ConfigMap|ns|stale', {
      ...configMap,
      metadata: { ...configMap.metadata, name: 'stale' },
    });
    await r.reconcile();
    assert.deepEqual(r.counts(), { skipped: 1, imageRenders: 1 });
    assert.ok(r.live.has('Service|ns|a'), 'the deleted Service is recreated');
    assert.deepEqual(r.live.get('ConfigMap|ns|a-debug')?.['data'], { level: 'debug' });
    assert.ok(!r.live.has('ConfigMap|ns|stale'), 'a child no longer desired is pruned');
  });

  it('renders again after a failed pass', async () => {
    const r = await siteReconciler(site(spec));
    await r.reconcile();
    r.state.down = true;
    r.live.delete('Service|ns|a');
    await assert.rejects(r.reconcile(), /down/);
    r.state.down = false;
    await r.reconcile();
    assert.deepEqual(r.counts(), { skipped: 1, imageRenders: 2 });
  });
});
