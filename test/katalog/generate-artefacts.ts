/**
 * `npm run generate`: writes the artefacts derived from the Katalog schema (src/katalog/schema):
 * schema/katalog.schema.json and docs/reference/katalog.md. A test fails when the committed files are stale.
 */
import { writeFile } from 'node:fs/promises';
import { renderKatalogJsonSchema, renderReferenceDocs } from '../../src/katalog/index.ts';

const root = new URL('../../', import.meta.url);
await writeFile(new URL('schema/katalog.schema.json', root), renderKatalogJsonSchema());
await writeFile(new URL('docs/reference/katalog.md', root), renderReferenceDocs());
console.log('wrote schema/katalog.schema.json and docs/reference/katalog.md');
