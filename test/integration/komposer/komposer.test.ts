/**
 * The Komposer against real servers on loopback: a CNCF registry (TLS, password), git's own daemon and a
 * Helm chart repository made with Helm. A Komposer with all four source kinds and overrides composes the
 * recorded Katalog (golden, `ORK_UPDATE_GOLDEN=1` rewrites it); a CRD in two sources names both; a
 * missing git ref, a chart version not in the index and a chart whose digest does not match each stop
 * with a clear error at their source; `ork run -k komposer.yaml` converges the hello website from git.
 * Last, `ork lock -k komposer.yaml` pins every source; after the git tag moved, the artifact was pushed
 * again and the chart published again, a locked load still composes the golden, an unlocked one sees
 * the changes, and a source the lock lacks is refused.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { composeKomposer } from '../../../src/app/komposer.ts';
import { loadKatalogFiles } from '../../../src/app/katalog.ts';
import { loadRunInput } from '../../../src/app/run/run-input.ts';
import { ensureBuilt, startOrk } from '../../e2e/ork-process.ts';
import { examplePath } from '../../examples/example-files.ts';
import { startChartRepo, type ChartRepo } from '../../harness/chart-repo.ts';
import { closeTestCluster, testCluster, testNamespace } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { gitIn, startGitServer, type GitServer } from '../../harness/git-server.ts';
import { helmBinary } from '../../harness/helm.ts';
import { startRegistry, type TestRegistry } from '../../harness/oci-registry.ts';
import { ork } from '../../harness/ork-cli.ts';
import { katalog, makePlatformRepository, publishPlatformChart, republishPlatformChart } from './sources.ts';

const GOLDEN = new URL('../../golden/komposer/composed.yaml', import.meta.url);

let registry: TestRegistry;
let git: GitServer;
let charts: ChartRepo;
let work: string;
let commits: string[];
let blogDigest: string;

before(async () => {
  ensureBuilt();
  [registry, git, charts] = await Promise.all([startRegistry(), startGitServer(), startChartRepo()]);
  work = mkdtempSync(join(tmpdir(), 'ork-komposer-'));
  const docker = join(work, 'docker');
  mkdirSync(docker);
  const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
  writeFileSync(join(docker, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth } } }));
  process.env['DOCKER_CONFIG'] = docker;
  process.env['ORK_REGISTRY_CA_FILE'] = registry.caFile;
  commits = await makePlatformRepository(git);
  await publishPlatformChart(charts);
  const blog = join(work, 'blog');
  mkdirSync(blog);
  writeFileSync(join(blog, 'katalog.yaml'), katalog('blog', 'blog', 'Blog', 1));
  const pushed = await ork(['push', blog, `${registry.host}/katalogs/blog:v1`, '--ca-file', registry.caFile]);
  assert.equal(pushed.code, 0, pushed.err);
  blogDigest = pushed.out.trim();
  // Helm stays found when the cache moves (the lock tests publish the chart again).
  process.env['ORK_HELM_BIN'] = await helmBinary();
  // A cache of the test's own (set last: the harness finds its built tools in the user's cache).
  process.env['XDG_CACHE_HOME'] = join(work, 'cache');
});
after(async () => {
  await Promise.all([registry.stop(), git.stop(), charts.stop()]);
  rmSync(work, { recursive: true, force: true });
  closeTestCluster();
});

/** Writes a Komposer (and the website Katalog its files source names) into a folder of its own. */
function komposerFile(name: string, body: string): string {
  const dir = join(work, name);
  cpSync(examplePath('01-hello-website', ''), join(dir, 'website'), { recursive: true });
  const file = join(dir, 'komposer.yaml');
  writeFileSync(
    file,
    `apiVersion: orkestra.orkspace.io/v1\nkind: Komposer\nmetadata: {name: platform}\n${body}`,
  );
  return file;
}

const ALL_SOURCES = () => `sources:
  files: [./website/katalog.yaml]
  registry: [{url: ${registry.host}/katalogs/blog:v1, oci: true}]
  git: [{url: ${git.url}/platform.git, ref: v1.0.0, path: katalogs/db}]
  helm: [{repo: ${charts.url}, chart: platform-katalogs, version: 1.0.0, values: {cache: {workers: 6}}}]
`;

/** The overrides of the golden composition. */
const OVERRIDES = `spec:\n  crds:\n    website: {workers: 8, labelSelector: {tier: web}}\n    database: {resync: 1m}\n    cache: {dependsOn: [database]}\n`;

