/** Reads apiTypes (group, version, kind, plural, scope) from a CRD manifest named by `crdFile`. */
import { parseYamlObjects } from './yaml-objects.ts';

/** A CRD's identity, as the runtime needs it. */
export interface ResolvedApiTypes {
  /** API group. */
  readonly group: string;
  /** The version the operator reads and writes. */
  readonly version: string;
  /** Kind. */
  readonly kind: string;
  /** Plural resource name. */
  readonly plural: string;
  /** Namespaced or Cluster. */
  readonly scope: 'Namespaced' | 'Cluster';
}

interface CrdVersion {
  name?: unknown;
  served?: unknown;
  storage?: unknown;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function pickVersion(versions: unknown): string | undefined {
  if (!Array.isArray(versions)) return undefined;
  const list = versions as CrdVersion[];
  const storage = list.find((v) => v.storage === true) ?? list.find((v) => v.served !== false) ?? list[0];
  return typeof storage?.name === 'string' ? storage.name : undefined;
}

/** The first CustomResourceDefinition document of a text. @throws Error when the text does not read */
function crdDocument(text: string): Record<string, unknown> | undefined {
  const { objects, diagnostics } = parseYamlObjects('crdFile', text);
  const error = diagnostics.find((d) => d.severity === 'error');
  if (error !== undefined)
    throw new Error(`line ${String(error.line)}:${String(error.column)}: ${error.message}`);
  if (objects.length === 0) throw new Error('the file is empty');
  return objects.map((o) => o.value).find((d) => d['kind'] === 'CustomResourceDefinition');
}

/**
 * Extracts apiTypes from the text of a CRD manifest (the first CustomResourceDefinition document).
 * The version is the storage version, else the first served one. Throws an Error saying what is missing.
 */
export function readApiTypesFromCrd(text: string): ResolvedApiTypes {
  const crd = crdDocument(text);
  if (crd === undefined) throw new Error('no CustomResourceDefinition document in the file');
  const spec = asRecord(crd['spec']);
  const names = asRecord(spec['names']);
  const group = spec['group'];
  const kind = names['kind'];
  const plural = names['plural'];
  const version =
    pickVersion(spec['versions']) ?? (typeof spec['version'] === 'string' ? spec['version'] : undefined);
  if (typeof group !== 'string') throw new Error('the CRD has no spec.group');
  if (typeof kind !== 'string' || typeof plural !== 'string')
    throw new Error('the CRD has no spec.names.kind/plural');
  if (version === undefined) throw new Error('the CRD has no spec.versions');
  const scope = spec['scope'] === 'Cluster' ? 'Cluster' : 'Namespaced';
  return { group, version, kind, plural, scope };
}

/** The conventional plural of a kind: `Website` → `websites`, `Policy` → `policies`, `Ingress` → `ingresses`. */
export function pluralize(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}
