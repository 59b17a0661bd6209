import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeMetrics } from './metrics.ts';

test('the exposition text carries every series of the runtime interface with its labels', async () => {
  const metrics = new RuntimeMetrics();
  metrics.reconcileTotal.inc({ crd: 'website', result: 'success' });
  metrics.reconcileDuration.observe({ crd: 'website' }, 0.02);
  metrics.queueDepth.set({ crd: 'website' }, 3);
  metrics.queueWait.observe({ crd: 'website' }, 0.5);
  metrics.workers.set({ crd: 'website' }, 2);
  metrics.workersBusy.set({ crd: 'website' }, 1);
  metrics.managedObjects.set({ crd: 'website' }, 7);
  metrics.apiWrites.inc({ crd: 'website', verb: 'apply' });
  const text = await metrics.text();
  assert.match(text, /^orkestra_reconcile_total\{crd="website",result="success"\} 1$/m);
  assert.match(text, /^orkestra_reconcile_duration_seconds_count\{crd="website"\} 1$/m);
  assert.match(text, /^orkestra_queue_depth\{crd="website"\} 3$/m);
  assert.match(text, /^orkestra_queue_wait_seconds_count\{crd="website"\} 1$/m);
  assert.match(text, /^orkestra_workers\{crd="website"\} 2$/m);
  assert.match(text, /^orkestra_workers_busy\{crd="website"\} 1$/m);
  assert.match(text, /^orkestra_managed_objects\{crd="website"\} 7$/m);
  assert.match(text, /^orkestra_api_writes_total\{crd="website",verb="apply"\} 1$/m);
});

test('process metrics are added on request', async () => {
  const text = await new RuntimeMetrics().withProcessMetrics().text();
  assert.match(text, /^process_resident_memory_bytes \d+/m);
});

test('label values are escaped and histograms count cumulatively', async () => {
  const metrics = new RuntimeMetrics();
  metrics.reconcileTotal.inc({ crd: 'a"b\\c', result: 'error' }, 2);
  metrics.reconcileDuration.observe({ crd: 'x' }, 0.003);
  metrics.reconcileDuration.observe({ crd: 'x' }, 2);
  const text = await metrics.text();
  assert.match(text, /^orkestra_reconcile_total\{crd="a\\"b\\\\c",result="error"\} 2$/m);
  assert.match(text, /^orkestra_reconcile_duration_seconds_bucket\{crd="x",le="0.001"\} 0$/m);
  assert.match(text, /^orkestra_reconcile_duration_seconds_bucket\{crd="x",le="0.005"\} 1$/m);
  assert.match(text, /^orkestra_reconcile_duration_seconds_bucket\{crd="x",le="5"\} 2$/m);
  assert.match(text, /^orkestra_reconcile_duration_seconds_bucket\{crd="x",le="\+Inf"\} 2$/m);
  assert.match(text, /^orkestra_reconcile_duration_seconds_sum\{crd="x"\} 2.003$/m);
  assert.match(text, /^# TYPE orkestra_reconcile_duration_seconds histogram$/m);
});

test('a label set is one series whatever its key order, and different values are different series', async () => {
  const metrics = new RuntimeMetrics();
  metrics.reconcileTotal.inc({ crd: 'a', result: 'success' });
  metrics.reconcileTotal.inc({ result: 'success', crd: 'a' });
  metrics.reconcileTotal.inc({ crd: 'a', result: 'error' });
  metrics.reconcileTotal.inc({ crd: 'ab', result: 'error' });
  const text = await metrics.text();
  assert.match(text, /^orkestra_reconcile_total\{crd="a",result="success"\} 2$/m);
  assert.match(text, /^orkestra_reconcile_total\{crd="a",result="error"\} 1$/m);
  assert.match(text, /^orkestra_reconcile_total\{crd="ab",result="error"\} 1$/m);
});
