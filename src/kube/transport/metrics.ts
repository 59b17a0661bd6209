/**
 * What the transport reports about its traffic: one callback per finished request and per
 * opened connection. {@link TransportStats} is a small in-process implementation that counts;
 * observability/ can map either to Prometheus without kube/ depending on a metrics library.
 */

/** Which pool a request used: short requests or long-lived watches. */
export type PoolKind = 'request' | 'watch';

/** What a connection was opened for: an HTTP/1.1 pool, or an HTTP/2 session that carries both. */
export type ConnectionKind = PoolKind | 'http2';

/** One finished request (for a watch: once the response headers arrived). */
export interface RequestRecord {
  /** API verb, e.g. `get`, `list`, `watch`, `create`, `apply`, `patch`, `delete`. */
  verb: string;
  /** HTTP status, or 0 when no response came (network error, timeout, abort). */
  code: number;
  durationMs: number;
  pool: PoolKind;
}

/** Hooks the transport calls; all optional and must not throw. */
export interface TransportMetrics {
  onRequest?(record: RequestRecord): void;
  onConnection?(kind: ConnectionKind): void;
  /** A retry of a failed attempt is about to be scheduled after `delayMs`. */
  onRetry?(verb: string, delayMs: number): void;
}

/** A snapshot of {@link TransportStats}. */
export interface TransportStatsSnapshot {
  /** Requests by `verb code`, e.g. `{'get 200': 3, 'list 429': 1}`. */
  requests: Record<string, number>;
  /** Connections opened per kind since start. */
  connections: Record<ConnectionKind, number>;
  retries: number;
  /** Sum and count of request durations, for a mean. */
  latencyMsSum: number;
  latencyCount: number;
}

/** Counts requests, latency, retries and opened connections in memory. */
export class TransportStats implements TransportMetrics {
  private readonly requests = new Map<string, number>();
  private readonly connections: Record<ConnectionKind, number> = { request: 0, watch: 0, http2: 0 };
  private retries = 0;
  private latencyMsSum = 0;
  private latencyCount = 0;

  /** Records a finished request. */
  onRequest(record: RequestRecord): void {
    const key = `${record.verb} ${record.code}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    this.latencyMsSum += record.durationMs;
    this.latencyCount += 1;
  }

  /** Records an opened connection. */
  onConnection(kind: ConnectionKind): void {
    this.connections[kind] += 1;
  }

  /** Records a scheduled retry. */
  onRetry(): void {
    this.retries += 1;
  }

  /** A copy of the counters. */
  snapshot(): TransportStatsSnapshot {
    return {
      requests: Object.fromEntries(this.requests),
      connections: { ...this.connections },
      retries: this.retries,
      latencyMsSum: this.latencyMsSum,
      latencyCount: this.latencyCount,
    };
  }
}
