/**
 * The results of a box's external calls kept for their `cacheFor` (spec §10.2), by a digest of the
 * rendered request: two CRs that make the same request share its result, and a request that changes
 * (a template's input, a Secret's value) is a new key. Bounded: expired entries go first, then the oldest.
 */
/** How many results one box keeps at most. */
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  readonly result: T;
  readonly expiresAtMs: number;
}

/** Kept results of one box. */
export class ExternalResultCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #max: number;

  constructor(max = MAX_ENTRIES) {
    this.#max = max;
  }

  /** The result kept for `key`, while it has not expired. */
  get(key: string, nowMs: number): T | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs > nowMs) return entry.result;
    this.#entries.delete(key);
    return undefined;
  }

  /** Keeps a result for `ttlMs` from `nowMs`. */
  set(key: string, result: T, { nowMs, ttlMs }: { nowMs: number; ttlMs: number }): void {
    this.#entries.delete(key); // re-inserted last: the Map's order is the insertion order
    if (this.#entries.size >= this.#max) this.#evict(nowMs);
    this.#entries.set(key, { result, expiresAtMs: nowMs + ttlMs });
  }

  #evict(nowMs: number): void {
    for (const [key, entry] of this.#entries) if (entry.expiresAtMs <= nowMs) this.#entries.delete(key);
    const oldest = this.#entries.keys().next();
    if (this.#entries.size >= this.#max && oldest.done !== true) this.#entries.delete(oldest.value);
  }

  /** Results kept. */
  get size(): number {
    return this.#entries.size;
  }
}
