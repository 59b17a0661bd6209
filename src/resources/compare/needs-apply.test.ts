import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderGroup } from '../builders/render-group.ts';
import { fakeRender } from '../testing/fake-render.ts';
import { hookOf } from '../testing/hook-of.ts';
import { websiteData, websiteOrigin } from '../testing/fixtures.ts';
import type { Manifest } from '../types.ts';
import { needsApply, valueMatches } from './needs-apply.ts';

function desiredDeployment(overrides: object = {}): Manifest {
  const [child] = renderGroup({
    hook: 'onReconcile',
    group: hookOf({
      deployments: [
        {
          image: '{{ .spec.image }}',
          replicas: '{{ .spec.replicas }}',
          port: '{{ .spec.port }}',
          env: { REGION: '{{ .spec.region }}' },
          resources: { requests: { cpu: 0.5, memory: '1024Mi' }, limits: { cpu: '1000m' } },
          ...overrides,
        },
      ],
    }),
    data: websiteData,
    render: fakeRender,
    origin: websiteOrigin,
  });
  assert.ok(child);
  return child.manifest;
}

/** The Deployment as the API server returns it after applying `desired`: defaults, normalised quantities. */
function liveFrom(desired: Manifest): Manifest {
  const meta = desired.metadata ?? {};
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      ...meta,
      uid: 'aaaa-bbbb',
      resourceVersion: '48213',
      generation: 2,
      creationTimestamp: '2025-01-01T00:00:00Z',
      labels: { ...meta.labels },
      annotations: { 'deployment.kubernetes.io/revision': '2', ...meta.annotations },
    },
    spec: {
      replicas: 3,
      selector: {
        matchLabels: { 'orkestra.orkspace.io/instance': 'shop', 'orkestra.orkspace.io/workload': 'shop' },
      },
      template: {
        metadata: {
          creationTimestamp: null,
          labels: { 'orkestra.orkspace.io/instance': 'shop', 'orkestra.orkspace.io/workload': 'shop' },
        },
        spec: {
          containers: [
            {
              name: 'shop',
              image: 'nginx:1.27',
              ports: [{ containerPort: 8080, protocol: 'TCP' }],
              env: [{ name: 'REGION', value: 'eu-west-1' }],
              resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1' } },
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              imagePullPolicy: 'IfNotPresent',
            },
          ],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          securityContext: {},
          schedulerName: 'default-scheduler',
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: { observedGeneration: 2, replicas: 3, readyReplicas: 3, availableReplicas: 3 },
  };
}

describe('needsApply', () => {
  it('applies a child that does not exist yet', () => {
    assert.equal(needsApply(desiredDeployment(), undefined), true);
  });

  it('skips a Deployment the API server returned with defaults and normalised quantities', () => {
    const desired = desiredDeployment();
    assert.equal(needsApply(desired, liveFrom(desired)), false);
  });

  it('applies when someone scaled the Deployment by hand (drift)', () => {
    const desired = desiredDeployment();
    const live = liveFrom(desired);
    (live['spec'] as { replicas: number }).replicas = 5;
    assert.equal(needsApply(desired, live), true);
  });

  it('applies when the image in the CR changed', () => {
    const live = liveFrom(desiredDeployment());
    assert.equal(needsApply(desiredDeployment({ image: 'nginx:1.28' }), live), true);
  });

  it('applies when a field was removed from the desired object (seen through the desired hash)', () => {
    const live = liveFrom(desiredDeployment());
    const withoutEnv = desiredDeployment({ env: undefined });
    assert.equal(needsApply(withoutEnv, live), true);
  });

  it('applies when a label Orkestra sets was removed from the live object, but not for extra live labels', () => {
    const desired = desiredDeployment();
    const live = liveFrom(desired);
    const labels = live.metadata?.labels ?? {};
    labels['team'] = 'web';
    assert.equal(needsApply(desired, live), false);
    delete labels['orkestra.orkspace.io/owner'];
    assert.equal(needsApply(desired, live), true);
  });

  it('applies when a quantity really changed', () => {
    const desired = desiredDeployment();
    const live = liveFrom(desired);
    const container = (live['spec'] as { template: { spec: { containers: { resources: object }[] } } })
      .template.spec.containers[0]!;
    container.resources = { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '1' } };
    assert.equal(needsApply(desired, live), true);
  });

  it('ignores the status of the desired object', () => {
    const desired = { apiVersion: 'v1', kind: 'X', metadata: { name: 'a' }, status: { phase: 'New' } };
    assert.equal(needsApply(desired, { apiVersion: 'v1', kind: 'X', metadata: { name: 'a' } }), false);
  });
});

describe('valueMatches', () => {
  it('treats empty desired maps, lists and strings as matching absent live values', () => {
    assert.equal(valueMatches({ data: {}, items: [], note: '' }, {}), true);
    assert.equal(valueMatches({ data: {} }, { data: {} }), true);
  });

  it('matches int-or-string numbers across their two spellings', () => {
    assert.equal(valueMatches({ targetPort: 80 }, { targetPort: '80' }), true);
    assert.equal(valueMatches({ targetPort: '80' }, { targetPort: 80 }), true);
    assert.equal(valueMatches({ targetPort: 'http' }, { targetPort: 80 }), false);
  });

  it('compares quantities only where Kubernetes stores quantities', () => {
    assert.equal(valueMatches({ limits: { memory: '1Gi' } }, { limits: { memory: '1073741824' } }), true);
    assert.equal(valueMatches({ spec: { storage: '1Gi' } }, { spec: { storage: '1024Mi' } }), true);
    assert.equal(valueMatches({ data: { version: '1.0' } }, { data: { version: '1' } }), false);
  });

  it('matches named list elements by name and other lists by position, lengths equal', () => {
    const live = {
      env: [
        { name: 'B', value: '2' },
        { name: 'A', value: '1' },
      ],
    };
    assert.equal(
      valueMatches(
        {
          env: [
            { name: 'A', value: '1' },
            { name: 'B', value: '2' },
          ],
        },
        live,
      ),
      true,
    );
    assert.equal(valueMatches({ env: [{ name: 'A', value: '1' }] }, live), false);
    assert.equal(valueMatches({ args: ['a', 'b'] }, { args: ['b', 'a'] }), false);
    assert.equal(valueMatches({ args: ['a'] }, { args: 'a' }), false);
  });

  it('does not match a map against a scalar, or a value against a desired null', () => {
    assert.equal(valueMatches({ a: { b: 1 } }, { a: 'x' }), false);
    assert.equal(valueMatches({ a: null }, { a: 1 }), false);
    assert.equal(valueMatches({ a: null }, {}), true);
  });
});
