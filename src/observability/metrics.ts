/**
 * The Prometheus series of the runtime (spec §14), per CRD, plus process metrics, through
 * prom-client. One {@link RuntimeMetrics} per process; each box records with its CRD label.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Result label of a reconcile. */
export type ReconcileOutcome = 'success' | 'error' | 'requeue' | 'terminal' | 'pending';

/** Every series of the runtime, registered in one registry. */
export class RuntimeMetrics {
  readonly registry = new Registry();
  readonly reconcileTotal = new Counter({
    name: 'orkestra_reconcile_total',
    help: 'Reconciles by CRD and result.',
    labelNames: ['crd', 'result'] as const,
    registers: [this.registry],
  });
  readonly reconcileDuration = new Histogram({
    name: 'orkestra_reconcile_duration_seconds',
    help: 'Time spent in one reconcile.',
    labelNames: ['crd'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'orkestra_queue_depth',
    help: 'Keys waiting in the work queue.',
    labelNames: ['crd'] as const,
    registers: [this.registry],
  });
  readonly queueWait = new Histogram({
    name: 'orkestra_queue_wait_seconds',
    help: 'Time a key waited in the queue before a worker took it.',
    labelNames: ['crd'] as const,
    buckets: [0.001, 0.01, 0.1, 1, 10, 60],
    registers: [this.registry],
  });
  readonly workers = new Gauge({
    name: 'orkestra_workers',
    help: 'Workers of the box.',
    labelNames: ['crd'] as const,
    registers: [this.registry],
  });
  readonly workersBusy = new Gauge({
    name: 'orkestra_workers_busy',
    help: 'Workers busy reconciling.',
    labelNames: ['crd'] as const,
    registers: [this.registry],
  });
  readonly managedObjects = new Gauge({
    name: 'orkestra_managed_objects',
    help: 'Custom resources the box manages.',
    labelNames: ['crd'] as const,
    registers: [this.registry],
  });
  readonly apiWrites = new Counter({
    name: 'orkestra_api_writes_total',
    help: 'Writes to the API server by CRD and verb.',
    labelNames: ['crd', 'verb'] as const,
    registers: [this.registry],
  });
  readonly apiRequests = new Counter({
    name: 'orkestra_api_requests_total',
    help: 'API requests by verb and HTTP status code.',
    labelNames: ['verb', 'code'] as const,
    registers: [this.registry],
  });
  readonly apiConnections = new Counter({
    name: 'orkestra_api_connections_opened_total',
    help: 'Connections opened to the API server.',
    registers: [this.registry],
  });

  /** Adds the process metrics (CPU, memory, event loop lag...). */
  withProcessMetrics(): this {
    collectDefaultMetrics({ register: this.registry });
    return this;
  }

  /** The exposition text for /metrics. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type of {@link text}. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
