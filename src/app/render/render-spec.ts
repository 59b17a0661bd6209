/**
 * The CR's spec as the API server would store it: a structural schema fills declared defaults and
 * prunes undeclared fields, as Kubernetes does. Pure (no YAML, no file): the runtime's render preview
 * uses it too.
 */

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

/** A JSON object. */
export type Json = Record<string, unknown>;

/** A JSON object (not an array). */
export function isJson(value: unknown): value is Json {
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
