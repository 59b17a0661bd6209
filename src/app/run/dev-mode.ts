/**
 * `ork run --dev`: install what the Katalog points at before running — each entry's crdFile
 * (waiting until the CRD is Established) — and, once the operators run, its crFiles. A crdFile that
 * would break the objects stored under the live CRD is refused, all of them before any is applied
 * (crd-safety.ts), unless forced.
 */
import { readUserFile } from '../read-file.ts';
import type { KubeClient, KubeObject, RestMapper } from '../../kube/index.ts';
import { breakingChangesOf, CRD_RESOURCE, CrdChangeRefusedError } from './crd-safety.ts';

/** What installing the CRDs did. */
export interface InstalledCrds {
  names: string[];
  /** The description of each breaking change applied because it was forced. */
  forced: string[];
}

/**
 * Applies every CRD of the files and waits until each is Established.
 * @throws CrdChangeRefusedError, having applied none, when one would break stored objects and
 *   `force` is not set.
 */
export async function installCrds(
  client: KubeClient,
  files: readonly string[],
  options: { force?: boolean | undefined; signal?: AbortSignal | undefined } = {},
): Promise<InstalledCrds> {
  const { signal } = options;
  const objects = await readObjects(files);
  const breaking: string[] = [];
  for (const object of objects) {
    const report = await breakingChangesOf(client, object, signal);
    if (report !== undefined) breaking.push(report);
  }
  if (breaking.length > 0 && options.force !== true) throw new CrdChangeRefusedError(breaking);
  const names: string[] = [];
  for (const object of objects) {
    await client.apply(CRD_RESOURCE, object, { force: true });
    names.push(object.metadata?.name ?? '');
  }
  for (const name of names) await waitEstablished(client, name, signal);
  return { names, forced: breaking };
}

/** Applies the objects of the files (namespaced ones into `defaultNamespace` when they name none). */
export async function applyFiles(
  client: KubeClient,
  mapper: RestMapper,
  options: { files: readonly string[]; defaultNamespace: string },
): Promise<string[]> {
  const applied: string[] = [];
  for (const object of await readObjects(options.files)) {
    const gvr = await mapper.resourceForObject(object);
    const namespace = gvr.namespaced ? (object.metadata?.namespace ?? options.defaultNamespace) : undefined;
    const metadata = { ...object.metadata, ...(namespace === undefined ? {} : { namespace }) };
    await client.apply(gvr, { ...object, metadata }, { force: true });
    applied.push(`${object.kind ?? ''} ${namespace ? `${namespace}/` : ''}${object.metadata?.name ?? ''}`);
  }
  return applied;
}

async function readObjects(files: readonly string[]): Promise<KubeObject[]> {
  const objects: KubeObject[] = [];
  if (files.length === 0) return objects;
  // Loaded here, not at start: an operator run without --dev never carries the YAML library.
  const { parseAllDocuments } = (await import('yaml')).default;
  for (const file of files) {
    for (const doc of parseAllDocuments(await readUserFile(file))) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message ?? 'invalid YAML'}`);
      const value = doc.toJS() as KubeObject | null;
      if (value !== null && typeof value === 'object') objects.push(value);
    }
  }
  return objects;
}

interface CrdStatus {
  status?: { conditions?: { type: string; status: string }[] };
}

async function waitEstablished(client: KubeClient, name: string, signal?: AbortSignal): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    const crd = await client.get<KubeObject & CrdStatus>(CRD_RESOURCE, name, signal ? { signal } : {});
    if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`CRD ${name} did not become Established within 30s`);
}
