// Its own file: the library, once loaded, stays loaded for the process.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createFunctionCatalog, executeTemplate, loadYamlLibrary, parseTemplate } from '../index.ts';

it('toYaml needs the YAML library loaded first, and says so', async () => {
  const funcs = createFunctionCatalog({ clock: () => new Date(0) });
  const render = () => executeTemplate(parseTemplate('{{ toYaml .m }}', { funcs }), { m: { b: 2, a: 1 } });
  assert.throws(render, /toYaml: the YAML library was not loaded before rendering/);
  await loadYamlLibrary();
  assert.equal(render(), 'a: 1\nb: 2');
});
