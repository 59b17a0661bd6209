/**
 * `ork lock` against a real CNCF distribution registry on loopback (htpasswd, TLS): a tag resolved to
 * its manifest digest in the lock file; a tag pushed again afterwards changes neither `ork pull --lock`
 * nor `ork run --lock` (nor ORK_LOCK_FILE); a reference the lock lacks stops the run, named.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ork } from '../../harness/ork-cli.ts';
import { dockerConfigFor, startRegistry, type TestRegistry } from '../../harness/oci-registry.ts';

let registry: TestRegistry;
let work: string;
const saved = { ...process.env };

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'ork-lock-test-'));
  registry = await startRegistry();
  process.env['DOCKER_CONFIG'] = await dockerConfigFor(registry, work);
  process.env['ORK_REGISTRY_CA_FILE'] = registry.caFile;
});
after(async () => {
  process.env = saved;
  await registry.stop();
  await rm(work, { recursive: true, force: true });
});

const tls = () => ['--ca-file', registry.caFile];

/** A Katalog folder whose katalog.yaml holds `text`. */
async function katalog(name: string, text: string): Promise<string> {
  const dir = join(await mkdtemp(join(work, 'src-')), name);
  await mkdir(dir);
  await writeFile(join(dir, 'katalog.yaml'), text);
  return dir;
}

/** Pushes `dir` to `ref`; resolves to the manifest digest. */
async function push(dir: string, ref: string): Promise<string> {
  const pushed = await ork(['push', dir, ref, ...tls()]);
  assert.equal(pushed.code, 0, pushed.err);
  return pushed.out.trim();
}

test('ork lock pins a tag; pushing the tag again changes no locked pull', async () => {
  const ref = `${registry.host}/katalogs/locked:v1`;
  const first = await push(await katalog('web', 'kind: Katalog\n# first\n'), ref);
  const lockFile = join(work, 'orkestra.lock');
  const locked = await ork(['lock', '-k', `oci://${ref}`, '-o', lockFile, ...tls()]);
  assert.equal(locked.code, 0, locked.err);
  assert.match(locked.err, new RegExp(`locked ${ref} to ${first}`));
  const document = parse(await readFile(lockFile, 'utf8')) as unknown;
  assert.deepEqual(document, {
    apiVersion: 'orkestra.orkspace.io/v1',
    kind: 'KatalogLock',
    sources: [{ oci: ref, digest: first }],
  });

  const second = await push(await katalog('web', 'kind: Katalog\n# second\n'), ref);
  assert.notEqual(second, first);
  const lockedOut = join(work, 'pulled-locked');
  const pulled = await ork(['pull', ref, '--lock', lockFile, '-o', lockedOut, ...tls()]);
  assert.equal(pulled.code, 0, pulled.err);
  assert.match(pulled.out, new RegExp(`pulled ${ref}@${first} \\(${first}\\)`));
  assert.equal(await readFile(join(lockedOut, 'katalog.yaml'), 'utf8'), 'kind: Katalog\n# first\n');
  const latestOut = join(work, 'pulled-latest');
  assert.equal((await ork(['pull', ref, '-o', latestOut, ...tls()])).code, 0);
  assert.equal(await readFile(join(latestOut, 'katalog.yaml'), 'utf8'), 'kind: Katalog\n# second\n');
});

test('a locked run reads the locked Katalog, not what the tag names now', async () => {
  const ref = `${registry.host}/katalogs/run-locked:v1`;
  // The locked version is invalid in a way of its own: the run's report proves which one it read.
  await push(
    await katalog('app', 'apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\nlockedOnly: 1\n'),
    ref,
  );
  const lockFile = join(work, 'run.lock');
  assert.equal((await ork(['lock', '-k', ref, '-o', lockFile, ...tls()])).code, 0);
  await push(await katalog('app', 'apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\nnowTagged: 1\n'), ref);

  const viaFlag = await ork(['run', '-k', `oci://${ref}`, '--lock', lockFile, '--port', '0']);
  assert.equal(viaFlag.code, 1);
  assert.match(viaFlag.err, /lockedOnly/);
  assert.doesNotMatch(viaFlag.err, /nowTagged/);

  process.env['ORK_LOCK_FILE'] = lockFile;
  try {
    const viaEnv = await ork(['run', '-k', `oci://${ref}`, '--port', '0']);
    assert.equal(viaEnv.code, 1);
    assert.match(viaEnv.err, /lockedOnly/);
  } finally {
    delete process.env['ORK_LOCK_FILE'];
  }
  const unlocked = await ork(['run', '-k', `oci://${ref}`, '--port', '0']);
  assert.match(unlocked.err, /nowTagged/, 'without a lock, the run reads what the tag names now');
});

test('a reference missing from the lock stops the run and the pull, named', async () => {
  const lockFile = join(work, 'empty.lock');
  await writeFile(lockFile, 'apiVersion: orkestra.orkspace.io/v1\nkind: KatalogLock\nsources: []\n');
  const ref = `${registry.host}/katalogs/unlocked:v3`;
  const run = await ork(['run', '-k', `oci://${ref}`, '--lock', lockFile, '--port', '0']);
  assert.equal(run.code, 1);
  assert.match(run.err, new RegExp(`${ref} is not in the lock file ${lockFile}; run ork lock`));
  const pull = await ork(['pull', ref, '--lock', lockFile, '-o', join(work, 'none'), ...tls()]);
  assert.equal(pull.code, 1);
  assert.match(pull.err, new RegExp(`${ref} is not in the lock file`));
});

test('ork lock fails on a missing tag and leaves the previous lock as it was', async () => {
  const lockFile = join(work, 'kept.lock');
  await writeFile(lockFile, 'apiVersion: orkestra.orkspace.io/v1\nkind: KatalogLock\nsources: []\n');
  const ref = `${registry.host}/katalogs/never-pushed:v1`;
  const result = await ork(['lock', '-k', ref, '-o', lockFile, ...tls()]);
  assert.equal(result.code, 1);
  assert.match(result.err, new RegExp(`${ref}: not found \\(404`));
  assert.equal(
    await readFile(lockFile, 'utf8'),
    'apiVersion: orkestra.orkspace.io/v1\nkind: KatalogLock\nsources: []\n',
  );
});
