/** Deep freezing: a compiled Plan cannot be changed by anyone who holds it. */

/** Freezes an object and everything reachable from it; returns it typed as readonly. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<string | symbol, unknown>)[key]);
  return Object.freeze(value);
}
