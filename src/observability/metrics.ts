/**
 * The Prometheus series of the runtime (spec §14), per CRD, plus process metrics. One
 * {@link RuntimeMetrics} per process; each box records with its CRD label.
 */
import { processCollector } from './process-metrics.ts';
import { Counter, Gauge, Histogram, Registry } from './prometheus.ts';

/** Result label of a reconcile. */
export type ReconcileOutcome = 'success' | 'error' | 'requeue' | 'terminal' | 'pending';

/** Every series of the runtime, registered in one registry. */
export class RuntimeMetrics {
  readonly registry = new Registry();
  readonly reconcileTotal = this.registry.register(
    new Counter({
      name: 'orkestra_reconcile_total',
      help: 'Reconciles by CRD and result.',
      labelNames: ['crd', 'result'],
    }),
  );
  readonly reconcileDuration = this.registry.register(
    new Histogram({
      name: 'orkestra_reconcile_duration_seconds',
      help: 'Time spent in one reconcile.',
      labelNames: ['crd'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    }),
  );
  readonly renderSkipped = this.registry.register(
    new Counter({
      name: 'orkestra_reconcile_render_skipped_total',
      help: 'Reconciles that reused the last rendered children: none of their inputs had changed.',
      labelNames: ['crd'],
    }),
  );
  readonly queueDepth = this.registry.register(
    new Gauge({ name: 'orkestra_queue_depth', help: 'Keys waiting in the work queue.', labelNames: ['crd'] }),
  );
  readonly queueWait = this.registry.register(
    new Histogram({
      name: 'orkestra_queue_wait_seconds',
      help: 'Time a key waited in the queue before a worker took it.',
      labelNames: ['crd'],
      buckets: [0.001, 0.01, 0.1, 1, 10, 60],
    }),
  );
  readonly workers = this.registry.register(
    new Gauge({ name: 'orkestra_workers', help: 'Workers of the box.', labelNames: ['crd'] }),
  );
  readonly autoscaleActive = this.registry.register(
    new Gauge({
      name: 'orkestra_autoscale_active',
      help: 'Whether the operator autoscaler overrides of the box apply (1) or its baseline (0).',
      labelNames: ['crd'],
    }),
  );
  readonly autoscaleChanges = this.registry.register(
    new Counter({
      name: 'orkestra_autoscale_changes_total',
      help: 'Changes made by the operator autoscaler, by CRD and the setting changed to.',
      labelNames: ['crd', 'to'],
    }),
  );
  readonly workersBusy = this.registry.register(
    new Gauge({ name: 'orkestra_workers_busy', help: 'Workers busy reconciling.', labelNames: ['crd'] }),
  );
  readonly managedObjects = this.registry.register(
    new Gauge({
      name: 'orkestra_managed_objects',
      help: 'Custom resources the box manages.',
      labelNames: ['crd'],
    }),
  );
  readonly apiWrites = this.registry.register(
    new Counter({
      name: 'orkestra_api_writes_total',
      help: 'Writes to the API server by CRD and verb.',
      labelNames: ['crd', 'verb'],
    }),
  );
  readonly apiRequests = this.registry.register(
    new Counter({
      name: 'orkestra_api_requests_total',
      help: 'API requests by verb and HTTP status code.',
      labelNames: ['verb', 'code'],
    }),
  );
  readonly apiConnections = this.registry.register(
    new Counter({
      name: 'orkestra_api_connections_opened_total',
      help: 'Connections opened to the API server.',
    }),
  );
  readonly leaderIsLeader = this.registry.register(
    new Gauge({
      name: 'orkestra_leader_is_leader',
      help: 'Leader election: 1 while this replica leads (runs the workers and writes), else 0.',
    }),
  );
  readonly leaderTransitions = this.registry.register(
    new Counter({
      name: 'orkestra_leader_transitions_total',
      help: 'Leader election: times this replica started or stopped leading.',
    }),
  );
  readonly admissionRequests = this.registry.register(
    new Counter({
      name: 'orkestra_admission_requests_total',
      help: 'Admission reviews answered, by CRD, webhook (mutate, validate) and result (allowed, denied, error).',
      labelNames: ['crd', 'webhook', 'result'],
    }),
  );
  readonly admissionDuration = this.registry.register(
    new Histogram({
      name: 'orkestra_admission_duration_seconds',
      help: 'Time the runtime spent answering one admission review.',
      labelNames: ['crd', 'webhook'],
      buckets: [0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.25],
    }),
  );

  readonly conversionRequests = this.registry.register(
    new Counter({
      name: 'orkestra_conversion_requests_total',
      help: 'Objects converted by the conversion webhook, by CRD, source and target version and result.',
      labelNames: ['crd', 'from', 'to', 'result'],
    }),
  );
  readonly conversionDuration = this.registry.register(
    new Histogram({
      name: 'orkestra_conversion_duration_seconds',
      help: 'Time spent converting one object, by CRD, source and target version.',
      labelNames: ['crd', 'from', 'to'],
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1],
    }),
  );

  /** Adds the process metrics (resident memory, CPU, heap). */
  withProcessMetrics(): this {
    this.registry.register(processCollector);
    return this;
  }

  /** The exposition text for /metrics. */
  text(): Promise<string> {
    return Promise.resolve(this.registry.text());
  }

  /** The content type of {@link text}. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
