/**
 * The JSON Patch (RFC 6902) that turns one JSON document into another, as a mutating webhook returns
 * it: objects are compared key by key so only what changed is sent (and the API server keeps every
 * field the user wrote); an array that differs is replaced whole, because a mutation rule writes a
 * field, never an element by index.
 */
import { nodeUtil } from '../../util/index.ts';
import type { JsonPatchOperation } from '../reviews.ts';

type JsonObject = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One reference token of a JSON Pointer (RFC 6901): `~` → `~0`, `/` → `~1`. */
export function pointerToken(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** The operations that make `before` into `after` (both objects); none when they are equal. */
export function jsonPatchOf(before: JsonObject, after: JsonObject): JsonPatchOperation[] {
  const operations: JsonPatchOperation[] = [];
  diff({ before, after, path: '' }, operations);
  return operations;
}

/** Two objects at one path. A key whose value is undefined is absent, as JSON.stringify sees it. */
interface Pair {
  readonly before: JsonObject;
  readonly after: JsonObject;
  readonly path: string;
}

function diff({ before, after, path }: Pair, out: JsonPatchOperation[]): void {
  for (const [key, old] of Object.entries(before)) {
    if (old !== undefined && after[key] === undefined) {
      out.push({ op: 'remove', path: `${path}/${pointerToken(key)}` });
    }
  }
  for (const [key, value] of Object.entries(after)) {
    if (value !== undefined) change({ old: before[key], value, path: `${path}/${pointerToken(key)}` }, out);
  }
}

function change(
  { old, value, path }: { old: unknown; value: unknown; path: string },
  out: JsonPatchOperation[],
): void {
  if (old === undefined) out.push({ op: 'add', path, value });
  else if (isObject(old) && isObject(value)) diff({ before: old, after: value, path }, out);
  else if (!nodeUtil.isDeepStrictEqual(old, value)) out.push({ op: 'replace', path, value });
}
