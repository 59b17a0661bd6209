/**
 * Discovery and REST mapping: which resource (plural name, namespaced or not) serves a kind.
 * The resource list of a group version (`/api/v1`, `/apis/<group>/<version>`) is fetched on
 * first use, cached, and fetched again when a kind is missing from it (a CRD installed since).
 */
import type { KubeClient } from './client.ts';
import { isNotFound } from './errors.ts';
import { groupVersionPath } from './path.ts';
import type { GroupVersionKind, GroupVersionResource } from './types.ts';

/** No resource serves the kind (its group version or the kind is not installed). */
export class NoKindMatchError extends Error {
  /** The kind that was looked up. */
  readonly gvk: GroupVersionKind;
  constructor(gvk: GroupVersionKind) {
    super(`no resource serves kind ${gvk.kind} in ${gvk.group === '' ? '' : `${gvk.group}/`}${gvk.version}`);
    this.name = 'NoKindMatchError';
    this.gvk = gvk;
  }
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
}

interface ApiResourceList {
  resources?: ApiResource[];
}

/** One group version's kinds → resources, or null when the group version is not served. */
type KindTable = Map<string, GroupVersionResource> | null;

/** Tuning of a {@link RestMapper}. */
export interface RestMapperOptions {
  /** A group version is fetched again on a miss only if its table is older than this. @default 1000 */
  minRefreshMs?: number;
  /** Clock in ms (for tests). @default Date.now */
  now?: () => number;
}

/** The API version string of a group version: `v1` or `apps/v1`. */
export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** Splits an `apiVersion` into group and version. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Maps kinds to resources with cached discovery of their group versions. */
export class RestMapper {
  private readonly client: KubeClient;
  private readonly minRefreshMs: number;
  private readonly now: () => number;
  private readonly tables = new Map<string, { table: KindTable; fetchedAt: number }>();
  private readonly inFlight = new Map<string, Promise<KindTable>>();

  constructor(client: KubeClient, options: RestMapperOptions = {}) {
    this.client = client;
    this.minRefreshMs = options.minRefreshMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /**
   * The resource serving `gvk`, from the cache, else from discovery.
   * @throws NoKindMatchError when the server does not serve the kind.
   */
  async resourceFor(gvk: GroupVersionKind, signal?: AbortSignal): Promise<GroupVersionResource> {
    const key = apiVersionOf(gvk.group, gvk.version);
    const cached = this.tables.get(key);
    const hit = cached?.table?.get(gvk.kind);
    if (hit !== undefined) return hit;
    if (cached !== undefined && this.now() - cached.fetchedAt < this.minRefreshMs)
      throw new NoKindMatchError(gvk);
    const table = await this.fetchTable(gvk, signal);
    const found = table?.get(gvk.kind);
    if (found === undefined) throw new NoKindMatchError(gvk);
    return found;
  }

  /** The resource serving the kind of an object (`apiVersion` and `kind`). */
  async resourceForObject(
    object: { apiVersion?: string; kind?: string },
    signal?: AbortSignal,
  ): Promise<GroupVersionResource> {
    if (object.apiVersion === undefined || object.kind === undefined) {
      throw new TypeError('the object has no apiVersion or kind');
    }
    return this.resourceFor({ ...parseApiVersion(object.apiVersion), kind: object.kind }, signal);
  }

  /** Forgets every cached group version (e.g. after CRDs changed). */
  invalidate(): void {
    this.tables.clear();
  }

  private fetchTable(gvk: GroupVersionKind, signal?: AbortSignal): Promise<KindTable> {
    const key = apiVersionOf(gvk.group, gvk.version);
    let pending = this.inFlight.get(key);
    if (pending === undefined) {
      pending = this.load(gvk, signal).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async load(gvk: GroupVersionKind, signal?: AbortSignal): Promise<KindTable> {
    const key = apiVersionOf(gvk.group, gvk.version);
    let table: KindTable;
    try {
      const list = await this.client.getJson<ApiResourceList>(
        groupVersionPath(gvk.group, gvk.version),
        signal,
      );
      table = new Map();
      for (const resource of list.resources ?? []) {
        if (resource.name.includes('/')) continue;
        const gvr = {
          group: gvk.group,
          version: gvk.version,
          resource: resource.name,
          namespaced: resource.namespaced,
        };
        table.set(resource.kind, gvr);
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
      table = null;
    }
    this.tables.set(key, { table, fetchedAt: this.now() });
    return table;
  }
}
