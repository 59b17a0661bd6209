/**
 * One CRD's operator: its CR informer, the shared informers of its child kinds, a controller with
 * its own queue and workers, health and metrics. Boxes share watches and connections but never a
 * queue or a worker, so one failing box cannot slow another.
 */
import type {
  EventRecorder,
  GroupVersionResource,
  KubeClient,
  KubeObject,
  RestMapper,
} from '../../kube/index.ts';
import type { Plan } from '../../plan/index.ts';
import type { Logger, RuntimeMetrics } from '../../observability/index.ts';
import { Controller, type ReconcileOutcome } from '../controller/index.ts';
import type { Informer, InformerLease, SharedInformerFactory } from '../informer/index.ts';
import { keyOf } from '../informer/index.ts';
import { realClock, sleep } from '../clock.ts';
import type { Runnable } from '../manager.ts';
import { createReconciler, type ReconcileDeps } from '../reconcile/index.ts';
import { createDefaultRateLimiter } from '../workqueue/index.ts';
import { BoxHealth, type BoxHealthReport } from './box-health.ts';
import { InformerCache, typeKey } from './informer-cache.ts';
import { KubeWriter } from './kube-writer.ts';
import { ownerKeyOf } from './owner-index.ts';
import { RecentEvents, type RecentEvent } from './recent-events.ts';
import { prepareTemplateLibraries, reconcileDepsFor } from './reconcile-wiring.ts';

/** What the process shares with every box. */
export interface BoxDependencies {
  client: KubeClient;
  mapper: RestMapper;
  informers: SharedInformerFactory;
  recorder: EventRecorder | undefined;
  metrics: RuntimeMetrics;
  logger: Logger;
}

/** The label every child carries; child informers select on it. */
export const MANAGED_SELECTOR = 'app.kubernetes.io/managed-by=orkestra';

/** The operator of one CRD, a runnable. */
export class OperatorBox implements Runnable {
  readonly name: string;
  readonly plan: Plan;
  readonly #deps: BoxDependencies;
  readonly #health: BoxHealth;
  readonly #events: RecentEvents;
  #crs: Informer | undefined;
  #cache: InformerCache | undefined;
  #controller: Controller | undefined;
  #startError: string | undefined;
  readonly #warnings = new Map<string, string[]>();
  readonly #clusterScoped = new Set<string>();

  constructor(plan: Plan, deps: BoxDependencies) {
    this.plan = plan;
    this.name = `box/${plan.key}`;
    this.#deps = deps;
    this.#health = new BoxHealth(plan.queue.failureThreshold);
    this.#events = new RecentEvents(deps.recorder);
  }

  /** The CR resource of this box. */
  get resource(): GroupVersionResource {
    const { gvk, plural, scope } = this.plan;
    return { group: gvk.group, version: gvk.version, resource: plural, namespaced: scope === 'Namespaced' };
  }

