/**
 * Node built-ins that are loaded with require() rather than an ESM import, because the import
 * costs memory for nothing. An ESM import of a built-in builds a namespace of ALL its exports,
 * which reads every lazy getter: `node:http`'s WebSocket, CloseEvent and MessageEvent getters load
 * Node's bundled undici (+13 MB of RSS in every process), `node:util`'s and `node:fs`'s pull in
 * a few MB more. require() returns the same objects and leaves those getters alone.
 * Types still come from `import type`, which costs nothing at run time.
 */
import { createRequire } from 'node:module';

const requireBuiltin = createRequire(import.meta.url);

/**
 * `node:http`, without its undici-backed WebSocket getters, loaded on first use: a process that
 * serves no HTTP and reaches its API server over HTTP/2 never needs it.
 */
export const loadNodeHttp = (): typeof import('node:http') =>
  requireBuiltin('node:http') as typeof import('node:http');

/** `node:util`, without its lazily loaded parts. */
export const nodeUtil = requireBuiltin('node:util') as typeof import('node:util');

/** `node:fs`, without its lazily loaded `promises` namespace. */
export const nodeFs = requireBuiltin('node:fs') as typeof import('node:fs');

/** `node:https`, loaded on first use: a process whose API server speaks HTTP/2 never needs it. */
export const loadNodeHttps = (): typeof import('node:https') =>
  requireBuiltin('node:https') as typeof import('node:https');

/** `node:http2`, loaded on first use: only when the API server is reached over TLS. */
export const loadNodeHttp2 = (): typeof import('node:http2') =>
  requireBuiltin('node:http2') as typeof import('node:http2');

/** `node:zlib`, loaded on first use: the API server compresses only large responses (≥ 128 KB). */
export const loadNodeZlib = (): typeof import('node:zlib') =>
  requireBuiltin('node:zlib') as typeof import('node:zlib');
