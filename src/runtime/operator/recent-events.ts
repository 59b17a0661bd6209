/** The events a box emits, sent to the API server and kept (the last few per CR) for the HTTP API. */
import type { EventRecorder, KubeObject } from '../../kube/index.ts';
import { keyOf } from '../informer/index.ts';
import type { EventSink } from '../reconcile/ports.ts';

/** One remembered event. */
export interface RecentEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  count: number;
  lastTimestamp: string;
}

const PER_OBJECT = 20;
const MAX_OBJECTS = 5000;

/** An event sink that records through the API and remembers recent events per CR key. */
export class RecentEvents implements EventSink {
  readonly #recorder: EventRecorder | undefined;
  readonly #byKey = new Map<string, RecentEvent[]>();

  constructor(recorder: EventRecorder | undefined) {
    this.#recorder = recorder;
  }

  normal(cr: KubeObject, reason: string, message: string): void {
    this.#emit(cr, { type: 'Normal', reason, message });
  }

  warning(cr: KubeObject, reason: string, message: string): void {
    this.#emit(cr, { type: 'Warning', reason, message });
  }

  /** The recent events of a CR, newest last. */
  of(key: string): RecentEvent[] {
    return [...(this.#byKey.get(key) ?? [])];
  }

  /** Forgets a CR (it was deleted). */
  forget(key: string): void {
    this.#byKey.delete(key);
  }

  #emit(cr: KubeObject, e: { type: 'Normal' | 'Warning'; reason: string; message: string }): void {
    void this.#recorder?.record(cr, e);
    const key = keyOf(cr);
    const list = this.#byKey.get(key) ?? this.#track(key);
    const last = list.at(-1);
    const now = new Date().toISOString();
    if (last?.reason === e.reason && last.message === e.message && last.type === e.type) {
      last.count += 1;
      last.lastTimestamp = now;
      return;
    }
    list.push({ ...e, count: 1, lastTimestamp: now });
    if (list.length > PER_OBJECT) list.shift();
  }

  /** Starts a list for a new key, forgetting the oldest key past the bound. */
  #track(key: string): RecentEvent[] {
    if (this.#byKey.size >= MAX_OBJECTS) {
      const oldest = this.#byKey.keys().next();
      if (oldest.done !== true) this.#byKey.delete(oldest.value);
    }
    const list: RecentEvent[] = [];
    this.#byKey.set(key, list);
    return list;
  }
}
