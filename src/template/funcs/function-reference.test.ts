import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createFunctionCatalog } from './catalog.ts';
import { FUNCTION_DOCS } from './function-docs.ts';
import { renderFunctionReference } from './function-reference.ts';

const REGENERATE = `node -e 'import("./src/template/funcs/function-reference.ts").then(async m => process.stdout.write(await m.renderFunctionReference()))' > docs/reference/functions.md`;

describe('function reference', () => {
  it('documents every catalog function exactly once', () => {
    const catalog = Object.keys(createFunctionCatalog({ clock: () => new Date(0) })).sort();
    assert.deepEqual(FUNCTION_DOCS.map((d) => d.name).sort(), catalog);
  });

  it('is up to date in docs/reference/functions.md', async () => {
    const committed = readFileSync(new URL('../../../docs/reference/functions.md', import.meta.url), 'utf8');
    assert.equal(committed, await renderFunctionReference(), `regenerate with: ${REGENERATE}`);
  });
});
