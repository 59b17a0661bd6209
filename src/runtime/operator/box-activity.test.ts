import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../kube/index.ts';
import { BoxActivity } from './box-activity.ts';

const cr: KubeObject = {
  apiVersion: 'example.com/v1',
  kind: 'Website',
  metadata: { name: 'site', namespace: 'ns' },
};
const child: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'site-config', namespace: 'ns' },
};
const done = { controller: 'box/website', key: 'ns/site', outcome: 'success', durationMs: 3 } as const;

test('the applied children of a CR are kept as identities, and forgotten with the CR', () => {
  const activity = new BoxActivity();
  activity.applied('ns/site', [{ ...child, data: { big: 'x'.repeat(1000) } }]);
  activity.reconciled(done, cr);
  assert.deepEqual(activity.appliedChildren('ns/site'), [
    { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ns', name: 'site-config' },
  ]);
  activity.reconciled(done, undefined);
  assert.equal(activity.appliedChildren('ns/site'), undefined);
  assert.equal(activity.lastReconcile('ns/site'), undefined);
  assert.deepEqual(activity.reconcileTotals(), { success: 2, error: 0 });
});

test('a finished reconcile is told to listeners, only while there are some', () => {
  const activity = new BoxActivity();
  const seen: string[] = [];
  activity.reconciled(done, cr);
  const remove = activity.observe((c) => seen.push(c.type));
  activity.reconciled(done, cr);
  activity.reconciled(done, undefined);
  remove();
  activity.reconciled(done, cr);
  assert.deepEqual(seen, ['reconciled']);
});
