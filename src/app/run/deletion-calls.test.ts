/**
 * External calls of a deletion (spec §10.2 in onDelete), through whole reconciles of a CR being deleted,
 * from a compiled Plan, on a cluster in memory: onDelete's calls run before its resources and their
 * results reach its templates; a pass repeated while a Job runs does not call again; an ordered group's
 * calls run before its children are deleted; a failed call without continueOnError keeps the finalizer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../kube/index.ts';
import {
  createReconciler,
  reconcileDepsFor,
  type ClusterWriter,
  type ExternalHttp,
} from '../../runtime/index.ts';
import { memoryCache, planOfText } from './reconcile-harness.ts';

const katalog = (onDelete: string) => `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: calls}
spec:
  crds:
    app:
      apiTypes: {group: t.example.io, version: v1, kind: App, plural: apps}
      operatorBox:
        onReconcile:
          configMaps:
            - {name: '{{ .metadata.name }}-cfg', data: {a: b}}
        onDelete:
${onDelete}`;

const DELETING: KubeObject = {
  apiVersion: 't.example.io/v1',
  kind: 'App',
  metadata: {
    name: 'a',
    namespace: 'ns',
    uid: 'a-1',
    finalizers: ['orkestra.orkspace.io/cleanup'],
    deletionTimestamp: '2030-01-01T00:00:00Z',
  },
  spec: {},
};

/** A deleting CR's world in memory, and an endpoint answering `status` to every call it records. */
async function harness(onDelete: string, live: KubeObject[] = []) {
  const id = (o: KubeObject) => `${o.kind ?? ''}/${o.metadata?.name ?? ''}`;
  const objects = new Map(live.map((o) => [id(o), o]));
  const state = { cr: DELETING, status: 200 };
  const calls: string[] = [];
  const writes: string[] = [];
  const cache = memoryCache(state, objects, id);
  const writer: ClusterWriter = {
    apply: (object) => {
      writes.push(`apply ${id(object)}`);
      objects.set(id(object), object);
      return Promise.resolve(object);
    },
    delete: (object) => {
      writes.push(`delete ${id(object)}`);
      objects.delete(id(object));
      return Promise.resolve();
    },
    patchStatus: (_target, status) => Promise.resolve({ ...state.cr, status }),
    patchSpec: () => Promise.reject(new Error('no normalize here')),
    patchMetadata: (target, patch) => {
      writes.push(`finalizers ${JSON.stringify(patch.finalizers)}`);
      return Promise.resolve((state.cr = target));
    },
  };
  const external: ExternalHttp = {
    send: (request) => {
      calls.push(`${request.method} ${request.url}`);
      return Promise.resolve({
        status: state.status,
        contentType: 'application/json',
        body: '{"ticket": 42}',
        truncated: false,
      });
    },
  };
  const deps = reconcileDepsFor({
    plan: await planOfText(katalog(onDelete)),
    cache,
    writer,
    events: { normal: () => undefined, warning: () => undefined },
    reportWarnings: () => undefined,
    now: () => new Date('2030-01-01T00:01:00Z'),
    external,
  });
  const reconcile = createReconciler({ ...deps, renderPass: undefined });
  return {
    state,
    calls,
    writes,
    objects,
    reconcile: () => reconcile('ns/a', new AbortController().signal),
  };
}

const finishedJob = (job: KubeObject): KubeObject => ({
  ...job,
  status: { conditions: [{ type: 'Complete', status: 'True' }] },
});

describe('external calls of a deletion', () => {
  it('run before onDelete’s resources, reach their templates, and are not made again by a later pass', async () => {
    const h = await harness(`          external:
            - {name: deregister, method: POST, url: 'http://registry.test/apps/{{ .metadata.name }}'}
          jobs:
            - name: '{{ .metadata.name }}-cleanup'
              image: busybox
              env: {TICKET: {value: '{{ .external.deregister.body.ticket }}'}}
`);
    await assert.rejects(h.reconcile(), /waiting for Job/);
    assert.deepEqual(h.calls, ['POST http://registry.test/apps/a']);
    const job = h.objects.get('Job/a-cleanup');
    assert.ok(job !== undefined, 'the onDelete Job is created after the call');
    const env = (job['spec'] as { template: { spec: { containers: { env: unknown }[] } } }).template.spec
      .containers[0]?.env;
    assert.deepEqual(env, [{ name: 'TICKET', value: '42' }]);
    await assert.rejects(h.reconcile(), /waiting for Job/);
    assert.deepEqual(
      h.calls,
      ['POST http://registry.test/apps/a'],
      'the pass waiting on the Job does not call',
    );
    h.objects.set('Job/a-cleanup', finishedJob(job));
    await h.reconcile();
    assert.deepEqual(h.calls, ['POST http://registry.test/apps/a']);
    assert.equal(h.writes.at(-1), 'finalizers []');
  });

  it('of an ordered group run before that group’s children are deleted', async () => {
    const h = await harness(
      `          ordered: true
          groups:
            - external:
                - {name: drain, url: 'http://lb.test/drain/{{ .metadata.name }}'}
              configMaps:
                - {name: '{{ .metadata.name }}-cfg', data: {a: b}}
`,
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a-cfg', namespace: 'ns' } }],
    );
    await assert.rejects(h.reconcile(), /waiting for onDelete group 1/);
    assert.deepEqual(h.calls, ['GET http://lb.test/drain/a']);
    assert.deepEqual(h.writes, ['delete ConfigMap/a-cfg']);
    await h.reconcile();
    assert.deepEqual(h.calls, ['GET http://lb.test/drain/a'], 'made once in the deletion');
    assert.equal(h.writes.at(-1), 'finalizers []');
  });

  it('keep the finalizer while a call fails without continueOnError, and release it once it succeeds', async () => {
    const h = await harness(`          external:
            - {name: deregister, method: DELETE, url: 'http://registry.test/apps/{{ .metadata.name }}'}
`);
    h.state.status = 503;
    await assert.rejects(h.reconcile(), /external call "deregister" failed/);
    assert.ok(!h.writes.some((w) => w.startsWith('finalizers')), 'the finalizer is kept');
    h.state.status = 204;
    await h.reconcile();
    assert.equal(h.calls.length, 2, 'the failed call is tried again on the next pass');
    assert.equal(h.writes.at(-1), 'finalizers []');
  });
});
