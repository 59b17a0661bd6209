/**
 * How the Control Center's paths map to the runtimes it watches: `/api/{index}/{path}` goes to the
 * runtime at that index of `--runtime`. Only what the UI reads passes: GET on the runtime's API
 * (`/katalog…`, `/health`, `/ready`) and `POST /katalog/{crd}/render`, the read-only render preview.
 */

/** A request to forward, or why not (an HTTP status and message). */
export type ProxyTarget =
  { ok: true; url: URL; stream: boolean } | { ok: false; status: number; message: string };

const GET_ROOTS = new Set(['katalog', 'health', 'ready']);

/** Maps `pathname` (starting `/api/`) and its query to a runtime's URL, for `method`. */
export function proxyTarget(
  method: string,
  request: { pathname: string; search: string },
  runtimes: readonly URL[],
): ProxyTarget {
  const [, api, index, ...rest] = request.pathname.split('/');
  if (api !== 'api' || index === undefined || !/^\d+$/.test(index)) return fail(404, 'no such route');
  const runtime = runtimes[Number(index)];
  if (runtime === undefined) return fail(404, `no runtime ${index} (there are ${runtimes.length})`);
  if (rest.some((s) => s === '' || s === '.' || s === '..' || /%2f|%5c|%2e/i.test(s)))
    return fail(400, 'malformed path');
  const problem = methodProblem(method, rest);
  if (problem !== undefined) return fail(405, problem);
  const url = new URL(runtime.href);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/${rest.join('/')}`;
  url.search = request.search;
  return { ok: true, url, stream: rest.join('/') === 'katalog/stream' };
}

function methodProblem(method: string, path: readonly string[]): string | undefined {
  if (method === 'GET' || method === 'HEAD')
    return GET_ROOTS.has(path[0] ?? '') ? undefined : `${path.join('/')} is not proxied`;
  const render = method === 'POST' && path.length === 3 && path[0] === 'katalog' && path[2] === 'render';
  return render ? undefined : `${method} /${path.join('/')} is not proxied: the Control Center only reads`;
}

function fail(status: number, message: string): ProxyTarget {
  return { ok: false, status, message };
}
