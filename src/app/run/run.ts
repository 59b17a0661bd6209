/**
 * `ork run`: every enabled CRD of the Katalog as an operator box in this one process, sharing one
 * connection pool, one informer per child kind, one metrics registry and one HTTP API.
 */
import {
  createKubeClient,
  createListerWatcher,
  EventRecorder,
  loadClusterConfig,
  RestMapper,
  type KubeClient,
} from '../../kube/index.ts';
import { createLogger, RuntimeMetrics, type Logger, type LogLevel } from '../../observability/index.ts';
import {
  deepFreeze,
  HeapSettler,
  Manager,
  ORKESTRA_OWNER_INDEX,
  OperatorBox,
  ownerIndexOf,
  SharedInformerFactory,
  Stage,
} from '../../runtime/index.ts';
import { ApiServer } from '../../server/index.ts';
import { applyFiles, installCrds } from './dev-mode.ts';
import type { Plan } from '../../plan/index.ts';
import type { RunInput } from './run-input.ts';
import { runtimeView } from './runtime-view.ts';
import { effectiveSecurity, webhookRunnable, type WebhookSettings } from './run-webhooks.ts';

/** Settings of `ork run`, read once by the CLI. */
export interface RunSettings {
  kubeconfig?: string | undefined;
  context?: string | undefined;
  /** Namespace for crFiles objects that name none (--dev). @default 'default' */
  namespace?: string | undefined;
  /** HTTP API port; 0 picks a free one. @default 8080 */
  port: number;
  /** Apply crdFile before and crFiles after starting. */
  dev: boolean;
  /** --dev: apply a crdFile even when it breaks the objects stored under the live CRD. */
  force?: boolean | undefined;
  logLevel: LogLevel;
  env: Record<string, string | undefined>;
  version: string;
  /**
   * Deep-freeze cached objects, so that code writing to one throws (tests). Off by default: the
   * freeze walks every object of every watch event, and nothing in the runtime writes to them.
   */
  freezeCaches?: boolean | undefined;
  /** The webhook listener, when the Katalog's security turns one on. @default port 9443 */
  webhooks?: WebhookSettings | undefined;
  /**
   * A watch silent this long is cut and restarted, and its boxes are not ready meanwhile.
   * @default DEFAULT_WATCH_INACTIVITY_MS (70 s)
   */
  watchInactivityMs?: number | undefined;
}

/** A running process: its boxes, API port, and a promise that settles when it has stopped. */
export interface RunningOperators {
  boxes: readonly OperatorBox[];
  port: number | undefined;
  /** The webhook listener's port, once it listens (undefined when no webhook is on). */
  webhookPort: number | undefined;
  /** Resolves with the API's port once it listens. */
  listening: Promise<number>;
  stopped: Promise<void>;
}

/** Starts the operators of a run's input (see `loadRunInput`). Stops everything when `signal` aborts. */
export async function runKatalog(
  input: Omit<RunInput, 'ok' | 'report'>,
  options: { settings: RunSettings; signal: AbortSignal },
): Promise<RunningOperators> {
  const { settings, signal } = options;
  const logger = createLogger({ level: settings.logLevel });
  const metrics = new RuntimeMetrics().withProcessMetrics();
  const client = await connect(settings, metrics, input.kubeconfigs);
  const webhooks = await webhooksOf(input, { settings, client, logger, metrics });
  const mapper = new RestMapper(client);
  if (settings.dev) await installDevCrds(client, { files: input.crdFiles, force: settings.force }, logger);
  const informers = sharedInformers(client, settings, logger);
  const recorder = new EventRecorder(client);
  const boxes = operatorBoxes(input.plans, { client, mapper, informers, recorder, metrics, logger });
  const manager = new Manager();
  if (webhooks) manager.add(webhooks, Stage.webhooks);
  manager.add(informers, Stage.caches);
  for (const box of boxes) manager.add(box, Stage.controllers);
  const view = runtimeView({ name: input.katalogName, boxes, manager, metrics });
  const server = new ApiServer(view, { port: settings.port });
  manager.add(server, Stage.api);
  const settler = heapSettler(boxes, logger);
  if (settler) manager.add(settler, Stage.servers);
  const stopped = manager.start(signal).then(() => undefined);
  const namespace = settings.namespace ?? 'default';
  if (settings.dev) void applyDevCrs({ client, mapper, files: input.crFiles, logger, namespace });
  return {
    boxes,
    get port() {
      return server.port;
    },
    get webhookPort() {
      return webhooks?.port;
    },
    listening: server.listening,
    stopped,
  };
}

/** One box per enabled Plan, each able to find every other box and Plan (cross and dependsOn name them). */
function operatorBoxes(
  inputPlans: readonly Plan[],
  deps: Omit<ConstructorParameters<typeof OperatorBox>[1], 'peers'>,
): OperatorBox[] {
  const byKey = new Map<string, OperatorBox>();
  const plans = new Map(inputPlans.map((plan) => [plan.key, deepFreeze(plan)]));
  const peers = { plan: (key: string) => plans.get(key), box: (key: string) => byKey.get(key) };
  const boxes = [...plans.values()]
    .filter((plan) => plan.enabled)
    .map((plan) => new OperatorBox(plan, { ...deps, peers }));
  for (const box of boxes) byKey.set(box.plan.key, box);
  return boxes;
}

