import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadKatalog } from '../load/load-katalog.ts';
import {
  composeKatalog,
  deepMerge,
  isKomposerText,
  komposerOverlay,
  labelDiagnostics,
  parseKomposer,
  relocateToOverrides,
  unknownOverrides,
} from './index.ts';

const KATALOG = (name: string, key: string) => `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: ${name}}
spec:
  crds:
    ${key}:
      apiTypes: {group: demo.orkestra.io, version: v1, kind: Website}
      workers: 2
      labelSelector: {tier: web, team: a}
      operatorBox:
        onCreate:
          services:
            - {name: '{{ .metadata.name }}', port: 80}
`;

const KOMPOSER = `apiVersion: orkestra.orkspace.io/v1
kind: Komposer
metadata: {name: platform}
sources:
  files: [./a.yaml]
spec:
  crds:
    website:
      workers: 8
      labelSelector: {team: b}
`;

function reader(files: Record<string, string>) {
  return (path: string): Promise<string> => {
    const text = files[path];
    return text === undefined ? Promise.reject(new Error('no such file')) : Promise.resolve(text);
  };
}

describe('Komposer', () => {
  it('is told apart from a Katalog by its kind', () => {
    assert.equal(isKomposerText(KOMPOSER), true);
    assert.equal(isKomposerText(KATALOG('a', 'website')), false);
  });

  it('refuses an unknown key with its line, column and a suggestion', () => {
    const parsed = parseKomposer('k.yaml', KOMPOSER.replace('files:', 'filez:'));
    assert.equal(parsed.komposer, undefined);
    const d = parsed.diagnostics[0];
    assert.equal(`${d?.file}:${d?.line}:${d?.column}`, 'k.yaml:5:3');
    assert.match(d?.message ?? '', /unknown field "filez" \(did you mean "files"\?\)/);
  });

  it('deep-merges maps and replaces lists and scalars', () => {
    const merged = deepMerge({ a: { b: 1, c: [1, 2] }, d: 'x' }, { a: { c: [3], e: true }, d: null });
    assert.deepEqual(merged, { a: { b: 1, c: [3], e: true }, d: null });
  });

  it('merges overrides over the source entry before the schema check', async () => {
    const parsed = parseKomposer('k.yaml', KOMPOSER);
    const overlay = komposerOverlay(parsed.source, parsed.overrides);
    const loaded = await loadKatalog(['a.yaml'], {
      readFile: reader({ 'a.yaml': KATALOG('a', 'website') }),
      overlay,
    });
    const entry = loaded.katalog!.crds[0]!.entry;
    assert.equal(entry.workers, 8);
    assert.deepEqual(entry.labelSelector, { tier: 'web', team: 'b' });
    assert.equal(entry.operatorBox.onCreate.services.length, 1);
  });

  it('reports a bad override value in the Komposer, not in the source', async () => {
    const parsed = parseKomposer('k.yaml', KOMPOSER.replace('workers: 8', 'workers: 800'));
    const overlay = komposerOverlay(parsed.source, parsed.overrides);
    const loaded = await loadKatalog(['a.yaml'], {
      readFile: reader({ 'a.yaml': KATALOG('a', 'website') }),
      overlay,
    });
    const d = loaded.diagnostics[0];
    assert.equal(`${d?.file}:${d?.line}:${d?.column}`, 'k.yaml:9:16');
    assert.match(d?.message ?? '', /at most 64/);
  });

  it('names both origins when two sources declare the same CRD', async () => {
    const files = { '/c/git/a.yaml': KATALOG('a', 'website'), '/c/oci/b.yaml': KATALOG('b', 'website') };
    const loaded = await loadKatalog(Object.keys(files), { readFile: reader(files) });
    const origins = [
      { root: '/c/git', label: 'git+https://example.com/a.git@v1' },
      { root: '/c/oci', label: 'oci://registry.example/b:v2' },
    ];
    const d = labelDiagnostics(loaded.diagnostics, origins)[0]!;
    assert.equal(d.file, 'oci://registry.example/b:v2//b.yaml');
    assert.match(d.message, /already declared at git\+https:\/\/example\.com\/a\.git@v1\/\/a\.yaml:6:5/);
  });

  it('refuses an override of a CRD no source declares, with a suggestion', () => {
    const parsed = parseKomposer('k.yaml', KOMPOSER.replace('    website:', '    websit:'));
    const [d] = unknownOverrides(parsed.source, parsed.komposer!, ['website']);
    assert.equal(`${d?.line}:${d?.column}`, '8:5');
    assert.equal(d?.hint, 'did you mean "website"?');
  });

  it('moves a diagnostic about an overridden value to the override', () => {
    const parsed = parseKomposer('k.yaml', KOMPOSER);
    const d = {
      file: 'a.yaml',
      line: 8,
      column: 7,
      endLine: 8,
      endColumn: 8,
      severity: 'error' as const,
      code: 'x',
      message: 'm',
      path: 'spec.crds.website.workers',
    };
    const [moved] = relocateToOverrides([d], parsed.source, parsed.komposer!.spec.crds);
    assert.equal(`${moved?.file}:${moved?.line}:${moved?.column}`, 'k.yaml:9:16');
  });

  it('composes the sources into one Katalog document with the overrides', () => {
    const parsed = parseKomposer('k.yaml', KOMPOSER);
    const composed = composeKatalog(
      parsed.komposer!,
      [
        { file: '/g/a.yaml', text: KATALOG('a', 'website') },
        { file: 'b.yaml', text: KATALOG('b', 'blog') },
      ],
      [{ root: '/g', label: 'git+x@v1' }],
    );
    const crds = (composed.katalog['spec'] as { crds: Record<string, { workers: number }> }).crds;
    assert.deepEqual(Object.keys(crds), ['website', 'blog']);
    assert.equal(crds['website']?.workers, 8);
    assert.equal(crds['blog']?.workers, 2);
    assert.equal(composed.origins.get('website'), 'git+x@v1//a.yaml');
    assert.deepEqual(composed.katalog['metadata'], { name: 'platform' });
  });
});
