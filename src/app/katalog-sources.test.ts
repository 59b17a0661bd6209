import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOciSource, looksLikeReference } from './katalog-sources.ts';

const none = () => false;

test('a -k value with a registry host, a repository and a tag or digest is an OCI reference', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  for (const ref of [
    'localhost:5000/katalogs/web:v1',
    'localhost/web:v1',
    '127.0.0.1:39591/katalogs/web:1.0.0',
    'ghcr.io/acme/katalogs/web:v1',
    `ghcr.io/acme/web@${digest}`,
    `registry.local:443/web:v1@${digest}`,
    'registry:5000/web:v1',
    '[::1]:5000/web:v1',
  ]) {
    assert.equal(looksLikeReference(ref), true, ref);
    assert.equal(isOciSource(ref, none), true, ref);
  }
});

test('paths stay files: no registry host, no tag or digest, or an existing path', () => {
  for (const path of [
    'katalog.yaml',
    'katalogs/web.yaml',
    './localhost:5000/web:v1',
    '../ghcr.io/web:v1',
    '/abs/ghcr.io/web:v1',
    'ghcr.io/acme/web',
    'example.com/katalog.yaml',
    'acme/web:v1',
    'registry/web:v1',
    'C:/katalogs/web:v1',
  ]) {
    assert.equal(isOciSource(path, none), false, path);
  }
  assert.equal(
    isOciSource('ghcr.io/acme/web:v1', () => true),
    false,
    'an existing path wins',
  );
  assert.equal(
    isOciSource('oci://anything', () => true),
    true,
    'oci:// is always a reference',
  );
});
