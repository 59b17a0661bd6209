/** The {@link ClusterWriter} of a box on the kube client: every write goes through here and is counted. */
import {
  isNotFound,
  type GroupVersionResource,
  type KubeClient,
  type KubeObject,
  type RestMapper,
} from '../../kube/index.ts';
import type { ClusterWriter, MetadataPatch } from '../reconcile/ports.ts';

/** Counts a write by verb (apply, delete, status, normalize, finalizers). */
export type WriteCounter = (verb: string) => void;

/** A writer for the CRs of `crGvr` and their children. */
export class KubeWriter implements ClusterWriter {
  readonly #client: KubeClient;
  readonly #mapper: RestMapper;
  readonly #crGvr: GroupVersionResource;
  readonly #count: WriteCounter;

  constructor(options: {
    client: KubeClient;
    mapper: RestMapper;
    crGvr: GroupVersionResource;
    count: WriteCounter;
  }) {
    this.#client = options.client;
    this.#mapper = options.mapper;
    this.#crGvr = options.crGvr;
    this.#count = options.count;
  }

  async apply(object: KubeObject, options: { force: boolean }): Promise<KubeObject> {
    const gvr = await this.#mapper.resourceForObject(object);
    this.#count('apply');
    return this.#client.apply(gvr, object, { force: options.force });
  }

  async delete(object: KubeObject): Promise<void> {
    const gvr = await this.#mapper.resourceForObject(object);
    this.#count('delete');
    const namespace = object.metadata?.namespace;
    try {
      await this.#client.delete(gvr, object.metadata?.name ?? '', {
        propagationPolicy: 'Background',
        ...(namespace === undefined ? {} : { namespace }),
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async patchStatus(cr: KubeObject, status: Record<string, unknown>): Promise<KubeObject> {
    this.#count('status');
    return this.#client.patchStatus(this.#crGvr, cr.metadata?.name ?? '', {
      patch: { status },
      ...namespaceOf(cr),
    });
  }

  async patchSpec(cr: KubeObject, spec: Record<string, unknown>): Promise<KubeObject> {
    this.#count('normalize');
    // Conditional like the finalizer patch: a value normalized from a stale cache is never written.
    const metadata = { resourceVersion: cr.metadata?.resourceVersion };
    return this.#client.patch(this.#crGvr, cr.metadata?.name ?? '', {
      patch: { metadata, spec },
      ...namespaceOf(cr),
    });
  }

  async patchMetadata(cr: KubeObject, patch: MetadataPatch): Promise<KubeObject> {
    this.#count(patch.finalizers === undefined ? 'annotations' : 'finalizers');
    // The resourceVersion makes the patch conditional: a stale cache gets a 409 and a retry.
    const metadata = { ...patch, resourceVersion: cr.metadata?.resourceVersion };
    return this.#client.patch(this.#crGvr, cr.metadata?.name ?? '', {
      patch: { metadata },
      ...namespaceOf(cr),
    });
  }
}

function namespaceOf(cr: KubeObject): { namespace?: string } {
  const namespace = cr.metadata?.namespace;
  return namespace === undefined ? {} : { namespace };
}
