/**
 * The examples against a real API server: the CRD that `ork generate crd` derives from each entry and
 * every hand-written CRD in crd.yaml pass a server-side dry run, and each example's CRs pass their own
 * CRD's schema (created under a throwaway group so no shared name is touched).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { generateCrd } from '../../../src/katalog/index.ts';
import type { CrdDeclaration } from '../../../src/katalog/index.ts';
import { closeTestCluster, testCluster, testNamespace } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import type { TestResponse } from '../../harness/test-client.ts';
import {
  crdOf,
  examplePath,
  listExamples,
  loadExample,
  readManifests,
} from '../../examples/example-files.ts';
import type { Manifest } from '../../examples/example-files.ts';

after(closeTestCluster);

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

interface Status {
  kind?: string;
  reason?: string;
  message?: string;
  metadata?: { name?: string };
  spec?: Record<string, unknown>;
  status?: { conditions?: { type: string; status: string }[] };
}

/**
 * Asserts a dry-run create was accepted. AlreadyExists also proves acceptance: the API server validates
 * an object before it looks for an existing one (a developer may have applied the example already).
 */
function assertAccepted(res: TestResponse<Status>, what: string): void {
  const detail = `${what}: HTTP ${String(res.status)} ${res.body.message ?? ''}`;
  if (res.status === 409) assert.equal(res.body.reason, 'AlreadyExists', detail);
  else assert.equal(res.status, 201, detail);
}

async function dryRunCreate(manifest: Manifest): Promise<TestResponse<Status>> {
  return testCluster().send<Status>('POST', `${CRDS}?dryRun=All`, manifest);
}

async function crdsOf(example: string): Promise<readonly CrdDeclaration[]> {
  const { katalog, plans } = await loadExample(example);
  assert.ok(katalog !== undefined && plans !== undefined, `${example} does not validate`);
  return katalog.crds;
}

/** The CRD of an entry renamed into a throwaway group; returns it and its new group. */
function underTestGroup(crd: Manifest): { manifest: Manifest; group: string } {
  const spec = crd.spec as { group: string; names: { plural: string } };
  const group = `t${randomBytes(3).toString('hex')}.${spec.group}`;
  const manifest = { ...crd, metadata: { name: `${spec.names.plural}.${group}` }, spec: { ...spec, group } };
  return { manifest, group };
}

async function createEstablished(t: TestContext, crd: Manifest): Promise<void> {
  const api = testCluster();
  const name = crd.metadata?.name ?? '';
  await api.create(CRDS, crd);
  t.after(async () => {
    await api.delete(`${CRDS}/${name}`);
  });
  await eventually(
    async () => {
      const { body } = await api.get<Status>(`${CRDS}/${name}`);
      return body.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    },
    { what: `${name} to be established`, timeoutMs: 30_000 },
  );
}

/**
 * Creates the entry's CRD under a throwaway group, then dry-runs each of its CRs (changed by `edit`);
 * returns the objects as the API server would store them.
 */
async function dryRunCrs(
  t: TestContext,
  example: string,
  crd: CrdDeclaration,
  edit: (cr: Manifest) => Manifest = (cr) => cr,
): Promise<Status[]> {
  const api = testCluster();
  const { manifest, group } = underTestGroup(crdOf(example, crd));
  await createEstablished(t, manifest);
  const ns = await testNamespace(t);
  const base = `/apis/${group}/${crd.apiTypes.version}/namespaces/${ns}/${crd.apiTypes.plural}`;
  const stored: Status[] = [];
  for (const cr of crd.entry.crFiles.flatMap((f) => readManifests(examplePath(example, f)))) {
    const body = { ...edit(cr), apiVersion: `${group}/${crd.apiTypes.version}` };
    const res = await eventually(
      async () => {
        const r = await api.send<Status>('POST', `${base}?dryRun=All`, body);
        return r.status === 404 ? undefined : r; // the new resource is served a moment after Established
      },
      { what: `${crd.apiTypes.plural}.${group} to be served`, timeoutMs: 30_000 },
    );
    assert.equal(res.status, 201, `${example} ${cr.metadata?.name ?? ''}: ${res.body.message ?? ''}`);
    stored.push(res.body);
  }
  return stored;
}

for (const example of listExamples()) {
  describe(example, () => {
    it('has generated CRDs that the API server accepts in a dry run', { timeout: 30_000 }, async () => {
      for (const crd of await crdsOf(example)) {
        const generated = generateCrd(crd);
        const res = await dryRunCreate(generated);
        assertAccepted(res, `${example} ${crd.key} (generated)`);
        if (res.status === 201)
          assert.equal(res.body.metadata?.name, `${crd.apiTypes.plural}.${crd.apiTypes.group}`);
      }
    });

    it(
      'has a crd.yaml whose every CRD the API server accepts in a dry run',
      { timeout: 30_000 },
      async () => {
        const manifests = readManifests(examplePath(example, 'crd.yaml'));
        assert.ok(manifests.length > 0);
        for (const manifest of manifests) {
          assertAccepted(
            await dryRunCreate(manifest),
            `${example} crd.yaml ${manifest.metadata?.name ?? ''}`,
          );
        }
      },
    );

    it('has CRs that their CRD accepts', { timeout: 90_000 }, async (t) => {
      for (const crd of await crdsOf(example)) {
        const stored = await dryRunCrs(t, example, crd);
        assert.ok(stored.length > 0, `${crd.key} has no CR`);
      }
    });
  });
}

describe('04-many-crds', () => {
  it(
    'prunes spec.partitions from every Queue, so its template always divides by zero',
    { timeout: 90_000 },
    async (t) => {
      const crds = await crdsOf('04-many-crds');
      const queue = crds.find((c) => c.key === 'queue');
      assert.ok(queue !== undefined);
      const withPartitions = (cr: Manifest): Manifest => ({ ...cr, spec: { ...cr.spec, partitions: 4 } });
      const stored = await dryRunCrs(t, '04-many-crds', queue, withPartitions);
      assert.ok(stored.length > 0);
      for (const cr of stored) {
        assert.equal(cr.spec?.['partitions'], undefined);
        assert.equal(typeof cr.spec?.['shards'], 'number');
      }
    },
  );
});