/** The composed Katalog as recorded: each CRD's origin, then the document; ports and folders made stable. */
function goldenText(composed: NonNullable<Awaited<ReturnType<typeof composeKomposer>>['composed']>): string {
  const origins = [...composed.origins].map(([key, from]) => `#   ${key}: ${from}`).join('\n');
  const text = `# origins:\n${origins}\n${stringify(composed.katalog)}`;
  return text.replaceAll(work, '<work>').replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');
}

describe('a Komposer with every source kind', () => {
  it('composes the files, registry, git and helm Katalogs with the overrides merged in (golden)', async () => {
    const file = komposerFile('all', `${ALL_SOURCES()}${OVERRIDES}`);
    const { load, composed } = await composeKomposer(file);
    assert.equal(load.ok, true, JSON.stringify(load.diagnostics, null, 1));
    assert.deepEqual(
      load.plans.map((p) => [p.key, p.workers]),
      [
        ['website', 8],
        ['blog', 1],
        ['database', 3],
        ['cache', 6],
      ],
    );
    assert.ok(composed);
    const text = goldenText(composed);
    if (process.env['ORK_UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, text);
    assert.equal(text, readFileSync(GOLDEN, 'utf8'));
  });

  it('reads a commit already in the cache without the server', async () => {
    const file = komposerFile(
      'offline',
      `sources:\n  git: [{url: ${git.url}/platform.git, ref: ${commits[0] ?? ''}, path: katalogs/db/katalog.yaml}]\n`,
    );
    assert.equal((await loadKatalogFiles([file])).ok, true);
    const gone = komposerFile(
      'gone',
      `sources:\n  git: [{url: git://127.0.0.1:1/platform.git, ref: ${commits[0] ?? ''}, path: katalogs/db/katalog.yaml}]\n`,
    );
    // Another URL is another mirror: only a commit of the same repository is reused.
    assert.equal((await loadKatalogFiles([gone])).ok, false);
    const load = await loadKatalogFiles([file]);
    assert.deepEqual(
      load.plans.map((p) => p.workers),
      [3],
    );
  });
});

/** The one-line messages of a failed load. */
async function failures(file: string): Promise<string[]> {
  const load = await loadKatalogFiles([file]);
  assert.equal(load.ok, false);
  return load.diagnostics.map((d) => `${d.file.replace(work, '<work>')}:${d.line}:${d.column}: ${d.message}`);
}

describe('a Komposer that cannot be composed', () => {
  it('names both sources when they declare the same CRD', async () => {
    const file = komposerFile(
      'conflict',
      `sources:\n  files: [./website/katalog.yaml]\n  git: [{url: ${git.url}/platform.git, ref: v1.0.0, path: katalogs/hello}]\n`,
    );
    const result = await ork(['validate', '-k', file]);
    process.exitCode = undefined; // the in-process CLI sets it: the test file's own exit code is the runner's
    assert.equal(result.code, 1);
    const origin = `git+${git.url}/platform.git@v1.0.0//katalogs/hello/katalog.yaml`;
    assert.match(result.err, /CRD "website" is already declared at /);
    assert.ok(result.err.includes(origin), result.err);
    assert.ok(result.err.includes(join(work, 'conflict', 'website', 'katalog.yaml')), result.err);
  });

  it('says which ref is missing, and which there are', async () => {
    const file = komposerFile(
      'no-ref',
      `sources:\n  git: [{url: ${git.url}/platform.git, ref: v9.9.9, path: katalogs/db}]\n`,
    );
    assert.deepEqual(await failures(file), [
      `<work>/no-ref/komposer.yaml:5:9: git source: ${git.url}/platform.git has no ref "v9.9.9" (tags: v1.0.0; branches: main)`,
    ]);
  });

  it('says which path is missing at the ref', async () => {
    const file = komposerFile(
      'no-path',
      `sources:\n  git: [{url: ${git.url}/platform.git, ref: main, path: katalogs/nope.yaml}]\n`,
    );
    const [message] = await failures(file);
    assert.match(
      message ?? '',
      /git source: git:\/\/127\.0\.0\.1:\d+\/platform\.git@main \([0-9a-f]{12}\) has no katalogs\/nope\.yaml/,
    );
  });

  it('says when the git server cannot be reached', async () => {
    const file = komposerFile(
      'unreachable',
      `sources:\n  git: [{url: git://127.0.0.1:1/platform.git, ref: v1.0.0, path: katalogs/db}]\n`,
    );
    const [message] = await failures(file);
    assert.match(
      message ?? '',
      /git source: cannot fetch git:\/\/127\.0\.0\.1:1\/platform\.git: .*(refused|connect)/i,
    );
  });

  it('lists the versions of a chart when the one asked for is not in the index', async () => {
    const file = komposerFile(
      'no-version',
      `sources:\n  helm: [{repo: ${charts.url}, chart: platform-katalogs, version: 9.9.9}]\n`,
    );
    assert.deepEqual(await failures(file), [
      `<work>/no-version/komposer.yaml:5:10: helm source: ${charts.url}: chart platform-katalogs has no version 9.9.9 (versions: 1.0.0)`,
    ]);
  });

  it('refuses a chart whose archive does not match the digest of the index', async () => {
    const tampered = await startChartRepo();
    try {
      cpSync(charts.dir, tampered.dir, { recursive: true });
      const index = readFileSync(join(tampered.dir, 'index.yaml'), 'utf8');
      const wrong = index
        .replace(/digest: [0-9a-f]{64}/, `digest: ${'f'.repeat(64)}`)
        .replaceAll(charts.url, tampered.url);
      writeFileSync(join(tampered.dir, 'index.yaml'), wrong);
      const file = komposerFile(
        'bad-digest',
        `sources:\n  helm: [{repo: ${tampered.url}, chart: platform-katalogs, version: 1.0.0}]\n`,
      );
      const [message] = await failures(file);
      assert.match(
        message ?? '',
        /helm source: chart http:\/\/.*platform-katalogs-1\.0\.0\.tgz: digest mismatch: the index says sha256:f{64}, got sha256:[0-9a-f]{64}/,
      );
    } finally {
      await tampered.stop();
    }
  });
});

test('ork run -k komposer.yaml runs the hello website from git, its namespaces overridden', async (t) => {
  const ns = await testNamespace(t);
  const file = komposerFile(
    'run',
    `sources:\n  git: [{url: ${git.url}/platform.git, ref: v1.0.0, path: katalogs/hello}]\nspec:\n  crds:\n    website: {namespaces: [${ns}]}\n`,
  );
  const run = await startOrk(['-k', file, '--dev', '-n', ns]);
  t.after(async () => {
    await run.terminate(10_000);
  });
  const client = testCluster();
  await eventually(
    async () => {
      const deployment = await client.get(`/apis/apps/v1/namespaces/${ns}/deployments/hello`);
      return deployment.status === 200 ? deployment.body : undefined;
    },
    { what: `the Deployment of the Website, made by the run of ${file}\n${run.output()}`, timeoutMs: 60_000 },
  );
  await client.send(
    'PATCH',
    `/apis/demo.orkestra.io/v1alpha1/namespaces/${ns}/websites/hello`,
    { metadata: { finalizers: null } },
    'application/merge-patch+json',
  );
});

/** The plans' keys and workers of a load. */
function workers(load: { plans: readonly { key: string; workers: number }[] }): [string, number][] {
  return load.plans.map((p) => [p.key, p.workers]);
}

// Last: these tests move the git tag, push the artifact again and publish the chart again.
describe('a locked Komposer', () => {
  const lockFile = () => join(work, 'platform.lock');
  const komposer = () => komposerFile('all', `${ALL_SOURCES()}${OVERRIDES}`);

  it('ork lock -k komposer.yaml pins the registry, git and helm sources', async () => {
    const locked = await ork(['lock', '-k', komposer(), '-o', lockFile(), '--ca-file', registry.caFile]);
    assert.equal(locked.code, 0, locked.err);
    const archive = readFileSync(join(charts.dir, 'platform-katalogs-1.0.0.tgz'));
    const chartDigest = `sha256:${createHash('sha256').update(archive).digest('hex')}`;
    assert.deepEqual((parse(readFileSync(lockFile(), 'utf8')) as { sources: unknown }).sources, [
      { oci: `${registry.host}/katalogs/blog:v1`, digest: blogDigest },
      { git: `${git.url}/platform.git`, ref: 'v1.0.0', path: 'katalogs/db', commit: commits[0] },
      { helm: charts.url, chart: 'platform-katalogs', version: '1.0.0', digest: chartDigest },
    ]);
    assert.match(
      locked.err,
      new RegExp(`locked ${git.url}/platform.git@v1.0.0:katalogs/db to ${commits[0] ?? ''}`),
    );
    assert.match(locked.out, /wrote .*platform\.lock \(3 sources\)/);
  });

  it('composes the golden Katalog after the tag moved, the artifact was pushed again and the chart published again', async () => {
    await gitIn(join(git.dir, 'platform.git'), ['tag', '--force', 'v1.0.0', commits[1] ?? '']);
    const blog = join(work, 'blog-2');
    mkdirSync(blog);
    writeFileSync(join(blog, 'katalog.yaml'), katalog('blog', 'blog', 'Blog', 2));
    const pushed = await ork([
      'push',
      blog,
      `${registry.host}/katalogs/blog:v1`,
      '--ca-file',
      registry.caFile,
    ]);
    assert.equal(pushed.code, 0, pushed.err);
    await republishPlatformChart(charts);

    const file = komposer();
    const { load, composed } = await composeKomposer(file, { lock: lockFile() });
    assert.equal(load.ok, true, JSON.stringify(load.diagnostics, null, 1));
    assert.ok(composed);
    assert.equal(goldenText(composed), readFileSync(GOLDEN, 'utf8'));

    const validated = await ork(['validate', '-k', file, '--lock', lockFile()]);
    process.exitCode = undefined;
    assert.equal(validated.code, 0, validated.err);
    assert.match(validated.out, /database: [^\n]*\n {2}workers 3 /);
    const run = await loadRunInput({ files: [file], lock: lockFile() });
    assert.deepEqual(workers(run), [
      ['website', 8],
      ['blog', 1],
      ['database', 3],
      ['cache', 6],
    ]);
    process.env['ORK_LOCK_FILE'] = lockFile();
    try {
      assert.equal(
        goldenText((await composeKomposer(file)).composed ?? assert.fail('ORK_LOCK_FILE')),
        readFileSync(GOLDEN, 'utf8'),
      );
    } finally {
      delete process.env['ORK_LOCK_FILE'];
    }

    const unlocked = await composeKomposer(file);
    assert.equal(unlocked.load.ok, true, JSON.stringify(unlocked.load.diagnostics, null, 1));
    assert.deepEqual(workers(unlocked.load), [
      ['website', 8],
      ['blog', 2],
      ['database', 5],
      ['cache', 6],
    ]);
    assert.equal(unlocked.load.plans.find((p) => p.key === 'cache')?.resyncMs, 120_000);
    assert.notEqual(goldenText(unlocked.composed ?? assert.fail('unlocked')), readFileSync(GOLDEN, 'utf8'));
  });

  it('in an empty cache fetches the locked commit and digest, and refuses the chart published again, naming both digests', async () => {
    const env = { ...process.env, XDG_CACHE_HOME: join(work, 'empty-cache') };
    const file = komposerFile(
      'fresh',
      `sources:\n  registry: [{url: ${registry.host}/katalogs/blog:v1}]\n  git: [{url: ${git.url}/platform.git, ref: v1.0.0, path: katalogs/db}]\n`,
    );
    const locked = await loadKatalogFiles([file], { lock: lockFile() });
    assert.equal(locked.ok, true, JSON.stringify(locked.diagnostics, null, 1));
    const { load } = await composeKomposer(file, { lock: lockFile(), env });
    assert.deepEqual(workers(load), [
      ['blog', 1],
      ['database', 3],
    ]);
    const chart = komposerFile(
      'fresh-chart',
      `sources:\n  helm: [{repo: ${charts.url}, chart: platform-katalogs, version: 1.0.0}]\n`,
    );
    const refused = await composeKomposer(chart, { lock: lockFile(), env });
    const entry = (parse(readFileSync(lockFile(), 'utf8')) as { sources: { digest?: string }[] }).sources[2];
    assert.deepEqual(
      refused.load.diagnostics.map((d) => d.message),
      [
        `helm source: chart ${charts.url}/platform-katalogs-1.0.0.tgz: digest mismatch: ${lockFile()} locks platform-katalogs 1.0.0 to ${entry?.digest ?? ''}, got sha256:${createHash(
          'sha256',
        )
          .update(readFileSync(join(charts.dir, 'platform-katalogs-1.0.0.tgz')))
          .digest('hex')} (published again since ork lock; run ork lock to accept it)`,
      ],
    );
  });

  it('refuses a source the lock lacks, naming it and the lock file', async () => {
    const file = komposerFile(
      'unlocked-source',
      `sources:\n  git: [{url: ${git.url}/platform.git, ref: main, path: katalogs/db}]\n`,
    );
    assert.deepEqual(
      (await composeKomposer(file, { lock: lockFile() })).load.diagnostics.map(
        (d) => `${String(d.line)}:${String(d.column)}: ${d.message}`,
      ),
      [
        `5:9: git source: ${git.url}/platform.git@main:katalogs/db is not in the lock file ${lockFile()}; run ork lock to add it`,
      ],
    );
    const missing = await composeKomposer(file, { lock: join(work, 'none.lock') });
    assert.match(missing.load.diagnostics[0]?.message ?? '', /cannot read the lock file .*none\.lock/);
  });
});
