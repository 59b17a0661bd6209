/**
 * The time limits of a transport's requests, on one timer. Every request of a transport has the same
 * limit, so deadlines fall due in the order they were set: a queue with one timer armed for its oldest
 * pending deadline replaces the timer, the AbortController and the listener each request used to make
 * (at hundreds of requests a second, a measurable share of a request's cost).
 */

/** What a deadline does when it falls due or its caller aborts: tear the request down with `reason`. */
export type CancelRequest = (reason: Error) => void;

/** The time limit of one request; {@link clear} it when the request has ended. */
export class Deadline {
  /** When it falls due, in the queue's clock. */
  readonly at: number;
  readonly #parent: AbortSignal | undefined;
  /** Made only for a request with a caller's signal (most have none). */
  readonly #onParentAbort: (() => void) | undefined;
  #state: 'pending' | 'expired' | 'aborted' | 'cleared' = 'pending';
  #reason: Error | undefined;
  #cancelRequest: CancelRequest | undefined;
  #controller: AbortController | undefined;

  constructor(at: number, parent: AbortSignal | undefined) {
    this.at = at;
    this.#parent = parent;
    if (parent === undefined) return;
    const onParentAbort = (): void => {
      this.#cancel(abortError(parent.reason));
    };
    this.#onParentAbort = onParentAbort;
    if (parent.aborted) onParentAbort();
    else parent.addEventListener('abort', onParentAbort, { once: true });
  }

  /** Still running: neither due, aborted nor cleared. */
  get pending(): boolean {
    return this.#state === 'pending';
  }

  /** The time ran out (not the caller's abort). */
  get expired(): boolean {
    return this.#state === 'expired';
  }

  /** Why the request must stop, once it must. */
  get reason(): Error | undefined {
    return this.#reason;
  }

  /** Calls `cancel` when the deadline falls due or the caller aborts (at once if that already happened). */
  onCancel(cancel: CancelRequest): void {
    if (this.#reason !== undefined) cancel(this.#reason);
    else this.#cancelRequest = cancel;
  }

  /** An AbortSignal that follows this deadline, for APIs that take one (made on first use). */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController();
      this.#controller = controller;
      this.onCancel((reason) => {
        controller.abort(reason);
      });
    }
    return this.#controller.signal;
  }

  /** The request has ended: nothing is cancelled any more. */
  clear(): void {
    if (this.#state === 'pending') this.#state = 'cleared';
    this.#cancelRequest = undefined;
    if (this.#onParentAbort !== undefined) this.#parent?.removeEventListener('abort', this.#onParentAbort);
  }

  /** Called by the queue when the deadline falls due. */
  expire(): void {
    if (this.#state !== 'pending') return;
    this.#cancel(new Error('request timeout'), 'expired');
  }

  #cancel(reason: Error, state: 'expired' | 'aborted' = 'aborted'): void {
    if (this.#state !== 'pending') return;
    this.#state = state;
    this.#reason = reason;
    const cancel = this.#cancelRequest;
    this.#cancelRequest = undefined;
    cancel?.(reason);
  }
}

/** The error of a request its caller aborted, shaped like Node's own (`AbortError`, with the reason as cause). */
function abortError(reason: unknown): Error {
  return Object.assign(new Error('The operation was aborted', { cause: reason }), {
    name: 'AbortError',
    code: 'ABORT_ERR',
  });
}

/** Deadlines of one time limit, oldest first, with a timer armed for the oldest pending one. */
export class DeadlineQueue {
  readonly #ms: number;
  readonly #now: () => number;
  #queue: Deadline[] = [];
  #head = 0;
  #timer: NodeJS.Timeout | undefined;

  /** @param now - a monotonic clock in ms. @default performance.now */
  constructor(ms: number, now: () => number = () => performance.now()) {
    this.#ms = ms;
    this.#now = now;
  }

  /** A deadline `ms` from now, also cancelled when `parent` aborts. */
  start(parent?: AbortSignal): Deadline {
    const deadline = new Deadline(this.#now() + this.#ms, parent);
    this.#queue.push(deadline);
    if (this.#timer === undefined) this.#arm(this.#ms);
    return deadline;
  }

  /** Deadlines held (pending or not yet dropped): for tests. */
  get size(): number {
    return this.#queue.length - this.#head;
  }

  #arm(delayMs: number): void {
    this.#timer = setTimeout(
      () => {
        this.#fire();
      },
      Math.max(1, Math.ceil(delayMs)),
    ).unref();
  }

  /** Expires what is due, drops what has ended, and re-arms for the oldest deadline still pending. */
  #fire(): void {
    this.#timer = undefined;
    const now = this.#now();
    const queue = this.#queue;
    while (this.#head < queue.length) {
      const deadline = queue[this.#head] as Deadline;
      if (deadline.pending && deadline.at > now) break;
      this.#head += 1;
      deadline.expire();
    }
    if (this.#head === queue.length) {
      this.#queue = [];
      this.#head = 0;
      return;
    }
    if (this.#head >= 1024) {
      this.#queue = queue.slice(this.#head);
      this.#head = 0;
    }
    this.#arm((this.#queue[this.#head] as Deadline).at - now);
  }
}
