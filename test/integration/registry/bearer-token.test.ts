/**
 * The Bearer dance end to end: the CNCF distribution registry in its `auth: token` mode answers 401
 * with a Bearer challenge naming a token server of the test's; `ork push` and `ork pull` get an ES256
 * JWT from it (Basic credentials from the Docker config) and the registry, trusting the key through a
 * JWKS file, lets them in. A wrong password is refused by the token server: one clear error.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ork } from '../../harness/ork-cli.ts';
import { dockerConfigFor, startRegistry, type TestRegistry } from '../../harness/oci-registry.ts';

let registry: TestRegistry;
let work: string;
const savedDockerConfig = process.env['DOCKER_CONFIG'];

/** A Docker config folder holding `password` for the registry. */
const dockerConfig = (password: string): Promise<string> => dockerConfigFor(registry, work, password);

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'ork-bearer-test-'));
  registry = await startRegistry({ auth: 'token' });
  process.env['DOCKER_CONFIG'] = await dockerConfig(registry.password);
});
after(async () => {
  if (savedDockerConfig === undefined) delete process.env['DOCKER_CONFIG'];
  else process.env['DOCKER_CONFIG'] = savedDockerConfig;
  await registry.stop();
  await rm(work, { recursive: true, force: true });
});

const tls = () => ['--ca-file', registry.caFile];

test('push and pull through a Bearer token from the token server', async () => {
  const src = join(work, 'src', 'web');
  await mkdir(src, { recursive: true });
  await writeFile(join(src, 'katalog.yaml'), 'apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\n');
  const ref = `${registry.host}/katalogs/bearer:v1`;
  const before = registry.tokens?.issued() ?? 0;
  const pushed = await ork(['push', src, ref, ...tls()]);
  assert.equal(pushed.code, 0, pushed.err);
  const out = join(work, 'pulled');
  const pulled = await ork(['pull', ref, '-o', out, ...tls()]);
  assert.equal(pulled.code, 0, pulled.err);
  assert.equal(
    await readFile(join(out, 'katalog.yaml'), 'utf8'),
    'apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\n',
  );
  assert.ok((registry.tokens?.issued() ?? 0) >= before + 2, 'each command fetched a token');
});

test('a wrong password is refused by the token server: one line, nothing written', async () => {
  const ref = `${registry.host}/katalogs/bearer:v1`;
  const saved = process.env['DOCKER_CONFIG'];
  process.env['DOCKER_CONFIG'] = await dockerConfig('not-the-password');
  try {
    const parent = await mkdtemp(join(work, 'fail-'));
    const pulled = await ork(['pull', ref, '-o', join(parent, 'out'), ...tls()]);
    assert.equal(pulled.code, 1);
    assert.match(
      pulled.err,
      new RegExp(`${ref}: authentication failed \\(401 Unauthorized, user orkestra\\)`),
    );
    assert.equal(pulled.err.trim().split('\n').length, 1, pulled.err);
    assert.deepEqual(await readdir(parent), []);
  } finally {
    process.env['DOCKER_CONFIG'] = saved;
  }
});
