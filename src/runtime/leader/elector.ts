/**
 * The leader elector: a state machine over a {@link LeaseStore} that says whether this replica
 * leads, and fences its writes the moment it can no longer be sure it does.
 *
 * Semantics (those of client-go's leaderelection, written from them): a candidate acquires a Lease
 * that is free (no holder: released) or expired (unchanged for its holder's leaseDurationSeconds
 * since this candidate last saw it change, measured on the candidate's own clock, never from the
 * times written in it, so clock skew between nodes does not matter). Every write is conditional on
 * the resourceVersion read, so two candidates cannot both win. The leader renews every retry period;
 * it leads only while its last successful renewal, timed from when its request was sent, is less
 * than the renew deadline old. That check is local and synchronous ({@link LeaderElector.mayWrite}),
 * so it holds while the API server is unreachable and while a renewal hangs, and since the deadline is
 * shorter than the lease, a leader stops writing before any follower may take over.
 */
import { realClock, sleep, type Clock, type Timer } from '../clock.ts';
import type { Runnable } from '../manager.ts';
import { microTime, type LeaseRecord, type LeaseStore, type StoredLease } from './lease-record.ts';
import { DEFAULT_LEADER_TIMINGS, timingsProblem, type LeaderTimings } from './timings.ts';

/** A change this replica went through or saw. */
export type LeaderEvent =
  | { type: 'acquired'; identity: string; transitions: number }
  | { type: 'lost'; identity: string; reason: string }
  | { type: 'released'; identity: string }
  | { type: 'holder'; holder: string };

/** Who leads, as the API shows it. */
export interface LeaderStatus {
  isLeader: boolean;
  identity: string;
  /** The holder this replica last saw; undefined when none (free or not read yet). */
  holder: string | undefined;
  /** When the holder acquired the Lease (its acquireTime). */
  since: string | undefined;
}

/** Options of {@link LeaderElector}. */
export interface LeaderElectorOptions {
  store: LeaseStore;
  identity: string;
  /** @default DEFAULT_LEADER_TIMINGS */
  timings?: LeaderTimings;
  /** @default realClock */
  clock?: Clock;
  /** Spreads followers' polls (0 ≤ r < 1). @default Math.random */
  random?: () => number;
  onEvent?: (event: LeaderEvent) => void;
}

/** Followers poll at retry × (1 + JITTER × r): candidates started together do not stay in step. */
const JITTER = 0.2;

/** Runs the election until its signal aborts, then releases the Lease if it holds it. */
export class LeaderElector implements Runnable {
  readonly name = 'leader-elector';
  readonly identity: string;
  readonly #store: LeaseStore;
  readonly #timings: LeaderTimings;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #onEvent: (event: LeaderEvent) => void;
  /** The current term: aborted when this replica stops leading. */
  #term: AbortController | undefined;
  /** Local time at which the last successful acquire or renew was sent. */
  #renewedAt = -Infinity;
  #deadline: Timer | undefined;
  #observed: StoredLease | undefined;
  /** Local time at which the observed record last changed. */
  #observedAt = 0;
  /** The attempt in flight, aborted when the term ends under it. */
  #attempt: AbortController | undefined;
  /** Ends the pause between attempts early (a watch saw the Lease released). */
  #wake: (() => void) | undefined;
  readonly #waiters = new Set<() => void>();

  constructor(options: LeaderElectorOptions) {
    const timings = options.timings ?? DEFAULT_LEADER_TIMINGS;
    const problem = timingsProblem(timings);
    if (problem !== undefined) throw new RangeError(`leader election: ${problem}`);
    this.identity = options.identity;
    this.#store = options.store;
    this.#timings = timings;
    this.#clock = options.clock ?? realClock;
    this.#random = options.random ?? Math.random;
    this.#onEvent = options.onEvent ?? (() => undefined);
  }

  /** Whether this replica leads now. */
  isLeader(): boolean {
    return this.#term !== undefined;
  }

