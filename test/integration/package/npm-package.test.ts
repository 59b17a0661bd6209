/**
 * The npm package (issue 20): the tarball of `npm pack` installs into an empty folder with no
 * registry, no clone, no dev dependencies and no ../shared, and the installed `npx ork` validates,
 * renders and runs the hello-website example against the dev cluster. Prints the tarball's size and
 * the install's time.
 *
 * The operator watches only the test's namespace (its copy of the Katalog says so), so it never
 * meets another test's Websites.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, freePort, ROOT } from '../../e2e/ork-process.ts';
import { closeTestCluster, testCluster, testNamespace } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { installOffline, pack, run, type Packed } from './npm-pack.ts';

const WEBSITES = '/apis/demo.orkestra.io/v1alpha1/namespaces';
const MERGE_PATCH = 'application/merge-patch+json';

let work = '';
let app = '';
let packed: Packed;
let installMs = 0;

before(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'ork-package-'));
  packed = pack(ROOT, work);
  app = join(work, 'app');
  installMs = installOffline(packed.path, app);
  cpSync(join(ROOT, 'examples', '01-hello-website'), join(app, 'hello'), { recursive: true });
});
after(() => {
  closeTestCluster();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** `npx ork <args>` in the installed folder. */
function npxOrk(args: readonly string[]): { code: number | null; out: string } {
  const result = spawnSync('npx', ['--offline', 'ork', ...args], { cwd: app, encoding: 'utf8' });
  return { code: result.status, out: result.stdout + result.stderr };
}

