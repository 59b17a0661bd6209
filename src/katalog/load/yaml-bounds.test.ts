import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadKatalog } from './load-katalog.ts';
import { parseDocument } from 'yaml';
import { checkYamlBounds, YAML_LIMITS, YAML_PARSE_OPTIONS } from './yaml-bounds.ts';

const HEAD = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: demo}
spec:
  crds:
    a:
      apiTypes: {group: demo.io, version: v1, kind: A}
      operatorBox:
        onCreate:
          configMaps:
            - name: x
              data:
`;

function load(text: string) {
  return loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(text) });
}

/** A "billion laughs" document: each level is a list of nine aliases of the level before. */
function aliasBomb(levels: number): string {
  let text = `${HEAD}                l0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
  for (let i = 1; i <= levels; i++)
    text += `                l${String(i)}: &a${String(i)} [${Array(9)
      .fill(`*a${String(i - 1)}`)
      .join(',')}]\n`;
  return text;
}

describe('YAML bounds of Katalog loading', () => {
  it('reports an alias bomb once, at the alias that passes the bound', async () => {
    const result = await load(aliasBomb(9));
    assert.equal(result.katalog, undefined);
    assert.equal(result.diagnostics.length, 1);
    const d = result.diagnostics[0]!;
    assert.equal(d.code, 'yaml-syntax');
    assert.match(d.message, /^YAML: aliases expand this document by more than 1,000,000 nodes/);
    assert.deepEqual([d.line, d.column], [19, 26]); // l6's first alias: 9^7 nodes
  });

  it('keeps ordinary anchors, aliases and merge keys valid', async () => {
    const text = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: demo}
spec:
  crds:
    a:
      apiTypes: &api {group: demo.io, version: v1, kind: A}
      operatorBox:
        onCreate:
          configMaps:
            - {name: x, data: &data {mode: fast}}
            - {name: y, data: *data}
    b:
      apiTypes: {<<: *api, kind: B}
`;
    const result = await load(text);
    assert.deepEqual(result.diagnostics, []);
    const { group, kind } = result.katalog!.crds[1]!.apiTypes;
    assert.deepEqual([group, kind], ['demo.io', 'B']);
  });

  it('reports an alias that names no anchor, at the alias', async () => {
    const result = await load(`${HEAD}                mode: *nowhere\n`);
    const d = result.diagnostics[0]!;
    assert.match(d.message, /alias \*nowhere names no anchor/);
    assert.deepEqual([d.line, d.column], [13, 23]);
  });

  it('reports an alias inside the node it names instead of recursing for ever', async () => {
    const text = HEAD.replace('spec:\n', 'spec: &spec\n') + '                self: *spec\n';
    const result = await load(text);
    assert.equal(result.diagnostics.length, 1);
    assert.match(result.diagnostics[0]!.message, /alias \*spec stands inside the node it names/);
  });

  it('bounds the anchors and aliases of one document', () => {
    const anchors = Array.from({ length: 30 }, (_, i) => `&x${String(i)} v`);
    const text = `many: [${anchors.join(', ')}]`;
    const doc = parseDocument(text, YAML_PARSE_OPTIONS);
    checkYamlBounds(doc, { ...YAML_LIMITS, anchors: 20 });
    assert.deepEqual(
      doc.errors.map((e) => [e.code, e.message, e.pos[0]]),
      [
        [
          'RESOURCE_EXHAUSTION',
          'more than 20 anchors and aliases in one document',
          text.indexOf('&x20 v') + 5,
        ],
      ],
    );
  });

  it('finds every duplicate key of a map, in one pass', () => {
    const keys = Array.from({ length: 300 }, (_, i) => `k${String(i % 200)}: v\n`);
    const doc = parseDocument(keys.join(''), YAML_PARSE_OPTIONS);
    checkYamlBounds(doc);
    assert.equal(doc.errors.length, 100);
    assert.ok(doc.errors.every((e) => e.code === 'DUPLICATE_KEY'));
  });

  it('reports a duplicate key at its line, as the YAML library did', async () => {
    const result = await load(`${HEAD}                mode: a\n                mode: b\n`);
    assert.equal(result.diagnostics.length, 1);
    const d = result.diagnostics[0]!;
    assert.equal(d.message, 'YAML syntax: map keys must be unique');
    assert.deepEqual([d.line, d.column], [14, 17]);
  });

  it('says that nesting is too deep, not that a call stack overflowed', async () => {
    const result = await load(`${HEAD}                deep: ${'['.repeat(1000)}${']'.repeat(1000)}\n`);
    assert.match(result.diagnostics[0]!.message, /YAML nesting is too deep here/);
  });
});
