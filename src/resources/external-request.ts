/**
 * The request of an external call (spec §10.2), rendered from its Plan entry against the data context:
 * URL and header templates print as text, a string body prints as text and an object body is rendered
 * recursively and sent as JSON. Header values read from Secrets are not resolved here (that is a cache
 * read, done by the runtime): they are returned as references, apart from the rendered headers, so a
 * rendered request can be shown or logged without them.
 */
import type { ExternalPlan, SecretHeaderRef } from '../plan/index.ts';
import { renderDeep, renderPrinted, type RenderScope } from './builders/render-fields.ts';

/** An external call's request with its templates rendered. */
export interface ExternalRequest {
  readonly method: string;
  readonly url: string;
  /** Header values from templates (lowercase names). */
  readonly headers: Readonly<Record<string, string>>;
  /** Header values to read from Secrets (lowercase names). */
  readonly secretHeaders: Readonly<Record<string, SecretHeaderRef['secretKeyRef']>>;
  /** The body as sent; undefined: none. */
  readonly body: string | undefined;
}

function printed(value: string, scope: RenderScope): string {
  return value.includes('{{') ? renderPrinted(value, scope) : value;
}

/** Renders the request of one call. @throws what rendering a template throws (a reconcile error). */
export function renderExternalRequest(call: ExternalPlan, scope: RenderScope): ExternalRequest {
  const headers: Record<string, string> = {};
  const secretHeaders: Record<string, SecretHeaderRef['secretKeyRef']> = {};
  for (const [name, value] of Object.entries(call.headers)) {
    if (typeof value === 'string') headers[name.toLowerCase()] = printed(value, scope);
    else secretHeaders[name.toLowerCase()] = value.secretKeyRef;
  }
  let body: string | undefined;
  if (typeof call.body === 'string') body = printed(call.body, scope);
  else if (call.body !== undefined) {
    body = JSON.stringify(renderDeep(call.body, scope));
    headers['content-type'] ??= 'application/json';
  }
  return { method: call.method, url: printed(call.url, scope), headers, secretHeaders, body };
}
