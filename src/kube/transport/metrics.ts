/**
 * What the transport reports about its traffic: one callback per finished request and per
 * opened connection. {@link TransportStats} is a small in-process implementation that counts;
 * observability/ can map either to Prometheus without kube/ depending on a metrics library.
 */

/** Which pool a connection or request used. */
export type PoolKind = 'request' | 'watch';

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
  onConnection?(pool: PoolKind): void;
  /** A retry of a failed attempt is about to be scheduled after `delayMs`. */
  onRetry?(verb: string, delayMs: number): void;
}

/** A snapshot of {@link TransportStats}. */
export interface TransportStatsSnapshot {
  /** Requests by `verb code`, e.g. `{'get 200': 3, 'list 429': 1}`. */
  requests: Record<string, number>;
  /** Connections opened per pool since start. */
  connections: Record<PoolKind, number>;
  retries: number;
  /** Sum and count of request durations, for a mean. */
  latencyMsSum: number;
  latencyCount: number;
}

/** Counts requests, latency, retries and opened connections in memory. */
export class TransportStats implements TransportMetrics {
  private readonly requests = new Map<string, number>();
  private readonly connections: Record<PoolKind, number> = { request: 0, watch: 0 };
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
  onConnection(pool: PoolKind): void {
    this.connections[pool] += 1;
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
