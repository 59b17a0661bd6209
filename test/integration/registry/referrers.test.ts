/**
 * Katalogs attached to a subject (OCI 1.1 referrers) against the CNCF distribution registry, which
 * serves no referrers API (v3 answers 404 on /v2/<name>/referrers/<digest>): so what is tested for
 * real here is the fallback — `ork push --attach` keeps the referrers tag schema's index, `ork
 * discover` reads it — and its interoperability with ORAS both ways (`oras discover` sees what ork
 * attached, `ork discover` sees what `oras attach` attached). The referrers API path itself is not
 * exercised against a server here: no registry built for the tests serves it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { goTool } from '../../harness/go-tools.ts';
import { dockerConfigFor, startRegistry, type TestRegistry } from '../../harness/oci-registry.ts';
import { ork } from '../../harness/ork-cli.ts';

const run = promisify(execFile);
let registry: TestRegistry;
let work: string;
const savedDockerConfig = process.env['DOCKER_CONFIG'];

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'ork-referrers-test-'));
  registry = await startRegistry();
  process.env['DOCKER_CONFIG'] = await dockerConfigFor(registry, work);
});
after(async () => {
  if (savedDockerConfig === undefined) delete process.env['DOCKER_CONFIG'];
  else process.env['DOCKER_CONFIG'] = savedDockerConfig;
  await registry.stop();
  await rm(work, { recursive: true, force: true });
});

const tls = () => ['--ca-file', registry.caFile];
const orasAuth = () => ['--ca-file', registry.caFile, '-u', registry.username, '-p', registry.password];

async function katalog(name: string): Promise<string> {
  const dir = join(await mkdtemp(join(work, 'src-')), name);
  await mkdir(dir);
  await writeFile(
    join(dir, 'katalog.yaml'),
    `apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\n# ${name}\n`,
  );
  return dir;
}

test('a Katalog attached to an app artifact is discovered by ork and by ORAS, through the tag schema', async () => {
  const oras = await goTool('oras');
  const repo = `${registry.host}/apps/shop`;
  // The subject: an app artifact pushed by a standard client.
  const appDir = await mkdtemp(join(work, 'app-'));
  await writeFile(join(appDir, 'app.txt'), 'the app\n');
  await run(oras, ['push', `${repo}:1.0.0`, 'app.txt', ...orasAuth()], { cwd: appDir });

  const pushed = await ork([
    'push',
    await katalog('shop'),
    `${repo}:katalog-1`,
    '--attach',
    `${repo}:1.0.0`,
    ...tls(),
  ]);
  assert.equal(pushed.code, 0, pushed.err);
  const digest = pushed.out.trim();

  const found = await ork(['discover', `${repo}:1.0.0`, ...tls()]);
  assert.equal(found.code, 0, found.err);
  assert.match(found.err, /1 Katalog\(s\) attached .* via the referrers tag schema/);
  assert.equal(found.out, `${repo}@${digest}\tshop\tkatalog-1\n`);

  const { stdout } = await run(oras, [
    'discover',
    `${repo}:1.0.0`,
    '--artifact-type',
    'application/vnd.orkestra.katalog.v1',
    '--format',
    'json',
    ...orasAuth(),
  ]);
  assert.match(stdout, new RegExp(digest), 'ORAS finds the Katalog ork attached');

  // ORAS attaches a Katalog too; a second ork push keeps both in the index.
  const other = await katalog('other');
  await run(
    oras,
    [
      'attach',
      `${repo}:1.0.0`,
      '--artifact-type',
      'application/vnd.orkestra.katalog.v1',
      'katalog.yaml',
      ...orasAuth(),
    ],
    { cwd: other },
  );
  const second = await ork([
    'push',
    await katalog('shop-ops'),
    `${repo}:katalog-2`,
    '--attach',
    `${repo}:1.0.0`,
    ...tls(),
  ]);
  assert.equal(second.code, 0, second.err);
  const all = await ork(['discover', `${repo}:1.0.0`, ...tls()]);
  assert.match(all.err, /3 Katalog\(s\) attached/);
  assert.match(all.out, new RegExp(`${repo}@${digest}\tshop`));
  assert.match(all.out, new RegExp(`${repo}@${second.out.trim()}\tshop-ops`));
});

test('a subject in another repository is refused, naming why', async () => {
  const result = await ork([
    'push',
    await katalog('x'),
    `${registry.host}/apps/a:k1`,
    '--attach',
    `${registry.host}/apps/b:1.0.0`,
    ...tls(),
  ]);
  assert.equal(result.code, 1);
  assert.match(result.err, /the subject must be in the repository the Katalog is pushed to/);
});
