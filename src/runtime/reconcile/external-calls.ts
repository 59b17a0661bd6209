/**
 * External calls (spec §10.2): before a group's resources are rendered, its calls run in declaration
 * order, each seeing the results of those before it, and their results become `.external.<name>` =
 * `{called, status, body, error, durationSeconds}` (a JSON body parsed, any other kept as text). A call
 * whose `when`/`or` do not pass is `{called: false}`. A failed call (no answer, a timeout, a status
 * other than `expectedStatus` — any 2xx when unset) fails the reconcile unless it says
 * `continueOnError`. Header values from Secrets are read from the box's cache and never appear in a
 * result, an error, a log line or an event: every message that leaves here has them blanked.
 */
import { hash } from 'node:crypto';
import type { KubeObject } from '../../kube/index.ts';
import type { ExternalPlan } from '../../plan/index.ts';
import {
  passesConditions,
  renderExternalRequest,
  type ExternalRequest,
  type RenderFn,
  type TemplateData,
} from '../../resources/index.ts';
import type { ExternalResultCache } from './external-cache.ts';
import type { ClusterCache, ExternalHttp, HttpRequest, HttpResponse } from './ports.ts';

/** `.external.<name>`. */
export interface ExternalResult {
  readonly called: boolean;
  /** The HTTP status; absent when there was no answer. */
  readonly status?: number;
  /** The body: parsed JSON, or text. Absent when there was no answer. */
  readonly body?: unknown;
  /** Why the call failed; absent when it succeeded. */
  readonly error?: string;
  /** How long the call took (0 for a cached result). */
  readonly durationSeconds?: number;
}

/** A call that failed without `continueOnError`: the reconcile fails, naming the call. */
export class ExternalCallError extends Error {
  /** The call's name. */
  readonly call: string;

  constructor(call: string, message: string) {
    super(`external call "${call}" failed: ${message}`);
    this.name = 'ExternalCallError';
    this.call = call;
  }
}

/** What running a group's calls needs. */
export interface ExternalCallContext {
  readonly cr: KubeObject;
  readonly render: RenderFn;
  readonly cache: Pick<ClusterCache, 'secret'>;
  readonly http: ExternalHttp;
  readonly results: ExternalResultCache<ExternalResult>;
  /** Milliseconds since the epoch (cache expiry). */
  readonly nowMs: () => number;
  /** Keeps cached results apart from other scopes' (a deletion's calls are its CR's alone). @default '' */
  readonly cacheScope?: string;
}

/** The context of a pass's calls, from what a reconcile has (its renderer, cache and clock). */
export function externalCallContext(
  cr: KubeObject,
  deps: { readonly render: RenderFn; readonly cache: Pick<ClusterCache, 'secret'>; readonly now: () => Date },
  use: { readonly http: ExternalHttp; readonly results: ExternalResultCache<ExternalResult> },
): ExternalCallContext {
  return { cr, render: deps.render, cache: deps.cache, ...use, nowMs: () => deps.now().getTime() };
}

/**
 * Runs the calls in order and returns the data with their results under `.external` (those already
 * there kept). @throws ExternalCallError for a failed call without `continueOnError`.
 */
export async function runExternalCalls(
  calls: readonly ExternalPlan[],
  data: TemplateData,
  ctx: ExternalCallContext,
): Promise<TemplateData> {
  let current = data;
  for (const call of calls) {
    const result = await runOne(call, current, ctx);
    const external = { ...(current['external'] as Record<string, unknown> | undefined), [call.name]: result };
    current = { ...current, external };
    if (result.error !== undefined && !call.continueOnError) {
      throw new ExternalCallError(call.name, result.error);
    }
  }
  return current;
}

