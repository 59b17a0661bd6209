import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { desiredHash, ANNOTATION_DESIRED_HASH } from '../compare/desired-hash.ts';
import type { Manifest } from '../types.ts';
import type { DesiredChild } from './render-group.ts';
import { ANNOTATION_SECRETS_HASH, podSecretNames, stampSecretConsumers } from './secret-consumers.ts';

function child(manifest: Manifest): DesiredChild {
  return {
    manifest,
    hook: 'onReconcile',
    group: 'custom',
    entry: 'x',
    mode: 'enforce',
    forceConflicts: true,
  };
}

const secret = (name: string, data: Record<string, string>, namespace = 'ns') =>
  child({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, data });

const workload = (kind: string, podSpec: Record<string, unknown>, namespace = 'ns') =>
  child({
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'w', namespace },
    spec: { template: { metadata: { labels: { a: 'b' } }, spec: podSpec } },
  });

const envUse = (name: string) => ({
  containers: [{ name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name, key: 'k' } } }] }],
});

function hashOf(c: DesiredChild | undefined): string | undefined {
  const template = (c?.manifest['spec'] as { template: Manifest } | undefined)?.template;
  return template?.metadata?.annotations?.[ANNOTATION_SECRETS_HASH];
}

describe('podSecretNames', () => {
  it('finds env secretKeyRef, envFrom secretRef, secret and projected volumes, init containers included', () => {
    const names = podSecretNames({
      initContainers: [{ envFrom: [{ secretRef: { name: 'init' } }, { configMapRef: { name: 'cm' } }] }],
      containers: [
        {
          env: [
            { name: 'A', value: 'x' },
            { name: 'B', valueFrom: { secretKeyRef: { name: 'env', key: 'k' } } },
            { name: 'C', valueFrom: { configMapKeyRef: { name: 'cm2', key: 'k' } } },
          ],
          envFrom: [{ secretRef: { name: 'from' }, prefix: 'P_' }],
        },
      ],
      volumes: [
        { name: 'v', secret: { secretName: 'vol' } },
        { name: 'p', projected: { sources: [{ secret: { name: 'proj' } }, { configMap: { name: 'x' } }] } },
      ],
    });
    assert.deepEqual([...names].sort(), ['env', 'from', 'init', 'proj', 'vol']);
  });
});

describe('stampSecretConsumers', () => {
  it("stamps the digest of the CR's Secrets a workload uses, and a new digest when their data change", () => {
    const before = stampSecretConsumers([secret('s', { k: 'MQ==' }), workload('Deployment', envUse('s'))]);
    const after = stampSecretConsumers([secret('s', { k: 'Mg==' }), workload('Deployment', envUse('s'))]);
    const hash = hashOf(before[1]);
    assert.match(hash ?? '', /^[0-9a-f]{16}$/);
    assert.notEqual(hashOf(after[1]), hash);
    const stamped = before[1]!.manifest;
    assert.equal(
      stamped.metadata?.annotations?.[ANNOTATION_DESIRED_HASH],
      desiredHash(stamped),
      're-stamped',
    );
    const again = stampSecretConsumers([secret('s', { k: 'MQ==' }), workload('Deployment', envUse('s'))]);
    assert.equal(hashOf(again[1]), hash, 'stable for the same data');
  });

  it('leaves alone workloads using no Secret of the CR, Secrets of another namespace, and Jobs', () => {
    const children = [
      secret('s', { k: 'MQ==' }),
      secret('t', { k: 'MQ==' }, 'other'),
      workload('Deployment', envUse('unknown')),
      workload('StatefulSet', envUse('t')),
      child({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'j', namespace: 'ns' },
        spec: { template: { spec: envUse('s') } },
      }),
    ];
    const out = stampSecretConsumers(children);
    for (let i = 2; i < children.length; i++) assert.equal(out[i], children[i]);
  });

  it('returns the children as they are when none is a Secret', () => {
    const children = [workload('DaemonSet', envUse('s'))];
    assert.equal(stampSecretConsumers(children), children);
  });
});
