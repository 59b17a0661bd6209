/**
 * Whether applying a CRD over the live one breaks the objects already stored (pure): a version that
 * was served or stored and is gone, a served version no longer served, and each version's schema
 * changes ({@link diffSchema}); then, for one stored object, whether a change affects it.
 */
import { isRecord } from '../path.ts';
import type { CrdDocument, CrdVersion } from './crd-types.ts';
import { valuesAt } from './field-path.ts';
import { diffSchema, enumIncludes, typeAccepted, type SchemaChange } from './schema-diff.ts';

/** A change to one version of the CRD that stored objects may not survive. */
export type BreakingChange =
  | { readonly kind: 'version-removed'; readonly version: string; readonly stored: boolean }
  | { readonly kind: 'version-unserved'; readonly version: string }
  | (SchemaChange & { readonly version: string });

/** The breaking changes of applying `next` over `live`; empty when the change is compatible. */
export function diffCrd(live: CrdDocument, next: CrdDocument): BreakingChange[] {
  const stored = new Set(live.status?.storedVersions ?? []);
  const nextVersions = new Map(versionsOf(next).map((version) => [version.name, version]));
  return versionsOf(live).flatMap((before) =>
    versionChanges(before, nextVersions.get(before.name), stored.has(before.name)),
  );
}

/** What happens to one live version: removed, no longer served, or its schema narrowed. */
function versionChanges(
  before: CrdVersion,
  after: CrdVersion | undefined,
  stored: boolean,
): BreakingChange[] {
  const version = before.name;
  if (after === undefined)
    return before.served === true || stored ? [{ kind: 'version-removed', version, stored }] : [];
  const changes: BreakingChange[] = [];
  if (before.served === true && after.served !== true) changes.push({ kind: 'version-unserved', version });
  const schema = diffSchema(before.schema?.openAPIV3Schema, after.schema?.openAPIV3Schema);
  for (const change of schema) changes.push({ ...change, version });
  return changes;
}

function versionsOf(crd: CrdDocument): CrdVersion[] {
  const versions = crd.spec?.versions;
  return Array.isArray(versions) ? versions.filter((v) => isRecord(v) && typeof v.name === 'string') : [];
}

/**
 * True when the stored object (read at the change's version) is hurt by the change: every object for
 * a version gone or no longer served; those lacking a newly required field; those holding a value the
 * new type or enum refuses; those holding a removed field.
 */
export function affects(change: BreakingChange, object: unknown): boolean {
  switch (change.kind) {
    case 'version-removed':
    case 'version-unserved':
      return true;
    case 'required-added':
      return valuesAt(object, change.path).some(
        (parent) => isRecord(parent) && !Object.hasOwn(parent, change.field),
      );
    case 'type-changed':
      return valuesAt(object, change.path).some((v) => v !== null && !typeAccepted(jsonType(v), change.to));
    case 'enum-narrowed':
      return valuesAt(object, change.path).some((v) => v !== null && !enumIncludes(change.to, v));
    case 'field-removed':
      return valuesAt(object, change.path).length > 0;
  }
}

/** The JSON Schema type of a value: integer for a whole number. */
function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
