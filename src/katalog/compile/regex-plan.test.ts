// A regex is read by one function (util/go-regexp.ts) when the Katalog loads and when a reconcile
// evaluates it: what loads runs, and what cannot run does not load.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateCondition } from '../../resources/index.ts';
import { loadKatalog } from '../load/load-katalog.ts';
import { compileKatalog } from './compile-plan.ts';

const katalog = (when: string) => `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: demo}
spec:
  crds:
    website:
      apiTypes: {group: demo.io, version: v1, kind: Website}
      operatorBox:
        onCreate:
          configMaps:
            - data: {a: b}
              when: [${when}]
`;

async function load(when: string) {
  return loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(katalog(when)) });
}

const render = (): never => {
  throw new Error('no template here');
};

/** [pattern, a field value, whether Go's MatchString matches it; undefined: Go rejects the pattern]. */
const PATTERNS: readonly [string, string, boolean | undefined][] = [
  ['(?i)^PROD', 'production', true],
  ['^[[:alpha:]]+\\z', 'staging', true],
  ['\\_x', 'a_x', true], // a JavaScript RegExp with the u flag rejects `\_`
  ['^(a+)+$', 'a'.repeat(35) + 'b', false],
  ['^(?!latest$)', 'v1', undefined],
  ['(a)\\1', 'aa', undefined],
  ['a++', 'aa', undefined],
];

describe('regular expressions at load and at run', () => {
  for (const [pattern, value, matches] of PATTERNS) {
    it(`${pattern}: ${matches === undefined ? 'refused at load' : 'loads and matches as Go does'}`, async () => {
      const loaded = await load(`{field: spec.x, regex: ${JSON.stringify(pattern)}}`);
      if (matches === undefined) {
        assert.equal(loaded.katalog, undefined);
        assert.match(loaded.diagnostics[0]?.message ?? '', /is not a valid Go regular expression/);
        assert.equal(loaded.diagnostics[0]?.line, 12);
        return;
      }
      assert.deepEqual(loaded.diagnostics, []);
      const plan = compileKatalog(loaded.katalog!)[0]!;
      const condition = plan.hooks.onCreate.resources[0]!.when[0]!;
      const data = { spec: { x: value } };
      assert.equal(evaluateCondition(condition, { data, render }), matches);
    });
  }

  it('records in the Plan whether a condition uses regex, so a box loads the engine only then', async () => {
    const without = await load('{field: spec.x, equals: a}');
    assert.equal(compileKatalog(without.katalog!)[0]!.usesRegex, false);
    const long = await load('{field: spec.x, operator: regex, value: "^a"}');
    assert.equal(compileKatalog(long.katalog!)[0]!.usesRegex, true);
  });
});
