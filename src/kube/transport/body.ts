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

/** Reads a stream to its end as UTF-8 text. */
export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads the whole raw response body, decompressed, as UTF-8 text. */
export function readText(body: Readable, headers: ResponseHeaders): Promise<string> {
  return readAll(decodedStream(body, headers));
}
