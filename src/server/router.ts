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

/** A request as the router reads it. */
export interface ApiRequest {
  method: string;
  pathname: string;
  /** The body of a POST. */
  body?: string | undefined;
}

/** Answers one request: the render preview's POST (`body`: the CR as JSON), else {@link route}. */
export async function answer(view: RuntimeView, request: ApiRequest): Promise<ApiResponse> {
  const parts = request.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (request.method === 'POST' && parts.length === 3 && parts[0] === 'katalog' && parts[2] === 'render') {
    return renderRoute(view, parts[1] ?? '', request.body ?? '');
  }
  return route(view, request.method, request.pathname);
}

/** Answers a request without a body. Only GET (and HEAD) exist; everything is read-only. */
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
  if (crd === 'source' && sub === undefined) return json(200, katalogSource(view));
  const box = view.box(crd);
  if (!box) return notFound(`no CRD "${crd}" in this Katalog`);
  if (sub === undefined) return json(200, box.summary());
  if (sub === 'health' && rest.length === 0) return boxHealth(box);
  if (sub === 'cr') return customResources(box, crd, rest);
  return notFound(`no route ${pathname}`);
}

/** `/katalog/source`: the Katalog's files and warnings as the run loaded them. */
function katalogSource(view: RuntimeView): Record<string, unknown> {
  return { name: view.katalogName(), ...(view.source?.() ?? { files: [], diagnostics: [] }) };
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

/** `POST /katalog/{crd}/render`: 400 for a body that is no JSON, 422 for a CR that does not render. */
async function renderRoute(view: RuntimeView, crd: string, body: string): Promise<ApiResponse> {
  const box = view.box(crd);
  if (box?.render === undefined) return notFound(`no CRD "${crd}" in this Katalog`);
  let cr: unknown;
  try {
    cr = JSON.parse(body) as unknown;
  } catch (error) {
    return json(400, { error: 'BadRequest', message: `the body is not JSON: ${String(error)}` });
  }
  const preview = await box.render(cr);
  if ('error' in preview) return json(422, { error: 'RenderFailed', message: preview.error });
  return json(200, preview);
}

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
