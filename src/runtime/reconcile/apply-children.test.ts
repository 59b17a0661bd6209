import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeApiError, type KubeObject } from '../../kube/index.ts';
import type { DesiredChild } from '../../resources/index.ts';
import { TerminalError } from '../errors.ts';
import { applyChildren } from './apply-children.ts';
import type { ClusterCache, ClusterWriter } from './ports.ts';

const OWNER_LABELS = {
  'app.kubernetes.io/managed-by': 'orkestra',
  'orkestra.orkspace.io/katalog': 'shop',
  'orkestra.orkspace.io/crd': 'sites',
  'orkestra.orkspace.io/owner': 'a',
  'orkestra.orkspace.io/owner-namespace': 'ns',
};

const controller = (name: string, uid: string) => ({
  apiVersion: 'example.com/v1',
  kind: 'Site',
  name,
  uid,
  controller: true,
  blockOwnerDeletion: true,
});

/** The ConfigMap `shared` as CR `a` (uid a-1) wants it, with its owner reference unless tracked by label. */
function desired(options: { byLabel?: boolean; mode?: DesiredChild['mode'] } = {}): DesiredChild {
  const manifest: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'shared',
      namespace: 'ns',
      labels: OWNER_LABELS,
      ...(options.byLabel === true ? {} : { ownerReferences: [controller('a', 'a-1')] }),
    },
    data: { mode: 'blue' },
  };
  return {
    manifest,
    mode: options.mode ?? 'enforce',
    forceConflicts: true,
    entry: 'onReconcile.configMaps[0]',
  } as unknown as DesiredChild;
}

function world(live: KubeObject | undefined, fail?: Error) {
  const applied: KubeObject[] = [];
  const cache: ClusterCache = {
    customResource: () => undefined,
    child: () => live,
    childrenOf: () => [],
    secret: () => undefined,
    watchTypes: () => Promise.resolve(false),
  };
  const writer = {
    apply: (object: KubeObject) => {
      applied.push(object);
      return fail === undefined ? Promise.resolve(object) : Promise.reject(fail);
    },
  } as unknown as ClusterWriter;
  return { cache, writer, applied };
}

const liveWith = (metadata: Partial<NonNullable<KubeObject['metadata']>>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'shared', namespace: 'ns', labels: OWNER_LABELS, ...metadata },
  data: { mode: 'green' },
});

describe('applyChildren and a child another controller holds', () => {
  it('fails terminally, without writing, when the cached child names another controller', async () => {
    const w = world(liveWith({ ownerReferences: [controller('b', 'b-1')] }));
    await assert.rejects(applyChildren([desired()], w.cache, w.writer), (error) => {
      assert.ok(error instanceof TerminalError);
      assert.match(error.message, /ConfigMap ns\/shared is controlled by Site b \(uid b-1\)/);
      return true;
    });
    assert.deepEqual(w.applied, []);
  });

  it('fails terminally for a create-once child held by another controller too', async () => {
    const w = world(liveWith({ ownerReferences: [controller('b', 'b-1')] }));
    await assert.rejects(applyChildren([desired({ mode: 'createOnly' })], w.cache, w.writer), TerminalError);
  });

  it("fails terminally when a child tracked by label carries another CR's owner labels", async () => {
    const labels = { ...OWNER_LABELS, 'orkestra.orkspace.io/owner': 'b' };
    const w = world(liveWith({ labels }));
    await assert.rejects(applyChildren([desired({ byLabel: true })], w.cache, w.writer), (error) => {
      assert.ok(error instanceof TerminalError);
      assert.match(error.message, /controlled by sites ns\/b of Katalog shop/);
      return true;
    });
    assert.deepEqual(w.applied, []);
  });

  it('re-applies its own drifted child, even one whose Katalog label is older', async () => {
    const labels = { ...OWNER_LABELS, 'orkestra.orkspace.io/katalog': 'old-name' };
    const w = world(liveWith({ labels, ownerReferences: [controller('a', 'a-1')] }));
    const report = await applyChildren([desired()], w.cache, w.writer);
    assert.deepEqual(report.updated, ['ConfigMap ns/shared']);
    assert.equal(w.applied.length, 1);
  });

  it('takes an object that has no controller and no owner labels of another CR', async () => {
    const w = world(liveWith({ labels: { 'app.kubernetes.io/managed-by': 'orkestra' } }));
    const report = await applyChildren([desired()], w.cache, w.writer);
    assert.deepEqual(report.updated, ['ConfigMap ns/shared']);
  });

  it('turns the API server refusing a second controller reference into a TerminalError', async () => {
    const refused = decodeApiError({
      statusCode: 422,
      body: JSON.stringify({
        kind: 'Status',
        code: 422,
        reason: 'Invalid',
        message: 'ConfigMap "shared" is invalid: metadata.ownerReferences: Invalid value: ...',
        details: {
          causes: [
            {
              type: 'FieldValueInvalid',
              field: 'metadata.ownerReferences',
              message: 'Only one reference can have Controller set to true',
            },
          ],
        },
      }),
    });
    const w = world(undefined, refused);
    await assert.rejects(applyChildren([desired()], w.cache, w.writer), (error) => {
      assert.ok(error instanceof TerminalError);
      assert.equal(error.cause, refused);
      return true;
    });
  });

  it('leaves other apply errors as they are, to be retried', async () => {
    const invalid = decodeApiError({
      statusCode: 422,
      body: JSON.stringify({
        kind: 'Status',
        code: 422,
        reason: 'Invalid',
        message: 'bad data',
        details: { causes: [{ field: 'data' }] },
      }),
    });
    const w = world(undefined, invalid);
    await assert.rejects(applyChildren([desired()], w.cache, w.writer), (error) => error === invalid);
  });
});
