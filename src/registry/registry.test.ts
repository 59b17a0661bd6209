import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildArtifact, katalogLayer, layerFiles } from './artifact.ts';
import { parseReference } from './reference.ts';
import { readTar, writeTar } from './tar.ts';
import { parseChallenge } from './www-authenticate.ts';

test('references: registry, repository, tag and digest; a missing tag is latest', () => {
  assert.deepEqual(parseReference('localhost:5000/a/b:v1'), {
    registry: 'localhost:5000',
    repository: 'a/b',
    tag: 'v1',
  });
  assert.deepEqual(parseReference('oci://ghcr.io/acme/x'), {
    registry: 'ghcr.io',
    repository: 'acme/x',
    tag: 'latest',
  });
  const digest = `sha256:${'a'.repeat(64)}`;
  assert.deepEqual(parseReference(`r.io/x@${digest}`), { registry: 'r.io', repository: 'x', digest });
  assert.throws(
    () => parseReference('acme/x:v1'),
    /invalid reference acme\/x:v1: "acme" is not a registry host/,
  );
  assert.throws(() => parseReference('r.io/X:v1'), /repository "X"/);
});

test('challenges: Bearer parameters with quotes and commas, Basic', () => {
  assert.deepEqual(
    parseChallenge('Bearer realm="https://auth.io/token",service="reg",scope="repository:a/b:pull,push"'),
    {
      scheme: 'bearer',
      params: { realm: 'https://auth.io/token', service: 'reg', scope: 'repository:a/b:pull,push' },
    },
  );
  assert.deepEqual(parseChallenge('Basic realm="x"'), { scheme: 'basic', params: { realm: 'x' } });
  assert.equal(parseChallenge(null), undefined);
});

test('tar: what is written reads back, long paths included; unsafe paths are refused', () => {
  const long = `${'d'.repeat(90)}/${'f'.repeat(90)}.yaml`;
  const data = new TextEncoder().encode('hello');
  const entries = readTar(
    writeTar([
      { type: 'dir', path: 'k' },
      { type: 'file', path: `k/${long}`, data },
    ]),
  );
  assert.deepEqual(entries, [
    { type: 'dir', path: 'k' },
    { type: 'file', path: `k/${long}`, data, executable: false },
  ]);
  assert.throws(() => readTar(writeTar([{ type: 'file', path: '../x', data }])), /unsafe path/);
});

test('the artifact is reproducible and its layer unpacks to the same files', () => {
  const files = [
    { path: 'a.yaml', data: new TextEncoder().encode('a') },
    { path: 'sub/b.yaml', data: new TextEncoder().encode('b') },
  ];
  const meta = { title: 'site', version: 'v1', created: '2024-01-01T00:00:00Z' };
  const one = buildArtifact(files, meta);
  const two = buildArtifact([...files].reverse().reverse(), meta);
  assert.deepEqual(one.manifest, two.manifest);
  const { layer, title } = katalogLayer(one.manifest, 'ref');
  assert.equal(title, 'site');
  const back = layerFiles({ layer, bytes: one.layer.bytes, title, ref: 'ref' });
  assert.deepEqual(
    back.map((f) => [f.path, new TextDecoder().decode(f.data)]),
    [
      ['a.yaml', 'a'],
      ['sub/b.yaml', 'b'],
    ],
  );
});
