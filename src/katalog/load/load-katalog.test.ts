import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadKatalog } from './load-katalog.ts';

const HEAD = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata:
  name: demo
spec:
  crds:
`;

const WEBSITE = `    website:
      apiTypes: {group: demo.orkestra.io, version: v1alpha1, kind: Website}
      operatorBox:
        onCreate:
          deployments:
            - image: "{{ .spec.image }}"
`;

function reader(files: Record<string, string>) {
  return {
    readFile: (path: string): Promise<string> => {
      const text = files[path];
      return text === undefined ? Promise.reject(new Error('no such file')) : Promise.resolve(text);
    },
  };
}

describe('loadKatalog', () => {
  it('loads a Katalog, fills defaults and infers the plural', async () => {
    const result = await loadKatalog(['k.yaml'], reader({ 'k.yaml': HEAD + WEBSITE }));
    assert.deepEqual(result.diagnostics, []);
    const crd = result.katalog!.crds[0]!;
    assert.equal(crd.key, 'website');
    assert.equal(crd.apiTypes.plural, 'websites');
    assert.equal(crd.entry.operatorBox.onCreate.deployments[0]?.name, '{{ .metadata.name }}');
  });

  it('reports an unknown field at its line and column with a suggestion', async () => {
    const text = HEAD + WEBSITE + '              replica: 3\n';
    const result = await loadKatalog(['k.yaml'], reader({ 'k.yaml': text }));
    const d = result.diagnostics[0]!;
    assert.equal(result.katalog, undefined);
    assert.equal(d.line, 13);
    assert.equal(d.column, 15);
    assert.equal(d.message, 'unknown field "replica" (did you mean "replicas"?)');
    assert.equal(d.path, 'spec.crds.website.operatorBox.onCreate.deployments[0]');
  });

  it('explains a double-quoted template with inner double quotes', async () => {
    const text = HEAD + WEBSITE + '              command: ["{{ get .spec "a" }}"]\n';
    const result = await loadKatalog(['k.yaml'], reader({ 'k.yaml': text }));
    const d = result.diagnostics[0]!;
    assert.equal(d.code, 'yaml-syntax');
    assert.equal(d.line, 13);
    assert.equal(d.column, 39);
    assert.match(d.hint!, /single quotes/);
  });

  it('reads apiTypes from a crdFile relative to the Katalog', async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
spec:
  group: demo.orkestra.io
  scope: Cluster
  names: {kind: Website, plural: websites}
  versions: [{name: v1, served: true, storage: true}]
`;
    const text = HEAD + '    website:\n      crdFile: crd.yaml\n';
    const result = await loadKatalog(['dir/k.yaml'], reader({ 'dir/k.yaml': text, 'dir/crd.yaml': crd }));
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.katalog?.crds[0]!.apiTypes, {
      group: 'demo.orkestra.io',
      version: 'v1',
      kind: 'Website',
      plural: 'websites',
      scope: 'Cluster',
    });
  });

  it('reports a CRD declared in two files at the second, naming the first', async () => {
    const files = { 'a.yaml': HEAD + WEBSITE, 'b.yaml': HEAD.replace('demo', 'other') + WEBSITE };
    const result = await loadKatalog(['a.yaml', 'b.yaml'], reader(files));
    const d = result.diagnostics[0]!;
    assert.equal(d.file, 'b.yaml');
    assert.equal(d.code, 'merge-conflict');
    assert.match(d.message, /CRD "website" is already declared at a\.yaml:7:5/);
  });

  it('reports a file that cannot be read', async () => {
    const result = await loadKatalog(['missing.yaml'], reader({}));
    assert.equal(result.diagnostics[0]!.code, 'cannot-read');
  });
});
