/**
 * The spec schemas of `ork render`: each entry's crdFile read for the schema that fills declared
 * defaults and prunes undeclared fields (render-spec.ts), so the offline reconcile sees what the
 * runtime would see in a cluster.
 */
import { dirname, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { LoadedKatalog } from '../../katalog/index.ts';
import { readUserFile } from '../read-file.ts';
import { isJson, type Json, type SpecSchema } from './render-spec.ts';

function specSchemaOf(crd: Json, version: string): SpecSchema | undefined {
  const spec = isJson(crd['spec']) ? crd['spec'] : {};
  const versions = Array.isArray(spec['versions']) ? spec['versions'].filter(isJson) : [];
  const chosen = versions.find((v) => v['name'] === version);
  const schema = isJson(chosen?.['schema']) ? chosen['schema']['openAPIV3Schema'] : undefined;
  const specSchema =
    isJson(schema) && isJson(schema['properties']) ? schema['properties']['spec'] : undefined;
  return isJson(specSchema) ? specSchema : undefined;
}

/**
 * The spec schema of every entry that names a crdFile, by CRD key (the version the entry reads).
 * An unreadable file or a CRD without a schema gives no entry: the CR is then used as written.
 */
export async function readSpecSchemas(katalog: LoadedKatalog): Promise<Map<string, SpecSchema>> {
  const schemas = new Map<string, SpecSchema>();
  for (const crd of katalog.crds) {
    if (crd.entry.crdFile === undefined) continue;
    const file = resolve(dirname(crd.source.file), crd.entry.crdFile);
    const text = await readUserFile(file).catch(() => '');
    const { group, kind, version } = crd.apiTypes;
    const manifest = parseAllDocuments(text)
      .map((d): unknown => d.toJS() as unknown)
      .filter(isJson)
      .find((d) => {
        const spec = isJson(d['spec']) ? d['spec'] : {};
        const names = isJson(spec['names']) ? spec['names'] : {};
        return d['kind'] === 'CustomResourceDefinition' && spec['group'] === group && names['kind'] === kind;
      });
    const schema = manifest === undefined ? undefined : specSchemaOf(manifest, version);
    if (schema !== undefined) schemas.set(crd.key, schema);
  }
  return schemas;
}
