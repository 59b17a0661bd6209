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
import { backoffMs, type BackoffPolicy } from '../../util/index.ts';
import { LoadMeter, type LoadReading } from '../autoscale/index.ts';
import { Controller, type ReconcileOutcome } from '../controller/index.ts';
import type { Informer, InformerHealth, InformerLease, SharedInformerFactory } from '../informer/index.ts';
import type { Leadership } from '../leader/index.ts';
import { keyOf } from '../informer/index.ts';
import { realClock, sleep, type Clock, type Timer } from '../clock.ts';
import type { Runnable } from '../manager.ts';
import { childTypesOf, createReconciler, randomKeys, type ReconcileDeps } from '../reconcile/index.ts';
import { boxHttp } from '../external/index.ts';
import { createDefaultRateLimiter } from '../workqueue/index.ts';
import { BoxActivity } from './box-activity.ts';
import { boxAutoscaler } from './box-autoscale.ts';
import { BoxHealth, type BoxHealthReport } from './box-health.ts';
import { acquireCaSecretInformers, crKeysForCaSecret, externalCallsOf } from './ca-secrets.ts';
import { ChildInformers } from './child-informers.ts';
import { crScopesOf } from './cr-scope.ts';
import { CrossObserver } from './cross-observer.ts';
import { InformerCache } from './informer-cache.ts';
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
  /** Times the start-up retries and the autoscaler. @default realClock */
  clock?: Clock;
  /**
   * The other boxes of the process and every loaded Plan, by CRD key: the CRDs a box observes
   * (`cross`), the boxes it waits for (`dependsOn`) and whose load its autoscale conditions read
   * (`cross.<crd>.metrics`). @default none: no cross, no waiting, no peer metrics
   */
  peers?: BoxPeers | undefined;
  /** Leader election: workers run only during this replica's terms. @default always run them */
  leadership?: Leadership | undefined;
  /**
   * The permissions the start-up check found missing that this box needs, one line each (a run
   * started with them missing on purpose): the box is degraded, with them as reasons. @default none
   */
  missingPermissions?: readonly string[] | undefined;
}

/** What a box's controller watches, acquired once and kept across terms. */
interface TermSources {
  crs: Informer[];
  children: ChildInformers;
  secrets: ReadonlyMap<string, Informer>;
  cross: CrossObserver | undefined;
}

/** What a box needs of the process's other boxes. */
export interface BoxPeers {
  /** The Plan of a CRD key (enabled or not). */
  plan(key: string): Plan | undefined;
  /** The box of a CRD key when it runs in this process. */
  box(key: string): Pick<OperatorBox, 'ready' | 'health' | 'loadReading'> | undefined;
}

/** How often a box waiting for its dependencies looks at them. */
const DEPENDENCY_POLL_MS = 100;

/** Start-up retries: 0.5 s doubling to 30 s, no jitter. */
const START_RETRY: BackoffPolicy = { initialMs: 500, maxMs: 30_000 };

