/**
 * Kubernetes Events about objects (core/v1 Events, which kubectl describe shows). A repeat of the
 * same type, reason and message on the same object bumps `count` on the existing Event instead
 * of creating another; a per-object token bucket drops event storms. Recording never throws:
 * an Event is a diagnostic, not part of a reconcile's result.
 */
import { randomBytes } from 'node:crypto';
import type { KubeClient } from './client.ts';
import { isNotFound } from './errors.ts';
import type { GroupVersionResource, KubeObject } from './types.ts';

const eventsResource: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'events',
  namespaced: true,
};

/** What happened. */
export interface EventInput {
  /** @default 'Normal' */
  type?: 'Normal' | 'Warning';
  /** UpperCamelCase reason, e.g. `Created`, `ReconcileFailed`. */
  reason: string;
  message: string;
  /** What was done (events.k8s.io `action`), e.g. `Reconcile`. */
  action?: string;
}

/** How a {@link EventRecorder.record} call ended. */
export type RecordOutcome = 'created' | 'aggregated' | 'dropped' | 'failed';

/** Tuning of an {@link EventRecorder}. */
export interface EventRecorderOptions {
  /** `source.component` and `reportingComponent`. @default 'orkestra' */
  component?: string;
  /** `reportingInstance`, e.g. the pod name. */
  instance?: string;
  /** Events an object may burst. @default 25 */
  burst?: number;
  /** One more event allowed per object every this many ms once the burst is spent. @default 300000 */
  refillMs?: number;
  /** Aggregation window: a repeat older than this creates a new Event. @default 600000 */
  aggregateWindowMs?: number;
  /** Objects and event keys remembered at most. @default 4096 */
  maxEntries?: number;
  /** Called when writing an Event failed. */
  onError?: (error: unknown) => void;
  /** Clock in ms (for tests). @default Date.now */
  now?: () => number;
}

interface SeenEvent {
  name: string;
  namespace: string;
  count: number;
  lastSeen: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

/** Inserts into a map used as an LRU, evicting the oldest entry beyond `max`. */
function remember<V>(map: Map<string, V>, max: number) {
  return (key: string, value: V): void => {
    map.delete(key);
    map.set(key, value);
    if (map.size > max) map.delete(map.keys().next().value as string);
  };
}

function objectKey(object: KubeObject): string {
  const meta = object.metadata ?? {};
  return (
    meta.uid ?? `${object.apiVersion ?? ''}/${object.kind ?? ''}/${meta.namespace ?? ''}/${meta.name ?? ''}`
  );
}

/** Records Events for objects; see the module doc for aggregation and rate limiting. */
export class EventRecorder {
  private readonly client: KubeClient;
  private readonly options: Required<Omit<EventRecorderOptions, 'instance' | 'onError'>> &
    EventRecorderOptions;
  private readonly seen = new Map<string, SeenEvent>();
  private readonly buckets = new Map<string, Bucket>();

  constructor(client: KubeClient, options: EventRecorderOptions = {}) {
    this.client = client;
    this.options = {
      component: 'orkestra',
      burst: 25,
      refillMs: 300_000,
      aggregateWindowMs: 600_000,
      maxEntries: 4096,
      now: Date.now,
      ...options,
    };
  }

  /** Records an Event about `object`. Never throws; resolves with what happened. */
  async record(object: KubeObject, input: EventInput): Promise<RecordOutcome> {
    const now = this.options.now();
    const type = input.type ?? 'Normal';
    const key = `${objectKey(object)}|${type}|${input.reason}|${input.message}`;
    const previous = this.seen.get(key);
    try {
      if (previous !== undefined && now - previous.lastSeen < this.options.aggregateWindowMs) {
        const aggregated = await this.aggregate(previous, now);
        if (aggregated) return 'aggregated';
      }
      if (!this.take(objectKey(object), now)) return 'dropped';
      const created = await this.create(object, { ...input, type }, now);
      remember(this.seen, this.options.maxEntries)(key, created);
      return 'created';
    } catch (error) {
      this.options.onError?.(error);
      return 'failed';
    }
  }

  /** Bumps the count of an Event; false when it expired on the server meanwhile. */
  private async aggregate(previous: SeenEvent, now: number): Promise<boolean> {
    const count = previous.count + 1;
    const patch = { count, lastTimestamp: new Date(now).toISOString() };
    try {
      await this.client.patch(eventsResource, previous.name, { namespace: previous.namespace, patch });
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
    previous.count = count;
    previous.lastSeen = now;
    return true;
  }

  /** Takes a token of the object's bucket. */
  private take(key: string, now: number): boolean {
    const { burst, refillMs, maxEntries } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: burst, updated: now };
    const tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) / refillMs);
    const allowed = tokens >= 1;
    remember(this.buckets, maxEntries)(key, { tokens: allowed ? tokens - 1 : tokens, updated: now });
    return allowed;
  }

  private async create(object: KubeObject, input: EventInput, now: number): Promise<SeenEvent> {
    const meta = object.metadata ?? {};
    const namespace = meta.namespace ?? 'default';
    const name = `${meta.name ?? 'unknown'}.${randomBytes(8).toString('hex')}`;
    const timestamp = new Date(now).toISOString();
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: meta.name,
        namespace: meta.namespace,
        uid: meta.uid,
        resourceVersion: meta.resourceVersion,
      },
      type: input.type,
      reason: input.reason,
      message: input.message.slice(0, 1024),
      action: input.action,
      count: 1,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      source: { component: this.options.component },
      reportingComponent: this.options.component,
      reportingInstance: this.options.instance ?? '',
    };
    await this.client.create(eventsResource, event);
    return { name, namespace, count: 1, lastSeen: now };
  }
}
