/**
 * Reading response bodies: gunzip when the server compressed them (we send
 * `accept-encoding: gzip`), as one string or as a stream of chunks.
 */
import type { Readable } from 'node:stream';
import { loadNodeZlib } from '../../util/index.ts';

/** Response headers as node:http gives them. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** The first value of a header. */
export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body as a stream of (decompressed) chunks. */
export function decodedStream(body: Readable, headers: ResponseHeaders): Readable {
  if (headerValue(headers, 'content-encoding') !== 'gzip') return body;
  const gunzip = loadNodeZlib().createGunzip();
  body.on('error', (error) => gunzip.destroy(error));
  gunzip.on('close', () => {
    if (!body.destroyed) body.destroy();
  });
  return body.pipe(gunzip);
}

/**
 * Reads a stream to its end as UTF-8 text. Listens for its events rather than iterating it: an
 * async iterator per response (every request reads one) costs a promise and a tick per chunk.
 * Rejects with the stream's error, or when it closes before its end.
 */
export async function readAll(stream: Readable): Promise<string> {
  return (await readBytes(stream)).toString('utf8');
}

/** Reads a stream to its end, as {@link readAll} does, as bytes. */
export function readBytes(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // Its 'end' or 'close' has been and gone: waiting for them would wait for ever.
    if (stream.readableEnded || stream.destroyed) {
      reject(new PrematureCloseError());
      return;
    }
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => {
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
    stream.once('error', reject);
    stream.once('close', () => {
      if (!stream.readableEnded) reject(new PrematureCloseError());
    });
  });
}

/**
 * A response body that closed before its end (the connection or stream was torn down): a network
 * failure, transient.
 */
export class PrematureCloseError extends Error {
  readonly code = 'ERR_STREAM_PREMATURE_CLOSE';
  constructor() {
    super('the response body closed before its end');
    this.name = 'PrematureCloseError';
  }
}

/** A whole raw response body, decompressed, as UTF-8 text. */
export function decodeBody(data: Buffer, headers: ResponseHeaders): string {
  const raw = headerValue(headers, 'content-encoding') === 'gzip' ? loadNodeZlib().gunzipSync(data) : data;
  return raw.toString('utf8');
}

/** Reads the whole raw response body, decompressed, as UTF-8 text. */
export function readText(body: Readable, headers: ResponseHeaders): Promise<string> {
  return readAll(decodedStream(body, headers));
}
