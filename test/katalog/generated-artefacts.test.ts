import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { renderKatalogJsonSchema, renderReferenceDocs } from '../../src/katalog/index.ts';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('generated artefacts of the Katalog schema', () => {
  it('schema/katalog.schema.json is up to date (run `npm run generate`)', () => {
    assert.equal(read('schema/katalog.schema.json'), renderKatalogJsonSchema());
  });

  it('docs/reference/katalog.md is up to date (run `npm run generate`)', () => {
    assert.equal(read('docs/reference/katalog.md'), renderReferenceDocs());
  });
});
