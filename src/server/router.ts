/** The routes of the HTTP API (spec §14), as a pure function from method and path to a response. */
import type { BoxView, RuntimeView } from './view.ts';

/** A response of the API. */
export interface ApiResponse {
  status: number;
  contentType: string;
  body: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function json(status: number, value: unknown): ApiResponse {
  return { status, contentType: JSON_TYPE, body: `${JSON.stringify(value, null, 2)}\n` };
}

function notFound(what: string): ApiResponse {
  return json(404, { error: 'NotFound', message: what });
}

/** Answers one request. Only GET (and HEAD) exist; everything is read-only. */
export async function route(view: RuntimeView, method: string, pathname: string): Promise<ApiResponse> {
  if (method !== 'GET' && method !== 'HEAD') {
    return json(405, { error: 'MethodNotAllowed', message: `${method} is not served` });
  }
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const top = parts.length === 1 ? topRoutes[parts[0] ?? ''] : undefined;
  if (top) return top(view);
  if (parts[0] !== 'katalog' || parts.length > 5) return notFound(`no route ${pathname}`);
  return katalogRoute(view, parts.slice(1), pathname);
}

function katalogRoute(view: RuntimeView, [crd, sub, ...rest]: string[], pathname: string): ApiResponse {
  if (crd === undefined) return json(200, katalogBody(view));
  const box = view.box(crd);
  if (!box) return notFound(`no CRD "${crd}" in this Katalog`);
  if (sub === undefined) return json(200, box.summary());
  if (sub === 'health' && rest.length === 0) return boxHealth(box);
  if (sub === 'cr') return customResources(box, crd, rest);
  return notFound(`no route ${pathname}`);
}

/** The body of `/katalog` (also the stream's `katalog` event). */
export function katalogBody(view: RuntimeView): Record<string, unknown> {
  const leader = view.leader?.();
  const crds = view.boxes().map((b) => b.summary());
  return { name: view.katalogName(), ...(leader === undefined ? {} : { leader }), crds };
}

const topRoutes: Record<string, ((view: RuntimeView) => ApiResponse | Promise<ApiResponse>) | undefined> = {
  health: () => json(200, { status: 'ok' }),
  ready: (view) => {
    const r = view.readiness();
    return json(r.ready ? 200 : 503, r);
  },
  metrics: async (view) => {
    const { contentType, text } = await view.metrics();
    return { status: 200, contentType, body: text };
  },
};

function boxHealth(box: BoxView): ApiResponse {
  const health = box.summary().health;
  return json(health.status === 'degraded' ? 503 : 200, health);
}

/** `/cr`, `/cr/{ns}/{name}`, and for cluster-scoped resources `/cr/{name}` or `/cr/_/{name}`. */
function customResources(box: BoxView, crd: string, path: string[]): ApiResponse {
  const [first, second] = path;
  if (first === undefined) return json(200, { items: box.listCustomResources() });
  const [namespace, name] =
    second === undefined ? [undefined, first] : [first === '_' ? undefined : first, second];
  const detail = box.customResource(namespace, name);
  return detail ? json(200, detail) : notFound(`no ${crd} ${namespace ? `${namespace}/` : ''}${name}`);
}
