import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadKatalog } from '../load/load-katalog.ts';
import { validateKatalog } from './validate-katalog.ts';

function katalog(crds: string): string {
  return `apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\nmetadata: {name: demo}\nspec:\n  crds:\n${crds}`;
}

const entry = (key: string, extra = ''): string =>
  `    ${key}:\n      apiTypes: {group: demo.io, version: v1, kind: K${key.replace(/-/g, '')}}\n${extra}`;

async function check(text: string, options = {}) {
  const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(text) });
  assert.ok(loaded.katalog, loaded.diagnostics[0]?.message);
  return validateKatalog(loaded.katalog, options);
}

describe('validateKatalog', () => {
  it('reports every problem at once, not only the first', async () => {
    const text = katalog(
      entry('a', '      dependsOn: [missing]\n      operatorBox:\n        default: false\n') +
        entry('b', '      operatorBox:\n        cross: [{crd: nope}]\n'),
    );
    const codes = (await check(text)).map((d) => d.code);
    assert.deepEqual(codes, ['unknown-crd', 'unsupported', 'unknown-crd']);
  });

  it('prints a dependsOn cycle through every member', async () => {
    const text = katalog(
      entry('a', '      dependsOn: [b]\n') +
        entry('b', '      dependsOn: [c]\n') +
        entry('c', '      dependsOn: [a]\n'),
    );
    const d = (await check(text))[0]!;
    assert.equal(d.message, 'dependsOn forms a cycle: a → b → c → a');
  });

  it('accepts a Katalog with no problem', async () => {
    assert.deepEqual(await check(katalog(entry('a') + entry('b', '      workers: 3\n'))), []);
  });

  it('passes every template with its position to the template hook', async () => {
    const text = katalog(
      entry(
        'a',
        '      operatorBox:\n        onCreate:\n          configMaps:\n            - data: {x: "{{ .spec.x }}"}\n',
      ),
    );
    const seen: string[] = [];
    const diagnostics = await check(text, {
      checkTemplate: (t: { source: string; path: string; location: { line: number } }) => {
        seen.push(`${t.path}@${String(t.location.line)}`);
        return [];
      },
    });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(seen, ['spec.crds.a.operatorBox.onCreate.configMaps[0].data.x@11']);
  });

  it('warns about settings that have no effect without failing', async () => {
    const text = katalog(
      entry('a', '      operatorBox:\n        onReconcile:\n          configMaps: [{reconcile: true}]\n'),
    );
    const d = (await check(text))[0]!;
    assert.equal(d.severity, 'warning');
    assert.equal(d.code, 'no-effect');
  });

  it('refuses rotateAfter on a Secret that is not generated once, and accepts it with once', async () => {
    const secret = (flags: string) =>
      katalog(
        entry('a', `      operatorBox:\n        onCreate:\n          secrets: [{name: s, ${flags}}]\n`),
      );
    const d = (await check(secret('rotateAfter: 30d')))[0]!;
    assert.equal(d.severity, 'error');
    assert.match(d.message, /rotateAfter needs once: true/);
    assert.deepEqual(await check(secret('once: true, rotateAfter: 30d')), []);
  });
});
