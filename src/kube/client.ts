/**
 * The verbs of the Kubernetes API over one {@link Transport}: get, list (paginated), create,
 * replace, server-side apply, patch, status patch and delete, on plain JSON objects.
 */
import { buildPath } from './path.ts';
import type { Query } from './path.ts';
import type { ClusterConfig } from './config/cluster-config.ts';
import { Transport } from './transport/transport.ts';
import type { TransportOptions, TransportRequest } from './transport/transport.ts';
import type { GroupVersionResource, KubeObject, ListOptions, ListResult } from './types.ts';

/** The field manager of every write unless a call names another. */
export const FIELD_MANAGER = 'orkestra';

/** Options every call takes. */
export interface CallOptions {
  /** Namespace of a namespaced resource (for writes, `metadata.namespace` of the object wins). */
  namespace?: string;
  signal?: AbortSignal;
}

/**
 * Asked before every write a client sends; throws to refuse it (the leader election fence: a
 * replica that does not lead writes nothing, whichever code path tries).
 */
export type WriteFence = (request: { method: string; path: string }) => void;

/** Options of a server-side apply. */
export interface ApplyOptions extends CallOptions {
  /** Take ownership of fields other managers own (resolves conflicts in our favour). @default false */
  force?: boolean;
  /** @default FIELD_MANAGER */
  fieldManager?: string;
  /** Apply to a subresource, e.g. `status`. */
  subresource?: string;
  dryRun?: boolean;
}

/** Patch flavours and their content types. */
export type PatchType = 'merge' | 'json' | 'strategic';

const patchContentTypes: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

/** Options of a patch. */
export interface PatchOptions extends CallOptions {
  /** The patch document: an object for merge/strategic, an array of operations for json. */
  patch: unknown;
  /** @default 'merge' */
  type?: PatchType;
  subresource?: string;
  /** @default FIELD_MANAGER */
  fieldManager?: string;
}

/** Options of a delete. */
export interface DeleteOptions extends CallOptions {
  /** What happens to dependents. @default the resource's default (Background for most) */
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  gracePeriodSeconds?: number;
}

/** Options of a create or replace. */
export interface WriteOptions extends CallOptions {
  /** @default FIELD_MANAGER */
  fieldManager?: string;
  dryRun?: boolean;
}

interface ListResponse {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubeObject[];
}

/** The namespace a call addresses: none for cluster-scoped resources. */
function scopedNamespace(gvr: GroupVersionResource, namespace: string | undefined): string | undefined {
  if (!gvr.namespaced) return undefined;
  if (namespace === undefined || namespace === '') {
    throw new TypeError(`${gvr.resource}.${gvr.group || 'core'} is namespaced: a namespace is required`);
  }
  return namespace;
}

/** Sets apiVersion and kind on list items that lack them (the API server omits them). */
function typedItems(list: ListResponse): KubeObject[] {
  const items = list.items ?? [];
  const kind = list.kind?.replace(/List$/, '');
  for (const item of items) {
    item.apiVersion ??= list.apiVersion;
    item.kind ??= kind;
  }
  return items;
}

function objectName(object: KubeObject): string {
  const name = object.metadata?.name;
  if (name === undefined || name === '') throw new TypeError('the object has no metadata.name');
  return name;
}

/**
 * A Kubernetes API client on plain JSON objects. Every method throws the typed
 * {@link ApiError} of a failed request (after the transport's retries).
 */
export class KubeClient {
  /** The transport every call goes through (watches use it too). */
  readonly transport: Transport;
  readonly #fence: WriteFence | undefined;

  /** @param options.fence - asked before every write (leader election); it throws to refuse one. */
  constructor(transport: Transport, options: { fence?: WriteFence } = {}) {
    this.transport = transport;
    this.#fence = options.fence;
  }

  /** This client, on the same transport, with `fence` asked before every write. */
  fenced(fence: WriteFence): KubeClient {
    return new KubeClient(this.transport, { fence });
  }

