import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
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

  it('is the digest of the key-sorted JSON, for any JSON (hashes stay stable across versions)', () => {
    const sorted = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(sorted);
      if (typeof value !== 'object' || value === null) return value;
      const record = value as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(record)
          .sort()
          .map((key) => [key, sorted(record[key])]),
      );
    };
    const reference = (m: object): string =>
      createHash('sha256')
        .update(JSON.stringify(sorted(m)))
        .digest('hex')
        .slice(0, 16);
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (spec) => {
        const m = {
          apiVersion: 'v1',
          kind: 'X',
          metadata: { name: 'a', annotations: {} },
          spec,
          extra: undefined,
        };
        assert.equal(desiredHash(m), reference(m));
      }),
    );
  });
});
