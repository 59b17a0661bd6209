/**
 * The desired-state hash: a digest of everything Orkestra sets on a child, stored in an annotation. A change
 * of the hash means the desired object changed, including a field removed from it, which a comparison of the
 * desired fields alone cannot see.
 */
import { createHash } from 'node:crypto';
import { isRecord } from '../path.ts';
import type { Manifest } from '../types.ts';

/** The annotation holding {@link desiredHash} of the manifest it was applied with. */
export const ANNOTATION_DESIRED_HASH = 'orkestra.orkspace.io/desired-hash';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = canonical(value[key]);
  return out;
}

function withoutHash(manifest: Manifest): Manifest {
  const { [ANNOTATION_DESIRED_HASH]: _dropped, ...annotations } = manifest.metadata?.annotations ?? {};
  return { ...manifest, metadata: { ...manifest.metadata, annotations } };
}

/** A digest (16 hex characters) of a manifest, key order and an existing hash annotation ignored. */
export function desiredHash(manifest: Manifest): string {
  const text = JSON.stringify(canonical(withoutHash(manifest)));
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Returns the manifest with {@link ANNOTATION_DESIRED_HASH} set to its hash. */
export function stampDesiredHash(manifest: Manifest): Manifest {
  const annotations = {
    ...(manifest.metadata?.annotations ?? {}),
    [ANNOTATION_DESIRED_HASH]: desiredHash(manifest),
  };
  return { ...manifest, metadata: { ...manifest.metadata, annotations } };
}
