/**
 * `npm run generate`: writes the artefacts derived from the Katalog schema (src/katalog/schema):
 * schema/katalog.schema.json and docs/reference/katalog.md. A test fails when the committed files are stale.
 * Also the bundle golden of examples/01 (test/golden/bundle/).
 */
import { writeFile } from 'node:fs/promises';
import { renderKatalogJsonSchema, renderReferenceDocs } from '../../src/katalog/index.ts';
import { BUNDLE_GOLDEN, helloWebsiteBundle } from '../golden/bundle/bundle-golden.ts';

const root = new URL('../../', import.meta.url);
await writeFile(new URL('schema/katalog.schema.json', root), renderKatalogJsonSchema());
await writeFile(new URL('docs/reference/katalog.md', root), renderReferenceDocs());
await writeFile(BUNDLE_GOLDEN, await helloWebsiteBundle());
console.log(
  'wrote schema/katalog.schema.json, docs/reference/katalog.md and test/golden/bundle/01-hello-website.yaml',
);
