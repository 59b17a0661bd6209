/**
 * What a reconcile needs from the world, as narrow interfaces: the box implements them with the
 * informer caches and the kube client; unit tests with in-memory fakes.
 */
import type { KubeObject } from '../../kube/index.ts';

/** Read access to the caches: never an API call. */
export interface ClusterCache {
  /** The CR cached under `key` (`namespace/name` or `name`). */
  customResource(key: string): KubeObject | undefined;
  /** The cached object with the apiVersion, kind, namespace and name of `like` (a desired child). */
  child(like: KubeObject): KubeObject | undefined;
  /** Every cached child labelled as this CR's (any kind). */
  childrenOf(owner: KubeObject): KubeObject[];
  /**
   * Makes sure children of these types are cached, starting to watch a type known only once
   * rendered (a `custom` entry with a templated apiVersion or kind). Resolves true when a type was
   * not watched before: the render that named it did not know its scope, so the caller renders again.
   * @throws PendingError while a new type's cache is not synced yet.
   */
  watchTypes(types: readonly ChildType[]): Promise<boolean>;
}

/** A child type. */
export interface ChildType {
  readonly apiVersion: string;
  readonly kind: string;
}

/** Writes to the API server. Each returns what the server answered. */
export interface ClusterWriter {
  /** Server-side apply (creates when missing). */
  apply(object: KubeObject, options: { force: boolean }): Promise<KubeObject>;
  /** Deletes; an object already gone is not an error. */
  delete(object: KubeObject): Promise<void>;
  /** Merge-patches the status subresource of a CR. */
  patchStatus(cr: KubeObject, status: Record<string, unknown>): Promise<KubeObject>;
  /** Merge-patches the `spec` of a CR (conditional on its resourceVersion): normalize (spec §9.1). */
  patchSpec(cr: KubeObject, spec: Record<string, unknown>): Promise<KubeObject>;
  /** Sets `metadata.finalizers` of a CR (conditional on its resourceVersion). */
  setFinalizers(cr: KubeObject, finalizers: readonly string[]): Promise<KubeObject>;
}

/** Events about a CR. Never throws. */
export interface EventSink {
  normal(cr: KubeObject, reason: string, message: string): void;
  warning(cr: KubeObject, reason: string, message: string): void;
}
