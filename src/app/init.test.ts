import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import {
  compileKatalog,
  formatDiagnosticHeadline,
  KATALOG_SCHEMA_URL,
  loadKatalog,
  validateKatalog,
} from '../katalog/index.ts';
import { deriveIdentity, initOperator, InitError, SCAFFOLD_FILES } from './init.ts';
import { katalogTemplateChecker } from './katalog.ts';

const root = await mkdtemp(join(tmpdir(), 'ork-init-'));
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function validateScaffold(dir: string) {
  const loaded = await loadKatalog([join(dir, 'katalog.yaml')], { readFile: (p) => readFile(p, 'utf8') });
  const katalog = loaded.katalog;
  assert.ok(katalog !== undefined, loaded.diagnostics.map(formatDiagnosticHeadline).join('\n'));
  const checks = validateKatalog(katalog, { checkTemplate: katalogTemplateChecker([]) });
  const diagnostics = [...loaded.diagnostics, ...checks];
  return { katalog, diagnostics, plans: compileKatalog(katalog) };
}

describe('ork init', () => {
  it('scaffolds a folder whose Katalog loads, validates without a diagnostic and compiles', async () => {
    const dir = join(root, 'website-operator');
    const result = await initOperator({ directory: dir });
    assert.deepEqual((await readdir(dir)).sort(), [...SCAFFOLD_FILES].sort());
    assert.deepEqual(result.files, [...SCAFFOLD_FILES]);
    const { katalog, diagnostics, plans } = await validateScaffold(dir);
    assert.deepEqual(diagnostics.map(formatDiagnosticHeadline), []);
    assert.equal(plans.length, 1);
    const [crd] = katalog.crds;
    assert.equal(crd?.key, 'website');
    assert.deepEqual(crd.apiTypes, {
      group: 'website.example.com',
      version: 'v1alpha1',
      kind: 'Website',
      plural: 'websites',
      scope: 'Namespaced',
    });
    assert.deepEqual(crd.entry.crFiles, ['cr.yaml']);
  });

  it('writes a sample CR of the scaffolded CRD and a Katalog with the schema modeline', async () => {
    const dir = join(root, 'shop');
    await initOperator({ directory: dir, group: 'apps.acme.io', kind: 'Storefront' });
    const cr = parse(await readFile(join(dir, 'cr.yaml'), 'utf8')) as Record<string, unknown>;
    assert.equal(cr['apiVersion'], 'apps.acme.io/v1alpha1');
    assert.equal(cr['kind'], 'Storefront');
    const crd = parse(await readFile(join(dir, 'crd.yaml'), 'utf8')) as { metadata: { name: string } };
    assert.equal(crd.metadata.name, 'storefronts.apps.acme.io');
    const katalog = await readFile(join(dir, 'katalog.yaml'), 'utf8');
    assert.equal(katalog.split('\n')[0], `# yaml-language-server: $schema=${KATALOG_SCHEMA_URL}`);
    const { diagnostics } = await validateScaffold(dir);
    assert.deepEqual(diagnostics.map(formatDiagnosticHeadline), []);
  });

  it('refuses to overwrite an existing file and writes nothing', async () => {
    const dir = join(root, 'taken');
    await initOperator({ directory: dir });
    await writeFile(join(dir, 'katalog.yaml'), 'mine\n');
    await rm(join(dir, 'cr.yaml'));
    await assert.rejects(initOperator({ directory: dir }), (e: unknown) => {
      assert.ok(e instanceof InitError);
      assert.match(e.message, /katalog\.yaml/);
      assert.match(e.message, /refusing to overwrite/);
      return true;
    });
    assert.equal(await readFile(join(dir, 'katalog.yaml'), 'utf8'), 'mine\n');
    assert.ok(!(await readdir(dir)).includes('cr.yaml'), 'a missing file was written after all');
  });

  it('derives kind and group from the name without its -operator suffix', () => {
    const id = deriveIdentity({ directory: '/x/web-site-operator' });
    assert.equal(id.name, 'web-site-operator');
    assert.equal(id.kind, 'WebSite');
    assert.equal(id.key, 'website');
    assert.equal(id.group, 'web-site.example.com');
    assert.equal(id.plural, 'websites');
    assert.equal(deriveIdentity({ directory: 'policy' }).plural, 'policies');
    assert.equal(deriveIdentity({ directory: 'my-cache-operator' }).kind, 'Cache');
    const placeholder = deriveIdentity({ directory: 'my-operator' });
    assert.deepEqual(
      [placeholder.kind, placeholder.plural, placeholder.group],
      ['App', 'apps', 'my.example.com'],
    );
  });

  it('rejects a name, kind or group Kubernetes would not accept', () => {
    assert.throws(() => deriveIdentity({ directory: 'My_Operator' }), InitError);
    assert.throws(() => deriveIdentity({ directory: '9lives' }), /pass --kind/);
    assert.doesNotThrow(() => deriveIdentity({ directory: '9lives', kind: 'Cat' }));
    assert.throws(() => deriveIdentity({ directory: 'ok', kind: 'lowercase' }), /not a valid kind/);
    assert.throws(() => deriveIdentity({ directory: 'ok', group: 'nodot' }), /not a valid API group/);
  });
});
