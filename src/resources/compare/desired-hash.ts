/**
 * The desired-state hash: a digest of everything Orkestra sets on a child, stored in an annotation. A change
 * of the hash means the desired object changed, including a field removed from it, which a comparison of the
 * desired fields alone cannot see.
 */
import { hash } from 'node:crypto';
import { isRecord } from '../path.ts';
import type { Manifest } from '../types.ts';

/** The annotation holding {@link desiredHash} of the manifest it was applied with. */
export const ANNOTATION_DESIRED_HASH = 'orkestra.orkspace.io/desired-hash';

const MAX_ARRAY_INDEX = 2 ** 32 - 2;

function isArrayIndex(key: string): boolean {
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) <= MAX_ARRAY_INDEX;
}

/**
 * The keys in the order JSON.stringify writes a copy made with sorted keys: integer-like keys
 * first, ascending (JavaScript enumerates them so whatever the insertion order; Object.keys
 * already lists them so), then the others sorted.
 */
function keysInJsonOrder(value: Record<string, unknown>): string[] {
  const keys = Object.keys(value);
  let indexKeys = 0;
  while (indexKeys < keys.length && isArrayIndex(keys[indexKeys] ?? '')) indexKeys += 1;
  if (indexKeys === 0) return keys.sort();
  return [...keys.slice(0, indexKeys), ...keys.slice(indexKeys).sort()];
}

/**
 * JSON text of `value` with every object's keys sorted: the same text as JSON.stringify of a
 * key-sorted copy, written in one pass without building the copy (this runs for every child of
 * every reconcile).
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (!isRecord(value)) return JSON.stringify(value);
  let text = '';
  for (const key of keysInJsonOrder(value)) {
    const item = value[key];
    if (item === undefined) continue;
    text += `${text === '' ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `{${text}}`;
}

function withoutHash(manifest: Manifest): Manifest {
  const { [ANNOTATION_DESIRED_HASH]: _dropped, ...annotations } = manifest.metadata?.annotations ?? {};
  return { ...manifest, metadata: { ...manifest.metadata, annotations } };
}

/** A digest (16 hex characters) of a manifest, key order and an existing hash annotation ignored. */
export function desiredHash(manifest: Manifest): string {
  return hash('sha256', canonicalJson(withoutHash(manifest)), 'hex').slice(0, 16);
}

/** Returns the manifest with {@link ANNOTATION_DESIRED_HASH} set to its hash. */
export function stampDesiredHash(manifest: Manifest): Manifest {
  const annotations = {
    ...(manifest.metadata?.annotations ?? {}),
    [ANNOTATION_DESIRED_HASH]: desiredHash(manifest),
  };
  return { ...manifest, metadata: { ...manifest.metadata, annotations } };
}