/** The run's webhook listener, or undefined when its Katalog turns none on. */
function webhooksOf(
  input: Omit<RunInput, 'ok' | 'report'>,
  context: { settings: RunSettings; client: KubeClient; logger: Logger; metrics: RuntimeMetrics },
): ReturnType<typeof webhookRunnable> {
  const { settings } = context;
  return webhookRunnable({
    katalogName: input.katalogName,
    plans: input.plans,
    security: effectiveSecurity(input.security, settings.env),
    settings: settings.webhooks ?? {},
    env: settings.env,
    client: context.client,
    logger: context.logger,
    metrics: context.metrics,
  });
}

/** V8's gc, when the process was started with --expose-gc (bin/ork.js is). */
type ExposedGc = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/** The settler that gives a burst's heap back once every box is idle; undefined without V8's gc. */
function heapSettler(boxes: readonly OperatorBox[], logger: Logger): HeapSettler | undefined {
  const gc = (globalThis as { gc?: ExposedGc }).gc;
  if (gc === undefined) return undefined;
  const heap = () => {
    const { heapTotal, heapUsed } = process.memoryUsage();
    return { total: heapTotal, used: heapUsed };
  };
  let sampled = performance.eventLoopUtilization();
  return new HeapSettler({
    heap,
    busyFraction: () => {
      const now = performance.eventLoopUtilization();
      const { utilization } = performance.eventLoopUtilization(now, sampled);
      sampled = now;
      return utilization;
    },
    quiet: () =>
      boxes.every((box) => {
        const { depth, busy } = box.load();
        return depth === 0 && busy === 0;
      }),
    collect: () => {
      const before = heap().total;
      gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
      logger.info('heap settled', {
        fromMb: Math.round(before / 2 ** 20),
        toMb: Math.round(heap().total / 2 ** 20),
      });
    },
  });
}

/**
 * One informer per resource, namespace and selector, each cache indexed by owner labels; every
 * failure of a watch and its recovery is logged once, at this edge.
 */
function sharedInformers(
  client: KubeClient,
  settings: Pick<RunSettings, 'freezeCaches' | 'watchInactivityMs'>,
  logger: Logger,
): SharedInformerFactory {
  const freeze = settings.freezeCaches === true;
  const inactivityMs = settings.watchInactivityMs;
  const lwOptions = inactivityMs === undefined ? {} : { inactivityMs };
  return new SharedInformerFactory({
    listerWatcherFor: (gvr) => createListerWatcher(client, gvr, lwOptions),
    informerOptions: { freeze, indexers: { [ORKESTRA_OWNER_INDEX]: ownerIndexOf } },
    onWatchFailure: (informer, failure) => {
      // a 410 is routine (the relist is the cure); anything else means the cache may be behind
      const level = failure.reason === 'gone' ? 'info' : 'warn';
      logger[level](failure.listing ? 'list failed' : 'watch restarted', {
        resource: informer.resource,
        informer: informer.name,
        reason: failure.reason,
        error: failure.error instanceof Error ? failure.error.message : String(failure.error),
        retryInMs: failure.retryInMs,
      });
    },
    onWatchRecovered: (informer, downMs) => {
      logger.info('watch resumed', { resource: informer.resource, informer: informer.name, downMs });
    },
  });
}

async function connect(
  settings: RunSettings,
  metrics: RuntimeMetrics,
  kubeconfigs: RunInput['kubeconfigs'],
): Promise<KubeClient> {
  const config = await loadClusterConfig({
    env: settings.env,
    ...(kubeconfigs === undefined ? {} : { sources: [...kubeconfigs] }),
    ...(settings.kubeconfig ? { kubeconfig: settings.kubeconfig } : {}),
    ...(settings.context ? { context: settings.context } : {}),
  });
  return createKubeClient(config, {
    version: settings.version,
    metrics: {
      onRequest: (r) => {
        metrics.apiRequests.inc({ verb: r.verb, code: String(r.code) });
      },
      onConnection: () => {
        metrics.apiConnections.inc();
      },
      onRetry: (verb) => {
        metrics.apiRetries.inc({ verb });
      },
    },
  });
}

async function installDevCrds(
  client: KubeClient,
  crds: { files: readonly string[]; force: boolean | undefined },
  logger: Logger,
): Promise<void> {
  const { names, forced } = await installCrds(client, crds.files, { force: crds.force });
  for (const report of forced) logger.warn('dev: breaking CRD change applied (--force)', { changes: report });
  if (names.length > 0) logger.info('dev: CRDs installed', { crds: names });
}

interface DevCrs {
  client: KubeClient;
  mapper: RestMapper;
  files: readonly string[];
  logger: Logger;
  namespace: string;
}

async function applyDevCrs(d: DevCrs): Promise<void> {
  try {
    const applied = await applyFiles(d.client, d.mapper, {
      files: d.files,
      defaultNamespace: d.namespace,
    });
    if (applied.length > 0) d.logger.info('dev: custom resources applied', { objects: applied });
  } catch (error) {
    d.logger.error('dev: could not apply crFiles', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
