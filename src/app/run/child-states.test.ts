import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../kube/index.ts';
import { childViews, readinessOf } from './child-states.ts';

const deployment = (ready: number, extra: { generation?: number; observed?: number } = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ns', generation: extra.generation ?? 1 },
  spec: { replicas: 2 },
  status: { readyReplicas: ready, observedGeneration: extra.observed ?? 1 },
});

const configMap = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns' },
});

test('a workload is ready when all its replicas are and its controller saw the latest spec', () => {
  assert.deepEqual(readinessOf(deployment(2)), { state: 'ready', summary: '2/2 ready' });
  assert.deepEqual(readinessOf(deployment(1)), { state: 'progressing', summary: '1/2 ready' });
  assert.equal(readinessOf(deployment(2, { generation: 2, observed: 1 })).state, 'progressing');
});

test('jobs, pods, claims and conditions tell their own readiness; a plain object is ready', () => {
  const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, status: { succeeded: 1 } };
  assert.deepEqual(readinessOf(job), { state: 'ready', summary: 'complete' });
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { phase: 'Pending' } };
  assert.deepEqual(readinessOf(pod), { state: 'progressing', summary: 'pending' });
  const pvc = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'c' },
    status: { phase: 'Bound' },
  };
  assert.equal(readinessOf(pvc).state, 'ready');
  const custom = {
    apiVersion: 'x.io/v1',
    kind: 'Thing',
    metadata: { name: 't' },
    status: { conditions: [{ type: 'Ready', status: 'False', reason: 'Waiting' }] },
  };
  assert.deepEqual(readinessOf(custom), { state: 'progressing', summary: 'Waiting' });
  assert.deepEqual(readinessOf(configMap('a')), { state: 'ready' });
  const deleting = { ...configMap('a'), metadata: { name: 'a', deletionTimestamp: '2025-01-01T00:00:00Z' } };
  assert.deepEqual(readinessOf(deleting), { state: 'progressing', summary: 'deleting' });
});

test('an applied child the cache lacks is missing (drift), a live one no longer applied is to prune', () => {
  const applied = [
    { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ns', name: 'kept' },
    { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ns', name: 'gone' },
    { apiVersion: 'apps/v1beta2', kind: 'Deployment', namespace: 'ns', name: 'web' },
  ];
  const views = childViews([configMap('kept'), configMap('stale'), deployment(2)], applied);
  assert.deepEqual(
    views.map((v) => [v.name, v.state, v.drift]),
    [
      ['kept', 'ready', undefined],
      ['stale', 'prune', undefined],
      ['web', 'ready', undefined],
      ['gone', 'missing', true],
    ],
  );
  assert.deepEqual((views[0] as { metadata?: unknown }).metadata, { name: 'kept', namespace: 'ns' });
});

test('before its first reconcile a CR has no missing nor prunable child', () => {
  assert.deepEqual(
    childViews([configMap('a')], undefined).map((v) => v.state),
    ['ready'],
  );
});