  /**
   * The fence every write checks: leading, and renewed less than the renew deadline ago. Computed
   * from the clock at each call, so it turns false on time even when the timer that ends the term
   * has not run yet (a busy event loop).
   */
  mayWrite(): boolean {
    return this.#term !== undefined && this.#clock.now() < this.#renewedAt + this.#timings.renewDeadlineMs;
  }

  /** Who leads and since when, as last seen. */
  status(): LeaderStatus {
    const record = this.#observed?.record;
    const holder = record?.holderIdentity === '' ? undefined : record?.holderIdentity;
    return {
      isLeader: this.isLeader(),
      identity: this.identity,
      holder,
      since: holder === undefined ? undefined : record?.acquireTime,
    };
  }

  /**
   * Waits until this replica leads; resolves with a signal that aborts when it stops leading, or
   * undefined when `signal` aborts first.
   */
  async term(signal: AbortSignal): Promise<AbortSignal | undefined> {
    while (!signal.aborted) {
      if (this.#term !== undefined) return this.#term.signal;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.#waiters.delete(done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.#waiters.add(done);
        signal.addEventListener('abort', done, { once: true });
      });
    }
    return undefined;
  }

  /** Campaigns, then leads and renews, until `signal` aborts; then releases the Lease it holds. */
  async start(signal: AbortSignal): Promise<void> {
    const onChange = (lease: StoredLease): void => {
      this.#onWatched(lease);
    };
    const watching = this.#store.watch?.(onChange, signal).catch(() => undefined);
    while (!signal.aborted) {
      await this.#step(signal);
      await this.#pause(signal);
    }
    if (this.#term !== undefined) {
      this.#endTerm('stopping');
      await this.#release();
    }
    await watching;
  }

  /** One attempt to acquire or renew; ends the term when a leader finds it past its deadline. */
  async #step(signal: AbortSignal): Promise<void> {
    const attempt = new AbortController();
    this.#attempt = attempt;
    const sentAt = this.#clock.now();
    let won: boolean;
    try {
      won = await this.#tryAcquireOrRenew(AbortSignal.any([signal, attempt.signal]), sentAt);
    } catch {
      won = false; // a failed or conflicting write: try again next period
    } finally {
      this.#attempt = undefined;
    }
    if (signal.aborted || attempt.signal.aborted) return;
    if (won) this.#renewed(sentAt);
    else if (this.#term !== undefined && !this.mayWrite()) this.#endTerm('renew deadline passed');
  }

  async #tryAcquireOrRenew(signal: AbortSignal, now: number): Promise<boolean> {
    const duration = Math.ceil(this.#timings.leaseDurationMs / 1000);
    const current = await this.#store.get(signal);
    if (current === undefined) {
      const fresh = { ...this.#claim(now, duration), leaseTransitions: 0 };
      this.#observe(await this.#store.create(fresh, signal), now);
      return true;
    }
    this.#observe(current, this.#clock.now());
    const { record } = current;
    const ours = record.holderIdentity === this.identity;
    if (this.#term !== undefined && !ours) {
      this.#endTerm(`the Lease is held by ${record.holderIdentity || 'nobody'}`);
      return false;
    }
    if (!ours && record.holderIdentity !== '' && !this.#expired()) return false;
    const next = this.#next(record, { ours, now, duration });
    this.#observe(await this.#store.update(next, current.version, signal), now);
    return true;
  }

  /** A leader's renewal keeps its record; anyone else's claim starts a new one (a transition if not ours). */
  #next(record: LeaseRecord, at: { ours: boolean; now: number; duration: number }): LeaseRecord {
    const { ours, now, duration } = at;
    if (ours && this.#term !== undefined) {
      return { ...record, leaseDurationSeconds: duration, renewTime: microTime(now) };
    }
    return { ...this.#claim(now, duration), leaseTransitions: record.leaseTransitions + (ours ? 0 : 1) };
  }

  #claim(now: number, duration: number): Omit<LeaseRecord, 'leaseTransitions'> {
    const time = microTime(now);
    return {
      holderIdentity: this.identity,
      leaseDurationSeconds: duration,
      acquireTime: time,
      renewTime: time,
    };
  }

  /** Whether the observed holder's claim ran out: unchanged for its whole lease duration. */
  #expired(): boolean {
    const seconds = this.#observed?.record.leaseDurationSeconds ?? 0;
    return this.#observedAt + seconds * 1000 <= this.#clock.now();
  }

  #observe(lease: StoredLease, at: number): void {
    if (lease.version === this.#observed?.version) return;
    const before = this.#observed?.record.holderIdentity;
    this.#observed = lease;
    this.#observedAt = at;
    const holder = lease.record.holderIdentity;
    if (holder !== before && holder !== '' && holder !== this.identity)
      this.#onEvent({ type: 'holder', holder });
  }

  /**
   * A watch event: a release wakes a follower; another holder wakes a leader, whose next read
   * (authoritative, unlike an event that may be older than its last write) ends its term at once.
   */
  #onWatched(lease: StoredLease): void {
    const holder = lease.record.holderIdentity;
    // Our own writes are observed from their responses; their echo may arrive after a newer write.
    if (holder === this.identity) return;
    if (this.#term !== undefined) {
      this.#wake?.();
      return;
    }
    this.#observe(lease, this.#clock.now());
    if (holder === '') this.#wake?.();
  }

  #renewed(sentAt: number): void {
    this.#renewedAt = sentAt;
    this.#deadline?.cancel();
    // Ends the term on time even when no attempt is running to notice it.
    this.#deadline = this.#clock.setTimer(
      () => {
        this.#endTerm('renew deadline passed');
      },
      sentAt + this.#timings.renewDeadlineMs - this.#clock.now(),
    );
    if (this.#term !== undefined) return;
    this.#term = new AbortController();
    this.#onEvent({
      type: 'acquired',
      identity: this.identity,
      transitions: this.#observed?.record.leaseTransitions ?? 0,
    });
    for (const wake of [...this.#waiters]) wake();
  }

  #endTerm(reason: string): void {
    const term = this.#term;
    if (term === undefined) return;
    this.#term = undefined;
    this.#renewedAt = -Infinity;
    this.#deadline?.cancel();
    this.#deadline = undefined;
    this.#attempt?.abort();
    this.#onEvent({ type: 'lost', identity: this.identity, reason });
    term.abort(new Error(`leadership lost: ${reason}`));
  }

  /** Leader: the retry period. Follower: a jittered one, cut short by a release or the lease's expiry. */
  async #pause(signal: AbortSignal): Promise<void> {
    const { retryPeriodMs } = this.#timings;
    let ms = retryPeriodMs;
    if (this.#term === undefined) {
      ms = retryPeriodMs * (1 + JITTER * this.#random());
      const seconds = this.#observed?.record.leaseDurationSeconds;
      if (seconds !== undefined)
        ms = Math.min(ms, Math.max(0, this.#observedAt + seconds * 1000 - this.#clock.now()) + 1);
    }
    const woken = new AbortController();
    this.#wake = () => {
      woken.abort();
    };
    await sleep(this.#clock, ms, AbortSignal.any([signal, woken.signal])).catch(() => undefined);
    this.#wake = undefined;
  }

  /**
   * Gives the Lease up (client-go's ReleaseOnCancel): no holder and a 1 s duration, so a follower
   * takes over at once. Conditional on the version last written: never clears another's claim.
   */
  async #release(): Promise<void> {
    const observed = this.#observed;
    if (observed?.record.holderIdentity !== this.identity) return;
    const time = microTime(this.#clock.now());
    const record: LeaseRecord = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: time,
      renewTime: time,
      leaseTransitions: observed.record.leaseTransitions,
    };
    const bound = new AbortController();
    const timer = this.#clock.setTimer(() => {
      bound.abort();
    }, this.#timings.retryPeriodMs);
    try {
      this.#observe(await this.#store.update(record, observed.version, bound.signal), this.#clock.now());
      this.#onEvent({ type: 'released', identity: this.identity });
    } catch {
      // Not released (API down, or the Lease moved): followers take over when the lease expires.
    } finally {
      timer.cancel();
    }
  }
}