  /**
   * Watches, reconciles and resyncs until `signal` aborts, then releases its informers. A failure to
   * start (a child kind not served yet, discovery down) is retried with backoff and shown in the
   * box's health; it never stops the process or another box.
   */
  async start(signal: AbortSignal): Promise<void> {
    for (let attempt = 0; !signal.aborted; attempt += 1) {
      try {
        await this.#run(signal);
        return;
      } catch (error) {
        this.#startError = error instanceof Error ? error.message : String(error);
        this.#deps.logger.warn('box failed to start', {
          crd: this.plan.key,
          error: this.#startError,
          attempt,
        });
        await sleep(realClock, Math.min(30_000, 500 * 2 ** attempt), signal).catch(() => undefined);
      }
    }
  }

  async #run(signal: AbortSignal): Promise<void> {
    const leases: InformerLease[] = [];
    await prepareTemplateLibraries(this.plan);
    try {
      const crLease = this.#deps.informers.acquire(this.resource, this.#crScope());
      leases.push(crLease);
      const children = await this.#acquireChildInformers(leases, signal);
      this.#crs = crLease.informer;
      this.#cache = new InformerCache(crLease.informer, children, {
        katalog: this.plan.katalog,
        crd: this.plan.key,
      });
      const controller = this.#createController(this.#cache);
      this.#controller = controller;
      controller.watch(crLease.informer);
      for (const informer of children.values()) {
        controller.watch(informer, (child) => this.#ownerKeys(child));
      }
      await this.#runWithResync(controller, signal);
    } finally {
      for (const lease of leases) lease.release();
    }
  }

  /** Ready when the controller runs and its caches have synced. */
  ready(): boolean {
    return this.#controller?.ready() === true;
  }

  /** Why the box is not ready. */
  notReadyReasons(): string[] {
    if (this.#controller === undefined) {
      return [`${this.plan.key}: starting${this.#startError ? ` (${this.#startError})` : ''}`];
    }
    return this.ready() ? [] : [`${this.plan.key}: caches not synced`];
  }

  /** Health for the API: degraded after failureThreshold failures in a row. */
  health(): BoxHealthReport {
    const warnings = [...this.#warnings].map(([key, messages]) => `${key}: ${messages.join('; ')}`);
    return { ...this.#health.report(this.ready(), this.notReadyReasons()), warnings };
  }

  /** Every cached CR of this box. */
  customResources(): KubeObject[] {
    return this.#crs?.store.list() ?? [];
  }

  /** A CR with its live children and recent events, from the caches. */
  customResource(
    key: string,
  ): { object: KubeObject; children: KubeObject[]; events: RecentEvent[] } | undefined {
    const object = this.#cache?.customResource(key);
    if (object === undefined || this.#cache === undefined) return undefined;
    return { object, children: this.#cache.childrenOf(object), events: this.#events.of(key) };
  }

  /** Queue depth and busy workers, for the gauges. */
  load(): { depth: number; busy: number } {
    const snapshot = this.#controller?.snapshot();
    return { depth: snapshot?.queue.depth ?? 0, busy: snapshot?.inFlight ?? 0 };
  }

  #crScope(): { namespace?: string; labelSelector?: string } {
    const namespaces = this.plan.namespaces;
    const selector = this.plan.labelSelector;
    return {
      ...(namespaces?.length === 1 && namespaces[0] !== undefined ? { namespace: namespaces[0] } : {}),
      ...(selector
        ? {
            labelSelector: Object.entries(selector)
              .map(([k, v]) => `${k}=${v}`)
              .join(','),
          }
        : {}),
    };
  }

  async #acquireChildInformers(leases: InformerLease[], signal: AbortSignal): Promise<Map<string, Informer>> {
    const children = new Map<string, Informer>();
    for (const { apiVersion, kind } of childTypesOf(this.plan)) {
      const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
      const gvr = await this.#deps.mapper.resourceFor(
        { group: group ?? '', version: version ?? '', kind },
        signal,
      );
      const lease = this.#deps.informers.acquire(gvr, { labelSelector: MANAGED_SELECTOR });
      leases.push(lease);
      children.set(typeKey(apiVersion, kind), lease.informer);
      if (!gvr.namespaced) this.#clusterScoped.add(typeKey(apiVersion, kind));
    }
    return children;
  }

  #ownerKeys(child: KubeObject): string[] {
    const key = ownerKeyOf(child, this.plan.katalog, this.plan.key);
    return key === undefined ? [] : [key];
  }

  #createController(cache: InformerCache): Controller {
    const crd = this.plan.key;
    const { metrics } = this.#deps;
    metrics.workers.set({ crd }, this.plan.workers);
    return new Controller({
      name: this.name,
      reconcile: createReconciler(this.#reconcileDeps(cache)),
      workers: this.plan.workers,
      queue: {
        maxDepth: this.plan.queue.maxDepth > 0 ? this.plan.queue.maxDepth : Infinity,
        rateLimiter: createDefaultRateLimiter({
          baseDelayMs: this.plan.queue.retryBackoff.initialMs,
          maxDelayMs: this.plan.queue.retryBackoff.maxMs,
        }),
        stats: {
          latency: (ms) => {
            metrics.queueWait.observe({ crd }, ms / 1000);
          },
        },
      },
      onReconcile: (outcome) => {
        this.#onReconcile(outcome);
      },
    });
  }

  #reconcileDeps(cache: InformerCache): ReconcileDeps {
    const crd = this.plan.key;
    const count = (verb: string): void => {
      this.#deps.metrics.apiWrites.inc({ crd, verb });
    };
    const { client, mapper } = this.#deps;
    return reconcileDepsFor({
      plan: this.plan,
      cache,
      writer: new KubeWriter({ client, mapper, crGvr: this.resource, count }),
      events: this.#events,
      clusterScoped: this.#clusterScoped,
      reportWarnings: (key, warnings) => {
        if (warnings.length === 0) this.#warnings.delete(key);
        else this.#warnings.set(key, [...warnings]);
      },
    });
  }

  #onReconcile(outcome: ReconcileOutcome): void {
    const crd = this.plan.key;
    this.#health.record(outcome);
    this.#deps.metrics.reconcileTotal.inc({ crd, result: outcome.outcome });
    this.#deps.metrics.reconcileDuration.observe({ crd }, outcome.durationMs / 1000);
    if (outcome.outcome === 'error' || outcome.outcome === 'terminal') {
      const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      this.#deps.logger.warn('reconcile failed', { crd, key: outcome.key, error: message });
      const cr = this.#cache?.customResource(outcome.key);
      if (cr) this.#events.warning(cr, 'ReconcileFailed', message);
    }
  }

  /** Runs the controller; every `resyncMs` re-enqueues every cached CR (from the cache, no API call). */
  async #runWithResync(controller: Controller, signal: AbortSignal): Promise<void> {
    const resync = setInterval(() => {
      for (const cr of this.#crs?.store.list() ?? []) controller.queue.add(keyOf(cr));
    }, this.plan.resyncMs);
    resync.unref();
    try {
      await controller.start(signal);
    } finally {
      clearInterval(resync);
    }
  }
}

/** The child types a plan can create (templated custom kinds are not known before rendering). */
export function childTypesOf(plan: Plan): { apiVersion: string; kind: string }[] {
  const seen = new Map<string, { apiVersion: string; kind: string }>();
  const hooks = [
    plan.hooks.onCreate,
    plan.hooks.onReconcile,
    plan.hooks.onDelete,
    ...plan.hooks.onDelete.groups,
  ];
  for (const hook of hooks) {
    for (const r of hook.resources) {
      if (r.apiVersion.includes('{{') || r.kind.includes('{{')) continue;
      seen.set(typeKey(r.apiVersion, r.kind), { apiVersion: r.apiVersion, kind: r.kind });
    }
  }
  return [...seen.values()];
}
