// What the runtime and the API server cannot work with is refused when the Katalog loads, at its
// position: zero or overlong durations, numbers out of range, names and labels the API server refuses,
// and keys a JavaScript object would drop. Documented values (`resync: 30d`) load.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadKatalog } from '../load/load-katalog.ts';
import { validateKatalog } from './validate-katalog.ts';

const katalog = (crd: string, entry: string) => `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: demo}
spec:
  crds:
    website:
      apiTypes: {group: demo.io, version: v1, kind: Website}
${crd}
      operatorBox:
        onReconcile:
          services:
            - port: 80
${entry}
`;

async function diagnostics(crd: string, entry = '') {
  const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(katalog(crd, entry)) });
  return loaded.katalog === undefined ? loaded.diagnostics : validateKatalog(loaded.katalog);
}

/** [what, CRD-level lines, entry-level lines, message, line]. */
const REFUSED: readonly [string, string, string, RegExp, number][] = [
  ['resync: 0s', '      resync: 0s', '', /"resync" must be longer than 0/, 8],
  ['a duration past 1000y', '      resync: 99999999999999999999y', '', /at most 1000y/, 8],
  [
    'retry backoff max < initial',
    '      queue: {retryBackoff: {initial: 10s, max: 1s}}',
    '',
    /"max" \(1s\)/,
    8,
  ],
  [
    'a 0 ms first retry',
    '      queue: {retryBackoff: {initial: 0ms}}',
    '',
    /"initial" must be longer than 0/,
    8,
  ],
  ['a port of 70000', '', '              targetPort: 70000', /"targetPort" must be at most 65535/, 13],
  ['a port "0"', '', '              ports: [{port: "0"}]', /from 1 to 65535/, 13],
  ['a label value of 64 characters', '', `              labels: {tier: ${'a'.repeat(64)}}`, /at most 63/, 13],
  ['a label value with a space', '', '              labels: {tier: "web tier"}', /valid label value/, 13],
  ['an upper-case label prefix', '      labelSelector: {Acme.io/team: web}', '', /not a valid label key/, 8],
  ['an annotation key with two slashes', '', '              annotations: {a/b/c: x}', /annotation key/, 13],
  ['a namespace with "_"', '      namespaces: [web_apps]', '', /valid namespace name/, 8],
  ['a Service name starting with a digit', '', '              name: 1web', /Service name "1web"/, 13],
  [
    'a __proto__ label',
    '',
    '              labels: {__proto__: x}',
    /"__proto__" cannot be used as a key/,
    13,
  ],
];

describe('load-time checks of what the runtime and the API server can use', () => {
  for (const [what, crd, entry, message, line] of REFUSED) {
    it(`refuses ${what} at its line`, async () => {
      const found = await diagnostics(crd, entry);
      const first = found.find((d) => d.severity === 'error');
      assert.ok(first, 'nothing refused');
      assert.match(first.message, message);
      assert.equal(first.line, line);
    });
  }

  it('loads documented long and templated values: resync 30d, a 30d backoff, templated labels', async () => {
    const found = await diagnostics(
      '      resync: 30d\n      queue: {retryBackoff: {initial: 1s, max: 30d}}\n      labelSelector: {app.kubernetes.io/part-of: shop}',
      '              labels: {owner: "{{ .metadata.name }}", tier: ""}\n              targetPort: http\n              name: "{{ .metadata.name }}-web"',
    );
    assert.deepEqual(
      found.map((d) => d.message),
      [],
    );
  });
});
