// Its own file: the YAML library, once loaded, stays loaded for the process.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createFunctionCatalog, executeTemplate, parseTemplate } from '../../template/index.ts';
import { prepareTemplateLibraries } from './reconcile-wiring.ts';

const toYaml = () =>
  executeTemplate(
    parseTemplate('{{ toYaml .m }}', { funcs: createFunctionCatalog({ clock: () => new Date(0) }) }),
    {
      m: { a: 1 },
    },
  );

it('a box loads the YAML library only when its Plan says a template calls toYaml', async () => {
  await prepareTemplateLibraries({ callsToYaml: false, usesRegex: false });
  assert.throws(toYaml, /not loaded/);
  await prepareTemplateLibraries({ callsToYaml: true, usesRegex: false });
  assert.equal(toYaml(), 'a: 1');
});
