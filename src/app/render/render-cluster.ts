/**
 * The cluster of `ork render`: an in-memory stand-in for the informer caches (the CR and the children
 * given on the command line) and a writer that records what the reconcile would send instead of
 * sending it. The real reconcile runs against it unchanged.
 */
import type { KubeObject } from '../../kube/index.ts';
import {
  ANNOTATION_RECONCILE,
  deepMerge,
  LABEL_OWNER,
  ownerLabels,
  type ChildOrigin,
} from '../../resources/index.ts';
import type { ClusterCache, ClusterWriter, EventSink, MetadataPatch } from '../../runtime/index.ts';

/** What the reconcile did to one desired child, in apply order. */
export type ChildAction = 'create' | 'update' | 'unchanged' | 'exists';

/** One desired child and what the runtime would do with it. */
export interface ChildWrite {
  readonly action: ChildAction;
  /** The object as applied (for `unchanged`/`exists`: as desired; no write is sent). */
  readonly object: KubeObject;
}

/** Everything the reconcile of one CR would have written or reported. */
export interface RecordedReconcile {
  readonly children: ChildWrite[];
  /** Enforced children no longer desired, deleted by pruning. */
  readonly deleted: KubeObject[];
  /** Finalizers set on the CR (only when some were missing). */
  finalizers: string[] | undefined;
  /** The status patch; undefined when the status was already as desired. */
  status: Record<string, unknown> | undefined;
  /** Messages of the deny rules that failed. */
  readonly denied: string[];
  /** Messages of the warn rules that failed. */
  warnings: string[];
  /** What the runtime would do beyond the writes shown (the key and certificate of a tls Secret). */
  readonly notes: string[];
}

function sameObject(a: KubeObject, b: KubeObject): boolean {
  const ns = b.metadata?.namespace;
  return (
    a.apiVersion === b.apiVersion &&
    a.kind === b.kind &&
    a.metadata?.name === b.metadata?.name &&
    (a.metadata?.namespace === undefined || a.metadata.namespace === ns)
  );
}

/**
 * A child labelled with an owner belongs to that CR only (the runtime finds children by these labels);
 * a child without Orkestra's owner label — a hand-written live object — is offered to every CR.
 */
function belongsTo(child: KubeObject, origin: ChildOrigin): boolean {
  const labels = child.metadata?.labels ?? {};
  if (labels[LABEL_OWNER] === undefined) return true;
  return Object.entries(ownerLabels(origin)).every(([k, v]) => labels[k] === v);
}

function emptyRecord(): RecordedReconcile {
  return {
    children: [],
    deleted: [],
    finalizers: undefined,
    status: undefined,
    denied: [],
    warnings: [],
    notes: [],
  };
}

/**
 * The cache, writer and event sink of offline reconciles of one CRD entry, one CR at a time: {@link begin}
 * starts the next CR, {@link recorded} holds what its reconcile did. Reused across CRs so the reconcile
 * wiring (and its template cache) is built once per entry, as in a running box.
 */
export class OfflineCluster implements ClusterCache, ClusterWriter, EventSink {
  #recorded: RecordedReconcile = emptyRecord();
  #cr: KubeObject | undefined;
  readonly #live: readonly KubeObject[];
  readonly #box: { readonly katalog: string; readonly crd: string };

  /** `live`: the children given on the command line; `box`: the Katalog and CRD key of the entry. */
  constructor(live: readonly KubeObject[], box: { katalog: string; crd: string }) {
    this.#live = live;
    this.#box = box;
  }

  /** What the reconcile of the current CR did. */
  get recorded(): RecordedReconcile {
    return this.#recorded;
  }

