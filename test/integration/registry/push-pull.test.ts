/**
 * `ork push` / `ork pull` against a real CNCF distribution registry on loopback (htpasswd, TLS with
 * the test's CA), and interoperability with the ORAS client both ways.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { ork } from '../../harness/ork-cli.ts';
import { goTool } from '../../harness/go-tools.ts';
import { dockerConfigFor, freePort, startRegistry, type TestRegistry } from '../../harness/oci-registry.ts';

const run = promisify(execFile);
let registry: TestRegistry;
let work: string;

/** A Docker config folder holding `password` for the registry. */
const dockerConfig = (password: string): Promise<string> => dockerConfigFor(registry, work, password);

async function katalogFolder(): Promise<string> {
  const dir = join(await mkdtemp(join(work, 'src-')), 'website');
  await mkdir(join(dir, 'crds'), { recursive: true });
  await writeFile(join(dir, 'katalog.yaml'), 'apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\n');
  await writeFile(join(dir, 'crds', 'site.yaml'), `# ${'x'.repeat(3000)}\nkind: Site\n`);
  return dir;
}

/** Every file under `dir`: relative path → content. */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length + 1)] = await readFile(path, 'utf8');
  }
  return out;
}

const tls = () => ['--ca-file', registry.caFile];

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'ork-oci-test-'));
  registry = await startRegistry();
  process.env['DOCKER_CONFIG'] = await dockerConfig(registry.password);
});
after(async () => {
  await registry.stop();
});

test('push then pull round-trips a Katalog folder byte for byte, and pulls by digest too', async () => {
  const src = await katalogFolder();
  const ref = `${registry.host}/katalogs/website:v1`;
  const pushed = await ork(['push', src, ref, ...tls()]);
  assert.equal(pushed.code, 0, pushed.err);
  const digest = pushed.out.trim();
  assert.match(digest, /^sha256:[a-f0-9]{64}$/);
  const out = join(work, 'pulled');
  const pulled = await ork(['pull', ref, '-o', out, ...tls()]);
  assert.equal(pulled.code, 0, pulled.err);
  assert.deepEqual(await tree(out), await tree(src));
  const byDigest = join(work, 'by-digest');
  const pinned = await ork(['pull', `${registry.host}/katalogs/website@${digest}`, '-o', byDigest, ...tls()]);
  assert.equal(pinned.code, 0, pinned.err);
  assert.deepEqual(await tree(byDigest), await tree(src));
  // The layer is reproducible: pushing the same folder again under another tag stores the same layer.
  const again = await ork(['push', src, `${registry.host}/katalogs/website:v1-again`, ...tls()]);
  assert.equal(again.code, 0, again.err);
});

test('a single file is pushed as a folder of one file', async () => {
  const file = join(await mkdtemp(join(work, 'file-')), 'hello.yaml');
  await writeFile(file, 'kind: Katalog\n');
  const ref = `${registry.host}/katalogs/hello:1.0.0`;
  assert.equal((await ork(['push', file, ref, ...tls()])).code, 0);
  const out = join(work, 'hello-out');
  const pulled = await ork(['pull', ref, '-o', out, ...tls()]);
  assert.equal(pulled.code, 0, pulled.err);
  assert.deepEqual(await tree(out), { 'hello.yaml': 'kind: Katalog\n' });
});

async function assertFailsLeavingNothing(args: string[], message: RegExp): Promise<void> {
  const parent = await mkdtemp(join(work, 'fail-'));
  const result = await ork([...args, '-o', join(parent, 'out')]);
  assert.equal(result.code, 1);
  assert.match(result.err, message);
  assert.equal(result.err.trim().split('\n').length, 1, result.err);
  assert.deepEqual(await readdir(parent), [], 'nothing written');
}

