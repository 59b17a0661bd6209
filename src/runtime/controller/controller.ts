/**
 * A controller: event sources (informers) feed keys into a work queue; N async workers take keys
 * and run the reconcile. Every failure is caught per key and turned into a requeue decision, so one
 * bad object or one bad controller never stalls another.
 */
import { setImmediate as ioTurn } from 'node:timers/promises';
import type { KubeObject } from '../../kube/index.ts';
import { waitForAbort } from '../abort.ts';
import type { Clock } from '../clock.ts';
import { realClock, sleep } from '../clock.ts';
import { PendingError, RetryAfterError, retryAfterOf, TerminalError } from '../errors.ts';
import type { EventHandler } from '../informer/index.ts';
import { keyOf } from '../informer/index.ts';
import { retryAfterJitterMs } from '../../util/index.ts';
import type { QueueSnapshot, WorkQueueOptions } from '../workqueue/index.ts';
import { WorkQueue } from '../workqueue/index.ts';
import type {
  ReconcileOutcome,
  ReconcileOutcomeKind,
  ReconcileResult,
  Reconciler,
} from './reconcile-result.ts';

/** What a controller watches: an informer, or anything with the same handler and sync methods. */
export interface ControllerSource<T extends KubeObject = KubeObject> {
  addHandler(handler: EventHandler<T>): () => void;
  hasSynced(): boolean;
  waitForSync(signal?: AbortSignal): Promise<boolean>;
}

/** Options of {@link Controller}. */
export interface ControllerOptions {
  /** Used in outcomes, health and errors. */
  name: string;
  reconcile: Reconciler;
  /** Concurrent reconciles (never two for the same key). @default 2 */
  workers?: number;
  /** @default realClock */
  clock?: Clock;
  /** Options of the controller's own queue (rate limiter, max depth, stats). */
  queue?: Omit<WorkQueueOptions<string>, 'clock'>;
  /** Delay of a `PendingError` requeue that names none. @default 5_000 */
  pendingDelayMs?: number;
  /** On stop, in-flight reconciles get this long before their signal aborts. @default 25_000 */
  shutdownGraceMs?: number;
  /** Called after every reconcile (metrics, logging). Errors it throws are ignored. */
  onReconcile?: (outcome: ReconcileOutcome) => void;
  /** Random numbers in [0, 1), for the jitter added to a server's Retry-After. @default Math.random */
  random?: () => number;
}

/** Counters of a controller, for health pages and tests. */
export interface ControllerSnapshot {
  name: string;
  workers: number;
  inFlight: number;
  /**
   * Worker time spent reconciling since start (the integral of busy workers over time, in ms), and the
   * worker time available (the integral of the worker count): their differences between two snapshots
   * give how busy the workers were in between.
   */
  busyMs: number;
  capacityMs: number;
  outcomes: Record<ReconcileOutcomeKind, number>;
  queue: QueueSnapshot;
}

type Decision = Pick<ReconcileOutcome, 'outcome' | 'error' | 'requeueAfterMs'>;

