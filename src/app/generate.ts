/**
 * `ork generate crd`: a CustomResourceDefinition (YAML) per CRD entry, from Katalogs checked exactly as
 * `ork validate` checks them (templates included). An entry with a crdFile prints that file's CRD as written.
 * `ork generate bundle`: everything that installs the Katalog's runtime in a cluster (src/bundle/).
 */
import { dirname, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import {
  bundleManifests,
  DEFAULT_NAMESPACE,
  requiredPermissions,
  UnknownKindError,
  type BundleObject,
  type Permissions,
} from '../bundle/index.ts';
import {
  compileSecurity,
  formatDiagnostics,
  generateCrd,
  type CrdDeclaration,
  type LoadedKatalog,
} from '../katalog/index.ts';
import { loadKatalogFiles } from './katalog.ts';
import { readUserFile } from './read-file.ts';

export { renderKatalogJsonSchema } from '../katalog/index.ts';

/** One generated CRD document, and a note saying where it came from when it was read from a file. */
export interface GeneratedCrd {
  readonly yaml: string;
  readonly note: string | undefined;
}

/** What `generateCrds` produced: the formatted diagnostics, and the CRDs when the Katalogs are valid. */
export interface GenerateOutcome {
  readonly report: string | undefined;
  readonly crds: readonly GeneratedCrd[] | undefined;
}

/** Loads and checks the Katalog files, then generates one CRD per entry (undefined on errors). */
export async function generateCrds(files: readonly string[]): Promise<GenerateOutcome> {
  const load = await loadKatalogFiles(files);
  const report =
    load.diagnostics.length > 0 ? formatDiagnostics(load.diagnostics, (f) => load.sources.get(f)) : undefined;
  if (!load.ok || load.katalog === undefined) return { report, crds: undefined };
  const crds: GeneratedCrd[] = [];
  for (const crd of load.katalog.crds) {
    if (crd.entry.crdFile === undefined)
      crds.push({ yaml: stringify(generateCrd(crd), { lineWidth: 0 }), note: undefined });
    else crds.push(await crdFromFile(crd));
  }
  return { report, crds };
}

/**
 * An entry with a crdFile already has its CRD, and its schema is authoritative: it is printed as
 * written (the document named `<plural>.<group>`), so the output installs exactly what `--dev` would.
 */
async function crdFromFile(crd: CrdDeclaration): Promise<GeneratedCrd> {
  const path = resolve(dirname(crd.source.file), crd.entry.crdFile ?? '');
  const name = `${crd.apiTypes.plural}.${crd.apiTypes.group}`;
  const found = parseAllDocuments(await readUserFile(path)).find((doc) => {
    const value = doc.toJS() as { kind?: string; metadata?: { name?: string } } | null;
    return value?.kind === 'CustomResourceDefinition' && value.metadata?.name === name;
  });
  if (found === undefined) throw new Error(`${path}: no CustomResourceDefinition named ${name}`);
  return { yaml: found.toString({ lineWidth: 0 }), note: `# ${crd.key}: the CRD of ${crd.entry.crdFile}` };
}

/** The settings of `ork generate bundle`. */
export interface BundleSettings {
  /** @default orkestra-system */
  readonly namespace?: string | undefined;
  readonly image?: string | undefined;
  readonly replicas?: number | undefined;
  readonly leaderElection: boolean;
  /** The product version (labels, image tag). */
  readonly version: string;
}

/** What `generateBundle` produced: the report, and the objects and chart values when valid. */
export interface BundleOutcome {
  readonly report: string | undefined;
  /** Why no bundle could be made of a valid Katalog (a child kind unknown offline). */
  readonly error?: string | undefined;
  readonly objects: readonly BundleObject[] | undefined;
  /** The Helm chart's values of the same bundle (`--helm-values`). */
  readonly helmValues: Record<string, unknown> | undefined;
}

/** Loads and checks the Katalog files as `generateCrds` does, then makes the bundle's objects. */
export async function generateBundle(
  files: readonly string[],
  settings: BundleSettings,
): Promise<BundleOutcome> {
  const load = await loadKatalogFiles(files);
  const report =
    load.diagnostics.length > 0 ? formatDiagnostics(load.diagnostics, (f) => load.sources.get(f)) : undefined;
  const none = { report, objects: undefined, helmValues: undefined };
  if (!load.ok || load.katalog === undefined) return none;
  const namespace = settings.namespace ?? DEFAULT_NAMESPACE;
  const security = compileSecurity(load.katalog);
  const webhooks = {
    admission: security.webhooks.admission.enabled,
    conversion: security.webhooks.conversion.enabled,
    protection: security.deletionProtection.enabled || security.namespaceProtection.enabled,
  };
  let permissions: Permissions;
  try {
    const { leaderElection } = settings;
    permissions = requiredPermissions({ plans: load.plans, leaderElection, webhooks, namespace });
  } catch (error) {
    if (error instanceof UnknownKindError) return { ...none, error: error.message };
    throw error;
  }
  const crds = await crdObjects(load.katalog);
  const katalogYaml = await inlinedKatalog(load.katalog);
  const webhooksOn = webhooks.admission || webhooks.conversion || webhooks.protection;
  const katalogName = load.katalog.documents.map((d) => d.katalog.metadata.name).join('+');
  const input = { ...settings, katalogName, katalogYaml, crds, permissions, namespace, webhooks: webhooksOn };
  const helmValues = {
    katalog: katalogYaml,
    crds,
    rbac: { clusterRules: permissions.cluster, namespaced: permissions.namespaced },
    leaderElection: { enabled: settings.leaderElection },
    webhooks: { enabled: webhooksOn },
  };
  return { report, objects: bundleManifests(input), helmValues: plainJson(helmValues) };
}

/** Only the serialised fields (a rule's reasons stay behind). */
function plainJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The CRD of every entry, as `ork generate crd` prints it. */
async function crdObjects(katalog: LoadedKatalog): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const crd of katalog.crds) {
    if (crd.entry.crdFile === undefined) out.push(generateCrd(crd));
    else out.push(parseAllDocuments((await crdFromFile(crd)).yaml)[0]?.toJS() as Record<string, unknown>);
  }
  return out;
}

