/**
 * Safe CRD changes (issue point: `ork run --dev` and its crdFiles): over a live CRD with stored custom
 * resources, a crdFile that breaks them is refused with one line per change and how many stored
 * objects each affects, and the CRD stays as it was; a compatible one is applied; a breaking one with
 * force is applied. The same `installCrds` `ork run --dev` calls, on the real control plane, and then
 * `ork run --dev` itself: it exits 1 with the refusal and starts nothing (its crFiles never applied).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { stringify } from 'yaml';
import { installCrds } from '../../../src/app/run/dev-mode.ts';
import { createKubeClient, loadClusterConfig, type KubeClient } from '../../../src/kube/index.ts';
import { closeTestCluster, testCluster, testNamespace } from '../../harness/cluster.ts';
import { ork } from '../../harness/ork-cli.ts';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

let kube: KubeClient;
before(async () => {
  kube = createKubeClient(await loadClusterConfig({ env: process.env }));
});
after(async () => {
  await kube.transport.close();
  closeTestCluster();
});

/** The spec schema of version v1: `replicas` of a type, `tier` with an enum, and more properties. */
interface Shape {
  replicas: string;
  tiers: string[];
  extra?: Record<string, unknown>;
  /** A second version `v1beta1` (same schema, not the storage one), served or not. */
  beta?: { served: boolean };
}

interface Gadgets {
  group: string;
  name: string;
  ns: string;
  dir: string;
  /** Writes the CRD of this shape to a file of its own; returns the path. */
  file(shape: Shape): Promise<string>;
  /** The live CRD's v1 spec schema and resourceVersion. */
  live(): Promise<{ spec: { properties: Record<string, { type?: string; enum?: string[] }> }; rv: string }>;
}

/** A CRD of a random group, installed as `shape` through installCrds, with three stored gadgets. */
async function gadgets(t: TestContext, shape: Shape): Promise<Gadgets> {
  const client = testCluster();
  const ns = await testNamespace(t);
  const group = `t${randomBytes(4).toString('hex')}.orkestra.test`;
  const name = `gadgets.${group}`;
  const dir = await mkdtemp(join(tmpdir(), 'ork-crd-safety-'));
  t.after(async () => {
    await rm(dir, { recursive: true, force: true });
    await client.delete(`${CRDS}/${name}`);
  });
  let files = 0;
  const file = async (s: Shape) => {
    const path = join(dir, `crd-${(files += 1)}.yaml`);
    await writeFile(path, stringify(crdOf(group, s)));
    return path;
  };
  assert.deepEqual(await installCrds(kube, [await file(shape)]), { names: [name], forced: [] });
  const specs = { a: { replicas: 'two', tier: 'gold' }, b: { tier: 'silver' }, c: { tier: 'gold' } };
  for (const [cr, spec] of Object.entries(specs)) {
    const body = { apiVersion: `${group}/v1`, kind: 'Gadget', metadata: { name: cr }, spec };
    await client.create(`/apis/${group}/v1/namespaces/${ns}/gadgets`, body);
  }
  const live = async () => {
    const res = await client.get<{
      metadata: { resourceVersion: string };
      spec: { versions: { schema: { openAPIV3Schema: { properties: { spec: never } } } }[] };
    }>(`${CRDS}/${name}`);
    return {
      spec: res.body.spec.versions[0]!.schema.openAPIV3Schema.properties.spec,
      rv: res.body.metadata.resourceVersion,
    };
  };
  return { group, name, ns, dir, file, live };
}