/** The operator of one CRD, a runnable. */
export class OperatorBox implements Runnable {
  readonly name: string;
  readonly plan: Plan;
  readonly #deps: BoxDependencies;
  readonly #health: BoxHealth;
  readonly #events: RecentEvents;
  readonly #load = new LoadMeter();
  /** Each CR's last reconcile, the totals and the listeners of CR changes, for the HTTP API. */
  readonly activity = new BoxActivity();
  #cache: InformerCache | undefined;
  /** Every informer the box reads while it runs: its CRs', its children's, the Secrets it names. */
  #watched: () => Informer[] = () => [];
  #controller: Controller | undefined;
  /** While following (leader election): whether the box's caches have synced. */
  #following: (() => boolean) | undefined;
  #startError: string | undefined;
  /** The dependency the box waits for before it starts (dependsOn). */
  #waitingFor: string | undefined;
  readonly #warnings = new Map<string, string[]>();

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
    await this.#awaitDependencies(signal);
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
        const delay = backoffMs(attempt, START_RETRY);
        await sleep(this.#deps.clock ?? realClock, delay, signal).catch(() => undefined);
      }
    }
  }

  /** Waits until every box of `dependsOn` that runs in this process is ready (its caches synced). */
  async #awaitDependencies(signal: AbortSignal): Promise<void> {
    const clock = this.#deps.clock ?? realClock;
    for (const key of this.plan.dependsOn) {
      const box = this.#deps.peers?.box(key);
      if (box === undefined) continue;
      this.#waitingFor = key;
      while (!signal.aborted && !box.ready()) {
        await sleep(clock, DEPENDENCY_POLL_MS, signal).catch(() => undefined);
      }
    }
    this.#waitingFor = undefined;
  }

  async #run(signal: AbortSignal): Promise<void> {
    const { informers, mapper } = this.#deps;
    await prepareTemplateLibraries(this.plan);
    const leases: InformerLease[] = [];
    const children = new ChildInformers({ mapper, informers, signal });
    const cross = this.#crossObserver(signal);
    try {
      await cross?.acquire();
      for (const scope of crScopesOf(this.plan)) leases.push(informers.acquire(this.resource, scope));
      await children.acquireAll(childTypesOf(this.plan));
      const crs = leases.map((lease) => lease.informer);
      const secrets = acquireCaSecretInformers(informers, this.plan, leases);
      const owner = { katalog: this.plan.katalog, crd: this.plan.key, secrets };
      this.#cache = new InformerCache(crs, children, owner);
      this.activity.watch(crs);
      children.subscribe((informer) => {
        this.activity.watchChildren(informer, (child) => this.#ownerKeys(child));
      });
      this.#watched = () => [...crs, ...children.values(), ...secrets.values()];
      const sources = { crs, children, secrets, cross };
      const leadership = this.#deps.leadership;
      if (leadership === undefined) {
        await this.#runTerm(sources, signal);
        return;
      }
      await this.#follow(leadership, sources, signal);
    } finally {
      this.activity.watch([]);
      this.#watched = () => [];
      for (const lease of leases) lease.release();
      children.release();
      cross?.release();
    }
  }

  /**
   * Leader election: warm caches while following; a controller on them for each term this replica
   * leads, stopped (caches kept) when the term ends.
   */
  async #follow(leadership: Leadership, sources: TermSources, signal: AbortSignal): Promise<void> {
    const informers = [...sources.crs, ...sources.secrets.values()];
    while (!signal.aborted) {
      this.#following = () => informers.every((i) => i.hasSynced()) && sources.children.synced();
      const term = await leadership.term(signal);
      this.#following = undefined;
      if (term === undefined) return;
      await this.#runTerm(sources, AbortSignal.any([signal, term]));
    }
  }

  /** A controller on the box's informers, run until `signal` aborts; its handlers removed after. */
  async #runTerm(sources: TermSources, signal: AbortSignal): Promise<void> {
    const { crs, children, secrets, cross } = sources;
    const clusterScoped = children.clusterScoped;
    const controller = this.#createController(this.#cache as InformerCache, clusterScoped, { cross, signal });
    this.#controller = controller;
    const unwatch: (() => void)[] = [];
    for (const informer of crs) unwatch.push(controller.watch(informer));
    if (cross !== undefined) {
      // (its subscriptions outlive the term, feeding a queue that is shut down: cross is rare)
      cross.watchWith(controller);
      // a deleted observer observes nothing any more
      const forget = (cr: KubeObject): void => {
        cross.index.forget(keyOf(cr));
      };
      for (const informer of crs) unwatch.push(informer.addHandler({ onDelete: forget }));
    }
    // Also every child type a reconcile comes to render later (a templated custom kind).
    children.subscribe((informer) => {
      if (!signal.aborted) unwatch.push(controller.watch(informer, (child) => this.#ownerKeys(child)));
    });
    for (const informer of secrets.values()) {
      unwatch.push(controller.watch(informer, (secret) => crKeysForCaSecret(crs, this.plan, secret)));
    }
    try {
      await this.#runAutoscaled(controller, signal);
    } finally {
      for (const remove of unwatch) remove();
      this.#controller = undefined;
    }
  }

  /** The observer of the CRDs the Plan's `cross` names; undefined when it names none. */
  #crossObserver(signal: AbortSignal): CrossObserver | undefined {
    if (this.plan.cross.length === 0) return undefined;
    const { informers, mapper, peers } = this.#deps;
    return new CrossObserver({ plan: this.plan, plans: (k) => peers?.plan(k), informers, mapper, signal });
  }

  /**
   * Ready when the controller runs, its caches have synced and none of its watches is stale or
   * failing (a follower: when its caches have synced and its watches are healthy).
   */
  ready(): boolean {
    const synced = this.#following !== undefined ? this.#following() : this.#controller?.ready() === true;
    return synced && this.watchProblems().length === 0;
  }

  /** Why the box is not ready. */
  notReadyReasons(): string[] {
    if (this.#waitingFor !== undefined)
      return [`${this.plan.key}: waiting for ${this.#waitingFor} (dependsOn)`];
    const following = this.#following;
    if (this.#controller === undefined && following === undefined) {
      return [`${this.plan.key}: starting${this.#startError ? ` (${this.#startError})` : ''}`];
    }
    const problems = this.watchProblems();
    if (problems.length > 0) return problems;
    const synced = following !== undefined ? following() : this.#controller?.ready() === true;
    return synced ? [] : [`${this.plan.key}: caches not synced`];
  }

  /** Whether the box follows another replica's lead (caches warm, no workers). */
  following(): boolean {
    return this.#following !== undefined;
  }

  /**
   * One line per watch of the box that is stale, throttled or failing, e.g. `website: watch of
   * deployments.apps stale for 72 s` (each once, however many of its informers share the problem).
   */
  watchProblems(): string[] {
    const problems = new Set<string>();
    for (const informer of this.#watched()) {
      const problem = informer.watchProblem();
      if (problem !== undefined) problems.add(`${this.plan.key}: ${problem}`);
    }
    return [...problems];
  }

  /** The health of every watch the box reads (a shared informer is listed by each box that reads it). */
  watchHealth(): InformerHealth[] {
    return this.#watched().map((informer) => informer.health());
  }

  /** Health for the API: degraded after failureThreshold failures in a row, or while a watch is stale. */
  health(): BoxHealthReport {
    const warnings = [...this.#warnings].map(([key, messages]) => `${key}: ${messages.join('; ')}`);
    const report = this.#permissionsMissing(
      this.#standby(this.#health.report(this.ready(), this.notReadyReasons(), this.watchProblems())),
    );
    return { ...report, reasons: [...report.reasons, ...this.#degradedDependencies()], warnings };
  }

  /** A follower's synced box is on standby (ready, not reconciling), not healthy nor degraded. */
  #standby(report: ReturnType<BoxHealth['report']>): ReturnType<BoxHealth['report']> {
    if (this.#following === undefined || report.status !== 'healthy') return report;
    const holder = this.#deps.leadership?.status().holder;
    return { ...report, status: 'standby', reasons: [`following: ${holder ?? 'no replica'} leads`] };
  }

  /** A box started without permissions it needs stays degraded, naming each first; its readiness is unchanged. */
  #permissionsMissing(report: ReturnType<BoxHealth['report']>): ReturnType<BoxHealth['report']> {
    const missing = this.#deps.missingPermissions ?? [];
    if (missing.length === 0) return report;
    return { ...report, status: 'degraded', reasons: [...missing, ...report.reasons] };
  }

  /** A reason per box of dependsOn that is degraded (its own health says why). */
  #degradedDependencies(): string[] {
    return this.plan.dependsOn.flatMap((key) => {
      const health = this.#deps.peers?.box(key)?.health();
      if (health?.status !== 'degraded') return [];
      return [`dependency ${key} is degraded${health.reasons[0] ? ` (${health.reasons[0]})` : ''}`];
    });
  }

  /** Every cached CR of this box. */
  customResources(): KubeObject[] {
    return this.#cache?.customResources() ?? [];
  }

  /** A CR with its live children and recent events, from the caches. */
  customResource(
    key: string,
  ): { object: KubeObject; children: KubeObject[]; events: RecentEvent[] } | undefined {
    const object = this.#cache?.customResource(key);
    if (object === undefined || this.#cache === undefined) return undefined;
    return { object, children: this.#cache.childrenOf(object), events: this.#events.of(key) };
  }

  /** Queue depth, busy workers and workers, for the gauges. */
  load(): { depth: number; busy: number; workers: number } {
    const snapshot = this.#controller?.snapshot();
    return {
      depth: snapshot?.queue.depth ?? 0,
      busy: snapshot?.inFlight ?? 0,
      workers: snapshot?.workers ?? this.plan.workers,
    };
  }

  /** The box's load counters now: what autoscale conditions read as `metrics` (see autoscale/). */
  loadReading(): LoadReading {
    const snapshot = this.#controller?.snapshot();
    return {
      queueDepth: snapshot?.queue.depth ?? 0,
      workers: snapshot?.workers ?? this.plan.workers,
      busyMs: snapshot?.busyMs ?? 0,
      capacityMs: snapshot?.capacityMs ?? 0,
      ...this.#load.counters(),
    };
  }

  #ownerKeys(child: KubeObject): string[] {
    const key = ownerKeyOf(child, this.plan.katalog, this.plan.key);
    return key === undefined ? [] : [key];
  }

  #createController(
    cache: InformerCache,
    clusterScoped: ReadonlySet<string>,
    extras: { cross: CrossObserver | undefined; signal: AbortSignal },
  ): Controller {
    const crd = this.plan.key;
    const { metrics } = this.#deps;
    metrics.workers.set({ crd }, this.plan.workers);
    return new Controller({
      name: this.name,
      reconcile: createReconciler(this.#reconcileDeps(cache, clusterScoped, extras)),
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

  #reconcileDeps(
    cache: InformerCache,
    clusterScoped: ReadonlySet<string>,
    extras: { cross: CrossObserver | undefined; signal: AbortSignal },
  ): ReconcileDeps {
    const crd = this.plan.key;
    const count = (verb: string): void => {
      this.#deps.metrics.apiWrites.inc({ crd, verb });
    };
    const { client, mapper } = this.#deps;
    const { cross, signal } = extras;
    return reconcileDepsFor({
      plan: this.plan,
      cache,
      writer: new KubeWriter({ client, mapper, crGvr: this.resource, count }),
      events: this.#events,
      clusterScoped,
      keys: randomKeys,
      cross: cross && ((cr, data, render) => cross.resolve(cr, data, render)),
      // its calls are aborted when the box stops, and hold at most `workers` connections at a time
      external: hasExternalCalls(this.plan) ? boxHttp({ limit: this.plan.workers, signal }) : undefined,
      recordApplied: (key, live) => {
        this.activity.applied(key, live);
      },
      countRenderSkipped: () => {
        this.#deps.metrics.renderSkipped.inc({ crd });
      },
      reportWarnings: (key, warnings) => {
        if (warnings.length === 0) this.#warnings.delete(key);
        else this.#warnings.set(key, [...warnings]);
      },
    });
  }

  #onReconcile(outcome: ReconcileOutcome): void {
    const crd = this.plan.key;
    this.#health.record(outcome);
    this.activity.reconciled(outcome, this.#cache?.customResource(outcome.key));
    this.#load.record(outcome.durationMs, outcome.outcome === 'error' || outcome.outcome === 'terminal');
    this.#deps.metrics.reconcileTotal.inc({ crd, result: outcome.outcome });
    this.#deps.metrics.reconcileDuration.observe({ crd }, outcome.durationMs / 1000);
    if (outcome.outcome === 'error' || outcome.outcome === 'terminal') {
      const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      this.#deps.logger.warn('reconcile failed', { crd, key: outcome.key, error: message });
      const cr = this.#cache?.customResource(outcome.key);
      if (cr) this.#events.warning(cr, 'ReconcileFailed', message);
    }
  }

  /** Runs the controller with its autoscaler, when the Plan declares one, for as long as the controller runs. */
  async #runAutoscaled(controller: Controller, signal: AbortSignal): Promise<void> {
    const { plan } = this;
    if (plan.autoscale === undefined) {
      await this.#runWithResync(controller, signal);
      return;
    }
    const { client, recorder, metrics, logger } = this.#deps;
    const autoscaler = boxAutoscaler({
      plan: { ...plan, autoscale: plan.autoscale },
      controller,
      clock: this.#deps.clock ?? realClock,
      own: () => this.loadReading(),
      peer: (crd) => this.#deps.peers?.box(crd)?.loadReading(),
      client,
      recorder,
      metrics,
      logger,
    });
    const done = new AbortController();
    const scaling = autoscaler.start(AbortSignal.any([signal, done.signal]));
    try {
      await this.#runWithResync(controller, signal);
    } finally {
      done.abort();
      await scaling;
    }
  }

  /** Runs the controller; every `resyncMs` re-enqueues every cached CR (from the cache, no API call). */
  async #runWithResync(controller: Controller, signal: AbortSignal): Promise<void> {
    // On the clock, not setInterval: a period of 24.9 days or more (`resync: 30d`) must not become 1 ms.
    const clock = this.#deps.clock ?? realClock;
    let timer: Timer | undefined;
    const arm = (): void => {
      timer = clock.setTimer(() => {
        for (const cr of this.customResources()) controller.queue.add(keyOf(cr));
        arm();
      }, this.plan.resyncMs);
    };
    arm();
    try {
      await controller.start(signal);
    } finally {
      timer?.cancel();
    }
  }
}

/** Whether onCreate or onReconcile of the plan makes external calls. */
function hasExternalCalls(plan: Plan): boolean {
  return externalCallsOf(plan).length > 0;
}