test('a wrong password is a one-line 401 naming the ref, and nothing is written', async () => {
  const src = await katalogFolder();
  const ref = `${registry.host}/katalogs/website:v2`;
  assert.equal((await ork(['push', src, ref, ...tls()])).code, 0);
  const saved = process.env['DOCKER_CONFIG'];
  process.env['DOCKER_CONFIG'] = await dockerConfig('not-the-password');
  try {
    await assertFailsLeavingNothing(
      ['pull', ref, ...tls()],
      new RegExp(`${ref}: authentication failed \\(401`),
    );
    const push = await ork(['push', src, ref, ...tls()]);
    assert.equal(push.code, 1);
    assert.match(push.err, /authentication failed \(401/);
  } finally {
    process.env['DOCKER_CONFIG'] = saved;
  }
});

test('a missing tag is a one-line 404 MANIFEST_UNKNOWN naming the ref', async () => {
  const ref = `${registry.host}/katalogs/website:no-such-tag`;
  await assertFailsLeavingNothing(
    ['pull', ref, ...tls()],
    new RegExp(`${ref}: not found \\(404 MANIFEST_UNKNOWN\\)`),
  );
});

test('an unreachable registry is a one-line error naming the ref', async () => {
  const ref = `127.0.0.1:${String(await freePort())}/katalogs/website:v1`;
  await assertFailsLeavingNothing(
    ['pull', ref, ...tls()],
    new RegExp(`${ref}: registry 127.0.0.1:\\d+ unreachable: .*ECONNREFUSED`),
  );
});

test('a digest mismatch (the layer changed in storage) is refused and nothing is written', async () => {
  const src = await katalogFolder();
  await writeFile(join(src, 'katalog.yaml'), 'kind: Katalog\n# tamper target\n');
  const ref = `${registry.host}/katalogs/tamper:v1`;
  assert.equal((await ork(['push', src, ref, ...tls()])).code, 0);
  // Corrupt the stored layer blob on disk, as a broken or malicious registry would serve it.
  const blobs = join(registry.dir, 'data', 'docker', 'registry', 'v2', 'blobs', 'sha256');
  const pulledOk = join(work, 'tamper-ok');
  assert.equal((await ork(['pull', ref, '-o', pulledOk, ...tls()])).code, 0);
  const layerDigest = await findLayerDigest(ref);
  const data = join(blobs, layerDigest.slice(0, 2), layerDigest, 'data');
  const bytes = await readFile(data);
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
  await writeFile(data, bytes);
  await assertFailsLeavingNothing(
    ['pull', ref, ...tls()],
    new RegExp(`${ref}: blob digest mismatch: expected sha256:${layerDigest}`),
  );
});

async function findLayerDigest(ref: string): Promise<string> {
  const oras = await goTool('oras');
  const { stdout } = await run(oras, [
    'manifest',
    'fetch',
    ref,
    '--ca-file',
    registry.caFile,
    '-u',
    registry.username,
    '-p',
    registry.password,
  ]);
  const manifest = JSON.parse(stdout) as { layers: { digest: string }[] };
  return (manifest.layers[0]?.digest ?? '').replace(/^sha256:/, '');
}

const orasAuth = () => ['--ca-file', registry.caFile, '-u', registry.username, '-p', registry.password];

test('ORAS pulls what ork push wrote, as the same folder', async () => {
  const oras = await goTool('oras');
  const src = await katalogFolder();
  const ref = `${registry.host}/katalogs/to-oras:v1`;
  assert.equal((await ork(['push', src, ref, ...tls()])).code, 0);
  const out = await mkdtemp(join(work, 'oras-pull-'));
  await run(oras, ['pull', ref, '-o', out, ...orasAuth()]);
  assert.deepEqual(await tree(join(out, 'website')), await tree(src));
  const { stdout } = await run(oras, ['manifest', 'fetch', ref, ...orasAuth()]);
  const manifest = JSON.parse(stdout) as { artifactType: string; layers: { mediaType: string }[] };
  assert.equal(manifest.artifactType, 'application/vnd.orkestra.katalog.v1');
  assert.equal(manifest.layers[0]?.mediaType, 'application/vnd.orkestra.katalog.layer.v1.tar+gzip');
});

test('ork pull reads what oras push wrote: a folder with our media types, and a plain single file', async () => {
  const oras = await goTool('oras');
  const src = await katalogFolder();
  const parent = join(src, '..');
  const ref = `${registry.host}/katalogs/from-oras:v1`;
  await run(
    oras,
    [
      'push',
      ref,
      '--artifact-type',
      'application/vnd.orkestra.katalog.v1',
      'website:application/vnd.orkestra.katalog.layer.v1.tar+gzip',
      ...orasAuth(),
    ],
    { cwd: parent },
  );
  const out = join(work, 'from-oras');
  const pulled = await ork(['pull', ref, '-o', out, ...tls()]);
  assert.equal(pulled.code, 0, pulled.err);
  assert.deepEqual(await tree(out), await tree(src));

  const fileRef = `${registry.host}/katalogs/from-oras-file:v1`;
  await run(oras, ['push', fileRef, 'katalog.yaml', ...orasAuth()], { cwd: src });
  const fileOut = join(work, 'from-oras-file');
  const file = await ork(['pull', fileRef, '-o', fileOut, ...tls()]);
  assert.equal(file.code, 0, file.err);
  assert.deepEqual(await tree(fileOut), {
    'katalog.yaml': await readFile(join(src, 'katalog.yaml'), 'utf8'),
  });
});

test('--progress prints the progress of a large layer, pushed and pulled; --no-progress nothing', async () => {
  const src = await katalogFolder();
  // Random bytes as base64 do not compress away: the layer stays well over the 1 MiB threshold.
  await writeFile(join(src, 'crds', 'big.yaml'), `# ${randomBytes(2 * 1024 * 1024).toString('base64')}\n`);
  const ref = `${registry.host}/katalogs/big:v1`;
  const pushed = await ork(['push', src, ref, '--progress', ...tls()]);
  assert.equal(pushed.code, 0, pushed.err);
  const line = /pushing sha256:[a-f0-9]{12}… [\d.]+ MiB \/ 2\.\d MiB 100% [\d.]+ [KMG]iB\/s\n/;
  assert.match(pushed.err, line);
  const out = join(work, 'big-pulled');
  const pulled = await ork(['pull', ref, '-o', out, '--progress', ...tls()]);
  assert.equal(pulled.code, 0, pulled.err);
  assert.match(pulled.err, /pulling sha256:[a-f0-9]{12}… 2\.\d MiB \/ 2\.\d MiB 100% [\d.]+ [KMG]iB\/s\n/);
  assert.deepEqual(await tree(out), await tree(src));
  const quiet = await ork(['pull', ref, '-o', join(work, 'big-quiet'), '--no-progress', ...tls()]);
  assert.equal(quiet.code, 0, quiet.err);
  assert.doesNotMatch(quiet.err, /pulling/);
  const small = await ork([
    'push',
    await katalogFolder(),
    `${registry.host}/katalogs/small:v1`,
    '--progress',
    ...tls(),
  ]);
  assert.doesNotMatch(small.err, /pushing/, 'a small layer shows no progress');
});
