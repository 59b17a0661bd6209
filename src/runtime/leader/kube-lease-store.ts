/**
 * The {@link LeaseStore} of a coordination.k8s.io/v1 Lease on the API server: conditional create and
 * replace, and a watch on that one Lease (by field selector) so a follower sees a release at once.
 * It must be given a client without the write fence: the Lease is the one thing a follower writes.
 */
import {
  isNotFound,
  watchResource,
  type GroupVersionResource,
  type KubeClient,
  type KubeObject,
} from '../../kube/index.ts';
import { realClock, sleep, type Clock } from '../clock.ts';
import {
  leaseSpecOf,
  recordOf,
  type LeaseRecord,
  type LeaseStore,
  type StoredLease,
} from './lease-record.ts';

const LEASES: GroupVersionResource = {
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
  namespaced: true,
};

/** A Lease on the API server. */
export class KubeLeaseStore implements LeaseStore {
  readonly #client: KubeClient;
  readonly #name: string;
  readonly #namespace: string;
  readonly #clock: Clock;

  constructor(options: { client: KubeClient; name: string; namespace: string; clock?: Clock }) {
    this.#client = options.client;
    this.#name = options.name;
    this.#namespace = options.namespace;
    this.#clock = options.clock ?? realClock;
  }

  async get(signal: AbortSignal): Promise<StoredLease | undefined> {
    try {
      return storedOf(await this.#client.get(LEASES, this.#name, { namespace: this.#namespace, signal }));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async create(record: LeaseRecord, signal: AbortSignal): Promise<StoredLease> {
    return storedOf(await this.#client.create(LEASES, this.#lease(record), { signal }));
  }

  async update(record: LeaseRecord, version: string, signal: AbortSignal): Promise<StoredLease> {
    return storedOf(await this.#client.replace(LEASES, this.#lease(record, version), { signal }));
  }

  /** Watches the Lease, reconnecting after a pause when the stream ends or fails, until `signal` aborts. */
  async watch(onChange: (lease: StoredLease) => void, signal: AbortSignal): Promise<void> {
    const fieldSelector = `metadata.name=${this.#name}`;
    while (!signal.aborted) {
      try {
        await this.#watchOnce(onChange, { fieldSelector, signal });
      } catch {
        // polling still runs; the watch only makes a release visible sooner
      }
      await sleep(this.#clock, 1_000, signal).catch(() => undefined);
    }
  }

  async #watchOnce(
    onChange: (lease: StoredLease) => void,
    options: { fieldSelector: string; signal: AbortSignal },
  ): Promise<void> {
    const events = watchResource(this.#client, LEASES, { namespace: this.#namespace, ...options });
    for await (const event of events) {
      if (event.type === 'ADDED' || event.type === 'MODIFIED') onChange(storedOf(event.object));
    }
  }

  #lease(record: LeaseRecord, resourceVersion?: string): KubeObject {
    const metadata = {
      name: this.#name,
      namespace: this.#namespace,
      ...(resourceVersion === undefined ? {} : { resourceVersion }),
    };
    return { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata, spec: leaseSpecOf(record) };
  }
}

function storedOf(lease: KubeObject): StoredLease {
  return {
    record: recordOf(lease['spec'] as Record<string, unknown> | undefined),
    version: lease.metadata?.resourceVersion ?? '',
  };
}
