// Its own file: the regular expression engine, once loaded, stays loaded for the process.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { evaluateCondition } from '../../resources/index.ts';
import { prepareTemplateLibraries } from './reconcile-wiring.ts';

const scope = {
  data: { spec: { image: 'myorg/shop' } },
  render: (): never => {
    throw new Error('no template here');
  },
};
const matches = () => evaluateCondition({ field: 'spec.image', regex: '^myorg/' }, scope);

it('a box loads the regular expression engine only when its Plan says a condition uses regex', async () => {
  await prepareTemplateLibraries({ callsToYaml: false, usesRegex: false });
  assert.throws(matches, /engine was not loaded/);
  await prepareTemplateLibraries({ callsToYaml: false, usesRegex: true });
  assert.equal(matches(), true);
});
