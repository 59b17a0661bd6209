/**
 * How cached objects are named and prepared: `namespace/name` keys, and a copy without
 * `metadata.managedFields`, frozen so no consumer can change what the cache holds.
 */
import type { KubeObject } from '../../kube/index.ts';

/** The cache key of an object: `namespace/name`, or `name` for cluster-scoped objects. */
export function keyOf(obj: KubeObject): string {
  const namespace = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  return namespace ? `${namespace}/${name}` : name;
}

/** Splits a key made by {@link keyOf} into namespace ('' when cluster-scoped) and name. */
export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: '', name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** Freezes `value` and everything reachable from it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}

/**
 * The form an object is cached in: a shallow copy without `metadata.managedFields` (20–25 % of
 * an object's bytes, never read by an operator), deep-frozen unless `freeze` is false.
 */
export function toCached<T extends KubeObject>(obj: T, freeze = true): T {
  let cached: T = obj;
  if (obj.metadata?.managedFields !== undefined) {
    const { managedFields: _dropped, ...metadata } = obj.metadata;
    cached = { ...obj, metadata };
  }
  return freeze ? deepFreeze(cached) : cached;
}
