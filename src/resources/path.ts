/** Nil-safe reads of dotted paths (`spec.replicas`, `.children.job.status`) and the "empty" test. */

/** Tells whether a value is a plain object (a JSON map). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits a dotted path into its segments; a leading dot is allowed (`.spec.x` = `spec.x`). */
export function splitPath(path: string): string[] {
  const trimmed = path.trim().replace(/^\./, '');
  return trimmed === '' ? [] : trimmed.split('.');
}

function step(value: unknown, segment: string): unknown {
  if (isRecord(value)) return Object.hasOwn(value, segment) ? value[segment] : undefined;
  if (Array.isArray(value) && /^\d+$/.test(segment)) return value[Number(segment)] as unknown;
  return undefined;
}

/**
 * Reads a dotted path: map keys, and list indexes written as numbers (`spec.ports.0`).
 * A path through a missing value yields undefined; it never throws.
 */
export function readPath(data: unknown, path: string): unknown {
  let value: unknown = data;
  for (const segment of splitPath(path)) {
    value = step(value, segment);
    if (value === undefined) return undefined;
  }
  return value;
}

/** True for what conditions call missing or empty: undefined, null, `""`, an empty list or map. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}
