/**
 * The shapes that cross the kube/ boundary: plain JSON objects as the API server sends them,
 * and the list/watch contract the informers of runtime/ are built on.
 */

/** Metadata every Kubernetes object carries (only the fields Orkestra reads are typed). */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

/** A reference from a child to the object that owns it. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Any Kubernetes object, decoded from JSON once and never mutated afterwards. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

/** Group, version and kind of a type. `group` is '' for the core group. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** Where a type is served: group, version and plural resource name, and whether it is namespaced. */
export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
  namespaced: boolean;
}

/** Options of a list or watch request. */
export interface ListOptions {
  /** Only objects of this namespace; all namespaces when absent (or for cluster-scoped types). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size of a list. */
  limit?: number;
  /** Continue token of the previous page. */
  continue?: string;
  /** For a watch: the resourceVersion to start after. */
  resourceVersion?: string;
}

/** Options of one watch call of a {@link ListerWatcher}. */
export interface WatchListOptions extends ListOptions {
  /**
   * Called once the server has accepted the watch (its response headers arrived), before any event:
   * a watch that reconnected is in contact again even when nothing changes.
   */
  onOpen?: () => void;
}

/** One page of a list. */
export interface ListResult<T extends KubeObject = KubeObject> {
  items: T[];
  /** The collection's resourceVersion: a watch started here misses nothing. */
  resourceVersion: string;
  /** Token of the next page; absent on the last page. */
  continue?: string;
}

/** One event of a watch stream. BOOKMARK carries only metadata.resourceVersion. */
export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/**
 * What an informer needs from the API server for one type. `watch` yields events until the
 * server closes the stream (it ends) or `signal` aborts (it ends, and the stream is closed). It
 * never yields an ERROR event: it throws the typed error of its Status instead — a `GoneError`
 * (HTTP 410) when the resourceVersion is too old, which makes the informer relist — and throws a
 * `WatchInactivityError` when the stream stays silent past its inactivity limit. A failed list
 * throws the `ApiError` of its status (a 429's `retryAfterSeconds` included). The runtime's
 * FakeListerWatcher keeps the same contract (runtime/testing/lister-watcher.contract.test.ts).
 */
export interface ListerWatcher<T extends KubeObject = KubeObject> {
  list(options: ListOptions, signal?: AbortSignal): Promise<ListResult<T>>;
  watch(options: WatchListOptions, signal: AbortSignal): AsyncIterable<WatchEvent<T>>;
}
