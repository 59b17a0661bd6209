/**
 * What a new openAPIV3Schema takes away from the old one, node by node: a field that became
 * required, a type that accepts fewer values, an enum that lost values, a property no longer in the
 * schema (the API server prunes it from stored objects when it reads them). Everything else — a new
 * optional field, a description, a wider type or enum — is compatible and not reported.
 */
import { isRecord } from '../path.ts';
import type { CrdSchema } from './crd-types.ts';
import type { FieldPath } from './field-path.ts';

/** A change of one schema node that stored objects may not satisfy. */
export type SchemaChange =
  /** `field` is required in the object at `path` and has no default to fill it. */
  | { readonly kind: 'required-added'; readonly path: FieldPath; readonly field: string }
  /** The JSON types accepted at `path`: undefined is any type. */
  | {
      readonly kind: 'type-changed';
      readonly path: FieldPath;
      readonly from: readonly string[] | undefined;
      readonly to: readonly string[];
    }
  /** The values accepted at `path`: undefined is any value. */
  | {
      readonly kind: 'enum-narrowed';
      readonly path: FieldPath;
      readonly from: readonly unknown[] | undefined;
      readonly to: readonly unknown[];
    }
  /** The property at `path` is no longer in the schema. */
  | { readonly kind: 'field-removed'; readonly path: FieldPath };

/** The breaking changes from `before` to `after`, walking properties, items and additionalProperties. */
export function diffSchema(before: CrdSchema | undefined, after: CrdSchema | undefined): SchemaChange[] {
  return isRecord(before) && isRecord(after) ? walk({ before, after, path: [] }) : [];
}

/** One schema node, before and after, at its place in the object. */
interface Node {
  readonly before: CrdSchema;
  readonly after: CrdSchema;
  readonly path: FieldPath;
}

function walk(node: Node): SchemaChange[] {
  const { before, after, path } = node;
  const changes = [
    ...typeChange(node),
    ...enumChange(node),
    ...requiredChange(node),
    ...propertyChanges(node),
  ];
  if (isRecord(before.items) && isRecord(after.items))
    changes.push(...walk({ before: before.items, after: after.items, path: [...path, 'items'] }));
  if (isRecord(before.additionalProperties) && isRecord(after.additionalProperties)) {
    const values = { before: before.additionalProperties, after: after.additionalProperties };
    changes.push(...walk({ ...values, path: [...path, 'values'] }));
  }
  return changes;
}

/** The JSON types a node accepts; undefined when it accepts any. */
export function acceptedTypes(schema: CrdSchema): readonly string[] | undefined {
  if (schema['x-kubernetes-int-or-string'] === true) return ['integer', 'string'];
  return typeof schema.type === 'string' && schema.type !== '' ? [schema.type] : undefined;
}

/** True when a value of JSON type `type` is accepted by `types` (an integer is a number). */
export function typeAccepted(type: string, types: readonly string[] | undefined): boolean {
  if (types === undefined) return true;
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

function typeChange({ before, after, path }: Node): SchemaChange[] {
  const to = acceptedTypes(after);
  if (to === undefined) return [];
  const from = acceptedTypes(before);
  const narrowed = from === undefined || from.some((type) => !typeAccepted(type, to));
  return narrowed ? [{ kind: 'type-changed', path, from, to }] : [];
}

function enumChange({ before, after, path }: Node): SchemaChange[] {
  if (!Array.isArray(after.enum)) return [];
  const to = after.enum;
  const from = Array.isArray(before.enum) ? before.enum : undefined;
  const narrowed = from === undefined || from.some((value) => !enumIncludes(to, value));
  return narrowed ? [{ kind: 'enum-narrowed', path, from, to }] : [];
}

/** Enum membership as the API server decides it: by JSON value. */
export function enumIncludes(values: readonly unknown[], value: unknown): boolean {
  const json = JSON.stringify(value);
  return values.some((candidate) => JSON.stringify(candidate) === json);
}

function requiredChange({ before, after, path }: Node): SchemaChange[] {
  const was = new Set(Array.isArray(before.required) ? before.required : []);
  const now = Array.isArray(after.required) ? after.required : [];
  // A default fills the field when the API server reads a stored object that lacks it.
  const added = now.filter((field) => !was.has(field) && after.properties?.[field]?.default === undefined);
  return added.map((field) => ({ kind: 'required-added', path, field }));
}

function propertyChanges({ before, after, path }: Node): SchemaChange[] {
  if (!isRecord(before.properties)) return [];
  const changes: SchemaChange[] = [];
  const kept = isRecord(after.properties) ? after.properties : {};
  const keepsUnknown =
    after['x-kubernetes-preserve-unknown-fields'] === true || isRecord(after.additionalProperties);
  for (const [name, schema] of Object.entries(before.properties)) {
    const next = Object.hasOwn(kept, name) ? kept[name] : undefined;
    const at = [...path, { property: name }];
    if (next === undefined) {
      if (!keepsUnknown) changes.push({ kind: 'field-removed', path: at });
    } else if (isRecord(schema) && isRecord(next))
      changes.push(...walk({ before: schema, after: next, path: at }));
  }
  return changes;
}
