/**
 * `ork run -k oci://…`: the hello-website example, pushed with `ork push` to a real registry (TLS and
 * a password, on loopback), runs straight from its reference on the dev cluster — its crdFile and
 * crFiles read from the pulled folder — and converges, with `oci://` or without it (a bare
 * `localhost:PORT/repo:tag`). A reference that does not exist stops the run with the registry's answer,
 * before anything starts.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { parse, stringify } from 'yaml';
import { ensureBuilt, startOrk } from '../../e2e/ork-process.ts';
import { examplePath } from '../../examples/example-files.ts';
import { closeTestCluster, testCluster, testNamespace } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { startRegistry, type TestRegistry } from '../../harness/oci-registry.ts';
import { ork } from '../../harness/ork-cli.ts';

let registry: TestRegistry;
let work: string;

before(async () => {
  ensureBuilt();
  registry = await startRegistry();
  work = mkdtempSync(join(tmpdir(), 'ork-run-oci-'));
  const docker = join(work, 'docker');
  mkdirSync(docker);
  const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
  // The same registry as localhost:PORT too (the reference without oci:// names it so).
  const localhost = registry.host.replace('127.0.0.1', 'localhost');
  writeFileSync(
    join(docker, 'config.json'),
    JSON.stringify({ auths: { [registry.host]: { auth }, [localhost]: { auth } } }),
  );
  process.env['DOCKER_CONFIG'] = docker;
  process.env['ORK_REGISTRY_CA_FILE'] = registry.caFile;
});
after(async () => {
  await registry.stop();
  rmSync(work, { recursive: true, force: true });
  closeTestCluster();
});

/** examples/01 as a folder to push, its Website watched in `ns` only (other tests run the example too). */
function helloFolder(ns: string): string {
  const dir = join(work, `hello-${ns}`);
  cpSync(examplePath('01-hello-website', ''), dir, { recursive: true });
  const file = join(dir, 'katalog.yaml');
  const katalog = parse(readFileSync(file, 'utf8')) as {
    spec: { crds: Record<string, Record<string, unknown>> };
  };
  for (const entry of Object.values(katalog.spec.crds)) entry['namespaces'] = [ns];
  writeFileSync(file, stringify(katalog));
  return dir;
}

/** Pushes the example under `ref`, runs `ork run -k <value>` and waits for the Website's Deployment. */
async function convergesFrom(t: TestContext, ref: string, value: (ref: string) => string): Promise<void> {
  const ns = await testNamespace(t);
  const pushed = await ork(['push', helloFolder(ns), ref, '--ca-file', registry.caFile]);
  assert.equal(pushed.code, 0, pushed.err);
  const run = await startOrk(['-k', value(ref), '--dev', '-n', ns]);
  t.after(async () => {
    await run.terminate(10_000);
  });
  const client = testCluster();
  await eventually(
    async () => {
      const deployment = await client.get<{ spec?: { replicas?: number } }>(
        `/apis/apps/v1/namespaces/${ns}/deployments/hello`,
      );
      return deployment.status === 200 ? deployment.body : undefined;
    },
    {
      what: `the Deployment of the Website, made by the run of ${value(ref)}\n${run.output()}`,
      timeoutMs: 60_000,
    },
  );
  const website = await client.get(`/apis/demo.orkestra.io/v1alpha1/namespaces/${ns}/websites/hello`);
  assert.equal(website.status, 200, 'the crFiles of the pulled folder were applied');
  await client.send(
    'PATCH',
    `/apis/demo.orkestra.io/v1alpha1/namespaces/${ns}/websites/hello`,
    { metadata: { finalizers: null } },
    'application/merge-patch+json',
  );
}

test('ork run -k oci://… pulls the pushed hello-website example and converges it', async (t) => {
  await convergesFrom(t, `${registry.host}/katalogs/hello:v1`, (ref) => `oci://${ref}`);
});

test('ork run -k localhost:PORT/repo:tag (no oci://) is a reference too, and converges', async (t) => {
  const localhost = registry.host.replace('127.0.0.1', 'localhost');
  await convergesFrom(t, `${localhost}/katalogs/hello-bare:v1`, (ref) => ref);
});

test('a reference the registry does not have stops the run before anything starts', async () => {
  const missing = await ork(['run', '-k', `oci://${registry.host}/katalogs/none:v9`, '--port', '0']);
  assert.notEqual(missing.code, 0);
  assert.match(missing.err + missing.out, /katalogs\/none:v9.*(not found|MANIFEST_UNKNOWN|no such)/is);
});