  /** GETs a path and decodes the JSON answer (for discovery and other non-resource paths). */
  async getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.send<T>({ method: 'GET', path, verb: 'get', ...(signal === undefined ? {} : { signal }) });
  }

  /** Reads one object. @throws NotFoundError when it does not exist. */
  async get<T extends KubeObject = KubeObject>(
    gvr: GroupVersionResource,
    name: string,
    options: CallOptions = {},
  ): Promise<T> {
    const path = buildPath({ ...gvr, namespace: scopedNamespace(gvr, options.namespace), name });
    return this.send<T>({ method: 'GET', path, verb: 'get', ...signalOf(options) });
  }

  /** Reads one page of a list (all namespaces when `options.namespace` is absent). */
  async list<T extends KubeObject = KubeObject>(
    gvr: GroupVersionResource,
    options: ListOptions = {},
    signal?: AbortSignal,
  ): Promise<ListResult<T>> {
    const namespace = gvr.namespaced ? options.namespace : undefined;
    const query: Query = {
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      limit: options.limit,
      continue: options.continue,
      resourceVersion: options.continue === undefined ? options.resourceVersion : undefined,
    };
    const path = buildPath({ ...gvr, namespace }, query);
    const list = await this.send<ListResponse>({
      method: 'GET',
      path,
      verb: 'list',
      ...(signal === undefined ? {} : { signal }),
    });
    const next = list.metadata?.continue;
    const result: ListResult<T> = {
      items: typedItems(list) as T[],
      resourceVersion: list.metadata?.resourceVersion ?? '',
    };
    if (next !== undefined && next !== '') result.continue = next;
    return result;
  }

  /**
   * Reads every page of a list (`limit` per page, default 500) and returns all items with the
   * resourceVersion of the last page, from which a watch misses nothing.
   */
  async listAll<T extends KubeObject = KubeObject>(
    gvr: GroupVersionResource,
    options: ListOptions = {},
    signal?: AbortSignal,
  ): Promise<ListResult<T>> {
    const items: T[] = [];
    let page = await this.list<T>(gvr, { limit: 500, ...options }, signal);
    items.push(...page.items);
    while (page.continue !== undefined) {
      page = await this.list<T>(gvr, { limit: 500, ...options, continue: page.continue }, signal);
      items.push(...page.items);
    }
    return { items, resourceVersion: page.resourceVersion };
  }

  /** Creates an object. @throws ConflictError (reason AlreadyExists) when it exists. */
  async create<T extends KubeObject = KubeObject>(
    gvr: GroupVersionResource,
    object: T,
    options: WriteOptions = {},
  ): Promise<T> {
    const namespace = scopedNamespace(gvr, object.metadata?.namespace ?? options.namespace);
    const path = buildPath({ ...gvr, namespace }, writeQuery(options));
    const request = {
      method: 'POST',
      path,
      verb: 'create',
      body: JSON.stringify(object),
      ...signalOf(options),
    } as const;
    return this.send<T>(request);
  }

  /** Replaces an object (PUT); `metadata.resourceVersion` makes it conditional. @throws ConflictError */
  async replace<T extends KubeObject = KubeObject>(
    gvr: GroupVersionResource,
    object: T,
    options: WriteOptions = {},
  ): Promise<T> {
    const namespace = scopedNamespace(gvr, object.metadata?.namespace ?? options.namespace);
    const path = buildPath({ ...gvr, namespace, name: objectName(object) }, writeQuery(options));
    const request = {
      method: 'PUT',
      path,
      verb: 'update',
      body: JSON.stringify(object),
      ...signalOf(options),
    } as const;
    return this.send<T>(request);
  }

  /**
   * Server-side apply: PATCH `application/apply-patch+yaml` with the JSON object as the body,
   * fieldManager `orkestra` unless given, `force` per call. Creates the object if absent.
   * @throws ConflictError when another manager owns a field and `force` is false.
   */
  async apply<T extends KubeObject = KubeObject>(
    gvr: GroupVersionResource,
    object: KubeObject,
    options: ApplyOptions = {},
  ): Promise<T> {
    const namespace = scopedNamespace(gvr, object.metadata?.namespace ?? options.namespace);
    const query = { ...writeQuery(options), force: options.force === true ? true : undefined };
    const path = buildPath(
      { ...gvr, namespace, name: objectName(object), subresource: options.subresource },
      query,
    );
    const body = JSON.stringify(object);
    const request = {
      method: 'PATCH',
      path,
      verb: 'apply',
      body,
      contentType: 'application/apply-patch+yaml',
    } as const;
    return this.send<T>({ ...request, idempotent: true, ...signalOf(options) });
  }

  /** Patches an object (merge patch by default; `json` for JSON patch operations). */
  async patch<T extends KubeObject = KubeObject>(
    gvr: GroupVersionResource,
    name: string,
    options: PatchOptions,
  ): Promise<T> {
    const type = options.type ?? 'merge';
    const namespace = scopedNamespace(gvr, options.namespace);
    const path = buildPath(
      { ...gvr, namespace, name, subresource: options.subresource },
      writeQuery(options),
    );
    const body = JSON.stringify(options.patch);
    const request = {
      method: 'PATCH',
      path,
      verb: 'patch',
      body,
      contentType: patchContentTypes[type],
    } as const;
    return this.send<T>({ ...request, idempotent: type === 'merge', ...signalOf(options) });
  }

  /** Patches the status subresource (merge patch by default); the spec is left alone. */
  async patchStatus<T extends KubeObject = KubeObject>(
    gvr: GroupVersionResource,
    name: string,
    options: PatchOptions,
  ): Promise<T> {
    return this.patch<T>(gvr, name, { ...options, subresource: 'status' });
  }

  /**
   * Deletes an object. Resolves with what the server returned (the object while finalizers run,
   * or a Status). @throws NotFoundError when it is already gone.
   */
  async delete(gvr: GroupVersionResource, name: string, options: DeleteOptions = {}): Promise<KubeObject> {
    const namespace = scopedNamespace(gvr, options.namespace);
    const query = {
      propagationPolicy: options.propagationPolicy,
      gracePeriodSeconds: options.gracePeriodSeconds,
    };
    const path = buildPath({ ...gvr, namespace, name }, query);
    return this.send<KubeObject>({ method: 'DELETE', path, verb: 'delete', ...signalOf(options) });
  }

  private async send<T>(request: TransportRequest): Promise<T> {
    const fence = this.#fence;
    // asked again before each retry: a write first sent in a term must not land after it
    const fenced =
      fence === undefined || request.method === 'GET'
        ? request
        : {
            ...request,
            beforeAttempt: () => {
              fence(request);
            },
          };
    const response = await this.transport.request(fenced);
    return JSON.parse(response.text) as T;
  }
}

function signalOf(options: CallOptions): { signal?: AbortSignal } {
  return options.signal === undefined ? {} : { signal: options.signal };
}

function writeQuery(options: { fieldManager?: string; dryRun?: boolean }): Query {
  return {
    fieldManager: options.fieldManager ?? FIELD_MANAGER,
    dryRun: options.dryRun === true ? 'All' : undefined,
  };
}

/**
 * A client with its own {@link Transport} (two keep-alive pools) for a cluster. Create one per
 * API server and share it; close it with `client.transport.close()`.
 */
export function createKubeClient(config: ClusterConfig, options: TransportOptions = {}): KubeClient {
  return new KubeClient(new Transport(config, options));
}
