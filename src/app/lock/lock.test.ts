import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildLock,
  findGit,
  findHelm,
  findOci,
  lockedReference,
  parseLock,
  requireGit,
  requireHelm,
} from './lock-format.ts';
import { readLockFile, serializeLock, writeLockFile } from './lock-file.ts';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const COMMIT = 'a'.repeat(40);

const document = {
  apiVersion: 'orkestra.orkspace.io/v1',
  kind: 'KatalogLock',
  sources: [
    { helm: 'https://charts.acme.io', chart: 'pg', version: '1.0.0', digest: D2 },
    { git: 'https://git.acme.io/k.git', ref: 'v1', path: 'katalogs/x.yaml', commit: COMMIT },
    { oci: 'oci://r.io:5000/katalogs/web:v1', digest: D1 },
    { oci: 'r.io:5000/katalogs/api', digest: D2 },
  ],
};

test('a lock reads all three kinds, normalizes OCI references and sorts its entries', () => {
  const lock = parseLock(document, 'orkestra.lock');
  assert.deepEqual(lock.sources, [
    { oci: 'r.io:5000/katalogs/api:latest', digest: D2 },
    { oci: 'r.io:5000/katalogs/web:v1', digest: D1 },
    { git: 'https://git.acme.io/k.git', ref: 'v1', path: 'katalogs/x.yaml', commit: COMMIT },
    { helm: 'https://charts.acme.io', chart: 'pg', version: '1.0.0', digest: D2 },
  ]);
  assert.equal(findOci(lock, 'r.io:5000/katalogs/web:v1')?.digest, D1);
  assert.equal(findOci(lock, 'oci://r.io:5000/katalogs/api')?.digest, D2, 'no tag is latest');
  assert.equal(findOci(lock, 'r.io:5000/katalogs/web:v2'), undefined);
  assert.equal(
    findGit(lock, { url: 'https://git.acme.io/k.git', ref: 'v1', path: 'katalogs/x.yaml' })?.commit,
    COMMIT,
  );
  assert.equal(
    findGit(lock, { url: 'https://git.acme.io/k.git', ref: 'v1' }),
    undefined,
    'path is part of it',
  );
  assert.equal(findHelm(lock, { repo: 'https://charts.acme.io', chart: 'pg', version: '1.0.0' })?.digest, D2);
});

test('a locked reference pulls the pinned digest; a missing one is an error naming it and the file', () => {
  const lock = parseLock(document, 'prod.lock');
  assert.equal(
    lockedReference(lock, 'oci://r.io:5000/katalogs/web:v1', 'prod.lock'),
    `r.io:5000/katalogs/web:v1@${D1}`,
  );
  assert.throws(
    () => lockedReference(lock, 'r.io:5000/katalogs/web:v2', 'prod.lock'),
    /^LockFileError: r\.io:5000\/katalogs\/web:v2 is not in the lock file prod\.lock; run ork lock/,
  );
  assert.throws(
    () => requireGit(lock, { url: 'https://git.acme.io/k.git', ref: 'main' }, 'prod.lock'),
    /https:\/\/git\.acme\.io\/k\.git@main is not in the lock file prod\.lock/,
  );
  assert.throws(
    () => requireHelm(lock, { repo: 'https://charts.acme.io', chart: 'pg', version: '2.0.0' }, 'prod.lock'),
    /pg@2\.0\.0 is not in the lock file/,
  );
});

test('invalid locks are refused with the entry at fault', () => {
  const bad = (sources: unknown[]) => () => parseLock({ ...document, sources }, 'x.lock');
  assert.throws(
    () => parseLock({ kind: 'Katalog' }, 'x.lock'),
    /x\.lock: not a KatalogLock: expected apiVersion/,
  );
  assert.throws(
    bad([{ oci: 'r.io/a:v1', digest: 'sha256:12' }]),
    /sources\[0\]: digest "sha256:12" is not sha256/,
  );
  assert.throws(
    bad([{ oci: 'r.io/a:v1', git: 'x', digest: D1 }]),
    /sources\[0\]: expected exactly one of oci, git or helm/,
  );
  assert.throws(bad([{ git: 'u', ref: 'v1', commit: 'abc' }]), /commit "abc" is not a full commit hash/);
  assert.throws(
    bad([{ helm: 'u', chart: 'c', digest: D1 }]),
    /helm entry: version must be a non-empty string/,
  );
  assert.throws(bad([{ oci: 'r.io/a:v1', digest: D1, extra: 1 }]), /unknown field extra in a oci entry/);
  assert.throws(bad([{ oci: 'acme/a:v1', digest: D1 }]), /"acme" is not a registry host/);
  assert.throws(bad([{ oci: `r.io/a@${D2}`, digest: D1 }]), /names digest .* but is locked to/);
  assert.throws(
    bad([
      { oci: 'r.io/a:v1', digest: D1 },
      { oci: 'oci://r.io/a:v1', digest: D2 },
    ]),
    /r\.io\/a:v1 is locked twice, to different pins/,
  );
  assert.deepEqual(
    buildLock([
      { oci: 'r.io/a:v1', digest: D1 },
      { oci: 'r.io/a:v1', digest: D1 },
    ]).sources.length,
    1,
    'the same source pinned alike is kept once',
  );
});

test('a written lock reads back the same, in the stable order, and the file is YAML', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ork-lock-'));
  const file = join(dir, 'orkestra.lock');
  const lock = parseLock(document, file);
  await writeLockFile(file, lock);
  assert.deepEqual(await readLockFile(file), lock);
  const text = await readFile(file, 'utf8');
  assert.equal(text, serializeLock(lock));
  assert.match(text, /^# Written by `ork lock`/);
  assert.match(text, /\nsources:\n {2}- oci: r\.io:5000\/katalogs\/api:latest\n {4}digest: sha256:2{64}\n/);
  assert.match(
    text,
    /- git: https:\/\/git\.acme\.io\/k\.git\n {4}ref: v1\n {4}path: katalogs\/x\.yaml\n {4}commit: a{40}\n/,
  );
  await writeFile(file, 'sources: [');
  await assert.rejects(readLockFile(file), /orkestra\.lock: not YAML/);
  await assert.rejects(
    readLockFile(join(dir, 'none.lock')),
    /cannot read the lock file .*none\.lock: no such file/,
  );
});
