/**
 * The CR as the API server would store it, for `ork render`: the spec's schema of the entry's crdFile
 * fills declared defaults and prunes undeclared fields (structural schemas, as Kubernetes does), so the
 * offline reconcile sees what the runtime would see in a cluster.
 */
import { dirname, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { LoadedKatalog } from '../../katalog/index.ts';
import { readUserFile } from '../read-file.ts';

/** The part of an OpenAPI v3 schema that defaulting and pruning read. */
export interface SpecSchema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, SpecSchema>>;
  readonly additionalProperties?: SpecSchema | boolean;
  readonly items?: SpecSchema;
  readonly default?: unknown;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/** A spec with defaults filled and unknown fields pruned, and the dotted paths of both. */
export interface StoredSpec {
  readonly spec: Record<string, unknown>;
  readonly defaulted: string[];
  readonly pruned: string[];
}

type Json = Record<string, unknown>;

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldSchema(schema: SpecSchema, key: string): SpecSchema | undefined {
  const declared = schema.properties?.[key];
  if (declared !== undefined) return declared;
  const extra = schema.additionalProperties;
  if (isJson(extra)) return extra;
  return extra === true || schema['x-kubernetes-preserve-unknown-fields'] === true ? {} : undefined;
}

interface Walk {
  readonly path: string;
  readonly out: StoredSpec;
}

function isStructured(schema: SpecSchema): boolean {
  return schema.properties !== undefined || schema.additionalProperties !== undefined;
}

function store(value: unknown, schema: SpecSchema, at: Walk): unknown {
  const items = schema.items;
  if (Array.isArray(value) && items !== undefined)
    return value.map((v, i) => store(v, items, { ...at, path: `${at.path}[${String(i)}]` }));
  return isJson(value) && isStructured(schema) ? storeObject(value, schema, at) : value;
}

function storeObject(value: Json, schema: SpecSchema, at: Walk): Json {
  const result: Json = {};
  for (const [key, child] of Object.entries(value)) {
    const sub = fieldSchema(schema, key);
    const path = `${at.path}.${key}`;
    if (sub === undefined) at.out.pruned.push(path);
    else result[key] = store(child, sub, { ...at, path });
  }
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    if (key in result || sub.default === undefined) continue;
    const path = `${at.path}.${key}`;
    at.out.defaulted.push(path);
    result[key] = store(structuredClone(sub.default), sub, { ...at, path });
  }
  return result;
}

/** Fills the schema's defaults into `spec` and prunes the fields it does not declare. */
export function storeSpec(spec: Json, schema: SpecSchema): StoredSpec {
  const out: StoredSpec = { spec: {}, defaulted: [], pruned: [] };
  const stored = store(spec, { type: 'object', ...schema }, { path: 'spec', out });
  return { ...out, spec: isJson(stored) ? stored : {} };
}

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
