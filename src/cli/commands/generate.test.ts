import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { ork } from '../../../test/harness/ork-cli.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;

afterEach(() => {
  process.exitCode = undefined;
});

describe('ork generate crd (command)', () => {
  it('prints the CRD of each entry that names a crdFile, as the file has it', async () => {
    const r = await ork(['generate', 'crd', '-k', `${ROOT}examples/04-many-crds/katalog.yaml`]);
    assert.equal(r.code, 0, r.err);
    const names = parseAllDocuments(r.out).map(
      (d) => (d.toJS() as { metadata: { name: string } }).metadata.name,
    );
    assert.equal(names.length, 3);
    assert.deepEqual(
      names.toSorted(),
      [
        'caches.platform.demo.orkestra.io',
        'queues.platform.demo.orkestra.io',
        'websites.platform.demo.orkestra.io',
      ].toSorted(),
    );
    assert.match(r.err, /# queue: the CRD of crds\/queue\.yaml/);
  });

  it('derives a CRD with the status subresource and an open schema for an entry with apiTypes only', async () => {
    const r = await ork(['generate', 'crd', '-k', `${ROOT}test/fixtures/good/hello-website.yaml`]);
    assert.equal(r.code, 0, r.err);
    const crd = parseAllDocuments(r.out)[0]?.toJS() as {
      spec: { versions: [{ subresources: unknown; schema: unknown }] };
    };
    const [version] = crd.spec.versions;
    assert.deepEqual(version.subresources, { status: {} });
    assert.ok(JSON.stringify(version.schema).includes('x-kubernetes-preserve-unknown-fields'));
  });

  it('checks the templates as validate does, and generates nothing from a Katalog with a broken one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ork-generate-'));
    try {
      const good = await readFile(`${ROOT}test/fixtures/good/hello-website.yaml`, 'utf8');
      const file = join(dir, 'katalog.yaml');
      await writeFile(
        file,
        good.replace(/"\{\{ \.spec\.image \}\}"/, '"{{ .spec.image | nosuchfunction }}"'),
      );
      const r = await ork(['generate', 'crd', '-k', file]);
      assert.equal(r.code, 1);
      assert.equal(r.out, '');
      assert.match(r.err, /katalog\.yaml:\d+:\d+: error: .*nosuchfunction/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('ork generate bundle (command)', () => {
  it('prints the objects that install the Katalog, its CRD inlined as apiTypes', async () => {
    const r = await ork([
      'generate',
      'bundle',
      '-k',
      `${ROOT}examples/01-hello-website/katalog.yaml`,
      '-n',
      'web',
    ]);
    assert.equal(r.code, 0, r.err);
    const objects = parseAllDocuments(r.out).map(
      (d) => d.toJS() as { kind: string; data?: Record<string, string> },
    );
    assert.equal(objects[0]?.kind, 'Namespace');
    const katalog = objects.find((o) => o.kind === 'ConfigMap')?.data?.['katalog.yaml'] ?? '';
    assert.doesNotMatch(katalog, /crdFile|crFiles/);
    assert.match(katalog, /apiTypes: \{ group: demo\.orkestra\.io/);
  });

  it('--helm-values prints the chart values: the Katalog, the CRDs and the rules', async () => {
    const r = await ork([
      'generate',
      'bundle',
      '-k',
      `${ROOT}examples/01-hello-website/katalog.yaml`,
      '--helm-values',
    ]);
    assert.equal(r.code, 0, r.err);
    const values = parseAllDocuments(r.out)[0]?.toJS() as Record<string, unknown>;
    assert.deepEqual(Object.keys(values), ['katalog', 'crds', 'rbac', 'leaderElection', 'webhooks']);
  });

  it('refuses a child kind it cannot know offline, naming it, and prints nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ork-generate-'));
    try {
      const good = await readFile(`${ROOT}test/fixtures/good/hello-website.yaml`, 'utf8');
      const file = join(dir, 'katalog.yaml');
      await writeFile(
        file,
        good.replace(
          /operatorBox:.*\n/,
          'operatorBox:\n        onReconcile:\n          custom: [{apiVersion: x.io/v1, kind: Gadget, name: g}]\n',
        ),
      );
      const r = await ork(['generate', 'bundle', '-k', file]);
      assert.equal(r.code, 1, r.err);
      assert.equal(r.out, '');
      assert.match(r.err, /kind Gadget \(x\.io\/v1\) is neither a built-in kind/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
