/**
 * What a reconcile needs from the world, as narrow interfaces: the box implements them with the
 * informer caches and the kube client; unit tests with in-memory fakes.
 */
import type { KeyObject } from 'node:crypto';
import type { KubeObject } from '../../kube/index.ts';

/** Read access to the caches: never an API call. */
export interface ClusterCache {
  /** The CR cached under `key` (`namespace/name` or `name`). */
  customResource(key: string): KubeObject | undefined;
  /** The cached object with the apiVersion, kind, namespace and name of `like` (a desired child). */
  child(like: KubeObject): KubeObject | undefined;
  /** Every cached child labelled as this CR's (any kind). */
  childrenOf(owner: KubeObject): KubeObject[];
  /** A Secret the Katalog names, such as the CA of a `tls` Secret; undefined when it is not there. */
  secret(namespace: string, name: string): KubeObject | undefined;
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

/** What a reconcile changes in a CR's metadata: our finalizers, and the annotations we keep on it. */
export interface MetadataPatch {
  readonly finalizers?: readonly string[] | undefined;
  readonly annotations?: Readonly<Record<string, string>> | undefined;
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
  /** Merge-patches `metadata.finalizers` and/or annotations of a CR (conditional on its resourceVersion). */
  patchMetadata(cr: KubeObject, metadata: MetadataPatch): Promise<KubeObject>;
}

/** Events about a CR. Never throws. */
export interface EventSink {
  normal(cr: KubeObject, reason: string, message: string): void;
  warning(cr: KubeObject, reason: string, message: string): void;
}

/**
 * The randomness of `tls` Secrets: new key pairs and certificate serial numbers. The runtime's draws
 * from node:crypto; tests may give fixed ones.
 */
export interface KeySource {
  /** A new key pair. */
  newKeyPair(): { privateKey: KeyObject; publicKey: KeyObject };
  /** A new positive serial number, at most 20 bytes. */
  newSerialNumber(): Uint8Array;
}

/** The key material of a `tls` Secret as written: its `data` entries (base64) and its tls-hash annotation. */
export interface TlsMaterial {
  /** `tls.crt`, `tls.key` and `ca.crt`, base64. */
  readonly data: Readonly<Record<string, string>>;
  /** The tls-hash annotation: `<inputs digest>.<data digest>`. */
  readonly hash: string;
  /** When the certificate expires (ms since the epoch). */
  readonly notAfterMs: number;
}

/** An HTTP request of an external call (spec §10.2), rendered, its Secret header values resolved. */
export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  /** Lowercase names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

/** What an external endpoint answered. */
export interface HttpResponse {
  readonly status: number;
  /** The `content-type` header; undefined when absent. */
  readonly contentType: string | undefined;
  /** The body as text, cut at the client's size bound. */
  readonly body: string;
  /** True when the body was longer than the bound and was cut. */
  readonly truncated: boolean;
}

/**
 * Sends the HTTP requests of a box's external calls: each bounded by its timeout, at most a few of one
 * box at a time, all aborted when the box stops. Rejects on a network failure, a timeout or an abort.
 */
export interface ExternalHttp {
  send(request: HttpRequest, timeoutMs: number): Promise<HttpResponse>;
}
