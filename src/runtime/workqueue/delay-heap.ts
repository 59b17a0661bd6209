/**
 * Keys waiting for a due time, ordered by a binary min-heap. A key waits at most once: adding it
 * again keeps the earlier due time. Stale heap entries are skipped lazily when popped.
 */

interface Entry<K> {
  key: K;
  at: number;
  seq: number;
}

function before<K>(a: Entry<K>, b: Entry<K>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** A set of keys with due times; `popDue` yields those whose time has come, earliest first. */
export class DelayHeap<K> {
  readonly #heap: Entry<K>[] = [];
  readonly #due = new Map<K, number>();
  #seq = 0;

  /** Number of distinct waiting keys. */
  get size(): number {
    return this.#due.size;
  }

  /** Due time of `key`, if it waits. */
  dueOf(key: K): number | undefined {
    return this.#due.get(key);
  }

  /** Schedules `key` at `at`; keeps the earlier time when it already waits. Returns true if changed. */
  push(key: K, at: number): boolean {
    const current = this.#due.get(key);
    if (current !== undefined && current <= at) return false;
    this.#due.set(key, at);
    this.#heap.push({ key, at, seq: this.#seq++ });
    this.#siftUp(this.#heap.length - 1);
    return true;
  }

  /** Due time of the earliest waiting key. */
  peekTime(): number | undefined {
    this.#dropStale();
    return this.#heap[0]?.at;
  }

  /** Removes and returns every key due at or before `now`, earliest first. */
  popDue(now: number): K[] {
    const out: K[] = [];
    for (let top = this.#top(); top !== undefined && top.at <= now; top = this.#top()) {
      this.#pop();
      this.#due.delete(top.key);
      out.push(top.key);
    }
    return out;
  }

  /** Forgets every waiting key. */
  clear(): void {
    this.#heap.length = 0;
    this.#due.clear();
  }

  #top(): Entry<K> | undefined {
    this.#dropStale();
    return this.#heap[0];
  }

  #dropStale(): void {
    for (
      let top = this.#heap[0];
      top !== undefined && this.#due.get(top.key) !== top.at;
      top = this.#heap[0]
    ) {
      this.#pop();
    }
  }

  #pop(): void {
    const last = this.#heap.pop();
    if (last === undefined || this.#heap.length === 0) return;
    this.#heap[0] = last;
    this.#siftDown(0);
  }

  #at(i: number): Entry<K> {
    return this.#heap[i] as Entry<K>;
  }

  #swap(i: number, j: number): void {
    const a = this.#at(i);
    this.#heap[i] = this.#at(j);
    this.#heap[j] = a;
  }

  #siftUp(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(this.#at(i), this.#at(parent))) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #siftDown(index: number): void {
    const n = this.#heap.length;
    let i = index;
    for (;;) {
      const [left, right] = [2 * i + 1, 2 * i + 2];
      let best = i;
      if (left < n && before(this.#at(left), this.#at(best))) best = left;
      if (right < n && before(this.#at(right), this.#at(best))) best = right;
      if (best === i) return;
      this.#swap(i, best);
      i = best;
    }
  }
}