function crdOf(group: string, shape: Shape): Record<string, unknown> {
  const properties = {
    replicas: { type: shape.replicas },
    tier: { type: 'string', enum: shape.tiers },
    ...shape.extra,
  };
  const schema = {
    openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties } } },
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `gadgets.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind: 'Gadget', plural: 'gadgets', singular: 'gadget', listKind: 'GadgetList' },
      versions: [
        { name: 'v1', served: true, storage: true, schema },
        ...(shape.beta ? [{ name: 'v1beta1', served: shape.beta.served, storage: false, schema }] : []),
      ],
    },
  };
}

const V1: Shape = { replicas: 'string', tiers: ['bronze', 'silver', 'gold'] };
/** replicas becomes an integer (gadget a holds "two"), gold leaves the enum (a and c hold it). */
const BREAKING: Shape = { replicas: 'integer', tiers: ['bronze', 'silver'] };

const REFUSAL = (name: string) =>
  [
    `CRD ${name}: 2 breaking changes, 2 of 3 stored gadgets affected`,
    '  versions[v1].spec.replicas: type string → integer (1 of 3 stored gadgets affected)',
    '  versions[v1].spec.tier: enum ["bronze", "silver", "gold"] → ["bronze", "silver"], ["gold"] removed (2 of 3 stored gadgets affected)',
  ].join('\n');

test(
  'a breaking CRD change is refused with its diff and the stored CRs it affects, the CRD unchanged',
  { timeout: 60_000 },
  async (t) => {
    const g = await gadgets(t, V1);
    const before = await g.live();
    await assert.rejects(installCrds(kube, [await g.file(BREAKING)]), (error: Error) => {
      assert.equal(error.name, 'CrdChangeRefusedError');
      assert.equal(
        error.message,
        `refusing to apply a CRD change that would break stored objects (--force applies it anyway):\n${REFUSAL(g.name)}`,
      );
      return true;
    });
    const now = await g.live();
    assert.equal(now.rv, before.rv, 'the CRD was not written');
    assert.equal(now.spec.properties['replicas']?.type, 'string');
  },
);

test('a compatible CRD change is applied silently', { timeout: 60_000 }, async (t) => {
  const g = await gadgets(t, V1);
  const widened: Shape = {
    replicas: 'string',
    tiers: ['bronze', 'silver', 'gold', 'platinum'],
    extra: { color: { type: 'string', description: 'a new optional field' } },
  };
  assert.deepEqual(await installCrds(kube, [await g.file(widened)]), { names: [g.name], forced: [] });
  const now = await g.live();
  assert.equal(now.spec.properties['color']?.type, 'string');
  assert.deepEqual(now.spec.properties['tier']?.enum, ['bronze', 'silver', 'gold', 'platinum']);
});

test('a breaking change that no stored CR is affected by is applied', { timeout: 60_000 }, async (t) => {
  const g = await gadgets(t, V1);
  // only tier bronze leaves the enum, and no stored gadget holds it
  const narrowed: Shape = { replicas: 'string', tiers: ['silver', 'gold'] };
  assert.deepEqual(await installCrds(kube, [await g.file(narrowed)]), { names: [g.name], forced: [] });
  assert.deepEqual((await g.live()).spec.properties['tier']?.enum, ['silver', 'gold']);
});

test('a breaking CRD change with force is applied, its diff returned', { timeout: 60_000 }, async (t) => {
  const g = await gadgets(t, V1);
  const installed = await installCrds(kube, [await g.file(BREAKING)], { force: true });
  assert.deepEqual(installed, { names: [g.name], forced: [REFUSAL(g.name)] });
  const now = await g.live();
  assert.equal(now.spec.properties['replicas']?.type, 'integer');
  assert.deepEqual(now.spec.properties['tier']?.enum, ['bronze', 'silver']);
});

test(
  'a served version no longer served is refused, every stored CR affected',
  { timeout: 60_000 },
  async (t) => {
    const g = await gadgets(t, { ...V1, beta: { served: true } });
    const unserved = await g.file({ ...V1, beta: { served: false } });
    await assert.rejects(installCrds(kube, [unserved]), (error: Error) => {
      assert.match(error.message, /: 1 breaking change, 3 of 3 stored gadgets affected\n/);
      assert.ok(
        error.message.includes('  versions[v1beta1]: served true → false (3 of 3 stored gadgets affected)'),
      );
      return true;
    });
    const installed = await installCrds(kube, [unserved], { force: true });
    assert.equal(installed.forced.length, 1);
    const res = await testCluster().get<{ spec: { versions: { name: string; served: boolean }[] } }>(
      `${CRDS}/${g.name}`,
    );
    assert.deepEqual(
      res.body.spec.versions.map((v) => [v.name, v.served]),
      [
        ['v1', true],
        ['v1beta1', false],
      ],
    );
  },
);

test('ork run --dev exits 1 with the refusal and starts nothing', { timeout: 90_000 }, async (t) => {
  const g = await gadgets(t, V1);
  const crd = await g.file(BREAKING);
  const crs = join(g.dir, 'crs.yaml');
  await writeFile(
    crs,
    stringify({ apiVersion: `${g.group}/v1`, kind: 'Gadget', metadata: { name: 'd' }, spec: {} }),
  );
  const katalog = join(g.dir, 'katalog.yaml');
  const entry = {
    crdFile: crd,
    crFiles: [crs],
    operatorBox: { onReconcile: { configMaps: [{ name: '{{ .metadata.name }}' }] } },
  };
  const spec = { crds: { gadget: entry } };
  await writeFile(
    katalog,
    stringify({ apiVersion: 'orkestra.orkspace.io/v1', kind: 'Katalog', metadata: { name: 'safety' }, spec }),
  );
  const run = await ork(['run', '-k', katalog, '--dev', '-n', g.ns, '--port', '0']);
  assert.equal(run.code, 1, run.err);
  assert.match(
    run.err,
    /error: refusing to apply a CRD change that would break stored objects \(--force applies it anyway\)/,
  );
  assert.ok(run.err.includes(REFUSAL(g.name)), run.err);
  assert.doesNotMatch(run.out, /running 1 operator/);
  assert.equal((await g.live()).spec.properties['replicas']?.type, 'string');
  const d = await testCluster().get(`/apis/${g.group}/v1/namespaces/${g.ns}/gadgets/d`);
  assert.equal(d.status, 404, 'the crFiles were not applied');
});
