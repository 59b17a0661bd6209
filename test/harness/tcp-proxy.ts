/**
 * A loopback TCP proxy to put between a process and the API server, for fault tests: it passes bytes
 * both ways until told to stall them (connections stay open, nothing is forwarded: what a stuck
 * load balancer or a half-dead NAT entry does), to blackhole new connections (accepted, never
 * connected upstream), to cut every connection, or to pass again. It sees TLS bytes only, so the
 * process keeps its own credentials; {@link writeProxyKubeconfig} points a kubeconfig at it.
 *
 * Stalling pauses reading from a socket, so the held bytes wait in the kernel's buffers and are
 * delivered in order once restored.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { parse, stringify } from 'yaml';

/** Which way bytes stop: towards the server, towards the client, or both. */
export type StallDirection = 'both' | 'upstream' | 'downstream';

/** What happens to a connection accepted from now on. */
export type NewConnectionMode = 'pass' | 'stall' | 'blackhole';

/** One proxied connection. */
interface Pair {
  client: Socket;
  /** Undefined while blackholed. */
  server: Socket | undefined;
  /** Client → server bytes held. */
  upstreamStalled: boolean;
  /** Server → client bytes held. */
  downstreamStalled: boolean;
}

/** A running proxy and its controls. */
export interface TcpProxy {
  /** The loopback port it listens on. */
  readonly port: number;
  /** Connections open now (blackholed ones included). */
  readonly openConnections: number;
  /** Connections accepted since it started. */
  readonly acceptedConnections: number;
  /**
   * Stops forwarding on every open connection (they stay open), in one direction or both; new
   * connections are treated as `newConnections` says. @default direction 'both', newConnections 'pass'
   */
  stall(options?: { direction?: StallDirection; newConnections?: NewConnectionMode }): void;
  /** New connections are accepted and held, never connected upstream; open ones are left alone. */
  blackhole(): void;
  /** Destroys every open connection (both sides see a reset). */
  cut(): void;
  /** Forwards again: stalled connections resume, blackholed ones are connected, new ones pass. */
  restore(): void;
  /** Stops listening and destroys every connection. */
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 (a free port) to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let mode: NewConnectionMode = 'pass';
  let accepted = 0;
  const server: Server = createServer((client) => {
    accepted++;
    const pair: Pair = { client, server: undefined, upstreamStalled: false, downstreamStalled: false };
    pairs.add(pair);
    client.on('close', () => {
      pairs.delete(pair);
      pair.server?.destroy();
    });
    client.on('error', () => undefined);
    if (mode === 'blackhole') {
      client.pause();
      return;
    }
    connect(pair, target);
    if (mode === 'stall') setStall(pair, 'both', true);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    port: address.port,
    get openConnections() {
      return pairs.size;
    },
    get acceptedConnections() {
      return accepted;
    },
    stall: ({ direction = 'both', newConnections = 'pass' } = {}) => {
      for (const pair of pairs) setStall(pair, direction, true);
      mode = newConnections;
    },
    blackhole: () => {
      mode = 'blackhole';
    },
    cut: () => {
      for (const pair of pairs) {
        pair.client.resetAndDestroy();
        pair.server?.destroy();
      }
      pairs.clear();
    },
    restore: () => {
      mode = 'pass';
      for (const pair of pairs) {
        if (pair.server === undefined) connect(pair, target);
        setStall(pair, 'both', false);
      }
    },
    close: async () => {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.server?.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

/** Connects a pair upstream and forwards both ways, honouring its stalls and back-pressure. */
function connect(pair: Pair, target: { host: string; port: number }): void {
  const upstream = createConnection(target);
  pair.server = upstream;
  upstream.on('error', () => undefined);
  upstream.on('close', () => {
    pair.client.destroy();
  });
  forward(pair.client, upstream, () => pair.upstreamStalled);
  forward(upstream, pair.client, () => pair.downstreamStalled);
  if (!pair.upstreamStalled) pair.client.resume();
}

function forward(from: Socket, to: Socket, stalled: () => boolean): void {
  from.on('data', (chunk) => {
    if (!to.write(chunk)) from.pause();
  });
  to.on('drain', () => {
    if (!stalled()) from.resume();
  });
}

function setStall(pair: Pair, direction: StallDirection, stalled: boolean): void {
  if (direction !== 'downstream') {
    pair.upstreamStalled = stalled;
    if (stalled) pair.client.pause();
    else if (pair.server !== undefined) pair.client.resume();
  }
  if (direction !== 'upstream') {
    pair.downstreamStalled = stalled;
    if (stalled) pair.server?.pause();
    else pair.server?.resume();
  }
}

/** The host and port of the API server a kubeconfig's current context reaches. */
export async function kubeconfigServer(path: string): Promise<{ host: string; port: number }> {
  const config = parse(await readFile(path, 'utf8')) as RawKubeconfig;
  const context = config.contexts?.find((c) => c.name === config['current-context'])?.context;
  const server = config.clusters?.find((c) => c.name === context?.cluster)?.cluster['server'];
  if (typeof server !== 'string') throw new Error(`${path}: no server in the current context`);
  const url = new URL(server);
  return { host: url.hostname, port: Number(url.port || 443) };
}

/** What {@link writeProxyKubeconfig} changes in a kubeconfig. */
export interface ProxyKubeconfigOptions {
  /** The kubeconfig to start from (its current context's cluster is rewritten). */
  from: string;
  /** Where to write the result. */
  to: string;
  /** The proxy's port on 127.0.0.1. */
  port: number;
  /**
   * The name the API server's certificate is checked against. The dev cluster's certificate names
   * IP 127.0.0.1, localhost and kubernetes(.default.svc…). @default 'kubernetes'
   */
  tlsServerName?: string;
  /** A bearer token to use instead of the kubeconfig's own credentials (a ServiceAccount's). */
  token?: string;
}

interface RawKubeconfig {
  'current-context'?: string;
  contexts?: { name: string; context: { cluster: string; user: string } }[];
  clusters?: { name: string; cluster: Record<string, unknown> }[];
  users?: { name: string; user: Record<string, unknown> }[];
}

/**
 * Writes a kubeconfig whose current context reaches the API server through the proxy: the same
 * CA and credentials (or `token`), the server `https://127.0.0.1:<port>` and `tls-server-name`.
 */
export async function writeProxyKubeconfig(options: ProxyKubeconfigOptions): Promise<void> {
  const config = parse(await readFile(options.from, 'utf8')) as RawKubeconfig;
  const context = config.contexts?.find((c) => c.name === config['current-context'])?.context;
  const cluster = config.clusters?.find((c) => c.name === context?.cluster)?.cluster;
  const user = config.users?.find((u) => u.name === context?.user);
  if (cluster === undefined || user === undefined) throw new Error(`${options.from}: no current context`);
  cluster['server'] = `https://127.0.0.1:${options.port}`;
  cluster['tls-server-name'] = options.tlsServerName ?? 'kubernetes';
  if (options.token !== undefined) user.user = { token: options.token };
  await writeFile(options.to, stringify(config), { mode: 0o600 });
}
