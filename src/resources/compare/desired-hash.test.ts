import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ANNOTATION_DESIRED_HASH, desiredHash, stampDesiredHash } from './desired-hash.ts';

const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { x: '1', y: '2' } };

describe('desired hash', () => {
  it('ignores key order', () => {
    const reordered = {
      data: { y: '2', x: '1' },
      metadata: { name: 'a' },
      kind: 'ConfigMap',
      apiVersion: 'v1',
    };
    assert.equal(desiredHash(manifest), desiredHash(reordered));
  });

  it('changes when a field is removed', () => {
    assert.notEqual(desiredHash(manifest), desiredHash({ ...manifest, data: { x: '1' } }));
  });

  it('stamps the hash as an annotation that does not change the hash', () => {
    const stamped = stampDesiredHash(manifest);
    const hash = stamped.metadata?.annotations?.[ANNOTATION_DESIRED_HASH];
    assert.match(hash ?? '', /^[0-9a-f]{16}$/);
    assert.equal(desiredHash(stamped), hash);
    assert.deepEqual(stampDesiredHash(stamped), stamped);
  });
});