describe('the npm package', () => {
  test('the tarball holds the bundle, its launcher, the schema, README and LICENSE, and nothing else', (t) => {
    t.diagnostic(
      `tarball ${(packed.size / 1024).toFixed(0)} KiB (${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${packed.files.length} files); offline install ${installMs} ms`,
    );
    for (const file of ['bin/ork.js', 'dist/ork.js', 'dist/run-input-child.js', 'schema/katalog.schema.json'])
      assert.ok(packed.files.includes(file), `${file} in the tarball`);
    for (const file of ['README.md', 'LICENSE', 'package.json']) assert.ok(packed.files.includes(file), file);
    const strays = packed.files.filter(
      (f) => !/^(bin|dist|schema)\/|^(README\.md|LICENSE|package\.json)$/.test(f),
    );
    assert.deepEqual(strays, [], 'no sources, tests or scripts');
    assert.deepEqual(
      packed.files.filter((f) => f.endsWith('.map')),
      [],
      'no source maps (two thirds of dist/)',
    );
  });

  test('it installs offline into an empty folder as one package, with no dependencies', () => {
    assert.deepEqual(
      readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.')),
      ['orkestra'],
    );
    assert.equal(existsSync(join(app, 'node_modules', 'orkestra', 'node_modules')), false);
    const manifest = JSON.parse(
      readFileSync(join(app, 'node_modules', 'orkestra', 'package.json'), 'utf8'),
    ) as { dependencies?: object; scripts?: Record<string, string> };
    assert.equal(manifest.dependencies, undefined, 'dist/ inlines every runtime library');
    assert.equal(manifest.scripts?.['prepare'], undefined, 'nothing builds at install');
  });

  test('npx ork validates and renders the hello-website example there', () => {
    const validate = npxOrk(['validate', '-k', 'hello/katalog.yaml']);
    assert.equal(validate.code, 0, validate.out);
    assert.match(validate.out, /1 CRD valid/);
    const render = npxOrk(['render', '-k', 'hello/katalog.yaml', '--cr', 'hello/cr.yaml']);
    assert.equal(render.code, 0, render.out);
    assert.match(render.out, /kind: Deployment/);
    assert.match(render.out, /image: nginx:1\.27/);
    assert.equal(npxOrk(['--version']).out.trim(), readPackageVersion());
  });

  test('on a Node older than 22.19 the installed ork names the Node it needs', (t) => {
    const machineNode = '/usr/bin/node';
    const version = existsSync(machineNode) ? run(machineNode, ['--version'], app).trim() : '';
    const [major = 0, minor = 0] = version.slice(1).split('.').map(Number);
    if (version === '' || major > 22 || (major === 22 && minor >= 19)) {
      t.diagnostic(`no Node older than 22.19 on this machine (${version || 'none'}): nothing to check`);
      return;
    }
    const bin = join(app, 'node_modules', 'orkestra', 'bin', 'ork.js');
    const result = spawnSync(machineNode, [bin, '--version'], { cwd: app, encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /ork needs Node\.js >= 22\.19 \(this is v\d+.*install Node\.js 24/);
    assert.doesNotMatch(result.stderr, /setup\.sh/, 'an installed package has no scripts/');
  });

  test(
    'npx ork run of hello-website there creates the Website’s Deployment on the dev cluster',
    { timeout: 120_000 },
    async (t) => {
      const ns = await testNamespace(t);
      const katalog = readFileSync(join(app, 'hello', 'katalog.yaml'), 'utf8').replace(
        '    website:\n',
        `    website:\n      namespaces: [${ns}]\n`,
      );
      writeFileSync(join(app, 'hello', `katalog-${ns}.yaml`), katalog);
      const port = await freePort();
      const ork = startNpxOrk([
        'run',
        '-k',
        `hello/katalog-${ns}.yaml`,
        '--dev',
        '-n',
        ns,
        '--port',
        String(port),
      ]);
      t.after(() => releaseAndStop(ns, ork.child));
      try {
        await eventually(async () => (await fetch(`http://127.0.0.1:${port}/ready`)).status === 200, {
          what: '/ready 200',
          timeoutMs: 60_000,
        });
        const client = testCluster();
        const deployment = await eventually(
          async () => {
            const res = await client.get<{ spec: { replicas: number } }>(
              `/apis/apps/v1/namespaces/${ns}/deployments/hello`,
            );
            return res.status === 200 ? res.body : undefined;
          },
          { what: 'Deployment hello', timeoutMs: 60_000 },
        );
        assert.equal(deployment.spec.replicas, 2);
        await deleteWebsite(ns);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`${message}\n--- npx ork run output (tail) ---\n${ork.output().slice(-3000)}`, {
          cause: error,
        });
      }
      assert.equal(await ork.stop(), 0, ork.output().slice(-2000));
    },
  );
});

function readPackageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** `npx ork <args>` started in its own process group, so npx and ork stop together. */
function startNpxOrk(args: readonly string[]): {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
} {
  const child = spawn('npx', ['--offline', 'ork', ...args], {
    cwd: app,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    child,
    output: () => output,
    // npx does not pass SIGTERM on: ork gets it, and npx then exits with ork's code
    stop: () => {
      const ork = descendants(child.pid ?? 0).find((pid) => /\bork(\.js)? run /.test(commandLine(pid)));
      assert.ok(ork, 'the ork process under npx');
      process.kill(ork, 'SIGTERM');
      return exited;
    },
  };
}

/** Every process under `pid` (Linux /proc). */
function descendants(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  );
  return children.flatMap((child) => [child, ...descendants(child)]);
}

function commandLine(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
}

/** Signals npx's whole process group (ork included), whoever of it is still there. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

/** Deletes the Website and waits until the operator released its finalizer. */
async function deleteWebsite(ns: string): Promise<void> {
  const client = testCluster();
  const path = `${WEBSITES}/${ns}/websites/hello`;
  await client.delete(path);
  await eventually(async () => (await client.get(path)).status === 404, {
    what: 'Website hello gone (finalizer released)',
    timeoutMs: 60_000,
  });
}

/** After the test (a failure above all): the Website's finalizer dropped so its namespace can go, what is left of npx and ork killed. */
async function releaseAndStop(ns: string, child: ChildProcess): Promise<void> {
  await testCluster().send(
    'PATCH',
    `${WEBSITES}/${ns}/websites/hello`,
    { metadata: { finalizers: null } },
    MERGE_PATCH,
  );
  signalGroup(child, 'SIGKILL');
}
