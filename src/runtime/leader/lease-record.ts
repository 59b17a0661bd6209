/**
 * The leader election record as a coordination.k8s.io/v1 Lease spec holds it, and the store the
 * elector reads and writes it through. Times are MicroTime (RFC 3339 with microseconds), as the
 * API server and client-go write them, so `kubectl get lease -o yaml` reads the same for both.
 */

/** What a Lease says about its holder. */
export interface LeaseRecord {
  /** Who holds it; empty once released. */
  holderIdentity: string;
  /** How long the holder's claim lasts past its last renewal, as the holder wrote it. */
  leaseDurationSeconds: number;
  acquireTime: string | undefined;
  renewTime: string | undefined;
  /** How many times the holder changed. */
  leaseTransitions: number;
}

/** A record with the resourceVersion that makes the next write conditional on it. */
export interface StoredLease {
  record: LeaseRecord;
  version: string;
}

/**
 * Where the record lives. Every write is conditional (create fails when it exists, update when the
 * version moved): two candidates racing for the same record cannot both win.
 */
export interface LeaseStore {
  /** The record, or undefined when there is no Lease yet. */
  get(signal: AbortSignal): Promise<StoredLease | undefined>;
  /** Creates the Lease; rejects when it exists. */
  create(record: LeaseRecord, signal: AbortSignal): Promise<StoredLease>;
  /** Replaces the record if the Lease is still at `version`; rejects otherwise. */
  update(record: LeaseRecord, version: string, signal: AbortSignal): Promise<StoredLease>;
  /**
   * Calls `onChange` with every new state of the Lease until `signal` aborts (a watch), so a
   * follower sees a release at once instead of at its next poll. Optional: polling alone is correct.
   */
  watch?(onChange: (lease: StoredLease) => void, signal: AbortSignal): Promise<void>;
}

/** `ms` since the epoch as a Kubernetes MicroTime: `2024-05-01T10:00:00.123000Z`. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** The Lease spec of a record (empty fields left out, as the API server stores them). */
export function leaseSpecOf(record: LeaseRecord): Record<string, unknown> {
  return {
    ...(record.holderIdentity === '' ? {} : { holderIdentity: record.holderIdentity }),
    leaseDurationSeconds: record.leaseDurationSeconds,
    ...(record.acquireTime === undefined ? {} : { acquireTime: record.acquireTime }),
    ...(record.renewTime === undefined ? {} : { renewTime: record.renewTime }),
    leaseTransitions: record.leaseTransitions,
  };
}

/** The record of a Lease's spec (missing fields read as a free Lease). */
export function recordOf(spec: Record<string, unknown> | undefined): LeaseRecord {
  const s = spec ?? {};
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const count = (v: unknown): number => (typeof v === 'number' ? v : 0);
  return {
    holderIdentity: text(s['holderIdentity']) ?? '',
    leaseDurationSeconds: count(s['leaseDurationSeconds']),
    acquireTime: text(s['acquireTime']),
    renewTime: text(s['renewTime']),
    leaseTransitions: count(s['leaseTransitions']),
  };
}
