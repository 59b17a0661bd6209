/**
 * REST paths of the Kubernetes API: `/api/v1/...` for the core group, `/apis/<group>/<version>/...`
 * otherwise, then `namespaces/<ns>/`, the resource, the name and the subresource.
 */

/** Everything a resource URL is built from. */
export interface ResourcePath {
  /** API group; '' for the core group. */
  group: string;
  version: string;
  /** Plural resource name, e.g. `deployments`. */
  resource: string;
  namespace?: string | undefined;
  name?: string | undefined;
  /** e.g. `status`, `scale`. */
  subresource?: string | undefined;
}

/** Query parameters; undefined values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** The path prefix of a group version: `/api/v1` or `/apis/<group>/<version>`. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** Encodes a query string with a leading `?`, or '' when there is nothing to encode. */
export function encodeQuery(query: Query = {}): string {
  // Every request of the process passes here: building a URLSearchParams (a web-platform object behind a
  // C++ binding) cost more than the rest of a request's bookkeeping, and a joined string is all we need.
  let text = '';
  for (const key of Object.keys(query)) {
    const value = query[key];
    if (value === undefined) continue;
    text += `${text === '' ? '?' : '&'}${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`;
  }
  return text;
}

/**
 * Builds the path of a resource collection or object.
 * @example buildPath({group: 'apps', version: 'v1', resource: 'deployments', namespace: 'a', name: 'web'})
 *   // '/apis/apps/v1/namespaces/a/deployments/web'
 */
export function buildPath(path: ResourcePath, query?: Query): string {
  const parts = [groupVersionPath(path.group, path.version)];
  if (path.namespace !== undefined) parts.push('namespaces', encodeURIComponent(path.namespace));
  parts.push(path.resource);
  if (path.name !== undefined) parts.push(encodeURIComponent(path.name));
  if (path.subresource !== undefined) parts.push(path.subresource);
  return parts.join('/') + encodeQuery(query);
}
