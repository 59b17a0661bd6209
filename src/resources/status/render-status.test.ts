import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RenderValueError } from '../errors.ts';
import { fakeRender } from '../testing/fake-render.ts';
import { websiteData } from '../testing/fixtures.ts';
import { readyCondition, renderStatus, statusChanged } from './render-status.ts';
import type { StatusRequest } from './render-status.ts';

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:05:00Z';
const request = (more: Partial<StatusRequest> = {}): StatusRequest => ({
  spec: {},
  live: undefined,
  generation: 4,
  outcome: { ok: true },
  now: T0,
  data: websiteData,
  render: fakeRender,
  ...more,
});

describe('renderStatus: the Ready condition', () => {
  it('writes Ready=True with observedGeneration on the first success', () => {
    assert.deepEqual(renderStatus(request()), {
      observedGeneration: 4,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'ReconcileSucceeded',
          message: '',
          lastTransitionTime: T0,
          observedGeneration: 4,
        },
      ],
    });
  });

  it('keeps lastTransitionTime while the status stays the same', () => {
    const first = renderStatus(request());
    const second = renderStatus(request({ live: first, now: T1 }));
    assert.equal(statusChanged(second, first), false);
    assert.deepEqual(second, first);
  });

  it('moves lastTransitionTime when the status flips, with the reason and message of the failure', () => {
    const first = renderStatus(request());
    const failed = renderStatus(
      request({
        live: first,
        now: T1,
        outcome: { ok: false, reason: 'ValidationFailed', message: 'bad image' },
      }),
    );
    assert.deepEqual((failed['conditions'] as unknown[])[0], {
      type: 'Ready',
      status: 'False',
      reason: 'ValidationFailed',
      message: 'bad image',
      lastTransitionTime: T1,
      observedGeneration: 4,
    });
    assert.equal(statusChanged(failed, first), true);
  });

  it('changes the message of a persisting failure without moving lastTransitionTime', () => {
    const live = renderStatus(request({ outcome: { ok: false, reason: 'ReconcileError', message: 'a' } }));
    const next = readyCondition({
      live,
      generation: 4,
      now: T1,
      outcome: { ok: false, reason: 'ReconcileError', message: 'b' },
    });
    assert.equal(next.lastTransitionTime, T0);
    assert.equal(next.message, 'b');
  });

  it('keeps other conditions and their order, replacing Ready in place', () => {
    const other = { type: 'Available', status: 'True', reason: 'X', message: '', lastTransitionTime: T0 };
    const live = {
      conditions: [
        { type: 'Ready', status: 'False', reason: 'ReconcileError', message: 'x', lastTransitionTime: T0 },
        other,
      ],
    };
    const status = renderStatus(request({ live, now: T1 }));
    const conditions = status['conditions'] as { type: string; lastTransitionTime: string }[];
    assert.deepEqual(
      conditions.map((condition) => condition.type),
      ['Ready', 'Available'],
    );
    assert.equal(conditions[0]?.lastTransitionTime, T1);
    assert.deepEqual(conditions[1], other);
  });

  it('leaves conditions alone with conditions: false', () => {
    const live = { conditions: [{ type: 'Ready', status: 'Unknown' }], phase: 'x' };
    const status = renderStatus(request({ spec: { conditions: false }, live }));
    assert.deepEqual(status, { conditions: live.conditions, phase: 'x', observedGeneration: 4 });
  });
});

describe('renderStatus: declared fields', () => {
  it('renders fields at dotted paths and lets later entries win', () => {
    const status = renderStatus(
      request({
        spec: {
          conditions: false,
          fields: [
            { path: 'phase', value: 'Pending' },
            { path: 'endpoint.host', value: '{{ .metadata.name }}.{{ .metadata.namespace }}.svc' },
            { path: 'phase', value: 'Active', when: [{ field: 'spec.environment', equals: 'production' }] },
            { path: 'phase', value: 'Never', when: [{ field: 'spec.environment', equals: 'dev' }] },
          ],
        },
        live: { endpoint: { port: 80 } },
      }),
    );
    assert.deepEqual(status, {
      observedGeneration: 4,
      phase: 'Active',
      endpoint: { port: 80, host: 'shop.web.svc' },
    });
  });

  it('types values: int, float, bool, string and auto', () => {
    const status = renderStatus(
      request({
        spec: {
          conditions: false,
          fields: [
            { path: 'i', value: '{{ .spec.port }}', type: 'int' },
            { path: 'f', value: '2.5', type: 'float' },
            { path: 'b', value: 'true', type: 'bool' },
            { path: 's', value: '{{ .spec.replicas }}', type: 'string' },
            { path: 'a1', value: '17' },
            { path: 'a2', value: 'Running/build' },
            { path: 'a3', value: '{{ .spec.replicas }}', type: 'auto' },
          ],
        },
      }),
    );
    assert.deepEqual(status, {
      observedGeneration: 4,
      i: 8080,
      f: 2.5,
      b: true,
      s: '3',
      a1: 17,
      a2: 'Running/build',
      a3: 3,
    });
  });

  it('writes nothing for a non-string field whose template renders nothing', () => {
    const status = renderStatus(
      request({
        spec: {
          conditions: false,
          fields: [{ path: 'readyReplicas', value: '{{ .children.deployment.status.readyReplicas }}' }],
        },
        live: { readyReplicas: 2 },
      }),
    );
    assert.equal(status['readyReplicas'], 2);
  });

  it('fails naming the field when a value does not fit its type', () => {
    assert.throws(
      () =>
        renderStatus(
          request({ spec: { fields: [{ path: 'count', value: '{{ .spec.region }}', type: 'int' }] } }),
        ),
      (error: unknown) => error instanceof RenderValueError && error.field === 'status.count',
    );
  });

  it('does not render fields after a failed reconcile', () => {
    const status = renderStatus(
      request({
        spec: { fields: [{ path: 'phase', value: 'Active' }] },
        outcome: { ok: false, reason: 'ReconcileError', message: 'boom' },
      }),
    );
    assert.equal(status['phase'], undefined);
  });
});

describe('statusChanged', () => {
  it('ignores key order and sees any changed value', () => {
    assert.equal(statusChanged({ a: 1, b: { c: 2 } }, { b: { c: 2 }, a: 1 }), false);
    assert.equal(statusChanged({ a: 1 }, { a: 2 }), true);
    assert.equal(statusChanged({ a: 1 }, undefined), true);
    assert.equal(statusChanged({}, undefined), false);
  });
});
