/**
 * The informer cache: objects by key, plus indexes (by namespace, by owner UID, and any others
 * the caller names) that answer "which keys have this value" without a scan.
 */
import type { KubeObject } from '../../kube/index.ts';
import { keyOf } from './object-key.ts';

/** Computes the index values of an object (an object may have several, or none). */
export type IndexFunc<T> = (obj: T) => readonly string[];

/** Index by `metadata.namespace` ('' for cluster-scoped objects). */
export const NAMESPACE_INDEX = 'namespace';
/** Index by the UIDs in `metadata.ownerReferences`. */
export const OWNER_INDEX = 'owner';

function defaultIndexers<T extends KubeObject>(): Record<string, IndexFunc<T>> {
  return {
    [NAMESPACE_INDEX]: (obj) => [obj.metadata?.namespace ?? ''],
    [OWNER_INDEX]: (obj) => (obj.metadata?.ownerReferences ?? []).map((ref) => ref.uid),
  };
}

/** What a relist changed in the store. */
export interface ReplaceResult<T> {
  added: T[];
  /** Pairs of [old, new] whose resourceVersion differs. */
  updated: [T, T][];
  /** The last known state of objects absent from the new list. */
  deleted: T[];
}

/** Read access to a cache, as handed to consumers. */
export interface StoreReader<T> {
  /** The object cached under `key` (`namespace/name` or `name`). */
  get(key: string): T | undefined;
  /** Every cached object. */
  list(): T[];
  /** Every cached key. */
  keys(): string[];
  /** Keys whose index `name` contains `value` (e.g. `byIndex('owner', uid)`). */
  byIndex(name: string, value: string): string[];
  /** Number of cached objects. */
  readonly size: number;
}

/** A keyed object cache with indexes. Objects are stored as given (callers freeze them). */
export class Store<T extends KubeObject = KubeObject> implements StoreReader<T> {
  readonly #items = new Map<string, T>();
  readonly #indexers: Record<string, IndexFunc<T>>;
  readonly #indexes = new Map<string, Map<string, Set<string>>>();

  /** @param indexers - extra indexes by name, added to `namespace` and `owner`. */
  constructor(indexers: Record<string, IndexFunc<T>> = {}) {
    this.#indexers = { ...defaultIndexers<T>(), ...indexers };
    for (const name of Object.keys(this.#indexers)) this.#indexes.set(name, new Map());
  }

  get size(): number {
    return this.#items.size;
  }

  get(key: string): T | undefined {
    return this.#items.get(key);
  }

  list(): T[] {
    return [...this.#items.values()];
  }

  keys(): string[] {
    return [...this.#items.keys()];
  }

  byIndex(name: string, value: string): string[] {
    return [...(this.#indexes.get(name)?.get(value) ?? [])];
  }

  /** Stores `obj` under its key; returns the object it replaced. */
  upsert(obj: T): T | undefined {
    const key = keyOf(obj);
    const old = this.#items.get(key);
    this.#items.set(key, obj);
    this.#reindex(key, old, obj);
    return old;
  }

  /** Removes the object under `key`; returns it. */
  remove(key: string): T | undefined {
    const old = this.#items.get(key);
    if (old === undefined) return undefined;
    this.#items.delete(key);
    this.#reindex(key, old, undefined);
    return old;
  }

  /** Makes the store hold exactly `items`; reports what was added, changed and deleted. */
  replace(items: readonly T[]): ReplaceResult<T> {
    const result: ReplaceResult<T> = { added: [], updated: [], deleted: [] };
    const seen = new Set<string>();
    for (const obj of items) {
      seen.add(keyOf(obj));
      const old = this.upsert(obj);
      if (old === undefined) result.added.push(obj);
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion)
        result.updated.push([old, obj]);
    }
    for (const key of this.keys()) {
      if (seen.has(key)) continue;
      const old = this.remove(key);
      if (old !== undefined) result.deleted.push(old);
    }
    return result;
  }

  /**
   * Moves `key` from the index values of `old` to those of `obj` (either may be absent). An update
   * seldom changes an index value (a status update never does), so unchanged values are left as
   * they are instead of being removed and added again.
   */
  #reindex(key: string, old: T | undefined, obj: T | undefined): void {
    for (const [name, fn] of Object.entries(this.#indexers)) {
      const index = this.#indexes.get(name);
      if (index === undefined) continue;
      const before = old === undefined ? NO_VALUES : fn(old);
      const after = obj === undefined ? NO_VALUES : fn(obj);
      if (sameValues(before, after)) continue;
      for (const value of before) removeKey(index, value, key);
      for (const value of after) addKey(index, value, key);
    }
  }
}

const NO_VALUES: readonly string[] = [];

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function addKey(index: Map<string, Set<string>>, value: string, key: string): void {
  const keys = index.get(value);
  if (keys === undefined) index.set(value, new Set([key]));
  else keys.add(key);
}

function removeKey(index: Map<string, Set<string>>, value: string, key: string): void {
  const keys = index.get(value);
  keys?.delete(key);
  if (keys?.size === 0) index.delete(value);
}
