/**
 * Safe CRD changes for `ork run --dev`: before a CRD file is applied over the live CRD, the change is
 * compared with it (resources' pure `diffCrd`) and each breaking change counted against the objects
 * stored, listed at the version the change is about. A new CRD, or a compatible change, has nothing
 * to report.
 */
import { isNotFound, type KubeClient, type KubeObject } from '../../kube/index.ts';
import {
  affects,
  describeBreakingChanges,
  diffCrd,
  type BreakingChange,
  type CountedChange,
  type CrdDocument,
} from '../../resources/index.ts';

/** The API of CustomResourceDefinitions. */
export const CRD_RESOURCE = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
  namespaced: false,
};

/** A CRD change that breaks stored objects, refused without `--force`; the message says what and why. */
export class CrdChangeRefusedError extends Error {
  constructor(reports: readonly string[]) {
    const what = reports.length === 1 ? 'a CRD change' : `${reports.length} CRD changes`;
    super(
      `refusing to apply ${what} that would break stored objects (--force applies it anyway):\n${reports.join('\n')}`,
    );
    this.name = 'CrdChangeRefusedError';
  }
}

/**
 * The breaking changes of applying `next` over the live CRD of its name, described with the number of
 * stored objects each affects; undefined when the CRD is new, the change is compatible, or no stored
 * object is affected (a schema still being shaped, with nothing stored under it, changes freely).
 */
export async function breakingChangesOf(
  client: KubeClient,
  next: KubeObject,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const live = await readLive(client, next.metadata?.name ?? '', signal);
  if (live === undefined) return undefined;
  const changes = diffCrd(live, next);
  if (changes.length === 0) return undefined;
  return describeAffected(client, { live, changes }, signal);
}

/** The description of the changes with their stored objects counted; undefined when none is affected. */
async function describeAffected(
  client: KubeClient,
  { live, changes }: { live: CrdDocument; changes: readonly BreakingChange[] },
  signal?: AbortSignal,
): Promise<string | undefined> {
  const stored = storedObjects(client, live, signal);
  const { counted, affected } = await countAffected(changes, live, stored);
  if (affected === 0) return undefined;
  return describeBreakingChanges({
    crd: live.metadata?.name ?? '',
    plural: live.spec?.names?.plural ?? 'objects',
    total: await stored.total(),
    affected,
    changes: counted,
  });
}

/** Each change with the stored objects it affects, and how many objects any change affects. */
async function countAffected(
  changes: readonly BreakingChange[],
  live: CrdDocument,
  stored: StoredObjects,
): Promise<{ counted: CountedChange[]; affected: number }> {
  const counted: CountedChange[] = [];
  const hurt = new Set<string>();
  for (const change of changes) {
    const objects = await stored.at(listVersion(live, change));
    const affected = objects.filter((object) => affects(change, object));
    for (const object of affected) hurt.add(keyOf(object));
    counted.push({ change, affected: affected.length });
  }
  return { counted, affected: hurt.size };
}

async function readLive(
  client: KubeClient,
  name: string,
  signal?: AbortSignal,
): Promise<CrdDocument | undefined> {
  try {
    return await client.get<KubeObject & CrdDocument>(CRD_RESOURCE, name, signal ? { signal } : {});
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * The version to read stored objects at for a change: a schema change's own (the objects as that
 * version's clients see them), else — or when that version is not served — the first served one.
 */
function listVersion(live: CrdDocument, change: BreakingChange): string | undefined {
  const served = (live.spec?.versions ?? []).filter((v) => v.served === true).map((v) => v.name);
  const own =
    change.kind === 'version-removed' || change.kind === 'version-unserved' ? undefined : change.version;
  return own !== undefined && served.includes(own) ? own : served[0];
}

function keyOf(object: unknown): string {
  const metadata = (object as KubeObject).metadata;
  return `${metadata?.namespace ?? ''}/${metadata?.name ?? ''}`;
}

/** The CRD's stored objects, listed once per version they are read at. */
interface StoredObjects {
  /** The objects read at `version`; none when the CRD serves no version to read them at. */
  at(version: string | undefined): Promise<readonly KubeObject[]>;
  /** How many objects are stored. */
  total(): Promise<number>;
}

function storedObjects(client: KubeClient, crd: CrdDocument, signal?: AbortSignal): StoredObjects {
  const lists = new Map<string, Promise<readonly KubeObject[]>>();
  const spec = crd.spec;
  const list = async (version: string): Promise<readonly KubeObject[]> => {
    const gvr = {
      group: spec?.group ?? '',
      version,
      resource: spec?.names?.plural ?? '',
      namespaced: spec?.scope === 'Namespaced',
    };
    return (await client.listAll(gvr, {}, signal)).items;
  };
  const at = (version: string | undefined): Promise<readonly KubeObject[]> => {
    if (version === undefined) return Promise.resolve([]);
    const listed = lists.get(version) ?? list(version);
    lists.set(version, listed);
    return listed;
  };
  return {
    at,
    total: async () => (await at(spec?.versions?.find((v) => v.served === true)?.name)).length,
  };
}
