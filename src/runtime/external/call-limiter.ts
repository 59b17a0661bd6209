/**
 * At most `limit` external calls of one box in flight; the others wait their turn, first come first
 * served. Each box has its own limiter and the shared agents have no socket cap, so an endpoint that
 * hangs holds at most its own box's slots (and workers), never another box's.
 */
export class CallLimiter {
  readonly #limit: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** Runs `task` once a slot is free; the slot is released when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.#limit) {
      await new Promise<void>((resolve) => {
        this.#waiting.push(resolve);
      });
    } else {
      this.#active += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next === undefined) this.#active -= 1;
      else next(); // the slot passes on to the next in line
    }
  }

  /** Calls in flight. */
  get active(): number {
    return this.#active;
  }
}
