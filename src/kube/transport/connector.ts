/**
 * The HTTP/1.1 connection pools of one API server on node:http(s) agents: keep-alive sockets,
 * one TLS secure context (CA, client certificate and key parsed once, not per connection, and
 * shared with the HTTP/2 sessions), TLS session reuse, and a callback per opened connection so
 * connections can be counted. An HTTP proxy is reached with CONNECT. (node:https is loaded only
 * when a pool of an https server is made; undici cost ~28 MB of RSS in every process.)
 */
import type { Agent as HttpAgent, AgentOptions } from 'node:http';
import { loadNodeHttps, loadNodeHttp } from '../../util/index.ts';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, createSecureContext, type ConnectionOptions } from 'node:tls';
import type { TlsConfig } from '../config/cluster-config.ts';

/** What a pool needs besides its size. */
export interface PoolOptions {
  maxSockets: number;
  keepAliveTimeoutMs: number;
  /** From {@link buildTlsOptions}, shared by every pool of the server. */
  tls: ConnectionOptions;
  proxyUrl?: string | undefined;
  onConnect: () => void;
}

type CreateConnection = (
  options: ConnectionOptions,
  callback: (error: Error | null, socket?: Duplex) => void,
) => Duplex | undefined;

/** The TLS options every connection of a cluster shares (the secure context is built here, once). */
export function buildTlsOptions(tls: TlsConfig): ConnectionOptions {
  const secureContext = createSecureContext({
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert }),
    ...(tls.key === undefined ? {} : { key: tls.key }),
  });
  return {
    secureContext,
    rejectUnauthorized: tls.insecureSkipTlsVerify !== true,
    ...(tls.serverName === undefined ? {} : { servername: tls.serverName }),
  };
}

/** A keep-alive agent for `server` (http or https) that counts the connections it opens. */
export function createPool(server: URL, options: PoolOptions): HttpAgent {
  const base: AgentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets,
    maxFreeSockets: options.maxSockets,
    timeout: options.keepAliveTimeoutMs,
    scheduling: 'lifo',
  };
  const agent =
    server.protocol === 'https:'
      ? new (loadNodeHttps().Agent)({ ...base, ...options.tls })
      : new (loadNodeHttp().Agent)(base);
  const own = agent as unknown as { createConnection: CreateConnection };
  const original = own.createConnection.bind(agent);
  own.createConnection = (connectOptions, callback) => {
    const done: typeof callback = (error, socket) => {
      if (error === null) options.onConnect();
      callback(error, socket);
    };
    if (options.proxyUrl !== undefined) {
      openTunnel(
        { proxyUrl: options.proxyUrl, target: connectOptions, secure: server.protocol === 'https:' },
        done,
      );
      return undefined;
    }
    const socket = original(connectOptions, done);
    socket?.once(server.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      options.onConnect();
    });
    return socket;
  };
  return agent;
}

/** Opens a socket to the target through an HTTP proxy with CONNECT, then TLS over it when needed. */
export function openTunnel(
  route: { proxyUrl: string; target: ConnectionOptions; secure: boolean },
  done: (e: Error | null, s?: Duplex) => void,
): void {
  const { proxyUrl, target, secure } = route;
  const authority = `${target.host ?? 'localhost'}:${target.port ?? (secure ? 443 : 80)}`;
  const req = loadNodeHttp().request(proxyUrl, {
    method: 'CONNECT',
    path: authority,
    headers: { host: authority },
  });
  req.once('connect', (res, socket) => {
    if (res.statusCode !== 200) {
      socket.destroy();
      done(new Error(`proxy ${proxyUrl} refused CONNECT ${authority}: HTTP ${res.statusCode ?? 0}`));
      return;
    }
    if (!secure) {
      done(null, socket);
      return;
    }
    const tls = tlsConnect({ ...target, socket });
    tls.once('secureConnect', () => {
      done(null, tls);
    });
    tls.once('error', (error: Error) => {
      done(error);
    });
  });
  req.once('error', (error) => {
    done(error);
  });
  req.end();
}