  /**
   * The current CR's children after its reconcile, as an observer's cache would hold them: each
   * desired child applied over its live object (so live status such as readyReplicas stays), pruned
   * ones left out.
   */
  appliedChildren(): KubeObject[] {
    return this.#recorded.children.map(({ action, object }) => {
      const live = this.#live.find((o) => sameObject(o, object));
      if (live === undefined) return object;
      return action === 'exists' ? live : (deepMerge(live, object) as KubeObject);
    });
  }

  /** Makes `cr` the one CR in the cache and starts a fresh record. */
  begin(cr: KubeObject): void {
    this.#cr = cr;
    this.#recorded = emptyRecord();
  }

  customResource(): KubeObject | undefined {
    return this.#cr;
  }

  /** Looked up per desired child, in apply order: recorded as `unchanged`/`exists` until applied. */
  child(like: KubeObject): KubeObject | undefined {
    const live = this.#live.find((o) => sameObject(o, like));
    const enforced = like.metadata?.annotations?.[ANNOTATION_RECONCILE] === 'true';
    if (live !== undefined) this.#record({ action: enforced ? 'unchanged' : 'exists', object: like });
    return live;
  }

  /** A Secret among the live objects given (the CA of a tls Secret). */
  secret(namespace: string, name: string): KubeObject | undefined {
    return this.#live.find(
      (o) =>
        o.kind === 'Secret' && o.metadata?.name === name && (o.metadata.namespace ?? namespace) === namespace,
    );
  }

  /** Records what happens to a child; a later record of the same object replaces an earlier one. */
  #record(write: ChildWrite): void {
    const index = this.#recorded.children.findIndex((c) => sameObject(c.object, write.object));
    if (index >= 0) this.#recorded.children[index] = write;
    else this.#recorded.children.push(write);
  }

  childrenOf(owner: KubeObject): KubeObject[] {
    const meta = owner.metadata ?? {};
    const identity = { apiVersion: '', kind: '', name: meta.name ?? '', namespace: meta.namespace, uid: '' };
    const origin: ChildOrigin = { ...this.#box, owner: identity };
    return this.#live.filter((o) => belongsTo(o, origin));
  }

  /** Offline, every type is "watched": the live children given are all there is. */
  watchTypes(): Promise<boolean> {
    return Promise.resolve(false);
  }

  apply(object: KubeObject): Promise<KubeObject> {
    const live = this.#live.find((o) => sameObject(o, object));
    this.#record({ action: live === undefined ? 'create' : 'update', object });
    // The server's answer to an apply: the live object with the applied fields merged in, so fields
    // the server set (clusterIP, status) stay visible to the status templates.
    return Promise.resolve(live === undefined ? object : (deepMerge(live, object) as KubeObject));
  }

  delete(object: KubeObject): Promise<void> {
    this.#recorded.deleted.push(object);
    return Promise.resolve();
  }

  patchStatus(cr: KubeObject, status: Record<string, unknown>): Promise<KubeObject> {
    this.#recorded.status = status;
    this.#cr = { ...cr, status };
    return Promise.resolve(this.#cr);
  }

  /** normalize (spec §9.1): the CR continues with its canonical spec; the stored CR is not shown. */
  patchSpec(cr: KubeObject, spec: Record<string, unknown>): Promise<KubeObject> {
    this.#cr = { ...cr, spec: deepMerge(cr['spec'] ?? {}, spec) };
    return Promise.resolve(this.#cr);
  }

  patchMetadata(cr: KubeObject, patch: MetadataPatch): Promise<KubeObject> {
    const metadata = { ...cr.metadata };
    if (patch.finalizers !== undefined) {
      this.#recorded.finalizers = [...patch.finalizers];
      metadata.finalizers = [...patch.finalizers];
    }
    if (patch.annotations !== undefined)
      metadata.annotations = { ...metadata.annotations, ...patch.annotations };
    this.#cr = { ...cr, metadata };
    return Promise.resolve(this.#cr);
  }

  /**
   * Created/Updated/Deleted events repeat what `recorded` holds; certificate events and external calls
   * not made become notes.
   */
  normal(_cr: KubeObject, reason: string, message: string): void {
    if (reason.startsWith('Certificate') || reason === 'ExternalNotCalled')
      this.#recorded.notes.push(message);
  }

  warning(_cr: KubeObject, reason: string, message: string): void {
    if (reason === 'ValidationFailed') this.#recorded.denied.push(message);
  }

  /** The `reportWarnings` of the reconcile wiring. */
  readonly reportWarnings = (_key: string, warnings: readonly string[]): void => {
    this.#recorded.warnings = [...warnings];
  };
}