/** Informers + work queue + workers + reconcile. A runnable: `start(signal)` until aborted. */
export class Controller {
  /** Runnable name. */
  readonly name: string;
  /** The controller's queue (enqueue keys from anywhere with `queue.add`). */
  readonly queue: WorkQueue;
  readonly #options: ControllerOptions;
  readonly #clock: Clock;
  readonly #sources: ControllerSource[] = [];
  readonly #hardStop = new AbortController();
  readonly #outcomes: Record<ReconcileOutcomeKind, number> = {
    success: 0,
    requeue: 0,
    terminal: 0,
    'retry-after': 0,
    pending: 0,
    error: 0,
  };
  #inFlight = 0;
  /** Workers wanted now ({@link resize}). */
  #target: number;
  /** Worker loops running and not told to leave. */
  #active = 0;
  readonly #loops = new Set<Promise<void>>();
  readonly #meter = { busyMs: 0, capacityMs: 0, at: 0 };
  #state: 'new' | 'syncing' | 'running' | 'stopping' | 'stopped' = 'new';

  constructor(options: ControllerOptions) {
    this.name = options.name;
    this.#options = options;
    this.#clock = options.clock ?? realClock;
    this.queue = new WorkQueue<string>({ ...options.queue, clock: this.#clock });
    this.#target = Math.max(1, options.workers ?? 2);
  }

  /**
   * Enqueues the keys `map` gives for every add, update and delete of `source`'s objects
   * (default: the object's own key). Returns the function that stops watching.
   */
  watch<T extends KubeObject>(
    source: ControllerSource<T>,
    map: (obj: T) => readonly string[] = (o) => [keyOf(o)],
  ): () => void {
    this.#sources.push(source);
    const enqueue = (obj: T): void => {
      for (const key of map(obj)) this.queue.add(key);
    };
    return source.addHandler({
      onAdd: enqueue,
      onUpdate: (_old, obj) => {
        enqueue(obj);
      },
      onDelete: enqueue,
    });
  }

  /** Running, and every source has synced. */
  ready(): boolean {
    return this.#state === 'running' && this.#sources.every((s) => s.hasSynced());
  }

  /** Why the controller is not ready (empty when it is). */
  notReadyReasons(): string[] {
    if (this.ready()) return [];
    if (this.#state === 'syncing') return [`${this.name}: waiting for its informers to sync`];
    return [`${this.name}: ${this.#state}`];
  }

  /** Counters and queue state. */
  snapshot(): ControllerSnapshot {
    this.#measure();
    return {
      name: this.name,
      workers: this.#target,
      inFlight: this.#inFlight,
      busyMs: this.#meter.busyMs,
      capacityMs: this.#meter.capacityMs,
      outcomes: { ...this.#outcomes },
      queue: this.queue.snapshot(),
    };
  }

  /**
   * Waits for the sources to sync, runs the workers until `signal` aborts, then stops intake and
   * lets in-flight reconciles finish (aborting their signal after `shutdownGraceMs`).
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.#state !== 'new') throw new Error(`controller ${this.name} already started`);
    this.#state = 'syncing';
    const synced = await Promise.all(this.#sources.map((s) => s.waitForSync(signal)));
    if (synced.every(Boolean) && !signal.aborted) {
      this.#state = 'running';
      this.#meter.at = this.#clock.now();
      this.#spawnWorkers();
      await waitForAbort(signal);
    }
    await this.#stop();
  }

  /**
   * Sets the number of workers, live (the operator autoscaler). Growing starts workers at once;
   * shrinking stops idle workers at once and busy ones as they finish their reconcile, so no key
   * is dropped or held back. Before start, sets how many start.
   */
  resize(workers: number): void {
    this.#measure();
    this.#target = Math.max(1, Math.floor(workers));
    if (this.#state !== 'running') return;
    this.#spawnWorkers();
    if (this.#active > this.#target) {
      this.#active -= this.queue.releaseWaiters(this.#active - this.#target);
    }
  }

  #spawnWorkers(): void {
    while (this.#active < this.#target) {
      this.#active++;
      const loop: Promise<void> = this.#work().finally(() => this.#loops.delete(loop));
      this.#loops.add(loop);
    }
  }

  /** Adds the worker time since the last measure to the busy and capacity integrals. */
  #measure(): void {
    if (this.#state !== 'running') return;
    const now = this.#clock.now();
    const elapsed = Math.max(0, now - this.#meter.at);
    this.#meter.busyMs += this.#inFlight * elapsed;
    this.#meter.capacityMs += this.#target * elapsed;
    this.#meter.at = now;
  }

  async #stop(): Promise<void> {
    this.#measure();
    this.#state = 'stopping';
    this.queue.shutDown();
    const finished = Promise.all([...this.#loops]).then(() => true);
    const grace = this.#options.shutdownGraceMs ?? 25_000;
    const timeout = sleep(this.#clock, grace, this.#hardStop.signal).then(
      () => false,
      () => false,
    );
    const inTime = await Promise.race([finished, timeout]);
    this.#hardStop.abort(new Error(`controller ${this.name} stopped`));
    if (inTime) await finished;
    this.#state = 'stopped';
  }

  /**
   * One worker: takes keys until the queue shuts down or releases it (an `undefined` key), or, once
   * the pool was shrunk below the running workers, until it finishes the key it holds.
   */
  async #work(): Promise<void> {
    for (let key = await this.queue.get(); key !== undefined; key = await this.queue.get()) {
      await this.#process(key);
      if (this.#active > this.#target && this.#state === 'running') {
        this.#active--;
        return;
      }
      // A turn of the event loop between two keys. A reconcile that needs no I/O (its answer in the
      // caches, nothing to write) resolves on microtasks, and so does taking a queued key: a queue
      // of such keys — a resync of thousands of CRs — would hold the loop until drained, and every
      // webhook review, watch event and probe arriving meanwhile would wait (tens of ms measured).
      await ioTurn();
    }
  }

  async #process(key: string): Promise<void> {
    const started = this.#clock.now();
    this.#measure();
    this.#inFlight++;
    let decision: Decision;
    try {
      decision = this.#onResult(key, await this.#options.reconcile(key, this.#hardStop.signal));
    } catch (error) {
      decision = this.#onError(key, error);
    } finally {
      this.#measure();
      this.#inFlight--;
      this.queue.done(key);
    }
    this.#outcomes[decision.outcome]++;
    this.#report({ controller: this.name, key, durationMs: this.#clock.now() - started, ...decision });
  }

  #onResult(key: string, result: ReconcileResult | undefined): Decision {
    this.queue.forget(key);
    const after = result?.requeueAfterMs ?? 0;
    if (after <= 0) return { outcome: 'success' };
    this.queue.addAfter(key, after);
    return { outcome: 'requeue', requeueAfterMs: after };
  }

  /**
   * A server's Retry-After (a 429 or 503 that said when) counts as a {@link RetryAfterError}, with
   * jitter that only adds (the keys one 429 throttled together come back spread out); a
   * RetryAfterError the reconcile threw is taken as it is.
   */
  #onError(key: string, error: unknown): Decision {
    if (error instanceof TerminalError) {
      this.queue.forget(key);
      return { outcome: 'terminal', error };
    }
    const retryAfter = retryAfterOf(error);
    if (retryAfter !== undefined) {
      const ms = retryAfter.retryAfterMs;
      const delay =
        error instanceof RetryAfterError ? ms : retryAfterJitterMs(ms, this.#options.random ?? Math.random);
      return this.#requeueAfter(key, { outcome: 'retry-after', error: retryAfter }, delay);
    }
    if (error instanceof PendingError) {
      const delay = error.delayMs ?? this.#options.pendingDelayMs ?? 5_000;
      return this.#requeueAfter(key, { outcome: 'pending', error }, delay);
    }
    this.queue.addRateLimited(key);
    return { outcome: 'error', error };
  }

  /** Requeues `key` after `delay` without growing its backoff. */
  #requeueAfter(key: string, decision: Omit<Decision, 'requeueAfterMs'>, delay: number): Decision {
    this.queue.forget(key);
    this.queue.addAfter(key, delay);
    return { ...decision, requeueAfterMs: delay };
  }

  #report(outcome: ReconcileOutcome): void {
    try {
      this.#options.onReconcile?.(outcome);
    } catch {
      // A failing metrics or logging hook must not break the worker.
    }
  }
}
