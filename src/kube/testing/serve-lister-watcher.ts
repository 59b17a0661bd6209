/**
 * Test helper: a {@link FakeHandler} that serves any {@link ListerWatcher} over HTTP the way
 * kube-apiserver serves a resource, so the kube layer's real lister-watcher can run against the
 * same in-memory model as the runtime's fake one (the shared contract test). Lists answer a
 * `List` with `metadata.resourceVersion` and `continue`; watches stream JSON lines; an API error
 * from a list is a `Status` response with its code (and `Retry-After`); an API error from a watch
 * is an ERROR event carrying its `Status`, as kube-apiserver sends a 410 Gone; any other failure
 * resets the stream, as a broken connection would.
 */
import type { ServerResponse } from 'node:http';
import { ApiError } from '../errors.ts';
import type { KubeObject, ListerWatcher, ListOptions } from '../types.ts';
import type { FakeHandler } from './fake-api-server.ts';
import { sendJson } from './fake-api-server.ts';

/** The list options of a request URL (`/api/v1/namespaces/n/configmaps?limit=2&…`). */
function listOptionsOf(url: URL): ListOptions {
  const options: ListOptions = {};
  const namespace = /\/namespaces\/([^/]+)\//.exec(url.pathname)?.[1];
  if (namespace !== undefined) options.namespace = decodeURIComponent(namespace);
  const query = url.searchParams;
  for (const key of ['labelSelector', 'fieldSelector', 'continue', 'resourceVersion'] as const) {
    const value = query.get(key);
    if (value !== null) options[key] = value;
  }
  const limit = query.get('limit');
  if (limit !== null) options.limit = Number(limit);
  return options;
}

/** The `Status` object of an API error, as the API server sends it. */
function statusOf(error: ApiError): Record<string, unknown> {
  const { code, reason, message, details } = error;
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, details };
}

function sendError(response: ServerResponse, error: unknown): void {
  if (!(error instanceof ApiError)) {
    response.destroy();
    return;
  }
  const retryAfter = error.retryAfterSeconds;
  if (retryAfter !== undefined) response.setHeader('retry-after', String(retryAfter));
  sendJson(response, error.code, statusOf(error));
}

async function serveList(lw: ListerWatcher, options: ListOptions, response: ServerResponse): Promise<void> {
  try {
    const page = await lw.list(options);
    const metadata = {
      resourceVersion: page.resourceVersion,
      ...(page.continue ? { continue: page.continue } : {}),
    };
    sendJson(response, 200, { kind: 'List', apiVersion: 'v1', metadata, items: page.items });
  } catch (error) {
    sendError(response, error);
  }
}

async function serveWatch(lw: ListerWatcher, options: ListOptions, response: ServerResponse): Promise<void> {
  // The model's watch ends when the client goes away, as the API server's does.
  const gone = new AbortController();
  response.on('close', () => {
    gone.abort();
  });
  response.writeHead(200, { 'content-type': 'application/json' });
  const line = (event: { type: string; object: KubeObject }): string => `${JSON.stringify(event)}\n`;
  try {
    for await (const event of lw.watch(options, gone.signal)) response.write(line(event));
    response.end();
  } catch (error) {
    if (error instanceof ApiError) response.end(line({ type: 'ERROR', object: statusOf(error) }));
    else response.destroy();
  }
}

/** Serves `lw` as one resource of an API server: lists, and watches with `watch=1`. */
export function serveListerWatcher(lw: ListerWatcher): FakeHandler {
  return async (request, response) => {
    const url = new URL(request.url, 'http://fake');
    const options = listOptionsOf(url);
    const watch = url.searchParams.get('watch');
    await (watch === '1' || watch === 'true'
      ? serveWatch(lw, options, response)
      : serveList(lw, options, response));
  };
}
