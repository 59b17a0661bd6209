import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReconcileOutcome } from '../controller/index.ts';
import { ReconcileRecords } from './reconcile-records.ts';

const outcome = (kind: ReconcileOutcome['outcome'], error?: string): ReconcileOutcome => ({
  controller: 'box/website',
  key: 'ns/site',
  outcome: kind,
  durationMs: 12,
  ...(error === undefined ? {} : { error: new Error(error) }),
});

const at = new Date('2025-01-01T00:00:00Z');

test('the last error stays through pending reconciles and a success clears it', () => {
  const records = new ReconcileRecords();
  records.record(outcome('error', 'quota exceeded'), true, at);
  assert.deepEqual(records.of('ns/site'), {
    at: at.toISOString(),
    result: 'error',
    error: 'quota exceeded',
    lastError: 'quota exceeded',
    durationMs: 12,
  });
  records.record(outcome('pending', 'waiting for the Service'), true, at);
  assert.equal(records.of('ns/site')?.result, 'pending');
  assert.equal(records.of('ns/site')?.lastError, 'quota exceeded');
  records.record(outcome('requeue'), true, at);
  assert.equal(records.of('ns/site')?.result, 'success');
  assert.equal(records.of('ns/site')?.lastError, undefined);
});

test('totals count successes and failures, and a CR gone is forgotten', () => {
  const records = new ReconcileRecords();
  records.record(outcome('success'), true);
  records.record(outcome('terminal', 'bad spec'), true);
  records.record(outcome('retry-after', '429'), true);
  records.record(outcome('success'), false);
  assert.deepEqual(records.totals(), { success: 2, error: 1 });
  assert.equal(records.of('ns/site'), undefined);
});
