/** The identity of a child: apiVersion, kind, namespace and name. */
import type { Manifest } from './types.ts';

/** A stable string key of a manifest: `apiVersion|kind|namespace|name` (namespace empty when cluster-scoped). */
export function childKey(manifest: Manifest): string {
  const meta = manifest.metadata ?? {};
  return [manifest.apiVersion ?? '', manifest.kind ?? '', meta.namespace ?? '', meta.name ?? ''].join('|');
}

/** A readable reference to a manifest for messages: `Kind namespace/name`. */
export function describeChild(manifest: Manifest): string {
  const meta = manifest.metadata ?? {};
  const where = meta.namespace === undefined ? '' : `${meta.namespace}/`;
  return `${manifest.kind ?? 'object'} ${where}${meta.name ?? ''}`;
}