/**
 * The Katalog file(s) as the runtime in the cluster reads them, one YAML stream: an entry's crdFile
 * becomes the apiTypes read from it (the CRD itself is installed by the bundle) and crFiles, a dev
 * mode's, go.
 */
async function inlinedKatalog(katalog: LoadedKatalog): Promise<string> {
  const texts: string[] = [];
  for (const file of [...new Set(katalog.documents.map((d) => d.source.file))]) {
    for (const doc of parseAllDocuments(await readUserFile(file))) {
      const crds = doc.getIn(['spec', 'crds']) as { items?: { key: unknown }[] } | undefined;
      for (const item of crds?.items ?? []) inlineEntry(doc, katalog, String(item.key));
      texts.push(doc.toString({ lineWidth: 0 }).trimEnd());
    }
  }
  return `${texts.join('\n---\n')}\n`;
}

function inlineEntry(doc: ReturnType<typeof parseAllDocuments>[number], katalog: LoadedKatalog, key: string) {
  const path = ['spec', 'crds', key];
  const declared = katalog.crds.find((crd) => crd.key === key);
  if (declared === undefined || !doc.hasIn([...path, 'crdFile'])) {
    doc.deleteIn([...path, 'crFiles']);
    return;
  }
  const { group, version, kind, plural, scope } = declared.apiTypes;
  doc.deleteIn([...path, 'crdFile']);
  doc.deleteIn([...path, 'crFiles']);
  doc.setIn([...path, 'apiTypes'], doc.createNode({ group, version, kind, plural, scope }, { flow: true }));
}

/** The objects as one YAML stream (`kubectl apply -f -`). */
export function bundleYaml(objects: readonly BundleObject[]): string {
  return objects
    .map((object) => `---\n${stringify(object, { lineWidth: 0, aliasDuplicateObjects: false })}`)
    .join('');
}

/** The chart values as YAML. */
export function helmValuesYaml(values: Record<string, unknown>): string {
  return stringify(values, { lineWidth: 0, aliasDuplicateObjects: false });
}

/**
 * Writes one file per object kind into `dir`, numbered in apply order (`00-namespace.yaml`,
 * `01-customresourcedefinition.yaml`, ...) so `kubectl apply -f DIR` applies them in that order.
 * Resolves with the paths written.
 */
export async function writeBundle(dir: string, objects: readonly BundleObject[]): Promise<string[]> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const byKind = new Map<string, BundleObject[]>();
  for (const object of objects) byKind.set(object.kind, [...(byKind.get(object.kind) ?? []), object]);
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const [i, [kind, group]] of [...byKind].entries()) {
    const path = resolve(dir, `${String(i).padStart(2, '0')}-${kind.toLowerCase()}.yaml`);
    await writeFile(path, bundleYaml(group));
    paths.push(path);
  }
  return paths;
}
