/**
 * The first five minutes of a new user: `ork init NAME` makes a folder, and `ork run -k
 * NAME/katalog.yaml --dev` — both the built CLI as a subprocess — installs its CRD, applies its
 * sample CR, and the CR becomes Ready with the Deployment and Service the scaffold promises.
 *
 * The name is random, so the CRD (group `<name>.example.com`) is this run's own; it is deleted at
 * the end, with the namespace the sample CR went to.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { closeTestCluster, testCluster } from '../harness/cluster.ts';
import { eventually } from '../harness/eventually.ts';
import { createNamespace, ensureBuilt, ROOT, startOrk } from './ork-process.ts';

before(ensureBuilt);
after(closeTestCluster);

const MERGE_PATCH = 'application/merge-patch+json';
const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

interface Obj {
  metadata: { name: string };
  spec?: Record<string, unknown> & { names?: { plural: string; kind: string }; group?: string };
  status?: Record<string, unknown> & { conditions?: { type: string; status: string }[] };
}

/** Runs `bin/ork.js init <dir>` as a user would; fails with its output when it does not exit 0. */
function orkInit(dir: string): string {
  const init = spawnSync(join(ROOT, 'bin', 'ork.js'), ['init', dir], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(init.status, 0, `ork init failed:\n${init.stdout}${init.stderr}`);
  return init.stdout;
}

test(
  'a folder made by ork init runs with ork run --dev and its sample CR becomes Ready',
  { timeout: 180_000 },
  async (t) => {
    const client = testCluster();
    const parent = await mkdtemp(join(tmpdir(), 'ork-init-'));
    t.after(() => rm(parent, { recursive: true, force: true }));
    const base = `shop-${randomBytes(3).toString('hex')}`;
    const dir = join(parent, `${base}-operator`);
    assert.match(orkInit(dir), /katalog\.yaml/);

    const crd = parse(await readFile(join(dir, 'crd.yaml'), 'utf8')) as Obj;
    const sample = parse(await readFile(join(dir, 'cr.yaml'), 'utf8')) as Obj & { apiVersion: string };
    const { group = '', names } = crd.spec ?? {};
    const ns = await createNamespace(client, 'init');
    const crPath = `/apis/${sample.apiVersion}/namespaces/${ns}/${names?.plural ?? ''}/${sample.metadata.name}`;
    const ork = await startOrk(['-k', join(dir, 'katalog.yaml'), '--dev', '-n', ns]);
    t.after(async () => {
      if (ork.running()) {
        await client.send('PATCH', crPath, { metadata: { finalizers: null } }, MERGE_PATCH);
        ork.child.kill('SIGKILL');
      }
      await client.delete(`/api/v1/namespaces/${ns}`);
      await client.delete(`${CRDS}/${crd.metadata.name}`);
    });
    try {
      const cr = await eventually(
        async () => {
          const res = await client.get<Obj>(crPath);
          const ready = res.body.status?.conditions?.find((c) => c.type === 'Ready');
          return ready?.status === 'True' && res.body.status?.['readyReplicas'] === 2 ? res.body : undefined;
        },
        {
          what: `${names?.kind ?? ''} ${sample.metadata.name} Ready with 2 ready replicas`,
          timeoutMs: 90_000,
        },
      );
      assert.equal(cr.status?.['observedGeneration'], 1);
      assert.equal(group, `${base}.example.com`, 'the default group of ork init');
      const name = sample.metadata.name;
      const deployment = await client.get<Obj>(`/apis/apps/v1/namespaces/${ns}/deployments/${name}`);
      assert.equal(deployment.status, 200);
      assert.equal(deployment.body.spec?.['replicas'], 2);
      const service = await client.get<Obj>(`/api/v1/namespaces/${ns}/services/${name}`);
      assert.equal(service.status, 200);
      assert.equal((await ork.http(`/katalog/${names?.kind.toLowerCase() ?? ''}/health`)).status, 200);

      const deleted = await client.delete(crPath);
      assert.ok(deleted.status === 200 || deleted.status === 202, JSON.stringify(deleted.body));
      await eventually(async () => (await client.get(crPath)).status === 404, {
        what: 'the sample CR gone (finalizer released)',
        timeoutMs: 60_000,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${message}\n--- ork run output (tail) ---\n${ork.output().slice(-4000)}`, {
        cause: error,
      });
    }
    const exit = await ork.terminate(10_000);
    assert.equal(exit.code, 0, `exit code after SIGTERM (${exit.ms} ms)\n${ork.output().slice(-2000)}`);
  },
);
