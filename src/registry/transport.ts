/**
 * How requests reach a registry: Node's fetch, or, when the registry's certificate is signed by a
 * CA of the user's (`--ca-file`), node:https with that CA (Node's fetch takes no CA of its own
 * without a dependency). Either way the caller sees a web `Response`. Neither is on `ork run`'s path.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { loadNodeHttps } from '../util/index.ts';

/** A request: method, headers and an optional body held in memory. */
export interface TransportRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** Told the bytes of the body sent so far, as they go (progress of a large upload). */
  readonly onSent?: (bytes: number) => void;
}

/** The size of the pieces a body is sent in when its progress is followed. */
const CHUNK_BYTES = 256 * 1024;

/** Sends a request and resolves to the response (redirects followed). */
export type Transport = (url: string, request: TransportRequest) => Promise<Response>;

/** Node's fetch; a body whose progress is followed goes as a stream of pieces, counted as fetch reads them. */
export const fetchTransport: Transport = (url, request) => {
  const { body, onSent } = request;
  if (body === undefined || onSent === undefined)
    return fetch(url, { method: request.method, headers: request.headers, body, redirect: 'follow' });
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= body.byteLength) {
        controller.close();
        return;
      }
      const piece = body.subarray(offset, offset + CHUNK_BYTES);
      offset += piece.byteLength;
      controller.enqueue(piece);
      onSent(offset);
    },
  });
  // duplex: 'half' is what fetch asks of a streamed request body (not yet in the DOM types).
  const init = { method: request.method, headers: request.headers, body: stream, duplex: 'half' };
  return fetch(url, init as RequestInit);
};

const MAX_REDIRECTS = 5;
const NULL_BODY = new Set([101, 204, 205, 304]);

/** A transport over node:https that trusts `ca` (PEM) in place of the system's roots. */
export function caTransport(ca: string): Transport {
  const send = (url: string, request: TransportRequest, hops: number): Promise<Response> =>
    new Promise((resolve, reject) => {
      const options = { method: request.method, headers: request.headers, ca };
      const req = loadNodeHttps().request(url, options, (res) => {
        const next = redirectOf(res, url, hops);
        if (next === undefined) {
          resolve(toResponse(res, request.method));
          return;
        }
        res.resume();
        // A redirect elsewhere (blob storage) must not carry the registry's credentials.
        const sameOrigin = next.origin === new URL(url).origin;
        const headers = sameOrigin ? request.headers : withoutAuthorization(request.headers);
        resolve(send(next.href, { method: 'GET', headers }, hops + 1));
      });
      req.on('error', reject);
      writeBody(req, request);
    });
  return (url, request) => send(url, request, 0);
}

/** Writes the body, in counted pieces when its progress is followed. */
function writeBody(req: ClientRequest, request: TransportRequest): void {
  const { body, onSent } = request;
  if (body === undefined || onSent === undefined) {
    req.end(body === undefined ? undefined : Buffer.from(body));
    return;
  }
  for (let offset = 0; offset < body.byteLength; offset += CHUNK_BYTES) {
    const end = Math.min(offset + CHUNK_BYTES, body.byteLength);
    req.write(Buffer.from(body.subarray(offset, end)), () => {
      onSent(end);
    });
  }
  req.end();
}

function redirectOf(res: IncomingMessage, url: string, hops: number): URL | undefined {
  const status = res.statusCode ?? 0;
  const location = res.headers.location;
  if (status < 300 || status >= 400 || location === undefined || hops >= MAX_REDIRECTS) return undefined;
  return new URL(location, url);
}

function toResponse(res: IncomingMessage, method: string): Response {
  const status = res.statusCode ?? 0;
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    for (const one of value === undefined ? [] : Array.isArray(value) ? value : [value])
      headers.append(name, one);
  }
  if (NULL_BODY.has(status) || method === 'HEAD') {
    res.resume();
    return new Response(null, { status, headers });
  }
  return new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, { status, headers });
}

function withoutAuthorization(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'),
  );
}