async function runOne(
  call: ExternalPlan,
  data: TemplateData,
  ctx: ExternalCallContext,
): Promise<ExternalResult> {
  if (!passesConditions(call, { data, render: ctx.render })) return { called: false };
  const rendered = renderExternalRequest(call, { data, render: ctx.render });
  const secrets = resolveSecretHeaders(rendered, ctx);
  if (typeof secrets === 'string') return { called: true, error: secrets, durationSeconds: 0 };
  const request: HttpRequest = { ...rendered, headers: { ...rendered.headers, ...secrets } };
  if (call.cacheForMs === undefined)
    return send(call, { request, secretValues: Object.values(secrets) }, ctx);
  const key = `${ctx.cacheScope ?? ''}${cacheKey(request)}`;
  const cached = ctx.results.get(key, ctx.nowMs());
  if (cached !== undefined) return { ...cached, durationSeconds: 0 };
  const result = await send(call, { request, secretValues: Object.values(secrets) }, ctx);
  // only a success is kept: a failed call is tried again on the next pass
  if (result.error === undefined)
    ctx.results.set(key, result, { nowMs: ctx.nowMs(), ttlMs: call.cacheForMs });
  return result;
}

/** Sends the request and judges the answer; any failure is the result's `error`, secret values blanked. */
async function send(
  call: ExternalPlan,
  { request, secretValues }: { request: HttpRequest; secretValues: readonly string[] },
  ctx: ExternalCallContext,
): Promise<ExternalResult> {
  const started = performance.now();
  const target = `${request.method} ${request.url}`;
  try {
    const response = await ctx.http.send(request, call.timeoutMs);
    const result = resultOf(call, response, secretValues);
    const error =
      result.error === undefined ? {} : { error: redact(`${target} ${result.error}`, secretValues) };
    return { ...result, ...error, durationSeconds: seconds(started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      called: true,
      error: redact(`${target}: ${message}`, secretValues),
      durationSeconds: seconds(started),
    };
  }
}

function seconds(startedMs: number): number {
  return Math.round(performance.now() - startedMs) / 1000;
}

/** The header values read from Secrets, or why one cannot be read (a message without any value). */
function resolveSecretHeaders(
  request: ExternalRequest,
  ctx: ExternalCallContext,
): Record<string, string> | string {
  const out: Record<string, string> = {};
  const namespace = ctx.cr.metadata?.namespace;
  for (const [header, { name, key }] of Object.entries(request.secretHeaders)) {
    if (namespace === undefined)
      return `header ${header}: a cluster-scoped CR has no namespace to read Secret ${name} from`;
    const secret = ctx.cache.secret(namespace, name);
    if (secret === undefined) return `header ${header}: Secret ${namespace}/${name} not found`;
    const encoded = (secret['data'] as Record<string, unknown> | undefined)?.[key];
    if (typeof encoded !== 'string')
      return `header ${header}: Secret ${namespace}/${name} has no key "${key}"`;
    out[header] = Buffer.from(encoded, 'base64').toString('utf8');
  }
  return out;
}

function resultOf(
  call: ExternalPlan,
  response: HttpResponse,
  secretValues: readonly string[],
): ExternalResult {
  const body = parseBody(redact(response.body, secretValues), response);
  const ok =
    call.expectedStatus === undefined
      ? response.status >= 200 && response.status < 300
      : response.status === call.expectedStatus;
  const base = { called: true, status: response.status, body };
  if (ok) return base;
  const expected = call.expectedStatus === undefined ? '2xx' : String(call.expectedStatus);
  return { ...base, error: `answered ${String(response.status)}, expected ${expected}` };
}

/** A JSON body parsed (when it says it is JSON, or looks like it), anything else kept as text. */
function parseBody(text: string, response: HttpResponse): unknown {
  if (response.truncated) return text;
  const json = response.contentType?.includes('json') === true || /^\s*[[{]/.test(text);
  if (!json) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `text` with every secret value in it blanked. */
function redact(text: string, secretValues: readonly string[]): string {
  let out = text;
  for (const value of secretValues) if (value !== '') out = out.split(value).join('[redacted]');
  return out;
}

/** The identity of a rendered request: equal keys, equal requests (secret values only as a digest). */
function cacheKey(request: HttpRequest): string {
  const headers = Object.entries(request.headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const identity = JSON.stringify([request.method, request.url, headers, request.body ?? null]);
  return hash('sha256', identity, 'base64');
}
