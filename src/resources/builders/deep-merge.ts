/**
 * `overrides`: a raw object deep-merged into a generated manifest. Maps merge key by key; `null` removes a
 * key; lists of named objects (containers, ports, env, volumes) merge element by element on `name`, new
 * names appended; any other list is replaced.
 */
import { isRecord } from '../path.ts';

function isNamedList(value: unknown): value is Record<string, unknown>[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((element) => isRecord(element) && typeof element['name'] === 'string')
  );
}

function mergeNamedLists(base: Record<string, unknown>[], patch: Record<string, unknown>[]): unknown[] {
  const out: unknown[] = [...base];
  for (const element of patch) {
    const at = out.findIndex((existing) => isRecord(existing) && existing['name'] === element['name']);
    if (at === -1) out.push(element);
    else out[at] = deepMerge(out[at], element);
  }
  return out;
}

/**
 * Merges `patch` into `base` and returns a new value; neither input is modified.
 * A patch that is not a map replaces the base (lists of named objects merge by name).
 */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (isNamedList(base) && isNamedList(patch)) return mergeNamedLists(base, patch);
  if (!isRecord(patch)) return patch;
  const out = new Map(Object.entries(isRecord(base) ? base : {}));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) out.delete(key);
    else out.set(key, deepMerge(out.get(key), value));
  }
  return Object.fromEntries(out);
}
