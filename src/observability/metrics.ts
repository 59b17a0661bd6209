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

  // The watches of each box, read from its informers at scrape time (a watch shared by several boxes
  // is listed under each; the labels are the box's CRD key and the resource, a bounded set).
  readonly watchLastEventAge = this.registry.register(
    new Gauge({
      name: 'orkestra_watch_last_event_age_seconds',
      help: 'Seconds since the watch last heard from the API server (an event, a bookmark, a list or a watch accepted); the oldest of the watches of the box of that resource.',
      labelNames: ['crd', 'resource'],
    }),
  );
  readonly watchRelists = this.registry.register(
    new Counter({
      name: 'orkestra_watch_relists_total',
      help: 'Lists of a watched resource after the first one (after a 410 Gone).',
      labelNames: ['crd', 'resource'],
    }),
  );
  readonly watchGone = this.registry.register(
    new Counter({
      name: 'orkestra_watch_gone_total',
      help: '410 Gone answers to a list or watch: the resourceVersion was compacted, a relist follows.',
      labelNames: ['crd', 'resource'],
    }),
  );
  readonly watchThrottled = this.registry.register(
    new Counter({
      name: 'orkestra_watch_throttled_total',
      help: '429 Too Many Requests answers to a list or watch (after the own retries of the client).',
      labelNames: ['crd', 'resource'],
    }),
  );
  readonly watchRestarts = this.registry.register(
    new Counter({
      name: 'orkestra_watch_restarts_total',
      help: 'Watches restarted after a failure, by reason: inactivity (silent past its limit, cut), gone, throttled, error.',
      labelNames: ['crd', 'resource', 'reason'],
    }),
  );
  readonly watchHealthy = this.registry.register(
    new Gauge({
      name: 'orkestra_watch_healthy',
      help: 'Whether every watch of the box of that resource is in contact (1) or stale, throttled or failing (0).',
      labelNames: ['crd', 'resource'],
    }),
  );
  readonly apiRetries = this.registry.register(
    new Counter({
      name: 'orkestra_api_retries_total',
      help: 'Requests the client sent again after a 429 (after its Retry-After), a 5xx or a network error, by verb.',
      labelNames: ['verb'],
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
