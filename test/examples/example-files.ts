/**
 * Reading the examples under examples/: their folders, their Katalogs loaded and validated the way
 * `ork validate` does it, their CRD and CR manifests, and a CR as the API server would store it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { katalogTemplateChecker } from '../../src/app/katalog.ts';
import { compileKatalog, loadKatalog, validateKatalog } from '../../src/katalog/index.ts';
import type { CrdDeclaration, Diagnostic, LoadedKatalog, Plan } from '../../src/katalog/index.ts';

/** The repository root. */
export const ROOT = new URL('../../', import.meta.url).pathname;

/** The examples folder. */
export const EXAMPLES_DIR = join(ROOT, 'examples');

/** Any Kubernetes manifest as plain JSON. */
export interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; [key: string]: unknown };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The example folder names (`01-hello-website`, ...), sorted. */
export function listExamples(): string[] {
  return readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d\d-/.test(d.name))
    .map((d) => d.name)
    .sort();
}

/** The path of a file of an example. */
export function examplePath(example: string, file: string): string {
  return join(EXAMPLES_DIR, example, file);
}

/** Every YAML document of a file, as plain objects (throws on a YAML error, naming the file). */
export function readManifests(path: string): Manifest[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  if (!Array.isArray(docs)) return [];
  return docs.map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as Manifest;
  });
}

/** An example's Katalog after loading, validation (templates included) and compilation. */
export interface LoadedExample {
  readonly diagnostics: readonly Diagnostic[];
  readonly katalog: LoadedKatalog | undefined;
  readonly plans: readonly Plan[] | undefined;
}

/** Loads, validates and compiles an example's katalog.yaml exactly as `ork validate` does. */
export async function loadExample(example: string): Promise<LoadedExample> {
  const readFile = (p: string): Promise<string> => Promise.resolve(readFileSync(join(ROOT, p), 'utf8'));
  const file = relative(ROOT, examplePath(example, 'katalog.yaml'));
  const loaded = await loadKatalog([file], { readFile });
  const katalog = loaded.katalog;
  const checks = katalog
    ? validateKatalog(katalog, { checkTemplate: katalogTemplateChecker([...katalog.notes.keys()]) })
    : [];
  const diagnostics = [...loaded.diagnostics, ...checks];
  const clean = katalog !== undefined && !diagnostics.some((d) => d.severity === 'error');
  return { diagnostics, katalog, plans: clean ? compileKatalog(katalog) : undefined };
}

/** The CRD manifest an entry's crdFile names (its first CustomResourceDefinition document). */
export function crdOf(example: string, crd: CrdDeclaration): Manifest {
  const file = crd.entry.crdFile;
  if (file === undefined) throw new Error(`${example}: entry ${crd.key} has no crdFile`);
  const found = readManifests(examplePath(example, file)).find((m) => m.kind === 'CustomResourceDefinition');
  if (found === undefined) throw new Error(`${example}: ${file} holds no CustomResourceDefinition`);
  return found;
}

/** Whether a CR's apiVersion and kind are those of a CRD entry. */
export function isCrOf(cr: Manifest, crd: CrdDeclaration): boolean {
  const { group, version, kind } = crd.apiTypes;
  return cr.apiVersion === `${group}/${version}` && cr.kind === kind;
}

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  default?: unknown;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/** The openAPIV3Schema of a CRD's stored version's `spec`. */
export function specSchemaOf(crdManifest: Manifest): SchemaNode {
  const spec = crdManifest.spec as { versions?: { storage?: boolean; schema?: unknown }[] } | undefined;
  const version = spec?.versions?.find((v) => v.storage === true);
  const schema = version?.schema as { openAPIV3Schema?: SchemaNode } | undefined;
  return schema?.openAPIV3Schema?.properties?.['spec'] ?? {};
}

/**
 * The spec as the API server stores it, one level deep: fields the schema does not declare are pruned
 * (unless it preserves unknown fields) and declared defaults are filled in.
 */
export function storedSpec(spec: Record<string, unknown>, schema: SchemaNode): Record<string, unknown> {
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) return { ...spec };
  const properties = schema.properties ?? {};
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    const value = spec[name] ?? property.default;
    if (value !== undefined) out[name] = value;
  }
  return out;
}
