/**
 * A counting semaphore: at most `size` holders at once, the rest wait in arrival order. Bounds
 * the requests in flight on HTTP/2, where one connection would otherwise carry any number.
 */
export class Slots {
  readonly #size: number;
  readonly #waiting: (() => void)[] = [];
  #held = 0;

  constructor(size: number) {
    this.#size = Math.max(1, size);
  }

  /** Resolves once a slot is free; the caller must {@link release} it exactly once. */
  acquire(): Promise<void> {
    if (this.#held < this.#size) {
      this.#held += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
    });
  }

  /** Frees a slot, handing it to the longest waiter if there is one. */
  release(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#held -= 1;
    else next();
  }
}
